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
use sp_runtime::traits::{Saturating, Zero};

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

	/// Tops up the queued contracts, one per item of weight, oldest key first.
	pub(crate) fn auto_top_ups(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let item = per_item::<T>(T::WeightInfo::auto_top_ups);
		while meter.can_consume(item) {
			let Some((id, due)) = AutoTopUpsDue::<T>::iter().next() else {
				break;
			};
			meter.consume(item);
			AutoTopUpsDue::<T>::remove(id);
			Self::service_one(id, |id| Self::auto_top_up(id, due, now));
		}
	}

	/// One queued top-up: within the period's cap, from the owner's free balance.
	fn auto_top_up(
		id: ContractId,
		due: DueTopUp<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let (Some(mut record), Some(c)) = (AutoTopUps::<T>::get(id), Contracts::<T>::get(id))
		else {
			return Ok(());
		};
		if matches!(c.state, ContractState::Deleted { .. }) {
			return Ok(());
		}
		let period_ends = record.period_start.saturating_add(record.terms.period);
		if now >= period_ends {
			record.period_start = now;
			record.spent = Zero::zero();
		}
		let amount = record.terms.amount;
		let spent = record.spent.saturating_add(amount);
		let failure = if spent > record.terms.cap {
			Some(AutoTopUpFailure::CapReached)
		} else if T::Currency::reducible_balance(
			&c.owner,
			Preservation::Preserve,
			Fortitude::Polite,
		) < amount
		{
			Some(AutoTopUpFailure::FundsShort)
		} else if let Err(error) =
			with_storage_layer(|| Self::do_top_up(c.owner.clone(), id, amount))
		{
			Self::deposit_event(Event::ServiceFailed { contract: id, error });
			Some(AutoTopUpFailure::Refused)
		} else {
			None
		};
		let period_ends = record.period_start.saturating_add(record.terms.period);
		match failure {
			None => {
				record.spent = spent;
				Self::deposit_event(Event::AutoToppedUp {
					contract: id,
					amount,
					spent,
					period_ends,
				});
			},
			Some(reason) => {
				Self::deposit_event(Event::AutoTopUpFailed { contract: id, reason });
				if !due.warned {
					Self::deposit_event(Event::LowRunway {
						contract: id,
						billed_blocks_left: due.billed_blocks_left,
						paid_until: due.paid_until,
					});
				}
			},
		}
		AutoTopUps::<T>::insert(id, record);
		Ok(())
	}
}
