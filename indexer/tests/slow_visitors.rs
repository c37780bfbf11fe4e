//! The indexer's HTTP server against slow clients, on real processes: a dev chain and the real
//! indexer, and 1,000 connections held against its port from a second loopback address
//! (127.0.0.2) for four of its head deadlines — idle after connecting, sending a request one byte
//! every 2–3 s, sending part of a head and then nothing, and half-open (write side shut down) —
//! each reopened two seconds after the server closes it, as an attacker would. Meanwhile the
//! test's own requests from 127.0.0.1 (the status, the network page with the validators it reads
//! live from the chain) are all answered and the indexer keeps following the chain; the
//! attacker's address never has more connections held than its bound; the server closes the
//! slow ones at the head deadline, long before they could send a whole request.
//!
//! (Before the per-address bound, 256 idle connections from one address, the whole server's
//! bound, denied the dashboard to everybody else for as long as they were held.) Linux only: any
//! 127.x.y.z address is the loopback there.

use sc4it_testkit::*;
use sp_core::crypto::Ss58Codec;
use std::{
	net::{IpAddr, SocketAddr},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

/// The attacker's connections.
const CONNECTIONS: usize = 1_000;
/// The attacker's address: another than the test's own requests' (127.0.0.1).
const ATTACKER: [u8; 4] = [127, 0, 0, 2];
/// The bounds the indexer is started with.
const MAX_CONNECTIONS: usize = 256;
const PER_ADDRESS: usize = 32;
/// The indexer's deadline for a request head (docs/dashboard.md).
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long the connections are held.
const HOLD: Duration = Duration::from_secs(40);
/// A connection open this long was accepted and held by the server, not refused (a refused one
/// is closed at its accept, and the attacker sees that within a round of its loop).
const HELD_AFTER: Duration = Duration::from_secs(3);
/// How long a closed connection's slot waits before it is opened again.
const REOPEN_AFTER: Duration = Duration::from_secs(2);
/// The head the dripping connections send, one byte every 2–3 s.
const HEAD: &[u8] = b"GET /network HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n";

/// What the attacker saw.
#[derive(Debug, Default)]
struct Tally {
	opened: usize,
	/// Connections that could not be opened at all (the kernel's backlog full, say).
	failed_to_open: usize,
	/// The most connections held by the server at one time.
	most_held: usize,
	/// Per kind ([`SlowKind::index`]), the longest a held connection lived before the server
	/// closed it.
	longest_held: [Duration; 4],
	/// The most bytes of the head a dripping connection got sent before it was closed.
	most_dripped: usize,
}

/// Holds up to [`CONNECTIONS`] slow connections against `server` from [`ATTACKER`] until
/// `stop`, reopening each [`REOPEN_AFTER`] it was closed.
fn attack(server: SocketAddr, stop: Arc<AtomicBool>) -> Tally {
	let mut tally = Tally::default();
	let mut slots: Vec<Option<SlowConnection>> = (0..CONNECTIONS).map(|_| None).collect();
	let mut reopen_at = vec![Instant::now(); CONNECTIONS];
	let source = Some(IpAddr::from(ATTACKER));
	while !stop.load(Ordering::Relaxed) {
		let mut held = 0;
		for (i, slot) in slots.iter_mut().enumerate() {
			let now = Instant::now();
			let Some(slow) = slot else {
				if now >= reopen_at[i] {
					let kind = SlowKind::ALL[i % SlowKind::ALL.len()];
					// Short: a connect the kernel cannot complete at once counts as failed.
					match SlowConnection::open(
						server,
						source,
						kind,
						HEAD,
						Duration::from_millis(100),
					) {
						Ok(slow) => {
							tally.opened += 1;
							*slot = Some(slow);
						},
						Err(_) => {
							tally.failed_to_open += 1;
							reopen_at[i] = now + REOPEN_AFTER;
						},
					}
				}
				continue;
			};
			let pause = Duration::from_millis(2_000 + (i as u64 * 7) % 1_000);
			slow.drip(HEAD, pause);
			let age = now.duration_since(slow.opened);
			if slow.closed() {
				if age >= HELD_AFTER {
					let longest = &mut tally.longest_held[slow.kind.index()];
					*longest = (*longest).max(age);
					if slow.kind == SlowKind::Drip {
						tally.most_dripped = tally.most_dripped.max(slow.sent);
					}
				}
				*slot = None;
				reopen_at[i] = now + REOPEN_AFTER;
			} else if age >= HELD_AFTER {
				held += 1;
			}
		}
		tally.most_held = tally.most_held.max(held);
		std::thread::sleep(Duration::from_millis(100));
	}
	tally
}

#[test]
fn one_address_holding_a_thousand_slow_connections_leaves_the_dashboard_to_others() {
	let dir = TempDir::new("indexer-slow");
	let mut node = Node::start("node", dir.path(), &["--dev", "--tmp"]);
	node.wait_for("block 2 finalized", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) >= 2
	});
	let database = format!("sqlite:{}", dir.path().join("index.db").display());
	let (most, per_address) = (MAX_CONNECTIONS.to_string(), PER_ADDRESS.to_string());
	let mut indexer = Indexer::start_with_args(
		"indexer",
		&node.ws_url(),
		&database,
		dir.path(),
		&["--max-connections", &most, "--max-connections-per-address", &per_address],
	);
	indexer.wait_for_block(2, Duration::from_secs(120));
	let indexed_before = indexer.indexed().expect("the indexer answers");
	// The dev chain's one validator, which the network page reads live from the chain.
	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id().to_ss58check();
	let network_page_is_whole =
		|body: &str| body.contains("id=\"validators\"") && body.contains(&alice);
	let (_, network) = indexer.get("/network").expect("the network page");
	assert!(network_page_is_whole(&network), "the network page lists the validators:\n{network}");

	let server = SocketAddr::from(([127, 0, 0, 1], indexer.port));
	let stop = Arc::new(AtomicBool::new(false));
	let attacker = {
		let stop = stop.clone();
		std::thread::spawn(move || attack(server, stop))
	};
	let start = Instant::now();
	let (mut answered, mut failures) = (0, Vec::new());
	while start.elapsed() < HOLD {
		for path in ["/api/status", "/network"] {
			match indexer.get(path) {
				Ok((200, body)) if path != "/network" || network_page_is_whole(&body) => {
					answered += 1
				},
				Ok((status, body)) => failures.push(format!("{path}: {status} {body}")),
				Err(e) => failures.push(format!("{path}: {e}")),
			}
		}
		std::thread::sleep(Duration::from_millis(500));
	}
	stop.store(true, Ordering::Relaxed);
	let tally = attacker.join().expect("the attacker's thread");
	let indexed_after = indexer.indexed().expect("the indexer answers after the attack");
	println!("attacker: {tally:?}; the test's requests answered: {answered}");

	assert!(failures.is_empty(), "requests from another address failed: {failures:?}");
	assert!(answered >= 40, "the test's own requests were answered ({answered})");
	assert!(indexer.is_running(), "the indexer still runs; log:\n{}", indexer.log());
	assert!(
		indexed_after >= indexed_before + 5,
		"the indexer kept following the chain ({indexed_before} -> {indexed_after})"
	);
	// The attack was real: the server held as many as one address may, and refused many more.
	assert!(tally.opened > 2 * CONNECTIONS, "connections opened: {}", tally.opened);
	let refused: u64 = indexer
		.log()
		.lines()
		.filter_map(|line| line.split("since the last report: ").nth(1))
		.filter_map(|rest| rest.split(' ').next()?.parse::<u64>().ok())
		.sum();
	assert!(refused > 1_000, "the refusals are logged as counts ({refused} in all)");
	assert!(
		tally.most_held <= PER_ADDRESS,
		"one address held {} connections, more than its bound of {PER_ADDRESS}",
		tally.most_held
	);
	assert!(tally.most_held >= PER_ADDRESS / 2, "the server held some: {}", tally.most_held);
	// The slow ones were closed at the head deadline (the connection's, 60 s, is not reached).
	for kind in [SlowKind::Idle, SlowKind::Drip, SlowKind::Partial] {
		let longest = tally.longest_held[kind.index()];
		assert!(longest > Duration::ZERO, "a held {kind:?} connection was closed by the server");
		assert!(
			longest <= HEAD_DEADLINE + Duration::from_secs(3),
			"a {kind:?} connection lived {longest:?}, past the head deadline"
		);
	}
	// A byte every 2 s at the most: 6 bytes by the deadline (16 in the 40 s if never closed).
	assert!(tally.most_dripped <= 6, "a drip sent {} bytes before its close", tally.most_dripped);
}
