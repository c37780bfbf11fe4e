//! A real grid's chain, as docs/operations.md tells an operator to start one: `sc4it-node
//! grid-spec` with the genesis validator's keys and an endowed account, the raw spec written to
//! a file, and a node started from it authors and finalizes blocks with the grid's periods on
//! chain: hourly billing, daily payouts, a week of grace, three days of downtime before a drain,
//! public report URLs only, and no dev account.

use pallet_sc4it_contracts::BillingPolicy;
use sc4it_runtime::BlockNumber;
use sc4it_testkit::{chain, *};
use sp_core::crypto::Ss58Codec;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use std::{process::Command, time::Duration};

/// Blocks of 3 s: an hour, a day.
const HOUR: BlockNumber = 1_200;
const DAY: BlockNumber = 24 * HOUR;

fn grid_spec(args: &[String]) -> std::process::Output {
	Command::new(binary()).arg("grid-spec").args(args).output().expect("the node binary runs")
}

#[test]
fn a_grid_chain_starts_from_the_spec_its_operator_builds() {
	let dir = TempDir::new("grid-spec");
	let alice = Sr25519Keyring::Alice.public().to_ss58check();
	let alice_grandpa = Ed25519Keyring::Alice.public().to_ss58check();
	let bob = Sr25519Keyring::Bob.to_account_id();

	// Refused with a clear error: no validator, a key that is not SS58.
	let none = grid_spec(&["--endow".into(), format!("{}=1", bob.to_ss58check())]);
	assert!(!none.status.success());
	assert!(String::from_utf8_lossy(&none.stderr).contains("--validator"), "{none:?}");
	let bad = grid_spec(&["--validator".into(), format!("{alice},{alice},nope,{alice}")]);
	assert!(!bad.status.success());
	assert!(String::from_utf8_lossy(&bad.stderr).contains("GRANDPA"), "{bad:?}");

	let out = grid_spec(&[
		"--validator".into(),
		format!("{alice},{alice},{alice_grandpa},{alice}"),
		"--endow".into(),
		format!("{}=1000.5", bob.to_ss58check()),
		"--raw".into(),
	]);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let spec = dir.path().join("grid.json");
	std::fs::write(&spec, &out.stdout).unwrap();

	let mut node = Node::start_chain("grid", dir.path(), &spec);
	node.wait_for("a finalized block", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) >= 1
	});
	let policy: BillingPolicy<BlockNumber> =
		chain::storage(&node, &chain::plain_key("Contracts", "Policy"), None).expect("a policy");
	assert_eq!(
		policy,
		BillingPolicy {
			min_deposit_blocks: DAY,
			low_runway_blocks: 3 * DAY,
			grace_period_blocks: 7 * DAY,
			max_node_downtime_blocks: 3 * DAY,
			payout_period_blocks: DAY,
		}
	);
	let period: BlockNumber =
		chain::storage(&node, &chain::plain_key("Oracle", "BillingPeriod"), None).expect("set");
	assert_eq!(period, HOUR);
	let urls: (bool, bool) =
		chain::storage(&node, &chain::plain_key("Registry", "UrlRules"), None).unwrap_or_default();
	assert_eq!(urls, (false, false), "loopback and private report URLs refused");
	assert_eq!(chain::free_balance(&node, &bob), 1_000_500_000_000_000);
	assert_eq!(chain::free_balance(&node, &Sr25519Keyring::Charlie.to_account_id()), 0);
}
