//! A test for every call of the validator set and every error it can return, and for the
//! session and authorship traits it implements.

use crate::{mock::*, AuthoredBlocks, CurrentSession, Error, Event, LastRotation, SessionBlocks};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{EstimateNextSessionRotation, Hooks},
};
use pallet_authorship::EventHandler;
use pallet_session::{SessionManager, ShouldEndSession};
use sp_runtime::{DispatchError, Permill};

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn should_end(now: u64) -> bool {
	<Validators as ShouldEndSession<u64>>::should_end_session(now)
}

fn start_session(index: u32) {
	<Validators as SessionManager<u64>>::start_session(index)
}

/// What pallet-session does when `should_end_session(now)`: end, start, plan.
fn rotate(now: u64) {
	let current = CurrentSession::<Test>::get();
	<Validators as SessionManager<u64>>::end_session(current);
	System::set_block_number(now);
	start_session(current + 1);
	let _ = <Validators as SessionManager<u64>>::new_session(current + 2);
}

#[test]
fn genesis_builds_the_set_and_session_length() {
	new_test_ext().execute_with(|| {
		assert_eq!(Validators::validators(), vec![ALICE, BOB]);
		assert_eq!(SessionBlocks::<Test>::get(), SESSION_BLOCKS);
		assert_eq!(CurrentSession::<Test>::get(), 0);
		assert_eq!(LastRotation::<Test>::get(), 0);
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
#[should_panic(expected = "validators genesis: 1 is listed twice")]
fn genesis_refuses_duplicates() {
	build(vec![ALICE, BOB, ALICE], SESSION_BLOCKS);
}

#[test]
#[should_panic(expected = "more than MaxValidators (4)")]
fn genesis_refuses_more_than_max() {
	build(vec![1, 2, 3, 4, 5], SESSION_BLOCKS);
}

#[test]
#[should_panic(expected = "validators genesis: 1 validators, fewer than MinValidators (2)")]
fn genesis_refuses_fewer_than_min() {
	build_with_min(2, vec![ALICE], SESSION_BLOCKS);
}

#[test]
fn genesis_and_removal_respect_a_higher_min() {
	build_with_min(2, vec![ALICE, BOB, CHARLIE], SESSION_BLOCKS).execute_with(|| {
		give_keys(ALICE);
		assert_ok!(Validators::remove_validator(root(), ALICE));
		assert_noop!(Validators::remove_validator(root(), BOB), Error::<Test>::TooFewValidators);
		assert_eq!(Validators::validators(), vec![BOB, CHARLIE]);
	});
}

#[test]
fn the_default_genesis_builds_with_no_validator() {
	use sp_runtime::BuildStorage;
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Validators::validators(), Vec::<u64>::new());
		assert_eq!(SessionBlocks::<Test>::get(), 2);
	});
}

#[test]
#[should_panic(expected = "session_blocks 1 is below MinSessionBlocks (2)")]
fn genesis_refuses_short_sessions() {
	build(vec![ALICE], 1);
}

#[test]
fn genesis_accepts_the_bounds() {
	build(vec![ALICE], 2).execute_with(|| assert_eq!(Validators::validators(), vec![ALICE]));
	build(vec![1, 2, 3, 4], 2).execute_with(|| assert_eq!(Validators::validators().len(), 4));
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(<Validators as Hooks<u64>>::integrity_test);
}

#[test]
fn add_validator_works() {
	new_test_ext().execute_with(|| {
		assert_ok!(Validators::add_validator(root(), CHARLIE));
		assert_eq!(Validators::validators(), vec![ALICE, BOB, CHARLIE]);
		assert_eq!(last_event(), Event::ValidatorAdded { who: CHARLIE }.into());
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
fn add_validator_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(Validators::add_validator(root(), BOB), Error::<Test>::AlreadyValidator);
		take_keys(CHARLIE);
		assert_noop!(Validators::add_validator(root(), CHARLIE), Error::<Test>::NoSessionKeys);
		assert_ok!(Validators::add_validator(root(), DAVE));
		assert_ok!(Validators::add_validator(root(), EVE));
		// Four is the most.
		give_keys(6);
		assert_noop!(Validators::add_validator(root(), 6), Error::<Test>::TooManyValidators);
		assert_eq!(Validators::validators(), vec![ALICE, BOB, DAVE, EVE]);
	});
}

#[test]
fn calls_refuse_other_origins() {
	new_test_ext().execute_with(|| {
		let signed = || RuntimeOrigin::signed(ALICE);
		assert_noop!(Validators::add_validator(signed(), CHARLIE), DispatchError::BadOrigin);
		assert_noop!(Validators::remove_validator(signed(), BOB), DispatchError::BadOrigin);
		assert_noop!(Validators::set_session_length(signed(), 10), DispatchError::BadOrigin);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::none(), CHARLIE),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_purges_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(Validators::remove_validator(root(), ALICE));
		assert_eq!(Validators::validators(), vec![BOB]);
		assert_eq!(purged(), vec![ALICE]);
		assert_eq!(last_event(), Event::ValidatorRemoved { who: ALICE, keys_purged: true }.into());
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
fn remove_validator_succeeds_when_the_purge_fails() {
	new_test_ext().execute_with(|| {
		take_keys(ALICE);
		assert_ok!(Validators::remove_validator(root(), ALICE));
		assert_eq!(Validators::validators(), vec![BOB]);
		assert_eq!(purged(), Vec::<u64>::new());
		assert_eq!(last_event(), Event::ValidatorRemoved { who: ALICE, keys_purged: false }.into());
	});
}

#[test]
fn remove_validator_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(Validators::remove_validator(root(), CHARLIE), Error::<Test>::NotValidator);
		assert_ok!(Validators::remove_validator(root(), ALICE));
		// One is the fewest.
		assert_noop!(Validators::remove_validator(root(), BOB), Error::<Test>::TooFewValidators);
		assert_eq!(Validators::validators(), vec![BOB]);
		assert_eq!(purged(), vec![ALICE]);
	});
}

#[test]
fn removed_validator_may_come_back_with_new_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(Validators::remove_validator(root(), ALICE));
		assert_noop!(Validators::add_validator(root(), ALICE), Error::<Test>::NoSessionKeys);
		give_keys(ALICE);
		assert_ok!(Validators::add_validator(root(), ALICE));
		assert_eq!(Validators::validators(), vec![BOB, ALICE]);
	});
}

#[test]
fn remove_validator_weight_includes_the_purge() {
	use crate::WeightInfo;
	let call = crate::Call::<Test>::remove_validator { who: ALICE };
	assert_eq!(
		call.get_dispatch_info().call_weight,
		<() as WeightInfo>::remove_validator().saturating_add(PURGE_WEIGHT)
	);
}

#[test]
fn set_session_length_works() {
	new_test_ext().execute_with(|| {
		assert_noop!(Validators::set_session_length(root(), 1), Error::<Test>::SessionTooShort);
		assert_noop!(Validators::set_session_length(root(), 0), Error::<Test>::SessionTooShort);
		assert_ok!(Validators::set_session_length(root(), 2));
		assert_eq!(SessionBlocks::<Test>::get(), 2);
		assert_eq!(last_event(), Event::SessionLengthChanged { blocks: 2 }.into());
		assert_ok!(Validators::set_session_length(root(), 100));
		assert_eq!(SessionBlocks::<Test>::get(), 100);
	});
}

#[test]
fn sessions_end_every_session_blocks() {
	new_test_ext().execute_with(|| {
		// Session 0 started at block 0 and ends at block 5.
		for now in 1..5 {
			assert!(!should_end(now), "block {now}");
		}
		assert!(should_end(5));
		rotate(5);
		assert_eq!(CurrentSession::<Test>::get(), 1);
		assert_eq!(LastRotation::<Test>::get(), 5);
		assert_eq!(last_event(), Event::NewSession { index: 1 }.into());
		for now in 5..10 {
			assert!(!should_end(now), "block {now}");
		}
		assert!(should_end(10));
		// A late check still ends the session.
		assert!(should_end(12));
	});
}

#[test]
fn a_shorter_session_length_applies_to_the_session_in_progress() {
	new_test_ext().execute_with(|| {
		System::set_block_number(3);
		assert!(!should_end(3));
		assert_ok!(Validators::set_session_length(root(), 2));
		assert!(should_end(3));
		rotate(3);
		assert!(!should_end(4));
		assert!(should_end(5));
	});
}

#[test]
fn a_zero_or_too_short_stored_length_counts_as_min_session_blocks() {
	new_test_ext().execute_with(|| {
		SessionBlocks::<Test>::put(0);
		assert_eq!(Validators::session_length(), 2);
		assert!(!should_end(1));
		assert!(should_end(2));
		SessionBlocks::<Test>::put(1);
		assert!(!should_end(1));
		assert_eq!(<Validators as EstimateNextSessionRotation<u64>>::average_session_length(), 2);
	});
}

#[test]
fn new_session_hands_over_the_set_only_when_it_changed() {
	new_test_ext().execute_with(|| {
		// Genesis's set is handed over once (pallet-session's genesis asks for it); unchanged
		// since, nothing is (so that GRANDPA does not get a new set id every session).
		assert_eq!(<Validators as SessionManager<u64>>::new_session(1), Some(vec![ALICE, BOB]));
		assert_eq!(<Validators as SessionManager<u64>>::new_session(2), None);
		assert_ok!(Validators::add_validator(root(), CHARLIE));
		assert_ok!(Validators::remove_validator(root(), ALICE));
		assert_eq!(<Validators as SessionManager<u64>>::new_session(3), Some(vec![BOB, CHARLIE]));
		assert_eq!(<Validators as SessionManager<u64>>::new_session(4), None);
		// A failed change changes nothing.
		assert_noop!(Validators::add_validator(root(), BOB), Error::<Test>::AlreadyValidator);
		assert_eq!(<Validators as SessionManager<u64>>::new_session(5), None);
	});
}

#[test]
fn authored_blocks_are_counted_per_session() {
	new_test_ext().execute_with(|| {
		for _ in 0..3 {
			<Validators as EventHandler<u64, u64>>::note_author(ALICE);
		}
		<Validators as EventHandler<u64, u64>>::note_author(BOB);
		assert_eq!(Validators::authored_blocks(0, &ALICE), 3);
		assert_eq!(Validators::authored_blocks(0, &BOB), 1);
		rotate(5);
		<Validators as EventHandler<u64, u64>>::note_author(BOB);
		assert_eq!(Validators::authored_blocks(1, &BOB), 1);
		assert_eq!(Validators::authored_blocks(1, &ALICE), 0);
		assert_eq!(Validators::authored_blocks(0, &BOB), 1);
	});
}

#[test]
fn authored_blocks_saturate() {
	new_test_ext().execute_with(|| {
		AuthoredBlocks::<Test>::insert(0, ALICE, u32::MAX);
		<Validators as EventHandler<u64, u64>>::note_author(ALICE);
		assert_eq!(Validators::authored_blocks(0, &ALICE), u32::MAX);
	});
}

#[test]
fn authored_blocks_are_kept_for_kept_sessions() {
	new_test_ext().execute_with(|| {
		let note = |who| <Validators as EventHandler<u64, u64>>::note_author(who);
		note(ALICE);
		note(BOB);
		rotate(5);
		note(ALICE);
		// Session 1 started: sessions 0 and 1 are kept.
		assert_eq!(Validators::authored_blocks(0, &ALICE), 1);
		assert_eq!(Validators::authored_blocks(0, &BOB), 1);
		rotate(10);
		// Session 2 started: session 0 is pruned, 1 and 2 are kept.
		assert_eq!(AuthoredBlocks::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(Validators::authored_blocks(1, &ALICE), 1);
		note(BOB);
		rotate(15);
		assert_eq!(AuthoredBlocks::<Test>::iter_prefix(1).count(), 0);
		assert_eq!(Validators::authored_blocks(2, &BOB), 1);
		assert_eq!(AuthoredBlocks::<Test>::iter().count(), 1);
	});
}

#[test]
fn estimates_follow_the_current_session() {
	new_test_ext().execute_with(|| {
		let progress = |now| {
			<Validators as EstimateNextSessionRotation<u64>>::estimate_current_session_progress(now)
				.0
		};
		let next = |now| {
			<Validators as EstimateNextSessionRotation<u64>>::estimate_next_session_rotation(now).0
		};
		assert_eq!(<Validators as EstimateNextSessionRotation<u64>>::average_session_length(), 5);
		// Session 0 started at block 0: blocks 0 to 4.
		assert_eq!(progress(0), Some(Permill::from_percent(20)));
		assert_eq!(progress(2), Some(Permill::from_percent(60)));
		assert_eq!(progress(4), Some(Permill::from_percent(100)));
		assert_eq!(next(2), Some(5));
		rotate(5);
		assert_eq!(progress(5), Some(Permill::from_percent(20)));
		assert_eq!(progress(7), Some(Permill::from_percent(60)));
		assert_eq!(next(7), Some(10));
		// Past its end (before the rotation), the session is complete.
		assert_eq!(progress(12), Some(Permill::from_percent(100)));
		assert_ok!(Validators::set_session_length(root(), 10));
		assert_eq!(next(7), Some(15));
		assert_eq!(progress(7), Some(Permill::from_percent(30)));
	});
}

#[test]
fn on_initialize_weighs_the_per_block_work() {
	new_test_ext().execute_with(|| {
		// What pallet-session and pallet-authorship ask of it every block and count as free:
		// its benchmark, charged here.
		let bookkeeping = <() as crate::WeightInfo>::block_bookkeeping();
		assert!(bookkeeping.ref_time() > 0);
		assert_eq!(<Validators as Hooks<u64>>::on_initialize(1), bookkeeping);
	});
}

#[test]
fn try_state_finds_broken_invariants() {
	new_test_ext().execute_with(|| {
		crate::Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![
			ALICE, ALICE,
		]));
		assert!(Validators::do_try_state().is_err());
		crate::Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![]));
		assert!(Validators::do_try_state().is_err());
		crate::Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![ALICE]));
		assert_ok!(Validators::do_try_state());
		SessionBlocks::<Test>::put(1);
		assert!(Validators::do_try_state().is_err());
	});
}

#[test]
fn only_accounts_outside_the_set_purge_their_own_keys() {
	new_test_ext().execute_with(|| {
		// A validator could leave the chain without authors: only its removal purges its keys.
		assert_noop!(
			Validators::purge_keys(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::StillValidator
		);
		give_keys(CHARLIE);
		assert_ok!(Validators::purge_keys(RuntimeOrigin::signed(CHARLIE)));
		System::assert_last_event(Event::KeysPurged { who: CHARLIE }.into());
		assert!(!<MockKeys as crate::ValidatorKeys<u64>>::has_keys(&CHARLIE));
	});
}
