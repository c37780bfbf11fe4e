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

/// A front-runner who copies a farmer's registration from the pool cannot take the farmer's
/// node key: the key's proof names the farmer's account. The farmer's registration lands.
#[test]
fn nobody_registers_a_node_key_they_do_not_hold() {
	use pallet_sc4it_registry::{Call as RegistryCall, Event as RegistryEvent};
	use sc4it_runtime::{RuntimeCall, RuntimeEvent};
	use sp_core::Pair;
	use sp_keyring::Sr25519Keyring::{Dave, Eve};
	let dir = TempDir::new("dev-key-proof");
	let mut node = Node::start("dev", dir.path(), &["--dev", "--tmp"]);
	node.wait_for("block 2", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 2);
	let next_farm = |n: &Node| {
		chain::storage::<u32>(n, &chain::plain_key("Registry", "NextFarmId"), None).unwrap_or(0)
	};
	let mut farms = Vec::new();
	for (who, name) in [(Eve, "eves"), (Dave, "daves")] {
		let farm = next_farm(&node);
		let call = RuntimeCall::Registry(RegistryCall::create_farm {
			name: name.as_bytes().to_vec(),
			payout_account: who.to_account_id(),
		});
		chain::submit(&node, who, call).unwrap();
		node.wait_for("the farm", Duration::from_secs(60), |n| next_farm(n) > farm);
		farms.push(farm);
	}
	let (eves_farm, daves_farm) = (farms[0], farms[1]);
	let genesis = chain::genesis_hash(&node).unwrap();
	let daves_key = sp_core::ed25519::Pair::generate().0;
	let daves_proof = daves_key.sign(&sc4it_primitives::node_key::proof_payload(
		&genesis.to_fixed_bytes(),
		&Dave.to_account_id(),
	));
	let register = |farm, proof| {
		RuntimeCall::Registry(RegistryCall::register_node {
			farm,
			public_key: daves_key.public(),
			key_proof: proof,
			report_url: b"http://127.0.0.1:9".to_vec(),
			capacity: sc4it_primitives::Capacity { ssd_gib: 10, hdd_gib: 0 },
		})
	};
	let start = node.best_number().unwrap();
	// Eve sees Dave's transaction and sends it first, as her own, for her farm.
	chain::submit(&node, Eve, register(eves_farm, daves_proof)).unwrap();
	chain::submit(&node, Dave, register(daves_farm, daves_proof)).unwrap();
	let registered = |n: &Node, to: u64| {
		(start..=to)
			.flat_map(|number| chain::events(n, number))
			.filter_map(|record| match record.event {
				RuntimeEvent::Registry(RegistryEvent::NodeRegistered {
					farm, public_key, ..
				}) if public_key == daves_key.public() => Some(farm),
				_ => None,
			})
			.collect::<Vec<_>>()
	};
	node.wait_for("Dave's node", Duration::from_secs(60), |n| {
		n.best_number().is_some_and(|best| !registered(n, best).is_empty())
	});
	let best = node.best_number().unwrap();
	assert_eq!(registered(&node, best), vec![daves_farm], "Dave's key is in Dave's farm only");
	let bad_proof = pallet_sc4it_registry::Error::<sc4it_runtime::Runtime>::BadKeyProof;
	assert!(
		chain::failed_with(&node, start..=best, bad_proof),
		"Eve's copy was dispatched and failed for its proof"
	);
	node.kill();
}
