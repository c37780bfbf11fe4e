//! A farmer joins the dev chain as a validator with nobody else's keys, by the README's session
//! "A farmer becomes a validator", run as written: Eve's node generates her session keys with
//! `author_rotateKeysWithOwner`, she registers them with `session.set_keys` and the proof, and
//! the council (Alice alone on the dev chain) adds her account. Within two sessions she authors
//! blocks, GRANDPA needs her vote (two of two) and her oracle key is an oracle authority. Then the
//! README's leaving session: the council removes her, her keys are purged, she stops her node once
//! she no longer authors, and Alice alone authors, finalizes and bills again.

use codec::Encode;
use sc4it_runtime::{AccountId, RuntimeCall, SessionKeys};
use sc4it_testkit::{chain, *};
use sp_io::hashing::{blake2_128, twox_64};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

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

/// The ports the README gives Eve's node.
const EVE_PORTS: [u16; 3] = [30334, 9945, 9616];
const EVE_RPC_PORT: u16 = 9945;

/// Where the README's session keeps Eve's node's pid and log.
const EVE_PID: &str = "/tmp/eve-node.pid";
const EVE_LOG: &str = "/tmp/eve-node.log";

/// Stops Eve's node (started by the README's session, which records its pid) if the test ends
/// before the session's last line does, and waits until it is gone.
struct EveNode;

impl EveNode {
	/// Before the session: no pid file of an earlier run, whose pid may be another process's.
	fn new() -> EveNode {
		let _ = std::fs::remove_file(EVE_PID);
		EveNode
	}
}

impl Drop for EveNode {
	fn drop(&mut self) {
		if let Ok(pid) = std::fs::read_to_string(EVE_PID) {
			let pid = pid.trim().to_string();
			let signal = |args: &[&str]| {
				std::process::Command::new("kill")
					.args(args)
					.arg(&pid)
					.stderr(std::process::Stdio::null())
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
					std::fs::read_to_string(EVE_LOG).unwrap_or_default()
				);
			}
		}
		let _ = std::fs::remove_file(EVE_PID);
		let _ = std::fs::remove_file(EVE_LOG);
	}
}

#[test]
fn a_farmer_joins_as_a_validator_through_the_council_and_leaves_again() {
	for port in EVE_PORTS {
		assert!(
			std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
			"port {port}, which the README gives Eve's node, is taken: is an Eve node running?"
		);
	}
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

	let _eve_node = EveNode::new();
	readme::run("<!-- validator-join -->", &home, &env);
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
		std::fs::read_to_string(EVE_LOG)
			.is_ok_and(|log| log.lines().any(|l| l.contains("oracle: block")))
	});

	// The README's leaving session ends with her node stopped, once she no longer authors.
	readme::run("<!-- validator-leave -->", &home, &env);
	assert!(
		!validators(&alice).contains(&eve_account) && next_keys(&alice, &eve_account).is_none(),
		"Eve is out of the set and her keys are purged"
	);
	assert_eq!(authority_counts(&alice), (1, 1));
	assert!(
		std::net::TcpStream::connect(("127.0.0.1", EVE_RPC_PORT)).is_err(),
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
