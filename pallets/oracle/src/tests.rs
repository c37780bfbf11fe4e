//! The oracle's calls: what the pool accepts (`authorize`), and what dispatch does with it.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError,
		TransactionValidityWithRefund,
	},
	traits::{Authorize, UnfilteredDispatchable},
};
use frame_system::RawOrigin;
use sc4it_primitives::oracle::Pair as OraclePair;
use sp_application_crypto::Pair as _;
use sp_runtime::DispatchError;

/// What the contract has paid for, settled or not.
fn charged(id: u64) -> Balance {
	Contracts::contract_view(id).expect("contract exists").charged
}

fn contract(id: u64) -> pallet_sc4it_contracts::Contract<Test> {
	pallet_sc4it_contracts::Contracts::<Test>::get(id).expect("contract exists")
}

fn down(node: u32, until: u32) -> Observation<Test> {
	Observation::Down { node, until, cause: DownCause::Timeout }
}

fn authorize(call: &crate::Call<Test>) -> TransactionValidityWithRefund {
	call.authorize(TransactionSource::External).expect("oracle calls are authorized calls")
}

/// What a block does with the call: authorize it, then dispatch it with the authorized origin.
fn apply(call: crate::Call<Test>) -> Result<(), TransactionValidityError> {
	authorize(&call)?;
	assert_ok!(call.dispatch_bypass_filter(RawOrigin::Authorized.into()));
	Ok(())
}

fn invalid(e: InvalidTransaction) -> Result<(), TransactionValidityError> {
	Err(TransactionValidityError::Invalid(e))
}

/// ALICE's contract on `node`: 2 GiB of SSD (rate 10 per block), `deposit` on hold.
fn create(node: u32, deposit: Balance) -> u64 {
	let id = pallet_sc4it_contracts::NextContractId::<Test>::get();
	assert_ok!(Contracts::create_contract(RuntimeOrigin::signed(ALICE), node, ssd(2), deposit));
	id
}

#[test]
fn a_report_deploys_the_contract_and_bills_exactly_the_healthy_deployed_blocks() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(5);
		let first = signed_report(0, 5, true, vec![deployed(id, 3)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[0])])), Ok(()));
		assert_eq!(contract(id).deployed_at, Some(3));
		run_to(15);
		let second = signed_report(0, 15, true, vec![deployed(id, 3)]);
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&second, &[])])), Ok(()));
		// Deployed at 3, healthy [1, 15): blocks 3..15 are billed, 12 × 10.
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(15));
		assert_eq!(charged(id), 120);
		assert!(oracle_events().contains(&Event::ReportApplied {
			node: 0,
			report: second.id(),
			at_block: 15,
			healthy: true,
			applied_until: 15,
			entries: 0,
		}));
	});
}

#[test]
fn a_down_claim_bills_nothing_for_its_period() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(5);
		let report = signed_report(0, 5, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0])])), Ok(()));
		run_to(15);
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 15)])), Ok(()));
		// Only [1, 5) was healthy.
		assert_eq!(charged(id), 40);
		assert!(oracle_events().contains(&Event::NodeDown {
			node: 0,
			until: 15,
			applied_until: 15,
			cause: DownCause::Timeout,
		}));
	});
}

#[test]
fn the_pool_refuses_a_non_authority_and_a_wrong_authority_signature() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Mallory", vec![observe(&report, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadSigner));

		// Oracle1's key, Oracle2's signature.
		let crate::Call::submit { batch, signature, .. } =
			submit_call("//Oracle2", vec![observe(&report, &[])])
		else {
			unreachable!()
		};
		let call = crate::Call::submit { batch, authority: authority("//Oracle1"), signature };
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadProof));
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(0));
	});
}

#[test]
fn two_authorities_submitting_one_period_provide_one_tag_and_the_second_is_refused() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let first = submit_call("//Oracle1", vec![observe(&report, &[])]);
		let second = submit_call("//Oracle2", vec![observe(&report, &[])]);
		let (a, _) = authorize(&first).expect("valid");
		let (b, _) = authorize(&second).expect("valid");
		assert_eq!(a.provides, b.provides);
		assert_eq!(apply(first), Ok(()));
		assert_eq!(apply(second), invalid(InvalidTransaction::Stale));
		// A "down" claim for the same period provides the same tag, at a lower priority.
		let claim = submit_call("//Oracle2", vec![down(0, 5)]);
		assert_eq!(authorize(&claim).map(|_| ()), invalid(InvalidTransaction::Stale));
	});
}

#[test]
fn a_signed_report_outranks_a_down_claim_for_the_same_period() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let (signed, _) =
			authorize(&submit_call("//Oracle1", vec![observe(&report, &[])])).expect("valid");
		let (claim, _) = authorize(&submit_call("//Oracle2", vec![down(0, 5)])).expect("valid");
		assert_eq!(signed.provides, claim.provides);
		assert!(signed.priority > claim.priority);
	});
}

#[test]
fn stale_replayed_future_and_forged_reports_are_refused() {
	new_test_ext().execute_with(|| {
		run_to(10);
		let report = signed_report(0, 8, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[])])), Ok(()));
		// The same report again, and an older one.
		let replay = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(authorize(&replay).map(|_| ()), invalid(InvalidTransaction::Stale));
		let older = signed_report(0, 7, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&older, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Stale));
		// A report about a block that has not happened yet.
		let future = signed_report(0, 11, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&future, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Future));
		// Signed by another node's key.
		let forged = signed_by(&node_pair(1), 0, 9, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&forged, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadProof));
		// A claim about a block in the future.
		let call = submit_call("//Oracle1", vec![down(0, 11)]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Future));
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(8));
	});
}

#[test]
fn an_entry_the_node_did_not_sign_is_refused() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(5);
		let report = signed_report(0, 5, true, vec![deployed(id, 4)]);
		let Observation::Report { report: header, mut entries } = observe(&report, &[0]) else {
			unreachable!()
		};
		// Moved earlier: more blocks to bill. The proof no longer matches.
		entries[0].entry = deployed(id, 1);
		let call = submit_call("//Oracle1", vec![Observation::Report { report: header, entries }]);
		assert_eq!(
			authorize(&call).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::BAD_ENTRY))
		);
		assert_eq!(contract(id).deployed_at, None);
	});
}

#[test]
fn a_node_reporting_another_nodes_contract_changes_nothing() {
	new_test_ext().execute_with(|| {
		let on_node_1 = create(1, 10_000);
		run_to(5);
		let report = signed_report(0, 5, true, vec![deployed(on_node_1, 2)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0])])), Ok(()));
		assert_eq!(contract(on_node_1).deployed_at, None);
		assert!(oracle_events().contains(&Event::EntryRefused {
			node: 0,
			contract: on_node_1,
			error: Error::<Test>::WrongNode.into(),
		}));
	});
}

#[test]
fn a_batch_naming_a_node_twice_is_refused() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[]), down(0, 5)]);
		assert_eq!(
			authorize(&call).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::DUPLICATE))
		);
	});
}

#[test]
fn a_batch_applies_each_node() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		assert_eq!(
			apply(submit_call("//Oracle1", vec![observe(&report, &[]), down(1, 4)])),
			Ok(())
		);
		let confirmed = <Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until;
		assert_eq!((confirmed(0), confirmed(1)), (Some(5), Some(4)));
	});
}

#[test]
fn a_period_without_contract_work_is_charged_less_than_reserved() {
	use frame_support::dispatch::GetDispatchInfo;
	use sc4it_primitives::UsageOracle;
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		let declared = call.get_dispatch_info().call_weight;
		let post = call.dispatch_bypass_filter(RawOrigin::Authorized.into()).expect("applies");
		let actual = post.actual_weight.expect("submit says what it used");
		// The reservation for the contracts pallet is the most a period may do; this one ran
		// out no contract, so what it used is the oracle's part and the period's fixed cost.
		let reserved = <Contracts as UsageOracle<u32>>::record_health_weight();
		let fixed = <() as pallet_sc4it_contracts::WeightInfo>::record_health(0);
		assert_eq!(declared.saturating_sub(actual), reserved.saturating_sub(fixed));
		assert!(actual.all_lt(declared));
	});
}

#[test]
fn the_calls_need_the_authorized_origin() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(
			call.dispatch_bypass_filter(RuntimeOrigin::signed(ALICE)).map_err(|e| e.error),
			Err(DispatchError::BadOrigin)
		);
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(0));
	});
}

#[test]
fn root_sets_the_authorities_and_the_billing_period_within_bounds() {
	new_test_ext().execute_with(|| {
		let (a, b) = (authority("//A"), authority("//B"));
		assert_noop!(
			Oracle::set_authorities(RuntimeOrigin::signed(ALICE), vec![a.clone()]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Oracle::set_authorities(RuntimeOrigin::root(), vec![a.clone(), a.clone()]),
			Error::<Test>::DuplicateAuthority
		);
		let five = ["//1", "//2", "//3", "//4", "//5"].map(authority).to_vec();
		assert_noop!(
			Oracle::set_authorities(RuntimeOrigin::root(), five),
			Error::<Test>::TooManyAuthorities
		);
		assert_ok!(Oracle::set_authorities(RuntimeOrigin::root(), vec![a.clone(), b.clone()]));
		assert_eq!(Authorities::<Test>::get().into_inner(), vec![a, b]);
		// The old authorities are out.
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadSigner));

		assert_noop!(
			Oracle::set_billing_period(RuntimeOrigin::root(), 1_001),
			Error::<Test>::PeriodTooLong
		);
		assert_noop!(
			Oracle::set_billing_period(RuntimeOrigin::signed(ALICE), 5),
			DispatchError::BadOrigin
		);
		assert_ok!(Oracle::set_billing_period(RuntimeOrigin::root(), 5));
		assert_eq!(BillingPeriod::<Test>::get(), 5);
	});
}

fn decommission_call(seed: &str, at: u32) -> crate::Call<Test> {
	let pair = OraclePair::from_string(seed, None).expect("dev seed");
	let signature = pair.sign(&decommission_payload::<Test>(&at));
	crate::Call::decommission { at, authority: pair.public(), signature }
}

#[test]
fn a_decommission_transaction_is_valid_only_when_decommissions_are_overdue() {
	new_test_ext().execute_with(|| {
		// 100 is ten blocks at rate 10: the minimum deposit.
		let id = create(0, 100);
		run_to(3);
		let report = signed_report(0, 3, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0])])), Ok(()));
		assert_eq!(
			authorize(&decommission_call("//Oracle1", 3)).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::NOTHING_TO_DO))
		);
		run_to(15);
		let report = signed_report(0, 15, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[])])), Ok(()));
		assert!(matches!(
			contract(id).state,
			pallet_sc4it_contracts::ContractState::GracePeriod { .. }
		));
		// The grace ends at 31; blocks come without the per-block service reaching it.
		System::set_block_number(40);
		assert_eq!(
			authorize(&decommission_call("//Mallory", 40)).map(|_| ()),
			invalid(InvalidTransaction::BadSigner)
		);
		assert_eq!(
			authorize(&decommission_call("//Oracle1", 41)).map(|_| ()),
			invalid(InvalidTransaction::Future)
		);
		assert_eq!(apply(decommission_call("//Oracle1", 40)), Ok(()));
		assert!(matches!(
			contract(id).state,
			pallet_sc4it_contracts::ContractState::Deleted {
				reason: pallet_sc4it_contracts::DeleteReason::OutOfFunds,
				..
			}
		));
		assert!(matches!(oracle_events().last(), Some(Event::DecommissionsCaughtUp { .. })));
	});
}
