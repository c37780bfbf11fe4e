//! Faults on real processes: the agent stopping (for a while, then past the downtime limit), and
//! the chain node restarting on its database. Each time: nothing charged for blocks the node
//! was not seen healthy, no block charged twice, and the money exact to the planck.

use pallet_sc4it_contracts::ContractState;
use sc4it_runtime::Balance;
use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

fn create_contract(node: &Node, who: Sr25519Keyring, deposit: Balance) {
	chain::create_ssd_contract(node, who, 1, deposit);
}

const UNIT: Balance = sc4it_runtime::UNIT;

#[test]
fn an_agent_that_stops_is_not_paid_for_the_gap_and_past_the_limit_its_contracts_end_with_refunds() {
	let dir = TempDir::new("fault-agent");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	// A node down for 20 blocks in a row is drained (the dev chain says 40; root may change it).
	let policy = pallet_sc4it_contracts::BillingPolicy {
		min_deposit_blocks: 20,
		low_runway_blocks: 20,
		grace_period_blocks: 40,
		max_node_downtime_blocks: 20,
		payout_period_blocks: 20,
	};
	chain::submit(
		&node,
		Sr25519Keyring::Alice,
		chain::council_motion(sc4it_runtime::RuntimeCall::Contracts(
			pallet_sc4it_contracts::Call::set_policy { policy },
		)),
	)
	.unwrap();
	// A grid of one node, whose death this test is about (tests/blind_oracles.rs: blindness).
	chain::vote_down_on_a_grid_of_one(&node);
	let mut agent = Agent::start_demo_node(dir.path(), &url, port, &dir.path().join("agent"));
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent_log(dir.path()), node.tail());
	create_contract(&node, Sr25519Keyring::Eve, UNIT);
	wait(
		"the deployment",
		Duration::from_secs(90),
		|| chain::contract(&node, 0).is_some_and(|c| c.state == ContractState::Deployed),
		context,
	);
	let up_until = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"a healthy period",
		Duration::from_secs(60),
		|| chain::confirmed_until(&node, 0).unwrap() > up_until,
		context,
	);

	// A short stop: about two periods.
	agent.stop();
	let stopped_at = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"two periods without the agent",
		Duration::from_secs(90),
		|| chain::confirmed_until(&node, 0).unwrap() >= stopped_at + 8,
		context,
	);
	let charged_while_down = chain::contract(&node, 0).unwrap().charged;
	assert!(node.log().contains("node 0: unreachable"));
	agent.restart();
	let back_at = chain::confirmed_until(&node, 0).unwrap();
	wait(
		"billing resuming",
		Duration::from_secs(90),
		|| chain::contract(&node, 0).unwrap().charged > charged_while_down,
		context,
	);
	let books = Ledger::up_to_best(&node);
	books.assert_contiguous(0);
	assert_eq!(
		books.healthy_blocks(0, stopped_at, back_at),
		0,
		"nothing healthy while the agent was down"
	);

	// A long stop: past the downtime limit, the contract ends, with a refund.
	agent.stop();
	let file = dir.path().join("agent").join("volumes").join("contract-0.raw");
	assert!(file.exists());
	wait(
		"the decommission of the contract",
		Duration::from_secs(180),
		|| chain::contract(&node, 0).is_none(),
		context,
	);
	let books = Ledger::up_to_best(&node);
	let r = books.contract(0);
	books.assert_contiguous(0);
	let (deployed, (ended, reason)) = (r.deployed.unwrap(), r.ended.unwrap());
	assert_eq!(reason, pallet_sc4it_contracts::DeleteReason::NodeDown);
	let rate = chain::dev_ssd_rate_per_gib_block();
	assert_eq!(r.charged(), rate * books.healthy_blocks(0, deployed, ended));
	assert_eq!(r.closed, Some((r.charged(), 0)));
	assert_eq!(r.refunded, UNIT - r.charged());
	// When the agent comes back, it removes the volume of the ended contract.
	agent.restart();
	wait("the volume's removal", Duration::from_secs(60), || !file.exists(), context);
	assert!(agent.log().contains("contract 0: "));
}

#[test]
fn a_chain_node_restarted_on_its_database_resumes_billing_without_charging_twice() {
	let dir = TempDir::new("fault-restart");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let base = dir.path().join("chain");
	let rpc_port = free_port();
	let args: Vec<String> = vec![
		"--chain".into(),
		spec.display().to_string(),
		"--alice".into(),
		"--force-authoring".into(),
		"--base-path".into(),
		base.display().to_string(),
		"--node-key".into(),
		"0000000000000000000000000000000000000000000000000000000000000022".into(),
	];
	let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
	let mut node = Node::start_with_rpc_port("node", dir.path(), &arg_refs, rpc_port);
	node.wait_for("block 1", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 1);
	let url = format!("ws://127.0.0.1:{rpc_port}");
	let agent = Agent::start_demo_node(dir.path(), &url, port, &dir.path().join("agent"));
	create_contract(&node, Sr25519Keyring::Eve, UNIT);
	let context = || format!("agent log:\n{}", agent.log());
	wait(
		"the deployment",
		Duration::from_secs(90),
		|| chain::contract(&node, 0).is_some_and(|c| c.state == ContractState::Deployed),
		context,
	);
	let before = chain::contract(&node, 0).unwrap();
	let confirmed = chain::confirmed_until(&node, 0).unwrap();
	let state_file = std::fs::read_to_string(dir.path().join("agent").join("state.json")).unwrap();

	// The chain node stops and starts again on the same database.
	node.kill();
	let mut node = Node::start_with_rpc_port("node-again", dir.path(), &arg_refs, rpc_port);
	node.wait_for("the chain again", Duration::from_secs(120), |n| n.best_number().is_some());
	let after = chain::contract(&node, 0).expect("the contract survived");
	assert_eq!(
		(after.held + after.charged, after.state),
		(before.held + before.charged, before.state)
	);
	assert!(chain::confirmed_until(&node, 0).unwrap() >= confirmed);
	assert_eq!(
		std::fs::read_to_string(dir.path().join("agent").join("state.json")).unwrap(),
		state_file,
		"the agent's state is intact"
	);
	// Billing resumes once the agent has reconnected; no block is charged twice.
	wait(
		"billing after the restart",
		Duration::from_secs(120),
		|| chain::contract(&node, 0).is_some_and(|c| c.charged > after.charged),
		context,
	);
	let best = node.best_number().unwrap();
	let books = Ledger::read(&node, 1..=best);
	let r = books.contract(0);
	books.assert_contiguous(0);
	let view = chain::contract_at(&node, 0, best).unwrap();
	let rate = chain::dev_ssd_rate_per_gib_block();
	let deployed = r.deployed.unwrap();
	let last = books.periods(0).last().unwrap().to;
	assert_eq!(view.charged + view.owed, rate * books.healthy_blocks(0, deployed, last));
	assert_eq!(view.held + view.charged, UNIT);
	let _ = &mut node;
}

#[test]
fn a_lost_volume_is_reported_never_remade_and_ends_its_contract_with_a_refund() {
	let dir = TempDir::new("fault-lost");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let agent = Agent::start_demo_node(dir.path(), &url, port, &dir.path().join("agent"));
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());
	create_contract(&node, Sr25519Keyring::Eve, UNIT);
	wait(
		"a charge",
		Duration::from_secs(120),
		|| chain::contract(&node, 0).is_some_and(|c| c.charged > 0),
		context,
	);
	// The volume's file disappears from the node's disk.
	let file = dir.path().join("agent").join("volumes").join("contract-0.raw");
	std::fs::remove_file(&file).expect("the volume existed");
	wait(
		"the contract's end",
		Duration::from_secs(120),
		|| chain::contract(&node, 0).is_none(),
		context,
	);
	assert!(!file.exists(), "the agent never makes a lost volume again, empty");
	assert!(agent.log().contains("volume_lost"), "{}", agent.log());
	let books = Ledger::up_to_best(&node);
	let r = books.contract(0);
	books.assert_contiguous(0);
	let (deployed, (ended, reason)) = (r.deployed.unwrap(), r.ended.unwrap());
	assert_eq!(
		reason,
		pallet_sc4it_contracts::DeleteReason::VolumeFailed(
			sc4it_primitives::FailureReason::VolumeLost
		)
	);
	// Billed up to the block the agent found the volume gone, not after; the rest refunded.
	let rate = chain::dev_ssd_rate_per_gib_block();
	assert_eq!(r.charged(), rate * books.healthy_blocks(0, deployed, ended));
	assert_eq!(r.closed, Some((r.charged(), 0)));
	assert_eq!(r.refunded, UNIT - r.charged());
}
