//! Blind oracles: the validator cannot reach the agent (its address made unreachable) for longer
//! than the downtime limit while the agent keeps running. Nothing may be lost for it: no volume
//! deleted, no block recorded down, and billing resumes by itself once the validator sees the
//! node again. Asserted at every block of the outage, not after it.

use pallet_sc4it_contracts::ContractState;
use sc4it_runtime::RuntimeEvent;
use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use std::{
	io::{Read, Write},
	net::{Shutdown, TcpListener, TcpStream},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	thread,
	time::Duration,
};

/// A TCP forwarder in front of the agent's report port: the address the chain has for the node.
/// While `reachable` is false it takes each connection and closes it unanswered, as a validator
/// whose outbound network is down sees every node.
struct Forwarder {
	reachable: Arc<AtomicBool>,
	stop: Arc<AtomicBool>,
}

impl Forwarder {
	fn start(listen: u16, target: u16) -> Forwarder {
		let reachable = Arc::new(AtomicBool::new(true));
		let stop = Arc::new(AtomicBool::new(false));
		let listener = TcpListener::bind(("127.0.0.1", listen)).expect("the forwarder's port");
		listener.set_nonblocking(true).expect("a non-blocking listener");
		let (up, done) = (reachable.clone(), stop.clone());
		thread::spawn(move || {
			while !done.load(Ordering::Relaxed) {
				match listener.accept() {
					Ok((client, _)) => {
						if up.load(Ordering::Relaxed) {
							forward(client, target);
						}
						// Not reachable: the connection is dropped here, unanswered.
					},
					Err(_) => thread::sleep(Duration::from_millis(5)),
				}
			}
		});
		Forwarder { reachable, stop }
	}

	fn set_reachable(&self, reachable: bool) {
		self.reachable.store(reachable, Ordering::Relaxed);
	}
}

impl Drop for Forwarder {
	fn drop(&mut self) {
		self.stop.store(true, Ordering::Relaxed);
	}
}

/// Copies bytes both ways between `client` and the agent until either side closes.
fn forward(client: TcpStream, target: u16) {
	let Ok(agent) = TcpStream::connect(("127.0.0.1", target)) else { return };
	let _ = client.set_nonblocking(false);
	for (mut from, mut to) in
		[(client.try_clone(), agent.try_clone()), (agent.try_clone(), client.try_clone())]
			.into_iter()
			.filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
	{
		thread::spawn(move || {
			let mut buffer = [0u8; 16 * 1024];
			loop {
				match from.read(&mut buffer) {
					Ok(0) | Err(_) => break,
					Ok(n) => {
						if to.write_all(&buffer[..n]).is_err() {
							break;
						}
					},
				}
			}
			let _ = to.shutdown(Shutdown::Write);
		});
	}
}

#[test]
fn validators_that_cannot_reach_the_grid_delete_nothing_and_billing_resumes() {
	let dir = TempDir::new("blind-oracles");
	let (agent_port, public_port) = (free_port(), free_port());
	let spec =
		chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{public_port}"));
	let node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	// A node agreed down for 20 blocks is drained (the dev chain says 40): the outage below
	// lasts twice that. The oracle's limits are the defaults.
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
	let forwarder = Forwarder::start(public_port, agent_port);
	let agent = Agent::start_demo_node(dir.path(), &url, agent_port, &dir.path().join("agent"));
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());
	chain::create_ssd_contract(&node, Sr25519Keyring::Eve, 1, sc4it_runtime::UNIT);
	wait(
		"the deployment",
		Duration::from_secs(90),
		|| chain::contract(&node, 0).is_some_and(|c| c.state == ContractState::Deployed),
		context,
	);
	let volume = dir.path().join("agent").join("volumes").join("contract-0.raw");
	assert!(volume.exists());

	// The validator goes blind for 40 blocks, twice the downtime limit.
	forwarder.set_reachable(false);
	let blind_from = node.best_number().unwrap();
	let confirmed_before = chain::confirmed_until(&node, 0).unwrap();
	while node.best_number().unwrap() < blind_from + 40 {
		let contract = chain::contract(&node, 0);
		assert!(
			contract.as_ref().is_some_and(|c| c.state == ContractState::Deployed),
			"the contract must live on while the validator is blind: {contract:?}\n{}",
			context()
		);
		assert!(volume.exists(), "the volume was deleted during the outage");
		thread::sleep(Duration::from_secs(3));
	}
	assert!(node.log().contains("no down votes"), "the oracle says why it does not vote");
	let charged_while_blind = chain::contract(&node, 0).unwrap().charged;

	// It sees again: billing resumes by itself.
	forwarder.set_reachable(true);
	wait(
		"billing resuming",
		Duration::from_secs(90),
		|| chain::contract(&node, 0).unwrap().charged > charged_while_blind,
		context,
	);
	let best = node.best_number().unwrap();
	let books = Ledger::read(&node, 1..=best);
	books.assert_contiguous(0);
	let downs = books.find(|event| match event {
		RuntimeEvent::Oracle(
			pallet_sc4it_oracle::Event::DownVoted { .. }
			| pallet_sc4it_oracle::Event::NodeDown { .. },
		) => Some(()),
		_ => None,
	});
	assert!(downs.is_empty(), "a blind oracle voted: {} event(s)", downs.len());
	let periods = books.periods(0);
	assert!(periods.iter().all(|p| !p.down), "node 0 recorded down: {periods:?}");
	// The blocks of the outage before what the node's next report could speak for are of
	// unknown health: neither charged nor counted as downtime.
	let unknown = periods
		.iter()
		.any(|p| !p.healthy && !p.down && p.from <= confirmed_before && p.to > confirmed_before);
	assert!(unknown, "the outage's first blocks are unknown: {periods:?}");
	// And every charge is the rate times the node's healthy blocks.
	let deployed = books.contract(0).deployed.expect("deployed");
	let last = periods.last().unwrap().to;
	let view = chain::contract_at(&node, 0, best).unwrap();
	assert_eq!(
		view.charged + view.owed,
		view.rate * books.healthy_blocks(0, deployed, last),
		"billed exactly the healthy blocks"
	);
	assert!(volume.exists());
}
