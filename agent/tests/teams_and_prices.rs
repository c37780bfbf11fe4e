//! Farms' own prices, automatic top-ups and team accounts on a real dev chain, with the demo
//! node's agent and a second farm's agent, driven by the CLI as users and farmers drive it:
//!
//! - two farms with different prices: each contract's rate is its farm's price times its size,
//!   every charge is that rate times the blocks billed, and a later price change leaves running
//!   contracts as they were; a rise waits its notice while the quote stays;
//! - a contract with an automatic top-up runs past its first runway on top-ups, then, its
//!   owner's balance drained, warns and goes into grace; every top-up equals the setting, and
//!   while they run nobody else can change the setting;
//! - the README's sessions for prices, automatic top-up and team accounts, as written: a 2-of-3
//!   multisig creates and funds a contract, its proxy tops it up and cannot transfer its funds.

use pallet_sc4it_contracts::{AutoTopUpFailure, Event as ContractsEvent};
use sc4it_primitives::{DiskType, Volume};
use sc4it_runtime::{
	AccountId, Balance, RuntimeCall, RuntimeEvent, EXISTENTIAL_DEPOSIT, MICRO_UNIT, MILLI_UNIT,
	UNIT,
};
use sc4it_testkit::*;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Ferdie};
use std::{path::Path, time::Duration};

/// The dev chain's grid price of SSD, per GiB and block (runtime/src/genesis_config_presets.rs
/// sets 10 µUNIT; written here, not read from the code under test).
const GRID_SSD: Balance = 10 * MICRO_UNIT;

fn contracts_events(ledger: &Ledger) -> Vec<(u64, ContractsEvent<sc4it_runtime::Runtime>)> {
	ledger
		.events
		.iter()
		.filter_map(|(block, event)| match event {
			RuntimeEvent::Contracts(e) => Some((*block, e.clone())),
			_ => None,
		})
		.collect()
}

/// Every charge of `contract` as (amount, blocks billed).
fn charges(ledger: &Ledger, contract: u64) -> Vec<(Balance, u64)> {
	contracts_events(ledger)
		.into_iter()
		.filter_map(|(_, e)| match e {
			ContractsEvent::Charged { contract: c, amount, billed_blocks, .. } if c == contract => {
				Some((amount, billed_blocks))
			},
			_ => None,
		})
		.collect()
}

fn created_rate(ledger: &Ledger, contract: u64) -> Balance {
	ledger.contract(contract).rate
}

/// Starts the dev chain and the demo node's agent; returns them with the chain's URL.
fn grid(dir: &Path) -> (Node, Agent, String) {
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir, &format!("http://127.0.0.1:{port}"));
	let node = Node::start_chain("node", dir, &spec);
	let url = node.ws_url();
	let agent = Agent::start_demo_node(dir, &url, port, &dir.join("demo-agent"));
	(node, agent, url)
}

/// `sc4it --suri SURI contract create` of 10 GiB of SSD on `node` with a deposit of 1, and
/// `more`.
fn ten_gib_ssd<'a>(suri: &'a str, node: &'a str, more: &[&'a str]) -> Vec<&'a str> {
	let mut args = vec!["--suri", suri, "contract", "create", "--node", node];
	args.extend(["--size", "10GiB", "--disk", "ssd", "--deposit", "1"]);
	args.extend(more);
	args
}

#[test]
fn farms_prices_automatic_top_ups_and_a_team_account() {
	let dir = TempDir::new("teams-prices");
	let (mut node, mut demo_agent, url) = grid(dir.path());
	let cli = Cli::new(&url);
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	let database = format!("sqlite:{}", dir.path().join("index.db").display());
	let mut indexer = Indexer::start("indexer", &url, &database, dir.path());
	indexer.wait_for_block(1, Duration::from_secs(120));
	let indexer_url = indexer.url();
	let env = [("SC4IT_URL", url.as_str()), ("SC4IT_INDEXER", indexer_url.as_str())];

	// The README's automatic top-up session (its contract is 0, Alice's), then its prices
	// session: Charlie's farm 0 lowers its SSD price to 8 µUNIT, and Bob rents at it.
	let out = readme::run("<!-- auto-top-up-session -->", &home, &env);
	assert_eq!(out.matches("refused (exit 4)").count(), 1, "Bob's attempt is refused:\n{out}");
	readme::run("<!-- prices-session -->", &home, &env);
	let bobs_first = 1;
	node.wait_for("Bob's contract", Duration::from_secs(60), |n| {
		chain::contract(n, bobs_first).is_some()
	});

	// Dave's farm 1 and its node, with its own agent, at 5 µUNIT for SSD.
	cli.run_ok(&["--suri", "//Dave", "farm", "create", "--name", "daves-farm"]);
	let daves_port = free_port();
	let key = dir.path().join("dave.key");
	let daves_node =
		cli.register_node("//Dave", 1, &key, &format!("http://127.0.0.1:{daves_port}"), "500GiB");
	let mut daves_agent = Agent::start_node(
		&url,
		daves_node,
		&key,
		&dir.path().join("dave-agent"),
		daves_port,
		Some(&dir.path().join("dave-agent.log")),
	);
	let set = cli.run_ok(&[
		"--suri",
		"//Dave",
		"farm",
		"set-prices",
		"1",
		"--ssd",
		"0.000005",
		"--hdd",
		"0.000001",
	]);
	assert_eq!(set["ssd_per_gib_block"]["planck"], (5 * MICRO_UNIT).to_string());

	// Contracts of 10 GiB on each farm: each at its own farm's price.
	let on_farm_0 = cli.run_ok(&ten_gib_ssd("//Alice", "0", &[]))["created"].as_u64().unwrap();
	let on_farm_1 = cli.run_ok(&ten_gib_ssd("//Alice", &daves_node.to_string(), &[]))["created"]
		.as_u64()
		.unwrap();

	// Charlie lowers his price again, then raises it: the running contract keeps its rate; a
	// new one pays the lower price at once; the rise waits its notice (200 blocks) and the
	// quote shows the price in force meanwhile.
	cli.run_ok(&[
		"--suri",
		"//Charlie",
		"farm",
		"set-prices",
		"0",
		"--ssd",
		"0.000006",
		"--hdd",
		"0.000002",
	]);
	let rise = cli.run_ok(&[
		"--suri",
		"//Charlie",
		"farm",
		"set-prices",
		"0",
		"--ssd",
		"0.000009",
		"--hdd",
		"0.000002",
	]);
	let rise_from = rise["from_block"].as_u64().unwrap();
	let shown = cli.run_ok(&["farm", "show", "0"]);
	assert_eq!(shown["rise"]["from_block"].as_u64(), Some(rise_from));
	let after_change = cli.run_ok(&ten_gib_ssd("//Bob", "0", &[]));
	let after_change_id = after_change["created"].as_u64().unwrap();
	assert_eq!(after_change["quote"]["per_gib_block"]["planck"], (6 * MICRO_UNIT).to_string());
	assert!(
		node.best_number().unwrap() < rise_from,
		"the contract was created before the rise applied"
	);
	// A rate read when the price was lower (5 µUNIT a GiB): the chain fixes no contract above
	// the highest rate its user signed. Refused by the CLI's dry run (exit 4, no fee), and by
	// the chain itself for a transaction sent past the CLI; nothing is created or held.
	let (bob, next_id): (AccountId, _) = (Bob.to_account_id(), chain::next_contract_id(&node));
	let older_rate = format!("{}planck", 5 * MICRO_UNIT * 10);
	let (code, _, stderr) = cli.run(&ten_gib_ssd("//Bob", "0", &["--max-rate", &older_rate]));
	assert_eq!(code, 4, "{stderr}");
	assert!(stderr.contains("RateAboveLimit"), "{stderr}");
	let sent_at = node.best_number().unwrap();
	let past_the_cli =
		RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract_with_max_rate {
			node: 0,
			volume: Volume { size_gib: 10, disk_type: DiskType::Ssd },
			deposit: UNIT,
			max_rate: 5 * MICRO_UNIT * 10,
		});
	chain::submit(&node, Bob, past_the_cli).unwrap();
	let refused = || pallet_sc4it_contracts::Error::<sc4it_runtime::Runtime>::RateAboveLimit;
	node.wait_for("the chain refuses the rate", Duration::from_secs(60), |n| {
		chain::failed_with(n, sent_at..=n.best_number().unwrap(), refused())
	});
	assert_eq!(chain::next_contract_id(&node), next_id, "no contract created");
	let refused_by = node.best_number().unwrap();
	let fees = Ledger::read(&node, sent_at + 1..=refused_by).fees_of(&bob);
	assert_eq!(
		chain::free_balance_at(&node, &bob, refused_by),
		chain::free_balance_at(&node, &bob, sent_at) - fees,
		"Bob paid the fee alone"
	);

	// Billed at their own farm's price: the contracts stream their rates (a charge is taken
	// when a contract settles); at one block, each has been charged its rate for every block
	// its node was recorded healthy since the deployment.
	node.wait_for("charges on both farms", Duration::from_secs(180), |n| {
		[on_farm_0, on_farm_1]
			.iter()
			.all(|id| chain::contract(n, *id).is_some_and(|c| c.charged > 0))
	});
	let best = node.best_number().unwrap();
	let ledger = Ledger::read(&node, 1..=best);
	let expected = [
		(bobs_first, 8 * MICRO_UNIT),
		(on_farm_0, 8 * MICRO_UNIT),
		(on_farm_1, 5 * MICRO_UNIT),
		(after_change_id, 6 * MICRO_UNIT),
	];
	for (contract, price) in expected {
		assert_eq!(created_rate(&ledger, contract), price * 10, "contract {contract}'s rate");
	}
	for (contract, grid_node) in [(on_farm_0, 0), (on_farm_1, daves_node)] {
		let deployed = ledger.contract(contract).deployed.expect("deployed");
		let last = ledger.periods(grid_node).last().expect("health recorded").to;
		let view = chain::contract_at(&node, contract, best).unwrap();
		assert_eq!(
			view.charged + view.owed,
			created_rate(&ledger, contract) * ledger.healthy_blocks(grid_node, deployed, last),
			"contract {contract}: its rate for every healthy block"
		);
		// Every charge taken so far is the rate times the blocks it billed.
		for (amount, blocks) in charges(&ledger, contract) {
			assert_eq!(amount, view.rate * Balance::from(blocks), "contract {contract}: a charge");
		}
	}
	assert_ne!(GRID_SSD, 8 * MICRO_UNIT, "the farms' prices are not the grid's");

	// The node finder prices each node at its farm's price in force, with the rise to come.
	let best = node.finalized_number().unwrap();
	indexer.wait_for_block(best, Duration::from_secs(120));
	let (status, body) = indexer.get("/api/nodes?disk=ssd&sort=node").unwrap();
	assert_eq!(status, 200, "{body}");
	let found: serde_json::Value = serde_json::from_str(&body).unwrap();
	let node_0 = &found["nodes"][0];
	assert_eq!(node_0["price_per_gib_block"], (6 * MICRO_UNIT).to_string(), "{found}");
	assert_eq!(node_0["own_price"], true);
	assert_eq!(node_0["price_rise"]["price_per_gib_block"], (9 * MICRO_UNIT).to_string());
	assert_eq!(node_0["price_rise"]["from_block"].as_u64(), Some(rise_from));
	let node_1 = &found["nodes"][1];
	assert_eq!(node_1["price_per_gib_block"], (5 * MICRO_UNIT).to_string(), "{found}");

	automatic_top_ups(&mut node, &cli, &mut indexer);
	indexer.kill();

	// The README's team session, as written, on a chain of its own.
	daves_agent.stop();
	demo_agent.stop();
	node.kill();
	readme_sessions(dir.path());
}

/// A contract of Ferdie's with an automatic top-up: topped up past its first runway while Bob
/// tries to change the setting, then, Ferdie's balance drained, warned and in grace. The
/// dashboard shows the setting on the contract's and Ferdie's pages.
fn automatic_top_ups(node: &mut Node, cli: &Cli, indexer: &mut Indexer) {
	let ferdie: AccountId = Ferdie.to_account_id();
	// 4 GiB of SSD on node 0 at 6 µUNIT: 24 µUNIT a block (the agent makes a volume only where
	// the disk has room for its whole size: small, so that the test does not depend on the
	// machine's free space). The least deposit pays 20 blocks of runway (the dev chain's
	// minimum, its low-runway window too) and 40 of grace reserve.
	let rate = 6 * MICRO_UNIT * 4;
	let least = rate * 60;
	let created = cli.run_ok(&[
		"--suri",
		"//Ferdie",
		"contract",
		"create",
		"--node",
		"0",
		"--size",
		"4GiB",
		"--disk",
		"ssd",
		"--deposit",
		&format!("{least}planck"),
	]);
	let id = created["created"].as_u64().unwrap();
	assert_eq!(created["quote"]["rate_per_block"]["planck"], rate.to_string());
	// Each top-up buys the 20 blocks of the low-runway window.
	let amount = rate * 20;
	cli.run_ok(&[
		"--suri",
		"//Ferdie",
		"contract",
		"auto-top-up",
		&id.to_string(),
		"--amount",
		&format!("{amount}planck"),
		"--cap",
		"1000",
	]);
	// The first top-up, then Bob's attempts while they go on: refused, nothing changed.
	let started = std::time::Instant::now();
	while auto_topped_up(&Ledger::up_to_best(node), id).is_empty() {
		if started.elapsed() > Duration::from_secs(120) {
			let events: Vec<_> = contracts_events(&Ledger::up_to_best(node))
				.into_iter()
				.filter(|(_, e)| format!("{e:?}").contains(&format!("contract: {id}")))
				.collect();
			panic!("no automatic top-up of contract {id}: its events {events:?}");
		}
		std::thread::sleep(Duration::from_millis(500));
	}
	let (code, _, stderr) = cli.run(&[
		"--suri",
		"//Bob",
		"contract",
		"auto-top-up",
		&id.to_string(),
		"--amount",
		"1",
		"--cap",
		"1000",
	]);
	assert_eq!(code, 4, "Bob cannot change Ferdie's setting: {stderr}");
	assert!(stderr.contains("NotOwner"), "{stderr}");
	let (code, _, _) =
		cli.run(&["--suri", "//Bob", "contract", "auto-top-up", &id.to_string(), "--off"]);
	assert_eq!(code, 4, "nor stop it");
	// The dashboard's pages show the setting, read from the chain: 0.48 mUNIT a top-up
	// (0.00048), at most 1000 a period.
	indexer.wait_for_block(node.finalized_number().unwrap(), Duration::from_secs(120));
	let shown_in = |path: &str, from: &str, to: &str| -> String {
		let (status, page) = indexer.get(path).unwrap();
		assert_eq!(status, 200, "{path}: {page}");
		let after = page.split_once(from).unwrap_or_else(|| panic!("{path}: no {from}: {page}")).1;
		after.split_once(to).map_or(after, |(part, _)| part).to_string()
	};
	let on_contract = shown_in(&format!("/contract?id={id}"), "id=\"auto-top-up\"", "</p>");
	assert!(on_contract.contains("0.00048 ") && on_contract.contains(" 1000 "), "{on_contract}");
	let row =
		shown_in(&format!("/user?account={ferdie}"), &format!("/contract?id={id}\""), "</tr>");
	assert!(row.contains("0.00048 ") && row.contains(" of 1000 "), "{row}");
	// Ferdie keeps one and a half top-ups of free balance beside his existential deposit: one
	// more top-up, then short. What a transfer costs him is measured first, with a probe.
	let transfer = |value: Balance| {
		sc4it_runtime::RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Alice.to_account_id().into(),
			value,
		})
	};
	let fees_before = Ledger::up_to_best(node).fees_of(&ferdie);
	let nonce = chain::nonce(node, &ferdie);
	chain::submit(node, Ferdie, transfer(UNIT)).unwrap();
	node.wait_for("the probe", Duration::from_secs(60), |n| chain::nonce(n, &ferdie) > nonce);
	let fee = Ledger::up_to_best(node).fees_of(&ferdie) - fees_before;
	let keep = EXISTENTIAL_DEPOSIT + amount * 3 / 2;
	let free = chain::free_balance(node, &ferdie);
	chain::submit(node, Ferdie, transfer(free - keep - fee)).unwrap();
	node.wait_for("the top-ups to run out", Duration::from_secs(400), |n| {
		contracts_events(&Ledger::up_to_best(n)).iter().any(
			|(_, e)| matches!(e, ContractsEvent::GracePeriodStarted { contract, .. } if *contract == id),
		)
	});
	let ledger = Ledger::up_to_best(node);
	let topped = auto_topped_up(&ledger, id);
	assert!(topped.len() >= 2, "topped up past its first runway: {topped:?}");
	assert!(topped.iter().all(|a| *a == amount), "each top-up is the setting's amount");
	// Every automatic top-up is a top-up by Ferdie of the same amount.
	let by_ferdie: Vec<Balance> = contracts_events(&ledger)
		.into_iter()
		.filter_map(|(_, e)| match e {
			ContractsEvent::ToppedUp { contract, by, amount, .. }
				if contract == id && by == ferdie =>
			{
				Some(amount)
			},
			_ => None,
		})
		.collect();
	assert_eq!(by_ferdie, topped);
	assert_eq!(ledger.contract(id).topped_up, topped.iter().sum::<Balance>());
	// Then, in this order: the failure for want of funds, the warning, grace.
	let order: Vec<&str> = contracts_events(&ledger)
		.iter()
		.filter_map(|(_, e)| match e {
			ContractsEvent::AutoTopUpFailed { contract, reason: AutoTopUpFailure::FundsShort }
				if *contract == id =>
			{
				Some("failed")
			},
			ContractsEvent::LowRunway { contract, .. } if *contract == id => Some("low"),
			ContractsEvent::GracePeriodStarted { contract, .. } if *contract == id => Some("grace"),
			_ => None,
		})
		.collect();
	assert_eq!(order, ["failed", "low", "grace"]);
	// Each decision was the balance's: a top-up where Ferdie's free balance, less his
	// existential deposit, had the amount at the block before; the failure where it had not.
	let decisions: Vec<(u64, bool)> = contracts_events(&ledger)
		.into_iter()
		.filter_map(|(block, e)| match e {
			ContractsEvent::AutoToppedUp { contract, .. } if contract == id => Some((block, true)),
			ContractsEvent::AutoTopUpFailed { contract, .. } if contract == id => {
				Some((block, false))
			},
			_ => None,
		})
		.collect();
	for (block, topped_up) in decisions {
		let spendable = chain::free_balance_at(node, &ferdie, block - 1) - EXISTENTIAL_DEPOSIT;
		assert_eq!(spendable >= amount, topped_up, "block {block}: {spendable} spendable");
	}
	assert!(chain::free_balance(node, &ferdie) < amount + EXISTENTIAL_DEPOSIT, "drained");
}

fn auto_topped_up(ledger: &Ledger, id: u64) -> Vec<Balance> {
	contracts_events(ledger)
		.into_iter()
		.filter_map(|(_, e)| match e {
			ContractsEvent::AutoToppedUp { contract, amount, .. } if contract == id => Some(amount),
			_ => None,
		})
		.collect()
}

/// The README's team session on a fresh chain of its own (it names the team's contract 0).
fn readme_sessions(dir: &Path) {
	let dir = dir.join("team");
	std::fs::create_dir_all(&dir).unwrap();
	let (mut node, mut agent, url) = grid(&dir);
	let home = dir.join("home");
	std::fs::create_dir_all(&home).unwrap();
	let out = readme::run("<!-- team-session -->", &home, &[("SC4IT_URL", url.as_str())]);
	assert_eq!(out.matches("refused (exit 4)").count(), 1, "Dave's transfer is refused:\n{out}");
	team_checks(&node, &Cli::new(&url));
	agent.stop();
	node.kill();
}

/// After the team session: the multisig owns contract 0 and funded it, Dave's top-up came from
/// the team's funds, and Dave holds no more than he had.
fn team_checks(node: &Node, cli: &Cli) {
	let alice = Alice.to_account_id().to_string();
	let bob = Bob.to_account_id().to_string();
	let charlie = sp_keyring::Sr25519Keyring::Charlie.to_account_id().to_string();
	let team =
		cli.run_ok(&["team", "multisig-address", "--threshold", "2", &alice, &bob, &charlie]);
	let team = team["address"].as_str().unwrap().to_string();
	let listed = cli.run_ok(&["contract", "list", "--owner", &team]);
	assert_eq!(listed["contracts"][0]["id"].as_u64(), Some(0), "{listed}");
	let ledger = Ledger::up_to_best(node);
	let books = ledger.contract(0);
	assert_eq!(books.deposit, 500 * MILLI_UNIT);
	assert_eq!(books.topped_up, 100 * MILLI_UNIT);
	let dave = sp_keyring::Sr25519Keyring::Dave.to_account_id();
	let top_ups: Vec<_> = contracts_events(&ledger)
		.into_iter()
		.filter_map(|(_, e)| match e {
			ContractsEvent::ToppedUp { contract: 0, by, .. } => Some(by),
			_ => None,
		})
		.collect();
	assert_eq!(top_ups.len(), 1);
	assert_ne!(top_ups[0], dave, "the team's funds paid Dave's top-up");
	assert_eq!(top_ups[0].to_string(), team);
}
