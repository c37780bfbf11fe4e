//! Four validators (Alice, Bob, Charlie, Dave) on loopback with the `local` chain, each an oracle
//! with its OCW key, and the real agent serving the demo node's reports: they peer, produce and
//! finalize blocks, and bill a contract every period once, never twice.
//!
//! GRANDPA finalizes with more than two thirds of the votes: a network of n validators tolerates
//! f stopped ones when n >= 3f + 1, so four tolerate one. The test asserts exactly that: with
//! Dave stopped, blocks, finality and billing all continue; with Charlie stopped too, blocks and
//! billing continue (Aura and the oracle need only one honest validator) and no block authored
//! after that is finalized; when both return, finality catches up. docs/governance.md explains
//! it. Then the council upgrades the running network's runtime: a motion of three authorizes
//! the next version's hash, Ferdie (no member) applies the code, the new version runs, its
//! migration ran once, and billing and finality go on; refused before: an authorization by
//! Ferdie, code of the same spec_version, code other than the authorized one. At the end the
//! books are exact over the whole run.
//!
//! And with one dishonest authority (Charlie, whose own offchain worker is off; Dave not running):
//! through his node's RPC he votes the healthy demo node down at every block he likes and
//! forwards its reports stripped of their entries; nothing changes for the node's contracts and
//! farmer, and the honest authorities' reports land. Meanwhile, asserted at the blocks they land
//! in: a user tops up every block and cancels, the council carries a motion, and a volume deleted
//! by hand on the farmer's disk is reported failed and lands within a billing period.

use codec::Encode;
use sc4it_testkit::{
	chain,
	testnet::{validator, Testnet},
	*,
};
use sp_keyring::Sr25519Keyring as Keyring;
use std::{sync::Mutex, time::Duration};

/// The tests of this file each run a network of validators: one at a time.
static NETWORK: Mutex<()> = Mutex::new(());

#[test]
fn four_validators_finalize_with_one_stopped_bill_with_two_stopped_and_upgrade_by_motion() {
	let _one_network = NETWORK.lock().unwrap_or_else(|e| e.into_inner());
	let net = Testnet::start("local");
	let _agent = net.agent(0, net.alice.rpc_port);
	let Testnet { dir, spec, mut alice, bootnode, .. } = net;
	let mut bob = validator("bob", &dir, &spec, Some(&bootnode), &[]);
	let mut charlie = validator("charlie", &dir, &spec, Some(&bootnode), &[]);
	let mut dave = validator("dave", &dir, &spec, Some(&bootnode), &[]);

	alice.wait_for("three peers", Duration::from_secs(120), |n| n.peers().unwrap_or(0) >= 3);
	for node in [&mut alice, &mut bob, &mut charlie, &mut dave] {
		node.wait_for("block 4", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 4);
		node.wait_for("finality", Duration::from_secs(120), |n| {
			n.finalized_number().unwrap_or(0) >= 2
		});
	}

	// A contract on the demo node, deployed by the agent and billed by the four oracles.
	chain::create_ssd_contract(&alice, sp_keyring::Sr25519Keyring::Eve, 1, sc4it_runtime::UNIT);
	alice.wait_for("the deployment", Duration::from_secs(120), |n| {
		chain::contract(n, 0)
			.is_some_and(|c| c.state == pallet_sc4it_contracts::ContractState::Deployed)
	});
	let billed = chain::contract(&alice, 0).unwrap().charged;
	alice.wait_for("billing", Duration::from_secs(60), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > billed)
	});

	// One stopped: three of four still finalize.
	dave.kill();
	let best_when_one_stopped = alice.best_number().unwrap();
	alice.wait_for("finality without Dave", Duration::from_secs(120), |n| {
		n.finalized_number().unwrap_or(0) > best_when_one_stopped + 2
	});
	let charged = chain::contract(&alice, 0).unwrap().charged;
	alice.wait_for("billing without Dave", Duration::from_secs(90), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > charged)
	});

	// Two stopped: Aura goes on in Alice's and Bob's slots, GRANDPA waits.
	charlie.kill();
	let best_when_two_stopped = alice.best_number().unwrap();
	for node in [&mut alice, &mut bob] {
		node.wait_for("blocks without Charlie and Dave", Duration::from_secs(90), |n| {
			n.best_number().unwrap_or(0) >= best_when_two_stopped + 4
		});
	}
	assert!(alice.finalized_number().unwrap() <= best_when_two_stopped);
	// The oracles of Alice and Bob go on billing.
	let charged = chain::contract(&alice, 0).unwrap().charged;
	alice.wait_for("billing without Charlie and Dave", Duration::from_secs(90), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > charged)
	});
	assert!(alice.finalized_number().unwrap() <= best_when_two_stopped);

	// Both come back with their databases and keystores, sync, and finality catches up.
	let mut charlie = validator("charlie", &dir, &spec, Some(&bootnode), &[]);
	let _dave = validator("dave", &dir, &spec, Some(&bootnode), &[]);
	charlie.wait_for("sync", Duration::from_secs(120), |n| {
		n.best_number().unwrap_or(0) >= best_when_two_stopped + 4
	});
	let best_when_back = alice.best_number().unwrap();
	alice.wait_for("finality again", Duration::from_secs(180), |n| {
		n.finalized_number().unwrap_or(0) >= best_when_back
	});
	// Charlie's oracle takes part again: it fetches the demo node's report and submits.
	charlie.wait_for("Charlie's oracle at work", Duration::from_secs(90), |n| {
		n.log().lines().any(|l| l.contains("oracle: block") && l.contains("1 ok"))
	});

	upgrade_the_runtime(&mut alice);

	// Every period billed once, never twice, across the stops and the upgrade: the node's
	// health timeline has no overlap and no gap, and the contract paid its rate for exactly its
	// healthy deployed blocks.
	let best = alice.best_number().unwrap();
	let books = Ledger::read(&alice, 1..=best);
	books.assert_contiguous(0);
	let deployed = books.contract(0).deployed.expect("deployed");
	let healthy = books.healthy_blocks(0, deployed, sc4it_runtime::BlockNumber::MAX);
	let view = chain::contract_at(&alice, 0, best).unwrap();
	assert_eq!(view.charged + view.owed, view.rate * healthy);
}

/// The runtime's code at the best block.
fn code(node: &Node) -> Vec<u8> {
	let value = node.rpc("state_getStorage", serde_json::json!([format!("0x{}", hex(b":code"))]));
	unhex(value.unwrap().as_str().unwrap()).unwrap()
}

/// The runtime's spec_version at the best block; `None` while the node does not answer (it is
/// busy compiling new runtime code right after an upgrade).
fn spec_version(node: &Node) -> Option<u64> {
	node.rpc("state_getRuntimeVersion", serde_json::json!([])).ok()?["specVersion"].as_u64()
}

fn authorized_upgrade(
	node: &Node,
) -> Option<frame_system::CodeUpgradeAuthorization<sc4it_runtime::Runtime>> {
	chain::storage(node, &chain::plain_key("System", "AuthorizedUpgrade"), None)
}

/// Submits `call` signed by `who` and waits until it is in a block (their nonce moved on).
fn included(node: &mut Node, who: Keyring, call: sc4it_runtime::RuntimeCall) {
	let nonce = chain::nonce(node, &who.to_account_id());
	chain::submit(node, who, call).unwrap();
	node.wait_for("the transaction in a block", Duration::from_secs(90), |n| {
		chain::nonce(n, &who.to_account_id()) > nonce
	});
}

/// A council motion of three of the four members (Alice proposes, Bob and Charlie vote, Ferdie,
/// who is not a member, closes it) running `call` as Root.
fn root_motion(node: &mut Node, call: sc4it_runtime::RuntimeCall) {
	let as_root =
		sc4it_runtime::RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
			call: Box::new(call),
		});
	chain::carried_motion(
		node,
		Keyring::Alice,
		&[Keyring::Bob, Keyring::Charlie],
		Keyring::Ferdie,
		as_root,
	);
}

fn authorize(code_hash: sc4it_runtime::Hash) -> sc4it_runtime::RuntimeCall {
	sc4it_runtime::RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash })
}

fn apply(code: Vec<u8>) -> sc4it_runtime::RuntimeCall {
	sc4it_runtime::RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code })
}

/// The council upgrades the runtime of the running network to the next version (built by the
/// runtime's build script: spec_version + 1 and a marker migration); Ferdie, no member, applies
/// it. Refused first: an authorization by Ferdie, code of the same spec_version, code that is not
/// the authorized one.
fn upgrade_the_runtime(alice: &mut Node) {
	use sp_runtime::traits::{BlakeTwo256, Hash as _};
	// Compacted and compressed in a release build; as compiled in a debug one.
	let dir = binary().parent().unwrap().join("wbuild/sc4it-runtime");
	let wasm =
		["sc4it_runtime_upgrade_test.compact.compressed.wasm", "sc4it_runtime_upgrade_test.wasm"]
			.iter()
			.map(|name| dir.join(name))
			.find(|path| path.exists())
			.unwrap_or_else(|| {
				panic!("no upgrade wasm in {}: the runtime's build makes it", dir.display())
			});
	let next = std::fs::read(&wasm).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
	let current = code(alice);
	let before = spec_version(alice).expect("the node answers");

	// A non-member cannot authorize, by the call itself or by a motion of their own.
	included(alice, Keyring::Ferdie, authorize(BlakeTwo256::hash(&next)));
	included(alice, Keyring::Ferdie, chain::council_motion(authorize(BlakeTwo256::hash(&next))));
	assert!(authorized_upgrade(alice).is_none(), "a non-member authorized an upgrade");

	// The same spec_version is refused when applied, and the authorization is spent.
	root_motion(alice, authorize(BlakeTwo256::hash(&current)));
	assert!(authorized_upgrade(alice).is_some());
	let from = alice.best_number().unwrap();
	included(alice, Keyring::Ferdie, apply(current.clone()));
	let best = alice.best_number().unwrap();
	let rejected = Ledger::read(alice, 1..=best).find(|e| match e {
		sc4it_runtime::RuntimeEvent::System(
			frame_system::Event::RejectedInvalidAuthorizedUpgrade { .. },
		) => Some(()),
		_ => None,
	});
	assert_eq!(rejected.len(), 1, "the same version was not rejected (from block {from})");
	assert!(authorized_upgrade(alice).is_none());
	assert_eq!(spec_version(alice), Some(before));

	// The next version is authorized; other code is refused, then anyone applies the right one.
	root_motion(alice, authorize(BlakeTwo256::hash(&next)));
	included(alice, Keyring::Ferdie, apply(current));
	assert_eq!(spec_version(alice), Some(before));
	assert!(authorized_upgrade(alice).is_some(), "other code spent the authorization");
	let upgraded_at = alice.best_number().unwrap();
	included(alice, Keyring::Ferdie, apply(next));
	// Each node compiles the new code when it first runs it: allow for that on a busy machine.
	alice.wait_for("the new version", Duration::from_secs(240), |n| {
		spec_version(n) == Some(before + 1)
	});

	// The migration ran once: its marker counts one run, and stays so block after block.
	let runs =
		|n: &Node| -> Option<u32> { chain::storage(n, b"sc4it/upgrade-test/migration-runs", None) };
	alice.wait_for("the migration's marker", Duration::from_secs(60), |n| runs(n).is_some());
	assert_eq!(runs(alice), Some(1));
	let mut charged = 0;
	alice.wait_for("the contract", Duration::from_secs(60), |n| {
		chain::contract(n, 0).map(|c| charged = c.charged).is_some()
	});
	let best = alice.best_number().unwrap();
	alice.wait_for("billing after the upgrade", Duration::from_secs(180), |n| {
		chain::contract(n, 0).is_some_and(|c| c.charged > charged)
	});
	alice.wait_for("finality after the upgrade", Duration::from_secs(240), |n| {
		n.finalized_number().unwrap_or(0) > best
	});
	assert_eq!(runs(alice), Some(1));
	assert!(alice.best_number().unwrap() > upgraded_at);
}

/// The oracle's share of a block at the runtime's default (`OracleBlockShare`: a quarter of the
/// normal class).
fn oracle_budget() -> frame_support::weights::Weight {
	let weights = <sc4it_runtime::Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights
		.get(frame_support::dispatch::DispatchClass::Normal)
		.max_total
		.unwrap_or(weights.max_block);
	let share = sp_runtime::Perbill::from_percent(25);
	frame_support::weights::Weight::from_parts(
		share.mul_floor(normal.ref_time()),
		share.mul_floor(normal.proof_size()),
	)
}

/// Charlie's oracle call, signed with his oracle key for this chain, as an authorized transaction.
fn charlies_batch(
	node: &Node,
	genesis: sp_core::H256,
	at: u32,
	observations: Vec<pallet_sc4it_oracle::Observation<sc4it_runtime::Runtime>>,
) -> Result<(), String> {
	use sp_core::Pair;
	let batch: pallet_sc4it_oracle::Batch<sc4it_runtime::Runtime> =
		observations.try_into().expect("within MaxBatch");
	let pair = sc4it_primitives::oracle::Pair::from_string("//Charlie", None).unwrap();
	let payload =
		(pallet_sc4it_oracle::types::AUTHORITY_CONTEXT, genesis, b"submit", at, &batch).encode();
	let call = sc4it_runtime::RuntimeCall::Oracle(pallet_sc4it_oracle::Call::submit {
		batch,
		at,
		authority: pair.public(),
		signature: pair.sign(&payload),
	});
	chain::submit_authorized(node, call)
}

/// The demo node's signed report as of block `at`, from its agent.
fn agents_report(port: u16, at: u64) -> Option<sc4it_report::SignedReport> {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
	stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
	let request = format!(
		"GET {}?at={at} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		sc4it_report::REPORT_PATH
	);
	stream.write_all(request.as_bytes()).ok()?;
	let mut answer = Vec::new();
	stream.read_to_end(&mut answer).ok()?;
	let start = answer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
	sc4it_report::json::from_json(&answer[start..]).ok()
}

#[test]
fn one_dishonest_authority_changes_nothing_for_a_healthy_node() {
	let _one_network = NETWORK.lock().unwrap_or_else(|e| e.into_inner());
	let net = Testnet::start("local-dishonest");
	let _agent = net.agent(0, net.alice.rpc_port);
	let Testnet { dir, report_port, spec, mut alice, bootnode, .. } = net;
	let _bob = validator("bob", &dir, &spec, Some(&bootnode), &[]);
	// Charlie authors blocks, but his oracle does not run: what he submits is the test's.
	let charlie_key = "0000000000000000000000000000000000000000000000000000000000000003";
	let charlie = validator(
		"charlie",
		&dir,
		&spec,
		Some(&bootnode),
		&["--node-key", charlie_key, "--offchain-worker", "never"],
	);
	alice.wait_for("two peers", Duration::from_secs(120), |n| n.peers().unwrap_or(0) >= 2);
	alice
		.wait_for("finality", Duration::from_secs(120), |n| n.finalized_number().unwrap_or(0) >= 2);
	let genesis = chain::genesis_hash(&alice).unwrap();

	chain::create_ssd_contract(&alice, sp_keyring::Sr25519Keyring::Eve, 1, sc4it_runtime::UNIT);
	alice.wait_for("the first contract", Duration::from_secs(60), |n| {
		chain::contract(n, 0).is_some()
	});
	chain::create_ssd_contract(&alice, sp_keyring::Sr25519Keyring::Dave, 2, sc4it_runtime::UNIT);

	// Ten periods of Charlie's lies, as fast as the pool takes them from him: at odd blocks,
	// down votes with several `until`s; at even ones, the agent's own report of that block
	// without its entries, which would keep honest oracles from fetching the node if it moved
	// its health on.
	let mut votes_sent = 0;
	let mut stripped_sent = 0;
	let started = alice.best_number().unwrap();
	// Asserted while he runs, not after: the block at which each contract was seen deployed.
	let mut deployed_during: [Option<u64>; 2] = [None, None];
	// Meanwhile a user tops up every block: each top-up's amount names it, with the best block
	// it was sent at.
	let mut top_ups: Vec<(u128, u64)> = Vec::new();
	let mut padded_refused = 0;
	// Meanwhile too: the council carries a motion (Alice proposes, Alice, Bob and Dave vote,
	// Ferdie closes), each step sent once the previous one is in; the farmer's disk loses
	// contract 1's volume (deleted by hand); Eve cancels contract 0 near the end. Each
	// transaction's sending block is kept, to be found in the blocks.
	let volume_1 = dir.path().join("agent").join("volumes").join("contract-1.raw");
	let period = u64::from(
		chain::storage::<u32>(&alice, &chain::plain_key("Oracle", "BillingPeriod"), None).unwrap(),
	);
	let motion = chain::Motion::new(
		&alice,
		sc4it_runtime::RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_down_quorum {
			quorum: sp_runtime::Perbill::from_percent(50),
		}),
		3,
	);
	let mut council_sent: Vec<(&str, u64)> = Vec::new();
	let mut volume_deleted_at: Option<u64> = None;
	let mut failure_reported_at: Option<u64> = None;
	let mut cancel_sent_at: Option<u64> = None;
	// He sends as fast as the node's RPC takes it: a lie only reaches the pool in the few
	// seconds between the block that makes node 0 due and the honest report that follows it.
	let mut last_best = 0;
	loop {
		let best = alice.best_number().unwrap();
		if best >= started + 50 {
			break;
		}
		let new_block = best > last_best;
		last_best = best;
		let confirmed = u64::from(chain::confirmed_until(&alice, 0).unwrap());
		if new_block && cancel_sent_at.is_none() {
			let amount = 1_000_000 + top_ups.len() as u128;
			let top_up =
				sc4it_runtime::RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up {
					contract: 0,
					amount,
				});
			if chain::submit(&alice, Keyring::Eve, top_up).is_ok() {
				// The best block once the top-up is in Alice's pool: it may land in the next two.
				top_ups.push((amount, alice.best_number().unwrap()));
			}
		}
		if new_block {
			let sent = |what, result: Result<(), String>| {
				result.unwrap_or_else(|e| panic!("{what}: {e}"));
				(what, alice.best_number().unwrap())
			};
			match council_sent.len() {
				0 if best >= started + 3 => {
					council_sent.push(sent(
						"propose",
						chain::submit(&alice, Keyring::Alice, motion.propose()),
					));
				},
				1 if motion.is_open(&alice) => {
					for voter in [Keyring::Alice, Keyring::Bob, Keyring::Dave] {
						council_sent
							.push(sent("vote", chain::submit(&alice, voter, motion.vote())));
					}
				},
				4 if motion.ayes(&alice) >= 3 => {
					council_sent.push(sent(
						"close",
						chain::submit(&alice, Keyring::Ferdie, motion.close()),
					));
				},
				_ => {},
			}
			if volume_deleted_at.is_none() && deployed_during[1].is_some() && volume_1.exists() {
				std::fs::remove_file(&volume_1).unwrap();
				volume_deleted_at = Some(best);
			}
			if cancel_sent_at.is_none() && best >= started + 38 {
				let cancel =
					sc4it_runtime::RuntimeCall::Contracts(pallet_sc4it_contracts::Call::cancel {
						contract: 0,
					});
				chain::submit(&alice, Keyring::Eve, cancel).unwrap();
				cancel_sent_at = Some(alice.best_number().unwrap());
			}
		}
		if let Some(report) = agents_report(report_port, best) {
			let failed = report.report.contracts.iter().any(|c| {
				c.contract == 1 && matches!(c.state, sc4it_report::VolumeState::Failed { .. })
			});
			if failed && failure_reported_at.is_none() {
				failure_reported_at = Some(best);
			}
			let stripped = pallet_sc4it_oracle::Observation::Report {
				report: report.signed_header(),
				entries: Default::default(),
			};
			// One batch of his lands a block, and none naming a block before his last one that
			// landed: he sends the stripped report at even blocks, his votes at odd ones.
			if best % 2 == 0
				&& charlies_batch(&charlie, genesis, best as u32, vec![stripped]).is_ok()
			{
				stripped_sent += 1;
			}
			// The same report padded with every entry it has, most of which change nothing:
			// refused by the pool.
			let all: Vec<_> =
				(0..report.report.contracts.len() as u32).filter_map(|i| report.prove(i)).collect();
			if new_block && !all.is_empty() {
				let padded = pallet_sc4it_oracle::Observation::Report {
					report: report.signed_header(),
					entries: all.try_into().expect("within MaxEntries"),
				};
				let at = (best as u32).saturating_sub(5);
				if charlies_batch(&charlie, genesis, at, vec![padded]).is_err() {
					padded_refused += 1;
				}
			}
		}
		for until in [best, best.saturating_sub(1), confirmed + 5, confirmed + 1] {
			if best % 2 == 0 {
				break;
			}
			let vote = pallet_sc4it_oracle::Observation::Down {
				node: 0,
				until: until.min(best) as u32,
				cause: pallet_sc4it_oracle::DownCause::Timeout,
			};
			if charlies_batch(&charlie, genesis, best as u32, vec![vote]).is_ok() {
				votes_sent += 1;
			}
		}
		for (id, seen) in deployed_during.iter_mut().enumerate() {
			if seen.is_none()
				&& chain::contract(&alice, id as u64)
					.is_some_and(|c| c.state == pallet_sc4it_contracts::ContractState::Deployed)
			{
				*seen = Some(best);
			}
		}
		std::thread::sleep(Duration::from_millis(200));
	}
	println!("Charlie: {votes_sent} votes, {stripped_sent} stripped reports in the pool");
	assert!(votes_sent > 0 && stripped_sent > 0, "Charlie's lies reached the pool");
	assert!(padded_refused > 0, "padded reports were refused");
	// Both contracts were deployed on chain while he ran.
	for (id, seen) in deployed_during.iter().enumerate() {
		assert!(
			seen.is_some(),
			"contract {id} was not deployed while Charlie sent stripped reports"
		);
	}
	let attack_ended = alice.best_number().unwrap();
	// Both contracts end during the attack; their last charges may land just after it.
	alice.wait_for("both contracts closed", Duration::from_secs(90), |n| {
		chain::contract(n, 0).is_none() && chain::contract(n, 1).is_none()
	});
	let best = alice.best_number().unwrap();
	let books = Ledger::read(&alice, 1..=best);
	// The lost volume: the agent reported it during the attack, and the failure landed within
	// a billing period of that, during the attack.
	assert!(volume_deleted_at.is_some(), "contract 1's volume was deleted during the attack");
	let reported =
		failure_reported_at.expect("the agent reported the lost volume during the attack");
	let failure_landed = books
		.find_with_block(|e| match e {
			sc4it_runtime::RuntimeEvent::Contracts(
				pallet_sc4it_contracts::Event::VolumeFailed { contract: 1, .. },
			) => Some(()),
			_ => None,
		})
		.first()
		.map(|(block, _)| *block)
		.expect("the failure landed");
	assert!(
		failure_landed <= reported + period && failure_landed <= attack_ended,
		"reported at {reported}, landed at {failure_landed} (period {period})"
	);
	// The council's motion: each step in a block within two of its sending, during the attack,
	// and carried.
	assert_eq!(council_sent.len(), 5, "every step of the motion was sent: {council_sent:?}");
	let council_landed = books.find_with_block(|e| match e {
		sc4it_runtime::RuntimeEvent::Council(pallet_collective::Event::Proposed { .. }) => {
			Some("propose")
		},
		sc4it_runtime::RuntimeEvent::Council(pallet_collective::Event::Voted { .. }) => {
			Some("vote")
		},
		sc4it_runtime::RuntimeEvent::Council(pallet_collective::Event::Closed { .. }) => {
			Some("close")
		},
		_ => None,
	});
	for step in ["propose", "vote", "close"] {
		let sent: Vec<u64> =
			council_sent.iter().filter(|(s, _)| *s == step).map(|(_, b)| *b).collect();
		let landed: Vec<u64> =
			council_landed.iter().filter(|(_, s)| *s == step).map(|(b, _)| *b).collect();
		assert_eq!(sent.len(), landed.len(), "{step}: sent {sent:?}, landed {landed:?}");
		for (sent, landed) in sent.iter().zip(&landed) {
			assert!(
				landed <= &(sent + 2) && *landed <= attack_ended,
				"{step}: sent at {sent}, landed at {landed}"
			);
		}
	}
	let quorum_set = books.find(|e| match e {
		sc4it_runtime::RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::DownQuorumChanged {
			..
		}) => Some(()),
		_ => None,
	});
	assert_eq!(quorum_set.len(), 1, "the motion was carried and executed");
	println!(
		"during the attack: volume deleted at {volume_deleted_at:?}, failure reported at \
		 {reported}, landed at {failure_landed}; council steps sent {council_sent:?}, landed \
		 {council_landed:?}"
	);
	// Eve's cancellation landed within two blocks of its sending.
	let cancel_sent = cancel_sent_at.expect("Eve cancelled during the attack");
	let cancelled = books.find_with_block(|e| match e {
		sc4it_runtime::RuntimeEvent::Contracts(
			pallet_sc4it_contracts::Event::ContractDeleted {
				contract: 0,
				reason: pallet_sc4it_contracts::DeleteReason::CanceledByUser,
				..
			},
		) => Some(()),
		_ => None,
	});
	assert!(
		cancelled.first().is_some_and(|(block, _)| *block <= cancel_sent + 2),
		"cancel sent at {cancel_sent}, landed {cancelled:?}"
	);
	// Every top-up of the attack landed within two blocks of the block it was sent at.
	let landed: std::collections::BTreeMap<u128, u64> = books
		.find_with_block(|e| match e {
			sc4it_runtime::RuntimeEvent::Contracts(pallet_sc4it_contracts::Event::ToppedUp {
				amount,
				..
			}) => Some(*amount),
			_ => None,
		})
		.into_iter()
		.map(|(block, amount)| (amount, block))
		.collect();
	let late: Vec<_> = top_ups
		.iter()
		.filter(|(amount, sent)| landed.get(amount).is_none_or(|block| *block > sent + 2))
		.map(|(amount, sent)| (sent, landed.get(amount)))
		.collect();
	assert!(late.is_empty(), "top-ups (sent at, landed in) later than two blocks: {late:?}");
	// And the oracle's transactions stayed within their share of every block.
	let budget = oracle_budget();
	for number in started..=best {
		let used: Option<(u32, frame_support::weights::Weight)> = chain::storage(
			&alice,
			&chain::plain_key("Oracle", "OracleWeightInBlock"),
			Some(number),
		);
		if let Some((block, weight)) = used.filter(|(block, _)| u64::from(*block) == number) {
			assert!(
				weight.all_lte(budget),
				"block {block}: the oracle used {weight:?} of {budget:?}"
			);
		}
	}
	let charlie_votes = books.find(|e| match e {
		sc4it_runtime::RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::DownVoted {
			node: 0,
			votes,
			..
		}) => Some(*votes),
		_ => None,
	});
	// Most of his votes never land: by the time a node is due, the honest report of that block
	// is in the same block, ahead of them, and makes them stale. Those that do count one vote.
	assert!(charlie_votes.iter().all(|v| *v == 1), "nobody else voted: {charlie_votes:?}");
	let verdicts = books.find(|e| match e {
		sc4it_runtime::RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::NodeDown {
			node: 0,
			..
		}) => Some(()),
		_ => None,
	});
	assert!(verdicts.is_empty(), "one authority made node 0 down");
	let periods = books.periods(0);
	assert!(periods.iter().all(|p| !p.down), "node 0 was never recorded down: {periods:?}");
	books.assert_contiguous(0);
	// Each contract charged exactly its healthy deployed blocks up to its end: the cancellation
	// for contract 0, the block its agent found the volume gone for contract 1.
	for id in [0u64, 1] {
		let book = books.contract(id);
		let deployed = book.deployed.expect("deployed");
		let (end, _) = book.ended.expect("ended");
		let (charged, owed) = book.closed.expect("closed");
		let healthy = books.healthy_blocks(0, deployed, end);
		assert_eq!(charged + owed, book.rate * healthy, "contract {id}");
	}
	// The honest authorities' reports landed throughout.
	let applied = books.find(|e| match e {
		sc4it_runtime::RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::ReportApplied {
			node: 0,
			at_block,
			..
		}) => Some(*at_block),
		_ => None,
	});
	assert!(applied.len() >= 8, "reports applied: {applied:?}");
	let entries_only = books.find(|e| match e {
		sc4it_runtime::RuntimeEvent::Oracle(pallet_sc4it_oracle::Event::EntriesApplied {
			node: 0,
			..
		}) => Some(()),
		_ => None,
	});
	println!(
		"Charlie: {votes_sent} votes and {stripped_sent} stripped reports accepted by the pool; \
		 {} votes landed, {} reports' entries came after a stripped copy; {} reports applied; \
		 contracts seen deployed {:?} blocks after his attack began; {} padded reports refused; \
		 {} top-ups, each in a block within two of its sending",
		charlie_votes.len(),
		entries_only.len(),
		applied.len(),
		deployed_during.map(|seen| seen.map(|b| b - started)),
		padded_refused,
		top_ups.len(),
	);
}
