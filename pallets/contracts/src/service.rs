//! The per-block service, under a weight meter: grace expiry, node drains, automatic top-ups
//! (`auto_top_up.rs`), and the payout sweep of `payouts.rs`.
//!
//! Nothing here iterates over all contracts in one block. Each task keeps its place in storage
//! (a block cursor, a drain queue, a sweep cursor) and stops when the block's service weight is
//! spent; the next block goes on from there.

use crate::*;
use frame_support::{pallet_prelude::*, storage::with_storage_layer, weights::WeightMeter};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::ContractId;
use sp_runtime::traits::{One, Saturating, Zero};

/// What one more item of a per-block task costs: the slope of its benchmark, whose fixed part
/// `service_base` covers. Never less than one read and one write, which every item does, so
/// that a noisy slope cannot let a block take unbounded items.
pub(crate) fn per_item<T: Config>(task: impl Fn(u32) -> Weight) -> Weight {
	task(1).saturating_sub(task(0)).max(T::DbWeight::get().reads_writes(1, 1))
}

impl<T: Config> Pallet<T> {
	pub(crate) fn service(now: BlockNumberFor<T>) -> Weight {
		let mut meter = WeightMeter::with_limit(T::ServiceWeight::get());
		meter.consume(T::WeightInfo::service_base());
		Self::expire_graces(now, &mut meter);
		Self::drain_nodes(&mut meter);
		Self::auto_top_ups(now, &mut meter);
		Self::sweep_payouts(now, &mut meter);
		meter.consumed()
	}

	/// Whether grace expiry or node drains are behind: what the oracle's decommission
	/// transactions are for.
	pub(crate) fn service_behind(now: BlockNumberFor<T>) -> bool {
		// The service of a block leaves the cursor one past that block when it reached the end
		// of its work. In the pool, `now` is the next block, whose service has not run: a
		// cursor at `now` is not behind there, and in a block it is behind by that block's
		// own work only, which the service does next block. Behind is before `now`.
		GraceCursor::<T>::get() < now || Drains::<T>::iter_keys().next().is_some()
	}

	/// Grace expiry and node drains with at most `budget` of weight, outside the per-block
	/// service: the oracle's decommission transactions call this when the service is behind.
	pub(crate) fn catch_up(now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(budget);
		Self::expire_graces(now, &mut meter);
		Self::drain_nodes(&mut meter);
		meter.consumed()
	}

	/// Decommissions the contracts whose grace ended, block by block up to `now`.
	pub(crate) fn expire_graces(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let expiry = per_item::<T>(T::WeightInfo::expire_graces);
		let step = per_item::<T>(T::WeightInfo::service_steps);
		let mut cursor = GraceCursor::<T>::get();
		while cursor <= now {
			if !meter.can_consume(expiry) {
				break;
			}
			match GraceEnds::<T>::iter_key_prefix(cursor).next() {
				Some(id) => {
					meter.consume(expiry);
					GraceEnds::<T>::remove(cursor, id);
					Self::service_one(id, |id| {
						let c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
						match c.state {
							ContractState::GracePeriod { .. } => {
								Self::end(id, c, now, DeleteReason::OutOfFunds)
							},
							// Reactivated or ended since: nothing to do.
							_ => Ok(()),
						}
					});
				},
				None => {
					meter.consume(step);
					cursor = cursor.saturating_add(One::one());
				},
			}
		}
		GraceCursor::<T>::put(cursor);
	}

	/// Decommissions the contracts of removed nodes and of nodes down too long.
	pub(crate) fn drain_nodes(meter: &mut WeightMeter) {
		let drain = per_item::<T>(T::WeightInfo::drain_contracts);
		// Room for two: a contract whose end fails is closed another way, a second item's work.
		while meter.can_consume(drain.saturating_mul(2)) {
			let Some((node, reason)) = Drains::<T>::iter().next() else {
				break;
			};
			meter.consume(drain);
			match NodeContracts::<T>::iter_key_prefix(node).next() {
				Some(id) => {
					if let Err(error) = with_storage_layer(|| Self::end_now(node, id, reason)) {
						Self::deposit_event(Event::ServiceFailed { contract: id, error });
						meter.consume(drain);
						// Never loop on one contract: it leaves the node's list, and is closed
						// without charging more (what it holds goes back to its owner). Should
						// that fail too, its owner's `cancel` closes it the same way.
						Self::remove_from_node(node, id);
						Self::service_one(id, |id| Self::close_stranded(id, reason.into()));
					}
				},
				None => {
					Drains::<T>::remove(node);
					if let Some(mut tl) = Timelines::<T>::get(node) {
						tl.draining = match reason {
							DrainReason::NodeRemoved => Some(reason),
							DrainReason::NodeDown => None,
						};
						Self::collect_node(node, &mut tl);
						// A removed node's timeline goes, unless a contract a drain could not
						// end still streams on it: its owner's `cancel` settles it from there.
						let gone = reason == DrainReason::NodeRemoved
							&& tl.rate_sum.is_zero()
							&& tl.earned.is_zero()
							&& tl.fees.is_zero();
						if gone {
							Timelines::<T>::remove(node);
						} else {
							Timelines::<T>::insert(node, tl);
						}
					}
					Self::deposit_event(Event::NodeDrainFinished { node });
				},
			}
		}
	}

	/// Runs per-block work on one contract in its own storage layer: a failure leaves the
	/// contract's record as it was and becomes an event.
	pub(crate) fn service_one(id: ContractId, work: impl FnOnce(ContractId) -> DispatchResult) {
		if let Err(error) = with_storage_layer(|| work(id)) {
			Self::deposit_event(Event::ServiceFailed { contract: id, error });
		}
	}
}
