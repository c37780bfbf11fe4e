//! One address flooding the agent's report port, on real processes: a dev chain (real oracle)
//! and the real agent with its default bounds (4,096 connections in all, 32 per client
//! address). From 127.0.0.2 the attacker opens connections at up to 3,000 a second, each held
//! idle until the server closes it and then opened again (up to 5,000 at once, more than the
//! bound in all), and sends complete report requests from four threads, up to 2,000 a second,
//! half of them for old blocks (each a build unless kept), half for the latest; for the last 15 s
//! the requests alone. Meanwhile the test asks from 127.0.0.1 for the report every
//! 200 ms, for the best block as the oracle does or without `at`: every answer is 200 with node
//! 0's report for this chain, signed with its key, within 2 s; the oracle never records the
//! node down and applies its healthy reports. The flood stops by itself after 45 s.
//!
//! (Before the bound per address, the connections alone filled the server's 4,096 places and
//! every other connection, the oracle's included, was closed at its accept, so the node was
//! recorded down; and every report request built and signed a report of its own.)
//!
//! Then many addresses together: 160 of them hold 32 idle connections each, 5,120 for the
//! server's 4,096 places, each opened again as soon as the server closes it. Every new
//! connection takes the place of the oldest idle one, so the test's requests and the oracle's
//! are answered throughout. (Before, the 160 addresses filled every place and the rest were
//! closed at the accept, the oracle's included.) Linux only: any 127.x.y.z address is the
//! loopback there.

use pallet_sc4it_oracle::Event as O;
use sc4it_report::REPORT_PATH;
use sc4it_runtime::RuntimeEvent as E;
use sc4it_testkit::{chain, *};
use std::{
	io::{Read, Write},
	net::{IpAddr, SocketAddr},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

/// The attacker's address: another than the oracle's and the test's own requests' (127.0.0.1).
const ATTACKER: [u8; 4] = [127, 0, 0, 2];
/// The agent's default bound per client address (docs/agent.md).
const PER_ADDRESS: usize = 32;
/// The attacker's connections open at once, at most, and how many it opens a second, at most.
const SLOTS: usize = 5_000;
const RATE: u64 = 3_000;
/// Threads sending complete report requests, and how many they send a second, at most.
const REQUESTERS: usize = 4;
const REQUEST_RATE: u64 = 2_000;
/// How long connections are flooded, and requests (from the same start).
const CONNECTION_FLOOD: Duration = Duration::from_secs(30);
const FLOOD: Duration = Duration::from_secs(45);
/// A connection open this long was accepted and held by the server (the agent closes an idle one
/// at its 2 s head deadline); a refused one is closed at its accept.
const HELD_AFTER: Duration = Duration::from_secs(1);
/// How soon the test's own requests must be answered (the oracle's deadline is about 3 s).
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// What the connection flood saw.
#[derive(Debug, Default)]
struct Connections {
	opened: u64,
	/// Connections that could not be opened at once (the kernel's backlog full, say).
	failed_to_open: u64,
	/// Closed by the server before [`HELD_AFTER`]: refused at the accept.
	closed_at_once: u64,
	/// The most connections held by the server at one time.
	most_held: usize,
	/// The longest a held connection lived before the server closed it.
	longest_held: Duration,
}

/// Opens idle connections to `server` from `sources` (slot `i` from source `i` modulo their
/// number), at most [`RATE`] a second and `slots` at once, each opened again as soon as the
/// server closes it, until `until` or `stop`.
fn flood_connections(
	server: SocketAddr,
	sources: &[IpAddr],
	slots: usize,
	until: Instant,
	stop: &AtomicBool,
) -> Connections {
	let mut tally = Connections::default();
	let mut slots: Vec<Option<SlowConnection>> = (0..slots).map(|_| None).collect();
	let start = Instant::now();
	while Instant::now() < until && !stop.load(Ordering::Relaxed) {
		let allowed = (start.elapsed().as_secs_f64() * RATE as f64) as u64;
		let mut held = 0;
		for (i, slot) in slots.iter_mut().enumerate() {
			let source = Some(sources[i % sources.len()]);
			let now = Instant::now();
			if let Some(connection) = slot {
				let age = now.duration_since(connection.opened);
				if connection.closed() {
					if age < HELD_AFTER {
						tally.closed_at_once += 1;
					} else {
						tally.longest_held = tally.longest_held.max(age);
					}
					*slot = None;
				} else if age >= HELD_AFTER {
					held += 1;
				}
			}
			if slot.is_none() && tally.opened + tally.failed_to_open < allowed {
				// Short: a connect the kernel cannot complete at once counts as failed.
				let timeout = Duration::from_millis(100);
				match SlowConnection::open(server, source, SlowKind::Idle, b"", timeout) {
					Ok(connection) => {
						tally.opened += 1;
						*slot = Some(connection);
					},
					Err(_) => tally.failed_to_open += 1,
				}
			}
		}
		tally.most_held = tally.most_held.max(held);
		std::thread::sleep(Duration::from_millis(5));
	}
	tally
}

/// What one thread of the request flood got.
#[derive(Debug, Default, Clone, Copy)]
struct Requests {
	/// Answered 200, while connections were flooded too and after.
	served_during_connection_flood: u64,
	served_after: u64,
	/// Closed without an answer (refused at the accept: the address at its bound).
	refused: u64,
	/// Any other answer or failure.
	other: u64,
}

impl Requests {
	fn add(&mut self, other: Requests) {
		self.served_during_connection_flood += other.served_during_connection_flood;
		self.served_after += other.served_after;
		self.refused += other.refused;
		self.other += other.other;
	}
}

/// Sends complete report requests to `port` from [`ATTACKER`], one after the other and at most
/// its share of [`REQUEST_RATE`] a second, until `until` or `stop`: every other one for an old
/// block (1 to 16), the others for the latest.
fn flood_requests(
	port: u16,
	connection_flood_until: Instant,
	until: Instant,
	stop: &AtomicBool,
) -> Requests {
	let mut tally = Requests::default();
	let mut n = 0u64;
	let (start, rate) = (Instant::now(), (REQUEST_RATE / REQUESTERS as u64) as f64);
	while Instant::now() < until && !stop.load(Ordering::Relaxed) {
		if n as f64 >= start.elapsed().as_secs_f64() * rate {
			std::thread::sleep(Duration::from_millis(1));
			continue;
		}
		n += 1;
		let at = (n % 2 == 1).then_some(1 + (n / 2) % 16);
		match request(port, Some(IpAddr::from(ATTACKER)), at) {
			Ok((status, _)) if status.starts_with("HTTP/1.1 200") => {
				if Instant::now() < connection_flood_until {
					tally.served_during_connection_flood += 1;
				} else {
					tally.served_after += 1;
				}
			},
			Ok(_) => tally.other += 1,
			Err(Unanswered::Closed) => tally.refused += 1,
			Err(Unanswered::Failed(_)) => tally.other += 1,
		}
	}
	tally
}

/// Why a request got no answer.
#[derive(Debug)]
enum Unanswered {
	/// The server closed the connection without a byte of answer.
	Closed,
	/// Connecting, writing or reading failed otherwise, or the answer was not HTTP.
	Failed(String),
}

/// `GET` of the report (`?at=<at>` if given) from `source` (127.0.0.1 if `None`), with a 5 s
/// bound on connecting, writing and each read: the status line and the body.
fn request(
	port: u16,
	source: Option<IpAddr>,
	at: Option<u64>,
) -> Result<(String, String), Unanswered> {
	let failed = |what: &str, e: std::io::Error| Unanswered::Failed(format!("{what}: {e}"));
	let server = SocketAddr::from(([127, 0, 0, 1], port));
	let mut stream =
		connect_from(server, source, Duration::from_secs(5)).map_err(|e| failed("connect", e))?;
	stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| failed("timeout", e))?;
	stream.set_write_timeout(Some(Duration::from_secs(5))).map_err(|e| failed("timeout", e))?;
	let query = at.map_or_else(String::new, |at| format!("?at={at}"));
	let request = format!(
		"GET {REPORT_PATH}{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
	);
	let mut answer = Vec::new();
	let read = stream.write_all(request.as_bytes()).and_then(|()| stream.read_to_end(&mut answer));
	match read {
		Ok(_) if answer.is_empty() => Err(Unanswered::Closed),
		// Refused at the accept, the request unread: the close is a reset.
		Err(e) if answer.is_empty() && closed(&e) => Err(Unanswered::Closed),
		Err(e) => Err(failed("read", e)),
		Ok(_) => {
			let answer = String::from_utf8_lossy(&answer);
			let (head, body) = answer
				.split_once("\r\n\r\n")
				.ok_or_else(|| Unanswered::Failed(format!("no head: {answer:?}")))?;
			Ok((head.lines().next().unwrap_or_default().to_string(), body.to_string()))
		},
	}
}

/// Whether `e` is the peer's close, not a timeout.
fn closed(e: &std::io::Error) -> bool {
	use std::io::ErrorKind::*;
	matches!(e.kind(), ConnectionReset | ConnectionAborted | BrokenPipe)
}

/// Whether `body` is node 0's report for the chain of `genesis`, signed with its key, made as
/// of a block no later than `at` (if given); else what is wrong with it.
fn check_report(body: &str, genesis: sp_core::H256, at: Option<u64>) -> Result<u32, String> {
	let signed = sc4it_report::json::from_json(body.as_bytes())
		.map_err(|e| format!("not a report ({e:?}): {body}"))?;
	let report = &signed.report;
	if report.node != 0 || report.genesis != genesis {
		return Err(format!("node {} of chain {:?}: {body}", report.node, report.genesis));
	}
	if !signed.verify(&sp_keyring::Ed25519Keyring::Ferdie.public()) {
		return Err(format!("the signature does not verify: {body}"));
	}
	if at.is_some_and(|at| u64::from(report.at_block) > at) {
		return Err(format!("made at {} for ?at={at:?}", report.at_block));
	}
	Ok(report.at_block)
}

/// A dev chain whose demo node's agent serves on a port of its own, its first report served.
struct Grid {
	// Dropped in this order: the agent, the node, then their directory.
	agent: Agent,
	node: Node,
	port: u16,
	genesis: sp_core::H256,
	_dir: TempDir,
}

/// What the test's own report requests got.
struct Probes {
	/// Answered 200 with node 0's signed report within [`ANSWER_WITHIN`].
	served: u32,
	slowest: Duration,
	/// Each other answer, or none, with what was asked.
	failures: Vec<String>,
}

impl Grid {
	fn start(name: &str) -> Grid {
		let dir = TempDir::new(name);
		let port = free_port();
		let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
		let node = Node::start_chain("node", dir.path(), &spec);
		let agent = Agent::start_demo_node(
			dir.path(),
			&format!("ws://127.0.0.1:{}", node.rpc_port),
			port,
			&dir.path().join("agent"),
		);
		let mut grid = Grid { agent, node, port, genesis: Default::default(), _dir: dir };
		let served = || {
			request(port, None, None).is_ok_and(|(status, _)| status.starts_with("HTTP/1.1 200"))
		};
		wait("the agent's first report", Duration::from_secs(60), served, || grid.context());
		grid.genesis = chain::genesis_hash(&grid.node).expect("the genesis hash");
		grid
	}

	fn context(&self) -> String {
		format!("agent log:\n{}\nnode log:\n{}", self.agent.log(), self.node.tail())
	}

	/// Asks from 127.0.0.1 for the report every 200 ms until `until`, for the best block when
	/// `at_best(n)` of the `n`th request (as the oracle asks), else without `at`.
	fn ask_until(&self, until: Instant, at_best: impl Fn(u64) -> bool) -> Probes {
		let mut probes = Probes { served: 0, slowest: Duration::ZERO, failures: Vec::new() };
		let mut n = 0u64;
		while Instant::now() < until {
			n += 1;
			let at = if at_best(n) { self.node.best_number() } else { None };
			let asked = Instant::now();
			let answer = request(self.port, None, at);
			let took = asked.elapsed();
			probes.slowest = probes.slowest.max(took);
			let failure = match answer {
				Ok((status, body)) if status.starts_with("HTTP/1.1 200") => {
					match check_report(&body, self.genesis, at) {
						Ok(_) if took <= ANSWER_WITHIN => None,
						Ok(_) => Some(format!("answered after {took:?}")),
						Err(e) => Some(e),
					}
				},
				Ok((status, body)) => Some(format!("{status}: {body}")),
				Err(Unanswered::Closed) => Some(format!("closed unanswered after {took:?}")),
				Err(Unanswered::Failed(e)) => Some(format!("{e} after {took:?}")),
			};
			match failure {
				None => probes.served += 1,
				Some(failure) => probes.failures.push(format!("?at={at:?}: {failure}")),
			}
			std::thread::sleep(Duration::from_millis(200));
		}
		probes
	}
}

/// What the oracle recorded of node 0 in `blocks`: its healthy reports applied, and the
/// verdicts that it was down, each with its block.
fn oracle_record(
	node: &Node,
	blocks: std::ops::RangeInclusive<u64>,
) -> (usize, Vec<(u64, O<sc4it_runtime::Runtime>)>) {
	let books = Ledger::read(node, blocks);
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
	(healthy_reports, downs)
}

#[test]
fn one_address_flooding_the_port_leaves_the_report_to_the_oracle() {
	let descriptors = raise_descriptor_limit();
	assert!(descriptors > 2 * SLOTS as u64, "descriptor limit {descriptors}: too low");
	let grid = Grid::start("agent-flood");
	let (node, agent, port) = (&grid.node, &grid.agent, grid.port);
	let context = || grid.context();

	// The flood, from one address; it stops by itself.
	let stop = Arc::new(AtomicBool::new(false));
	let start = Instant::now();
	let (connection_flood_until, until) = (start + CONNECTION_FLOOD, start + FLOOD);
	let connections = {
		let stop = stop.clone();
		let server = SocketAddr::from(([127, 0, 0, 1], port));
		let attacker = [IpAddr::from(ATTACKER)];
		std::thread::spawn(move || {
			flood_connections(server, &attacker, SLOTS, connection_flood_until, &stop)
		})
	};
	let requesters: Vec<_> = (0..REQUESTERS)
		.map(|_| {
			let stop = stop.clone();
			std::thread::spawn(move || flood_requests(port, connection_flood_until, until, &stop))
		})
		.collect();
	let first_block = node.best_number().unwrap();

	// Meanwhile, from 127.0.0.1: every request answered at once with the signed report, for
	// the best block as the oracle asks or without `at`.
	let Probes { served, slowest, failures } = grid.ask_until(until, |n| n.is_multiple_of(2));
	let last_block = node.best_number().unwrap();
	stop.store(true, Ordering::Relaxed);
	let connections = connections.join().expect("the connection flood");
	let mut requests = Requests::default();
	for requester in requesters {
		requests.add(requester.join().expect("a request flood"));
	}
	let attack_took = start.elapsed();

	// What the oracle recorded of node 0 meanwhile.
	let (healthy_reports, downs) = oracle_record(node, first_block + 1..=last_block);
	let log = agent.log();
	let refused_logged: u64 = log
		.lines()
		.filter_map(|line| line.split("since the last report: ").nth(1))
		.filter_map(|rest| rest.split(' ').next()?.parse::<u64>().ok())
		.sum();
	println!(
		"blocks {first_block}..={last_block}, {attack_took:?}: the test's requests: {served} \
		 answered, {} failed, the slowest in {slowest:?}; node 0: {healthy_reports} healthy \
		 report(s) applied, {} down; the agent logged {refused_logged} connection(s) refused; \
		 connections: {connections:?}; requests: {requests:?}",
		failures.len(),
		downs.len()
	);

	// Every request from another address was answered at once with the signed report.
	assert!(
		failures.is_empty(),
		"report requests from 127.0.0.1 failed: {failures:?}\n{}",
		context()
	);
	assert!(served >= 100, "only {served} report(s) asked for");
	// The oracle never recorded node 0 down, and applied its healthy reports.
	assert!(downs.is_empty(), "node 0 recorded down: {downs:?}\n{}", context());
	assert!(healthy_reports >= 1, "no healthy report of node 0 applied\n{}", context());
	// The flood was real: thousands of connections a second, nearly all refused at the accept
	// and counted in the log; the attacker's address never held more than its bound.
	let seconds = CONNECTION_FLOOD.as_secs();
	assert!(
		connections.opened >= 1_000 * seconds,
		"connections opened: {} in {seconds} s",
		connections.opened
	);
	assert!(connections.closed_at_once >= connections.opened / 2, "{connections:?}");
	assert!(refused_logged >= connections.closed_at_once / 2, "refusals logged: {refused_logged}");
	assert!(
		connections.most_held <= PER_ADDRESS,
		"one address held {} connections, more than its bound of {PER_ADDRESS}",
		connections.most_held
	);
	assert!(connections.most_held >= PER_ADDRESS / 2, "the server held some: {connections:?}");
	// The requests too: once the connections stopped, they were answered as fast as they came,
	// from memory.
	let served_after = requests.served_after;
	assert!(served_after >= 1_000, "requests answered after the connection flood: {requests:?}");
	assert!(agent.log().contains("one client address"), "the agent logs its bounds");
	assert!(!log.contains("panicked"), "{log}");
}

/// The addresses of the attack from many: 127.0.1.0 to 127.0.1.159.
const MANY: u8 = 160;
/// How long the many addresses flood.
const MANY_FLOOD: Duration = Duration::from_secs(30);

#[test]
fn many_addresses_holding_every_place_leave_the_report_to_the_oracle() {
	let descriptors = raise_descriptor_limit();
	let slots = usize::from(MANY) * PER_ADDRESS;
	assert!(descriptors > 2 * slots as u64, "descriptor limit {descriptors}: too low");
	let grid = Grid::start("agent-flood-many");
	let (node, agent, port) = (&grid.node, &grid.agent, grid.port);
	let context = || grid.context();

	let stop = Arc::new(AtomicBool::new(false));
	let until = Instant::now() + MANY_FLOOD;
	let connections = {
		let stop = stop.clone();
		let server = SocketAddr::from(([127, 0, 0, 1], port));
		let sources: Vec<IpAddr> = (0..MANY).map(|i| IpAddr::from([127, 0, 1, i])).collect();
		std::thread::spawn(move || flood_connections(server, &sources, slots, until, &stop))
	};
	let first_block = node.best_number().unwrap();
	// While it runs, from 127.0.0.1, as the oracle asks: every request answered at once.
	let Probes { served, slowest, failures } = grid.ask_until(until, |_| true);
	let last_block = node.best_number().unwrap();
	stop.store(true, Ordering::Relaxed);
	let connections = connections.join().expect("the connection flood");

	let (healthy_reports, downs) = oracle_record(node, first_block + 1..=last_block);
	let log = agent.log();
	let idle_closed: u64 = log
		.lines()
		.filter(|line| line.contains("waiting for their request head closed"))
		.filter_map(|line| line.split("http: ").nth(1)?.split(' ').next()?.parse::<u64>().ok())
		.sum();
	println!(
		"blocks {first_block}..={last_block}: the test's requests: {served} answered, {} failed, \
		 the slowest in {slowest:?}; node 0: {healthy_reports} healthy report(s) applied, {} \
		 down; the agent closed {idle_closed} idle connection(s) for new ones; connections: \
		 {connections:?}",
		failures.len(),
		downs.len()
	);
	assert!(failures.is_empty(), "requests from 127.0.0.1 failed: {failures:?}\n{}", context());
	assert!(served >= 50, "only {served} report(s) asked for");
	assert!(downs.is_empty(), "node 0 recorded down: {downs:?}\n{}", context());
	assert!(healthy_reports >= 1, "no healthy report of node 0 applied\n{}", context());
	// The flood was real: more connections than the server's places, which it filled, so that
	// it closed idle ones by the thousand for new ones.
	assert!(connections.opened >= slots as u64, "{connections:?}");
	assert!(idle_closed >= 1_000, "idle connections closed for new ones: {idle_closed}");
	assert!(!log.contains("panicked"), "{log}");
}
