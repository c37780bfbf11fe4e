//! Hostile report servers on the real dev chain, beside the real agent's demo node: hundreds of
//! nodes whose servers stall (before the status line, after the headers, mid-body) or answer the
//! largest body they are allowed, or more. The oracle's runs must neither trap nor miss the honest
//! node: its contract is billed exactly for its healthy blocks, and nothing of it is ever recorded
//! down.

use pallet_sc4it_contracts::ContractState;
use pallet_sc4it_oracle::Event as O;
use sc4it_runtime::{Balance, RuntimeEvent as E};
use sc4it_testkit::{chain, *};
use sp_core::{crypto::Ss58Codec, ed25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	time::Duration,
};

/// Hostile nodes of each kind.
const EACH: usize = 125;
/// How long a stalling server holds a connection before it lets go.
const HOLD: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug)]
enum Hostile {
	/// Accepts, reads the request, never answers.
	StallBeforeStatus,
	/// Answers a status line and headers promising a body, then nothing.
	StallAfterHeaders,
	/// Sends half of the promised body, then nothing.
	StallMidBody,
	/// A complete body as large as a node without contracts may send (not a report).
	LargestAllowed,
	/// A complete body of 256 KiB: far beyond what such a node may send.
	TooLarge,
}

const KINDS: [Hostile; 5] = [
	Hostile::StallBeforeStatus,
	Hostile::StallAfterHeaders,
	Hostile::StallMidBody,
	Hostile::LargestAllowed,
	Hostile::TooLarge,
];

/// One listener per kind; every connection gets its own thread.
fn hostile_server(kind: Hostile) -> u16 {
	let listener = TcpListener::bind("127.0.0.1:0").unwrap();
	let port = listener.local_addr().unwrap().port();
	std::thread::spawn(move || {
		for stream in listener.incoming().flatten() {
			std::thread::spawn(move || answer(stream, kind));
		}
	});
	port
}

fn answer(mut stream: TcpStream, kind: Hostile) {
	let _ = stream.set_read_timeout(Some(HOLD));
	let mut request = [0u8; 2048];
	let _ = stream.read(&mut request);
	// What a node without contracts may send: see `sc4it_report::body_limit`.
	let allowed = sc4it_report::body_limit(16);
	let promised = 4 * allowed;
	let head =
		|length: usize| {
			format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n")
		};
	let written = match kind {
		Hostile::StallBeforeStatus => Ok(()),
		Hostile::StallAfterHeaders => stream.write_all(head(promised).as_bytes()),
		Hostile::StallMidBody => stream
			.write_all(head(promised).as_bytes())
			.and_then(|()| stream.write_all(&vec![b' '; promised / 2])),
		Hostile::LargestAllowed => stream
			.write_all(head(allowed).as_bytes())
			.and_then(|()| stream.write_all(&vec![b' '; allowed])),
		Hostile::TooLarge => {
			let body = vec![b' '; 256 * 1024];
			stream.write_all(head(body.len()).as_bytes()).and_then(|()| stream.write_all(&body))
		},
	};
	if written.is_ok() {
		// Hold the connection until the client lets go, or for `HOLD`.
		let _ = stream.read(&mut request);
	}
}

/// The dev spec with the demo node at the agent's port and `EACH` hostile nodes of every kind,
/// all of the demo farm, each with its own key.
fn spec(dir: &Path, agent_port: u16) -> PathBuf {
	let spec = chain::dev_spec_with_demo_url(dir, &format!("http://127.0.0.1:{agent_port}"));
	let mut spec: Value = serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
	let registry = &mut spec["genesis"]["runtimeGenesis"]["patch"]["registry"];
	let nodes = registry["nodes"].as_array_mut().expect("the dev spec lists nodes");
	for (k, kind) in KINDS.iter().enumerate() {
		let url = format!("http://127.0.0.1:{}", hostile_server(*kind));
		for i in 0..EACH {
			let mut seed = [7u8; 32];
			seed[..8].copy_from_slice(&((k * EACH + i) as u64).to_le_bytes());
			let key = ed25519::Pair::from_seed(&seed).public().to_ss58check();
			nodes.push(json!([0, key, url.as_bytes(), {"hdd_gib": 0, "ssd_gib": 1}]));
		}
	}
	let path = dir.join("hostile-spec.json");
	std::fs::write(&path, spec.to_string()).unwrap();
	path
}

const UNIT: Balance = sc4it_runtime::UNIT;

#[test]
fn hundreds_of_stalling_and_oversized_report_servers_cost_the_honest_node_nothing() {
	let dir = TempDir::new("hostile-grid");
	let port = free_port();
	let spec = spec(dir.path(), port);
	let node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let agent = Agent::start_demo_node(dir.path(), &url, port, &dir.path().join("agent"));
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());

	chain::create_ssd_contract(&node, Sr25519Keyring::Eve, 1, UNIT);
	wait(
		"the deployment",
		Duration::from_secs(120),
		|| chain::contract(&node, 0).is_some_and(|c| c.state == ContractState::Deployed),
		context,
	);
	// Eight billing periods with every hostile server in every run.
	let deployed_confirmed = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"eight billing periods",
		Duration::from_secs(300),
		|| chain::confirmed_until(&node, 0).unwrap() >= deployed_confirmed + 40,
		context,
	);

	let best = node.best_number().unwrap();
	let books = Ledger::read(&node, 1..=best);
	let down_periods: Vec<_> = books.periods(0).iter().filter(|period| period.down).collect();
	assert!(down_periods.is_empty(), "the honest node was recorded down: {down_periods:?}");
	let votes_against_node_0 = books.find_with_block(|event| match event {
		E::Oracle(O::DownVoted { node: 0, .. }) | E::Oracle(O::NodeDown { node: 0, .. }) => {
			Some(())
		},
		_ => None,
	});
	assert!(
		votes_against_node_0.is_empty(),
		"votes against the honest node: {votes_against_node_0:?}\n{}",
		context()
	);
	// How many of the hostile nodes' down votes became verdicts depends on how many fit the
	// batches (one a block, within the oracle's share of it, reports first): printed, not
	// asserted. That the runs found them down is asserted from the node's log below.
	let hostile_verdicts = books.find(|event| match event {
		E::Oracle(O::NodeDown { .. }) | E::Oracle(O::NodeDownWithheld { .. }) => Some(()),
		_ => None,
	});
	println!("verdicts on hostile nodes: {}", hostile_verdicts.len());
	books.assert_contiguous(0);
	let deployed = books.contract(0).deployed.expect("deployed");
	let last = books.periods(0).last().expect("periods").to;
	let healthy = books.healthy_blocks(0, deployed, last);
	assert!(healthy >= 40, "node 0 was healthy throughout: {:?}", books.periods(0));
	let view = chain::contract_at(&node, 0, best).unwrap();
	let rate = chain::dev_ssd_rate_per_gib_block();
	assert_eq!(view.charged + view.owed, rate * healthy, "billed exactly its healthy blocks");
	assert_eq!(view.held + view.charged, UNIT);

	let log = node.log();
	for trap in ["Allocator ran out", "panicked", "wasm trap"] {
		assert!(!log.contains(trap), "a run failed ({trap}):\n{}", node.tail());
	}
	let due = |line: &str| -> usize {
		line.split(" node(s) due")
			.next()
			.and_then(|l| l.rsplit(' ').next()?.parse().ok())
			.unwrap_or(0)
	};
	// Every run fetches the nodes it has not submitted for in the last period: all the hostile
	// ones but the few whose votes went into a batch.
	let down = |line: &str| -> usize {
		line.split(" down").next().and_then(|l| l.rsplit(' ').next()?.parse().ok()).unwrap_or(0)
	};
	let full_runs = log
		.lines()
		.filter(|l| l.contains("oracle: block") && due(l) >= 4 * EACH && down(l) >= 4 * EACH)
		.count();
	assert!(
		full_runs >= 5,
		"runs that fetched and found down nearly every hostile node: {full_runs}"
	);
	// What the runs cost the validator, for docs/security.md: the longest fetch and run, and
	// the most bytes of unfinished bodies held.
	let number = |line: &str, before: &str| -> u64 {
		line.split(before).next().and_then(|l| l.rsplit(' ').next()?.parse().ok()).unwrap_or(0)
	};
	let full: Vec<&str> =
		log.lines().filter(|l| l.contains("oracle: block") && due(l) >= 5 * EACH).collect();
	println!(
		"{full_runs} runs over {} nodes: fetch at most {} ms, run at most {} ms, at most {} bytes \
		 buffered",
		5 * EACH + 1,
		full.iter().map(|l| number(l, " ms, verified")).max().unwrap_or(0),
		full.iter().map(|l| number(l, " ms in all")).max().unwrap_or(0),
		full.iter().map(|l| number(l, " bytes buffered")).max().unwrap_or(0),
	);
}
