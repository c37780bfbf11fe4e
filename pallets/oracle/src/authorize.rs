//! What makes an oracle transaction valid. The pool runs this before a transaction may enter
//! (so a non-authority's transaction costs the chain nothing), and `AuthorizeCall` runs it again
//! when the transaction is applied in a block.

use crate::*;
use alloc::collections::BTreeSet;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractPhase, NodeId, UsageOracle};
use sc4it_report::{ContractReport, ReportError, VolumeState};
use sp_runtime::{
	traits::{Saturating, Zero},
	RuntimeAppPublic, SaturatedConversion,
};

/// The block a report entry's event happened at (0 for a deployment at genesis).
pub(crate) fn entry_block(entry: &ContractReport) -> u32 {
	match entry.state {
		VolumeState::Deployed { since } => since,
		VolumeState::Failed { at, .. } | VolumeState::Removed { at } => at,
	}
}

/// The most blocks an oracle transaction stays valid: an authority has at most this many
/// batches in the pool at once, and a block builder passes over at most as many of them.
pub const MAX_LONGEVITY: u64 = 16;

/// How an observation that checks applies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Checked<BlockNumber> {
	/// A report later than the node's confirmed block: its health and entries.
	Fresh,
	/// A report whose health is already applied: its entries alone.
	EntriesOnly,
	/// A down vote against the node's health confirmed up to `confirmed`.
	Vote { confirmed: BlockNumber },
}

/// `InvalidTransaction::Custom` codes of oracle transactions.
pub mod invalid {
	/// The observed node is unknown.
	pub const UNKNOWN_NODE: u8 = 1;
	/// The same node twice in a batch, or contract entries out of order.
	pub const DUPLICATE: u8 = 2;
	/// A contract entry is not covered by the report's signature.
	pub const BAD_ENTRY: u8 = 3;
	/// Nothing to do: no decommission is overdue, or the batch is empty.
	pub const NOTHING_TO_DO: u8 = 4;
	/// A node's report was made for another chain.
	pub const WRONG_CHAIN: u8 = 5;
	/// A down vote for a node that is not due.
	pub const NOT_DUE: u8 = 6;
	/// The authority already voted that the node is down.
	pub const ALREADY_VOTED: u8 = 7;
	/// A report of a node that is not due, with no entry that changes something.
	pub const REPORT_NOT_DUE: u8 = 8;
	/// A contract entry that changes nothing on chain.
	pub const ENTRY_CHANGES_NOTHING: u8 = 9;
}

impl<T: Config> Pallet<T> {
	/// A batch is valid when its authority signed it for block `at` (recent, later than its
	/// last batch that landed) and at least one of its observations still counts. When a block
	/// is built (`InBlock`), also at most one batch per authority lands in a block, and the
	/// oracle's transactions together stay within `OracleBlockShare` of it: a batch that would
	/// go over waits for a later block (`ExhaustsResources` leaves it in the pool).
	pub(crate) fn authorize_submit(
		source: TransactionSource,
		batch: &Batch<T>,
		at: &BlockNumberFor<T>,
		authority: &AuthorityId,
		signature: &AuthoritySignature,
	) -> TransactionValidityWithRefund {
		Self::check_authority(authority, signature, &submit_payload::<T>(batch, at))?;
		if batch.is_empty() {
			return Err(InvalidTransaction::Custom(invalid::NOTHING_TO_DO).into());
		}
		let now = frame_system::Pallet::<T>::block_number();
		Self::check_batch_block(*at, authority, now)?;
		if source == TransactionSource::InBlock {
			Self::check_block_bounds(authority, now, Self::declared_weight(batch))?;
		}
		// In the pool, every entry of a fresh report must change something: a report padded
		// with entries that do not is no reason to take block space for free.
		let strict = source != TransactionSource::InBlock;
		let mut nodes = BTreeSet::new();
		let mut useful = 0u32;
		let mut first_stale = None;
		// One slot per authority and observed block: an authority has at most a longevity's
		// worth of batches in the pool, whatever it sends.
		let mut validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.and_provides((b"batch", authority, *at))
			.longevity(Self::longevity())
			.propagate(true);
		for observation in batch {
			let node = observation.node();
			if !nodes.insert(node) {
				return Err(InvalidTransaction::Custom(invalid::DUPLICATE).into());
			}
			if observation.until() > *at {
				return Err(InvalidTransaction::Future.into());
			}
			let checked = match Self::check_observation(observation, authority, now, strict) {
				Ok(checked) => checked,
				// Overtaken by another transaction (a report landed, the node was removed, the
				// vote is in, an entry was applied): this observation is skipped, the rest of
				// the batch still counts, so that no one can void an honest batch by landing
				// one of its nodes first.
				Err(
					e @ (Error::<T>::Stale
					| Error::<T>::NotDue
					| Error::<T>::ReportNotDue
					| Error::<T>::EntryChangesNothing
					| Error::<T>::AlreadyVoted
					| Error::<T>::UnknownNode),
				) => {
					first_stale.get_or_insert(e);
					continue;
				},
				// What no honest authority signs (a forged report or entry, another chain's
				// report, a report from the future) voids the whole batch.
				Err(e) => return Err(Self::invalid(e)),
			};
			useful = useful.saturating_add(1);
			// Each authority's vote is its own. A report has no slot of its own: two batches
			// sharing one would leave one of them, and every other report in it, out of the pool
			// (schedule.rs: committees take turns, so the same report rarely travels twice, and
			// a second copy is skipped on dispatch).
			if let (Observation::Down { .. }, Checked::Vote { confirmed }) = (observation, checked)
			{
				validity = validity.and_provides((b"down", node, confirmed, authority));
			}
		}
		if useful == 0 {
			return Err(Self::invalid(first_stale.unwrap_or(Error::<T>::Stale)));
		}
		// One priority for every oracle transaction: a larger batch is not worth more.
		let validity = validity.priority(T::Priority::get()).build()?;
		Ok((validity, Weight::zero()))
	}

	/// The block an authority's batch names: not in the future, recent, and later than its
	/// last batch that landed (so a batch cannot be replayed).
	fn check_batch_block(
		at: BlockNumberFor<T>,
		authority: &AuthorityId,
		now: BlockNumberFor<T>,
	) -> Result<(), TransactionValidityError> {
		if at > now {
			return Err(InvalidTransaction::Future.into());
		}
		let longevity: BlockNumberFor<T> = Self::longevity().saturated_into();
		if at.saturating_add(longevity) < now {
			return Err(InvalidTransaction::Stale.into());
		}
		if LastBatch::<T>::get(authority).is_some_and(|last| at <= last.at) {
			return Err(InvalidTransaction::Stale.into());
		}
		Ok(())
	}

	/// In a block being built: at most one batch of `authority` per block, and the oracle's
	/// transactions within their share of the block.
	fn check_block_bounds(
		authority: &AuthorityId,
		now: BlockNumberFor<T>,
		declared: Weight,
	) -> Result<(), TransactionValidityError> {
		if LastBatch::<T>::get(authority).is_some_and(|last| last.landed == now) {
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		Self::check_oracle_budget(now, declared)
	}

	/// The oracle's transactions stay within `OracleBlockShare` of the block.
	fn check_oracle_budget(
		now: BlockNumberFor<T>,
		declared: Weight,
	) -> Result<(), TransactionValidityError> {
		let total = Self::oracle_weight_in(now).saturating_add(declared);
		if !total.all_lte(Self::oracle_block_budget()) {
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		Ok(())
	}

	/// What a batch declares: its dispatch and its validation.
	pub(crate) fn declared_weight(batch: &Batch<T>) -> Weight {
		Self::submit_weight(batch).saturating_add(Self::authorize_submit_weight(batch))
	}

	pub(crate) fn authorize_decommission(
		source: TransactionSource,
		at: &BlockNumberFor<T>,
		authority: &AuthorityId,
		signature: &AuthoritySignature,
	) -> TransactionValidityWithRefund {
		Self::check_authority(authority, signature, &decommission_payload::<T>(at))?;
		let now = frame_system::Pallet::<T>::block_number();
		if *at > now {
			return Err(InvalidTransaction::Future.into());
		}
		let longevity: BlockNumberFor<T> = Self::longevity().saturated_into();
		if at.saturating_add(longevity) < now {
			return Err(InvalidTransaction::Stale.into());
		}
		if !T::Contracts::decommissions_overdue() {
			return Err(InvalidTransaction::Custom(invalid::NOTHING_TO_DO).into());
		}
		if source == TransactionSource::InBlock {
			let declared = T::DecommissionBudget::get()
				.saturating_add(T::WeightInfo::authorize_decommission());
			Self::check_oracle_budget(now, declared)?;
		}
		// One decommission per authority and observed block in the pool.
		let validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.and_provides((b"decommission", authority, *at))
			.priority(T::Priority::get())
			.longevity(Self::longevity())
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// The authority is in the set and signed `payload`.
	fn check_authority(
		authority: &AuthorityId,
		signature: &AuthoritySignature,
		payload: &[u8],
	) -> Result<(), TransactionValidityError> {
		if !Authorities::<T>::get().contains(authority) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		if !authority.verify(&payload, signature) {
			return Err(InvalidTransaction::BadProof.into());
		}
		Ok(())
	}

	/// Whether an observation by `authority` can be applied at block `now`, and how:
	/// - a node's report is checked (chain, node, key, recent, not from the future, its entries
	///   against its signed root and no later than it); if the node is due (its health confirmed
	///   a billing period or more before the report), its health and entries apply; if not, only
	///   its entries that still change something, if there is one (another authority's report
	///   confirmed the health without them). `strict` (the pool) also asks that every entry of a
	///   due report change something;
	/// - a down vote must be about a node that is due (confirmed a billing period or more before
	///   the vote's block), recent, and the authority's first vote against that confirmed block.
	pub(crate) fn check_observation(
		observation: &Observation<T>,
		authority: &AuthorityId,
		now: BlockNumberFor<T>,
		strict: bool,
	) -> Result<Checked<BlockNumberFor<T>>, Error<T>> {
		let node = observation.node();
		let confirmed = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		let longevity: BlockNumberFor<T> = Self::longevity().saturated_into();
		let period = BillingPeriod::<T>::get();
		match observation {
			Observation::Report { report, entries } => {
				let mut last_index = None;
				for entry in entries {
					ensure!(last_index < Some(entry.index), Error::<T>::Duplicate);
					last_index = Some(entry.index);
					ensure!(entry.verify(&report.header), Error::<T>::BadProof);
				}
				// Everything but freshness: this chain, this node's key, not from the future.
				let anytime =
					sc4it_report::Expected { confirmed_until: 0, ..Self::expected(node)? };
				match report.check(&anytime, now.saturated_into()) {
					Ok(()) => {},
					Err(ReportError::Stale) => return Err(Error::<T>::Stale),
					Err(ReportError::FromTheFuture) => return Err(Error::<T>::FromTheFuture),
					Err(ReportError::WrongChain) => return Err(Error::<T>::WrongChain),
					Err(_) => return Err(Error::<T>::BadReport),
				}
				let at = report.header.at_block;
				let at_block: BlockNumberFor<T> = at.into();
				ensure!(at_block.saturating_add(longevity) >= now, Error::<T>::Stale);
				ensure!(
					entries.iter().all(|e| entry_block(&e.entry) <= at),
					Error::<T>::EntryChangesNothing
				);
				let due = !period.is_zero() && at_block >= confirmed.saturating_add(period);
				if due {
					ensure!(
						!strict || entries.iter().all(|e| Self::entry_matters(node, &e.entry)),
						Error::<T>::EntryChangesNothing
					);
					return Ok(Checked::Fresh);
				}
				// Not due: nobody may move the node's health early, but what its entries say
				// must land whatever report confirmed the health.
				let matters = entries.iter().any(|e| Self::entry_matters(node, &e.entry));
				ensure!(
					matters,
					if at_block > confirmed { Error::<T>::ReportNotDue } else { Error::<T>::Stale }
				);
				Ok(Checked::EntriesOnly)
			},
			Observation::Down { until, .. } => {
				// A removed node keeps its timeline while it drains: no vote against it.
				ensure!(
					<T::Registry as sc4it_primitives::NodeDirectory>::report_key(node).is_some(),
					Error::<T>::UnknownNode
				);
				ensure!(*until > confirmed, Error::<T>::Stale);
				ensure!(*until <= now, Error::<T>::FromTheFuture);
				ensure!(until.saturating_add(longevity) >= now, Error::<T>::Stale);
				ensure!(
					!period.is_zero() && *until >= confirmed.saturating_add(period),
					Error::<T>::NotDue
				);
				let voted = DownVotes::<T>::get(node).is_some_and(|tally| {
					tally.confirmed == confirmed
						&& tally.votes.iter().any(|vote| vote.authority == *authority)
				});
				ensure!(!voted, Error::<T>::AlreadyVoted);
				Ok(Checked::Vote { confirmed })
			},
		}
	}

	/// Whether a report entry would change the contract's state on chain: a deployment (or a
	/// failure to deploy) of a contract waiting for one on a node not being drained, a volume
	/// that failed or went away while the contract lives, or before the block it ended at (and
	/// after its deployment), as the contracts pallet applies them.
	pub(crate) fn entry_matters(node: NodeId, entry: &ContractReport) -> bool {
		let Some((on, phase)) = T::Contracts::contract_phase(entry.contract) else {
			return false;
		};
		if on != node {
			return false;
		}
		match (entry.state, phase) {
			(VolumeState::Deployed { .. }, phase) => phase == ContractPhase::AwaitingDeployment,
			(
				VolumeState::Failed { .. } | VolumeState::Removed { .. },
				ContractPhase::AwaitingDeployment
				| ContractPhase::AwaitingDrain
				| ContractPhase::Live,
			) => true,
			(
				VolumeState::Failed { at, .. } | VolumeState::Removed { at },
				ContractPhase::Ending { at: end, from },
			) => BlockNumberFor::<T>::from(at).max(from) < end,
		}
	}

	fn invalid(error: Error<T>) -> TransactionValidityError {
		match error {
			Error::<T>::Stale => InvalidTransaction::Stale,
			Error::<T>::FromTheFuture => InvalidTransaction::Future,
			Error::<T>::BadReport => InvalidTransaction::BadProof,
			Error::<T>::UnknownNode => InvalidTransaction::Custom(invalid::UNKNOWN_NODE),
			Error::<T>::Duplicate => InvalidTransaction::Custom(invalid::DUPLICATE),
			Error::<T>::WrongChain => InvalidTransaction::Custom(invalid::WRONG_CHAIN),
			Error::<T>::NotDue => InvalidTransaction::Custom(invalid::NOT_DUE),
			Error::<T>::AlreadyVoted => InvalidTransaction::Custom(invalid::ALREADY_VOTED),
			Error::<T>::ReportNotDue => InvalidTransaction::Custom(invalid::REPORT_NOT_DUE),
			Error::<T>::EntryChangesNothing => {
				InvalidTransaction::Custom(invalid::ENTRY_CHANGES_NOTHING)
			},
			_ => InvalidTransaction::Custom(invalid::BAD_ENTRY),
		}
		.into()
	}

	/// How long an oracle transaction stays valid in the pool: one billing period, at least 4
	/// blocks and at most `MAX_LONGEVITY`, after which the next run submits a fresh one. It
	/// bounds how many batches of one authority the pool holds (one per observed block).
	pub(crate) fn longevity() -> u64 {
		BillingPeriod::<T>::get().saturated_into::<u64>().clamp(4, MAX_LONGEVITY)
	}
}
