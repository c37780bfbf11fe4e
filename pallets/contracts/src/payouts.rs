//! Payouts: every payout period, the sweep collects every node's earnings into its farm's
//! ledger and the fees into the treasury's, then pays each farm with something pending
//! (`PendingFarms`) and the treasury. Its length follows nodes and farms, never contracts: a
//! contract's charges reach its node's earnings at each report (`escrow.rs`). Earnings leave
//! the pot here and nowhere else. The farmer signs nothing; a payment that fails stays owed,
//! with an event, and is tried again next round.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::IterableStorageMap,
	traits::{fungible::Mutate, tokens::Preservation},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{FarmId, GridRegistry, NodeId};
use sp_runtime::traits::{Saturating, Zero};

/// The key of `Map` that follows `after` in the map's order (its first key for `None`): the
/// sweep's cursor, which survives keys being added or removed between blocks.
fn key_after<Map, K, V>(after: Option<K>) -> Option<K>
where
	Map: IterableStorageMap<K, V>,
	K: codec::FullCodec,
	V: codec::FullCodec,
{
	match after {
		None => Map::iter_keys().next(),
		Some(key) => Map::iter_keys_from(Map::hashed_key_for(key)).next(),
	}
}

impl<T: Config> Pallet<T> {
	/// Every payout period: collect every node's earnings, then pay every farm and the
	/// treasury.
	pub(crate) fn sweep_payouts(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let collection = service::per_item::<T>(T::WeightInfo::collect_earnings);
		let payment = service::per_item::<T>(T::WeightInfo::pay_farms);
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
					PayoutSweep::<T>::put(PayoutPhase::Collecting { after: None });
					Self::deposit_event(Event::PayoutRoundStarted { at: now });
				},
				PayoutPhase::Collecting { after } => {
					if !meter.can_consume(collection) {
						return;
					}
					meter.consume(collection);
					Self::collect_next(after);
				},
				PayoutPhase::Paying { after } => {
					if !meter.can_consume(payment) {
						return;
					}
					meter.consume(payment);
					let next = key_after::<PendingFarms<T>, _, _>(after);
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

	/// The round's step per node: collects the earnings of the node after `after` in the walk,
	/// or, past the last one, turns to paying the farms. (`collect_earnings` measures it alone.)
	pub(crate) fn collect_next(after: Option<NodeId>) {
		match key_after::<Timelines<T>, _, _>(after) {
			Some(node) => {
				if let Some(mut tl) = Timelines::<T>::get(node) {
					if Self::collect_node(node, &mut tl) {
						Timelines::<T>::insert(node, tl);
					}
				}
				PayoutSweep::<T>::put(PayoutPhase::Collecting { after: Some(node) });
			},
			None => PayoutSweep::<T>::put(PayoutPhase::Paying { after: None }),
		}
	}

	/// Moves a node's earnings to its farm's and the treasury's pending payouts, with an
	/// event either way. Returns whether the timeline changed (the caller stores it).
	pub(crate) fn collect_node(node: NodeId, tl: &mut TimelineOf<T>) -> bool {
		if tl.earned.is_zero() && tl.fees.is_zero() {
			return false;
		}
		let farm = tl.farm;
		match Self::move_earnings(tl) {
			Ok((earned, fees)) => {
				Self::deposit_event(Event::EarningsCollected { node, farm, earned, fees });
				true
			},
			Err(error) => {
				let amount = tl.earned.saturating_add(tl.fees);
				Self::deposit_event(Event::PayoutFailed { farm: Some(farm), amount, error });
				false
			},
		}
	}

	fn pay_farm(farm: FarmId) {
		let ledger = FarmPayouts::<T>::get(farm);
		if ledger.pending.is_zero() {
			PendingFarms::<T>::remove(farm);
			return;
		}
		let amount = ledger.pending;
		let paid = T::Registry::farm_payout_account(farm)
			.ok_or(DispatchError::Other("farm has no payout account"))
			.and_then(|to| Self::pay_out(ledger, &to).map(|ledger| (to, ledger)));
		match paid {
			Ok((to, ledger)) => {
				FarmPayouts::<T>::insert(farm, ledger);
				PendingFarms::<T>::remove(farm);
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
}
