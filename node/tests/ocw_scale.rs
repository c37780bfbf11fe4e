//! The oracle's cost for a validator at scale: 1,000 nodes' reports fetched and verified in one
//! billing period, from a local report server that signs a fresh report for each request.
//! The measurement is ignored in the test command; `scripts/ocw-bench.sh` runs it against the
//! release node and keeps the result in docs/ocw-scale.txt. The test command runs the same
//! benchmark with a few nodes, so that a benchmark that stops working fails there.

use sc4it_testkit::{Node, TempDir};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, ed25519, Pair, H256};
use std::{
	io::{BufRead, BufReader, Write},
	net::TcpListener,
	sync::Arc,
	time::Duration,
};

fn node_pair(i: u32) -> ed25519::Pair {
	let mut seed = [9u8; 32];
	seed[..4].copy_from_slice(&i.to_le_bytes());
	ed25519::Pair::from_seed(&seed)
}

/// One local report server per node, as each node's agent is its own server: node i's listener
/// answers `/sc4it/v1/report?at=<b>` with its report at block b, signed with its key. (One
/// listener for all would measure its accept backlog, not the oracle.) Returns the ports.
fn report_servers(pairs: Arc<Vec<ed25519::Pair>>, genesis: Genesis) -> Vec<u16> {
	(0..pairs.len() as u32)
		.map(|node| {
			let listener = TcpListener::bind("127.0.0.1:0").unwrap();
			let port = listener.local_addr().unwrap().port();
			let pairs = pairs.clone();
			let genesis = genesis.clone();
			std::thread::spawn(move || {
				for stream in listener.incoming().flatten() {
					let pair = pairs[node as usize];
					let genesis = genesis.get().copied();
					std::thread::spawn(move || serve(stream, node, &pair, genesis));
				}
			});
			port
		})
		.collect()
}

/// The chain's genesis hash, which reports sign: known once the node runs.
type Genesis = Arc<std::sync::OnceLock<sp_core::H256>>;

fn serve(stream: std::net::TcpStream, node: u32, pair: &ed25519::Pair, genesis: Option<H256>) {
	let mut reader = BufReader::new(&stream);
	let mut line = String::new();
	if reader.read_line(&mut line).is_err() {
		return;
	}
	let path = line.split_whitespace().nth(1).unwrap_or("");
	let at = path.split_once("at=").and_then(|(_, at)| at.parse::<u32>().ok());
	let mut stream = &stream;
	let (Some(at), Some(genesis)) = (at, genesis) else {
		let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		return;
	};
	let report = sc4it_report::Report {
		version: sc4it_report::VERSION,
		genesis,
		node,
		at_block: at,
		healthy: true,
		contracts: Default::default(),
	}
	.sign(pair);
	let body = sc4it_report::json::to_json(&report);
	let _ = write!(
		stream,
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
		body.len(),
		body
	);
}

/// The dev chain spec with the demo node replaced by one node per key of `pairs`, each at its
/// server.
fn spec(dir: &std::path::Path, ports: &[u16], pairs: &[ed25519::Pair]) -> std::path::PathBuf {
	let spec = sc4it_testkit::build_spec("dev", dir);
	let mut spec: Value = serde_json::from_str(&spec).unwrap();
	let registry = &mut spec["genesis"]["runtimeGenesis"]["patch"]["registry"];
	let nodes: Vec<Value> = pairs
		.iter()
		.enumerate()
		.map(|(i, pair)| {
			let url = format!("http://127.0.0.1:{}", ports[i]);
			json!([0, pair.public().to_ss58check(), url.as_bytes(), {"hdd_gib": 0, "ssd_gib": 1000}])
		})
		.collect();
	registry["nodes"] = Value::Array(nodes);
	let path = dir.join("scale-spec.json");
	std::fs::write(&path, spec.to_string()).unwrap();
	path
}

/// The numbers of one run's log line: (due, ok, fetch ms, verify ms, total ms).
fn parse_run(line: &str) -> Option<(u32, u32, u64, u64, u64)> {
	let due = line.split(" node(s) due").next()?.rsplit(' ').next()?.parse().ok()?;
	let ok = line.split(" ok,").next()?.rsplit(' ').next()?.parse().ok()?;
	let num = |after: &str| -> Option<u64> {
		line.split(after).nth(1)?.split_whitespace().next()?.parse().ok()
	};
	let total = line.split(" ms in all").next()?.rsplit(' ').next()?.parse().ok()?;
	Some((due, ok, num("fetched in ")?, num("verified in ")?, total))
}

#[test]
#[ignore = "a measurement: scripts/ocw-bench.sh"]
fn oracle_fetches_and_verifies_a_thousand_nodes() {
	measure(1_000, 5);
}

#[test]
fn the_oracle_benchmark_runs_with_a_few_nodes() {
	measure(8, 2);
}

/// The runs that fetched something, from the node's log: (due, ok, fetch ms, verify ms, total
/// ms) each.
fn runs_with_work(log: &str) -> Vec<(u32, u32, u64, u64, u64)> {
	log.lines()
		.filter(|l| l.contains(" node(s) due"))
		.filter_map(parse_run)
		.filter(|run| run.0 > 0)
		.collect()
}

/// Runs the benchmark with `nodes` nodes until they were fetched and verified `periods` times
/// over (each node at its phase, so each run fetches its share of them), printing each run's
/// times; every node fetched must verify.
fn measure(nodes: u32, periods: u32) {
	let pairs: Arc<Vec<ed25519::Pair>> = Arc::new((0..nodes).map(node_pair).collect());
	let genesis = Genesis::default();
	let ports = report_servers(pairs.clone(), genesis.clone());
	let dir = TempDir::new("ocw-scale");
	let spec = spec(dir.path(), &ports, &pairs);
	let mut node = Node::start_chain("ocw-scale", dir.path(), &spec);
	genesis.set(sc4it_testkit::chain::genesis_hash(&node).unwrap()).unwrap();
	let verified = |log: &str| runs_with_work(log).iter().map(|run| run.1).sum::<u32>();
	node.wait_for("the oracle fetching every node several times", Duration::from_secs(600), |n| {
		verified(&n.log()) >= nodes * periods
	});
	let measured = runs_with_work(&node.log());
	node.kill();
	println!("oracle runs over {nodes} nodes (due, ok, fetch ms, verify ms, total ms):");
	for run in &measured {
		println!("  {run:?}");
	}
	for (due, ok, _, _, _) in &measured {
		assert_eq!(ok, due, "every node fetched verified");
	}
	let worst = measured.iter().map(|r| r.4).max().unwrap_or(0);
	let mean = measured.iter().map(|r| r.4).sum::<u64>() as f64 / measured.len().max(1) as f64;
	let per_run = measured.iter().map(|r| r.0).sum::<u32>() as f64 / measured.len().max(1) as f64;
	println!(
		"runs: mean {mean:.0} ms, worst {worst} ms, {per_run:.1} node(s) a run (each node at its phase)"
	);
}
