//! Runtime tests, natively: the genesis presets build, and a user can create, top up and cancel a
//! contract on the demo node through signed extrinsics applied by `Executive`, with the right
//! balances, fees included.

use crate::{genesis_config_presets::*, *};
use codec::Encode;
use frame_support::traits::{
	fungible::{Inspect, InspectHold},
	OnInitialize,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, BuildStorage};

fn preset(name: &str) -> RuntimeGenesisConfig {
	let bytes = get_preset(&name.into()).expect("preset exists");
	serde_json::from_slice(&bytes).expect("preset is a full genesis config")
}

fn dev_ext() -> sp_io::TestExternalities {
	let mut ext: sp_io::TestExternalities = preset("development").build_storage().unwrap().into();
	ext.execute_with(|| {
		let header = Header::new(
			1,
			Default::default(),
			Default::default(),
			System::parent_hash(),
			Default::default(),
		);
		Executive::initialize_block(&header);
		Contracts::on_initialize(1);
	});
	ext
}

/// Signs `call` as `who` and applies it as the block author would. Returns the fee paid.
fn apply(who: Sr25519Keyring, call: RuntimeCall) -> Balance {
	let account = who.to_account_id();
	let extension = crate::offchain::extension_now(System::account_nonce(&account));
	let payload = SignedPayload::new(call, extension).expect("implicit data is available");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	let (call, extension, _) = payload.deconstruct();
	let xt = UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account.clone()),
		signature.into(),
		extension,
	);
	System::reset_events();
	let outcome = Executive::apply_extrinsic(xt).expect("transaction is valid");
	assert!(outcome.is_ok(), "dispatch failed: {outcome:?}");
	System::events()
		.into_iter()
		.find_map(|r| match r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. },
			) if who == account => Some(actual_fee),
			_ => None,
		})
		.expect("a fee was paid")
}

fn free(who: Sr25519Keyring) -> Balance {
	Balances::balance(&who.to_account_id())
}

fn held(who: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(
		&pallet_sc4it_contracts::HoldReason::ContractFunds.into(),
		&who.to_account_id(),
	)
}

#[test]
fn both_presets_build_with_the_demo_farm_and_node() {
	for (name, validators) in [("development", 1), ("local_testnet", 3)] {
		let mut ext: sp_io::TestExternalities = preset(name).build_storage().unwrap().into();
		ext.execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators, "{name}");
			assert_eq!(Grandpa::grandpa_authorities().len(), validators, "{name}");
			let farm = pallet_sc4it_registry::Farms::<Runtime>::get(0).expect("demo farm");
			assert_eq!(farm.name.to_vec(), DEMO_FARM_NAME.as_bytes());
			assert_eq!(farm.owner, demo_farmer());
			let node = pallet_sc4it_registry::Nodes::<Runtime>::get(0).expect("demo node");
			assert_eq!(node.public_key, demo_node_key());
			assert_eq!(node.report_url.to_vec(), DEMO_NODE_REPORT_URL.as_bytes());
			assert_eq!(pallet_sc4it_registry::Pricing::<Runtime>::get(), Some(dev_pricing()));
			assert_eq!(
				pallet_sc4it_contracts::Policy::<Runtime>::get(),
				Some(dev_billing_policy())
			);
			assert_eq!(free(Sr25519Keyring::Dave), ENDOWMENT);
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
		});
	}
	assert!(get_preset(&"no-such-preset".into()).is_none());
	assert_eq!(preset_names().len(), 2);
}

#[test]
fn the_demo_node_key_is_the_documented_seed() {
	use sp_core::Pair;
	let pair = sp_core::ed25519::Pair::from_string(DEMO_NODE_KEY_SEED, None).unwrap();
	assert_eq!(pair.public(), demo_node_key());
}

#[test]
fn session_keys_include_the_oracle_key_type() {
	let ids = <SessionKeys as sp_runtime::traits::OpaqueKeys>::key_ids();
	for expected in [*b"aura", *b"gran", *b"sc4o"] {
		assert!(ids.iter().any(|id| id.0 == expected), "missing key type {expected:?}");
	}
	assert_eq!(sc4it_primitives::oracle::KEY_TYPE.0, *b"sc4o");
}

#[test]
fn a_user_creates_tops_up_and_cancels_a_contract_through_the_runtime() {
	dev_ext().execute_with(|| {
		let (alice, bob) = (Sr25519Keyring::Alice, Sr25519Keyring::Bob);
		let issuance = Balances::total_issuance();
		let volume = Volume { size_gib: 10, disk_type: DiskType::Ssd };
		let deposit = UNIT;

		let fee_create = apply(
			alice,
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
				node: 0,
				volume,
				deposit,
			}),
		);
		let view = Contracts::contract_view(0).expect("contract 0");
		assert_eq!(view.rate, 10 * 10 * MICRO_UNIT);
		assert_eq!(view.held, deposit);
		assert_eq!(held(alice), deposit);
		assert_eq!(free(alice), ENDOWMENT - deposit - fee_create);
		assert_eq!(pallet_sc4it_registry::Nodes::<Runtime>::get(0).unwrap().reserved.ssd_gib, 10);

		// Bob funds Alice's contract.
		let fee_top_up = apply(
			bob,
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up {
				contract: 0,
				amount: UNIT / 2,
			}),
		);
		assert_eq!(held(alice), deposit + UNIT / 2);
		assert_eq!(free(bob), ENDOWMENT - UNIT / 2 - fee_top_up);

		// Not deployed yet: cancelling refunds everything held, Bob's gift included, to Alice.
		let fee_cancel = apply(
			alice,
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::cancel { contract: 0 }),
		);
		assert_eq!(held(alice), 0);
		assert_eq!(free(alice), ENDOWMENT + UNIT / 2 - fee_create - fee_cancel);
		assert!(Contracts::contract_view(0).is_none());
		assert_eq!(pallet_sc4it_registry::Nodes::<Runtime>::get(0).unwrap().reserved.ssd_gib, 0);
		// Fees are burned; nothing else leaves or enters.
		assert_eq!(Balances::total_issuance(), issuance - fee_create - fee_top_up - fee_cancel);
	});
}

#[test]
fn a_contract_below_the_minimum_deposit_is_refused_through_the_runtime() {
	dev_ext().execute_with(|| {
		let volume = Volume { size_gib: 10, disk_type: DiskType::Ssd };
		let call = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 0,
			volume,
			deposit: 10 * 10 * MICRO_UNIT * (MINUTES as Balance) - 1,
		});
		let result = sp_runtime::traits::Dispatchable::dispatch(
			call,
			RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
		);
		assert_eq!(
			result.map_err(|e| e.error),
			Err(pallet_sc4it_contracts::Error::<Runtime>::DepositTooSmall.into())
		);
	});
}

#[test]
fn the_genesis_config_encodes_deterministically() {
	// The chain spec built from a preset must be the same on every machine.
	let a = get_preset(&"local_testnet".into()).unwrap();
	let b = get_preset(&"local_testnet".into()).unwrap();
	assert_eq!(a.encode(), b.encode());
}
