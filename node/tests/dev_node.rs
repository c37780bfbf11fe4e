//! The real binary with `--dev --tmp`: blocks are produced and finalized, the contracts runtime
//! API answers over RPC, and `--dev` put the oracle's key in the keystore.

use sc4it_testkit::*;
use std::time::Duration;

/// `//Alice`'s sr25519 public key: with `--dev` it is Alice's Aura key and her oracle key.
const ALICE_SR25519: &str = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

#[test]
fn a_dev_node_produces_and_finalizes_blocks_and_serves_the_contracts_api() {
	let dir = TempDir::new("dev");
	let mut node = Node::start("dev", dir.path(), &["--dev", "--tmp"]);
	node.wait_for("block 3", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 3);
	node.wait_for("a finalized block", Duration::from_secs(60), |n| {
		n.finalized_number().unwrap_or(0) >= 2
	});

	// The demo node of the dev genesis has a billing timeline: Some(block). (The oracle moves it
	// on every period; with no agent running, as "down".)
	let confirmed = node.state_call("ContractsApi_confirmed_until", &0u32.to_le_bytes()).unwrap();
	assert_eq!((confirmed.len(), confirmed[0]), (5, 1));
	// No contract yet: None.
	assert_eq!(node.state_call("ContractsApi_contract", &0u64.to_le_bytes()).unwrap(), vec![0]);
	// An unknown node has no timeline: None.
	assert_eq!(
		node.state_call("ContractsApi_confirmed_until", &7u32.to_le_bytes()).unwrap(),
		vec![0]
	);

	// `--dev` inserted the oracle key like the Aura and GRANDPA keys.
	for key_type in ["aura", "sc4o"] {
		let has = node.rpc("author_hasKey", json!([ALICE_SR25519, key_type])).unwrap();
		assert_eq!(has, json!(true), "{key_type} key missing");
	}
	// The runtime is ours.
	let version = node.rpc("state_getRuntimeVersion", json!([])).unwrap();
	assert_eq!(version["specName"], json!("sc4it"));
	node.kill();
}
