//! Health that the contracts pallet could not record at once. Its per-call work bound
//! (`MaxWorkPerReport` due points: billing starts, runway marks, last charges) may stop a report's
//! health short of the report's block. What the report decided is not dropped: it waits in
//! `PendingStretches`, and the node's next report or verdict records it first, then its own.
//! Without this, the next report would speak for its own span only, and the blocks the first one
//! decided, beyond that span, would be of unknown health: nothing charged, the farm unpaid (a
//! user who aligned many contract ends on one block could do that to a node for several periods).

use crate::*;
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{HealthRecorded, NodeHealth, NodeId, UsageOracle};

impl<T: Config> Pallet<T> {
	/// Records the node's waiting stretches, then `stretch`, in order, with at most
	/// [`HEALTH_CALLS_PER_OBSERVATION`] calls to the contracts pallet sharing one work bound (one
	/// report's worth of due points, so an observation's weight is that of one report's work and
	/// not of two); what is left waits for the node's next report or verdict.
	///
	/// A stretch that ends no later than the last one waiting adds nothing (those blocks were
	/// decided first by the earlier one) and is not kept: an old report cannot take a newer one's
	/// place. When more stretches wait than [`MAX_PENDING_STRETCHES`], the newest is kept and the
	/// one before it gives way (its blocks become unknown, unless a later span covers them).
	///
	/// Returns what the contracts pallet recorded, and the weight of it all beyond the oracle's
	/// benchmarks: the contracts pallet's beyond their empty calls, and the node's queue (the
	/// benchmarks have no node waiting): read when any node waits, written when it changed, and
	/// the count of waiting nodes written when that changed.
	pub(crate) fn record_in_order(
		node: NodeId,
		stretch: Stretch<BlockNumberFor<T>>,
	) -> Result<(HealthRecorded<BlockNumberFor<T>>, Weight), DispatchError> {
		// Most reports find no node waiting: then the queue is not read at all (the count is
		// one item for the whole block).
		let nodes_waiting = NodesWithPendingStretches::<T>::get();
		let mut queue: Vec<_> = if nodes_waiting > 0 {
			PendingStretches::<T>::get(node).into_inner()
		} else {
			Vec::new()
		};
		let was_waiting = !queue.is_empty();
		let mut queue_weight =
			if nodes_waiting > 0 { T::DbWeight::get().reads(1) } else { Weight::zero() };
		if queue.last().is_none_or(|last| stretch.until > last.until) {
			queue.push(stretch);
		}
		let mut until = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		let mut weight = Weight::zero();
		let mut done = 0;
		let mut calls = HEALTH_CALLS_PER_OBSERVATION;
		let mut work_left = T::Contracts::max_work_per_report();
		while calls > 0 {
			let Some(next) = queue.get(done) else { break };
			if next.until <= until {
				done += 1;
				continue;
			}
			// The blocks before what it decided are unknown; then what it decided.
			let start = next.start.max(until);
			let (to, health) = if start > until {
				(start, NodeHealth::Unknown)
			} else {
				(next.until, next.health)
			};
			calls -= 1;
			// A call that stops where it began still did its share of the work (due points of
			// one block beyond the bound): the next call goes on with the rest.
			let recorded =
				T::Contracts::record_health(node, until, to, health, next.evidence, work_left)?;
			work_left = work_left.saturating_sub(recorded.work);
			weight = weight.saturating_add(recorded.weight);
			until = until.max(recorded.until);
		}
		let mut waiting: Vec<_> =
			queue.into_iter().skip(done).filter(|s| s.until > until).collect();
		while waiting.len() > MAX_PENDING_STRETCHES as usize {
			waiting.remove(waiting.len() - 2);
		}
		let waits = !waiting.is_empty();
		if waits || was_waiting {
			queue_weight = queue_weight.saturating_add(T::DbWeight::get().writes(1));
		}
		if waits {
			PendingStretches::<T>::insert(node, BoundedVec::truncate_from(waiting));
		} else if was_waiting {
			PendingStretches::<T>::remove(node);
		}
		if waits != was_waiting {
			let count = if waits {
				nodes_waiting.saturating_add(1)
			} else {
				nodes_waiting.saturating_sub(1)
			};
			NodesWithPendingStretches::<T>::put(count);
			queue_weight = queue_weight.saturating_add(T::DbWeight::get().writes(1));
		}
		let work = T::Contracts::max_work_per_report().saturating_sub(work_left);
		let beyond_benchmark =
			Self::health_weight_beyond_benchmark(weight).saturating_add(queue_weight);
		Ok((HealthRecorded { until, work, weight }, beyond_benchmark))
	}

	/// The most [`Self::record_in_order`] adds beyond the oracle's benchmarks: the node's queue
	/// read and written, and the count of waiting nodes written.
	pub(crate) fn most_queue_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 2)
	}

	/// Forgets what waits for `node` (removed from the registry).
	pub(crate) fn forget_pending(node: NodeId) {
		if PendingStretches::<T>::contains_key(node) {
			PendingStretches::<T>::remove(node);
			NodesWithPendingStretches::<T>::mutate(|count| *count = count.saturating_sub(1));
		}
	}
}
