//! A contract's end that lands after blocks past it were settled: a failure its agent reported,
//! landing after another report's health let a settlement run (the funds running out, a top-up,
//! the payout sweep). The user pays for no block after the end: the charge for those blocks is
//! taken back, from what is owed first, then from the earnings of its farm and of the treasury
//! that are not paid out yet, and returned to the owner.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sc4it_primitives::ContractId;
use sp_runtime::traits::{Bounded, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Undoes the settlement of `c` beyond `upto` healthy blocks.
	pub(crate) fn reverse_settlement(
		id: ContractId,
		c: &mut Contract<T>,
		upto: HealthyBlocks,
	) -> DispatchResult {
		let Some(settled) = c.settled_count else {
			return Ok(());
		};
		if upto >= settled {
			return Ok(());
		}
		let blocks = settled.saturating_sub(upto);
		let charge = Self::cost(c.rate, blocks).unwrap_or_else(BalanceOf::<T>::max_value);
		// What was owed for those blocks is not owed; the rest of their charge was paid.
		let debt_cancelled = charge.min(c.owed);
		c.owed = c.owed.saturating_sub(debt_cancelled);
		let paid = charge.saturating_sub(debt_cancelled).min(c.charged);
		let fee = c.fee.mul_floor(paid);
		let mut farm = FarmPayouts::<T>::get(c.farm);
		let mut treasury = TreasuryPayouts::<T>::get();
		let from_farm = paid.saturating_sub(fee).min(farm.pending);
		let from_treasury = fee.min(treasury.pending);
		let returned = from_farm.saturating_add(from_treasury);
		if !returned.is_zero() {
			T::Currency::transfer(&Self::pot(), &c.owner, returned, Preservation::Preserve)?;
			farm.pending = farm.pending.saturating_sub(from_farm);
			treasury.pending = treasury.pending.saturating_sub(from_treasury);
			if farm.pending.is_zero() {
				PendingFarms::<T>::remove(c.farm);
			}
			FarmPayouts::<T>::insert(c.farm, farm);
			TreasuryPayouts::<T>::put(treasury);
		}
		c.charged = c.charged.saturating_sub(returned);
		c.settled_count = Some(upto);
		Self::deposit_event(Event::ChargeReversed {
			contract: id,
			billed_blocks: blocks,
			returned,
			debt_cancelled,
			unrecovered: paid.saturating_sub(returned),
		});
		Ok(())
	}
}
