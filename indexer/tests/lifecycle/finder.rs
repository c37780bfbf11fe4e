//! The node finder's figures, checked against the chain's events (the testkit's `Ledger`): a
//! node's healthy, down and unknown blocks in the window, and its uptime.

use sc4it_testkit::{Browser, Cli, Indexer, Ledger, Node};

/// (healthy, down, unknown) blocks of node `node` recorded from block `from` on.
fn recorded(books: &Ledger, node: u32, from: u32) -> (u64, u64, u64) {
	let mut totals = (0, 0, 0);
	for period in books.periods(node) {
		let blocks = u64::from(period.to.saturating_sub(period.from.max(from)));
		match (period.healthy, period.down) {
			(true, _) => totals.0 += blocks,
			(false, true) => totals.1 += blocks,
			(false, false) => totals.2 += blocks,
		}
	}
	totals
}

/// The finder's figures for node 0 equal the chain's health records in its window, in the API,
/// the CLI (its filters too) and the dashboard's page.
pub fn the_node_finder_equals_the_chain(
	node: &Node,
	cli: &Cli,
	indexer: &Indexer,
	browser: &Browser,
) {
	let url = indexer.url();
	// The index moves on while it is read: take an answer whose last block the chain's books
	// are then read up to.
	let mut tries = 0;
	let (answer, expected) = loop {
		let answer =
			cli.run_ok(&["--indexer", &url, "node", "find", "--days", "1", "--sort", "node"]);
		let to = answer["to_block"].as_u64().unwrap();
		let from = answer["from_block"].as_u64().unwrap() as u32;
		let books = Ledger::read(node, 1..=to);
		let expected = recorded(&books, 0, from);
		let found = answer["nodes"].as_array().unwrap().iter().find(|n| n["node"] == 0).cloned();
		let figures = found.as_ref().map(|n| {
			(
				n["healthy_blocks"].as_u64().unwrap(),
				n["down_blocks"].as_u64().unwrap(),
				n["unknown_blocks"].as_u64().unwrap(),
			)
		});
		if figures == Some(expected) || tries == 5 {
			assert_eq!(figures, Some(expected), "node 0 in {answer}");
			break (found.unwrap(), expected);
		}
		tries += 1;
	};
	let (healthy, down, _) = expected;
	assert!(healthy > 0 && down > 0, "the node was healthy and down in the test: {expected:?}");
	let uptime = 100.0 * healthy as f64 / (healthy + down) as f64;
	assert!((answer["uptime"].as_f64().unwrap() - uptime).abs() < 1e-9, "{answer}");

	// Filters: its downtime keeps it out of a 100% list, not out of one at its own figure.
	let listed = |args: &[&str]| -> Vec<u64> {
		let found = cli.run_ok(&[&["--indexer", &url, "node", "find"][..], args].concat());
		found["nodes"].as_array().unwrap().iter().map(|n| n["node"].as_u64().unwrap()).collect()
	};
	assert!(!listed(&["--disk", "ssd", "--min-uptime", "100"]).contains(&0));
	let floor = format!("{}", (uptime - 1.0).max(0.0).floor());
	assert!(listed(&["--disk", "ssd", "--size", "1GiB", "--min-uptime", &floor]).contains(&0));
	assert!(!listed(&["--disk", "ssd", "--size", "1000000GiB"]).contains(&0));
	let (code, _, stderr) = cli.run_text(&["--indexer", &url, "node", "find", "--days", "31"]);
	assert_eq!(code, 2, "{stderr}");

	// The page: its figures are the chain's at the block it names.
	let page = browser.dom(&format!("{url}/nodes?days=1&sort=node"));
	let cell = |id: &str| -> String {
		let marker = format!("id=\"{id}\">");
		let start = page.find(&marker).unwrap_or_else(|| panic!("#{id} on the page:\n{page}"));
		let rest = &page[start + marker.len()..];
		rest[..rest.find('<').unwrap()].to_string()
	};
	let to: u64 = cell("window-to").parse().unwrap();
	let from: u32 = cell("window-from").parse().unwrap();
	let (healthy, down, _) = recorded(&Ledger::read(node, 1..=to), 0, from);
	assert_eq!((cell("healthy-0"), cell("down-0")), (healthy.to_string(), down.to_string()));
	let uptime = 100.0 * healthy as f64 / (healthy + down) as f64;
	assert_eq!(cell("uptime-0"), format!("{uptime:.2}%"));
}
