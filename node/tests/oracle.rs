//! The oracle on the real dev node, against a real HTTP server standing in for the demo node's
//! agent (signing with the demo node's key, `//Ferdie`): a contract is charged exactly its rate
//! for every block it was deployed on a healthy node, and every kind of bad answer — a slow
//! server (past the OCW's deadline), a 500, a body cut short, malformed JSON, a body past the size
//! bound, a slow drip, a forged signature, a replayed old report, a report about another node —
//! counts as down, while blocks keep coming and no balance changes wrongly. (TestOffchainExt
//! cannot show most of these: it always answers 200 and ignores deadlines.)

use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

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
	let agent = StandInAgent::start();
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
	agent.report_deployed(0, since);
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
