//! The soak run (not part of the test command: `./scripts/soak.sh`): a dev chain, several nodes
//! with their agents, and many contracts of several users — long ones, short ones that run out,
//! some cancelled, some topped up — for a chosen time. Every minute it prints the charges of that
//! minute; at the end it checks the books over the chain's whole record:
//! issuance = start − fees, every contract's money adds up, every node's health timeline is
//! contiguous (no block billed twice), and every farm's payouts are what its contracts paid less
//! the fee.
//!
//! Settings (environment): `SC4IT_SOAK_MINUTES` (10), `SC4IT_SOAK_AGENTS` (4),
//! `SC4IT_SOAK_CONTRACTS` (40).

use sc4it_runtime::{Balance, RuntimeCall, UNIT};
use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

fn setting(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
#[ignore = "a long run: ./scripts/soak.sh"]
fn soak() {
	let minutes = setting("SC4IT_SOAK_MINUTES", 10);
	let agents = setting("SC4IT_SOAK_AGENTS", 4) as u32;
	let contracts = setting("SC4IT_SOAK_CONTRACTS", 40);
	let dir = TempDir::new("soak");
	let spec = chain::dev_spec_with_demo_url(dir.path(), "http://127.0.0.1:9");
	let mut node = Node::start_chain("node", dir.path(), &spec);
	let cli = Cli::of(&node);
	let issuance_at_start = chain::total_issuance(&node);
	println!("soak: {minutes} min, {agents} nodes with agents, {contracts} contracts");

	// A farm of Dave's with `agents` nodes, each with its agent.
	let farm = cli.run_ok(&["--suri", "//Dave", "farm", "create", "--name", "soak"])["created"]
		.as_u64()
		.unwrap() as u32;
	let mut processes = Vec::new();
	let mut nodes = Vec::new();
	for i in 0..agents {
		let key = dir.path().join(format!("node-{i}.key"));
		let port = free_port();
		let id =
			cli.register_node("//Dave", farm, &key, &format!("http://127.0.0.1:{port}"), "1000GiB");
		let data = dir.path().join(format!("agent-{i}"));
		processes.push(Agent::start_node(cli.url(), id, &key, &data, port, None));
		nodes.push(id);
	}

	// Contracts: users in turn, nodes in turn; a third short (they run out and are
	// decommissioned), the rest long; some are cancelled and some topped up as time goes by.
	let users =
		[Sr25519Keyring::Eve, Sr25519Keyring::Ferdie, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
	let rate = chain::dev_ssd_rate_per_gib_block();
	for i in 0..contracts {
		// Runway, beside the grace reserve every contract holds.
		let grace = sc4it_runtime::genesis_config_presets::dev_billing_policy().grace_period_blocks;
		let blocks = u128::from(grace) + if i % 3 == 0 { 25 } else { 2_000 };
		let call = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: nodes[(i % u64::from(agents)) as usize],
			volume: sc4it_primitives::Volume {
				size_gib: 1,
				disk_type: sc4it_primitives::DiskType::Ssd,
			},
			deposit: rate * blocks,
		});
		chain::submit(&node, users[(i % 4) as usize], call).expect("submitted");
	}

	let start = Instant::now();
	let mut minute = 0;
	let mut seen_until = 0;
	let mut charged_total: Balance = 0;
	let mut charge_events = 0u64;
	while start.elapsed() < Duration::from_secs(60 * minutes) {
		std::thread::sleep(
			Duration::from_secs(60)
				.saturating_sub(start.elapsed() - Duration::from_secs(60 * minute)),
		);
		minute += 1;
		let best = node.best_number().unwrap();
		let minute_books = Ledger::read(&node, seen_until + 1..=best);
		let charges = minute_books.contracts().values().flat_map(|books| books.charges.iter());
		let (charged, events) = charges.fold((0, 0u64), |(sum, n), charge| (sum + charge, n + 1));
		charge_events += events;
		seen_until = best;
		charged_total += charged;
		println!(
			"soak: minute {minute}: block {best}, {events} charges, {} planck this minute ({} SC4 so far)",
			charged,
			charged_total as f64 / UNIT as f64
		);
		// Now and then a user cancels one contract and tops up another.
		let id = (minute * 7) % contracts;
		if chain::contract(&node, id).is_some() && minute % 2 == 0 {
			let owner = users[(id % 4) as usize];
			let _ = chain::submit(
				&node,
				owner,
				RuntimeCall::Contracts(pallet_sc4it_contracts::Call::cancel { contract: id }),
			);
		}
		let id = (minute * 5 + 1) % contracts;
		if chain::contract(&node, id).is_some() {
			let _ = chain::submit(
				&node,
				Sr25519Keyring::Alice,
				RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up {
					contract: id,
					amount: rate * 100,
				}),
			);
		}
	}

	// The books, over the chain's whole record.
	let best = node.best_number().unwrap();
	let books = Ledger::read(&node, 1..=best);
	let fee = sp_runtime::Perbill::from_percent(10);
	let for_farm: Balance = books
		.contracts()
		.values()
		.flat_map(|books| books.charges.iter())
		.map(|charge| charge - fee.mul_floor(*charge))
		.sum();
	let (fees, farm_paid) = (books.total_fees(), books.farm_paid(farm));
	let mut failures = Vec::new();
	if chain::total_issuance(&node) != issuance_at_start - fees {
		failures.push("total issuance != start - fees".to_string());
	}
	let (mut live, mut ended) = (0, 0);
	for (id, m) in books.contracts() {
		// A live contract's view counts what its node confirmed but the sweep has not settled
		// yet as charged (and no longer as held): the events show only settled charges.
		let (charged, held) = match chain::contract_at(&node, *id, best) {
			Some(view) => {
				live += 1;
				if view.charged < m.charged() {
					failures.push(format!("contract {id}: charged less than its charge events"));
				}
				(view.charged, view.held)
			},
			None => {
				ended += 1;
				(m.charged(), 0)
			},
		};
		if m.deposit + m.topped_up != charged + m.refunded + held {
			failures.push(format!("contract {id}: deposit + top-ups != charged + refunded + held"));
		}
	}
	for (n, p) in books.all_periods() {
		if p.windows(2).any(|w| w[0].to != w[1].from) {
			failures.push(format!("node {n}: health periods overlap or leave a gap"));
		}
	}
	let ledger = chain::farm_ledger(&node, farm);
	if ledger.paid + ledger.pending != for_farm || ledger.paid != farm_paid {
		failures.push("farm payouts != charges less fees".to_string());
	}
	println!(
		"soak: done at block {best}: {} contracts ({live} live, {ended} ended), {} UNIT charged, \
		 {} UNIT paid to the farm, {} charge events per minute on average; invariants: {}",
		books.contracts().len(),
		charged_total as f64 / UNIT as f64,
		farm_paid as f64 / UNIT as f64,
		charge_events / minutes.max(1),
		if failures.is_empty() { "all hold".to_string() } else { failures.join("; ") }
	);
	assert!(failures.is_empty(), "{failures:?}");
	drop(processes);
	node.kill();
}
