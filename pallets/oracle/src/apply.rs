//! Applying verified observations to the contracts pallet: a report's contract events first,
//! then the node's health for the blocks the report speaks for (the order `UsageOracle` asks
//! for); a down vote is counted, and only a quorum of them records the node down.

use crate::{authorize::Checked, *};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{NodeDirectory, NodeHealth, NodeId, ReportId, UsageOracle};
use sc4it_report::{ContractReport, ProvenEntry, SignedHeader, VolumeState};
use sp_runtime::{
	traits::{One, Saturating},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Applies one observation of `authority` in its own storage layer; returns the weight the
	/// contracts pallet took for it beyond what the oracle's benchmarks hold (all it may take,
	/// if the observation failed part way). One that no longer checks, or that the contracts
	/// pallet refuses, leaves nothing behind but an `ObservationSkipped` event.
	pub(crate) fn apply_observation(
		observation: Observation<T>,
		authority: &AuthorityId,
		now: BlockNumberFor<T>,
	) -> Weight {
		let node = observation.node();
		let entries = observation.entry_count();
		let outcome = with_storage_layer(|| {
			let checked = Self::check_observation(&observation, authority, now, false)?;
			Self::apply_checked(observation, checked, authority)
		});
		match outcome {
			Ok(weight) => weight,
			Err(error) => {
				Self::deposit_event(Event::ObservationSkipped { node, error });
				Self::most_contracts_weight(1, entries)
			},
		}
	}

	fn apply_checked(
		observation: Observation<T>,
		checked: Checked<BlockNumberFor<T>>,
		authority: &AuthorityId,
	) -> Result<Weight, DispatchError> {
		match (observation, checked) {
			(Observation::Report { report, entries }, Checked::EntriesOnly) => {
				let node = report.header.node;
				let (count, weight) = Self::apply_entries(&report, entries);
				Self::deposit_event(Event::EntriesApplied {
					node,
					report: report.id(),
					entries: count,
				});
				Ok(weight)
			},
			(Observation::Report { report, entries }, _) => Self::apply_report(report, entries),
			(Observation::Down { node, until, cause }, _) => {
				Self::count_vote(node, until, cause, authority)
			},
		}
	}

	/// A fresh report: its entries, then its health for at most a report span before its block
	/// (the blocks before that are of unknown health).
	fn apply_report(
		report: SignedHeader,
		entries: BoundedVec<ProvenEntry, T::MaxEntries>,
	) -> Result<Weight, DispatchError> {
		let header = report.header.clone();
		let node = header.node;
		let id = report.id();
		let (count, entries_weight) = Self::apply_entries(&report, entries);
		let from = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		let at_block: BlockNumberFor<T> = header.at_block.into();
		let speaks_from = at_block.saturating_sub(Self::report_span()).max(from);
		let health = if header.healthy { NodeHealth::Healthy } else { NodeHealth::Down };
		let stretch = Stretch { start: speaks_from, until: at_block, health, evidence: id };
		let (recorded, health_weight) = Self::record_in_order(node, stretch)?;
		// The node answered: whatever votes there were against it are moot. A tally counts only
		// at the block its node was confirmed up to when it was cast, so one whose node's health
		// moved on counts no more, wherever it is read, and is replaced by the next vote; only
		// when none of this report's health could be recorded yet is it removed here.
		let votes_weight = if recorded.until > from {
			Weight::zero()
		} else {
			if DownVotes::<T>::contains_key(node) {
				DownVotes::<T>::remove(node);
			}
			Self::vote_removal_weight()
		};
		Self::deposit_event(Event::ReportApplied {
			node,
			report: id,
			at_block,
			healthy: header.healthy,
			speaks_from,
			applied_until: recorded.until,
			entries: count,
		});
		Ok(health_weight.saturating_add(entries_weight).saturating_add(votes_weight))
	}

	/// Applies, one by one, a report's contract entries that still change something; each one
	/// that does not, or that is refused, leaves an `EntryRefused` event. Returns how many
	/// there were, and the contracts pallet's weight for those applied (an entry that changes
	/// nothing costs only its check, part of the oracle's own weight).
	fn apply_entries(
		report: &SignedHeader,
		entries: BoundedVec<ProvenEntry, T::MaxEntries>,
	) -> (u32, Weight) {
		let node = report.header.node;
		let id = report.id();
		let count = entries.len() as u32;
		let mut weight = Weight::zero();
		for proven in entries {
			let contract = proven.entry.contract;
			if !Self::entry_matters(node, &proven.entry) {
				let error = Error::<T>::EntryChangesNothing.into();
				Self::deposit_event(Event::EntryRefused { node, contract, error });
				continue;
			}
			let event_weight = match proven.entry.state {
				VolumeState::Deployed { .. } => T::Contracts::record_deployed_weight(),
				VolumeState::Failed { .. } | VolumeState::Removed { .. } => {
					T::Contracts::record_event_weight()
				},
			};
			weight = weight.saturating_add(event_weight);
			if let Err(error) = Self::apply_entry(node, report.header.at_block, proven.entry, id) {
				Self::deposit_event(Event::EntryRefused { node, contract, error });
			}
		}
		(count, weight)
	}

	/// One authority's vote that `node` gave no valid report when fetched at `at`. When the
	/// votes reach the quorum, the node counts as down for at most one billing period before
	/// the block by which a quorum had found it so.
	fn count_vote(
		node: NodeId,
		at: BlockNumberFor<T>,
		cause: DownCause,
		authority: &AuthorityId,
	) -> Result<Weight, DispatchError> {
		let confirmed = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		let set = Authorities::<T>::get();
		let mut tally = DownVotes::<T>::get(node)
			.filter(|tally| tally.confirmed == confirmed)
			.unwrap_or(DownTally { confirmed, votes: Default::default() });
		// Votes of authorities that left the set no longer count.
		tally.votes.retain(|vote| set.contains(&vote.authority));
		tally
			.votes
			.try_push(DownVote { authority: authority.clone(), at, cause })
			.map_err(|_| Error::<T>::AlreadyVoted)?;
		let needed = Self::down_votes_needed();
		let votes = tally.votes.len() as u32;
		Self::deposit_event(Event::DownVoted {
			node,
			authority: authority.clone(),
			at,
			cause,
			votes,
			needed,
		});
		if votes < needed {
			DownVotes::<T>::insert(node, tally);
			return Ok(Weight::zero());
		}
		DownVotes::<T>::remove(node);
		let mut seen: Vec<BlockNumberFor<T>> = tally.votes.iter().map(|vote| vote.at).collect();
		seen.sort();
		let until = seen.get(needed.saturating_sub(1) as usize).copied().unwrap_or(at);
		let start = until.saturating_sub(BillingPeriod::<T>::get()).max(confirmed);
		// No report to name: the verdict itself, hashed, is the evidence id.
		let id: ReportId =
			sp_io::hashing::blake2_256(&(b"down", node, confirmed, until).encode()).into();
		if let Err((down_in_period, nodes)) = Self::admit_down_verdict() {
			let stretch =
				Stretch { start: until, until, health: NodeHealth::Unknown, evidence: id };
			let (recorded, health_weight) = Self::record_in_order(node, stretch)?;
			Self::deposit_event(Event::NodeDownWithheld {
				node,
				until,
				applied_until: recorded.until,
				down_in_period,
				nodes,
			});
			return Ok(health_weight);
		}
		let stretch = Stretch { start, until, health: NodeHealth::Down, evidence: id };
		let (recorded, health_weight) = Self::record_in_order(node, stretch)?;
		Self::deposit_event(Event::NodeDown {
			node,
			until,
			applied_until: recorded.until,
			cause,
			votes,
		});
		Ok(health_weight)
	}

	/// Counts a quorum down verdict in this billing period, and says whether it may be recorded
	/// down: not when it is beyond `OutageShare` of the grid's nodes, nor within two periods of
	/// such a verdict (then `Err` with the period's verdicts and the nodes registered). Deleting
	/// volumes needs more certainty than a grid found down all at once can give.
	fn admit_down_verdict() -> Result<(), (u32, u32)> {
		let now = frame_system::Pallet::<T>::block_number();
		let period = BillingPeriod::<T>::get().max(One::one());
		let index: u32 = (now / period).saturated_into();
		let (counted_in, count) = DownVerdictsInPeriod::<T>::get();
		let count = if counted_in == index { count } else { 0 }.saturating_add(1);
		DownVerdictsInPeriod::<T>::put((index, count));
		let nodes = T::Registry::node_count();
		let allowed = OutageShare::<T>::get().mul_ceil(nodes);
		// Only a verdict beyond the share starts (or prolongs) the outage: one within it while
		// the outage holds is withheld, but does not keep the outage on by itself.
		if count > allowed {
			OutageUntil::<T>::put(now.saturating_add(period.saturating_mul(2u32.into())));
			return Err((count, nodes));
		}
		if now < OutageUntil::<T>::get() {
			return Err((count, nodes));
		}
		Ok(())
	}

	/// One contract event of a verified report: the contract must be on the reporting node, and
	/// the event no later than the report.
	fn apply_entry(
		node: NodeId,
		at_block: u32,
		entry: ContractReport,
		id: ReportId,
	) -> DispatchResult {
		let contract = entry.contract;
		let (on, _) = T::Contracts::contract_phase(contract).ok_or(Error::<T>::UnknownContract)?;
		ensure!(on == node, Error::<T>::WrongNode);
		match entry.state {
			VolumeState::Deployed { since } => {
				ensure!(since <= at_block, Error::<T>::FromTheFuture);
				T::Contracts::record_deployed(contract, since.into(), id)
			},
			VolumeState::Failed { reason, at } => {
				ensure!(at <= at_block, Error::<T>::FromTheFuture);
				T::Contracts::record_failed(contract, reason, at.into(), id)
			},
			VolumeState::Removed { at } => {
				ensure!(at <= at_block, Error::<T>::FromTheFuture);
				T::Contracts::record_removed(contract, at.into(), id)
			},
		}
	}
}
