//! The oracle's calls: what the pool accepts (`authorize`), and what dispatch does with it.

use crate::{mock::*, *};
use codec::Encode;
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
use sp_runtime::{DispatchError, Perbill};

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

/// ALICE's contract on `node`: 2 GiB of SSD (rate 10 per block), `deposit` on hold beside its
/// grace reserve (20 blocks x 10).
fn create(node: u32, deposit: Balance) -> u64 {
	let id = pallet_sc4it_contracts::NextContractId::<Test>::get();
	let deposit = deposit + 200;
	assert_ok!(Contracts::create_contract(RuntimeOrigin::signed(ALICE), node, ssd(2), deposit));
	id
}

#[test]
fn a_report_deploys_the_contract_and_bills_exactly_the_healthy_deployed_blocks() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(10);
		let first = signed_report(0, 10, true, vec![deployed(id, 3)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[0])])), Ok(()));
		assert_eq!(contract(id).deployed_at, Some(3));
		run_to(20);
		let second = signed_report(0, 20, true, vec![deployed(id, 3)]);
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&second, &[])])), Ok(()));
		// Deployed at 3, healthy [0, 20): blocks 3..20 are billed, 17 × 10.
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(20));
		assert_eq!(charged(id), 170);
		assert!(oracle_events().contains(&Event::ReportApplied {
			node: 0,
			report: second.id(),
			at_block: 20,
			healthy: true,
			speaks_from: 10,
			applied_until: 20,
			entries: 0,
		}));
	});
}

fn confirmed(node: u32) -> Option<u32> {
	<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(node)
}

fn down_blocks(node: u32) -> u64 {
	pallet_sc4it_contracts::Timelines::<Test>::get(node).expect("a timeline").down_blocks
}

#[test]
fn a_down_verdict_needs_a_quorum_and_bills_nothing_for_one_period() {
	new_test_ext().execute_with(|| {
		// Two authorities: more than half of them is both.
		assert_eq!(Oracle::down_votes_needed(), 2);
		let id = create(0, 10_000);
		run_to(10);
		let report = signed_report(0, 10, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0])])), Ok(()));
		run_to(20);
		// One vote changes nothing: the node's health stays confirmed up to 10.
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 20)])), Ok(()));
		assert_eq!(confirmed(0), Some(10));
		assert!(oracle_events().contains(&Event::DownVoted {
			node: 0,
			authority: authority("//Oracle1"),
			at: 20,
			cause: DownCause::Timeout,
			votes: 1,
			needed: 2,
		}));
		// Nor does voting twice.
		run_to(21);
		assert_eq!(
			authorize(&submit_call("//Oracle1", vec![down(0, 21)])).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::ALREADY_VOTED))
		);
		// The second authority's vote makes the quorum: down for one billing period before the
		// block by which both had found it so, unknown before that.
		assert_eq!(apply(submit_call("//Oracle2", vec![down(0, 21)])), Ok(()));
		assert_eq!(confirmed(0), Some(21));
		assert_eq!(down_blocks(0), 10);
		// Only [1, 10) was healthy.
		assert_eq!(charged(id), 90);
		assert!(oracle_events().contains(&Event::NodeDown {
			node: 0,
			until: 21,
			applied_until: 21,
			cause: DownCause::Timeout,
			votes: 2,
		}));
		assert!(DownVotes::<Test>::get(0).is_none());
	});
}

#[test]
fn one_authority_can_neither_make_a_node_down_nor_delay_its_reports() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(10);
		let first = signed_report(0, 10, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[0])])), Ok(()));
		// Not due yet: its health was confirmed less than a period ago.
		run_to(19);
		assert_eq!(
			authorize(&submit_call("//Oracle2", vec![down(0, 19)])).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::NOT_DUE))
		);
		// Nor may it move the node's health on early with the node's own report.
		let early = signed_report(0, 19, true, vec![]);
		assert_eq!(
			authorize(&submit_call("//Oracle2", vec![observe(&early, &[])])).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::REPORT_NOT_DUE))
		);
		// Due: Oracle2 votes it down at whatever block it likes, period after period.
		run_to(20);
		assert_eq!(apply(submit_call("//Oracle2", vec![down(0, 20)])), Ok(()));
		assert_eq!(confirmed(0), Some(10));
		// The honest authority's report lands all the same, and bills every block.
		run_to(21);
		let second = signed_report(0, 21, true, vec![]);
		let (valid, _) =
			authorize(&submit_call("//Oracle1", vec![observe(&second, &[])])).expect("valid");
		let (vote, _) = authorize(&submit_call("//Oracle1", vec![down(0, 21)])).expect("valid");
		assert_ne!(valid.provides, vote.provides, "a vote never takes a report's place");
		assert_eq!(valid.priority, vote.priority, "one priority for every oracle transaction");
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&second, &[])])), Ok(()));
		assert_eq!(confirmed(0), Some(21));
		assert_eq!(charged(id), 200);
		assert_eq!(down_blocks(0), 0);
		// The report ends the tally: it counted at block 10, the node is confirmed to 21.
		assert!(DownVotes::<Test>::get(0).is_none_or(|tally| tally.confirmed != 21));
		run_to(31);
		assert_eq!(apply(submit_call("//Oracle2", vec![down(0, 31)])), Ok(()));
		assert_eq!(
			DownVotes::<Test>::get(0).map(|tally| (tally.confirmed, tally.votes.len())),
			Some((21, 1)),
			"the old vote does not count with the next one"
		);
	});
}

#[test]
fn a_healthy_report_pays_for_at_most_its_span() {
	new_test_ext().execute_with(|| {
		let id = create(0, 100_000);
		run_to(10);
		let first = signed_report(0, 10, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[0])])), Ok(()));
		// Unreachable, with no verdict, for 90 blocks; then a report at 100.
		run_to(100);
		let late = signed_report(0, 100, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&late, &[])])), Ok(()));
		// [1, 10) and the report's span [80, 100): 29 blocks of 10; [10, 80) is unknown.
		assert_eq!(Oracle::report_span(), 20);
		assert_eq!(charged(id), 290);
		assert_eq!(down_blocks(0), 0, "unknown blocks are not downtime");
		assert!(oracle_events().iter().any(|e| matches!(
			e,
			Event::ReportApplied { at_block: 100, speaks_from: 80, applied_until: 100, .. }
		)));
	});
}

#[test]
fn downtime_counts_only_agreed_down_blocks() {
	new_test_ext().execute_with(|| {
		run_to(10);
		// A quorum finds node 0 down at 10, then nobody looks until 200.
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 10)])), Ok(()));
		assert_eq!(apply(submit_call("//Oracle2", vec![down(0, 10)])), Ok(()));
		assert_eq!((confirmed(0), down_blocks(0)), (Some(10), 10));
		run_to(200);
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 200)])), Ok(()));
		assert_eq!(apply(submit_call("//Oracle2", vec![down(0, 200)])), Ok(()));
		// One period more, not 190 blocks: one long observation never drains a node.
		assert_eq!((confirmed(0), down_blocks(0)), (Some(200), 20));
		// A signed unhealthy report is the node's own word: down, for its span.
		run_to(230);
		let unhealthy = signed_report(0, 230, false, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&unhealthy, &[])])), Ok(()));
		assert_eq!((confirmed(0), down_blocks(0)), (Some(230), 40));
		// A healthy one forgives the count.
		run_to(240);
		let healthy = signed_report(0, 240, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&healthy, &[])])), Ok(()));
		assert_eq!(down_blocks(0), 0);
	});
}

#[test]
fn a_report_stripped_of_its_entries_does_not_keep_them_off_chain() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(10);
		let report = signed_report(0, 10, true, vec![deployed(id, 2)]);
		// A dishonest authority forwards the report without its entry: the health lands.
		let stripped = submit_call("//Oracle2", vec![observe(&report, &[])]);
		let whole = submit_call("//Oracle1", vec![observe(&report, &[0])]);
		let (a, _) = authorize(&stripped).expect("valid");
		let (b, _) = authorize(&whole).expect("valid");
		// Each in its authority's slot for the block: one batch per authority and block
		// whatever entries it carries, and no slot of the report's that would keep one of the
		// two (and the other reports of its batch) out of the pool.
		assert!(a.provides.iter().all(|tag| !b.provides.contains(tag)));
		assert_eq!(apply(stripped), Ok(()));
		assert_eq!(contract(id).deployed_at, None);
		// The honest authority's copy still brings the entry.
		assert_eq!(apply(whole), Ok(()));
		assert_eq!(contract(id).deployed_at, Some(2));
		assert!(oracle_events().contains(&Event::EntriesApplied {
			node: 0,
			report: report.id(),
			entries: 1
		}));
		// Once it changed nothing more, the copy is stale.
		run_to(11);
		let again = submit_call("//Oracle1", vec![observe(&report, &[0])]);
		assert_eq!(authorize(&again).map(|_| ()), invalid(InvalidTransaction::Stale));
		run_to(20);
		let next = signed_report(0, 20, true, vec![deployed(id, 2)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&next, &[])])), Ok(()));
		// Billed from block 2 exactly, whoever brought the entry.
		assert_eq!(charged(id), 180);
	});
}

#[test]
fn reports_and_batches_made_for_another_chain_are_refused() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let genesis = Oracle::genesis_hash();
		let elsewhere = sp_core::H256([1; 32]);
		assert_ne!(genesis, elsewhere);
		let report = sc4it_report::Report {
			version: sc4it_report::VERSION,
			genesis: elsewhere,
			node: 0,
			at_block: 5,
			healthy: true,
			contracts: Default::default(),
		}
		.sign(&node_pair(0));
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(
			authorize(&call).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::WRONG_CHAIN))
		);
		// A good report in a batch the authority signed for another chain.
		let good = signed_report(0, 5, true, vec![]);
		let batch: Batch<Test> = vec![observe(&good, &[])].try_into().expect("within MaxBatch");
		let pair = OraclePair::from_string("//Oracle1", None).expect("dev seed");
		let at = System::block_number();
		let signature =
			pair.sign(&(types::AUTHORITY_CONTEXT, elsewhere, b"submit", at, &batch).encode());
		let call = crate::Call::submit { batch, at, authority: pair.public(), signature };
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadProof));
		assert_eq!(confirmed(0), Some(0));
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
		let crate::Call::submit { batch, at, signature, .. } =
			submit_call("//Oracle2", vec![observe(&report, &[])])
		else {
			unreachable!()
		};
		let call = crate::Call::submit { batch, at, authority: authority("//Oracle1"), signature };
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadProof));
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(0));
	});
}

#[test]
fn two_authorities_submitting_one_report_share_no_slot_and_a_second_copy_is_skipped() {
	new_test_ext().execute_with(|| {
		run_to(10);
		let report = signed_report(0, 10, true, vec![]);
		let first = submit_call("//Oracle1", vec![observe(&report, &[])]);
		let second = submit_call("//Oracle2", vec![observe(&report, &[])]);
		let (a, _) = authorize(&first).expect("valid");
		let (b, _) = authorize(&second).expect("valid");
		// Each authority's batch has its own slot, and the report none: a batch that carries
		// other reports besides it is not kept out of the pool by the other.
		assert!(a.provides.iter().all(|tag| !b.provides.contains(tag)));
		let other = signed_report(1, 10, true, vec![]);
		let second_with_another =
			submit_call("//Oracle2", vec![observe(&report, &[]), observe(&other, &[])]);
		assert_eq!(apply(first), Ok(()));
		// Alone, the copy is refused; with a fresh report, it is skipped and the other applied.
		assert_eq!(apply(second), invalid(InvalidTransaction::Stale));
		assert_eq!(apply(second_with_another), Ok(()));
		let events = oracle_events();
		assert!(events.iter().any(|e| matches!(e, Event::ObservationSkipped { node: 0, .. })));
		assert!(events.iter().any(|e| matches!(e, Event::ReportApplied { node: 1, .. })));
		// A down vote about blocks a report confirmed is stale.
		let claim = submit_call("//Oracle2", vec![down(0, 10)]);
		assert_eq!(authorize(&claim).map(|_| ()), invalid(InvalidTransaction::Stale));
	});
}

#[test]
fn stale_replayed_future_and_forged_reports_are_refused() {
	new_test_ext().execute_with(|| {
		run_to(12);
		let report = signed_report(0, 10, true, vec![]);
		let landed = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(apply(landed.clone()), Ok(()));
		// The batch again, replayed by anyone: the authority signed the block it observed at.
		assert_eq!(authorize(&landed).map(|_| ()), invalid(InvalidTransaction::Stale));
		run_to(13);
		assert_eq!(authorize(&landed).map(|_| ()), invalid(InvalidTransaction::Stale));
		// The same report in another authority's batch, and an older one.
		let replay = submit_call("//Oracle2", vec![observe(&report, &[])]);
		assert_eq!(authorize(&replay).map(|_| ()), invalid(InvalidTransaction::Stale));
		let older = signed_report(0, 9, true, vec![]);
		let call = submit_call("//Oracle2", vec![observe(&older, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Stale));
		// A report about a block that has not happened yet.
		let future = signed_report(0, 14, true, vec![]);
		let call = submit_call("//Oracle2", vec![observe(&future, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Future));
		// Signed by another node's key.
		let forged = signed_by(&node_pair(1), 0, 11, true, vec![]);
		let call = submit_call("//Oracle2", vec![observe(&forged, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadProof));
		// A claim about a block in the future.
		let call = submit_call("//Oracle2", vec![down(0, 14)]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::Future));
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(10));
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
		run_to(10);
		let report = signed_report(0, 10, true, vec![deployed(on_node_1, 2)]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[0])]);
		// The pool refuses it: the entry changes nothing.
		assert_eq!(
			authorize(&call).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::ENTRY_CHANGES_NOTHING))
		);
		// A block builder that took it anyway applies the health and refuses the entry.
		assert!(matches!(call.authorize(TransactionSource::InBlock), Some(Ok(_))));
		assert_ok!(call.dispatch_bypass_filter(RawOrigin::Authorized.into()));
		assert_eq!(confirmed(0), Some(10));
		assert_eq!(contract(on_node_1).deployed_at, None);
		assert!(oracle_events().contains(&Event::EntryRefused {
			node: 0,
			contract: on_node_1,
			error: Error::<Test>::EntryChangesNothing.into(),
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
		run_to(10);
		let report = signed_report(0, 10, true, vec![]);
		assert_eq!(
			apply(submit_call("//Oracle1", vec![observe(&report, &[]), down(1, 10)])),
			Ok(())
		);
		assert_eq!((confirmed(0), confirmed(1)), (Some(10), Some(0)));
		assert_eq!(DownVotes::<Test>::get(1).map(|tally| tally.votes.len()), Some(1));
	});
}

#[test]
fn a_period_without_contract_work_is_charged_less_than_reserved() {
	use frame_support::dispatch::GetDispatchInfo;
	new_test_ext().execute_with(|| {
		run_to(10);
		let report = signed_report(0, 10, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		let declared = call.get_dispatch_info().call_weight;
		let post = call.dispatch_bypass_filter(RawOrigin::Authorized.into()).expect("applies");
		let actual = post.actual_weight.expect("submit says what it used");
		// The reservation for the contracts pallet is one report's worth of due points (its two
		// calls share the bound), each the dearest kind (a last charge, or a billing start that
		// runs out at once), and the removal of down votes; this period had no due point and
		// no vote, so none of it was used, and the calls' fixed cost is in the oracle's
		// benchmark already (not charged again).
		use pallet_sc4it_contracts::WeightInfo as W;
		let slope = |f: fn(u32) -> frame_support::weights::Weight| f(1).saturating_sub(f(0));
		let last_charge = slope(<() as W>::record_health);
		let start_run_out = slope(<() as W>::record_health_starts)
			.saturating_add(slope(<() as W>::record_health_run_outs));
		let most = last_charge.max(start_run_out).saturating_mul(MaxWorkPerReport::get().into());
		let vote_removal =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
				frame_support::weights::RuntimeDbWeight,
			>>::get()
			.writes(1);
		assert_eq!(declared.saturating_sub(actual), most.saturating_add(vote_removal));
		assert_eq!(actual, <() as crate::WeightInfo>::submit_reports(1));
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
fn the_authorities_follow_the_sessions_validators() {
	use frame_support::traits::OneSessionHandler;
	new_test_ext().execute_with(|| {
		let (a, b) = (authority("//A"), authority("//B"));
		let (va, vb) = (1u64, 2u64);
		System::reset_events();
		<Oracle as OneSessionHandler<u64>>::on_new_session(
			true,
			vec![(&va, a.clone()), (&vb, b.clone())].into_iter(),
			vec![(&va, a.clone())].into_iter(),
		);
		assert_eq!(Authorities::<Test>::get().into_inner(), vec![a.clone(), b.clone()]);
		assert!(System::events()
			.iter()
			.any(|r| r.event == RuntimeEvent::Oracle(Event::AuthoritiesChanged { count: 2 })));
		// The same set again changes nothing and says nothing.
		System::reset_events();
		<Oracle as OneSessionHandler<u64>>::on_new_session(
			false,
			vec![(&va, a.clone()), (&vb, b.clone())].into_iter(),
			vec![(&va, a.clone())].into_iter(),
		);
		assert!(System::events().is_empty());
		// More validators than authorities allowed (4 in the mock): the first four.
		let six: Vec<_> = ["//1", "//2", "//3", "//4", "//5", "//6"].map(authority).to_vec();
		let accounts: Vec<u64> = (10..16).collect();
		<Oracle as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(six.iter().cloned()),
			accounts.iter().zip(six.iter().cloned()),
		);
		assert_eq!(Authorities::<Test>::get().into_inner(), six[..4].to_vec());
		<Oracle as OneSessionHandler<u64>>::on_new_session(
			true,
			vec![(&va, a.clone()), (&vb, b.clone())].into_iter(),
			vec![(&va, a.clone())].into_iter(),
		);
		// The old authorities are out.
		run_to(5);
		let report = signed_report(0, 5, true, vec![]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[])]);
		assert_eq!(authorize(&call).map(|_| ()), invalid(InvalidTransaction::BadSigner));
	});
}

#[test]
fn governance_sets_the_billing_period_and_the_quorum_within_bounds() {
	new_test_ext().execute_with(|| {
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

		// The down quorum: more than its share of the set.
		assert_noop!(
			Oracle::set_down_quorum(RuntimeOrigin::signed(ALICE), Perbill::zero()),
			DispatchError::BadOrigin
		);
		assert_ok!(Oracle::set_down_quorum(RuntimeOrigin::root(), Perbill::zero()));
		assert_eq!(Oracle::down_votes_needed(), 1);
		assert_ok!(Oracle::set_down_quorum(RuntimeOrigin::root(), Perbill::one()));
		assert_eq!(Oracle::down_votes_needed(), 2);

		// The committee's size: from one authority to `MaxAuthorities`.
		assert_eq!(CommitteeSize::<Test>::get(), 2);
		assert_noop!(
			Oracle::set_committee_size(RuntimeOrigin::signed(ALICE), 1),
			DispatchError::BadOrigin
		);
		for size in
			[0, <<Test as Config>::MaxAuthorities as frame_support::traits::Get<u32>>::get() + 1]
		{
			assert_noop!(
				Oracle::set_committee_size(RuntimeOrigin::root(), size),
				Error::<Test>::CommitteeSizeOutOfRange
			);
		}
		assert_ok!(Oracle::set_committee_size(RuntimeOrigin::root(), 1));
		assert_eq!(CommitteeSize::<Test>::get(), 1);
		System::assert_last_event(Event::CommitteeSizeChanged { size: 1 }.into());

		// The bounds on the oracle's work.
		let (share, reached) = (Perbill::from_percent(10), Perbill::from_percent(80));
		let outage = Perbill::from_percent(30);
		assert_noop!(
			Oracle::set_oracle_limits(RuntimeOrigin::signed(ALICE), share, reached, outage),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Oracle::set_oracle_limits(RuntimeOrigin::root(), Perbill::zero(), reached, outage),
			Error::<Test>::ShareTooSmall
		);
		assert_ok!(Oracle::set_oracle_limits(RuntimeOrigin::root(), share, reached, outage));
		assert_eq!(
			(
				OracleBlockShare::<Test>::get(),
				MinReachedShare::<Test>::get(),
				OutageShare::<Test>::get()
			),
			(share, reached, outage)
		);
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
		run_to(10);
		let report = signed_report(0, 10, true, vec![deployed(id, 1)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0])])), Ok(()));
		assert_eq!(
			authorize(&decommission_call("//Oracle1", 10)).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::NOTHING_TO_DO))
		);
		run_to(20);
		let report = signed_report(0, 20, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[])])), Ok(()));
		assert!(matches!(
			contract(id).state,
			pallet_sc4it_contracts::ContractState::GracePeriod { .. }
		));
		// The grace ends at 40; blocks come without the per-block service reaching it.
		System::set_block_number(50);
		assert_eq!(
			authorize(&decommission_call("//Mallory", 50)).map(|_| ()),
			invalid(InvalidTransaction::BadSigner)
		);
		assert_eq!(
			authorize(&decommission_call("//Oracle1", 51)).map(|_| ()),
			invalid(InvalidTransaction::Future)
		);
		assert_eq!(apply(decommission_call("//Oracle1", 50)), Ok(()));
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

#[test]
fn one_overtaken_observation_does_not_void_the_rest_of_a_batch() {
	new_test_ext().execute_with(|| {
		run_to(11);
		let node0 = signed_report(0, 10, true, vec![]);
		let node1 = signed_report(1, 10, true, vec![]);
		// Another authority lands node 0's report first.
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&node0, &[])])), Ok(()));
		// The batch that also carries it is still valid, and its other node lands.
		let batch = submit_call("//Oracle1", vec![observe(&node0, &[]), observe(&node1, &[])]);
		assert_eq!(apply(batch), Ok(()));
		assert_eq!((confirmed(0), confirmed(1)), (Some(10), Some(10)));
		assert!(oracle_events()
			.contains(&Event::ObservationSkipped { node: 0, error: Error::<Test>::Stale.into() }));
		// Nothing but overtaken observations: refused.
		run_to(12);
		let stale = submit_call("//Oracle2", vec![observe(&node0, &[]), observe(&node1, &[])]);
		assert_eq!(authorize(&stale).map(|_| ()), invalid(InvalidTransaction::Stale));
		// A forged report voids the whole batch that carries it.
		let forged = signed_by(&node_pair(1), 0, 12, true, vec![]);
		let fresh = signed_report(1, 12, true, vec![]);
		let batch = submit_call("//Oracle2", vec![observe(&forged, &[]), observe(&fresh, &[])]);
		assert_eq!(authorize(&batch).map(|_| ()), invalid(InvalidTransaction::BadProof));
	});
}

#[test]
fn entries_only_copies_apply_entry_by_entry() {
	new_test_ext().execute_with(|| {
		let a = create(0, 10_000);
		let b = create(0, 10_000);
		run_to(10);
		let report = signed_report(0, 10, true, vec![deployed(a, 2), deployed(b, 3)]);
		// A dishonest authority lands the report with a's entry alone.
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&report, &[0])])), Ok(()));
		assert_eq!((contract(a).deployed_at, contract(b).deployed_at), (Some(2), None));
		// The honest copy carrying both is still valid and brings b; a's entry is skipped.
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&report, &[0, 1])])), Ok(()));
		assert_eq!(contract(b).deployed_at, Some(3));
		assert!(oracle_events().contains(&Event::EntryRefused {
			node: 0,
			contract: a,
			error: Error::<Test>::EntryChangesNothing.into(),
		}));
		// A report that is not due and carries nothing new is refused.
		run_to(12);
		let early = signed_report(0, 12, true, vec![deployed(a, 2)]);
		assert_eq!(
			authorize(&submit_call("//Oracle1", vec![observe(&early, &[0])])).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::REPORT_NOT_DUE))
		);
		assert_eq!(confirmed(0), Some(10));
	});
}

#[test]
fn an_entry_dated_after_its_report_is_refused() {
	new_test_ext().execute_with(|| {
		let id = create(0, 10_000);
		run_to(10);
		// The node signed it, but a deployment after the report's block is no fact of it.
		let report = signed_report(0, 10, true, vec![deployed(id, 11)]);
		assert_eq!(
			authorize(&submit_call("//Oracle1", vec![observe(&report, &[0])])).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::ENTRY_CHANGES_NOTHING))
		);
	});
}

fn in_block(call: &crate::Call<Test>) -> Result<(), TransactionValidityError> {
	call.authorize(TransactionSource::InBlock).expect("an authorized call").map(|_| ())
}

#[test]
fn one_batch_per_authority_lands_in_a_block() {
	new_test_ext().execute_with(|| {
		run_to(11);
		let node0 = signed_report(0, 10, true, vec![]);
		let node1 = signed_report(1, 11, true, vec![]);
		// Observed at 10 and at 11: both may wait in the pool.
		let first = submit_call_at("//Oracle1", 10, vec![observe(&node0, &[])]);
		let second = submit_call_at("//Oracle1", 11, vec![observe(&node1, &[])]);
		assert!(authorize(&first).is_ok() && authorize(&second).is_ok());
		assert_eq!(in_block(&first), Ok(()));
		assert_ok!(first.dispatch_bypass_filter(RawOrigin::Authorized.into()));
		// In the same block the second waits; the pool keeps it; the next block takes it.
		assert_eq!(in_block(&second), invalid(InvalidTransaction::ExhaustsResources));
		assert!(authorize(&second).is_ok());
		run_to(12);
		assert_eq!(in_block(&second), Ok(()));
		// Another authority is not held back by the first.
		run_to(20);
		let node0 = signed_report(0, 20, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&node0, &[])])), Ok(()));
		let vote = submit_call("//Oracle2", vec![down(1, 20)]);
		assert_eq!(in_block(&vote), Ok(()));
	});
}

#[test]
fn the_oracle_stays_within_its_share_of_a_block() {
	new_test_ext().execute_with(|| {
		run_to(10);
		let node0 = signed_report(0, 10, true, vec![]);
		let node1 = signed_report(1, 10, true, vec![]);
		let first = submit_call("//Oracle1", vec![observe(&node0, &[])]);
		let second = submit_call("//Oracle2", vec![observe(&node1, &[])]);
		// A share that holds one of them, not two.
		let crate::Call::submit { batch, .. } = &first else { unreachable!() };
		let one = Oracle::declared_weight(batch);
		let normal = Oracle::oracle_block_budget().ref_time() * 4;
		// (What a batch uses is far less than it declares: a one-per-cent margin.)
		let share = Perbill::from_rational(one.ref_time() * 101 / 100, normal);
		assert_ok!(Oracle::set_oracle_limits(
			RuntimeOrigin::root(),
			share,
			Perbill::zero(),
			Perbill::one()
		));
		assert_eq!(in_block(&first), Ok(()));
		assert_ok!(first.dispatch_bypass_filter(RawOrigin::Authorized.into()));
		assert!(Oracle::oracle_weight_in(10).all_lte(Oracle::oracle_block_budget()));
		// The second waits for the next block, and stays valid in the pool meanwhile.
		assert_eq!(in_block(&second), invalid(InvalidTransaction::ExhaustsResources));
		assert!(authorize(&second).is_ok());
		run_to(11);
		assert_eq!(in_block(&second), Ok(()));
	});
}

#[test]
fn a_refused_entry_is_charged_its_check_only() {
	use frame_support::dispatch::GetDispatchInfo;
	use sc4it_primitives::UsageOracle;
	new_test_ext().execute_with(|| {
		let on_node_1 = create(1, 10_000);
		run_to(10);
		let junk = signed_report(0, 10, true, vec![deployed(on_node_1, 2)]);
		let with_entry = submit_call("//Oracle1", vec![observe(&junk, &[0])]);
		let declared = with_entry.get_dispatch_info().call_weight;
		let post =
			with_entry.dispatch_bypass_filter(RawOrigin::Authorized.into()).expect("applies");
		let actual = post.actual_weight.expect("submit says what it used");
		let record_event = <Contracts as UsageOracle<u32>>::record_event_weight();
		assert!(actual.saturating_add(record_event).all_lte(declared));
	});
}

#[test]
fn a_grid_found_down_all_at_once_is_recorded_unknown_not_down() {
	new_test_ext().execute_with(|| {
		// One vote is a verdict; half of the grid of two may be found down in a period.
		assert_ok!(Oracle::set_down_quorum(RuntimeOrigin::root(), Perbill::zero()));
		assert_eq!(OutageShare::<Test>::get(), Perbill::from_percent(50));
		run_to(10);
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 10)])), Ok(()));
		assert_eq!(down_blocks(0), 10);
		// Node 1 too, in the same period: beyond half of the grid. Unknown, not down.
		assert_eq!(apply(submit_call("//Oracle2", vec![down(1, 10)])), Ok(()));
		assert_eq!((confirmed(1), down_blocks(1)), (Some(10), 0));
		assert!(oracle_events().contains(&Event::NodeDownWithheld {
			node: 1,
			until: 10,
			applied_until: 10,
			down_in_period: 2,
			nodes: 2,
		}));
		// The next period, even one node found down is held: the outage may still last.
		run_to(20);
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 20)])), Ok(()));
		assert_eq!((confirmed(0), down_blocks(0)), (Some(20), 10));
		// Two periods without a verdict beyond the bound: verdicts count again.
		run_to(50);
		assert_eq!(apply(submit_call("//Oracle1", vec![down(0, 50)])), Ok(()));
		assert_eq!((confirmed(0), down_blocks(0)), (Some(50), 20));
	});
}

/// A report whose health the contracts pallet's work bound cut short still decides the blocks it
/// covered: the node's next report records them first, even when it comes more than a report
/// span later. Before, they were left to the later report's span, so of unknown health: unpaid.
#[test]
fn a_report_cut_short_by_the_work_bound_leaves_no_block_unknown() {
	new_test_ext().execute_with(|| {
		// Eight billing starts in [12, 16) and room for six per report, shared by its two calls.
		crate::mock::MaxWorkPerReport::set(6);
		let ids: Vec<u64> = (0..8).map(|_| create(0, 2_000)).collect();
		let since = |i: usize| 12 + (i as u32 % 4);
		run_to(10);
		let first = signed_report(0, 10, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[])])), Ok(()));
		run_to(20);
		let entries: Vec<_> =
			ids.iter().enumerate().map(|(i, id)| deployed(*id, since(i))).collect();
		let second = signed_report(0, 20, true, entries);
		let all: Vec<u32> = (0..8).collect();
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&second, &all)])), Ok(()));
		let cut = confirmed(0).unwrap();
		assert!(cut < 20, "the report was cut short, at {cut}");
		assert_eq!(PendingStretches::<Test>::get(0).len(), 1);
		assert_eq!(NodesWithPendingStretches::<Test>::get(), 1);
		// The honest oracles' next reports come late: at 60, then at 70.
		run_to(60);
		let late = signed_report(0, 60, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&late, &[])])), Ok(()));
		run_to(70);
		let later = signed_report(0, 70, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&later, &[])])), Ok(()));
		assert_eq!(confirmed(0), Some(70));
		assert!(PendingStretches::<Test>::get(0).is_empty());
		assert_eq!(NodesWithPendingStretches::<Test>::get(), 0);
		assert_ok!(Oracle::do_try_state());
		// Each contract: its blocks from its start to 20 (the second report's, recorded when the
		// report at 60 came), [40, 60) (the report at 60 speaks for a span of 20) and [60, 70).
		// [20, 40) is of unknown health: no report spoke for it.
		for (i, id) in ids.iter().enumerate() {
			let healthy = (20 - since(i)) + (70 - 40);
			assert_eq!(charged(*id), 10 * u128::from(healthy), "contract {id}");
		}
	});
}

/// A removed node keeps its billing timeline while its contracts drain: no down vote against it
/// is taken, so nothing is left behind for it.
#[test]
fn no_vote_is_taken_against_a_removed_node() {
	new_test_ext().execute_with(|| {
		create(0, 2_000);
		run_to(20);
		assert_ok!(Registry::remove_node(RuntimeOrigin::signed(FARMER), 0));
		assert_eq!(
			apply(submit_call("//Oracle1", vec![down(0, 20)])),
			invalid(InvalidTransaction::Custom(crate::authorize::invalid::UNKNOWN_NODE))
		);
		assert!(DownVotes::<Test>::get(0).is_none());
	});
}

/// An old report (the agent serves any recent block's) cannot take the place of a newer stretch
/// that waits: it ends no later, so it adds nothing and is not kept.
#[test]
fn a_waiting_stretch_is_not_displaced_by_an_older_report() {
	new_test_ext().execute_with(|| {
		crate::mock::MaxWorkPerReport::set(3);
		let ids: Vec<u64> = (0..8).map(|_| create(0, 2_000)).collect();
		run_to(10);
		let first = signed_report(0, 10, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&first, &[])])), Ok(()));
		run_to(30);
		let entries: Vec<_> = ids.iter().map(|id| deployed(*id, 12)).collect();
		let cut = signed_report(0, 30, true, entries);
		let all: Vec<u32> = (0..8).collect();
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&cut, &all)])), Ok(()));
		let waiting = PendingStretches::<Test>::get(0);
		assert_eq!(waiting.last().map(|s| s.until), Some(30));
		// A report of block 25 is due too (the node is confirmed only to 12): it ends before
		// what waits, so nothing of it is kept.
		let older = signed_report(0, 25, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&older, &[])])), Ok(()));
		assert!(PendingStretches::<Test>::get(0).iter().all(|s| s.until == 30));
		run_to(40);
		let next = signed_report(0, 40, true, vec![]);
		assert_eq!(apply(submit_call("//Oracle2", vec![observe(&next, &[])])), Ok(()));
		assert_eq!(confirmed(0), Some(40));
		// Every contract: blocks 12..40, healthy: what the report of 30 decided, then that of 40.
		for id in ids {
			assert_eq!(charged(id), 10 * 28, "contract {id}");
		}
	});
}

/// The pool asks of an entry what its dispatch would: a deployment on a node being drained is
/// refused there (`NodeDraining`), so the pool refuses it too, and no authority can land it
/// again and again for free. A failure of the same contract still ends it.
#[test]
fn a_deployment_on_a_node_being_drained_is_refused_by_the_pool() {
	new_test_ext().execute_with(|| {
		let waiting = create(0, 10_000);
		run_to(10);
		// Node 0 drained for its downtime (as its recorded downtime would start it).
		pallet_sc4it_contracts::Timelines::<Test>::mutate(0, |tl| {
			if let Some(tl) = tl.as_mut() {
				tl.draining = Some(pallet_sc4it_contracts::DrainReason::NodeDown);
			}
		});
		let report = signed_report(0, 10, true, vec![deployed(waiting, 4)]);
		let call = submit_call("//Oracle1", vec![observe(&report, &[0])]);
		assert_eq!(
			authorize(&call).map(|_| ()),
			invalid(InvalidTransaction::Custom(authorize::invalid::ENTRY_CHANGES_NOTHING))
		);
		assert_eq!(contract(waiting).deployed_at, None);
		let failed = signed_report(0, 10, true, vec![removed(waiting, 6)]);
		assert_eq!(apply(submit_call("//Oracle1", vec![observe(&failed, &[0])])), Ok(()));
		assert!(pallet_sc4it_contracts::Contracts::<Test>::get(waiting).is_none_or(|c| matches!(
			c.state,
			pallet_sc4it_contracts::ContractState::Deleted { .. }
		)));
	});
}
