//! Three validators (Alice, Bob, Charlie) on loopback with the `local` chain, each an oracle with
//! its OCW key, and the real agent serving the demo node's reports: they peer, produce and
//! finalize blocks, and bill a contract every period once, never twice; with Charlie stopped,
//! blocks are still produced and billing goes on with Alice and Bob; when he is back, he syncs,
//! blocks are finalized again and his oracle takes part again.
//!
//! GRANDPA finalizes with more than two thirds of the votes; with three validators of equal
//! weight that is all three (a network tolerates f faulty validators when n >= 3f + 1, so one
//! stopped validator needs four). The test asserts exactly that: no block authored after Charlie
//! stopped is finalized until he returns. docs/development.md explains it.

mod common;

use common::{chain, *};
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

fn validator(
	name: &str,
	dir: &TempDir,
	spec: &std::path::Path,
	bootnode: Option<&str>,
	extra: &[&str],
) -> Node {
	let base = dir.path().join(name);
	let spec = spec.to_str().unwrap();
	if !base.join("chains/sc4it_local/network/secret_ed25519").exists() && extra.is_empty() {
		// A validator of a non-dev chain needs its network key on disk, as an operator would
		// generate it.
		let (ok, _, stderr) = run_to_end(&[
			"key",
			"generate-node-key",
			"--chain",
			spec,
			"--base-path",
			base.to_str().unwrap(),
		]);
		assert!(ok, "generate-node-key failed: {stderr}");
	}
	let flag = format!("--{name}");
	let mut args = vec!["--chain", spec, flag.as_str(), "--base-path", base.to_str().unwrap()];
	args.extend_from_slice(extra);
	if let Some(bootnode) = bootnode {
		args.extend_from_slice(&["--bootnodes", bootnode]);
	}
	Node::start(name, dir.path(), &args)
}

/// The real agent for the demo node (node 0, key //Ferdie), reporting on `port`.
struct Agent(std::process::Child);

impl Agent {
	fn start(dir: &std::path::Path, rpc_port: u16, port: u16) -> Agent {
		let key = secret_file(dir, "demo-node.key", "//Ferdie", 0o600);
		let child = std::process::Command::new(workspace_binary("sc4it-agent"))
			.args(["--url", &format!("ws://127.0.0.1:{rpc_port}"), "--node", "0"])
			.arg("--node-key-file")
			.arg(&key)
			.arg("--data-dir")
			.arg(dir.join("agent"))
			.args(["--listen", &format!("127.0.0.1:{port}"), "--format", "raw"])
			.stdout(std::process::Stdio::null())
			.stderr(std::process::Stdio::null())
			.spawn()
			.expect("the agent starts");
		Agent(child)
	}
}

impl Drop for Agent {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// The node's health periods the chain recorded up to block `best`.
fn health_periods(node: &Node, best: u64) -> Vec<(u32, u32, bool)> {
	let mut periods = Vec::new();
	for number in 1..=best {
		for record in chain::events(node, number) {
			if let sc4it_runtime::RuntimeEvent::Contracts(
				pallet_sc4it_contracts::Event::NodeHealthRecorded {
					node: 0,
					from,
					to,
					healthy,
					..
				},
			) = record.event
			{
				periods.push((from, to, healthy));
			}
		}
	}
	periods
}

#[test]
fn three_validators_peer_finalize_bill_once_and_recover_from_one_stopping() {
	let dir = TempDir::new("local");
	let report_port = free_port();
	let spec =
		chain::spec_with_demo_url(dir.path(), "local", &format!("http://127.0.0.1:{report_port}"));
	let alice_peer = peer_id_of(ALICE_NODE_KEY, dir.path());
	let mut alice = validator("alice", &dir, &spec, None, &["--node-key", ALICE_NODE_KEY]);
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{alice_peer}", alice.p2p_port);
	let mut bob = validator("bob", &dir, &spec, Some(&bootnode), &[]);
	let mut charlie = validator("charlie", &dir, &spec, Some(&bootnode), &[]);
	let _agent = Agent::start(dir.path(), alice.rpc_port, report_port);

	alice.wait_for("two peers", Duration::from_secs(120), |n| n.peers().unwrap_or(0) >= 2);
	for node in [&mut alice, &mut bob, &mut charlie] {
		node.wait_for("block 4", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 4);
		node.wait_for("finality", Duration::from_secs(120), |n| {
			n.finalized_number().unwrap_or(0) >= 2
		});
	}

	// A contract on the demo node, deployed by the agent and billed by the three oracles.
	let call =
		sc4it_runtime::RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 0,
			volume: sc4it_primitives::Volume {
				size_gib: 1,
				disk_type: sc4it_primitives::DiskType::Ssd,
			},
			deposit: sc4it_runtime::UNIT,
		});
	chain::submit(&alice, sp_keyring::Sr25519Keyring::Eve, call).unwrap();
	alice.wait_for("the deployment", Duration::from_secs(120), |n| {
		chain::contract(n, 0)
			.is_some_and(|c| c.state == pallet_sc4it_contracts::ContractState::Deployed)
	});
	let billed = chain::contract(&alice, 0).unwrap().charged;
	alice.wait_for("billing", Duration::from_secs(60), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > billed)
	});

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
	// The oracles of Alice and Bob go on billing.
	let charged = chain::contract(&alice, 0).unwrap().charged;
	alice.wait_for("billing without Charlie", Duration::from_secs(90), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > charged)
	});

	// Charlie comes back with his database and keystore, syncs, and finality resumes.
	let mut charlie = validator("charlie", &dir, &spec, Some(&bootnode), &[]);
	charlie.wait_for("sync", Duration::from_secs(120), |n| {
		n.best_number().unwrap_or(0) >= best_when_stopped + 4
	});
	alice.wait_for("finality again", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best_when_stopped
	});
	// His oracle takes part again: it fetches the demo node's report and submits.
	charlie.wait_for("Charlie's oracle at work", Duration::from_secs(90), |n| {
		n.log().lines().any(|l| l.contains("oracle: block") && l.contains("1 ok"))
	});

	// Every period billed once, never twice: the node's health timeline has no overlap and no
	// gap, and the contract paid its rate for exactly its healthy deployed blocks.
	let best = alice.best_number().unwrap();
	let periods = health_periods(&alice, best);
	for pair in periods.windows(2) {
		assert_eq!(pair[0].1, pair[1].0, "health periods must follow each other: {pair:?}");
	}
	let mut deployed = None;
	for number in 1..=best {
		for record in chain::events(&alice, number) {
			if let sc4it_runtime::RuntimeEvent::Contracts(
				pallet_sc4it_contracts::Event::ContractDeployed { contract: 0, at, .. },
			) = record.event
			{
				deployed = Some(at);
			}
		}
	}
	let deployed = deployed.expect("deployed");
	let healthy: u128 = periods
		.iter()
		.filter(|(_, _, h)| *h)
		.map(|(f, t, _)| u128::from(t.saturating_sub((*f).max(deployed))))
		.sum();
	let view = chain::contract_at(&alice, 0, best).unwrap();
	assert_eq!(view.charged + view.owed, view.rate * healthy);
}
