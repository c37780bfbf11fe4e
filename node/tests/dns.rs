//! A name that never resolves costs others nothing (docs/security.md, "Report URLs"): report URLs
//! are IP addresses, so no oracle run resolves a name. Here the dev node runs with a resolver
//! that never answers as its `/etc/resolv.conf` (in a mount namespace of its own): the demo node,
//! registered as `http://localhost:<port>` (loopback, which the oracle reads as 127.0.0.1), is
//! confirmed every billing period through its real agent while a stranger tries to register a
//! node named by a host name (refused), and the resolver is never asked anything.

use sc4it_testkit::{chain, *};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::Eve;
use std::time::Duration;

#[test]
fn no_oracle_run_waits_for_a_resolver_that_never_answers() {
	use pallet_sc4it_registry::Call as RegistryCall;
	use sc4it_runtime::RuntimeCall;
	let dir = TempDir::new("dns");
	let resolver = BlackHoleResolver::start(dir.path());
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://localhost:{port}"));
	let prefix = resolver.unshare_prefix();
	let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
	// The resolver is the one a program under the prefix asks: a lookup there reaches it (and
	// waits; it is stopped once its query arrived).
	let mut probe = std::process::Command::new(prefix[0])
		.args(&prefix[1..])
		.args(["getent", "hosts", "probe.invalid"])
		.spawn()
		.unwrap();
	let asked = (0..100).any(|_| {
		std::thread::sleep(Duration::from_millis(100));
		resolver.queries().iter().any(|q| q == "probe.invalid")
	});
	probe.kill().unwrap();
	probe.wait().unwrap();
	assert!(asked, "a lookup under the prefix reaches the black hole");
	let mut node = Node::start_chain_under("node", dir.path(), &spec, &prefix);
	let key = secret_file(dir.path(), "demo-node.key", "//Ferdie", 0o600);
	let _agent = Agent::start_node(&node.ws_url(), 0, &key, &dir.path().join("agent"), port, None);
	chain::create_ssd_contract(&node, Eve, 1, sc4it_runtime::UNIT);
	node.wait_for("the contract deployed", Duration::from_secs(120), |n| {
		chain::contract(n, 0)
			.is_some_and(|c| c.state == pallet_sc4it_contracts::ContractState::Deployed)
	});

	// A stranger's farm and a node named by a host name that never resolves.
	let farm_call = RuntimeCall::Registry(RegistryCall::create_farm {
		name: b"names".to_vec(),
		payout_account: Eve.to_account_id(),
	});
	chain::submit(&node, Eve, farm_call).unwrap();
	let farm: u32 =
		chain::storage(&node, &chain::plain_key("Registry", "NextFarmId"), None).unwrap_or(1);
	let genesis = chain::genesis_hash(&node).unwrap();
	let named = sp_core::ed25519::Pair::generate().0;
	let register = RuntimeCall::Registry(RegistryCall::register_node {
		farm,
		public_key: named.public(),
		key_proof: named.sign(&sc4it_primitives::node_key::proof_payload(
			&genesis.to_fixed_bytes(),
			&Eve.to_account_id(),
		)),
		report_url: b"http://never.resolves.invalid:8700".to_vec(),
		capacity: sc4it_primitives::Capacity { ssd_gib: 10, hdd_gib: 0 },
	});
	let registered_at = node.best_number().unwrap();
	chain::submit(&node, Eve, register).unwrap();

	// Five billing periods: the demo node is confirmed every period, checked as they pass.
	let period = u64::from(
		chain::storage::<u32>(&node, &chain::plain_key("Oracle", "BillingPeriod"), None).unwrap(),
	);
	let start = node.best_number().unwrap();
	loop {
		let best = node.best_number().unwrap();
		if best >= start + 5 * period {
			break;
		}
		let confirmed = u64::from(chain::confirmed_until(&node, 0).unwrap());
		assert!(
			best <= confirmed + 2 * period + 2,
			"at block {best} node 0 is confirmed only until {confirmed}:\n{}",
			node.tail()
		);
		std::thread::sleep(Duration::from_secs(1));
	}
	// The name was refused, the resolver never asked.
	let best = node.best_number().unwrap();
	let host_name = pallet_sc4it_registry::Error::<sc4it_runtime::Runtime>::UrlHostName;
	assert!(
		chain::failed_with(&node, registered_at..=best, host_name),
		"a node named by a host name was refused"
	);
	let asked_by_node: Vec<String> =
		resolver.queries().into_iter().filter(|q| q != "probe.invalid").collect();
	assert_eq!(asked_by_node, Vec::<String>::new(), "names the node looked up");
	node.kill();
}
