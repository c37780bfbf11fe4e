//! Team accounts open no way around the runtime's rules: a call nobody may make stays refused
//! inside a batch, a proxy and a multisig; a council seat is not delegated by any proxy type;
//! a contracts-only or non-transfer proxy cannot move or spend funds, directly, in a batch, or
//! through the account's own proxies and multisigs.

use crate::{teams::ProxyType, tests::preset, *};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{traits::Dispatchable, BuildStorage, DispatchError};

fn network() -> sp_io::TestExternalities {
	let mut ext: sp_io::TestExternalities =
		preset("local_testnet").build_storage().expect("the preset builds").into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(k.to_account_id())
}

fn filtered() -> DispatchError {
	frame_system::Error::<Runtime>::CallFiltered.into()
}

/// What `call` by `origin` came to, the inner call's error included: a proxy, a batch and a
/// multisig succeed themselves and report their call's failure in an event. Undone after.
fn outcome(call: RuntimeCall, origin: RuntimeOrigin) -> Result<(), DispatchError> {
	frame_support::storage::with_transaction_unchecked(|| {
		System::reset_events();
		let outer = call.dispatch(origin).map(|_| ()).map_err(|e| e.error);
		let inner = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result: Err(e) }) => Some(e),
			RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { error, .. }) => {
				Some(error)
			},
			RuntimeEvent::Utility(pallet_utility::Event::ItemFailed { error }) => Some(error),
			RuntimeEvent::Multisig(pallet_multisig::Event::MultisigExecuted {
				result: Err(e),
				..
			}) => Some(e),
			_ => None,
		});
		let result = outer.and(inner.map_or(Ok(()), Err));
		frame_support::storage::TransactionOutcome::Rollback(result)
	})
}

fn add_proxy(real: Sr25519Keyring, delegate: Sr25519Keyring, proxy_type: ProxyType) {
	let call = RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
		delegate: delegate.to_account_id().into(),
		proxy_type,
		delay: 0,
	});
	assert!(call.dispatch(signed(real)).is_ok(), "{real:?} adds {delegate:?} as {proxy_type:?}");
}

fn by_proxy(real: Sr25519Keyring, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Proxy(pallet_proxy::Call::proxy {
		real: real.to_account_id().into(),
		force_proxy_type: None,
		call: Box::new(call),
	})
}

fn transfer(to: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.to_account_id().into(),
		value: UNIT,
	})
}

/// Calls the base filter closes to everyone.
fn closed_calls() -> Vec<RuntimeCall> {
	vec![
		RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
			new: Eve.to_account_id().into(),
		}),
		RuntimeCall::Session(pallet_session::Call::purge_keys {}),
	]
}

#[test]
fn closed_calls_stay_closed_inside_batches_proxies_and_multisigs() {
	network().execute_with(|| {
		add_proxy(Alice, Eve, ProxyType::Any);
		for call in closed_calls() {
			assert_eq!(outcome(call.clone(), signed(Alice)), Err(filtered()), "alone");
			let batch =
				RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![call.clone()] });
			assert_eq!(outcome(batch, signed(Alice)), Err(filtered()), "in batch_all");
			let forced = RuntimeCall::Utility(pallet_utility::Call::force_batch {
				calls: vec![call.clone()],
			});
			assert_eq!(outcome(forced, signed(Alice)), Err(filtered()), "in force_batch");
			assert_eq!(outcome(by_proxy(Alice, call.clone()), signed(Eve)), Err(filtered()));
			let multi = RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![Bob.to_account_id()],
				call: Box::new(call),
			});
			assert_eq!(outcome(multi, signed(Alice)), Err(filtered()), "in a multisig");
		}
	});
}

#[test]
fn no_proxy_type_votes_or_proposes_in_the_council() {
	network().execute_with(|| {
		// Alice is a member of the local network's council.
		add_proxy(Alice, Eve, ProxyType::Any);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		let propose = RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: 2,
			length_bound: 100,
			proposal: Box::new(remark),
		});
		assert!(outcome(propose.clone(), signed(Alice)).is_ok(), "the member herself proposes");
		assert_eq!(outcome(by_proxy(Alice, propose), signed(Eve)), Err(filtered()));
		let vote = RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: Default::default(),
			index: 0,
			approve: true,
		});
		assert_eq!(outcome(by_proxy(Alice, vote), signed(Eve)), Err(filtered()));
	});
}

#[test]
fn contracts_and_non_transfer_proxies_cannot_move_funds() {
	network().execute_with(|| {
		add_proxy(Alice, Eve, ProxyType::Contracts);
		add_proxy(Alice, Bob, ProxyType::NonTransfer);
		for proxy in [Eve, Bob] {
			assert_eq!(outcome(by_proxy(Alice, transfer(proxy)), signed(proxy)), Err(filtered()));
			let payout = RuntimeCall::Registry(pallet_sc4it_registry::Call::set_payout_account {
				farm: 0,
				payout_account: proxy.to_account_id(),
			});
			assert_eq!(outcome(by_proxy(Alice, payout), signed(proxy)), Err(filtered()));
			// A transfer hidden in a batch is filtered too.
			let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
				calls: vec![transfer(proxy)],
			});
			assert_eq!(outcome(by_proxy(Alice, batch), signed(proxy)), Err(filtered()));
		}
		// A top-up of anyone's contract would give Alice's funds to its owner: filtered. A top-up
		// of her own passes the filter (and fails on its own: there is no contract 7).
		let gift =
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up { contract: 7, amount: 1 });
		let own = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up_own {
			contract: 7,
			amount: 1,
		});
		let unknown = pallet_sc4it_contracts::Error::<Runtime>::UnknownContract.into();
		for proxy in [Eve, Bob] {
			assert_eq!(outcome(by_proxy(Alice, gift.clone()), signed(proxy)), Err(filtered()));
			assert_eq!(outcome(by_proxy(Alice, own.clone()), signed(proxy)), Err(unknown));
		}
		// Neither chooses where the account's money goes: no contract created (its size on the
		// proxy's own node could pay that farm everything), no automatic top-up set, no farm
		// with its payouts elsewhere.
		let create = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 0,
			volume: Volume { size_gib: 1_000_000, disk_type: DiskType::Ssd },
			deposit: UNIT,
		});
		let create_within =
			RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract_with_max_rate {
				node: 0,
				volume: Volume { size_gib: 1_000_000, disk_type: DiskType::Ssd },
				deposit: UNIT,
				max_rate: Balance::MAX,
			});
		let auto = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::set_auto_top_up {
			contract: 7,
			terms: None,
		});
		let farm = RuntimeCall::Registry(pallet_sc4it_registry::Call::create_farm {
			name: b"elsewhere".to_vec(),
			payout_account: Eve.to_account_id(),
		});
		for proxy in [Eve, Bob] {
			for call in [&create, &create_within, &auto, &farm] {
				assert_eq!(
					outcome(by_proxy(Alice, call.clone()), signed(proxy)),
					Err(filtered()),
					"{proxy:?}: {call:?}"
				);
			}
		}
		// Nor, through the account's own proxies and multisigs, whose calls run outside the
		// proxy's filter: Alice may act for Charlie, and is in a 1-of-2 multisig with Dave.
		add_proxy(Charlie, Alice, ProxyType::Any);
		let nested = by_proxy(Charlie, transfer(Bob));
		assert_eq!(outcome(by_proxy(Alice, nested), signed(Bob)), Err(filtered()));
		let multi = RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![Dave.to_account_id()],
			call: Box::new(transfer(Bob)),
		});
		assert_eq!(outcome(by_proxy(Alice, multi), signed(Bob)), Err(filtered()));
		// A contracts proxy can do nothing else, a remark included.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(outcome(by_proxy(Alice, remark.clone()), signed(Eve)), Err(filtered()));
		assert_eq!(outcome(by_proxy(Alice, remark), signed(Bob)), Ok(()));
	});
}

#[test]
fn a_dry_run_through_a_proxy_or_a_batch_tells_the_inner_call_s_error() {
	network().execute_with(|| {
		add_proxy(Alice, Eve, ProxyType::Contracts);
		let dry_run = |who: Sr25519Keyring, call: RuntimeCall| {
			frame_support::storage::with_transaction_unchecked(|| {
				frame_support::storage::TransactionOutcome::Rollback(Runtime::dry_run(
					who.to_account_id(),
					call,
				))
			})
		};
		assert_eq!(dry_run(Eve, by_proxy(Alice, transfer(Eve))), Err(filtered()));
		let unknown: DispatchError =
			pallet_sc4it_contracts::Error::<Runtime>::UnknownContract.into();
		let top_up = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up_own {
			contract: 7,
			amount: 1,
		});
		assert_eq!(dry_run(Eve, by_proxy(Alice, top_up.clone())), Err(unknown));
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![top_up] });
		assert_eq!(dry_run(Alice, batch), Err(unknown));
		// Bob is no proxy of Alice's.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(
			dry_run(Bob, by_proxy(Alice, remark)),
			Err(pallet_proxy::Error::<Runtime>::NotProxy.into())
		);
	});
}
