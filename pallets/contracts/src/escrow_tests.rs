//! The escrow's streams under what can go wrong: ends reported late, settlements that fail.

use crate::{mock::*, *};
use frame_support::assert_ok;
use sc4it_primitives::{FailureReason, UsageOracle};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// 2 GiB of SSD: 10 a block, and 20 blocks of grace reserve beside `runway`.
fn create(who: AccountId, runway: Balance) -> u64 {
	let id = NextContractId::<Test>::get();
	let reserve = 10 * Balance::from(policy().grace_period_blocks);
	assert_ok!(Pallet::<Test>::create_contract(signed(who), 0, ssd(2), runway + reserve));
	id
}

fn earnings(node: u32) -> Balance {
	Timelines::<Test>::get(node).map(|tl| tl.earned + tl.fees).unwrap_or_default()
}

/// A failure reported late, at a block before the node's last known stretch: the contract is
/// charged the least its node's record allows, and what the node accrued for it past that
/// comes back to it, never more: another contract's earnings on the node are untouched.
#[test]
fn a_late_end_takes_back_only_what_its_node_accrued_for_it() {
	new_test_ext().execute_with(|| {
		// No payout round in between: the earnings stay on the node.
		NextPayoutAt::<Test>::put(10_000);
		let bob = create(BOB, 10_000);
		let alice = create(ALICE, 10_000);
		assert_ok!(<Pallet<Test> as UsageOracle<_>>::record_deployed(bob, 1, report(1)));
		run_to(100);
		assert_ok!(confirm(0, 100, true));
		// Alice's volume was deployed at 60, already confirmed healthy: it streams from there.
		assert_ok!(<Pallet<Test> as UsageOracle<_>>::record_deployed(alice, 60, report(100)));
		assert!(Contracts::<Test>::get(alice).unwrap().streaming);
		// Down for 20 blocks (short of the downtime limit), then healthy for 50.
		run_to(120);
		assert_ok!(confirm(0, 120, false));
		run_to(170);
		assert_ok!(confirm(0, 170, true));
		// Bob: blocks 1..100 and 120..170, 149 blocks; Alice: 60..100 and 120..170, 90.
		assert_eq!(earnings(0), 10 * (149 + 90));
		let alice_before = free(ALICE);
		// Her agent's failure at 70 lands now: the last known stretch starts at 120, so the
		// lowest count at 70 is below her billing start. She pays nothing; her node gives back
		// her 90 blocks and keeps Bob's 149.
		assert_ok!(<Pallet<Test> as UsageOracle<_>>::record_failed(
			alice,
			FailureReason::VolumeLost,
			70,
			report(170),
		));
		assert!(Contracts::<Test>::get(alice).is_none());
		assert_eq!(free(ALICE) - alice_before, 10_000 + 200, "every planck back");
		assert_eq!(earnings(0), 10 * 149);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

/// A contract whose running out fails (a broken invariant: here its record's `charged` cannot
/// grow) leaves its node's stream all the same: the node earns nothing more for it, and the
/// escrow stays whole.
#[test]
fn a_failed_run_out_leaves_the_stream() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 100);
		assert_ok!(<Pallet<Test> as UsageOracle<_>>::record_deployed(id, 1, report(1)));
		run_to(5);
		assert_ok!(confirm(0, 5, true));
		Contracts::<Test>::mutate(id, |c| c.as_mut().unwrap().charged = Balance::MAX);
		// Funds for 10 blocks from block 1: they run out at 11.
		run_to(30);
		assert_ok!(confirm(0, 30, true));
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::ServiceFailed { contract, .. } if *contract == id)));
		let c = Contracts::<Test>::get(id).unwrap();
		assert!(!c.streaming);
		assert_eq!(Timelines::<Test>::get(0).unwrap().rate_sum, 0);
		let earned = earnings(0);
		run_to(40);
		assert_ok!(confirm(0, 40, true));
		assert_eq!(earnings(0), earned, "nothing more accrued for it");
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}
