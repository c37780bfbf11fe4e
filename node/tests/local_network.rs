//! Three validators (Alice, Bob, Charlie) on loopback with `--chain local`: they peer, produce
//! and finalize blocks; with Charlie stopped, blocks are still produced; when he is back, blocks
//! are finalized again.
//!
//! GRANDPA finalizes with more than two thirds of the votes; with three validators of equal
//! weight that is all three (a network tolerates f faulty validators when n >= 3f + 1, so one
//! stopped validator needs four). The test asserts exactly that: no block authored after Charlie
//! stopped is finalized until he returns. docs/development.md explains it.

mod common;

use common::*;
use std::time::Duration;

const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

fn peer_id_of(node_key: &str, dir: &std::path::Path) -> String {
	let file = dir.join("alice-node-key");
	std::fs::write(&file, node_key).unwrap();
	let (ok, stdout, stderr) =
		run_to_end(&["key", "inspect-node-key", "--file", file.to_str().unwrap()]);
	assert!(ok, "inspect-node-key failed: {stderr}");
	stdout.trim().to_string()
}

fn validator(name: &str, dir: &TempDir, bootnode: Option<&str>, extra: &[&str]) -> Node {
	let base = dir.path().join(name);
	if !base.join("chains/sc4it_local/network/secret_ed25519").exists() && extra.is_empty() {
		// A validator of a non-dev chain needs its network key on disk, as an operator would
		// generate it.
		let (ok, _, stderr) = run_to_end(&[
			"key",
			"generate-node-key",
			"--chain",
			"local",
			"--base-path",
			base.to_str().unwrap(),
		]);
		assert!(ok, "generate-node-key failed: {stderr}");
	}
	let flag = format!("--{name}");
	let mut args = vec!["--chain", "local", flag.as_str(), "--base-path", base.to_str().unwrap()];
	args.extend_from_slice(extra);
	if let Some(bootnode) = bootnode {
		args.extend_from_slice(&["--bootnodes", bootnode]);
	}
	Node::start(name, dir.path(), &args)
}

#[test]
fn three_validators_peer_finalize_and_recover_from_one_stopping() {
	let dir = TempDir::new("local");
	let alice_peer = peer_id_of(ALICE_NODE_KEY, dir.path());
	let mut alice = validator("alice", &dir, None, &["--node-key", ALICE_NODE_KEY]);
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{alice_peer}", alice.p2p_port);
	let mut bob = validator("bob", &dir, Some(&bootnode), &[]);
	let mut charlie = validator("charlie", &dir, Some(&bootnode), &[]);

	alice.wait_for("two peers", Duration::from_secs(120), |n| n.peers().unwrap_or(0) >= 2);
	for node in [&mut alice, &mut bob, &mut charlie] {
		node.wait_for("block 4", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 4);
		node.wait_for("finality", Duration::from_secs(120), |n| {
			n.finalized_number().unwrap_or(0) >= 2
		});
	}

	charlie.kill();
	let best_when_stopped = alice.best_number().unwrap();
	// Aura: Alice and Bob still author their slots.
	alice.wait_for("blocks without Charlie", Duration::from_secs(60), |n| {
		n.best_number().unwrap_or(0) >= best_when_stopped + 4
	});
	bob.wait_for("blocks without Charlie", Duration::from_secs(60), |n| {
		n.best_number().unwrap_or(0) >= best_when_stopped + 4
	});
	// GRANDPA: nothing authored after Charlie stopped is finalized without him.
	assert!(alice.finalized_number().unwrap() <= best_when_stopped);

	// Charlie comes back with his database and keystore, syncs, and finality resumes.
	let mut charlie = validator("charlie", &dir, Some(&bootnode), &[]);
	charlie.wait_for("sync", Duration::from_secs(120), |n| {
		n.best_number().unwrap_or(0) >= best_when_stopped + 4
	});
	alice.wait_for("finality again", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best_when_stopped
	});
}
