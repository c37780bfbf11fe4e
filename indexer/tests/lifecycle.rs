//! The indexer against the real dev node with the real agent: after a contract's whole life
//! (created, deployed, charged, its node down a while, topped up, cancelled, paid out), its rows
//! equal the chain's events exactly, in SQLite (killed once mid-backfill) and in a real
//! PostgreSQL server (killed once under it). Then the command line's history and statement, the
//! dashboard's pages in a real headless Chromium, and bad input of every kind.

#[path = "lifecycle/alerts_model.rs"]
mod alerts_model;
#[path = "lifecycle/finder.rs"]
mod finder;
#[path = "lifecycle/statement.rs"]
mod statement;

use pallet_sc4it_contracts::ContractState;
use sc4it_testkit::{chain, *};
use sp_core::crypto::Ss58Codec;
use std::{
	path::Path,
	time::{Duration, Instant},
};

/// The dev chain's token: 12 decimals, `SC4` (its chain spec's properties).
fn sc4(planck: u128) -> String {
	let one = 1_000_000_000_000u128;
	let (whole, fraction) = (planck / one, planck % one);
	if fraction == 0 {
		return format!("{whole} SC4");
	}
	format!("{whole}.{} SC4", format!("{fraction:012}").trim_end_matches('0'))
}

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

/// The text of the element with id `id` in a document Chromium rendered.
fn text_of(dom: &str, id: &str) -> String {
	let marker = format!("id=\"{id}\">");
	let start = dom.find(&marker).unwrap_or_else(|| panic!("no #{id} in the page:\n{dom}"));
	let rest = &dom[start + marker.len()..];
	rest[..rest.find('<').unwrap_or(rest.len())].replace("&amp;", "&")
}

/// The index of `indexer` equals the chain's books up to block `last`: every charge, top-up and
/// refund of contract `id`, its deployment, end and close, every health period of node 0, and
/// the payouts of farm 0.
fn assert_index_equals_chain(indexer: &Indexer, books: &Ledger, id: u64, last: u64) {
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
	// No event charged it per period: what each period of its node's health cost it, derived by
	// the index, adds up to what the chain billed it in all (paid and owed).
	let (charged, owed) = expected.closed.expect("closed");
	let periods = indexed["periods"].as_array().expect("periods");
	let due: u128 = periods.iter().map(|p| planck(&p["due"])).sum();
	assert_eq!(due, charged + owed, "the periods' costs are the contract's bill: {periods:?}");
	assert!(periods.iter().any(|p| p["healthy"] == false && p["billed_blocks"] == 0));

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

	let statement = indexer.get_json("/api/farms/0/statement?from=2000-01-01&to=2999-12-31");
	let paid: u128 = up_to(&statement["payouts"], last).iter().map(|p| planck(&p["amount"])).sum();
	assert_eq!(paid, books.farm_paid(0));
	assert!(paid > 0);
}

/// The alerts the index lists for `who` (whose farms hold `nodes`) up to block `last` are those
/// the chain's events give, each once, in order; the contract's end and its node's downtime
/// among them.
fn assert_alerts_equal_chain(
	indexer: &Indexer,
	books: &Ledger,
	who: sp_keyring::Sr25519Keyring,
	nodes: &[u32],
	last: u64,
) {
	let account = who.to_account_id();
	let expected = alerts_model::alerts_of(books, &account, nodes);
	let listed =
		indexer.get_json(&format!("/api/accounts/{}/alerts?limit=10000", account.to_ss58check()));
	let mut indexed: Vec<alerts_model::Expected> = up_to(&listed, last)
		.iter()
		.map(|alert| {
			let event = alerts_model::NAMES
				.into_iter()
				.find(|name| alert["event"] == *name)
				.unwrap_or_else(|| panic!("an alert the chain does not name: {alert}"));
			(
				alert["block"].as_u64().unwrap(),
				event,
				alert["contract"].as_u64(),
				alert["node"].as_u64().map(|n| n as u32),
			)
		})
		.collect();
	indexed.reverse();
	assert_eq!(indexed, expected, "{who:?}'s alerts");
	let named = |name: &str| expected.iter().any(|alert| alert.1 == name);
	assert!(named("NodeDown"), "{who:?} was told its node went down: {expected:?}");
	if nodes.is_empty() {
		assert!(named("ContractDeleted"), "{expected:?}");
	}
}

/// Waits until the indexer has written a first block.
fn wait_for_first_block(indexer: &Indexer) {
	let start = Instant::now();
	while indexer.indexed().is_none() {
		assert!(start.elapsed() < Duration::from_secs(60), "no block indexed: {}", indexer.log());
		std::thread::sleep(Duration::from_millis(20));
	}
}

#[test]
fn the_index_equals_the_chain_in_sqlite_and_postgresql_and_the_dashboard_shows_it() {
	let dir = TempDir::new("indexer");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let node = Node::start_chain("node", dir.path(), &spec);
	let data = dir.path().join("agent-data");
	let cli = Cli::of(&node);
	let mut agent = Agent::start_demo_node(dir.path(), cli.url(), port, &data);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent_log(dir.path()), node.tail());
	// A grid of one node, whose downtime this test records.
	chain::vote_down_on_a_grid_of_one(&node);

	// A contract's life: created and deployed, charged, its node down a while, topped up by
	// someone else, cancelled, and its last charge paid out to the farm.
	let create = ["--suri", "//Alice", "contract", "create", "--node", "0", "--size", "1GiB"];
	let created = cli.run_ok(&[&create[..], &["--disk", "ssd", "--deposit", "1"]].concat());
	let id = created["created"].as_u64().expect("a contract id");
	let charged = |n: &Node, id: u64| chain::contract(n, id).map_or(0, |c| c.charged);
	let deployed = |n: &Node, id: u64| {
		chain::contract(n, id).is_some_and(|c| c.state == ContractState::Deployed)
	};
	wait("the deployment", Duration::from_secs(90), || deployed(&node, id), context);
	wait("a charge", Duration::from_secs(90), || charged(&node, id) > 0, context);
	agent.stop();
	let stopped = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"a period without the agent",
		Duration::from_secs(90),
		|| chain::confirmed_until(&node, 0).is_some_and(|c| c > stopped + 5),
		context,
	);
	agent.restart();
	let before = charged(&node, id);
	wait("billing again", Duration::from_secs(90), || charged(&node, id) > before, context);
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
	// A second contract of Alice's that lives on, for the dashboard's runway.
	let created = cli.run_ok(&[&create[..], &["--disk", "ssd", "--deposit", "2"]].concat());
	let live = created["created"].as_u64().expect("a contract id");
	wait("its deployment", Duration::from_secs(90), || deployed(&node, live), context);
	wait("its first charge", Duration::from_secs(90), || charged(&node, live) > 0, context);
	// The dashboard shows the last finalized block's state.
	wait(
		"the finality of its first charge",
		Duration::from_secs(60),
		|| {
			let finalized = node.finalized_number().unwrap_or(0);
			chain::contract_at(&node, live, finalized).is_some_and(|c| c.charged > 0)
		},
		|| {
			format!(
				"best {:?}, finalized {:?}\n{}",
				node.best_number(),
				node.finalized_number(),
				context()
			)
		},
	);

	// SQLite, from genesis; killed once in the middle of its backfill. PostgreSQL beside it.
	let sqlite = format!("sqlite:{}", dir.path().join("index.db").display());
	let mut indexer = Indexer::start("indexer-sqlite", &node.ws_url(), &sqlite, dir.path());
	let postgres = Postgres::start(dir.path());
	let mut indexer_pg =
		Indexer::start("indexer-postgres", &node.ws_url(), &postgres.url(), dir.path());
	wait_for_first_block(&indexer);
	indexer.kill();
	indexer.restart();
	let last = node.finalized_number().unwrap();
	indexer.wait_for_block(last, Duration::from_secs(180));
	indexer_pg.wait_for_block(last, Duration::from_secs(180));
	let log = indexer.log();
	let resumed: Vec<&str> = log.lines().filter(|l| l.contains("resuming after block")).collect();
	assert_eq!(resumed.len(), 1, "{log}");

	let books = Ledger::read(&node, 1..=last);
	assert_index_equals_chain(&indexer, &books, id, last);
	assert_index_equals_chain(&indexer_pg, &books, id, last);
	for indexer in [&indexer, &indexer_pg] {
		assert_alerts_equal_chain(indexer, &books, sp_keyring::Sr25519Keyring::Alice, &[], last);
		assert_alerts_equal_chain(indexer, &books, sp_keyring::Sr25519Keyring::Charlie, &[0], last);
	}

	the_command_line_reads_the_index(&cli, &indexer, &books, id, last);
	statement::the_statement_equals_the_chain(&cli, &indexer, &books, &[id, live], last);
	the_dashboard_shows_the_chain(&node, &indexer, dir.path(), id, live, &books);
	finder::the_node_finder_equals_the_chain(&node, &cli, &indexer, &Browser::new(dir.path()));
	// The README's sessions for finding a node and an account's books, against this index.
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	let csv = dir.path().join("alice.csv");
	for marker in ["<!-- finder-session -->", "<!-- statement-session -->"] {
		let script =
			readme::session(marker).replace("alice-2026-12.csv", &csv.display().to_string());
		let env = [("SC4IT_URL", node.ws_url()), ("SC4IT_INDEXER", indexer.url())];
		let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
		readme::run_script(marker, &script, &home, &env);
	}
	let csv = std::fs::read_to_string(&csv).unwrap();
	assert!(csv.starts_with("block,time_utc,kind,contract,amount_planck"), "{csv}");
	bad_input_gets_a_clear_error(&cli, &indexer);

	// PostgreSQL dies under the indexer: it stops with a non-zero exit and says why; started
	// again on the same database, it goes on with nothing lost and nothing twice.
	let mut postgres = postgres;
	postgres.kill();
	let code = indexer_pg.wait_for_exit(Duration::from_secs(120));
	assert_eq!(code, Some(1), "{}", indexer_pg.log());
	assert!(indexer_pg.log().contains("error: database"), "{}", indexer_pg.log());
	postgres.start_again();
	indexer_pg.restart();
	let now = node.finalized_number().unwrap();
	indexer_pg.wait_for_block(now, Duration::from_secs(120));
	assert_index_equals_chain(&indexer_pg, &Ledger::read(&node, 1..=now), id, now);
	screenshots(&indexer, dir.path(), live);
}

/// Screenshots of the pages, for the docs: `SC4IT_SCREENSHOTS` names where to keep them.
fn screenshots(indexer: &Indexer, dir: &Path, live: u64) {
	let browser = Browser::new(dir);
	let url = indexer.url();
	let shots = std::env::var_os("SC4IT_SCREENSHOTS")
		.map(std::path::PathBuf::from)
		.unwrap_or_else(|| dir.join("screenshots"));
	std::fs::create_dir_all(&shots).unwrap();
	for (name, path) in [
		("dashboard-contract", format!("/contract?id={live}")),
		("dashboard-farm", "/farm?id=0".to_string()),
		("dashboard-network", "/network".to_string()),
	] {
		browser.screenshot(&format!("{url}{path}"), &shots.join(format!("{name}.png")), 1100, 1000);
	}
}

/// `sc4it contract history` and `sc4it farm statement [--csv]` show what the chain did.
fn the_command_line_reads_the_index(
	cli: &Cli,
	indexer: &Indexer,
	books: &Ledger,
	id: u64,
	last: u64,
) {
	let url = indexer.url();
	let history = cli.run_ok(&["--indexer", &url, "contract", "history", &id.to_string()]);
	let charges: Vec<u128> =
		up_to(&history["charges"], last).iter().map(|c| planck(&c["amount"])).collect();
	assert_eq!(charges, books.contract(id).charges);
	let (code, text, stderr) =
		cli.run_text(&["--indexer", &url, "contract", "history", &id.to_string()]);
	assert_eq!(code, 0, "{stderr}");
	assert!(text.contains(&sc4(books.contract(id).charged())), "{text}");

	let range = ["--from", "2000-01-01", "--to", "2999-12-31"];
	let statement =
		cli.run_ok(&[&["--indexer", &url, "farm", "statement", "0"][..], &range].concat());
	let paid: u128 = up_to(&statement["payouts"], last).iter().map(|p| planck(&p["amount"])).sum();
	assert_eq!(paid, books.farm_paid(0));

	// The CSV a farmer files: a header, a row per payout, a total that is the rows' sum.
	let (code, csv, stderr) = cli.run_text(
		&[&["--indexer", &url, "farm", "statement", "0"][..], &range, &["--csv"]].concat(),
	);
	assert_eq!(code, 0, "{stderr}");
	let mut lines = csv.lines();
	assert_eq!(lines.next(), Some("block,time_utc,account,amount_planck"), "{csv}");
	let (mut rows_up_to_last, mut all_rows, mut total) = (0u128, 0u128, None);
	for line in lines {
		let fields: Vec<&str> = line.split(',').collect();
		assert_eq!(fields.len(), 4, "{line}");
		let amount: u128 = fields[3].parse().unwrap_or_else(|_| panic!("{line}"));
		if fields[0] == "total" {
			total = Some(amount);
			continue;
		}
		all_rows += amount;
		if fields[0].parse::<u64>().unwrap() <= last {
			rows_up_to_last += amount;
		}
	}
	assert_eq!(rows_up_to_last, books.farm_paid(0), "{csv}");
	assert_eq!(total, Some(all_rows), "{csv}");
}

/// The dashboard in a real headless Chromium: each page shows the chain's figures.
fn the_dashboard_shows_the_chain(
	node: &Node,
	indexer: &Indexer,
	dir: &Path,
	ended: u64,
	live: u64,
	books: &Ledger,
) {
	let browser = Browser::new(dir);
	let url = indexer.url();

	// The ended contract: its state, and everything it was charged.
	let page = browser.dom(&format!("{url}/contract?id={ended}"));
	assert_eq!(text_of(&page, "state"), "ended: cancelled by its owner");
	assert_eq!(text_of(&page, "charged"), sc4(books.contract(ended).charged()));
	let charges = &page[page.find("id=\"charges\"").expect("a table of charges")
		..page.find("id=\"periods\"").expect("a table of periods")];
	assert_eq!(charges.matches("/report?hash=0x").count(), books.contract(ended).charges.len());
	// Its node's periods of health, each with what it cost: one row for each the API gives.
	let indexed = indexer.get_json(&format!("/api/contracts/{ended}"));
	let rows = &page[page.find("id=\"periods\"").expect("a table of periods")..];
	let listed = indexed["periods"].as_array().expect("periods").len();
	assert!(listed > 0);
	assert_eq!(rows.matches("/report?hash=0x").count(), listed, "{rows}");
	// A charge's report: the health it recorded and the charges made on it, this one among them.
	let at = page.find("/report?hash=").unwrap() + "/report?hash=".len();
	let report = &page[at..at + 66];
	let page = browser.dom(&format!("{url}/report?hash={report}"));
	assert!(page.contains(&format!("href=\"/contract?id={ended}\"")), "{page}");
	let periods = &page[page.find("class=\"periods\"").expect("a table of periods")..];
	assert!(periods.contains("href=\"/block?number="), "a period recorded on it: {page}");

	// The live one: deployed, paid until the date its funds reach at the chain's block time.
	let page = browser.dom(&format!("{url}/contract?id={live}"));
	let finalized = node.finalized_number().unwrap();
	assert_eq!(
		text_of(&page, "state"),
		"deployed",
		"best {:?}, finalized {finalized}: {:?}",
		node.best_number(),
		chain::contract_at(node, live, finalized).map(|c| c.state)
	);
	let finalized = node.finalized_number().unwrap();
	let now_ms: u64 =
		chain::storage(node, &chain::plain_key("Timestamp", "Now"), Some(finalized)).unwrap();
	let view = chain::contract(node, live).expect("the live contract");
	let paid_until = u64::from(view.paid_until.expect("a runway"));
	let expected_ms = now_ms as i64 + (paid_until as i64 - finalized as i64) * 3_000;
	let shown =
		chrono::NaiveDateTime::parse_from_str(&text_of(&page, "paid-until"), "%Y-%m-%d %H:%M UTC")
			.expect("a date")
			.and_utc()
			.timestamp_millis();
	assert!(
		(shown - expected_ms).abs() <= 3 * 60_000,
		"paid until {} shown, {} expected",
		text_of(&page, "paid-until"),
		expected_ms
	);
	assert!(page.contains("id=\"runway\""));

	// The farm: its node's timeline with the period without health, and what it was paid.
	let before = indexer.indexed().unwrap();
	let page = browser.dom(&format!("{url}/farm?id=0"));
	let after = indexer.indexed().unwrap();
	let unhealthy = books.periods(0).iter().filter(|p| !p.healthy).count();
	assert!(unhealthy >= 1);
	let shown =
		page.matches("class=\"down\"").count() + page.matches("class=\"no-report\"").count();
	assert_eq!(shown, unhealthy, "the timeline's periods without health");
	let paid = text_of(&page, "paid");
	let candidates: Vec<String> =
		(before..=after).map(|k| sc4(Ledger::read(node, 1..=k).farm_paid(0))).collect();
	assert!(candidates.contains(&paid), "paid {paid} shown, one of {candidates:?} expected");

	// The user: both contracts.
	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id().to_ss58check();
	let page = browser.dom(&format!("{url}/user?account={alice}"));
	assert_eq!(text_of(&page, "contracts"), "2");
	for id in [ended, live] {
		assert!(page.contains(&format!("href=\"/contract?id={id}\"")), "{page}");
	}
	// Its statement, this month by default, over all time when asked.
	let page = browser.dom(&format!("{url}/user?account={alice}&from=2000-01-01&to=2999-12-31"));
	let deposits = books.contract(ended).deposit + books.contract(live).deposit;
	assert_eq!(text_of(&page, "statement-deposited"), sc4(deposits));
	assert_eq!(text_of(&page, "statement-refunded"), sc4(books.contract(ended).refunded));
	// Its alerts: the ended contract's end, why, and its node's downtime.
	let alerts = &page[page.find("id=\"alerts\"").expect("the alerts' table")..];
	assert!(
		alerts.contains("ContractDeleted") && alerts.contains("cancelled by its owner"),
		"{alerts}"
	);
	assert!(alerts.contains("NodeDown"), "{alerts}");

	// The network: the validators and the council of the chain.
	let page = browser.dom(&format!("{url}/network"));
	assert!(page.contains(&alice), "Alice validates the dev chain: {page}");
	let council: Vec<sp_runtime::AccountId32> =
		chain::storage(node, &chain::plain_key("Council", "Members"), None).unwrap_or_default();
	for member in &council {
		assert!(page.contains(&member.to_ss58check()), "council member {member}: {page}");
	}
}

/// Unknown ids, malformed dates and unreachable services: a clear error, the documented exit
/// code, nothing written.
fn bad_input_gets_a_clear_error(cli: &Cli, indexer: &Indexer) {
	for (path, status, says) in [
		("/api/contracts/987654", 404, "no contract 987654"),
		("/api/contracts/abc", 400, "not a contract id"),
		("/api/farms/77/statement?from=2026-01-01&to=2026-02-01", 404, "no farm 77"),
		("/api/farms/0/statement?from=2026-13-01&to=2026-12-31", 400, "not a date"),
		("/api/farms/0/statement?from=2026-12-02&to=2026-12-01", 400, "ends"),
		("/api/farms/0/statement?from=2026-12-01&to=2026-12-02&format=xml", 400, "unknown format"),
		("/api/nodes/4242/health", 404, "no node 4242"),
		("/contract?id=987654", 404, "no contract 987654"),
		("/farm?id=-", 400, "not a farm id"),
		("/report?hash=0x12", 400, "not a report hash"),
		("/block?number=99999999", 404, "not in the index"),
	] {
		let (code, body) = indexer.get(path).unwrap();
		assert_eq!(code, status, "GET {path}: {body}");
		assert!(body.contains(says), "GET {path}: {body}");
	}

	let url = indexer.url();
	let (code, _, stderr) = cli.run(&["--indexer", &url, "contract", "history", "987654"]);
	assert_eq!(code, 5, "unknown contract: {stderr}");
	assert!(stderr.contains("no contract 987654"), "{stderr}");
	let statement = ["--indexer", &url, "farm", "statement"];
	let (code, _, stderr) =
		cli.run(&[&statement[..], &["77", "--from", "2026-01-01", "--to", "2026-02-01"]].concat());
	assert_eq!(code, 5, "unknown farm: {stderr}");
	assert!(stderr.contains("no farm 77"), "{stderr}");
	let (code, _, stderr) =
		cli.run(&[&statement[..], &["0", "--from", "2026-13-01", "--to", "2026-12-31"]].concat());
	assert_eq!(code, 2, "a malformed date: {stderr}");
	let (code, _, stderr) =
		cli.run(&[&statement[..], &["0", "--from", "2026-12-02", "--to", "2026-12-01"]].concat());
	assert_eq!(code, 2, "a reversed range: {stderr}");
	assert!(stderr.contains("before"), "{stderr}");
	let nowhere = format!("http://127.0.0.1:{}", free_port());
	let (code, _, stderr) = cli.run(&["--indexer", &nowhere, "contract", "history", "1"]);
	assert_eq!(code, 3, "no indexer there: {stderr}");
	assert!(stderr.contains("cannot reach the indexer"), "{stderr}");

	// A database nobody serves: the indexer says so and exits non-zero, at once.
	let dir = TempDir::new("indexer-nowhere");
	let nobody = format!("postgres://sc4it@127.0.0.1:{}/sc4it", free_port());
	let mut unreachable = Indexer::start("indexer-unreachable", cli.url(), &nobody, dir.path());
	assert_eq!(unreachable.wait_for_exit(Duration::from_secs(60)), Some(1));
	assert!(unreachable.log().contains("cannot open the database"), "{}", unreachable.log());
}
