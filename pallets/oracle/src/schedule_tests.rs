//! Which nodes a run looks at (`schedule.rs`): the turns of a node's committee after its phase,
//! with the offchain worker's test doubles (`ocw_tests.rs`).

use crate::{
	mock::*,
	ocw_tests::{
		apply, asked_at, confirm_both_at, create, harness, harness_with_turns,
		lands_with_its_first_entry, nodes_in, observations, run_ocw_at, Fault, Harness,
	},
	schedule::Committees,
	*,
};

#[test]
fn a_run_reads_only_the_nodes_whose_phase_came() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		// A first run looks at every node; then nothing until node 0's turn after its phase 20.
		first_run_then_up_to_20(&h);
		// Then each node a block after its phase (`node mod PERIOD`), as of its phase: node 0
		// at 21 as of 20, node 1 at 22 as of 21 (the HTTP double fails the test on any request
		// it was not told of).
		assert_eq!(h.submitted().len(), 1);
		h.serve_report(URL0, 20, &signed_report(0, 20, true, vec![]));
		run_ocw_at(21);
		assert_eq!(nodes_in(&h, 1), vec![0]);
		h.serve_report(URL1, 21, &signed_report(1, 21, true, vec![]));
		run_ocw_at(22);
		assert_eq!(nodes_in(&h, 2), vec![1]);
		h.serve_report(URL0, 30, &signed_report(0, 30, true, vec![]));
		for at in 23..=31 {
			run_ocw_at(at);
		}
		assert_eq!(nodes_in(&h, 3), vec![0]);
		// A run skipped (no block 32 for this worker): the next run looks at the turns of every
		// block since its last one, node 1's among them, and asks its report at its phase, 31.
		h.serve_report(URL1, 31, &signed_report(1, 31, true, vec![]));
		run_ocw_at(33);
		assert_eq!(nodes_in(&h, 4), vec![1]);
	});
}

#[test]
fn a_committee_takes_turns_and_the_other_authorities_share_the_last() {
	new_test_ext().execute_with(|| {
		let set: Vec<_> =
			["//Oracle1", "//Oracle2", "//Oracle3", "//Oracle4"].map(authority).to_vec();
		Authorities::<Test>::put(frame_support::BoundedVec::truncate_from(set.clone()));
		let size =
			<<Test as crate::Config>::OracleCommittee as frame_support::traits::Get<u32>>::get();
		// The turns of `set` for `node` in the period of block `at`, sorted.
		let turns = |committees: &Committees, node: u32, at: u32| {
			let mut turns: Vec<u32> = set.iter().map(|a| committees.turn(node, at, a)).collect();
			turns.sort();
			turns
		};
		let committees = Committees::now::<Test>(PERIOD);
		assert_eq!(committees.spacing(), crate::schedule::TURN_BLOCKS);
		let mut first_turns = vec![0; set.len()];
		for node in 0..2 {
			for period in 0..20u32 {
				let at = period * PERIOD + node;
				// One authority a turn for the committee's turns, the rest together last.
				let mut expected: Vec<u32> = (0..size).collect();
				expected.resize(set.len(), size);
				assert_eq!(turns(&committees, node, at), expected, "node {node}, period {period}");
				let first = set.iter().position(|a| committees.turn(node, at, a) == 0).unwrap();
				first_turns[first] += 1;
			}
		}
		// A different committee each period: each authority comes first sometimes, none always.
		assert!(first_turns.iter().all(|n| *n > 0 && *n < 40), "{first_turns:?}");
		// Governance sets the size: one member a node and period, the others after it.
		frame_support::assert_ok!(Oracle::set_committee_size(RuntimeOrigin::root(), 1));
		let committees = Committees::now::<Test>(PERIOD);
		for node in 0..8 {
			assert_eq!(turns(&committees, node, PERIOD + node), vec![0, 1, 1, 1], "node {node}");
		}
		// Every authority in the committee: each its own turn.
		frame_support::assert_ok!(Oracle::set_committee_size(
			RuntimeOrigin::root(),
			set.len() as u32
		));
		let committees = Committees::now::<Test>(PERIOD);
		assert_eq!(turns(&committees, 5, PERIOD + 5), vec![0, 1, 2, 3]);
		// A period too short for the turns brings them closer: three turns after the first in
		// a period of 5, a block apart; in a period of 4, all at the first.
		let committees = Committees::now::<Test>(5);
		assert_eq!((committees.spacing(), turns(&committees, 0, 5)), (1, vec![0, 1, 2, 3]));
		let committees = Committees::now::<Test>(4);
		assert_eq!((committees.spacing(), turns(&committees, 0, 4)), (0, vec![0, 0, 0, 0]));
	});
}

#[test]
fn a_member_fetches_a_node_at_its_turn_and_the_others_only_when_it_is_still_due() {
	let (mut ext, h) = harness_with_turns(&["//Oracle3"]);
	ext.execute_with(|| {
		let set: Vec<_> = ["//Oracle1", "//Oracle2", "//Oracle3"].map(authority).to_vec();
		Authorities::<Test>::put(frame_support::BoundedVec::truncate_from(set));
		let me = authority("//Oracle3");
		let committees = Committees::now::<Test>(PERIOD);
		// Three authorities, a committee of two: this worker is a member with the second turn
		// in some periods, and outside the committee, with the last turn, in others.
		let escalation = committees.last_turn();
		assert!(!committees.is_members(escalation) && committees.is_members(1));
		// The block of this worker's turn for `node` in the period of its phase `phase`.
		let turn_at = |node: u32, phase: u32| {
			phase + committees.turn_offset(committees.turn(node, phase, &me))
		};
		// Three periods of node 0 in a row: two in which this worker's turn is the last, then
		// one in which it is the committee's second (in any period between, this worker would
		// fetch node 0 as a member).
		let turn_in = |period: u32| committees.turn(0, period * PERIOD, &me);
		let reported = (2..1_000)
			.find(|p| [turn_in(*p), turn_in(p + 1), turn_in(p + 2)] == [escalation, escalation, 1])
			.expect("three such periods in a row");
		let (unreported, second) = (reported + 1, reported + 2);
		// A first run a period before the first: every node fetched, and confirmed (node 1 up
		// to its phase before, so due again at its next).
		let start = reported * PERIOD - PERIOD;
		confirm_both_at(&h, start);
		h.pool.write().transactions.clear();
		// Runs the worker up to `to`; node 1, which nobody else reports, is served at each of
		// this worker's turns for it.
		let run_until = |from: u32, to: u32| {
			for at in from..=to {
				let phase = at - (at + PERIOD - 1) % PERIOD;
				if phase > start && at == turn_at(1, phase) {
					let asked = asked_at(1, at);
					h.serve_report(URL1, asked, &signed_report(1, asked, true, vec![]));
				}
				run_ocw_at(at);
			}
		};
		let node_0_fetched = |h: &Harness| {
			h.submitted().iter().any(|call| observations(call).iter().any(|o| o.node() == 0))
		};
		// Its committee reports node 0 at its phase; this worker's turn comes after, and does
		// not fetch it.
		let phase = reported * PERIOD;
		run_until(start + 1, phase);
		let report = signed_report(0, phase, true, vec![]);
		apply(submit_call("//Oracle1", vec![observe(&report, &[])]));
		run_until(phase + 1, turn_at(0, phase));
		assert!(!node_0_fetched(&h), "node 0 fetched, though reported before this turn");
		// In the next such period no report of it lands: at this worker's turn it is still
		// due, and fetched, its report asked at its phase.
		let phase = unreported * PERIOD;
		run_until(turn_at(0, reported * PERIOD) + 1, turn_at(0, phase) - 1);
		assert!(!node_0_fetched(&h), "node 0 fetched before this worker's turn");
		h.serve_report(URL0, phase, &signed_report(0, phase, true, vec![]));
		run_until(turn_at(0, phase), turn_at(0, phase));
		assert!(node_0_fetched(&h), "node 0 not fetched at this worker's turn");
		apply(h.submitted().last().unwrap().clone());
		h.pool.write().transactions.clear();
		// As a member, with the second turn: the first lands the node's report stripped of its
		// deployment; this worker fetches it all the same, and submits the deployment.
		let phase = second * PERIOD;
		run_until(turn_at(0, unreported * PERIOD) + 1, phase - 3);
		let id = create(0);
		let stripped = signed_report(0, phase, true, vec![deployed(id, phase - 2)]);
		run_until(phase - 2, phase + 1);
		apply(submit_call("//Oracle1", vec![observe(&stripped, &[])]));
		let turn = turn_at(0, phase);
		run_until(phase + 2, turn - 1);
		assert!(!node_0_fetched(&h), "node 0 fetched before this worker's turn");
		let whole = signed_report(0, turn, true, vec![deployed(id, phase - 2)]);
		h.serve_report(URL0, turn, &whole);
		run_until(turn, turn);
		lands_with_its_first_entry(&h, &whole, id, phase - 2);
	});
}

#[test]
fn a_down_vote_names_the_phase_block_whose_report_the_node_did_not_give() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		first_run_then_up_to_20(&h);
		// Node 0 gives no report of its phase block 20, asked at its turn, 21: the vote says it
		// was down up to 20, so that a verdict keeps it on its phase.
		h.serve(URL0, 20, Vec::new());
		h.fault(URL0, 20, Fault::NoAnswer);
		let before = h.submitted().len();
		run_ocw_at(21);
		let vote = observations(&h.submitted()[before]);
		assert!(matches!(vote[..], [Observation::Down { node: 0, until: 20, .. }]), "{vote:?}");
	});
}

/// A first run at 10 confirms both nodes; the runs of 11 to 20 follow. (That run served node 1's
/// phase 1: its next, 11, is fetched at 12 for what may have changed since 10, with nothing to
/// submit.)
fn first_run_then_up_to_20(h: &Harness) {
	confirm_both_at(h, 10);
	h.serve_report(URL1, 12, &signed_report(1, 12, true, vec![]));
	for at in 11..=20 {
		run_ocw_at(at);
	}
}
