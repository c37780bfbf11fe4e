//! Payouts: every payout period, the sweep settles every billed contract (what its node
//! confirmed is charged), then pays each farm with something pending (`PendingFarms`) what its
//! contracts paid, less the protocol fee, and the treasury the fees. Money moves here and nowhere else out of the pot. The farmer signs
//! nothing; a payment that fails stays owed, with an event, and is tried again next round.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::IterableStorageMap,
	traits::{fungible::Mutate, tokens::Preservation},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, GridRegistry};
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
	/// Every payout period: settle every contract, then pay every farm and the treasury.
	pub(crate) fn sweep_payouts(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let settlement = service::per_item::<T>(T::WeightInfo::settle_contracts);
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
					PayoutSweep::<T>::put(PayoutPhase::Settling { after: None });
					Self::deposit_event(Event::PayoutRoundStarted { at: now });
				},
				PayoutPhase::Settling { after } => {
					if !meter.can_consume(settlement) {
						return;
					}
					meter.consume(settlement);
					// Only deployed contracts have anything to settle.
					let next = key_after::<BilledContracts<T>, _, _>(after);
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
