//! The oracle's work on the four-validator network: a grid of six nodes, each with its real
//! agent, billed by Alice, Bob, Charlie and Dave. A council motion sets the committee to all
//! four (each authority a turn of its own for each node and period), then to one (one turn, then
//! the three others together). For each rule the test counts, over the same number of billing
//! periods, the fetches of each validator (the lines its offchain worker logs) and the report
//! transactions that land per node and period (the oracle's events), and asserts that every node
//! is reported healthy under both rules, never twice a period, its health timeline without a
//! gap, none recorded down; and that under either rule the four fetch at most half of what the
//! rule before committees fetched (every authority each node once a period: four fetches a node
//! and period), with at most about one report transaction landing per node and period.

use sc4it_runtime::RuntimeEvent;
use sc4it_testkit::{
	chain,
	testnet::{validator, Testnet},
	*,
};
use sp_keyring::Sr25519Keyring as Keyring;
use std::{collections::BTreeMap, time::Duration};

/// Nodes in the grid: more than the validators, so that a committee of one leaves each
/// validator a part of them.
const NODES: u32 = 6;
/// Billing periods counted under each rule.
const PERIODS: u64 = 5;

#[test]
fn fetches_and_reports_counted_with_a_committee_of_all_four_then_of_one() {
	let net = Testnet::start_with_nodes("committee", NODES);
	let rpc = net.alice.rpc_port;
	let _agents: Vec<Agent> = (0..NODES).map(|node| net.agent(node, rpc)).collect();
	let Testnet { dir, spec, mut alice, bootnode, .. } = net;
	let bob = validator("bob", &dir, &spec, Some(&bootnode), &[]);
	let charlie = validator("charlie", &dir, &spec, Some(&bootnode), &[]);
	let dave = validator("dave", &dir, &spec, Some(&bootnode), &[]);
	alice.wait_for("three peers", Duration::from_secs(120), |n| n.peers().unwrap_or(0) >= 3);
	alice
		.wait_for("finality", Duration::from_secs(120), |n| n.finalized_number().unwrap_or(0) >= 2);
	let period = u64::from(
		chain::storage::<u32>(&alice, &chain::plain_key("Oracle", "BillingPeriod"), None).unwrap(),
	);

	let mut windows = Vec::new();
	for size in [4u32, 1] {
		let set =
			sc4it_runtime::RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_committee_size {
				size,
			});
		chain::carried_motion(
			&mut alice,
			Keyring::Alice,
			&[Keyring::Bob, Keyring::Charlie],
			Keyring::Ferdie,
			set,
		);
		alice.wait_for("the committee's size", Duration::from_secs(60), |n| {
			chain::storage::<u32>(n, &chain::plain_key("Oracle", "CommitteeSize"), None)
				== Some(size)
		});
		// A period for the workers to see it, then the counted ones.
		let from = alice.best_number().unwrap() + period;
		let to = from + PERIODS * period;
		alice.wait_for("the counted periods", Duration::from_secs(30 * PERIODS * period), |n| {
			n.best_number().unwrap_or(0) >= to + 2
		});
		windows.push((size, from, to));
	}

	let books = Ledger::read(&alice, 1..=alice.best_number().unwrap());
	let validators = [("alice", &alice), ("bob", &bob), ("charlie", &charlie), ("dave", &dave)];
	for &(size, from, to) in &windows {
		let fetches: Vec<(&str, u64)> =
			validators.iter().map(|(name, node)| (*name, fetches(&node.log(), from, to))).collect();
		// Report transactions that landed, per node, in blocks of the window: applied, and
		// skipped (another authority's report of the node landed first).
		let mut reports: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
		// How many blocks after its node's phase each report landed.
		let mut landed_after_phase: BTreeMap<u64, u64> = BTreeMap::new();
		for (block, (node, applied)) in books.find_with_block(|e| match e {
			RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::ReportApplied {
				node,
				healthy,
				..
			}) => {
				assert!(*healthy, "node {node} reported unhealthy");
				Some((*node, true))
			},
			RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::ObservationSkipped {
				node, ..
			}) => Some((*node, false)),
			_ => None,
		}) {
			if (from..to).contains(&block) {
				let after = (block + period - u64::from(node) % period) % period;
				*landed_after_phase.entry(after).or_default() += 1;
				let counts = reports.entry(node).or_default();
				if applied {
					counts.0 += 1;
				} else {
					counts.1 += 1;
				}
			}
		}
		let total: u64 = fetches.iter().map(|(_, n)| n).sum();
		let landed: u64 = reports.values().map(|(applied, skipped)| applied + skipped).sum();
		let skipped: u64 = reports.values().map(|(_, skipped)| skipped).sum();
		let per_node_period = |n: u64| n as f64 / f64::from(NODES) / PERIODS as f64;
		println!(
			"committee of {size}, blocks {from}..{to} ({PERIODS} periods of {period}): fetches per \
			 validator {fetches:?} ({:.2} a node and period in all); report transactions per node, \
			 (applied, skipped) {reports:?} ({:.2} a node and period, {:.2} of them skipped)",
			per_node_period(total),
			per_node_period(landed),
			per_node_period(skipped),
		);
		println!(
			"committee of {size}: reports landed n blocks after their node's phase (n: count) \
			 {landed_after_phase:?}"
		);
		for node in 0..NODES {
			let (applied, _) = reports.get(&node).copied().unwrap_or_default();
			// Reported within the window, and never applied twice a period (a window's edges
			// may cut one period's report either side).
			assert!(
				(1..=PERIODS + 1).contains(&applied),
				"committee of {size}: node {node} had {applied} reports applied in {PERIODS} periods"
			);
		}
		// Every authority fetching each node once a period (the rule before committees) is
		// four fetches a node and period: the committee fetches at most half of that.
		let every_authority = u64::from(NODES) * PERIODS * 4;
		assert!(
			total * 2 <= every_authority,
			"committee of {size}: {total} fetches, more than half of {every_authority}"
		);
		// About one report transaction a node and period: a second copy of a report lands
		// only when the next turn came before the first copy landed.
		assert!(
			landed * 4 <= u64::from(NODES) * PERIODS * 5,
			"committee of {size}: {landed} report transactions landed"
		);
	}
	// No block of any node's health left out: each report took up where the last one stopped.
	for node in 0..NODES {
		books.assert_contiguous(node);
	}
	let down = books.find(|e| match e {
		RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::NodeDown { node, .. }) => Some(*node),
		_ => None,
	});
	assert!(down.is_empty(), "nodes recorded down: {down:?}");
}

/// The nodes a validator's offchain worker fetched in the runs at blocks `from..to`, from the
/// lines it logs (`oracle: block N: K node(s) due, ...`).
fn fetches(log: &str, from: u64, to: u64) -> u64 {
	log.lines()
		.filter_map(|line| {
			let rest = &line[line.find("oracle: block ")? + "oracle: block ".len()..];
			let (block, rest) = rest.split_once(": ")?;
			let (due, _) = rest.split_once(" node(s) due")?;
			let block: u64 = block.parse().ok()?;
			(from..to).contains(&block).then(|| due.parse::<u64>().ok()).flatten()
		})
		.sum()
}
