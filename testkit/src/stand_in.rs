//! A stand-in for a node's agent: a plain HTTP server that answers the oracle's report requests
//! for the demo node (node 0, signing with `//Ferdie`'s ed25519 key) with a report of the asked
//! block, well or in one of the ways a hostile or broken server would ([`Mode`]). For tests of
//! the oracle that need to choose each answer, and for chains whose runtime the real agent does
//! not speak (an older version, before an upgrade).

use sc4it_report::{ContractReport, Report, VERSION};
use sp_keyring::Ed25519Keyring;
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	sync::{Arc, Mutex},
	time::Duration,
};

/// What the stand-in agent does with the next requests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
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

/// The stand-in, serving on its own threads until the test ends.
#[derive(Clone)]
pub struct StandInAgent {
	/// Its port on 127.0.0.1.
	pub port: u16,
	mode: Arc<Mutex<Mode>>,
	/// The contracts its reports list.
	pub contracts: Arc<Mutex<Vec<ContractReport>>>,
	/// Every request answered: the block asked for and the mode it was answered in.
	served: Arc<Mutex<Vec<(u32, Mode)>>>,
	/// The last good answer's body, for replays.
	last_good: Arc<Mutex<String>>,
	/// The chain's genesis hash, which reports sign: known once the node runs.
	pub genesis: Arc<std::sync::OnceLock<sp_core::H256>>,
}

impl StandInAgent {
	/// Listens on a free port of 127.0.0.1, answering `Mode::Good` until told otherwise.
	pub fn start() -> StandInAgent {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let agent = StandInAgent {
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

	/// How the next requests are answered.
	pub fn set_mode(&self, mode: Mode) {
		*self.mode.lock().unwrap() = mode;
	}

	/// From now on its reports say `contract`'s volume was deployed at block `since`.
	pub fn report_deployed(&self, contract: u64, since: u32) {
		self.contracts.lock().unwrap().push(ContractReport {
			contract,
			state: sc4it_report::VolumeState::Deployed { since },
			used_bytes: 1 << 20,
		});
	}

	/// The mode of the answer to the request for block `at`, if one was asked.
	pub fn answered(&self, at: u32) -> Option<Mode> {
		self.served.lock().unwrap().iter().rev().find(|(a, _)| *a == at).map(|(_, m)| *m)
	}
}
