//! The alerts an account should see, worked out from the chain's events alone (the testkit's
//! `Ledger`), without the indexer's code or tables.

use pallet_sc4it_contracts::Event as Contracts;
use pallet_sc4it_oracle::Event as Oracle;
use sc4it_runtime::{AccountId, RuntimeEvent};
use sc4it_testkit::Ledger;
use std::collections::BTreeMap;

/// The events that warn, as the chain names them.
pub const NAMES: [&str; 5] =
	["LowRunway", "GracePeriodStarted", "ContractDeleted", "NodeDown", "NodeDrainStarted"];

/// An alert as the index should list it: (block, event name, contract, node).
pub type Expected = (u64, &'static str, Option<u64>, Option<u32>);

/// The alerts of `account` in the ledger's blocks, oldest first: its contracts' low runway,
/// grace and end; and a node found down (the first verdict of a stretch, not every period of
/// it) or drained, where the node is one of its farms' (`nodes_of_account`: the genesis state's
/// nodes had no event) or held one of its contracts at the time.
pub fn alerts_of(books: &Ledger, account: &AccountId, nodes_of_account: &[u32]) -> Vec<Expected> {
	let mut owner = BTreeMap::new();
	// contract -> (node, created, ended)
	let mut life: BTreeMap<u64, (u32, u64, Option<u64>)> = BTreeMap::new();
	// node -> whether its last recorded period was down, as of the blocks before
	let mut down = BTreeMap::<u32, bool>::new();
	let mut recorded_this_block: Vec<(u32, bool)> = Vec::new();
	let mut block_of_recorded = 0;
	let mut alerts = Vec::new();
	for (block, event) in books.find_with_block(|e| Some(e.clone())) {
		if block != block_of_recorded {
			for (node, was_down) in recorded_this_block.drain(..) {
				down.insert(node, was_down);
			}
			block_of_recorded = block;
		}
		let concerns_node = |node: u32, life: &BTreeMap<u64, (u32, u64, Option<u64>)>| {
			nodes_of_account.contains(&node)
				|| life.iter().any(|(id, (on, created, ended))| {
					*on == node
						&& owner.get(id) == Some(account)
						&& *created <= block
						&& ended.is_none_or(|at| at >= block)
				})
		};
		match event {
			RuntimeEvent::Contracts(Contracts::ContractCreated {
				contract,
				owner: who,
				node,
				..
			}) => {
				owner.insert(contract, who);
				life.insert(contract, (node, block, None));
			},
			RuntimeEvent::Contracts(Contracts::LowRunway { contract, .. })
				if owner.get(&contract) == Some(account) =>
			{
				alerts.push((block, "LowRunway", Some(contract), None));
			},
			RuntimeEvent::Contracts(Contracts::GracePeriodStarted { contract, .. })
				if owner.get(&contract) == Some(account) =>
			{
				alerts.push((block, "GracePeriodStarted", Some(contract), None));
			},
			RuntimeEvent::Contracts(Contracts::ContractDeleted { contract, at, .. }) => {
				if let Some(entry) = life.get_mut(&contract) {
					entry.2 = Some(u64::from(at));
				}
				if owner.get(&contract) == Some(account) {
					alerts.push((block, "ContractDeleted", Some(contract), None));
				}
			},
			RuntimeEvent::Contracts(Contracts::NodeHealthRecorded { node, down: d, .. }) => {
				recorded_this_block.push((node, d));
			},
			RuntimeEvent::Contracts(Contracts::NodeDrainStarted { node, .. })
				if concerns_node(node, &life) =>
			{
				alerts.push((block, "NodeDrainStarted", None, Some(node)));
			},
			RuntimeEvent::Oracle(Oracle::NodeDown { node, .. })
				if concerns_node(node, &life) && !down.get(&node).copied().unwrap_or(false) =>
			{
				alerts.push((block, "NodeDown", None, Some(node)));
			},
			_ => {},
		}
	}
	alerts
}
