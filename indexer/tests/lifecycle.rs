//! The indexer against the real dev node with the real agent: after a contract's whole life
//! (created, deployed, charged, its node down a while, topped up, cancelled, paid out), and a
//! kill in the middle of the indexer's backfill, its rows equal the chain's events exactly.

use pallet_sc4it_contracts::ContractState;
use sc4it_testkit::{chain, *};
use std::time::{Duration, Instant};

/// A JSON amount (decimal text) as planck.
fn planck(value: &Value) -> u128 {
	value
		.as_str()
		.and_then(|text| text.parse().ok())
		.unwrap_or_else(|| panic!("not an amount: {value}"))
}

/// The rows of `list` written in blocks up to `last`.
fn up_to(list: &Value, last: u64) -> Vec<&Value> {
	list.as_array()
		.expect("a list")
		.iter()
		.filter(|row| row["block"].as_u64().unwrap() <= last)
		.collect()
}

#[test]
fn the_index_equals_the_chain_after_a_contracts_whole_life_and_a_kill_mid_backfill() {
	let dir = TempDir::new("indexer");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let mut node = Node::start_chain("node", dir.path(), &spec);
	let data = dir.path().join("agent-data");
	let cli = Cli::of(&node);
	let mut agent = Agent::start_demo_node(dir.path(), cli.url(), port, &data);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent_log(dir.path()), node.tail());

	// A contract's life: created and deployed, charged, its node down a while, topped up by
	// someone else, cancelled, and its last charge paid out to the farm.
	let args = ["--suri", "//Alice", "contract", "create", "--node", "0", "--size", "1GiB"];
	let created = cli.run_ok(&[&args[..], &["--disk", "ssd", "--deposit", "1"]].concat());
	let id = created["created"].as_u64().expect("a contract id");
	let charged = |n: &Node| chain::contract(n, id).map_or(0, |c| c.charged);
	wait(
		"the deployment",
		Duration::from_secs(90),
		|| chain::contract(&node, id).is_some_and(|c| c.state == ContractState::Deployed),
		context,
	);
	wait("a charge", Duration::from_secs(90), || charged(&node) > 0, context);
	agent.stop();
	let stopped = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"a period without the agent",
		Duration::from_secs(90),
		|| chain::confirmed_until(&node, 0).is_some_and(|c| c > stopped + 5),
		context,
	);
	agent.restart();
	let before = charged(&node);
	wait("billing again", Duration::from_secs(90), || charged(&node) > before, context);
	cli.run_ok(&["--suri", "//Bob", "contract", "top-up", &id.to_string(), "--amount", "0.5"]);
	cli.run_ok(&["--suri", "//Alice", "contract", "cancel", &id.to_string()]);
	wait(
		"the contract's end",
		Duration::from_secs(120),
		|| chain::contract(&node, id).is_none(),
		context,
	);
	wait(
		"the farm's payout",
		Duration::from_secs(120),
		|| chain::farm_ledger(&node, 0).pending == 0 && chain::farm_ledger(&node, 0).paid > 0,
		context,
	);
	let finalized = node.finalized_number().unwrap();
	node.wait_for("finality of the payout", Duration::from_secs(60), |n| {
		n.finalized_number().unwrap_or(0) > finalized
	});

	// The indexer, from genesis; killed once in the middle of its backfill, then again.
	let database = format!("sqlite:{}", dir.path().join("index.db").display());
	let mut indexer = Indexer::start(&node.ws_url(), &database, dir.path());
	let start = Instant::now();
	while indexer.indexed().is_none() {
		assert!(start.elapsed() < Duration::from_secs(60), "no block indexed: {}", indexer.log());
		std::thread::sleep(Duration::from_millis(20));
	}
	indexer.kill();
	indexer.restart();
	let last = node.finalized_number().unwrap();
	indexer.wait_for_block(last, Duration::from_secs(180));
	let log = indexer.log();
	let resumed: Vec<&str> = log.lines().filter(|l| l.contains("resuming after block")).collect();
	assert_eq!(resumed.len(), 1, "{log}");

	// Its rows equal the chain's events, up to the last block both have.
	let books = Ledger::read(&node, 1..=last);
	let expected = books.contract(id);
	let indexed = indexer.get_json(&format!("/api/contracts/{id}"));
	let charges: Vec<u128> =
		up_to(&indexed["charges"], last).iter().map(|c| planck(&c["amount"])).collect();
	assert_eq!(charges, expected.charges, "every charge, once, in order");
	assert!(charges.len() >= 2);
	let movements = up_to(&indexed["movements"], last);
	let sum = |kind: &str| -> u128 {
		movements.iter().filter(|m| m["kind"] == kind).map(|m| planck(&m["amount"])).sum()
	};
	assert_eq!(sum("top_up"), expected.topped_up);
	assert_eq!(sum("refund"), expected.refunded);
	assert!(expected.topped_up > 0 && expected.refunded > 0);
	assert_eq!(indexed["deployed_at"].as_u64(), expected.deployed.map(u64::from));
	assert_eq!(indexed["ended_at"].as_u64(), expected.ended.map(|(at, _)| u64::from(at)));
	assert_eq!(
		(planck(&indexed["closed_charged"]), planck(&indexed["closed_owed"])),
		expected.closed.expect("closed")
	);

	let health = indexer.get_json("/api/nodes/0/health");
	let periods: Vec<(u64, u64, bool, bool)> = up_to(&health["periods"], last)
		.iter()
		.map(|p| {
			(
				p["from"].as_u64().unwrap(),
				p["to"].as_u64().unwrap(),
				p["healthy"].as_bool().unwrap(),
				p["down"].as_bool().unwrap(),
			)
		})
		.collect();
	let chain_periods: Vec<(u64, u64, bool, bool)> = books
		.periods(0)
		.iter()
		.map(|p| (u64::from(p.from), u64::from(p.to), p.healthy, p.down))
		.collect();
	assert_eq!(periods, chain_periods, "every health period, once");
	assert!(periods.iter().any(|p| !p.2), "the agent's stop is a period without health");
	assert_eq!(health["farm"].as_u64(), Some(0), "the genesis node's farm");

	// The farm's statement for the whole range: its payouts, totalled.
	let statement = indexer.get_json("/api/farms/0/statement?from=2000-01-01&to=2999-12-31");
	let paid: u128 = up_to(&statement["payouts"], last).iter().map(|p| planck(&p["amount"])).sum();
	assert_eq!(paid, books.farm_paid(0));
	assert!(paid > 0);
}
