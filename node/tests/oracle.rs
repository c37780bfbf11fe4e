//! The oracle on the real dev node, against a real HTTP server standing in for the demo node's
//! agent (signing with the demo node's key, `//Ferdie`): a contract is charged exactly its rate
//! for every block it was deployed on a healthy node, and every kind of bad answer — a slow
//! server (past the OCW's deadline), a 500, a body cut short, malformed JSON, a body past the size
//! bound, a slow drip, a forged signature, a replayed old report, a report about another node —
//! counts as down, while blocks keep coming and no balance changes wrongly. (TestOffchainExt
//! cannot show most of these: it always answers 200 and ignores deadlines.)

use sc4it_report::{ContractReport, Report, VolumeState, VERSION};
use sc4it_testkit::{chain, *};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// What the stand-in agent does with the next requests.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
	/// A signed, healthy report of the requested block.
	Good,
	/// The same, but only after the OCW's 2 s deadline has passed.
	Slow,
	/// HTTP 500.
	Error500,
	/// A 200 whose body stops halfway, the connection closed.
	CutBody,
	/// Not JSON.
	Malformed,
	/// A body past the 256 KiB bound.
	TooLarge,
	/// The body one byte at a time, 100 ms apart: never complete before the deadline.
	Drip,
	/// A report signed with another key.
	Forged,
	/// The last good report again.
	Replay,
	/// A report about another node.
	OtherNode,
}

#[derive(Clone)]
struct Agent {
	port: u16,
	mode: Arc<Mutex<Mode>>,
	contracts: Arc<Mutex<Vec<ContractReport>>>,
	/// Every request answered: the block asked for and the mode it was answered in.
	served: Arc<Mutex<Vec<(u32, Mode)>>>,
	/// The last good answer's body, for replays.
	last_good: Arc<Mutex<String>>,
	/// The chain's genesis hash, which reports sign: known once the node runs.
	genesis: Arc<std::sync::OnceLock<sp_core::H256>>,
}

impl Agent {
	fn start() -> Agent {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let agent = Agent {
			port: listener.local_addr().unwrap().port(),
			mode: Arc::new(Mutex::new(Mode::Good)),
			contracts: Default::default(),
			served: Default::default(),
			last_good: Default::default(),
			genesis: Default::default(),
		};
		let server = agent.clone();
		std::thread::spawn(move || {
			for stream in listener.incoming().flatten() {
				let server = server.clone();
				std::thread::spawn(move || server.answer(stream));
			}
		});
		agent
	}

	fn answer(&self, mut stream: TcpStream) {
		let mut request = Vec::new();
		let mut buffer = [0u8; 1024];
		while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 8192 {
			match stream.read(&mut buffer) {
				Ok(0) | Err(_) => return,
				Ok(n) => request.extend_from_slice(&buffer[..n]),
			}
		}
		let line = String::from_utf8_lossy(&request).lines().next().unwrap_or("").to_string();
		let Some(at) = line
			.split_whitespace()
			.nth(1)
			.and_then(|path| path.split("?at=").nth(1))
			.and_then(|n| n.parse::<u32>().ok())
		else {
			let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
			return;
		};
		let Some(genesis) = self.genesis.get().copied() else {
			let _ =
				stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
			return;
		};
		let mode = *self.mode.lock().unwrap();
		self.served.lock().unwrap().push((at, mode));
		let report = |node: u32, key: Ed25519Keyring| {
			let report = Report {
				version: VERSION,
				genesis,
				node,
				at_block: at,
				healthy: true,
				contracts: self.contracts.lock().unwrap().clone().try_into().unwrap(),
			}
			.sign(&key.pair());
			sc4it_report::json::to_json(&report)
		};
		let body = match mode {
			Mode::Forged => report(0, Ed25519Keyring::Eve),
			Mode::OtherNode => report(1, Ed25519Keyring::Ferdie),
			Mode::Replay => self.last_good.lock().unwrap().clone(),
			Mode::Malformed => "{\"version\":\"1\",\"node\":[[[".to_string(),
			Mode::TooLarge => {
				format!("{}{}", " ".repeat(300 * 1024), report(0, Ed25519Keyring::Ferdie))
			},
			_ => report(0, Ed25519Keyring::Ferdie),
		};
		if mode == Mode::Good {
			*self.last_good.lock().unwrap() = body.clone();
		}
		let head = format!(
			"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
			body.len()
		);
		let _ = match mode {
			Mode::Drip => (|| {
				stream.write_all(head.as_bytes())?;
				for byte in body.as_bytes() {
					stream.write_all(&[*byte])?;
					std::thread::sleep(Duration::from_millis(100));
				}
				Ok(())
			})(),
			Mode::Slow => {
				std::thread::sleep(Duration::from_secs(4));
				stream.write_all(format!("{head}{body}").as_bytes())
			},
			Mode::Error500 => stream.write_all(
				b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
			),
			Mode::CutBody => {
				stream.write_all(format!("{head}{}", &body[..body.len() / 2]).as_bytes())
			},
			_ => stream.write_all(format!("{head}{body}").as_bytes()),
		};
		let _ = stream.shutdown(std::net::Shutdown::Both);
	}

	fn set_mode(&self, mode: Mode) {
		*self.mode.lock().unwrap() = mode;
	}

	/// The mode of the answer to the request for block `at`, if one was asked.
	fn answered(&self, at: u32) -> Option<Mode> {
		self.served.lock().unwrap().iter().rev().find(|(a, _)| *a == at).map(|(_, m)| *m)
	}
}

#[test]
fn the_oracle_bills_exactly_and_counts_a_slow_a_failing_and_a_cut_server_as_down() {
	bill_through_faults(
		"oracle-faults",
		&[
			(Mode::Slow, "node 0: no complete answer before the deadline"),
			(Mode::Error500, "node 0: HTTP status 500"),
			(Mode::CutBody, "node 0: unreachable"),
		],
	);
}

#[test]
fn a_hostile_report_server_counts_as_down_and_changes_no_balance_wrongly() {
	bill_through_faults(
		"oracle-hostile",
		&[
			(Mode::Malformed, "node 0: report refused: Malformed"),
			(Mode::TooLarge, "node 0: report refused: TooLarge"),
			(Mode::Drip, "node 0: no complete answer before the deadline"),
			(Mode::Forged, "node 0: report refused: BadSignature"),
			(Mode::Replay, "node 0: report refused: Stale"),
			(Mode::OtherNode, "node 0: report refused: WrongNode"),
		],
	);
}

/// A contract on the demo node, billed while the stand-in agent answers well, then through each
/// fault in turn (each followed by a good period); at the end the charge is checked exactly
/// against the periods the chain recorded and what the agent answered for each.
fn bill_through_faults(name: &str, faults: &[(Mode, &str)]) {
	let dir = TempDir::new(name);
	let agent = Agent::start();
	let spec =
		chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{}", agent.port));
	let mut node = Node::start_chain("oracle", dir.path(), &spec);
	agent.genesis.set(chain::genesis_hash(&node).unwrap()).unwrap();
	node.wait_for("block 2", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 2);
	// A grid of one node whose faults this test is about.
	chain::vote_down_on_a_grid_of_one(&node);

	// Alice's contract on the demo node: 10 GiB of SSD.
	let alice = Sr25519Keyring::Alice;
	let volume =
		sc4it_primitives::Volume { size_gib: 10, disk_type: sc4it_primitives::DiskType::Ssd };
	let call =
		sc4it_runtime::RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 0,
			volume,
			deposit: sc4it_runtime::UNIT,
		});
	chain::submit(&node, alice, call).expect("submitted");
	node.wait_for("the contract", Duration::from_secs(60), |n| chain::contract(n, 0).is_some());
	let alice_free = chain::free_balance(&node, &alice.to_account_id());

	// The agent deploys it now.
	let since = node.best_number().unwrap() as u32;
	agent.contracts.lock().unwrap().push(ContractReport {
		contract: 0,
		state: VolumeState::Deployed { since },
		used_bytes: 1 << 20,
	});
	node.wait_for("the deployment on chain", Duration::from_secs(60), |n| {
		chain::contract(n, 0)
			.is_some_and(|c| c.state == pallet_sc4it_contracts::ContractState::Deployed)
	});
	let healthy_until = chain::confirmed_until(&node, 0).unwrap();
	node.wait_for("a healthy period after the deployment", Duration::from_secs(60), |n| {
		chain::confirmed_until(n, 0).unwrap_or(0) > healthy_until
	});

	for &(mode, cause) in faults {
		let charged = chain::contract(&node, 0).unwrap().charged;
		let before = chain::confirmed_until(&node, 0).unwrap();
		agent.set_mode(mode);
		let started = Instant::now();
		let best = node.best_number().unwrap();
		// The period answered in this mode lands on chain as down...
		node.wait_for(&format!("a period answered {mode:?}"), Duration::from_secs(60), |n| {
			chain::confirmed_until(n, 0)
				.is_some_and(|c| c > before && agent.answered(c) == Some(mode))
		});
		assert!(node.log().contains(cause), "{mode:?}: the log should say `{cause}`");
		// ...nothing was charged for it, and blocks kept coming at their pace.
		assert_eq!(chain::contract(&node, 0).unwrap().charged, charged, "{mode:?}");
		let blocks = node.best_number().unwrap() - best;
		let expected = started.elapsed().as_secs() / 3;
		assert!(blocks + 2 >= expected, "{mode:?}: {blocks} blocks in {:?}", started.elapsed());

		// The agent recovers: billing resumes (and the node is never down long enough to be
		// drained).
		agent.set_mode(Mode::Good);
		let before = chain::confirmed_until(&node, 0).unwrap();
		node.wait_for("a healthy period again", Duration::from_secs(60), |n| {
			chain::confirmed_until(n, 0)
				.is_some_and(|c| c > before && agent.answered(c) == Some(Mode::Good))
		});
	}

	// Exactness: the chain recorded each period as the agent answered it, and the contract paid
	// its rate for every healthy block since its deployment, and for no other.
	let best = node.best_number().unwrap();
	let books = Ledger::read(&node, 1..=best);
	for period in books.periods(0) {
		let answered = agent.answered(period.to);
		assert_eq!(period.healthy, answered == Some(Mode::Good), "{period:?}: {answered:?}");
	}
	let periods = books.periods(0).len();
	let deployed_at = books.contract(0).deployed;
	assert_eq!(deployed_at, Some(since));
	let healthy_blocks = books.healthy_blocks(0, since, sc4it_runtime::BlockNumber::MAX);
	assert!(periods >= 6, "only {periods} periods recorded");
	let view = chain::contract_at(&node, 0, best).unwrap();
	assert_eq!(view.charged + view.owed, view.rate * healthy_blocks);
	assert!(healthy_blocks > 0);
	// Oracle transactions are fee-less: Alice, an oracle here, paid nothing more, and her held
	// funds went only to the charges.
	assert_eq!(chain::free_balance(&node, &alice.to_account_id()), alice_free);
	assert_eq!(view.held + view.charged, sc4it_runtime::UNIT);
	node.kill();
}
