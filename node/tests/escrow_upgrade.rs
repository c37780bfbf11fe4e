//! The upgrade to the escrow on a running chain. A dev chain starts from the runtime before the
//! escrow (spec_version 100, `tests/fixtures/`: contracts' funds on hold in their owners'
//! accounts), with a contract billing on the demo node (its reports from a stand-in agent: the
//! real agent speaks this version's runtime) and another never deployed. The one-member council
//! authorizes this runtime and a non-member applies it. Then:
//! - the migrations ran in the first block of the new code, the one after the block that set
//!   it: the contracts pallet's and the oracle's storage versions go from 0 to 1 there, and no
//!   funds stay on hold for contracts;
//! - the escrow received exactly what was on hold, and at every block from then on holds its
//!   existential deposit plus every contract's balance, node's earnings and pending payout;
//! - the billing contract goes on at its rate: over its whole life, across the upgrade, it was
//!   charged its rate for every block the chain recorded healthy since its deployment, and its
//!   balance and charges add up to its deposit; its farm, paid by the old runtime, is paid from
//!   the escrow; the old runtime's blocks read right with this runtime's types (every event and
//!   error index names the same variant, every block's events decode to the last byte);
//! - the contract never deployed gets its whole deposit back when cancelled.

use sc4it_runtime::{Balance, RuntimeCall, RuntimeEvent, UNIT};
use sc4it_testkit::{chain, escrow, *};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Ferdie};
use std::{path::Path, time::Duration};

/// The pre-escrow runtime (scripts/build-pre-escrow-runtime.sh made it; tests/fixtures/README.md).
const PRE_ESCROW_WASM: &str = concat!(
	env!("CARGO_MANIFEST_DIR"),
	"/tests/fixtures/sc4it_runtime_pre_escrow.compact.compressed.wasm"
);

#[test]
fn a_chain_before_the_escrow_upgrades_to_it_with_every_contracts_funds_and_billing_intact() {
	let dir = TempDir::new("escrow-upgrade");
	let agent = StandInAgent::start();
	let spec = pre_escrow_spec(dir.path(), &format!("http://127.0.0.1:{}", agent.port));
	let mut node = Node::start_chain("escrow-upgrade", dir.path(), &spec);
	agent.genesis.set(chain::genesis_hash(&node).unwrap()).unwrap();
	node.wait_for("block 2", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 2);
	assert_eq!(spec_version(&node), Some(100), "the chain starts before the escrow");

	// Alice's contract, deployed and billed; Bob's, never deployed.
	chain::create_ssd_contract(&node, Alice, 10, UNIT);
	chain::create_ssd_contract(&node, Bob, 5, UNIT);
	node.wait_for("the contracts", Duration::from_secs(60), |n| {
		chain::contract(n, 0).is_some() && chain::contract(n, 1).is_some()
	});
	let since = node.best_number().unwrap() as u32;
	agent.report_deployed(0, since);
	// Charged, and its farm paid, by the old runtime.
	node.wait_for("a payout to the farm before the upgrade", Duration::from_secs(180), |n| {
		let best = n.best_number().unwrap_or(0);
		chain::contract(n, 0).is_some_and(|c| c.charged > 0) && !farm_paid(n, 1..=best).is_empty()
	});

	let applied_at = upgrade_to_this_runtime(&mut node);
	// The block that sets the code already answers with the new version; the first block of
	// the new code, the one after, runs the migrations: the contracts pallet's storage version
	// moves there.
	node.wait_for("the new version", Duration::from_secs(240), |n| {
		spec_version(n) == Some(u64::from(sc4it_runtime::VERSION.spec_version))
	});
	node.wait_for("the migration", Duration::from_secs(240), |n| {
		escrow::storage_version_at(n, "Contracts", n.best_number().unwrap_or(0)) == 1
	});
	let best = node.best_number().unwrap();
	let first = (applied_at..=best)
		.find(|&n| escrow::storage_version_at(&node, "Contracts", n) == 1)
		.expect("the contracts pallet's storage version moved to 1");
	let before = first - 1;
	// `before` set the code (the migration ran in the very next block).
	let code_updated = Ledger::read(&node, before..=before).find(|event| match event {
		RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }) => Some(()),
		_ => None,
	});
	assert_eq!(code_updated.len(), 1, "block {before} did not set the code");
	// The old runtime's blocks read with this runtime's types: every event and error index of
	// the old runtime names the same variant in this one, and every old block's events decode
	// to the last byte.
	let old_indices = chain::event_and_error_indices_at(&node, before);
	let new_indices = chain::event_and_error_indices_at(&node, first);
	assert!(old_indices.keys().any(|(pallet, ..)| pallet == "Contracts"));
	for (index, name) in &old_indices {
		assert_eq!(new_indices.get(index), Some(name), "{index:?} changed meaning");
	}
	let events_key = chain::plain_key("System", "Events");
	for number in 1..first {
		let raw: Vec<u8> = chain::raw_storage(&node, &events_key, Some(number)).unwrap();
		let decoded = <Vec<chain::EventRecord> as codec::DecodeAll>::decode_all(&mut &raw[..]);
		assert!(decoded.is_ok_and(|e| !e.is_empty()), "block {number}'s events do not decode");
	}
	assert_eq!(escrow::storage_version_at(&node, "Contracts", before), 0);
	assert_eq!(escrow::storage_version_at(&node, "Oracle", before), 0);
	assert_eq!(escrow::storage_version_at(&node, "Oracle", first), 1);

	// Every contract's funds left its owner's hold for the escrow, in that block.
	let contract_funds = |who: sp_keyring::Sr25519Keyring, number: u64| -> Balance {
		escrow::holds_at(&node, &who.to_account_id(), number)
			.into_iter()
			.filter(|(reason, _)| {
				*reason
					== sc4it_runtime::RuntimeHoldReason::Contracts(
						pallet_sc4it_contracts::HoldReason::ContractFunds,
					)
			})
			.map(|(_, amount)| amount)
			.sum()
	};
	let on_hold = contract_funds(Alice, before) + contract_funds(Bob, before);
	assert!(contract_funds(Alice, before) > 0 && contract_funds(Bob, before) == UNIT);
	assert_eq!(contract_funds(Alice, first) + contract_funds(Bob, first), 0);
	let paid_out_in_first = Ledger::read(&node, first..=first)
		.find(|event| match event {
			RuntimeEvent::Contracts(pallet_sc4it_contracts::Event::FarmPaid { amount, .. })
			| RuntimeEvent::Contracts(pallet_sc4it_contracts::Event::TreasuryPaid {
				amount, ..
			}) => Some(*amount),
			_ => None,
		})
		.into_iter()
		.sum::<Balance>();
	let pot = |number| chain::free_balance_at(&node, &escrow::pot(), number);
	assert_eq!(pot(first) + paid_out_in_first, pot(before) + on_hold, "the escrow's intake");

	// Billing goes on from the escrow, and the escrow balances at every block meanwhile.
	let charged = chain::contract_at(&node, 0, first).unwrap().charged;
	node.wait_for("billing and a payout round after the upgrade", Duration::from_secs(180), |n| {
		let best = n.best_number().unwrap_or(0);
		chain::contract(n, 0).is_some_and(|c| c.charged > charged)
			&& !farm_paid(n, first + 1..=best).is_empty()
	});
	// Bob cancels the contract that never ran: all of it comes back from the escrow.
	let cancel_from = node.best_number().unwrap();
	chain::submit(
		&node,
		Bob,
		RuntimeCall::Contracts(pallet_sc4it_contracts::Call::cancel { contract: 1 }),
	)
	.unwrap();
	node.wait_for("Bob's refund", Duration::from_secs(60), |n| {
		let best = n.best_number().unwrap_or(0);
		!refunds(n, cancel_from..=best, 1).is_empty()
	});
	let end = node.best_number().unwrap();
	assert_eq!(refunds(&node, cancel_from..=end, 1), vec![UNIT], "Bob's deposit, whole");
	for number in first..=end {
		let books = escrow::EscrowBooks::at(&node, number, 1, 1);
		assert_eq!(books.pot, books.owed(), "the escrow at block {number}: {books:?}");
	}

	// Alice's contract over its whole life, across the upgrade: its rate for every healthy block
	// since its deployment, no more, no less, and its balance and charges are its deposit.
	let books = Ledger::read(&node, 1..=end);
	assert_eq!(books.contract(0).deployed, Some(since));
	let healthy_blocks = books.healthy_blocks(0, since, sc4it_runtime::BlockNumber::MAX);
	let view = chain::contract_at(&node, 0, end).unwrap();
	assert!(view.charged > charged);
	assert_eq!(view.charged + view.owed, view.rate * healthy_blocks);
	assert_eq!(view.held + view.charged, UNIT);
	node.kill();
}

/// The dev chain's spec, its demo node reporting at `url`, its code the pre-escrow runtime's
/// (whose genesis configuration reads the same presets, less what later versions added: the
/// bounds of farms' prices).
fn pre_escrow_spec(dir: &Path, url: &str) -> std::path::PathBuf {
	let path = chain::dev_spec_with_demo_url(dir, url);
	let mut spec: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
	let wasm = std::fs::read(PRE_ESCROW_WASM).unwrap_or_else(|e| panic!("{PRE_ESCROW_WASM}: {e}"));
	spec["genesis"]["runtimeGenesis"]["code"] = json!(format!("0x{}", hex(&wasm)));
	let registry = spec["genesis"]["runtimeGenesis"]
		.as_object_mut()
		.and_then(|genesis| genesis.values_mut().find_map(|config| config.get_mut("registry")))
		.and_then(Value::as_object_mut)
		.expect("the spec's registry genesis");
	assert!(registry.remove("priceBounds").is_some(), "the presets give farms' price bounds");
	let path = dir.join("pre-escrow-spec.json");
	std::fs::write(&path, spec.to_string()).unwrap();
	path
}

/// The runtime's spec_version at the best block; `None` while the node does not answer.
fn spec_version(node: &Node) -> Option<u64> {
	node.rpc("state_getRuntimeVersion", json!([])).ok()?["specVersion"].as_u64()
}

/// This build's runtime, authorized by a motion of the dev chain's one-member council (Alice)
/// and applied by Ferdie, who is not a member; returns the block it was applied in or before.
fn upgrade_to_this_runtime(node: &mut Node) -> u64 {
	use sp_runtime::traits::{BlakeTwo256, Hash as _};
	let dir = binary().parent().unwrap().join("wbuild/sc4it-runtime");
	let wasm = ["sc4it_runtime.compact.compressed.wasm", "sc4it_runtime.wasm"]
		.iter()
		.map(|name| dir.join(name))
		.find(|path| path.exists())
		.unwrap_or_else(|| panic!("no runtime wasm in {}", dir.display()));
	let code = std::fs::read(&wasm).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
	let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade {
		code_hash: BlakeTwo256::hash(&code),
	});
	chain::submit(node, Alice, chain::council_motion_as_root(authorize)).unwrap();
	let key = chain::plain_key("System", "AuthorizedUpgrade");
	node.wait_for("the authorization", Duration::from_secs(60), |n| {
		chain::storage::<frame_system::CodeUpgradeAuthorization<sc4it_runtime::Runtime>>(
			n, &key, None,
		)
		.is_some()
	});
	let applied_at = node.best_number().unwrap();
	let apply = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code });
	chain::submit(node, Ferdie, apply).unwrap();
	applied_at
}

/// The amounts of `contract`'s refunds in blocks `numbers`.
fn refunds(node: &Node, numbers: std::ops::RangeInclusive<u64>, contract: u64) -> Vec<Balance> {
	Ledger::read(node, numbers).find(|event| match event {
		RuntimeEvent::Contracts(pallet_sc4it_contracts::Event::Refunded {
			contract: c,
			amount,
			..
		}) if *c == contract => Some(*amount),
		_ => None,
	})
}

/// The payouts to farm 0 in blocks `numbers`.
fn farm_paid(node: &Node, numbers: std::ops::RangeInclusive<u64>) -> Vec<Balance> {
	Ledger::read(node, numbers).find(|event| match event {
		RuntimeEvent::Contracts(pallet_sc4it_contracts::Event::FarmPaid {
			farm: 0,
			amount,
			..
		}) => Some(*amount),
		_ => None,
	})
}
