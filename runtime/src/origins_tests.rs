//! No call is reachable by a single key. Every call of every pallet is listed here with who may
//! make it; a call added to the runtime without being listed fails
//! `every_call_of_the_runtime_is_listed`. Each call that is not a plain user's is then tried
//! with every origin short of what it requires, and with what it requires, on the local network's
//! genesis (four validators, who are the council).

use crate::{governance::CouncilInstance, tests::preset, *};
use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{GetCallMetadata, UnfilteredDispatchable},
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Dispatchable, Hash as _},
	BuildStorage, DispatchError, Perbill,
};

/// Who may make a call.
enum Who {
	/// Any signed account, acting on its own things (or paying for someone else's, as a top-up).
	User,
	/// A council member, with their own voice only: propose, vote, or `execute` (whose origin,
	/// one member, no governance call accepts).
	CouncilMember,
	/// Anyone, the call checking everything else itself: closing a motion its votes decided,
	/// releasing a proposal's (zero) cost, applying code governance authorized.
	Anyone,
	/// The block author, as an inherent.
	Inherent,
	/// An oracle authority, by a fee-less authorized transaction its key signed, checked against
	/// the authority set (which is the validators').
	OracleAuthority,
	/// Nobody can make it: its proof type has no values (equivocation reports, with no
	/// historical session proofs in this runtime).
	Unconstructible,
	/// Two thirds of the council (or Root, which only two thirds reach).
	Governance(RuntimeCall),
	/// Root only: two thirds of the council through `Governance::dispatch_as_root`.
	Root(RuntimeCall),
	/// Nobody, by any origin.
	Nobody(RuntimeCall),
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

/// Every call of the runtime, with who may make it and, for the privileged ones, an instance.
fn every_call() -> Vec<(&'static str, &'static str, Who)> {
	use Who::*;
	let (alice, eve) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Eve));
	let system = |c: frame_system::Call<Runtime>| RuntimeCall::System(c);
	let balances = |c: pallet_balances::Call<Runtime>| RuntimeCall::Balances(c);
	let registry = |c: pallet_sc4it_registry::Call<Runtime>| RuntimeCall::Registry(c);
	let code_hash = Hash::repeat_byte(7);
	let remark = Box::new(system(frame_system::Call::remark { remark: vec![] }));
	vec![
		("System", "remark", User),
		("System", "remark_with_event", User),
		(
			"System",
			"set_heap_pages",
			Root(system(frame_system::Call::set_heap_pages { pages: 64 })),
		),
		("System", "set_code", Root(system(frame_system::Call::set_code { code: vec![1] }))),
		(
			"System",
			"set_code_without_checks",
			Root(system(frame_system::Call::set_code_without_checks { code: vec![1] })),
		),
		("System", "set_storage", Root(system(frame_system::Call::set_storage { items: vec![] }))),
		("System", "kill_storage", Root(system(frame_system::Call::kill_storage { keys: vec![] }))),
		(
			"System",
			"kill_prefix",
			Root(system(frame_system::Call::kill_prefix { prefix: vec![9], subkeys: 1 })),
		),
		(
			"System",
			"authorize_upgrade",
			Root(system(frame_system::Call::authorize_upgrade { code_hash })),
		),
		(
			"System",
			"authorize_upgrade_without_checks",
			Root(system(frame_system::Call::authorize_upgrade_without_checks { code_hash })),
		),
		("System", "apply_authorized_upgrade", Anyone),
		("Timestamp", "set", Inherent),
		("Grandpa", "report_equivocation", Unconstructible),
		("Grandpa", "report_equivocation_unsigned", Unconstructible),
		(
			"Grandpa",
			"note_stalled",
			Root(RuntimeCall::Grandpa(pallet_grandpa::Call::note_stalled {
				delay: 5,
				best_finalized_block_number: 0,
			})),
		),
		("Balances", "transfer_allow_death", User),
		("Balances", "transfer_keep_alive", User),
		("Balances", "transfer_all", User),
		("Balances", "burn", User),
		("Balances", "upgrade_accounts", User),
		(
			"Balances",
			"force_transfer",
			Root(balances(pallet_balances::Call::force_transfer {
				source: alice.clone().into(),
				dest: eve.clone().into(),
				value: UNIT,
			})),
		),
		(
			"Balances",
			"force_unreserve",
			Root(balances(pallet_balances::Call::force_unreserve {
				who: eve.clone().into(),
				amount: 1,
			})),
		),
		(
			"Balances",
			"force_set_balance",
			Root(balances(pallet_balances::Call::force_set_balance {
				who: eve.clone().into(),
				new_free: UNIT,
			})),
		),
		(
			"Balances",
			"force_adjust_total_issuance",
			Root(balances(pallet_balances::Call::force_adjust_total_issuance {
				direction: pallet_balances::AdjustmentDirection::Increase,
				delta: 1,
			})),
		),
		(
			"Validators",
			"add_validator",
			Governance(RuntimeCall::Validators(pallet_sc4it_validators::Call::add_validator {
				who: eve.clone(),
			})),
		),
		(
			"Validators",
			"remove_validator",
			Governance(RuntimeCall::Validators(pallet_sc4it_validators::Call::remove_validator {
				who: account(Sr25519Keyring::Dave),
			})),
		),
		(
			"Validators",
			"set_session_length",
			Governance(RuntimeCall::Validators(
				pallet_sc4it_validators::Call::set_session_length { blocks: 100 },
			)),
		),
		("Session", "set_keys", User),
		(
			"Session",
			"purge_keys",
			Nobody(RuntimeCall::Session(pallet_session::Call::purge_keys {})),
		),
		("Validators", "purge_keys", User),
		("Registry", "create_farm", User),
		("Registry", "set_payout_account", User),
		("Registry", "remove_farm", User),
		("Registry", "register_node", User),
		("Registry", "update_node", User),
		("Registry", "set_node_capacity", User),
		("Registry", "remove_node", User),
		(
			"Registry",
			"set_pricing",
			Governance(registry(pallet_sc4it_registry::Call::set_pricing {
				pricing: genesis_config_presets::dev_pricing(),
			})),
		),
		(
			"Registry",
			"set_deposits",
			Governance(registry(pallet_sc4it_registry::Call::set_deposits {
				deposits: grid_deposits(),
			})),
		),
		(
			"Registry",
			"set_url_policy",
			Governance(registry(pallet_sc4it_registry::Call::set_url_policy {
				policy: pallet_sc4it_registry::url::UrlPolicy {
					allow_loopback: false,
					allow_private: false,
				},
			})),
		),
		("Registry", "set_farm_prices", User),
		(
			"Registry",
			"set_price_bounds",
			Governance(registry(pallet_sc4it_registry::Call::set_price_bounds {
				bounds: farm_price_bounds(&genesis_config_presets::dev_pricing()),
			})),
		),
		("Contracts", "create_contract", User),
		("Contracts", "create_contract_with_max_rate", User),
		("Contracts", "set_auto_top_up", User),
		("Contracts", "top_up_own", User),
		("Contracts", "top_up", User),
		("Contracts", "cancel", User),
		("Contracts", "pay_debt", User),
		(
			"Contracts",
			"set_policy",
			Governance(RuntimeCall::Contracts(pallet_sc4it_contracts::Call::set_policy {
				policy: genesis_config_presets::dev_billing_policy(),
			})),
		),
		("Oracle", "submit", OracleAuthority),
		("Oracle", "decommission", OracleAuthority),
		(
			"Oracle",
			"set_billing_period",
			Governance(RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_billing_period {
				period: 7,
			})),
		),
		(
			"Oracle",
			"set_down_quorum",
			Governance(RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_down_quorum {
				quorum: Perbill::from_percent(60),
			})),
		),
		(
			"Oracle",
			"set_committee_size",
			Governance(RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_committee_size {
				size: 1,
			})),
		),
		(
			"Oracle",
			"set_oracle_limits",
			Governance(RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_oracle_limits {
				block_share: Perbill::from_percent(30),
				min_reached: Perbill::from_percent(40),
				outage_share: Perbill::from_percent(60),
			})),
		),
		(
			"Council",
			"set_members",
			Nobody(RuntimeCall::Council(pallet_collective::Call::set_members {
				new_members: vec![eve.clone()],
				prime: None,
				old_count: 4,
			})),
		),
		("Council", "execute", CouncilMember),
		("Council", "propose", CouncilMember),
		("Council", "vote", CouncilMember),
		("Council", "close", Anyone),
		("Council", "release_proposal_cost", Anyone),
		(
			"Council",
			"disapprove_proposal",
			Governance(RuntimeCall::Council(pallet_collective::Call::disapprove_proposal {
				proposal_hash: code_hash,
			})),
		),
		(
			"Council",
			"kill",
			Governance(RuntimeCall::Council(pallet_collective::Call::kill {
				proposal_hash: code_hash,
			})),
		),
		(
			"CouncilMembership",
			"add_member",
			Governance(RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
				who: eve.clone().into(),
			})),
		),
		(
			"CouncilMembership",
			"remove_member",
			Governance(RuntimeCall::CouncilMembership(pallet_membership::Call::remove_member {
				who: account(Sr25519Keyring::Dave).into(),
			})),
		),
		(
			"CouncilMembership",
			"swap_member",
			Governance(RuntimeCall::CouncilMembership(pallet_membership::Call::swap_member {
				remove: account(Sr25519Keyring::Dave).into(),
				add: eve.clone().into(),
			})),
		),
		(
			"CouncilMembership",
			"reset_members",
			Governance(RuntimeCall::CouncilMembership(pallet_membership::Call::reset_members {
				members: vec![eve.clone()],
			})),
		),
		(
			"CouncilMembership",
			"set_prime",
			Nobody(RuntimeCall::CouncilMembership(pallet_membership::Call::set_prime {
				who: alice.clone().into(),
			})),
		),
		(
			"CouncilMembership",
			"clear_prime",
			Nobody(RuntimeCall::CouncilMembership(pallet_membership::Call::clear_prime {})),
		),
		(
			"CouncilMembership",
			"change_key",
			Nobody(RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
				new: eve.clone().into(),
			})),
		),
		("Utility", "batch", User),
		("Utility", "as_derivative", User),
		("Utility", "batch_all", User),
		("Utility", "force_batch", User),
		("Utility", "if_else", User),
		(
			"Utility",
			"dispatch_as",
			Root(RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
				as_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Root)),
				call: remark.clone(),
			})),
		),
		(
			"Utility",
			"with_weight",
			Root(RuntimeCall::Utility(pallet_utility::Call::with_weight {
				call: remark.clone(),
				weight: Weight::from_parts(1, 0),
			})),
		),
		(
			"Utility",
			"dispatch_as_fallible",
			Root(RuntimeCall::Utility(pallet_utility::Call::dispatch_as_fallible {
				as_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Root)),
				call: remark.clone(),
			})),
		),
		("Multisig", "as_multi_threshold_1", User),
		("Multisig", "as_multi", User),
		("Multisig", "approve_as_multi", User),
		("Multisig", "cancel_as_multi", User),
		("Multisig", "poke_deposit", User),
		("Proxy", "proxy", User),
		("Proxy", "add_proxy", User),
		("Proxy", "remove_proxy", User),
		("Proxy", "remove_proxies", User),
		("Proxy", "create_pure", User),
		("Proxy", "kill_pure", User),
		("Proxy", "announce", User),
		("Proxy", "remove_announcement", User),
		("Proxy", "reject_announcement", User),
		("Proxy", "proxy_announced", User),
		("Proxy", "poke_deposit", User),
		(
			"Governance",
			"dispatch_as_root",
			Governance(RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
				call: remark,
			})),
		),
		(
			"Governance",
			"spend",
			Governance(RuntimeCall::Governance(pallet_sc4it_governance::Call::spend {
				to: eve,
				amount: 1,
			})),
		),
	]
}

/// `set_code` reads the new code's version; the code here is not a runtime.
struct NotARuntime;

impl sp_core::traits::ReadRuntimeVersion for NotARuntime {
	fn read_runtime_version(
		&self,
		_code: &[u8],
		_ext: &mut dyn sp_core::traits::Externalities,
	) -> Result<Vec<u8>, String> {
		Err("not a runtime".into())
	}
}

fn local_network() -> sp_io::TestExternalities {
	let mut ext: sp_io::TestExternalities =
		preset("local_testnet").build_storage().expect("the preset builds").into();
	ext.register_extension(sp_core::traits::ReadRuntimeVersionExt::new(NotARuntime));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// A motion carried by `yes` of `of` members.
fn motion(yes: u32, of: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<AccountId, CouncilInstance>::Members(yes, of).into()
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(k.to_account_id())
}

/// Dispatches `call` as `origin` would, filter included, and undoes whatever it did.
fn try_call(call: &RuntimeCall, origin: RuntimeOrigin) -> Result<(), DispatchError> {
	frame_support::storage::with_transaction_unchecked(|| {
		let result = call.clone().dispatch(origin).map(|_| ()).map_err(|e| e.error);
		frame_support::storage::TransactionOutcome::Rollback(result)
	})
}

/// What a Root call returned when a two-thirds motion ran it through `dispatch_as_root`.
fn as_root_by_motion(
	call: &RuntimeCall,
	yes: u32,
) -> Result<Result<(), DispatchError>, DispatchError> {
	frame_support::storage::with_transaction_unchecked(|| {
		System::reset_events();
		let wrapped = RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
			call: Box::new(call.clone()),
		});
		let outer = wrapped.dispatch(motion(yes, 4)).map(|_| ()).map_err(|e| e.error);
		let inner = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Governance(pallet_sc4it_governance::Event::DispatchedAsRoot {
				result,
				..
			}) => Some(result),
			_ => None,
		});
		let result = outer.map(|()| inner.unwrap_or(Err(DispatchError::Other("no event"))));
		frame_support::storage::TransactionOutcome::Rollback(result)
	})
}

/// Everything short of two thirds of the council: users, a member alone, Root's neighbours.
fn short_of_two_thirds() -> Vec<(&'static str, RuntimeOrigin)> {
	vec![
		("a user", signed(Sr25519Keyring::Eve)),
		("a member alone", signed(Sr25519Keyring::Alice)),
		("unsigned", RuntimeOrigin::none()),
		("one of four members", motion(1, 4)),
		("two of four members", motion(2, 4)),
		(
			"one member's own voice",
			pallet_collective::RawOrigin::<AccountId, CouncilInstance>::Member(
				Sr25519Keyring::Alice.to_account_id(),
			)
			.into(),
		),
	]
}

fn refused(result: Result<(), DispatchError>) -> bool {
	matches!(result, Err(DispatchError::BadOrigin))
		|| matches!(result, Err(e) if e == frame_system::Error::<Runtime>::CallFiltered.into())
}

#[test]
fn every_call_of_the_runtime_is_listed() {
	let listed: Vec<(String, String)> =
		every_call().iter().map(|(p, c, _)| (p.to_string(), c.to_string())).collect();
	let mut in_runtime = Vec::new();
	for pallet in RuntimeCall::get_module_names() {
		for call in RuntimeCall::get_call_names(pallet) {
			in_runtime.push((pallet.to_string(), call.to_string()));
			assert!(
				listed.contains(&(pallet.to_string(), call.to_string())),
				"{pallet}::{call} is not listed: say who may make it"
			);
		}
	}
	for entry in &listed {
		assert!(in_runtime.contains(entry), "{entry:?} is listed but not in the runtime");
	}
	assert_eq!(listed.len(), in_runtime.len(), "a call is listed twice");
}

#[test]
fn every_governance_call_requires_two_thirds_of_the_council() {
	local_network().execute_with(|| {
		for (pallet, name, who) in every_call() {
			let Who::Governance(call) = who else { continue };
			for (what, origin) in short_of_two_thirds() {
				assert!(refused(try_call(&call, origin)), "{pallet}::{name} by {what}");
			}
			for (yes, of) in [(3, 4), (4, 4)] {
				let result = try_call(&call, motion(yes, of));
				assert!(!refused(result), "{pallet}::{name} by {yes} of {of}: {result:?}");
			}
		}
	});
}

#[test]
fn every_root_call_requires_two_thirds_of_the_council_through_dispatch_as_root() {
	local_network().execute_with(|| {
		for (pallet, name, who) in every_call() {
			let Who::Root(call) = who else { continue };
			for (what, origin) in short_of_two_thirds() {
				assert!(refused(try_call(&call, origin)), "{pallet}::{name} by {what}");
			}
			// Not even two thirds directly: only through dispatch_as_root.
			assert!(refused(try_call(&call, motion(3, 4))), "{pallet}::{name} directly");
			assert_eq!(
				as_root_by_motion(&call, 2),
				Err(DispatchError::BadOrigin),
				"{pallet}::{name}"
			);
			let inner = as_root_by_motion(&call, 3).expect("two thirds may dispatch as root");
			assert!(!refused(inner), "{pallet}::{name} as root: {inner:?}");
		}
	});
}

#[test]
fn some_calls_nobody_can_make() {
	local_network().execute_with(|| {
		for (pallet, name, who) in every_call() {
			let Who::Nobody(call) = who else { continue };
			for (what, origin) in short_of_two_thirds()
				.into_iter()
				.chain([("all members", motion(4, 4)), ("root", RuntimeOrigin::root())])
			{
				assert!(refused(try_call(&call, origin)), "{pallet}::{name} by {what}");
			}
		}
	});
}

/// A motion of the council, proposed: what voting on it and closing it name. The tests' motions
/// are each the first of a fresh genesis, so their index is 0.
struct Motion {
	hash: Hash,
	length_bound: u32,
	weight_bound: frame_support::weights::Weight,
}

impl Motion {
	/// `by` proposes `call` with `threshold`; the proposal itself must be accepted.
	fn propose(call: RuntimeCall, threshold: u32, by: Sr25519Keyring) -> Motion {
		let motion = Motion {
			hash: <Runtime as frame_system::Config>::Hashing::hash_of(&call),
			length_bound: call.encoded_size() as u32,
			weight_bound: call.get_dispatch_info().call_weight,
		};
		let propose = RuntimeCall::Council(pallet_collective::Call::propose {
			threshold,
			proposal: Box::new(call),
			length_bound: motion.length_bound,
		});
		let proposed = propose.dispatch(signed(by));
		assert!(proposed.is_ok(), "{proposed:?}");
		motion
	}

	/// Each of `voters` votes aye (proposing is not voting: the proposer votes too).
	fn ayes(&self, voters: &[Sr25519Keyring]) {
		for voter in voters {
			let vote = RuntimeCall::Council(pallet_collective::Call::vote {
				proposal: self.hash,
				index: 0,
				approve: true,
			});
			assert!(vote.dispatch(signed(*voter)).is_ok());
		}
	}

	/// `by` (anyone) closes it.
	fn close(&self, by: Sr25519Keyring) -> Result<(), DispatchError> {
		let close = RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: self.hash,
			index: 0,
			proposal_weight_bound: self.weight_bound,
			length_bound: self.length_bound,
		});
		close.dispatch(signed(by)).map(|_| ()).map_err(|e| e.error)
	}
}

/// The collective's pitfall: a motion proposed with a threshold of one executes at once, with
/// the origin "one of four members", which every governance call refuses.
#[test]
fn a_motion_proposed_with_a_threshold_of_one_changes_nothing() {
	local_network().execute_with(|| {
		let before = pallet_sc4it_oracle::BillingPeriod::<Runtime>::get();
		let call = RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_billing_period { period: 0 });
		System::reset_events();
		Motion::propose(call, 1, Sr25519Keyring::Alice);
		let executed = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
				Some(result)
			},
			_ => None,
		});
		assert_eq!(executed, Some(Err(DispatchError::BadOrigin)));
		assert_eq!(pallet_sc4it_oracle::BillingPeriod::<Runtime>::get(), before);
	});
}

/// A motion proposed with a threshold of three, voted by three of the four, closes and runs.
#[test]
fn three_of_four_members_carry_a_motion() {
	local_network().execute_with(|| {
		let call = RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_billing_period { period: 9 });
		let motion = Motion::propose(call, 3, Sr25519Keyring::Alice);
		motion.ayes(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]);
		// Anyone closes it.
		assert!(motion.close(Sr25519Keyring::Ferdie).is_ok());
		assert_eq!(pallet_sc4it_oracle::BillingPeriod::<Runtime>::get(), 9);
	});
}

#[test]
fn root_calls_bypass_nothing_they_should_not() {
	// `dispatch_as_root` dispatches without the call filter, as Root does; the filtered call
	// wants a member's signature, which Root is not.
	local_network().execute_with(|| {
		let change_key = RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
			new: Sr25519Keyring::Eve.to_account_id().into(),
		});
		assert!(refused(
			change_key
				.clone()
				.dispatch_bypass_filter(RuntimeOrigin::root())
				.map(|_| ())
				.map_err(|e| e.error)
		));
		assert!(refused(as_root_by_motion(&change_key, 4).expect("dispatched")));
	});
}

/// An upgrade's authorization goes through a motion of three of four, as Root.
#[test]
fn three_of_four_members_authorize_an_upgrade() {
	local_network().execute_with(|| {
		let code_hash = Hash::repeat_byte(3);
		let call = RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash,
			})),
		});
		let motion = Motion::propose(call, 3, Sr25519Keyring::Alice);
		motion.ayes(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]);
		let closed = motion.close(Sr25519Keyring::Ferdie);
		assert!(closed.is_ok(), "{closed:?}");
		assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));
	});
}

/// A motion that ran out of time with one aye and three absent members is rejected: the absent
/// count as against, whoever proposed it.
#[test]
fn absent_members_count_against_a_motion_whose_time_ended() {
	local_network().execute_with(|| {
		let call = RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_billing_period { period: 0 });
		let before = pallet_sc4it_oracle::BillingPeriod::<Runtime>::get();
		let motion = Motion::propose(call, 3, Sr25519Keyring::Alice);
		motion.ayes(&[Sr25519Keyring::Alice]);
		System::set_block_number(1 + governance::CouncilMotionDuration::get() + 1);
		System::reset_events();
		assert!(motion.close(Sr25519Keyring::Ferdie).is_ok());
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. })
		)));
		assert_eq!(pallet_sc4it_oracle::BillingPeriod::<Runtime>::get(), before);
	});
}
