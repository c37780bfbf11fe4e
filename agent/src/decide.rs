//! What the agent should do with its volumes, decided from the contracts on its node, the
//! volumes it knows and the faults seen on them: a pure function, so that every rule can be
//! tested without a chain or a disk. `follow` gathers the inputs and applies the actions.

use crate::{state::Volume, volumes::Fault};
use std::{
	collections::{BTreeMap, BTreeSet},
	path::PathBuf,
};

/// A contract's phase, as far as its volume is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
	/// Waiting for its volume.
	Created,
	/// Running.
	Live {
		/// In its grace period: out of funds, its volume read-only until a top-up.
		grace: bool,
	},
	/// Ended: its volume goes.
	Ended,
}

/// A contract on the agent's node, as of a finalized block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
	/// The contract's id.
	pub id: u64,
	pub phase: Phase,
	/// The size of its volume, in GiB.
	pub size_gib: u64,
}

/// What is on disk of a contract the agent forgets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leftover {
	/// Nothing: its volume was removed already.
	Nothing,
	/// Its deployed volume.
	Volume(PathBuf),
	/// Whatever is left of a volume that failed, at the contract's usual image path.
	Remains,
}

/// One thing to do to bring the volumes in line with the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
	/// Make a volume of `size_gib` GiB for a new contract and record it deployed, or failed if
	/// it cannot be made.
	Create { id: u64, size_gib: u64 },
	/// Record a deployed volume failed because of `fault`. It is never made again: its data is
	/// lost, and the report says so, which ends the contract's billing there. What is left of
	/// the file stays for the farmer to look at until the contract is gone.
	Fail { id: u64, file: PathBuf, fault: Fault },
	/// Make a deployed volume read-only (grace period) or writable again.
	SetReadOnly { id: u64, file: PathBuf, read_only: bool },
	/// Remove an ended contract's volume and record it removed.
	Remove { id: u64, file: PathBuf },
	/// Remove what is left of a contract the chain no longer has (settled), then forget it.
	Forget { id: u64, leftover: Leftover },
}

impl Action {
	/// The contract the action is about.
	pub fn contract(&self) -> u64 {
		match self {
			Action::Create { id, .. }
			| Action::Fail { id, .. }
			| Action::SetReadOnly { id, .. }
			| Action::Remove { id, .. }
			| Action::Forget { id, .. } => *id,
		}
	}
}

/// The actions that bring the `known` volumes in line with the `contracts` on the node, given
/// the `faults` seen on deployed volumes: the contracts' actions in their order, then those of
/// the contracts gone from the chain, by id.
pub fn decide(
	contracts: &[Contract],
	known: &BTreeMap<u64, Volume>,
	faults: &BTreeMap<u64, Fault>,
) -> Vec<Action> {
	let mut actions: Vec<Action> = contracts
		.iter()
		.filter_map(|c| for_contract(c, known.get(&c.id), faults.get(&c.id)))
		.collect();
	let on_chain: BTreeSet<u64> = contracts.iter().map(|c| c.id).collect();
	actions.extend(
		known.iter().filter(|(id, _)| !on_chain.contains(id)).map(|(id, v)| forget(*id, v)),
	);
	actions
}

/// What a contract on the chain needs, if anything.
fn for_contract(
	contract: &Contract,
	known: Option<&Volume>,
	fault: Option<&Fault>,
) -> Option<Action> {
	let id = contract.id;
	match (contract.phase, known) {
		(Phase::Created, None) => Some(Action::Create { id, size_gib: contract.size_gib }),
		// Still `Created` on chain once deployed here, until the oracle confirms the report.
		(Phase::Created | Phase::Live { .. }, Some(Volume::Deployed { file, read_only, .. })) => {
			if let Some(fault) = fault {
				let (file, fault) = (file.clone(), fault.clone());
				return Some(Action::Fail { id, file, fault });
			}
			let grace = contract.phase == Phase::Live { grace: true };
			(grace != *read_only).then(|| Action::SetReadOnly {
				id,
				file: file.clone(),
				read_only: grace,
			})
		},
		(Phase::Ended, Some(Volume::Deployed { file, .. })) => {
			Some(Action::Remove { id, file: file.clone() })
		},
		// Failed or removed already, ended before it was deployed here, or deployed before this
		// data directory knew it.
		_ => None,
	}
}

/// Forgetting a settled contract, with whatever is left of its volume.
fn forget(id: u64, volume: &Volume) -> Action {
	let leftover = match volume {
		Volume::Deployed { file, .. } => Leftover::Volume(file.clone()),
		// What is left of a damaged image goes with the contract.
		Volume::Failed { .. } => Leftover::Remains,
		Volume::Removed { .. } => Leftover::Nothing,
	};
	Action::Forget { id, leftover }
}

#[cfg(test)]
mod tests {
	use super::*;

	fn contract(id: u64, phase: Phase) -> Contract {
		Contract { id, phase, size_gib: 10 }
	}

	fn file(id: u64) -> PathBuf {
		PathBuf::from(format!("/data/volumes/contract-{id}.raw"))
	}

	fn deployed(id: u64, read_only: bool) -> Volume {
		Volume::Deployed { since: 5, size_gib: 10, file: file(id), read_only }
	}

	fn known(volumes: &[(u64, Volume)]) -> BTreeMap<u64, Volume> {
		volumes.iter().cloned().collect()
	}

	fn no_faults() -> BTreeMap<u64, Fault> {
		BTreeMap::new()
	}

	const RUNNING: Phase = Phase::Live { grace: false };
	const GRACE: Phase = Phase::Live { grace: true };

	#[test]
	fn a_new_contract_gets_a_volume() {
		let actions = decide(&[contract(7, Phase::Created)], &known(&[]), &no_faults());
		assert_eq!(actions, vec![Action::Create { id: 7, size_gib: 10 }]);
	}

	#[test]
	fn a_contract_in_grace_makes_its_volume_read_only() {
		let actions =
			decide(&[contract(7, GRACE)], &known(&[(7, deployed(7, false))]), &no_faults());
		assert_eq!(actions, vec![Action::SetReadOnly { id: 7, file: file(7), read_only: true }]);
	}

	#[test]
	fn a_top_up_makes_it_writable_again() {
		let actions =
			decide(&[contract(7, RUNNING)], &known(&[(7, deployed(7, true))]), &no_faults());
		assert_eq!(actions, vec![Action::SetReadOnly { id: 7, file: file(7), read_only: false }]);
	}

	#[test]
	fn a_damaged_volume_is_reported_failed_and_never_recreated() {
		let damaged = Fault::Damaged("not a regular file".into());
		let faults: BTreeMap<u64, Fault> =
			[(7, damaged.clone()), (8, Fault::Lost), (9, Fault::Lost)].into_iter().collect();
		// A fault wins over a grace change, and over a contract still `Created` on chain.
		let contracts = [contract(7, GRACE), contract(8, RUNNING), contract(9, Phase::Created)];
		let volumes =
			known(&[(7, deployed(7, false)), (8, deployed(8, false)), (9, deployed(9, false))]);
		assert_eq!(
			decide(&contracts, &volumes, &faults),
			vec![
				Action::Fail { id: 7, file: file(7), fault: damaged },
				Action::Fail { id: 8, file: file(8), fault: Fault::Lost },
				Action::Fail { id: 9, file: file(9), fault: Fault::Lost },
			]
		);
		// At the next blocks the volumes are failed: nothing is made again, whatever the phase.
		let failed = Volume::Failed { reason: "volume_lost".into(), at: 6 };
		let volumes = known(&[(7, failed.clone()), (8, failed.clone()), (9, failed)]);
		assert_eq!(decide(&contracts, &volumes, &no_faults()), vec![]);
	}

	#[test]
	fn an_ended_contract_loses_its_volume() {
		let contracts = [contract(7, Phase::Ended), contract(8, Phase::Ended)];
		let volumes = known(&[(7, deployed(7, false)), (8, deployed(8, true))]);
		assert_eq!(
			decide(&contracts, &volumes, &no_faults()),
			vec![Action::Remove { id: 7, file: file(7) }, Action::Remove { id: 8, file: file(8) }]
		);
	}

	#[test]
	fn a_settled_contract_is_forgotten_and_its_leftovers_removed() {
		let volumes = known(&[
			(7, deployed(7, false)),
			(8, Volume::Failed { reason: "volume_damaged".into(), at: 6 }),
			(9, Volume::Removed { at: 6 }),
			(10, deployed(10, false)),
		]);
		// Only contract 10 is still on the chain.
		assert_eq!(
			decide(&[contract(10, RUNNING)], &volumes, &no_faults()),
			vec![
				Action::Forget { id: 7, leftover: Leftover::Volume(file(7)) },
				Action::Forget { id: 8, leftover: Leftover::Remains },
				Action::Forget { id: 9, leftover: Leftover::Nothing },
			]
		);
	}

	#[test]
	fn nothing_changes_when_nothing_changed() {
		let contracts = [
			contract(1, RUNNING),
			// Deployed here, not yet confirmed on chain.
			contract(2, Phase::Created),
			contract(3, GRACE),
			contract(4, Phase::Ended),
			contract(5, Phase::Ended),
			// Ended before this node deployed it.
			contract(6, Phase::Ended),
			// Refused for lack of disk.
			contract(7, Phase::Created),
		];
		let volumes = known(&[
			(1, deployed(1, false)),
			(2, deployed(2, false)),
			(3, deployed(3, true)),
			(4, Volume::Removed { at: 6 }),
			(5, Volume::Failed { reason: "volume_lost".into(), at: 6 }),
			(7, Volume::Failed { reason: "insufficient_disk".into(), at: 6 }),
		]);
		assert_eq!(decide(&contracts, &volumes, &no_faults()), vec![]);
		assert_eq!(decide(&[], &known(&[]), &no_faults()), vec![]);
	}
}
