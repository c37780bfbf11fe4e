//! The oracle's cost for a validator at scale: 1,000 honest nodes' reports fetched and verified
//! in one billing period, from local report servers that sign a fresh report for each request,
//! beside 1,000 hostile servers that stall before their status, after their headers or
//! mid-body, drip their body a byte at a time, or send more than any report may have. Every
//! honest node must be verified in every run while the hostile ones are fetched with them, each
//! run within its deadline and its buffer bound. The measurement is ignored in the test command;
//! `scripts/ocw-bench.sh` runs it against the release node and keeps the result in
//! docs/ocw-scale.txt. The test command runs the same benchmark with a few nodes of each kind,
//! so that a benchmark that stops working fails there.

use sc4it_testkit::{Node, OracleRun, TempDir};
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

/// What a hostile server does with a request.
#[derive(Clone, Copy, Debug)]
enum Hostile {
	/// Reads the request and sends nothing.
	StallBeforeStatus,
	/// Sends a status line and headers announcing a body, then nothing.
	StallAfterHeaders,
	/// Sends half of a plausible body, then nothing.
	StallMidBody,
	/// Sends a body one byte every 100 ms.
	Drip,
	/// Sends a body larger than any report may be, as fast as it can.
	Oversized,
}

impl Hostile {
	const ALL: [Hostile; 5] = [
		Hostile::StallBeforeStatus,
		Hostile::StallAfterHeaders,
		Hostile::StallMidBody,
		Hostile::Drip,
		Hostile::Oversized,
	];
}

/// How long a hostile server holds a connection before giving up: past the oracle's deadline.
const HOLD: Duration = Duration::from_secs(10);

/// Node i is hostile when `i` is odd and fewer than `2 × hostile` (so honest and hostile nodes
/// share every phase of the period), in the way `Hostile::ALL[(i / 2) % 5]`.
fn hostility(node: u32, hostile: u32) -> Option<Hostile> {
	(node % 2 == 1 && node < 2 * hostile).then(|| Hostile::ALL[(node as usize / 2) % 5])
}

/// One local report server per node, as each node's agent is its own server: node i's listener
/// answers `/sc4it/v1/report?at=<b>` with its report at block b, signed with its key, or does
/// what its hostility says. (One listener for all would measure its accept backlog, not the
/// oracle.) Returns the ports.
fn report_servers(pairs: Arc<Vec<ed25519::Pair>>, genesis: Genesis, hostile: u32) -> Vec<u16> {
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
					match hostility(node, hostile) {
						None => std::thread::spawn(move || serve(stream, node, &pair, genesis)),
						Some(how) => std::thread::spawn(move || attack(stream, how)),
					};
				}
			});
			port
		})
		.collect()
}

/// What a hostile server sends.
fn attack(stream: std::net::TcpStream, how: Hostile) {
	let mut line = String::new();
	if BufReader::new(&stream).read_line(&mut line).is_err() {
		return;
	}
	let mut stream = &stream;
	let headers =
		|length: usize| {
			format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n")
		};
	let started = std::time::Instant::now();
	let _ = match how {
		Hostile::StallBeforeStatus => Ok(()),
		Hostile::StallAfterHeaders => stream.write_all(headers(600).as_bytes()),
		Hostile::StallMidBody => {
			stream.write_all(headers(600).as_bytes()).and_then(|()| stream.write_all(&[b' '; 300]))
		},
		Hostile::Drip => stream.write_all(headers(600).as_bytes()).and_then(|()| {
			while started.elapsed() < HOLD {
				stream.write_all(b" ")?;
				std::thread::sleep(Duration::from_millis(100));
			}
			Ok(())
		}),
		Hostile::Oversized => {
			let length = 64 * 1024 * 1024;
			stream.write_all(headers(length).as_bytes()).and_then(|()| {
				let chunk = [b' '; 64 * 1024];
				(0..length / chunk.len()).try_for_each(|_| stream.write_all(&chunk))
			})
		},
	};
	std::thread::sleep(HOLD.saturating_sub(started.elapsed()));
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

/// How many nodes the benchmark puts in one farm (at most the runtime's `MaxNodesPerFarm`).
const NODES_PER_FARM: usize = 1_000;

/// The dev chain spec with the demo node replaced by one node per key of `pairs`, each at its
/// server, `NODES_PER_FARM` to a farm (more farms of the demo farmer as needed).
fn spec(dir: &std::path::Path, ports: &[u16], pairs: &[ed25519::Pair]) -> std::path::PathBuf {
	let spec = sc4it_testkit::build_spec("dev", dir);
	let mut spec: Value = serde_json::from_str(&spec).unwrap();
	let registry = &mut spec["genesis"]["runtimeGenesis"]["patch"]["registry"];
	let farms = registry["farms"].as_array().cloned().unwrap_or_default();
	let demo = farms.first().cloned().expect("the dev chain's demo farm");
	let extra = (pairs.len().saturating_sub(1)) / NODES_PER_FARM;
	let farms: Vec<Value> = std::iter::once(demo.clone())
		.chain((1..=extra).map(|k| {
			let mut farm = demo.clone();
			farm[1] = json!(format!("scale-farm-{k}").as_bytes());
			farm
		}))
		.collect();
	registry["farms"] = Value::Array(farms);
	let nodes: Vec<Value> = pairs
		.iter()
		.enumerate()
		.map(|(i, pair)| {
			let url = format!("http://127.0.0.1:{}", ports[i]);
			let farm = i / NODES_PER_FARM;
			json!([farm, pair.public().to_ss58check(), url.as_bytes(), {"hdd_gib": 0, "ssd_gib": 1000}])
		})
		.collect();
	registry["nodes"] = Value::Array(nodes);
	let path = dir.join("scale-spec.json");
	std::fs::write(&path, spec.to_string()).unwrap();
	path
}

#[test]
#[ignore = "a measurement: scripts/ocw-bench.sh"]
fn oracle_verifies_a_thousand_honest_nodes_beside_a_thousand_hostile_ones() {
	measure(1_000, 1_000, 5);
}

#[test]
fn the_oracle_benchmark_runs_with_a_few_nodes() {
	measure(8, 5, 2);
}

/// The runs that fetched something, from the node's log.
fn runs_with_work(log: &str) -> Vec<OracleRun> {
	OracleRun::all(log).into_iter().filter(|run| run.due > 0).collect()
}

/// A node's health timeline on chain: (confirmed until, healthy blocks, down blocks).
fn timeline(node: &Node, grid_node: u32) -> Option<(u32, u64, u64)> {
	use codec::Encode;
	let mut key = sc4it_testkit::chain::plain_key("Contracts", "Timelines");
	key.extend(sp_io::hashing::twox_64(&grid_node.encode()));
	key.extend(grid_node.encode());
	let tl: pallet_sc4it_contracts::NodeTimeline<u32, u128> =
		sc4it_testkit::chain::storage(node, &key, None)?;
	Some((tl.confirmed_until, tl.healthy_blocks, tl.down_blocks))
}

/// Runs the benchmark with `honest` and `hostile` nodes until the honest ones were verified
/// `periods` times over (each node at its phase, so each run fetches its share of them),
/// printing each run's times. While it runs, every run stays within the oracle's deadline and
/// buffer and has a verdict for every node due (verified, or down). At the end no honest node
/// was ever recorded down and no hostile one was billed. (What lands on chain is the oracle's
/// share of each block: on the dev chain's 5-block period that is far fewer than 1,000 nodes a
/// period, so the honest nodes' health is checked where it landed, not waited for.)
fn measure(honest: u32, hostile: u32, periods: u32) {
	let nodes = honest + hostile;
	let pairs: Arc<Vec<ed25519::Pair>> = Arc::new((0..nodes).map(node_pair).collect());
	let genesis = Genesis::default();
	let ports = report_servers(pairs.clone(), genesis.clone(), hostile);
	let dir = TempDir::new("ocw-scale");
	let spec = spec(dir.path(), &ports, &pairs);
	let mut node = Node::start_chain("ocw-scale", dir.path(), &spec);
	genesis.set(sc4it_testkit::chain::genesis_hash(&node).unwrap()).unwrap();
	let verified = |log: &str| runs_with_work(log).iter().map(|run| run.ok).sum::<u32>();
	node.wait_for(
		"the oracle verifying every honest node several times",
		Duration::from_secs(900),
		|n| {
			let log = n.log();
			// While the hostile servers are fetched: no run held more than its buffer or ran past
			// its deadline (2 s of fetch), and none left an answer unread.
			for line in log.lines().filter(|l| l.contains(" node(s) due")) {
				let run = OracleRun::parse(line).expect("a run's line");
				assert!(run.buffered <= 16 * 1024 * 1024, "{line}");
				assert!(run.total_ms < 8_000, "{line}");
				assert!(!line.contains("not read"), "{line}");
				// Every answer was a verdict: each node due was verified or found down.
				assert_eq!(run.ok + run.down, run.due, "{line}");
			}
			verified(&log) >= honest * periods
		},
	);
	let measured = runs_with_work(&node.log());
	let peak = OracleRun::all(&node.log()).iter().map(|run| run.buffered).max().unwrap_or(0);
	let timelines: Vec<_> = (0..nodes).map(|i| (i, timeline(&node, i))).collect();
	node.kill();
	println!("oracle runs over {honest} honest and {hostile} hostile nodes (due, ok, fetch ms, verify ms, total ms):");
	for run in &measured {
		println!("  {:?}", (run.due, run.ok, run.fetch_ms, run.verify_ms, run.total_ms));
	}
	for (i, tl) in timelines {
		let (_, healthy_blocks, down_blocks) = tl.expect("every node has a timeline");
		match hostility(i, hostile) {
			None => {
				assert_eq!(down_blocks, 0, "honest node {i} recorded down: {tl:?}");
				// A few nodes' reports all land within the run: each was billed.
				assert!(nodes > 50 || healthy_blocks > 0, "honest node {i} never billed: {tl:?}");
			},
			Some(how) => assert_eq!(healthy_blocks, 0, "hostile node {i} ({how:?}) was billed"),
		}
	}
	let worst = measured.iter().map(|r| r.total_ms).max().unwrap_or(0);
	let mean =
		measured.iter().map(|r| r.total_ms).sum::<u64>() as f64 / measured.len().max(1) as f64;
	let per_run = measured.iter().map(|r| r.due).sum::<u32>() as f64 / measured.len().max(1) as f64;
	let first = measured.first().map(|r| r.due).unwrap_or(0);
	println!(
		"runs: mean {mean:.0} ms, worst {worst} ms, {per_run:.1} node(s) a run (each node at its phase; the first run {first}), at most {peak} bytes buffered"
	);
}
