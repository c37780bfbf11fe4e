//! The agent's HTTP server against slow clients, on real processes: a dev chain (real oracle) and
//! the real agent, and 1,000 connections held against the agent's port for several billing
//! periods — idle after connecting, sending a request one byte every 2–3 s, sending part of a
//! head and then nothing, and half-open (write side shut down) — each reopened when the server
//! closes it, as an attacker would. Meanwhile the test's own report requests are answered, the
//! oracle never records the node down and applies its healthy reports, and the server closes the
//! slow connections at its request deadline, long before they could send a whole request.
//!
//! (The former server, eight worker threads reading with a 5 s timeout per read, failed this:
//! eight dripping clients held every worker, the queue behind them filled, and every other
//! connection — the test's requests and the oracle's — was answered 503, so the node was
//! recorded down.)
//!
//! The slow connections come from 127.0.0.1, as the oracle's and the test's own requests, and
//! this test is about the deadlines and the bound in all: the agent runs with a bound per address
//! above the 1,000 connections. What one address flooding the port gets under the default bound
//! per address is agent/tests/flood.rs.

use pallet_sc4it_oracle::Event as O;
use sc4it_report::REPORT_PATH;
use sc4it_runtime::RuntimeEvent as E;
use sc4it_testkit::{chain, *};
use std::{
	io::{Read, Write},
	net::{SocketAddr, TcpStream},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

const CONNECTIONS: usize = 1_000;
/// The head the dripping connections send, one byte at a time (never all of it).
const HEAD: &[u8] = b"GET /sc4it/v1/report HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n";
/// How many billing periods the connections are held.
const PERIODS: u64 = 4;

struct Slot {
	kind: SlowKind,
	connection: Option<SlowConnection>,
	/// When to open the next connection once the server closed the last one.
	reopen_at: Instant,
	/// How often the server closed this slot's connection.
	closed: u64,
}

/// What the attacking connections saw.
#[derive(Debug, Default)]
struct Tally {
	opened: u64,
	connect_failures: u64,
	/// The most connections open at once.
	peak: usize,
	/// The most head bytes a dripping connection had sent when the server closed it.
	most_drip_bytes_before_close: usize,
	/// Dripping connections that got their whole head out: the server never closed them.
	drips_completed: u64,
	/// Closed by the server, per kind ([`SlowKind::index`]); and how many slots of each kind
	/// were closed at least once.
	closed: [u64; 4],
	slots_closed: [u64; 4],
	slots: [u64; 4],
}

/// Holds `CONNECTIONS` connections against `address` until `stop`, reopening each one the server
/// closes (half-open ones a second later: the server closes them at once).
fn attack(address: SocketAddr, stop: Arc<AtomicBool>, held: Arc<AtomicBool>) -> Tally {
	let start = Instant::now();
	let mut slots: Vec<Slot> = (0..CONNECTIONS)
		.map(|i| Slot {
			kind: SlowKind::ALL[i % SlowKind::ALL.len()],
			connection: None,
			reopen_at: start,
			closed: 0,
		})
		.collect();
	let mut tally = Tally::default();
	let mut round = 0u64;
	while !stop.load(Ordering::SeqCst) {
		round += 1;
		let now = Instant::now();
		for (i, slot) in slots.iter_mut().enumerate() {
			let Some(connection) = slot.connection.as_mut() else {
				if now < slot.reopen_at {
					continue;
				}
				match SlowConnection::open(address, None, slot.kind, HEAD, Duration::from_secs(3)) {
					Ok(connection) => {
						tally.opened += 1;
						slot.connection = Some(connection);
					},
					Err(_) => {
						tally.connect_failures += 1;
						slot.reopen_at = now + Duration::from_millis(500);
					},
				}
				continue;
			};
			let closed = connection.closed();
			if !closed && connection.drip(HEAD, drip_pause(i, round)) {
				tally.drips_completed += 1;
			}
			if closed {
				let k = slot.kind.index();
				tally.closed[k] += 1;
				if slot.closed == 0 {
					tally.slots_closed[k] += 1;
				}
				slot.closed += 1;
				if slot.kind == SlowKind::Drip {
					tally.most_drip_bytes_before_close =
						tally.most_drip_bytes_before_close.max(connection.sent);
				}
				slot.connection = None;
				slot.reopen_at = match slot.kind {
					SlowKind::HalfOpen => now + Duration::from_secs(1),
					_ => now,
				};
			}
		}
		let open = slots.iter().filter(|s| s.connection.is_some()).count();
		tally.peak = tally.peak.max(open);
		if open == CONNECTIONS {
			held.store(true, Ordering::SeqCst);
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	for slot in &slots {
		tally.slots[slot.kind.index()] += 1;
	}
	tally
}

/// 2–3 s, varying by connection and round.
fn drip_pause(slot: usize, round: u64) -> Duration {
	Duration::from_millis(2_000 + (slot as u64 * 7 + round * 13) % 1_000)
}

/// `GET` of the report (`REPORT_PATH`) with a 5 s bound on connecting, writing and each read:
/// the status line and the body.
fn get_report(port: u16) -> Result<(String, String), String> {
	let address = SocketAddr::from(([127, 0, 0, 1], port));
	let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))
		.map_err(|e| format!("connect: {e}"))?;
	stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
	stream.set_write_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
	let request =
		format!("GET {REPORT_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).map_err(|e| format!("write: {e}"))?;
	let mut answer = String::new();
	stream.read_to_string(&mut answer).map_err(|e| format!("read: {e} (after {answer:?})"))?;
	let (head, body) =
		answer.split_once("\r\n\r\n").ok_or_else(|| format!("no head: {answer:?}"))?;
	Ok((head.lines().next().unwrap_or_default().to_string(), body.to_string()))
}

/// Whether `body` is node 0's signed report.
fn is_report(body: &str) -> bool {
	serde_json::from_str::<Value>(body).is_ok_and(|report| {
		report["node"] == json!("0") && report["signature"].as_str().is_some_and(|s| s.len() > 2)
	})
}

#[test]
fn the_report_is_served_and_the_node_stays_up_while_1000_slow_connections_are_held() {
	let descriptors = raise_descriptor_limit();
	assert!(descriptors > 2 * CONNECTIONS as u64, "descriptor limit {descriptors}: too low");
	let dir = TempDir::new("slow-clients");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let node = Node::start_chain("node", dir.path(), &spec);
	let agent = Agent::start_demo_node_with(
		dir.path(),
		&format!("ws://127.0.0.1:{}", node.rpc_port),
		port,
		&dir.path().join("agent"),
		&["--max-connections-per-address", "4096"],
	);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());
	let period: u32 = chain::storage(&node, &chain::plain_key("Oracle", "BillingPeriod"), None)
		.expect("the billing period");
	assert!(period > 0);

	// Before: the agent is synced and the oracle has applied one of its reports.
	wait(
		"the agent's first report",
		Duration::from_secs(60),
		|| get_report(port).is_ok_and(|(status, _)| status.starts_with("HTTP/1.1 200")),
		context,
	);
	let confirmed = chain::confirmed_until(&node, 0).expect("node 0's timeline");
	wait(
		"a first report applied",
		Duration::from_secs(90),
		|| chain::confirmed_until(&node, 0).is_some_and(|c| c > confirmed),
		context,
	);

	// The attack: 1,000 connections, reopened as the server closes them.
	let (stop, held) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
	let attacker = {
		let (stop, held) = (stop.clone(), held.clone());
		std::thread::spawn(move || attack(SocketAddr::from(([127, 0, 0, 1], port)), stop, held))
	};
	wait(
		"1,000 connections held",
		Duration::from_secs(60),
		|| held.load(Ordering::SeqCst),
		context,
	);
	let first_block = node.best_number().unwrap();
	let until = first_block + PERIODS * u64::from(period);
	let (mut served, mut failures) = (0u32, Vec::new());
	loop {
		match get_report(port) {
			Ok((status, body)) if status.starts_with("HTTP/1.1 200") && is_report(&body) => {
				served += 1
			},
			Ok((status, body)) => failures.push(format!("{status}: {body}")),
			Err(e) => failures.push(e),
		}
		let best = node.best_number().unwrap();
		if best >= until {
			break;
		}
		std::thread::sleep(Duration::from_millis(500));
	}
	let last_block = node.best_number().unwrap();
	stop.store(true, Ordering::SeqCst);
	let tally = attacker.join().unwrap();
	// What the oracle recorded of node 0 meanwhile.
	let books = Ledger::read(&node, first_block + 1..=last_block);
	let healthy_reports = books
		.find(|event| {
			matches!(event, E::Oracle(O::ReportApplied { node: 0, healthy: true, .. }))
				.then_some(())
		})
		.len();
	let downs = books.find_with_block(|event| match event {
		E::Oracle(down @ O::NodeDown { node: 0, .. }) => Some(down.clone()),
		_ => None,
	});
	eprintln!(
		"blocks {first_block}..={last_block}: {served} report(s) served to the test, {} failed; \
		 {healthy_reports} healthy report(s) of node 0 applied, {} down; attack: {tally:?}",
		failures.len(),
		downs.len()
	);
	// The test's own requests were all answered with a report.
	assert!(failures.is_empty(), "report requests failed: {failures:?}\n{}", context());
	assert!(served >= 10, "only {served} report(s) asked for");
	// The oracle never recorded node 0 down, and applied its healthy reports.
	assert!(downs.is_empty(), "node 0 recorded down: {downs:?}\n{}", context());
	assert!(healthy_reports >= 1, "no healthy report of node 0 applied\n{}", context());
	// The attack was real: every connection open at once, and every slow one closed by the
	// server, the dripping ones after a byte or two, long before their head was complete.
	assert_eq!(tally.peak, CONNECTIONS);
	assert_eq!(tally.slots_closed, tally.slots, "some connections were never closed: {tally:?}");
	assert_eq!(tally.drips_completed, 0, "{tally:?}");
	assert!(
		tally.most_drip_bytes_before_close < HEAD.len() / 4,
		"a dripping connection sent {} of {} bytes before it was closed",
		tally.most_drip_bytes_before_close,
		HEAD.len()
	);
	// And afterwards the agent answers as before.
	let (status, body) = get_report(port).expect("a report after the attack");
	assert!(status.starts_with("HTTP/1.1 200") && is_report(&body), "{status}: {body}");
}
