//! The `local` chain's network of validators (Alice, Bob, Charlie, Dave) on loopback, each an
//! oracle with its OCW key, and the real agents of its grid's nodes: the demo node (node 0, key
//! //Ferdie) and, for tests that need a grid of more than one, further nodes of the demo farm
//! written into the spec (node `i`, key `//Node{i}`), each with its own report port.

use crate::{chain, free_port, peer_id, run_to_end, secret_file, Agent, Node, TempDir};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, ed25519, Pair};
use std::path::{Path, PathBuf};

/// Alice's network key: the others find her at a known peer id.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// A validator of the spec `spec` named `name` (`alice`, `bob`, ...: its `--<name>` keys), its
/// database under `dir`, joining `bootnode`, with `extra` arguments.
pub fn validator(
	name: &str,
	dir: &TempDir,
	spec: &Path,
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

/// The local testnet's first validator, Alice, whom the others join: the test's directory, the
/// report port of each node of the grid (the demo node's first, as in the spec), the spec, and
/// Alice's address.
pub struct Testnet {
	pub dir: TempDir,
	pub report_port: u16,
	pub node_ports: Vec<u16>,
	pub spec: PathBuf,
	pub alice: Node,
	pub bootnode: String,
}

impl Testnet {
	/// The network with the demo node alone.
	pub fn start(name: &str) -> Testnet {
		Self::start_with_nodes(name, 1)
	}

	/// The network with a grid of `nodes` nodes (at least the demo node).
	pub fn start_with_nodes(name: &str, nodes: u32) -> Testnet {
		let dir = TempDir::new(name);
		let node_ports: Vec<u16> = (0..nodes.max(1)).map(|_| free_port()).collect();
		let urls: Vec<String> =
			node_ports.iter().map(|port| format!("http://127.0.0.1:{port}")).collect();
		let spec = chain::spec_with_demo_url(dir.path(), "local", &urls[0]);
		if nodes > 1 {
			add_nodes(&spec, &urls[1..]);
		}
		let alice_peer = peer_id(ALICE_NODE_KEY, dir.path());
		let alice = validator("alice", &dir, &spec, None, &["--node-key", ALICE_NODE_KEY]);
		let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{alice_peer}", alice.p2p_port);
		Testnet { dir, report_port: node_ports[0], node_ports, spec, alice, bootnode }
	}

	/// The real agent of node `node` (its key in the spec), reporting on its port, following the
	/// chain through `rpc_port`.
	pub fn agent(&self, node: u32, rpc_port: u16) -> Agent {
		let secret = node_secret(node);
		let key = secret_file(self.dir.path(), &format!("node-{node}.key"), &secret, 0o600);
		let url = format!("ws://127.0.0.1:{rpc_port}");
		let data = if node == 0 {
			self.dir.path().join("agent")
		} else {
			self.dir.path().join(format!("agent-{node}"))
		};
		Agent::start_node(&url, node, &key, &data, self.node_ports[node as usize], None)
	}
}

/// The secret of node `node`'s report key: the demo node's //Ferdie, then //Node1, //Node2, ...
fn node_secret(node: u32) -> String {
	if node == 0 {
		"//Ferdie".to_string()
	} else {
		format!("//Node{node}")
	}
}

/// Adds to the spec's registry a node of the demo farm for each of `urls` (ids 1, 2, ...),
/// shaped as the demo node's entry, each with its own key.
fn add_nodes(spec: &Path, urls: &[String]) {
	let text = std::fs::read_to_string(spec).unwrap();
	let mut value: Value = serde_json::from_str(&text).expect("the spec is JSON");
	let nodes = chain::registry_nodes(&mut value).expect("the spec has the registry's nodes");
	let demo = nodes[0].clone();
	for (i, url) in urls.iter().enumerate() {
		let public = ed25519::Pair::from_string(&node_secret(i as u32 + 1), None).unwrap().public();
		let mut node = demo.clone();
		node[1] = if demo[1].is_string() {
			json!(public.to_ss58check())
		} else {
			json!(public.0.to_vec())
		};
		node[2] = json!(url.as_bytes());
		nodes.push(node);
	}
	std::fs::write(spec, value.to_string()).unwrap();
}
