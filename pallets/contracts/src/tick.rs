//! The per-block work, under a weight meter: grace expiry, node drains and the payout sweep.
//!
//! Nothing here iterates over all contracts in one block. Each task keeps its place in storage
//! (a block cursor, a drain queue, a sweep cursor) and stops when the block's service weight is
//! spent; the next block goes on from there.

#[cfg(any(test, feature = "try-runtime"))]
use crate::billing::to_u64;
use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{fungible::Mutate, tokens::Preservation},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, GridRegistry};
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
		Self::sweep_payouts(now, &mut meter);
		meter.consumed()
	}

	/// Whether grace expiry or node drains are behind: what the oracle's decommission
	/// transactions are for.
	pub(crate) fn service_behind(now: BlockNumberFor<T>) -> bool {
		// The service leaves the cursor past `now` when it reached the end of its work.
		GraceCursor::<T>::get() <= now || Drains::<T>::iter_keys().next().is_some()
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
		while meter.can_consume(drain) {
			let Some((node, reason)) = Drains::<T>::iter().next() else {
				break;
			};
			meter.consume(drain);
			match NodeContracts::<T>::iter_key_prefix(node).next() {
				Some(id) => Self::service_one(id, |id| {
					let outcome = Self::end_now(node, id, reason);
					if outcome.is_err() {
						// Never loop on one contract: it leaves the node's list, its funds stay
						// on hold under its record, and the event says why.
						NodeContracts::<T>::remove(node, id);
					}
					outcome
				}),
				None => {
					Drains::<T>::remove(node);
					match reason {
						DrainReason::NodeRemoved => Timelines::<T>::remove(node),
						DrainReason::NodeDown => Timelines::<T>::mutate(node, |tl| {
							if let Some(tl) = tl {
								tl.draining = None;
							}
						}),
					}
					Self::deposit_event(Event::NodeDrainFinished { node });
				},
			}
		}
	}

	/// Every payout period: settle every contract, then pay every farm and the treasury.
	pub(crate) fn sweep_payouts(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let settlement = per_item::<T>(T::WeightInfo::settle_contracts);
		let payment = per_item::<T>(T::WeightInfo::pay_farms);
		loop {
			match PayoutSweep::<T>::get() {
				PayoutPhase::Idle => {
					let Some(policy) = Policy::<T>::get() else {
						return;
					};
					if now < NextPayoutAt::<T>::get() {
						return;
					}
					NextPayoutAt::<T>::put(now.saturating_add(policy.payout_period_blocks));
					PayoutSweep::<T>::put(PayoutPhase::Settling { after: None });
					Self::deposit_event(Event::PayoutRoundStarted { at: now });
				},
				PayoutPhase::Settling { after } => {
					if !meter.can_consume(settlement) {
						return;
					}
					meter.consume(settlement);
					// Only deployed contracts have anything to settle.
					let next = match after {
						None => BilledContracts::<T>::iter_keys().next(),
						Some(a) => BilledContracts::<T>::iter_keys_from(
							BilledContracts::<T>::hashed_key_for(a),
						)
						.next(),
					};
					match next {
						Some(id) => {
							Self::service_one(id, Self::settle_confirmed);
							PayoutSweep::<T>::put(PayoutPhase::Settling { after: Some(id) });
						},
						None => PayoutSweep::<T>::put(PayoutPhase::Paying { after: None }),
					}
				},
				PayoutPhase::Paying { after } => {
					if !meter.can_consume(payment) {
						return;
					}
					meter.consume(payment);
					let next = match after {
						None => FarmPayouts::<T>::iter_keys().next(),
						Some(a) => {
							FarmPayouts::<T>::iter_keys_from(FarmPayouts::<T>::hashed_key_for(a))
								.next()
						},
					};
					match next {
						Some(farm) => {
							Self::pay_farm(farm);
							PayoutSweep::<T>::put(PayoutPhase::Paying { after: Some(farm) });
						},
						None => {
							Self::pay_treasury();
							PayoutSweep::<T>::put(PayoutPhase::Idle);
							Self::deposit_event(Event::PayoutRoundFinished { at: now });
							return;
						},
					}
				},
			}
		}
	}

	/// Runs per-block work on one contract in its own storage layer: a failure leaves the
	/// contract as it was and becomes an event.
	fn service_one(id: ContractId, work: impl FnOnce(ContractId) -> DispatchResult) {
		if let Err(error) = with_storage_layer(|| work(id)) {
			Self::deposit_event(Event::ServiceFailed { contract: id, error });
		}
	}

	/// Charges a contract for everything its node has confirmed.
	pub(crate) fn settle_confirmed(id: ContractId) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		let Some(tl) = Timelines::<T>::get(c.node) else {
			return Ok(());
		};
		Self::settle(id, &mut c, tl.healthy_blocks, tl.last_report)?;
		Contracts::<T>::insert(id, c);
		Ok(())
	}

	fn pay_farm(farm: FarmId) {
		let ledger = FarmPayouts::<T>::get(farm);
		if ledger.pending.is_zero() {
			return;
		}
		let amount = ledger.pending;
		let paid = T::Registry::farm_payout_account(farm)
			.ok_or(DispatchError::Other("farm has no payout account"))
			.and_then(|to| Self::pay_out(ledger, &to).map(|ledger| (to, ledger)));
		match paid {
			Ok((to, ledger)) => {
				FarmPayouts::<T>::insert(farm, ledger);
				Self::deposit_event(Event::FarmPaid { farm, to, amount });
			},
			Err(error) => {
				Self::deposit_event(Event::PayoutFailed { farm: Some(farm), amount, error })
			},
		}
	}

	fn pay_treasury() {
		let ledger = TreasuryPayouts::<T>::get();
		if ledger.pending.is_zero() {
			return;
		}
		let (to, amount) = (T::TreasuryAccount::get(), ledger.pending);
		match Self::pay_out(ledger, &to) {
			Ok(ledger) => {
				TreasuryPayouts::<T>::put(ledger);
				Self::deposit_event(Event::TreasuryPaid { to, amount });
			},
			Err(error) => Self::deposit_event(Event::PayoutFailed { farm: None, amount, error }),
		}
	}

	/// Transfers what a ledger has pending from the pot to `to`, keeping the pot alive; returns
	/// the ledger as it is after the payment.
	fn pay_out(
		ledger: FarmLedger<BalanceOf<T>>,
		to: &T::AccountId,
	) -> Result<FarmLedger<BalanceOf<T>>, DispatchError> {
		T::Currency::transfer(&Self::pot(), to, ledger.pending, Preservation::Preserve)?;
		Ok(FarmLedger { pending: Zero::zero(), paid: ledger.paid.saturating_add(ledger.pending) })
	}

	/// Checks the pallet's invariants (try-runtime, and every step of the property tests).
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::{Inspect, InspectHold};
		let mut held_by_user = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, c) in Contracts::<T>::iter() {
			let sum = held_by_user.entry(c.owner.clone()).or_default();
			*sum = sum.saturating_add(c.held);
			ensure!(
				UserContracts::<T>::contains_key(&c.owner, id),
				"contract missing from its user's list"
			);
			ensure!(
				NodeContracts::<T>::contains_key(c.node, id),
				"contract missing from its node's list"
			);
			if let Some(settled) = c.settled_at {
				let tl =
					Timelines::<T>::get(c.node).ok_or("contract on a node without timeline")?;
				ensure!(settled <= tl.healthy_blocks, "contract settled beyond its node's count");
			}
		}
		for id in BilledContracts::<T>::iter_keys() {
			let c = Contracts::<T>::get(id).ok_or("a billed contract without its record")?;
			ensure!(c.deployed_at.is_some(), "a billed contract that was never deployed");
		}
		for (id, c) in Contracts::<T>::iter() {
			ensure!(
				c.deployed_at.is_none() || BilledContracts::<T>::contains_key(id),
				"a deployed contract missing from the billed ones"
			);
		}
		let mut storage_by_user = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for c in Contracts::<T>::iter_values() {
			let sum = storage_by_user.entry(c.owner.clone()).or_default();
			*sum = sum.saturating_add(c.storage_deposit);
		}
		for (user, deposits) in storage_by_user {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ContractStorage.into(), &user);
			ensure!(on_hold == deposits, "storage deposits differ from the contracts' records");
		}
		let mut per_farm = alloc::collections::BTreeMap::<sc4it_primitives::FarmId, u32>::new();
		for c in Contracts::<T>::iter_values() {
			*per_farm.entry(c.farm).or_default() += 1;
		}
		let counted: alloc::collections::BTreeMap<_, _> = FarmContractCount::<T>::iter().collect();
		ensure!(per_farm == counted, "per-farm contract counts differ from the records");
		for (user, held) in held_by_user {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ContractFunds.into(), &user);
			ensure!(on_hold == held, "funds on hold differ from the contracts' records");
		}
		let pending = FarmPayouts::<T>::iter_values()
			.fold(TreasuryPayouts::<T>::get().pending, |acc, l| acc.saturating_add(l.pending));
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot == pending.saturating_add(T::Currency::minimum_balance()),
			"the pot differs from the pending payouts"
		);
		ensure!(
			to_u64::<T>(GraceCursor::<T>::get())
				<= to_u64::<T>(frame_system::Pallet::<T>::block_number()).saturating_add(1),
			"grace cursor ahead of the chain"
		);
		Ok(())
	}
}
