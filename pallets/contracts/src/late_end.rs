//! A contract's end that lands after blocks past it were settled: a failure its agent reported,
//! landing after another report's health let a settlement run (the funds running out, a top-up,
//! the payout sweep). The user pays for no block after the end: the charge for those blocks is
//! taken back, from what is owed first, then from the earnings of its farm and of the treasury
//! that are not paid out yet, back into the contract's funds (refunded when it closes).
//!
//! This is for a contract out of its node's stream (in grace); a streaming one is taken out of
//! the stream at its end, which takes back the same way (`escrow.rs`, `stop_stream`).

use crate::*;
use frame_support::pallet_prelude::*;
use sc4it_primitives::ContractId;
use sp_runtime::{
	traits::{Bounded, Saturating},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Undoes the settlement of `c` beyond `upto` healthy blocks, taking the charge back from
	/// its node's earnings (`tl`) first: while it streamed, that is where its charges went.
	pub(crate) fn reverse_settlement(
		id: ContractId,
		c: &mut Contract<T>,
		upto: HealthyBlocks,
		tl: &mut TimelineOf<T>,
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
		let slack = BalanceOf::<T>::saturated_from(blocks);
		let returned = Self::take_back(Some(tl), c.farm, (paid.saturating_sub(fee), fee), slack);
		c.held = c.held.checked_add(&returned).ok_or(Error::<T>::Overflow)?;
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
