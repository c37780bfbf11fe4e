//! What makes an oracle transaction valid. The pool runs this before a transaction may enter
//! (so a non-authority's transaction costs the chain nothing), and `AuthorizeCall` runs it again
//! when the transaction is applied in a block.

use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractPhase, NodeId, UsageOracle};
use sc4it_report::{ContractReport, ReportError, VolumeState};
use sp_runtime::{
	traits::{Saturating, Zero},
	RuntimeAppPublic, SaturatedConversion,
};

/// The block a report entry's event happened at (0 for a deployment at genesis).
fn entry_block(entry: &ContractReport) -> u32 {
	match entry.state {
		VolumeState::Deployed { since } => since,
		VolumeState::Failed { at, .. } | VolumeState::Removed { at } => at,
	}
}

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
}

impl<T: Config> Pallet<T> {
	pub(crate) fn authorize_submit(
		_source: TransactionSource,
		batch: &Batch<T>,
		authority: &AuthorityId,
		signature: &AuthoritySignature,
	) -> TransactionValidityWithRefund {
		Self::check_authority(authority, signature, &submit_payload::<T>(batch))?;
		if batch.is_empty() {
			return Err(InvalidTransaction::Custom(invalid::NOTHING_TO_DO).into());
		}
		let now = frame_system::Pallet::<T>::block_number();
		let mut nodes = BTreeSet::new();
		let mut reports = 0u64;
		let mut useful = 0u32;
		let mut first_stale = None;
		let mut validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.longevity(Self::longevity())
			.propagate(true);
		for observation in batch {
			let node = observation.node();
			if !nodes.insert(node) {
				return Err(InvalidTransaction::Custom(invalid::DUPLICATE).into());
			}
			let checked = match Self::check_observation(observation, authority, now) {
				Ok(checked) => checked,
				// Overtaken by another transaction (a report landed, the node was removed, the
				// vote is in): this observation is skipped, the rest of the batch still counts,
				// so that no one can void an honest batch by landing one of its nodes first.
				Err(
					e @ (Error::<T>::Stale
					| Error::<T>::NotDue
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
			validity = match (observation, checked) {
				// Two authorities submitting the same report with the same entries provide the
				// same tag: the pool keeps one. The same report with other entries (an authority
				// that stripped them, say) is another transaction: both land.
				(Observation::Report { report, entries }, _) => {
					reports = reports.saturating_add(1);
					let indices: Vec<u32> = entries.iter().map(|e| e.index).collect();
					let digest = sp_io::hashing::blake2_256(&indices.encode());
					validity.and_provides((b"report", node, report.header.at_block, digest))
				},
				// Each authority's vote is its own.
				(Observation::Down { .. }, Checked::Vote { confirmed }) => {
					validity.and_provides((b"down", node, confirmed, authority))
				},
				(Observation::Down { .. }, _) => validity,
			};
		}
		if useful == 0 {
			return Err(Self::invalid(first_stale.unwrap_or(Error::<T>::Stale)));
		}
		// Reports go before votes.
		let validity = validity.priority(T::Priority::get().saturating_add(reports)).build()?;
		Ok((validity, Weight::zero()))
	}

	pub(crate) fn authorize_decommission(
		_source: TransactionSource,
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
		let validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.and_provides((b"decommission", *at))
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
	/// - a node's report is checked (chain, node, key, not from the future, its entries against
	///   its signed root); if it is later than the node's confirmed block, its health and entries
	///   apply; if not, only its entries may, while the report is recent and every entry still
	///   changes something (another authority submitted the report without them);
	/// - a down vote must be about a node that is due (confirmed a billing period or more before
	///   the vote's block), recent, and the authority's first vote against that confirmed block.
	pub(crate) fn check_observation(
		observation: &Observation<T>,
		authority: &AuthorityId,
		now: BlockNumberFor<T>,
	) -> Result<Checked<BlockNumberFor<T>>, Error<T>> {
		let node = observation.node();
		let confirmed = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		let longevity: BlockNumberFor<T> = Self::longevity().saturated_into();
		match observation {
			Observation::Report { report, entries } => {
				let mut last_index = None;
				for entry in entries {
					ensure!(last_index < Some(entry.index), Error::<T>::Duplicate);
					last_index = Some(entry.index);
					ensure!(entry.verify(&report.header), Error::<T>::BadProof);
				}
				let expected = Self::expected(node)?;
				match report.check(&expected, now.saturated_into()) {
					Ok(()) => Ok(Checked::Fresh),
					Err(ReportError::Stale) => {
						// Everything but freshness, then: recent, and its entries still matter.
						let at_block: BlockNumberFor<T> = report.header.at_block.into();
						let anytime = sc4it_report::Expected { confirmed_until: 0, ..expected };
						let sound = report.header.at_block > 0
							&& report.check(&anytime, now.saturated_into()).is_ok();
						// Each entry must still change something and be no later than its
						// report: an entry that would only be refused is no reason to take
						// block space for free.
						let at = report.header.at_block;
						let matters = !entries.is_empty()
							&& entries.iter().all(|e| {
								entry_block(&e.entry) <= at && Self::entry_matters(node, &e.entry)
							});
						ensure!(
							sound && matters && at_block.saturating_add(longevity) >= now,
							Error::<T>::Stale
						);
						Ok(Checked::EntriesOnly)
					},
					Err(ReportError::FromTheFuture) => Err(Error::<T>::FromTheFuture),
					Err(ReportError::WrongChain) => Err(Error::<T>::WrongChain),
					Err(_) => Err(Error::<T>::BadReport),
				}
			},
			Observation::Down { until, .. } => {
				ensure!(*until > confirmed, Error::<T>::Stale);
				ensure!(*until <= now, Error::<T>::FromTheFuture);
				ensure!(until.saturating_add(longevity) >= now, Error::<T>::Stale);
				let period = BillingPeriod::<T>::get();
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
	/// failure to deploy) of a contract waiting for one, a volume that failed or went away while
	/// the contract lives, or before the block it ended at.
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
				ContractPhase::AwaitingDeployment | ContractPhase::Live,
			) => true,
			(
				VolumeState::Failed { at, .. } | VolumeState::Removed { at },
				ContractPhase::Ending { at: end },
			) => BlockNumberFor::<T>::from(at) < end,
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
			_ => InvalidTransaction::Custom(invalid::BAD_ENTRY),
		}
		.into()
	}

	/// How long an oracle transaction stays valid in the pool: one billing period (at least 4
	/// blocks), after which the next run submits a fresh one.
	pub(crate) fn longevity() -> u64 {
		BillingPeriod::<T>::get().saturated_into::<u64>().max(4)
	}
}
