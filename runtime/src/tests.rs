//! Runtime tests, natively: the genesis presets build, and a user can create, top up and cancel a
//! contract on the demo node through signed extrinsics applied by `Executive`, with the right
//! balances, fees included.

use crate::{genesis_config_presets::*, *};
use codec::Encode;
use frame_support::traits::{fungible::Inspect, OnInitialize};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, BuildStorage};

pub(crate) fn preset(name: &str) -> RuntimeGenesisConfig {
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

/// `who`'s funds in the escrow for contracts (one page: the tests have few contracts).
fn held(who: Sr25519Keyring) -> Balance {
	Contracts::escrow_of(&who.to_account_id(), None, u32::MAX).funds
}

#[test]
fn both_presets_build_with_the_demo_farm_and_node() {
	for (name, validators) in [("development", 1), ("local_testnet", 4)] {
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
			// The validators are the council; there is no sudo key.
			let members = pallet_collective::Members::<Runtime, governance::CouncilInstance>::get();
			assert_eq!(members.len(), validators, "{name}");
			let mut validator_accounts =
				pallet_sc4it_validators::Validators::<Runtime>::get().into_inner();
			validator_accounts.sort();
			assert_eq!(validator_accounts, members, "{name}");
			// Every validator's oracle key (the same dev seed as its Aura key) is an authority.
			let oracles = pallet_sc4it_oracle::Authorities::<Runtime>::get();
			let auras = pallet_aura::Authorities::<Runtime>::get();
			assert_eq!(oracles.len(), validators, "{name}");
			for (oracle, aura) in oracles.iter().zip(auras.iter()) {
				assert_eq!(oracle.encode(), aura.encode(), "{name}");
			}
			assert_eq!(pallet_sc4it_oracle::BillingPeriod::<Runtime>::get(), DEV_BILLING_PERIOD);
		});
	}
	assert!(get_preset(&"no-such-preset".into()).is_none());
	assert_eq!(preset_names().len(), 2);
}

/// A real grid's genesis: its validators, council and endowments as given, its periods hourly
/// and daily, no dev account, no demo farm, and report URLs public.
#[test]
fn a_grid_genesis_has_the_given_validators_and_the_grid_periods() {
	use crate::grid_genesis::*;
	let validators: Vec<GridValidator> = [
		(Sr25519Keyring::Eve, sp_keyring::Ed25519Keyring::Eve),
		(Sr25519Keyring::Ferdie, sp_keyring::Ed25519Keyring::Ferdie),
	]
	.into_iter()
	.map(|v| GridValidator { account: v.0.to_account_id(), keys: dev_session_keys(v) })
	.collect();
	let council = [Sr25519Keyring::One.to_account_id()];
	let endowed = [(Sr25519Keyring::Two.to_account_id(), 5 * UNIT)];
	assert_eq!(grid_genesis(&[], &council, &endowed), Err(GridGenesisError::NoValidator));
	let json = grid_genesis(&validators, &council, &endowed).expect("a grid genesis");
	let config: RuntimeGenesisConfig = serde_json::from_value(json).expect("a full config");
	let mut ext: sp_io::TestExternalities = config.build_storage().unwrap().into();
	ext.execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(Grandpa::grandpa_authorities().len(), 2);
		let members = pallet_collective::Members::<Runtime, governance::CouncilInstance>::get();
		assert_eq!(members, council.to_vec());
		assert_eq!(free(Sr25519Keyring::Two), 5 * UNIT);
		assert_eq!(free(Sr25519Keyring::Alice), 0);
		assert!(pallet_sc4it_registry::Farms::<Runtime>::get(0).is_none());
		let policy = pallet_sc4it_contracts::Policy::<Runtime>::get().expect("a policy");
		assert_eq!((policy.payout_period_blocks, policy.grace_period_blocks), (DAYS, 7 * DAYS));
		assert_eq!(pallet_sc4it_oracle::BillingPeriod::<Runtime>::get(), HOURS);
		let urls = pallet_sc4it_registry::UrlRules::<Runtime>::get();
		assert!(!urls.allow_loopback && !urls.allow_private);
		// A month of 1 GiB of SSD costs a tenth of a token, within rounding.
		let month = grid_pricing().ssd_per_gib_block * Balance::from(30 * DAYS);
		assert!(month <= UNIT / 10 && month > UNIT / 10 - Balance::from(30 * DAYS));
	});
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
		// The contract's storage deposit is on hold beside its funds.
		assert_eq!(free(alice), ENDOWMENT - deposit - CONTRACT_DEPOSIT - fee_create);
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

/// An oracle submission of `observations` by the oracle key of dev seed `seed`, as the offchain
/// worker builds it: a general transaction with the runtime's extensions and no signer.
fn oracle_xt(
	seed: &str,
	observations: Vec<pallet_sc4it_oracle::Observation<Runtime>>,
) -> UncheckedExtrinsic {
	use sp_core::Pair;
	let batch: pallet_sc4it_oracle::Batch<Runtime> = observations.try_into().unwrap();
	let pair = sc4it_primitives::oracle::Pair::from_string(seed, None).unwrap();
	let at = System::block_number();
	let signature = pair.sign(&pallet_sc4it_oracle::submit_payload::<Runtime>(&batch, &at));
	let call = RuntimeCall::Oracle(pallet_sc4it_oracle::Call::submit {
		batch,
		at,
		authority: pair.public(),
		signature,
	});
	UncheckedExtrinsic::new_transaction(call, crate::offchain::extension_now(0))
}

/// What the transaction pool says of `xt`, leaving the state as it was.
fn validate(xt: UncheckedExtrinsic) -> sp_runtime::transaction_validity::TransactionValidity {
	use frame_support::storage::{with_transaction_unchecked, TransactionOutcome};
	with_transaction_unchecked(|| {
		TransactionOutcome::Rollback(Executive::validate_transaction(
			sp_runtime::transaction_validity::TransactionSource::External,
			xt,
			System::parent_hash(),
		))
	})
}

#[test]
fn oracle_transactions_are_checked_by_the_pool_and_cost_nothing() {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	dev_ext().execute_with(|| {
		let ferdie = sp_keyring::Ed25519Keyring::Ferdie.pair();
		// The demo node's health is due a billing period after genesis: a period of one block
		// makes it due now.
		pallet_sc4it_oracle::BillingPeriod::<Runtime>::put(1);
		let due = System::block_number();
		let report = sc4it_report::Report {
			version: sc4it_report::VERSION,
			genesis: pallet_sc4it_oracle::Pallet::<Runtime>::genesis_hash(),
			node: 0,
			at_block: due,
			healthy: true,
			contracts: Default::default(),
		}
		.sign(&ferdie);
		let observations = vec![pallet_sc4it_oracle::Observation::Report {
			report: report.signed_header(),
			entries: Default::default(),
		}];

		// Bob is no oracle on the dev chain: his transaction never enters the pool.
		assert_eq!(
			validate(oracle_xt("//Bob", observations.clone())),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
		);
		let valid = validate(oracle_xt("//Alice", observations.clone())).expect("valid");
		// The authority's slot for its observed block only: no report holds a slot of its own.
		assert_eq!(valid.provides.len(), 1);

		let issuance = Balances::total_issuance();
		let alice = free(Sr25519Keyring::Alice);
		let outcome = Executive::apply_extrinsic(oracle_xt("//Alice", observations.clone()));
		assert_eq!(outcome, Ok(Ok(())));
		assert_eq!(
			pallet_sc4it_contracts::Timelines::<Runtime>::get(0).unwrap().confirmed_until,
			due
		);
		// Fee-less: nobody paid, nothing was burned.
		assert_eq!(free(Sr25519Keyring::Alice), alice);
		assert_eq!(Balances::total_issuance(), issuance);

		// The same period again is refused by the pool.
		assert_eq!(
			validate(oracle_xt("//Alice", observations)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
	});
}

#[test]
fn a_dry_run_tells_the_error_a_call_would_fail_with() {
	dev_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let create = |node, deposit| {
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
				node,
				volume: Volume { size_gib: 10, disk_type: DiskType::Ssd },
				deposit,
			})
		};
		let bad = frame_support::storage::with_transaction_unchecked(|| {
			frame_support::storage::TransactionOutcome::Rollback(Runtime::dry_run(
				alice.clone(),
				create(9, UNIT),
			))
		});
		assert_eq!(bad, Err(pallet_sc4it_contracts::Error::<Runtime>::UnknownNode.into()));
		let good = Runtime::dry_run(alice, create(0, UNIT));
		assert_eq!(good, Ok(()));
	});
}

#[test]
fn fees_follow_weight_and_length_and_rise_while_blocks_are_full() {
	use frame_support::{dispatch::GetDispatchInfo, traits::Hooks};
	dev_ext().execute_with(|| {
		let fee = |call: &RuntimeCall, len: u32| {
			TransactionPayment::compute_fee(len, &call.get_dispatch_info(), 0)
		};
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let register = RuntimeCall::Registry(pallet_sc4it_registry::Call::create_farm {
			name: b"a-farm".to_vec(),
			payout_account: Sr25519Keyring::Dave.to_account_id(),
		});
		// Weight: an empty extrinsic costs about a milli-unit, heavier calls more.
		let base = fee(&remark, 0);
		assert!((MILLI_UNIT..2 * MILLI_UNIT).contains(&base), "{base}");
		assert!(fee(&register, 0) > base);
		// Length: 10 µUNIT a byte.
		assert_eq!(fee(&register, 1_100) - fee(&register, 100), 1_000 * 10 * MICRO_UNIT);

		// Blocks fuller than a quarter raise the multiplier; emptier ones lower it, to a tenth.
		let before = TransactionPayment::next_fee_multiplier();
		let max = RuntimeBlockWeights::get().max_block;
		System::set_block_consumed_resources(max, 0);
		TransactionPayment::on_finalize(1);
		let raised = TransactionPayment::next_fee_multiplier();
		assert!(raised > before, "{raised:?} after a full block, from {before:?}");
		for n in 2..1_000 {
			System::set_block_consumed_resources(Weight::zero(), 0);
			TransactionPayment::on_finalize(n);
		}
		let lowered = TransactionPayment::next_fee_multiplier();
		assert!(lowered < before, "{lowered:?} after empty blocks");
		assert!(lowered >= sp_runtime::FixedU128::saturating_from_rational(1, 10));
	});
}

#[test]
fn farms_and_nodes_hold_their_deposits_through_the_runtime() {
	dev_ext().execute_with(|| {
		let dave = Sr25519Keyring::Dave;
		let deposits = grid_deposits();
		assert!(deposits.node > 100 * UNIT && deposits.farm > 0);
		let fee_farm = apply(
			dave,
			RuntimeCall::Registry(pallet_sc4it_registry::Call::create_farm {
				name: b"daves".to_vec(),
				payout_account: dave.to_account_id(),
			}),
		);
		let fee_node = apply(
			dave,
			RuntimeCall::Registry(pallet_sc4it_registry::Call::register_node {
				farm: 1,
				public_key: sp_keyring::Ed25519Keyring::Dave.public(),
				key_proof: sp_keyring::Ed25519Keyring::Dave.sign(
					&sc4it_primitives::node_key::proof_payload(
						&System::block_hash(0).to_fixed_bytes(),
						&dave.to_account_id(),
					),
				),
				report_url: b"http://127.0.0.1:8701".to_vec(),
				capacity: Capacity { ssd_gib: 10, hdd_gib: 0 },
			}),
		);
		assert_eq!(free(dave), ENDOWMENT - fee_farm - fee_node - deposits.farm - deposits.node);
		// A vote against the node is pending when it goes: the oracle forgets it with the node.
		let tally = pallet_sc4it_oracle::types::DownTally::<Runtime> {
			confirmed: 0,
			votes: Default::default(),
		};
		pallet_sc4it_oracle::DownVotes::<Runtime>::insert(1, tally);
		let fee_remove = apply(
			dave,
			RuntimeCall::Registry(pallet_sc4it_registry::Call::remove_node { node: 1 }),
		);
		assert_eq!(free(dave), ENDOWMENT - fee_farm - fee_node - fee_remove - deposits.farm);
		assert!(!pallet_sc4it_oracle::DownVotes::<Runtime>::contains_key(1));
	});
}

/// Built with `--features try-runtime` (scripts/test.sh): both presets' genesis, and the dev
/// chain after a contract's creation, pass this runtime version's migration checks and every
/// pallet's `try_state` checks, as try-runtime-cli runs them against a live chain before an
/// upgrade.
#[cfg(feature = "try-runtime")]
#[test]
fn the_presets_and_a_contract_pass_the_migration_and_try_state_checks() {
	use frame_support::traits::{TryState, TryStateSelect, UpgradeCheckSelect};
	for name in ["development", "local_testnet"] {
		let mut ext: sp_io::TestExternalities = preset(name).build_storage().unwrap().into();
		ext.execute_with(|| {
			let checked = Executive::try_runtime_upgrade(UpgradeCheckSelect::All);
			assert!(checked.is_ok(), "{name}: {checked:?}");
			let state = AllPalletsWithSystem::try_state(0, TryStateSelect::All);
			assert!(state.is_ok(), "{name}: {state:?}");
		});
	}
	dev_ext().execute_with(|| {
		apply(
			Sr25519Keyring::Alice,
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
				node: 0,
				volume: Volume { size_gib: 10, disk_type: DiskType::Ssd },
				deposit: UNIT,
			}),
		);
		let state = AllPalletsWithSystem::try_state(1, TryStateSelect::All);
		assert!(state.is_ok(), "{state:?}");
	});
}

#[test]
fn a_node_takes_no_more_contracts_than_its_reports_can_list() {
	use frame_support::traits::Get;
	let per_node: u32 = <Runtime as pallet_sc4it_contracts::Config>::MaxContractsPerNode::get();
	// The oracle allows a report 16 contracts more than the chain has on the node.
	assert_eq!(per_node + 16, sc4it_report::MAX_CONTRACTS);
}
