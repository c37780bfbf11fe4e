//! How fast the indexer backfills a chain with 100,000 contracts (the resources benchmark's
//! chain), into SQLite and into PostgreSQL, and how fast the dashboard's pages and the API
//! answer at that size. Ignored in the test command (it measures, with release binaries);
//! `scripts/indexer-bench.sh` runs it and keeps the result in docs/indexer-bench.txt.

use sc4it_testkit::*;
use sp_core::crypto::Ss58Codec;
use std::{
	path::Path,
	time::{Duration, Instant},
};

/// Requests timed per page.
const SAMPLES: usize = 20;

/// (median, slowest) of `SAMPLES` answers to `GET path`, each of which must be a 200.
fn answer_times(indexer: &Indexer, path: &str) -> (Duration, Duration) {
	let mut times = Vec::with_capacity(SAMPLES);
	for _ in 0..SAMPLES {
		let start = Instant::now();
		let (status, body) = indexer.get(path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
		times.push(start.elapsed());
		assert_eq!(status, 200, "GET {path}: {body}");
	}
	times.sort();
	(times[SAMPLES / 2], times[SAMPLES - 1])
}

fn copy_dir(from: &Path, to: &Path) {
	let status = std::process::Command::new("cp").arg("-a").arg(from).arg(to).status().unwrap();
	assert!(status.success(), "cp -a {} {}", from.display(), to.display());
}

#[test]
#[ignore = "a measurement: scripts/indexer-bench.sh"]
fn backfill_and_pages_at_a_hundred_thousand_contracts() {
	let chain = std::env::var_os("SC4IT_BENCH_CHAIN")
		.expect("SC4IT_BENCH_CHAIN: the resources benchmark's chain (scripts/indexer-bench.sh)");
	let dir = TempDir::new("indexer-bench");
	// A copy: the node writes to its database, and the chain is kept for the next run.
	let base = dir.path().join("base");
	copy_dir(Path::new(&chain), &base);
	let mut node =
		Node::start("bench-node", dir.path(), &["--dev", "--base-path", base.to_str().unwrap()]);
	node.wait_for("the chain", Duration::from_secs(120), |n| n.finalized_number().unwrap_or(0) > 0);
	let head = node.finalized_number().unwrap();
	let contracts = chain::next_contract_id(&node);
	let postgres = Postgres::start(dir.path());
	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id().to_ss58check();
	let pages = [
		"/".to_string(),
		"/contract?id=50000".to_string(),
		"/api/contracts/50000".to_string(),
		format!("/user?account={alice}"),
		"/farm?id=1".to_string(),
		"/api/farms/1/statement?from=2000-01-01&to=2999-12-31".to_string(),
		"/api/nodes/3/health".to_string(),
		"/network".to_string(),
	];
	println!("a dev chain with {contracts} contracts, finalized block {head}");
	for (name, database) in [
		("SQLite", format!("sqlite:{}", dir.path().join("index.db").display())),
		("PostgreSQL", postgres.url()),
	] {
		let start = Instant::now();
		let mut indexer =
			Indexer::start(&format!("indexer-{name}"), &node.ws_url(), &database, dir.path());
		indexer.wait_for_block(head, Duration::from_secs(7200));
		let took = start.elapsed();
		println!(
			"{name}: backfilled {} blocks in {took:.1?}: {:.1} blocks/s, {:.0} contracts/s",
			head + 1,
			(head + 1) as f64 / took.as_secs_f64(),
			contracts as f64 / took.as_secs_f64()
		);
		for path in &pages {
			let (median, slowest) = answer_times(&indexer, path);
			println!("  {path}: median {median:.1?}, slowest {slowest:.1?} of {SAMPLES}");
		}
	}
}
