//! Automatic top-up: an owner's standing order to keep a contract funded from their free
//! balance, with no custodian.
//!
//! - The owner sets an amount, a cap and a period (`set_auto_top_up`), with a deposit for the
//!   record. Nobody else can set, raise or clear it.
//! - When the contract's runway gets low (the point where `LowRunway` would be sent), the
//!   contract is queued in [`AutoTopUpsDue`] instead, and no `LowRunway` is sent. The report
//!   that found it low does no more work than before.
//! - The next block's service tops it up from the owner's free balance (`AutoToppedUp`), if the
//!   period's cap allows and the balance has it. If not, `AutoTopUpFailed` and the `LowRunway`
//!   it stood for are sent, and grace follows when the funds run out, as without it.
//! - The amount buys at least the contract's low-runway window, so one top-up lifts the runway
//!   above the low mark: a contract is topped up at most once per low-runway window of healthy
//!   blocks, as often as it would be warned. The cap bounds what a period can move.
//! - If the funds run out before the top-up ran (a report can reveal the low mark and the end
//!   of the funds at once), the `LowRunway` is sent before `GracePeriodStarted`, as always, and
//!   the top-up that follows reactivates the contract as a manual one would.

use crate::{service::per_item, timeline::to_u64, *};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
	},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::ContractId;
use sp_runtime::traits::{Bounded, Saturating, Zero};

type TermsOf<T> = AutoTopUpTerms<BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_auto_top_up(
		who: T::AccountId,
		id: ContractId,
		terms: Option<TermsOf<T>>,
	) -> DispatchResult {
		let c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		ensure!(c.owner == who, Error::<T>::NotOwner);
		ensure!(!matches!(c.state, ContractState::Deleted { .. }), Error::<T>::ContractEnded);
		let Some(terms) = terms else {
			Self::drop_auto_top_up(id, &who)?;
			Self::deposit_event(Event::AutoTopUpSet { contract: id, terms: None });
			return Ok(());
		};
		let low_blocks = to_u64::<T>(c.terms.low_runway_blocks);
		ensure!(low_blocks > 0, Error::<T>::NoLowRunwayMark);
		let least = Self::cost(c.rate, low_blocks).ok_or(Error::<T>::Overflow)?;
		ensure!(!terms.amount.is_zero() && terms.amount >= least, Error::<T>::AutoTopUpTooSmall);
		ensure!(
			terms.cap >= terms.amount
				&& !terms.period.is_zero()
				&& terms.period <= T::MaxPolicyBlocks::get(),
			Error::<T>::AutoTopUpOutOfBounds
		);
		let now = frame_system::Pallet::<T>::block_number();
		let record = match AutoTopUps::<T>::get(id) {
			Some(old) => AutoTopUp { terms, ..old },
			None => {
				let deposit = T::AutoTopUpDeposit::get();
				if !deposit.is_zero() {
					T::Currency::hold(&HoldReason::AutoTopUpStorage.into(), &who, deposit)?;
				}
				AutoTopUp { terms, period_start: now, spent: Zero::zero(), deposit }
			},
		};
		AutoTopUps::<T>::insert(id, record);
		// Low already (its warning sent) or in grace: top it up at the next block.
		let low_now = match c.state {
			ContractState::GracePeriod { .. } => true,
			ContractState::Deployed => c.runway.is_some_and(|marks| marks.low.is_none()),
			_ => false,
		};
		if low_now && !AutoTopUpsDue::<T>::contains_key(id) {
			let due = DueTopUp { billed_blocks_left: 0, paid_until: now, warned: true };
			AutoTopUpsDue::<T>::insert(id, due);
		}
		Self::deposit_event(Event::AutoTopUpSet { contract: id, terms: Some(terms) });
		Ok(())
	}

	/// The contract's runway got low: queues its automatic top-up if it has one, and says
	/// whether it did (if not, the caller sends `LowRunway`).
	pub(crate) fn queue_auto_top_up(
		id: ContractId,
		billed_blocks_left: u64,
		paid_until: BlockNumberFor<T>,
	) -> bool {
		if !AutoTopUps::<T>::contains_key(id) {
			return false;
		}
		let due = DueTopUp { billed_blocks_left, paid_until, warned: false };
		AutoTopUpsDue::<T>::insert(id, due);
		true
	}

	/// The contract's funds ran out: the `LowRunway` its queued top-up stood for goes out now,
	/// before grace starts. The top-up stays queued and may reactivate the contract.
	pub(crate) fn warn_before_grace(id: ContractId) {
		AutoTopUpsDue::<T>::mutate(id, |due| {
			if let Some(due) = due.as_mut().filter(|due| !due.warned) {
				due.warned = true;
				Self::deposit_event(Event::LowRunway {
					contract: id,
					billed_blocks_left: due.billed_blocks_left,
					paid_until: due.paid_until,
				});
			}
		});
	}

	/// Removes a contract's automatic top-up and returns its deposit to `owner`.
	pub(crate) fn drop_auto_top_up(id: ContractId, owner: &T::AccountId) -> DispatchResult {
		AutoTopUpsDue::<T>::remove(id);
		if let Some(record) = AutoTopUps::<T>::take(id) {
			if !record.deposit.is_zero() {
				T::Currency::release(
					&HoldReason::AutoTopUpStorage.into(),
					owner,
					record.deposit,
					Precision::Exact,
				)
				.map_err(|_| Error::<T>::EscrowMismatch)?;
			}
		}
		Ok(())
	}

	/// Tops up the queued contracts, oldest key first: each one item of weight, or two when a
	/// contract in grace needs a second top-up to be active again.
	pub(crate) fn auto_top_ups(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let item = per_item::<T>(T::WeightInfo::auto_top_ups);
		while meter.can_consume(item.saturating_mul(2)) {
			let Some((id, due)) = AutoTopUpsDue::<T>::iter().next() else {
				break;
			};
			meter.consume(item);
			AutoTopUpsDue::<T>::remove(id);
			let mut top_ups = 0;
			Self::service_one(id, |id| Self::auto_top_up(id, due, now, &mut top_ups));
			if top_ups > 1 {
				meter.consume(item);
			}
		}
	}

	/// Moves `amount` from the owner to contract `id` within `record`'s cap and the owner's
	/// free balance, or says why it cannot.
	fn try_top_up(
		id: ContractId,
		owner: &T::AccountId,
		record: &mut AutoTopUp<BalanceOf<T>, BlockNumberFor<T>>,
		amount: BalanceOf<T>,
	) -> Result<(), AutoTopUpFailure> {
		let spent = record.spent.saturating_add(amount);
		if spent > record.terms.cap {
			return Err(AutoTopUpFailure::CapReached);
		}
		let free = T::Currency::reducible_balance(owner, Preservation::Preserve, Fortitude::Polite);
		if free < amount {
			return Err(AutoTopUpFailure::FundsShort);
		}
		if let Err(error) = with_storage_layer(|| Self::do_top_up(owner.clone(), id, amount)) {
			Self::deposit_event(Event::ServiceFailed { contract: id, error });
			return Err(AutoTopUpFailure::Refused);
		}
		record.spent = spent;
		Ok(())
	}

	/// What a contract in grace still needs, once settled, to be active again and clear of its
	/// low mark: its debt, its grace reserve whole, and its low-runway window and a block
	/// beside it. Zero for a contract not in grace.
	fn reactivation_shortfall(id: ContractId) -> BalanceOf<T> {
		match Contracts::<T>::get(id) {
			Some(c) if matches!(c.state, ContractState::GracePeriod { .. }) => {
				let window = to_u64::<T>(c.terms.low_runway_blocks).saturating_add(1);
				let runway = Self::cost(c.rate, window).unwrap_or_else(BalanceOf::<T>::max_value);
				c.owed
					.saturating_add(Self::grace_reserve(&c))
					.saturating_add(runway)
					.saturating_sub(c.held)
			},
			_ => Zero::zero(),
		}
	}

	/// One queued top-up: within the period's cap, from the owner's free balance. A contract in
	/// grace that one top-up leaves in grace (its debt and reserve ask for more than the amount)
	/// gets a second of what it lacks, within the same cap: a top-up never leaves a contract to
	/// be deleted while the owner's setting and funds could keep it. `top_ups` counts the
	/// top-ups made, for the weight.
	fn auto_top_up(
		id: ContractId,
		due: DueTopUp<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
		top_ups: &mut u32,
	) -> DispatchResult {
		let (Some(mut record), Some(c)) = (AutoTopUps::<T>::get(id), Contracts::<T>::get(id))
		else {
			return Ok(());
		};
		if matches!(c.state, ContractState::Deleted { .. }) {
			return Ok(());
		}
		if now >= record.period_start.saturating_add(record.terms.period) {
			record.period_start = now;
			record.spent = Zero::zero();
		}
		let before = record.spent;
		let amount = record.terms.amount;
		let mut outcome = Self::try_top_up(id, &c.owner, &mut record, amount);
		*top_ups = u32::from(outcome.is_ok());
		if outcome.is_ok() {
			let shortfall = Self::reactivation_shortfall(id);
			if !shortfall.is_zero() {
				*top_ups = 2;
				outcome = Self::try_top_up(id, &c.owner, &mut record, shortfall);
			}
		}
		let moved = record.spent.saturating_sub(before);
		let period_ends = record.period_start.saturating_add(record.terms.period);
		if !moved.is_zero() {
			Self::deposit_event(Event::AutoToppedUp {
				contract: id,
				amount: moved,
				spent: record.spent,
				period_ends,
			});
		}
		if let Err(reason) = outcome {
			Self::deposit_event(Event::AutoTopUpFailed { contract: id, reason });
			if !due.warned {
				Self::deposit_event(Event::LowRunway {
					contract: id,
					billed_blocks_left: due.billed_blocks_left,
					paid_until: due.paid_until,
				});
			}
		}
		AutoTopUps::<T>::insert(id, record);
		Ok(())
	}
}
