//! A dev node's resources with 100,000 contracts: resident memory and database size, against
//! the same node before the contracts. The contracts are created the way users create them,
//! by signed transactions through the pool, 25,000 from each of four dev accounts, on a hundred
//! nodes of one farm (a node takes at most `MaxContractsPerNode`, 1,008). Ignored in the test command (it measures); `scripts/resources-bench.sh` runs it
//! against the release node and keeps the result in docs/resources.txt. With `SC4IT_KEEP_CHAIN`
//! it keeps the chain there, for the indexer's benchmark.

use sc4it_primitives::{Capacity, DiskType, Volume};
use sc4it_runtime::RuntimeCall;
use sc4it_testkit::{chain, Node, Signer, TempDir};
use sp_keyring::Sr25519Keyring;
use std::{path::Path, time::Duration};

const CONTRACTS: u32 = 100_000;
/// A thousand contracts a node: within the runtime's `MaxContractsPerNode` (1,008), which a run
/// with ten nodes met at 10,080 contracts and waited on forever.
const NODES: u32 = 100;
/// Transactions per account sent before waiting for blocks to take them all: four accounts'
/// waves stay under the pool's 8,192 ready transactions (beyond it the pool drops some, and the
/// nonces after them wait forever).
const WAVE: u32 = 1_500;

/// (resident now, peak resident) of a process, in KiB.
fn memory(pid: u32) -> (u64, u64) {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
	let field = |name: &str| {
		status
			.lines()
			.find(|l| l.starts_with(name))
			.and_then(|l| l.split_whitespace().nth(1))
			.and_then(|v| v.parse().ok())
			.unwrap_or(0)
	};
	(field("VmRSS:"), field("VmHWM:"))
}

fn disk_usage(path: &Path) -> u64 {
	let out = std::process::Command::new("du").arg("-sk").arg(path).output().unwrap();
	String::from_utf8_lossy(&out.stdout)
		.split_whitespace()
		.next()
		.and_then(|v| v.parse().ok())
		.unwrap_or(0)
}

/// Lets the node run `seconds` and returns the largest resident size seen, in KiB.
fn settle(node: &Node, seconds: u64) -> u64 {
	let mut largest = 0;
	for _ in 0..seconds {
		std::thread::sleep(Duration::from_secs(1));
		largest = largest.max(memory(node.pid()).0);
	}
	largest
}

#[test]
#[ignore = "a measurement: scripts/resources-bench.sh"]
fn a_dev_node_with_a_hundred_thousand_contracts() {
	let dir = TempDir::new("resources");
	let base = dir.path().join("base");
	let mut node =
		Node::start("resources", dir.path(), &["--dev", "--base-path", base.to_str().unwrap()]);
	node.wait_for("block 3", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 3);
	let empty_rss = settle(&node, 30);
	let empty_db = disk_usage(&base);

	// The oracle off (no agent serves these nodes), then a farm with a hundred large nodes.
	let farmer = Sr25519Keyring::Eve;
	let oracle_off =
		chain::council_motion(RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_billing_period {
			period: 0,
		}));
	let farm_call = RuntimeCall::Registry(pallet_sc4it_registry::Call::create_farm {
		name: b"resources".to_vec(),
		payout_account: farmer.to_account_id(),
	});
	chain::submit_with_nonce(&node, Sr25519Keyring::Alice, oracle_off, 0).unwrap();
	chain::submit_with_nonce(&node, farmer, farm_call, 0).unwrap();
	let genesis = chain::genesis_hash(&node).unwrap();
	for i in 0..NODES {
		let mut seed = [0u8; 32];
		seed[..4].copy_from_slice(&i.to_le_bytes());
		seed[31] = 0x77;
		let key = <sp_core::ed25519::Pair as sp_core::Pair>::from_seed(&seed);
		let proof = sc4it_primitives::node_key::proof_payload(
			&genesis.to_fixed_bytes(),
			&farmer.to_account_id(),
		);
		let call = RuntimeCall::Registry(pallet_sc4it_registry::Call::register_node {
			farm: 1,
			public_key: sp_core::Pair::public(&key),
			key_proof: sp_core::Pair::sign(&key, &proof),
			report_url: format!("http://127.0.0.1:9/{i}").into_bytes(),
			capacity: Capacity { ssd_gib: 1 << 30, hdd_gib: 0 },
		});
		chain::submit_with_nonce(&node, farmer, call, i + 1).unwrap();
	}
	node.wait_for("the nodes", Duration::from_secs(120), |n| {
		n.best_number().is_some_and(|b| b > 6)
			&& chain::storage::<u32>(n, &chain::plain_key("Registry", "NextNodeId"), None)
				.is_some_and(|next| next > NODES)
	});

	let users =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
	let per_user = CONTRACTS / users.len() as u32;
	// Alice's nonce 0 went to the council motion: every account ends at its first nonce + per_user.
	let first: Vec<u32> = users.iter().map(|u| u32::from(*u == Sr25519Keyring::Alice)).collect();
	let contract = |nonce: u32| {
		RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 1 + nonce % NODES,
			volume: Volume { size_gib: 1, disk_type: DiskType::Ssd },
			deposit: sc4it_runtime::UNIT,
		})
	};
	let started = std::time::Instant::now();
	let mut target = first.clone();
	while target.iter().zip(&first).any(|(t, f)| t - f < per_user) {
		let signer = Signer::at_best(&node).expect("a signer");
		for (u, who) in users.iter().enumerate() {
			let from = target[u];
			target[u] = (from + WAVE).min(first[u] + per_user);
			for nonce in from..target[u] {
				signer
					.submit(&node, *who, &contract(nonce), nonce)
					.unwrap_or_else(|e| panic!("submit {nonce}: {e}"));
			}
		}
		// The pool may drop some of a wave under load (seen: about 15%); what is missing is
		// sent again until every account's nonce on chain reaches its target.
		for _ in 0..20 {
			let behind: Vec<(usize, u32)> = users
				.iter()
				.enumerate()
				.map(|(u, who)| (u, chain::nonce(&node, &who.to_account_id())))
				.filter(|(u, nonce)| *nonce < target[*u])
				.collect();
			if behind.is_empty() {
				break;
			}
			std::thread::sleep(Duration::from_secs(9));
			for (u, was) in behind {
				let who = users[u];
				let now = chain::nonce(&node, &who.to_account_id());
				if now == was {
					// Nothing included in three blocks: resend the rest (duplicates are refused).
					for nonce in now..target[u] {
						let _ = signer.submit(&node, who, &contract(nonce), nonce);
					}
				}
			}
		}
		// A refused creation still uses its nonce: every nonce taken must be a contract, or the
		// run stops here and says so rather than waiting for contracts that will never come.
		let included: Vec<u32> =
			users.iter().map(|who| chain::nonce(&node, &who.to_account_id())).collect();
		assert_eq!(included, target, "every account's wave included in blocks");
		let sent: u32 = target.iter().zip(&first).map(|(t, f)| t - f).sum();
		let created = chain::next_contract_id(&node);
		assert_eq!(created, u64::from(sent), "every creation included made a contract");
		eprintln!("{created} contracts after {:.0?}", started.elapsed());
	}
	node.wait_for("every contract", Duration::from_secs(600), |n| {
		chain::next_contract_id(n) >= u64::from(CONTRACTS)
	});
	let created_in = started.elapsed();
	let full_rss = settle(&node, 60);
	let (_, peak) = memory(node.pid());
	let full_db = disk_usage(&base);
	let best = node.best_number().unwrap_or(0);
	node.kill();
	// The same chain after a restart: what the state costs without the pool's and the caches'
	// history.
	let mut node = Node::start(
		"resources-restarted",
		dir.path(),
		&["--dev", "--base-path", base.to_str().unwrap()],
	);
	node.wait_for("blocks after the restart", Duration::from_secs(120), |n| {
		n.best_number().unwrap_or(0) > best + 2
	});
	let restarted_rss = settle(&node, 60);
	let contracts_after_restart = chain::next_contract_id(&node);
	drop(node);
	// The indexer's benchmark indexes this chain (scripts/indexer-bench.sh).
	if let Some(keep) = std::env::var_os("SC4IT_KEEP_CHAIN") {
		let status = std::process::Command::new("cp").arg("-a").arg(&base).arg(&keep).status();
		assert!(status.is_ok_and(|s| s.success()), "the chain kept in {keep:?}");
	}
	println!("dev node, ParityDB, {CONTRACTS} contracts on {NODES} nodes (block {best}):");
	println!("  created in {created_in:.0?} through the pool");
	println!(
		"  resident memory: {} MiB before the contracts, {} MiB with them (largest over 60 s); peak {} MiB",
		empty_rss / 1024,
		full_rss / 1024,
		peak / 1024
	);
	println!("  database: {} KiB before, {} MiB with them", empty_db, full_db / 1024);
	println!(
		"  restarted on that database ({contracts_after_restart} contracts): {} MiB resident (largest over 60 s)",
		restarted_rss / 1024
	);
	assert_eq!(contracts_after_restart, u64::from(CONTRACTS), "the contracts survive a restart");
}
