//! The node's signed report (docs/report-protocol.md), made from the agent's volumes as of a
//! block.

use crate::{state::Volume, volumes, Shared};
use sc4it_primitives::FailureReason;
use sc4it_report::{json, ContractReport, Report, VolumeState, MAX_CONTRACTS, VERSION};
use std::sync::atomic::Ordering;

/// Whether the node can serve its volumes: its data directory is there and it follows the chain.
pub fn healthy(shared: &Shared) -> bool {
	shared.config.data_dir.is_dir() && shared.latest.load(Ordering::SeqCst) > 0
}

/// The block a report asked for `at` is made as of: `min(at, latest block seen)`, the latest
/// without `at`; `None` before the agent has connected to its chain and seen a block.
pub fn report_block(shared: &Shared, at: Option<u32>) -> Option<u32> {
	let latest = shared.latest.load(Ordering::SeqCst);
	if latest == 0 || shared.genesis.get().is_none() {
		return None;
	}
	Some(at.map_or(latest, |a| a.min(latest)))
}

/// The signed report as of `at_block` ([`report_block`]), in its JSON form; `None` before the
/// agent has connected to its chain.
pub fn report(shared: &Shared, at_block: u32) -> Option<String> {
	let genesis = *shared.genesis.get()?;
	// Only the follower changes the state, and a panic of it ends the agent: a poisoned lock
	// means another reader panicked, which left the state whole.
	let state = shared.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
	let contracts: Vec<ContractReport> = state
		.volumes
		.iter()
		.filter_map(|(id, volume)| {
			let (state, used_bytes) = match volume {
				Volume::Deployed { since, file, .. } => {
					(VolumeState::Deployed { since: *since }, volumes::used_bytes(file))
				},
				Volume::Failed { reason, at } => {
					(VolumeState::Failed { reason: failure(reason), at: *at }, 0)
				},
				Volume::Removed { at } => (VolumeState::Removed { at: *at }, 0),
			};
			// An event after the report's block would be refused: it waits for a later report.
			let when = match state {
				VolumeState::Deployed { since } => since,
				VolumeState::Removed { at } | VolumeState::Failed { at, .. } => at,
			};
			(when <= at_block).then_some(ContractReport { contract: *id, state, used_bytes })
		})
		.take(MAX_CONTRACTS as usize)
		.collect();
	let report = Report {
		version: VERSION,
		genesis,
		node: shared.config.node,
		at_block,
		healthy: healthy(shared),
		contracts: contracts.try_into().ok()?,
	};
	Some(json::to_json(&report.sign(&shared.config.key)))
}

fn failure(reason: &str) -> FailureReason {
	match reason {
		"insufficient_disk" => FailureReason::InsufficientDisk,
		"unsupported" => FailureReason::Unsupported,
		"volume_lost" => FailureReason::VolumeLost,
		"volume_damaged" => FailureReason::VolumeDamaged,
		_ => FailureReason::Internal,
	}
}
