//! A farmer joins the dev chain as a validator with nobody else's keys, by the README's session
//! "A farmer becomes a validator", run as written: Eve's node generates her session keys with
//! `author_rotateKeysWithOwner`, she registers them with `session.set_keys` and the proof, and
//! the council (Alice alone on the dev chain) adds her account. Within two sessions she authors
//! blocks, GRANDPA needs her vote (two of two) and her oracle key is an oracle authority. Then the
//! README's leaving session: the council removes her, her keys are purged, she stops her node once
//! she no longer authors, and Alice alone authors, finalizes and bills again.
//!
//! The sessions give Eve's node fixed ports and files in `/tmp`, as a person types them; the test
//! puts free ports and its own temporary directory in their place, so that it can run beside
//! another run of itself, or beside a grid of the README's reader.

use codec::Encode;
use sc4it_runtime::{AccountId, RuntimeCall, SessionKeys};
use sc4it_testkit::{chain, *};
use sp_io::hashing::{blake2_128, twox_64};
use sp_keyring::Sr25519Keyring;
use std::{
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::Duration,
};

fn validators(node: &Node) -> Vec<AccountId> {
	chain::storage(node, &chain::plain_key("Validators", "Validators"), None).unwrap_or_default()
}

fn current_session(node: &Node) -> u32 {
	chain::storage(node, &chain::plain_key("Validators", "CurrentSession"), None).unwrap_or(0)
}

fn authored_blocks(node: &Node, session: u32, who: &AccountId) -> u32 {
	let mut key = chain::plain_key("Validators", "AuthoredBlocks");
	key.extend(twox_64(&session.encode()));
	key.extend(session.encode());
	key.extend(blake2_128(&who.encode()));
	key.extend(who.encode());
	chain::storage(node, &key, None).unwrap_or(0)
}

fn next_keys(node: &Node, who: &AccountId) -> Option<SessionKeys> {
	let mut key = chain::plain_key("Session", "NextKeys");
	key.extend(twox_64(&who.encode()));
	key.extend(who.encode());
	chain::storage(node, &key, None)
}

/// How many authorities Aura and the oracle have at the best block.
fn authority_counts(node: &Node) -> (usize, usize) {
	let aura: Vec<[u8; 32]> =
		chain::storage(node, &chain::plain_key("Aura", "Authorities"), None).unwrap_or_default();
	let oracle: Vec<[u8; 32]> =
		chain::storage(node, &chain::plain_key("Oracle", "Authorities"), None).unwrap_or_default();
	(aura.len(), oracle.len())
}

/// What the README's sessions give Eve's node (its ports, and the directory of its pid and log
/// files), and what the test puts in their place.
struct Eve {
	p2p_port: u16,
	rpc_port: u16,
	prometheus_port: u16,
	/// Stands for the README's `/tmp`: the pid and log files are `eve-node.pid`, `eve-node.log`.
	tmp: PathBuf,
}

impl Eve {
	fn new(dir: &Path) -> Eve {
		let tmp = dir.join("tmp");
		std::fs::create_dir_all(&tmp).unwrap();
		let mut ports = Vec::new();
		while ports.len() < 3 {
			let port = free_port();
			if !ports.contains(&port) {
				ports.push(port);
			}
		}
		Eve { p2p_port: ports[0], rpc_port: ports[1], prometheus_port: ports[2], tmp }
	}

	fn pid_file(&self) -> PathBuf {
		self.tmp.join("eve-node.pid")
	}

	fn log_file(&self) -> PathBuf {
		self.tmp.join("eve-node.log")
	}

	/// The README's session after `marker` with Eve's ports and files put in the README's place.
	/// Every one of them the session names must be in it as the README gives it, so that a README
	/// that changes them fails here instead of running with fixed ports or shared files.
	fn session(&self, marker: &str) -> String {
		let tmp = format!("{}/", self.tmp.display());
		let ports = [
			("--port 30334", format!("--port {}", self.p2p_port)),
			("--rpc-port 9945", format!("--rpc-port {}", self.rpc_port)),
			("--prometheus-port 9616", format!("--prometheus-port {}", self.prometheus_port)),
			("127.0.0.1:9945", format!("127.0.0.1:{}", self.rpc_port)),
		];
		let mut script = readme::session(marker);
		assert!(
			script.contains("/tmp/"),
			"the README's session {marker} keeps Eve's files in /tmp"
		);
		script = script.replace("/tmp/", &tmp);
		if script.contains("sc4it-node --chain") {
			for (given, own) in &ports {
				assert!(script.contains(given), "the README's session {marker} has `{given}`");
				script = script.replace(given, own);
			}
		}
		let mut unexpected = readme::session(marker);
		for (given, _) in &ports {
			unexpected = unexpected.replace(given, "");
		}
		for port in ["30334", "9945", "9616"] {
			assert!(
				!unexpected.contains(port),
				"the README's session {marker} names Eve's port {port} where the test does not \
				 put its own"
			);
		}
		script
	}

	/// Runs the README's session after `marker` as `readme::run` does (`bash -euo pipefail`, the
	/// workspace's binaries first on the PATH, `home` as HOME, `env`, at most 20 minutes), with
	/// Eve's ports and files in the README's place.
	fn run(&self, marker: &str, home: &Path, env: &[(&str, &str)]) {
		readme::run_script(marker, &self.session(marker), home, env);
	}
}

/// Stops Eve's node (started by the README's session, which records its pid in the test's own
/// directory) if the test ends before the session's last line does, and waits until it is gone.
impl Drop for Eve {
	fn drop(&mut self) {
		if let Ok(pid) = std::fs::read_to_string(self.pid_file()) {
			let pid = pid.trim().to_string();
			let signal = |args: &[&str]| {
				Command::new("kill")
					.args(args)
					.arg(&pid)
					.stderr(Stdio::null())
					.status()
					.is_ok_and(|s| s.success())
			};
			signal(&[]);
			for _ in 0..60 {
				if !signal(&["-0"]) {
					break;
				}
				std::thread::sleep(Duration::from_millis(500));
			}
			if std::thread::panicking() {
				eprintln!(
					"Eve's node's log:\n{}",
					std::fs::read_to_string(self.log_file()).unwrap_or_default()
				);
			}
		}
	}
}

#[test]
fn a_farmer_joins_as_a_validator_through_the_council_and_leaves_again() {
	let dir = TempDir::new("join");
	let spec = chain::dev_spec_with_demo_url(dir.path(), "http://127.0.0.1:9");
	let mut alice = Node::start_chain("alice", dir.path(), &spec);
	// Short sessions for the test: the minimum, 10 blocks (the README's reader has 20).
	chain::submit(
		&alice,
		Sr25519Keyring::Alice,
		chain::council_motion(RuntimeCall::Validators(
			pallet_sc4it_validators::Call::set_session_length { blocks: 10 },
		)),
	)
	.unwrap();
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	let url = format!("ws://127.0.0.1:{}", alice.rpc_port);
	let env = [
		("SC4IT_URL", url.as_str()),
		("SC4IT_CHAIN", spec.to_str().unwrap()),
		("TMPDIR", dir.path().to_str().unwrap()),
	];

	// Dropped before `dir`: Eve's node is stopped before its directory is removed.
	let eve = Eve::new(dir.path());
	eve.run("<!-- validator-join -->", &home, &env);
	let eve_account = Sr25519Keyring::Eve.to_account_id();
	assert!(next_keys(&alice, &eve_account).is_some(), "Eve's session keys are registered");
	assert!(validators(&alice).contains(&eve_account), "the council added Eve");
	alice.wait_for("two authorities", Duration::from_secs(240), |n| authority_counts(n) == (2, 2));
	alice.wait_for("a block by Eve", Duration::from_secs(120), |n| {
		authored_blocks(n, current_session(n), &eve_account) > 0
	});
	// Two of two validators must vote for GRANDPA to finalize: finality going on is Eve voting.
	let best = alice.best_number().unwrap();
	alice.wait_for("finality with Eve", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best
	});
	alice.wait_for("Eve's oracle at work", Duration::from_secs(60), |_| {
		std::fs::read_to_string(eve.log_file())
			.is_ok_and(|log| log.lines().any(|l| l.contains("oracle: block")))
	});

	// The README's leaving session ends with her node stopped, once she no longer authors.
	eve.run("<!-- validator-leave -->", &home, &env);
	assert!(
		!validators(&alice).contains(&eve_account) && next_keys(&alice, &eve_account).is_none(),
		"Eve is out of the set and her keys are purged"
	);
	assert_eq!(authority_counts(&alice), (1, 1));
	assert!(
		std::net::TcpStream::connect(("127.0.0.1", eve.rpc_port)).is_err(),
		"Eve's node stopped"
	);
	let best = alice.best_number().unwrap();
	alice.wait_for("finality without Eve", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best
	});
	let session = current_session(&alice);
	alice.wait_for("a session without Eve", Duration::from_secs(120), |n| {
		current_session(n) > session
	});
	assert_eq!(authored_blocks(&alice, current_session(&alice), &eve_account), 0);
}
