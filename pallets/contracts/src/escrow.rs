//! The escrow: contracts' funds in the pallet's pot, and how they become earnings.
//!
//! A contract's funds move once, when deposited or topped up, from the payer into the pot;
//! what is left goes back to the owner when it ends. In between no money moves per contract.
//! A deployed contract whose funds last is *streaming*: its rate is in its node's summed rate,
//! and each healthy block the oracle confirms adds that sum to the node's earnings, one
//! multiplication per report whatever the number of contracts. The contract's own figures
//! (`held`, `charged`) are settled only at its own events: its funds running out, a top-up,
//! its end. The payout round then moves each node's earnings to its farm's ledger and pays the
//! farms (`payouts.rs`).
//!
//! The invariant, checked by `try_state`: the pot holds its existential deposit, plus every
//! contract's balance (its `held`, less what its node accrued for it since it was settled),
//! plus every node's earnings and fees, plus every farm's and the treasury's pending payouts.

use crate::{runway::*, timeline::*, *};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, ReportId};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, Saturating, Zero},
	PerThing, Perbill, Rounding, SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// What `blocks` billed blocks cost at `rate`, or `None` if it does not fit a balance.
	pub(crate) fn cost(rate: BalanceOf<T>, blocks: u64) -> Option<BalanceOf<T>> {
		BalanceOf::<T>::try_from(blocks).ok().and_then(|n| rate.checked_mul(&n))
	}

	/// What a contract adds to its node's summed rate: its rate, and its rate weighted by its
	/// fee in parts per billion (`fee_sum`'s unit).
	pub(crate) fn stream_parts(c: &Contract<T>) -> (BalanceOf<T>, BalanceOf<T>) {
		let parts: BalanceOf<T> = c.fee.deconstruct().into();
		(c.rate, c.rate.saturating_mul(parts))
	}

	/// The protocol fee of `blocks` blocks of a stream whose fee-weighted rate is `weighted`,
	/// rounded down once.
	fn fee_of(weighted: BalanceOf<T>, blocks: u64) -> BalanceOf<T> {
		let billion = u128::from(Perbill::ACCURACY);
		multiply_by_rational_with_rounding(
			weighted.saturated_into(),
			u128::from(blocks),
			billion,
			Rounding::Down,
		)
		.unwrap_or(u128::MAX)
		.saturated_into()
	}

	/// Adds `blocks` blocks of a stream of `rate` (fee-weighted `weighted`) to the node's
	/// earnings and fees.
	///
	/// Saturating cannot lose money here: a contract leaves the stream at the count its funds
	/// run out, so what is accrued for it never exceeds its funds, and all of them together
	/// never exceed the issuance.
	fn accrue_stream(
		tl: &mut TimelineOf<T>,
		rate: BalanceOf<T>,
		weighted: BalanceOf<T>,
		blocks: u64,
	) {
		let total = rate.saturating_mul(blocks.saturated_into());
		let fee = Self::fee_of(weighted, blocks).min(total);
		tl.earned = tl.earned.saturating_add(total.saturating_sub(fee));
		tl.fees = tl.fees.saturating_add(fee);
	}

	/// Moves `amount` from `from` into the escrow. The payer keeps its existential deposit.
	pub(crate) fn escrow_in(from: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer(from, &Self::pot(), amount, Preservation::Preserve).map(|_| ())
	}

	/// Pays `amount` out of the escrow to `to`; the pot keeps its existential deposit.
	pub(crate) fn escrow_out(to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve)
			.map(|_| ())
			.map_err(|_| Error::<T>::EscrowMismatch.into())
	}

	/// Adds `blocks` healthy blocks of the node's streaming contracts to its earnings: one
	/// multiplication, whatever their number.
	pub(crate) fn accrue(tl: &mut TimelineOf<T>, blocks: u64) {
		let (rate, weighted) = (tl.rate_sum, tl.fee_sum);
		Self::accrue_stream(tl, rate, weighted, blocks);
	}

	/// Puts a deployed contract, settled up to some count, into its node's stream. The blocks
	/// between that count and the node's count now are accrued at once: from then on every
	/// report adds its rate with the others'.
	pub(crate) fn start_stream(c: &mut Contract<T>, tl: &mut TimelineOf<T>) -> DispatchResult {
		let Some(settled) = c.settled_count else {
			return Err(Error::<T>::EscrowMismatch.into());
		};
		if c.streaming {
			return Ok(());
		}
		let (rate, weighted) = Self::stream_parts(c);
		tl.rate_sum = tl.rate_sum.checked_add(&rate).ok_or(Error::<T>::Overflow)?;
		tl.fee_sum = tl.fee_sum.checked_add(&weighted).ok_or(Error::<T>::Overflow)?;
		// Blocks it owes from before it joined: billing started at a block already confirmed.
		let behind = tl.healthy_blocks.saturating_sub(settled);
		Self::cost(rate, behind).ok_or(Error::<T>::Overflow)?;
		Self::accrue_stream(tl, rate, weighted, behind);
		c.streaming = true;
		Ok(())
	}

	/// Settles a contract up to count `x` and takes it out of its node's stream there, if it
	/// was in it: a contract out of the stream is just settled. For a streaming one (`x` at most
	/// the node's count), what the node accrued for it past `x` comes back to its balance, from
	/// the node's earnings, or from its farm's and the treasury's pending payouts if a payout
	/// round collected them. What was paid out already cannot come back: it stays charged
	/// (`ChargeReversed` says how much).
	pub(crate) fn stop_stream(
		id: ContractId,
		c: &mut Contract<T>,
		tl: &mut TimelineOf<T>,
		x: HealthyBlocks,
		report: Option<ReportId>,
	) -> DispatchResult {
		if !c.streaming {
			return Self::settle(id, c, tl, x, report);
		}
		let settled = c.settled_count.ok_or(Error::<T>::EscrowMismatch)?;
		let x = x.min(tl.healthy_blocks);
		let (rate, weighted) = Self::stream_parts(c);
		tl.rate_sum = tl.rate_sum.saturating_sub(rate);
		tl.fee_sum = tl.fee_sum.saturating_sub(weighted);
		// The contract's own figures, up to `x`: charged while still streaming, since its node's
		// earnings already hold the charge.
		let uncharged = if x >= settled {
			Self::settle(id, c, tl, x, report)?;
			Zero::zero()
		} else {
			let back = Self::cost(c.rate, settled - x).ok_or(Error::<T>::Overflow)?.min(c.charged);
			c.charged = c.charged.saturating_sub(back);
			c.held = c.held.checked_add(&back).ok_or(Error::<T>::Overflow)?;
			c.settled_count = Some(x);
			back
		};
		c.streaming = false;
		// What the node accrued for it past `x`: its blocks since it was last settled, and the
		// charge just taken back; never blocks before its billing started.
		let unsettled = tl.healthy_blocks.saturating_sub(settled.max(x));
		let total = Self::cost(rate, unsettled)
			.and_then(|t| t.checked_add(&uncharged))
			.ok_or(Error::<T>::Overflow)?;
		let fee =
			Self::fee_of(weighted, unsettled).saturating_add(c.fee.mul_floor(uncharged)).min(total);
		let slack = BalanceOf::<T>::saturated_from(
			settled.max(x).saturating_sub(x).saturating_add(unsettled),
		);
		let got = Self::take_back(Some(tl), c.farm, (total.saturating_sub(fee), fee), slack);
		let unrecovered = total.saturating_sub(got);
		if !unrecovered.is_zero() {
			c.held = c.held.checked_sub(&unrecovered).ok_or(Error::<T>::EscrowMismatch)?;
			c.charged = c.charged.checked_add(&unrecovered).ok_or(Error::<T>::Overflow)?;
		}
		if !uncharged.is_zero() || !unrecovered.is_zero() {
			Self::deposit_event(Event::ChargeReversed {
				contract: id,
				billed_blocks: settled.saturating_sub(x),
				returned: uncharged.saturating_sub(unrecovered),
				debt_cancelled: Zero::zero(),
				unrecovered,
			});
		}
		Ok(())
	}

	/// Takes a streaming contract whose own settlement failed (a broken invariant, which the
	/// caller says with an event) out of its node's stream, with what its node accrued for it
	/// charged: its node earns nothing more for it, and the escrow stays whole. Cannot fail.
	pub(crate) fn abandon_stream(c: &mut Contract<T>, tl: &mut TimelineOf<T>) {
		if !c.streaming {
			return;
		}
		let (rate, weighted) = Self::stream_parts(c);
		tl.rate_sum = tl.rate_sum.saturating_sub(rate);
		tl.fee_sum = tl.fee_sum.saturating_sub(weighted);
		let settled = c.settled_count.unwrap_or(tl.healthy_blocks);
		let blocks = tl.healthy_blocks.saturating_sub(settled);
		let accrued =
			Self::cost(rate, blocks).unwrap_or_else(BalanceOf::<T>::max_value).min(c.held);
		c.held = c.held.saturating_sub(accrued);
		c.charged = c.charged.saturating_add(accrued);
		c.settled_count = Some(settled.max(tl.healthy_blocks));
		c.streaming = false;
	}

	/// Takes back up to `(farm part, fee)` of earnings not paid out yet: from the node's
	/// accrued earnings and fees first, if given, then from its farm's and the treasury's
	/// pending payouts. The node's fees are rounded once per report, not per contract: up to
	/// `slack` (a planck per block) that one side lacks by that rounding is taken from the other,
	/// and no more, so that neither pays back what the other was paid. Returns how much came
	/// back; it stays in the pot.
	pub(crate) fn take_back(
		tl: Option<&mut TimelineOf<T>>,
		farm: FarmId,
		(farm_part, fee): (BalanceOf<T>, BalanceOf<T>),
		slack: BalanceOf<T>,
	) -> BalanceOf<T> {
		let mut left = Parts { farm: farm_part, fee, slack };
		if let Some(tl) = tl {
			left.take(&mut tl.earned, &mut tl.fees);
		}
		if !left.farm.is_zero() || !left.fee.is_zero() {
			let mut ledger = FarmPayouts::<T>::get(farm);
			let mut treasury = TreasuryPayouts::<T>::get();
			left.take(&mut ledger.pending, &mut treasury.pending);
			if ledger.pending.is_zero() {
				PendingFarms::<T>::remove(farm);
			}
			FarmPayouts::<T>::insert(farm, ledger);
			TreasuryPayouts::<T>::put(treasury);
		}
		let (farm_left, fee_left) = (left.farm, left.fee);
		farm_part.saturating_add(fee).saturating_sub(farm_left.saturating_add(fee_left))
	}

	/// Charges `c` for the healthy blocks from its settled count up to `upto`: what its funds
	/// cover is charged, the rest becomes debt. A streaming contract's charge is already in
	/// its node's earnings; any other's is added to them here (`tl`, its node's timeline, which
	/// the caller stores anyway: no ledger is written per contract). Nothing is ever silently
	/// dropped: a charge too large to compute is capped at the maximum balance, which takes
	/// everything held.
	pub(crate) fn settle(
		id: ContractId,
		c: &mut Contract<T>,
		tl: &mut TimelineOf<T>,
		upto: HealthyBlocks,
		report: Option<ReportId>,
	) -> DispatchResult {
		let Some(settled) = c.settled_count else {
			return Ok(());
		};
		if upto <= settled {
			return Ok(());
		}
		let billed_blocks = upto - settled;
		let accrued = Self::cost(c.rate, billed_blocks).unwrap_or_else(|| {
			Self::deposit_event(Event::ChargeOverflow { contract: id });
			BalanceOf::<T>::max_value()
		});
		let paid = accrued.min(c.held);
		if c.streaming {
			// Its funds last past the node's count while it streams: a shortfall would mean the
			// node earned what no funds back.
			ensure!(paid == accrued, Error::<T>::EscrowMismatch);
		} else {
			Self::credit(tl, c.fee, paid);
		}
		c.held = c.held.saturating_sub(paid);
		c.charged = c.charged.checked_add(&paid).ok_or(Error::<T>::Overflow)?;
		let debt = accrued.saturating_sub(paid);
		c.settled_count = Some(upto);
		if !paid.is_zero() {
			Self::deposit_event(Event::Charged {
				contract: id,
				amount: paid,
				billed_blocks,
				report,
			});
		}
		if !debt.is_zero() {
			c.owed = c.owed.checked_add(&debt).ok_or(Error::<T>::Overflow)?;
			Self::deposit_event(Event::DebtAccrued { contract: id, amount: debt });
		}
		Ok(())
	}

	/// Adds a charge of `amount` paid from the escrow to the node's earnings and fees, split by
	/// `fee`: the payout round moves them on with the rest of the node's. Saturating cannot
	/// lose money: the amount was in the pot, and all of it never exceeds the issuance.
	pub(crate) fn credit(tl: &mut TimelineOf<T>, fee: Perbill, amount: BalanceOf<T>) {
		let fee = fee.mul_floor(amount);
		tl.earned = tl.earned.saturating_add(amount.saturating_sub(fee));
		tl.fees = tl.fees.saturating_add(fee);
	}

	/// Credits `earned` to `farm`'s pending payout and `fees` to the treasury's.
	pub(crate) fn credit_parts(
		farm: FarmId,
		earned: BalanceOf<T>,
		fees: BalanceOf<T>,
	) -> DispatchResult {
		if !earned.is_zero() {
			FarmPayouts::<T>::try_mutate(farm, |l| {
				l.pending = l.pending.checked_add(&earned).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?;
			PendingFarms::<T>::insert(farm, ());
		}
		if !fees.is_zero() {
			TreasuryPayouts::<T>::try_mutate(|l| {
				l.pending = l.pending.checked_add(&fees).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?;
		}
		Ok(())
	}

	/// Moves a node's accrued earnings and fees to its farm's and the treasury's pending
	/// payouts. Returns what moved, `(earned, fees)`.
	pub(crate) fn move_earnings(
		tl: &mut TimelineOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let (earned, fees) = (tl.earned, tl.fees);
		Self::credit_parts(tl.farm, earned, fees)?;
		tl.earned = Zero::zero();
		tl.fees = Zero::zero();
		Ok((earned, fees))
	}

	/// Pays `amount` of the contract's balance back to its owner.
	pub(crate) fn refund(
		id: ContractId,
		c: &mut Contract<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		ensure!(amount <= c.held, Error::<T>::EscrowMismatch);
		Self::escrow_out(&c.owner, amount)?;
		c.held = c.held.saturating_sub(amount);
		Self::deposit_event(Event::Refunded { contract: id, to: c.owner.clone(), amount });
		Ok(())
	}

	/// The contract is fully settled: refund what it still holds, record its debt, and remove
	/// its record.
	pub(crate) fn close(id: ContractId, mut c: Contract<T>) -> DispatchResult {
		// Out of its node's stream first (every path that ends a contract stops it).
		ensure!(!c.streaming, Error::<T>::EscrowMismatch);
		let rest = c.held;
		Self::refund(id, &mut c, rest)?;
		if !c.owed.is_zero() {
			Debts::<T>::try_mutate(&c.owner, c.farm, |d| {
				*d = d.checked_add(&c.owed).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::DebtRecorded {
				contract: id,
				user: c.owner.clone(),
				farm: c.farm,
				amount: c.owed,
			});
		}
		if !c.storage_deposit.is_zero() {
			T::Currency::release(
				&HoldReason::ContractStorage.into(),
				&c.owner,
				c.storage_deposit,
				Precision::Exact,
			)
			.map_err(|_| Error::<T>::EscrowMismatch)?;
		}
		Contracts::<T>::remove(id);
		FarmContractCount::<T>::mutate_exists(c.farm, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		UserContracts::<T>::remove(&c.owner, id);
		Self::remove_from_node(c.node, id);
		Self::deposit_event(Event::ContractClosed {
			contract: id,
			charged: c.charged,
			owed: c.owed,
		});
		Ok(())
	}

	/// Arranges the last charge of a contract that ended at block `at` (its state already says
	/// so): at once if the node's health is known up to `at`, otherwise when it is. Funds beyond
	/// what the unconfirmed blocks could cost are refunded now. The caller stores `tl`.
	pub(crate) fn schedule_final(
		id: ContractId,
		mut c: Contract<T>,
		at: BlockNumberFor<T>,
		tl: &mut TimelineOf<T>,
	) -> DispatchResult {
		let Some(deployed_at) = c.deployed_at else {
			return Self::close(id, c);
		};
		match c.settled_count {
			None if at <= deployed_at => {
				// Ended before the block billing would have started.
				Checkpoints::<T>::remove(
					c.node,
					key_of(to_u64::<T>(deployed_at), id, Checkpoint::Start),
				);
				c.deployed_at = None;
				return Self::close(id, c);
			},
			Some(settled) if at <= tl.confirmed_until => {
				let h = tl.count_where_billing_ends(at);
				if !c.streaming && h < settled {
					// Blocks past the end were settled already (`late_end.rs`).
					Self::reverse_settlement(id, &mut c, h, tl)?;
				} else {
					Self::stop_stream(id, &mut c, tl, h, tl.last_report)?;
				}
				return Self::close(id, c);
			},
			Some(_) => Self::stop_stream(id, &mut c, tl, tl.healthy_blocks, tl.last_report)?,
			None => {},
		}
		Self::add_checkpoint(c.node, tl, to_u64::<T>(at), id, Checkpoint::Final);
		let unconfirmed = Self::cost(c.rate, blocks_between::<T>(tl.confirmed_until, at))
			.unwrap_or_else(BalanceOf::<T>::max_value);
		let surplus = c.held.saturating_sub(unconfirmed);
		Self::refund(id, &mut c, surplus)?;
		Contracts::<T>::insert(id, c);
		Ok(())
	}
}

/// What is still to be taken back: the farm's part, the fee, and how much of one may still be
/// taken from the other's pool for rounding.
struct Parts<B> {
	farm: B,
	fee: B,
	slack: B,
}

impl<B: Saturating + Ord + Copy> Parts<B> {
	/// Takes the farm's part from `earned` and the fee from `fees`, then what one lacks, up to
	/// the slack, from the other.
	fn take(&mut self, earned: &mut B, fees: &mut B) {
		take_from(earned, &mut self.farm, None);
		take_from(fees, &mut self.fee, None);
		take_from(fees, &mut self.farm, Some(&mut self.slack));
		take_from(earned, &mut self.fee, Some(&mut self.slack));
	}
}

/// Takes up to `left` (and up to `cap`, if given) out of `from`; what is taken is off `left`
/// and `cap`.
fn take_from<B: Saturating + Ord + Copy>(from: &mut B, left: &mut B, cap: Option<&mut B>) {
	let most = match &cap {
		Some(cap) => (*left).min(**cap),
		None => *left,
	};
	let taken = most.min(*from);
	*from = from.saturating_sub(taken);
	*left = left.saturating_sub(taken);
	if let Some(cap) = cap {
		*cap = cap.saturating_sub(taken);
	}
}
