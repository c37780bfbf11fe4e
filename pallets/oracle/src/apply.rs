//! Applying verified observations to the contracts pallet: a report's contract events first,
//! then the node's health for the period (the order `UsageOracle` asks for).

use crate::*;
use codec::Encode;
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{NodeId, ReportId, UsageOracle};
use sc4it_report::{ContractReport, VolumeState};

impl<T: Config> Pallet<T> {
	/// Applies one observation in its own storage layer. One that no longer verifies, or that
	/// the contracts pallet refuses, leaves nothing behind but an `ObservationSkipped` event.
	/// Applies one observation; returns the weight the contracts pallet took for its health
	/// period (all it may take, if the observation failed part way).
	pub(crate) fn apply_observation(observation: Observation<T>, now: BlockNumberFor<T>) -> Weight {
		let node = observation.node();
		let outcome = with_storage_layer(|| {
			Self::check_observation(&observation, now)?;
			Self::apply_checked(observation)
		});
		match outcome {
			Ok(weight) => weight,
			Err(error) => {
				Self::deposit_event(Event::ObservationSkipped { node, error });
				T::Contracts::record_health_weight()
			},
		}
	}

	fn apply_checked(observation: Observation<T>) -> Result<Weight, DispatchError> {
		let node = observation.node();
		let from = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		match observation {
			Observation::Report { report, entries } => {
				let id = report.id();
				let header = report.header;
				let at_block: BlockNumberFor<T> = header.at_block.into();
				let count = entries.len() as u32;
				for proven in entries {
					let contract = proven.entry.contract;
					if let Err(error) = Self::apply_entry(node, header.at_block, proven.entry, id) {
						Self::deposit_event(Event::EntryRefused { node, contract, error });
					}
				}
				let recorded =
					T::Contracts::record_health(node, from, at_block, header.healthy, id)?;
				Self::deposit_event(Event::ReportApplied {
					node,
					report: id,
					at_block,
					healthy: header.healthy,
					applied_until: recorded.until,
					entries: count,
				});
				Ok(recorded.weight)
			},
			Observation::Down { node, until, cause } => {
				// No report to name: the claim itself, hashed, is the evidence id.
				let id: ReportId =
					sp_io::hashing::blake2_256(&(b"down", node, until, cause).encode()).into();
				let recorded = T::Contracts::record_health(node, from, until, false, id)?;
				Self::deposit_event(Event::NodeDown {
					node,
					until,
					applied_until: recorded.until,
					cause,
				});
				Ok(recorded.weight)
			},
		}
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
			VolumeState::Failed { reason } => T::Contracts::record_failed(contract, reason, id),
			VolumeState::Removed { at } => {
				ensure!(at <= at_block, Error::<T>::FromTheFuture);
				T::Contracts::record_removed(contract, at.into(), id)
			},
		}
	}
}
