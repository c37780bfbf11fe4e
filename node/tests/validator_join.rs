//! A farmer joins the dev chain as a validator with nobody else's keys, as docs/governance.md
//! tells: its node generates its session keys with `author_rotateKeysWithOwner`, the farmer
//! registers them with `session.set_keys` and the proof, and the council (Alice alone on the dev
//! chain) adds the account. Within two sessions the new validator authors blocks, GRANDPA needs
//! its vote (two of two) and its oracle key is an oracle authority. Then the council removes it:
//! its keys are purged and, two sessions later, Alice alone authors, finalizes and bills again.

mod common;

use codec::{Decode, Encode};
use common::{chain, *};
use sc4it_runtime::{AccountId, RuntimeCall, SessionKeys};
use sp_io::hashing::{blake2_128, twox_64};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000021";
const EVE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000022";

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

/// The dev chain's council is Alice alone: her motions pass when proposed.
fn council(alice: &Node, call: RuntimeCall) {
	chain::submit(alice, Sr25519Keyring::Alice, chain::council_motion(call)).unwrap();
}

#[test]
fn a_farmer_joins_as_a_validator_through_the_council_and_leaves_again() {
	let dir = TempDir::new("join");
	let spec = chain::dev_spec_with_demo_url(dir.path(), "http://127.0.0.1:9");
	let spec = spec.to_str().unwrap();
	let alice_base = dir.path().join("alice");
	let mut alice = Node::start(
		"alice",
		dir.path(),
		&[
			"--chain",
			spec,
			"--alice",
			"--force-authoring",
			"--base-path",
			alice_base.to_str().unwrap(),
			"--node-key",
			ALICE_NODE_KEY,
		],
	);
	let bootnode = format!(
		"/ip4/127.0.0.1/tcp/{}/p2p/{}",
		alice.p2p_port,
		peer_id(ALICE_NODE_KEY, dir.path())
	);
	// The farmer's node: a validator node with an empty keystore.
	let eve_base = dir.path().join("eve");
	let mut eve = Node::start(
		"eve",
		dir.path(),
		&[
			"--chain",
			spec,
			"--validator",
			"--base-path",
			eve_base.to_str().unwrap(),
			"--node-key",
			EVE_NODE_KEY,
			"--bootnodes",
			&bootnode,
		],
	);
	eve.wait_for("sync", Duration::from_secs(120), |n| {
		n.peers().unwrap_or(0) >= 1 && n.best_number().unwrap_or(0) >= 3
	});
	// Short sessions for the test: the minimum, 10 blocks.
	council(
		&alice,
		RuntimeCall::Validators(pallet_sc4it_validators::Call::set_session_length { blocks: 10 }),
	);

	// The farmer's node makes its keys and the proof that Eve's account owns them.
	let eve_account = Sr25519Keyring::Eve.to_account_id();
	let generated = eve
		.rpc(
			"author_rotateKeysWithOwner",
			serde_json::json!([format!("0x{}", hex(&eve_account.encode()))]),
		)
		.unwrap();
	let keys = unhex(generated["keys"].as_str().unwrap()).unwrap();
	let proof = unhex(generated["proof"].as_str().expect("the runtime makes a proof")).unwrap();
	let keys = SessionKeys::decode(&mut &keys[..]).unwrap();
	chain::submit(
		&alice,
		Sr25519Keyring::Eve,
		RuntimeCall::Session(pallet_session::Call::set_keys { keys: keys.clone(), proof }),
	)
	.unwrap();
	alice.wait_for("Eve's keys on chain", Duration::from_secs(60), |n| {
		next_keys(n, &eve_account).as_ref() == Some(&keys)
	});

	// The council adds her.
	council(
		&alice,
		RuntimeCall::Validators(pallet_sc4it_validators::Call::add_validator {
			who: eve_account.clone(),
		}),
	);
	alice.wait_for("Eve in the validator set", Duration::from_secs(60), |n| {
		validators(n).contains(&eve_account)
	});
	alice.wait_for("two authorities", Duration::from_secs(240), |n| authority_counts(n) == (2, 2));
	alice.wait_for("a block by Eve", Duration::from_secs(120), |n| {
		authored_blocks(n, current_session(n), &eve_account) > 0
	});
	// Two of two validators must vote for GRANDPA to finalize: finality going on is Eve voting.
	let best = alice.best_number().unwrap();
	alice.wait_for("finality with Eve", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best
	});
	eve.wait_for("Eve's oracle at work", Duration::from_secs(60), |n| {
		n.log().lines().any(|l| l.contains("oracle: block"))
	});

	// The council removes her: her keys are purged at once, and two sessions later Alice is alone.
	council(
		&alice,
		RuntimeCall::Validators(pallet_sc4it_validators::Call::remove_validator {
			who: eve_account.clone(),
		}),
	);
	alice.wait_for("Eve out of the set", Duration::from_secs(60), |n| {
		!validators(n).contains(&eve_account) && next_keys(n, &eve_account).is_none()
	});
	alice.wait_for("one authority", Duration::from_secs(240), |n| authority_counts(n) == (1, 1));
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
