//! An account's statement, checked against the chain's events (the testkit's `Ledger`): what
//! each contract's node's healthy periods cost it, its deposits, top-ups and refunds.

use sc4it_testkit::{Cli, Indexer, Ledger, Value};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring;

fn planck(value: &Value) -> u128 {
	value.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("not an amount: {value}"))
}

/// What `contract` was charged for the periods in the ledger: its rate times the healthy blocks
/// of its node inside its billing, from its deployment to its end.
fn charged_by_periods(books: &Ledger, node: u32, contract: u64) -> u128 {
	let book = books.contract(contract);
	let Some(deployed) = book.deployed else { return 0 };
	let end = book.ended.map_or(u32::MAX, |(at, _)| at);
	books
		.periods(node)
		.iter()
		.filter(|p| p.healthy)
		.map(|p| u128::from(p.to.min(end).saturating_sub(p.from.max(deployed))))
		.sum::<u128>()
		* book.rate
}

/// Alice's statement over all time, up to block `last`, from the CLI (JSON and CSV): each of
/// her contracts' charges, her deposits, Bob's top-up of her contract and her refunds equal
/// the chain's; Bob's statement holds his top-up of her contract; the totals are the entries'.
pub fn the_statement_equals_the_chain(
	cli: &Cli,
	indexer: &Indexer,
	books: &Ledger,
	contracts: &[u64],
	last: u64,
) {
	let url = indexer.url();
	let alice = Sr25519Keyring::Alice.to_account_id().to_ss58check();
	let range = ["--from", "2000-01-01", "--to", "2999-12-31"];
	let statement =
		cli.run_ok(&[&["--indexer", &url, "account", "statement", &alice][..], &range].concat());
	let entries: Vec<&Value> = statement["entries"]
		.as_array()
		.expect("entries")
		.iter()
		.filter(|e| e["block"].as_u64().unwrap() <= last)
		.collect();
	let sum = |kind: &str, contract: Option<u64>| -> u128 {
		entries
			.iter()
			.filter(|e| e["kind"] == kind && contract.is_none_or(|c| e["contract"] == c))
			.map(|e| planck(&e["amount"]))
			.sum()
	};
	for &contract in contracts {
		let book = books.contract(contract);
		assert_eq!(
			sum("charge", Some(contract)),
			charged_by_periods(books, 0, contract),
			"contract {contract}"
		);
		assert_eq!(sum("deposit", Some(contract)), book.deposit, "contract {contract}");
		assert_eq!(sum("refund", Some(contract)), book.refunded, "contract {contract}");
		assert_eq!(sum("top_up", Some(contract)), book.topped_up, "contract {contract}");
		if let Some((charged, owed)) = book.closed {
			assert_eq!(sum("charge", Some(contract)), charged + owed, "a closed contract's bill");
		}
	}
	assert!(sum("charge", None) > 0 && sum("refund", None) > 0);
	// Every top-up of hers came from Bob: the totals say so; the totals are the entries'.
	let all_entries = statement["entries"].as_array().unwrap();
	let total = |kind: &str| -> u128 {
		all_entries.iter().filter(|e| e["kind"] == kind).map(|e| planck(&e["amount"])).sum()
	};
	assert_eq!(planck(&statement["totals"]["topped_up"]), 0);
	assert_eq!(planck(&statement["totals"]["topped_up_by_others"]), total("top_up"));
	assert_eq!(planck(&statement["totals"]["charged"]), total("charge"));
	assert_eq!(planck(&statement["totals"]["deposited"]), total("deposit"));
	let by_contract: u128 =
		statement["contracts"].as_array().unwrap().iter().map(|c| planck(&c["charged"])).sum();
	assert_eq!(by_contract, total("charge"));

	// Bob's: his top-up of Alice's contract, nothing else.
	let bob = Sr25519Keyring::Bob.to_account_id().to_ss58check();
	let bobs =
		cli.run_ok(&[&["--indexer", &url, "account", "statement", &bob][..], &range].concat());
	let bob_top_ups: u128 = contracts.iter().map(|c| books.contract(*c).topped_up).sum();
	assert_eq!(planck(&bobs["totals"]["topped_up"]), bob_top_ups);
	assert_eq!(planck(&bobs["totals"]["charged"]), 0);

	// The CSV: a line per entry, then the totals.
	let (code, csv, stderr) = cli.run_text(
		&[&["--indexer", &url, "account", "statement", &alice][..], &range, &["--csv"]].concat(),
	);
	assert_eq!(code, 0, "{stderr}");
	assert!(csv.starts_with("block,time_utc,kind,contract,amount_planck,"), "{csv}");
	let charge_lines: u128 = csv
		.lines()
		.filter(|l| l.split(',').nth(2) == Some("charge"))
		.map(|l| l.split(',').nth(4).unwrap().parse::<u128>().unwrap())
		.sum();
	let csv_total = csv
		.lines()
		.find(|l| l.starts_with("total,,charged,"))
		.and_then(|l| l.split(',').nth(4))
		.and_then(|v| v.parse::<u128>().ok());
	assert_eq!(Some(charge_lines), csv_total, "{csv}");
}
