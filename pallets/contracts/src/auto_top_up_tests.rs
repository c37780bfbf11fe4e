//! Automatic top-ups: what they move, when, within what, and who may set them. Figures are
//! computed here from the mock's prices and policy (rate 10 for 2 GiB of SSD, low runway 5
//! blocks, grace 20), not read from the pallet.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sc4it_primitives::ContractId;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// A 2 GiB SSD contract of `who` (rate 10) paying for 20 blocks beside its reserve (200),
/// deployed at block 1.
fn deployed(who: AccountId) -> ContractId {
	let id = NextContractId::<Test>::get();
	assert_ok!(Pallet::<Test>::create_contract(signed(who), 0, ssd(2), 200 + 200));
	assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
	id
}

fn terms(
	amount: Balance,
	cap: Balance,
	period: BlockNumber,
) -> AutoTopUpTerms<Balance, BlockNumber> {
	AutoTopUpTerms { amount, cap, period }
}

fn state(id: ContractId) -> ContractState<BlockNumber> {
	Contracts::<Test>::get(id).expect("exists").state
}

fn count(matches: impl Fn(&Event<Test>) -> bool) -> usize {
	events().iter().filter(|e| matches(e)).count()
}

#[test]
fn only_the_owner_sets_it_within_bounds_and_its_deposit_is_held_until_cleared() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		// Bob may top Alice's contract up, but not order the chain to take Alice's funds.
		assert_noop!(
			Pallet::<Test>::set_auto_top_up(signed(BOB), id, Some(terms(100, 100, 10))),
			Error::<Test>::NotOwner
		);
		// At least the low-runway window (5 blocks x 10), a cap at least the amount, a period.
		for (bad, error) in [
			(terms(49, 100, 10), Error::<Test>::AutoTopUpTooSmall),
			(terms(0, 100, 10), Error::<Test>::AutoTopUpTooSmall),
			(terms(50, 49, 10), Error::<Test>::AutoTopUpOutOfBounds),
			(terms(50, 50, 0), Error::<Test>::AutoTopUpOutOfBounds),
		] {
			assert_noop!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(bad)), error);
		}
		let before = free(ALICE);
		assert_ok!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(terms(50, 50, 10))));
		assert_eq!(free(ALICE), before - 7, "the mock's deposit is 7");
		assert_eq!(Balances::balance_on_hold(&HoldReason::AutoTopUpStorage.into(), &ALICE), 7);
		// Changing the terms holds nothing more.
		assert_ok!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(terms(60, 120, 10))));
		assert_eq!(free(ALICE), before - 7);
		assert_noop!(
			Pallet::<Test>::set_auto_top_up(signed(BOB), id, None),
			Error::<Test>::NotOwner
		);
		assert_ok!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, None));
		assert_eq!(free(ALICE), before);
		assert!(!AutoTopUps::<Test>::contains_key(id));
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn a_low_runway_is_topped_up_at_the_next_block_instead_of_warned() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		assert_ok!(Pallet::<Test>::set_auto_top_up(
			signed(ALICE),
			id,
			Some(terms(100, 1_000, 1_000))
		));
		let before = free(ALICE);
		run_to(17);
		// At block 16, 15 blocks billed: 5 left, the low mark.
		assert_ok!(confirm(0, 17, true));
		assert!(AutoTopUpsDue::<Test>::contains_key(id));
		assert_eq!(count(|e| matches!(e, Event::LowRunway { .. })), 0);
		run_to(18);
		assert!(events().contains(&Event::ToppedUp {
			contract: id,
			by: ALICE,
			amount: 100,
			held: Contracts::<Test>::get(id).unwrap().held
		}));
		assert!(events().contains(&Event::AutoToppedUp {
			contract: id,
			amount: 100,
			spent: 100,
			period_ends: 1 + 1_000,
		}));
		assert_eq!(free(ALICE), before - 100);
		// 10 more blocks of runway: paid until 31 now, and no warning was sent.
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().paid_until, Some(31));
		assert_eq!(count(|e| matches!(e, Event::LowRunway { .. })), 0);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn the_cap_stops_top_ups_then_the_warning_and_grace_follow() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		// 100 a time, at most 100 in 1,000 blocks: one top-up.
		assert_ok!(Pallet::<Test>::set_auto_top_up(
			signed(ALICE),
			id,
			Some(terms(100, 100, 1_000))
		));
		run_to(17);
		assert_ok!(confirm(0, 17, true));
		run_to(18);
		assert_eq!(count(|e| matches!(e, Event::AutoToppedUp { .. })), 1);
		// Paid until 31: low at 26.
		run_to(27);
		assert_ok!(confirm(0, 27, true));
		run_to(28);
		assert!(events().contains(&Event::AutoTopUpFailed {
			contract: id,
			reason: AutoTopUpFailure::CapReached
		}));
		assert!(events().contains(&Event::LowRunway {
			contract: id,
			billed_blocks_left: 5,
			paid_until: 31
		}));
		run_to(40);
		assert_ok!(confirm(0, 40, true));
		assert!(matches!(state(id), ContractState::GracePeriod { .. }));
		assert_eq!(count(|e| matches!(e, Event::AutoToppedUp { .. })), 1);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn an_owner_short_of_funds_gets_the_warning_and_grace() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		assert_ok!(Pallet::<Test>::set_auto_top_up(
			signed(ALICE),
			id,
			Some(terms(100, 1_000, 1_000))
		));
		// Alice spends all but 50 of her free balance.
		let spend = free(ALICE) - 50;
		assert_ok!(Balances::transfer_allow_death(signed(ALICE), BOB, spend));
		run_to(17);
		assert_ok!(confirm(0, 17, true));
		run_to(18);
		assert!(events().contains(&Event::AutoTopUpFailed {
			contract: id,
			reason: AutoTopUpFailure::FundsShort
		}));
		assert_eq!(count(|e| matches!(e, Event::LowRunway { .. })), 1);
		assert_eq!(free(ALICE), 50);
		run_to(30);
		assert_ok!(confirm(0, 30, true));
		assert!(matches!(state(id), ContractState::GracePeriod { .. }));
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn a_report_that_reveals_the_end_of_the_funds_warns_before_grace_and_the_top_up_reactivates() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		assert_ok!(Pallet::<Test>::set_auto_top_up(
			signed(ALICE),
			id,
			Some(terms(300, 1_000, 1_000))
		));
		// One report past both the low mark (16) and the end of the funds (21).
		run_to(30);
		assert_ok!(confirm(0, 30, true));
		let low = events().iter().position(|e| matches!(e, Event::LowRunway { .. }));
		let grace = events().iter().position(|e| matches!(e, Event::GracePeriodStarted { .. }));
		assert!(low.is_some() && low < grace, "LowRunway before GracePeriodStarted");
		run_to(31);
		assert!(events().iter().any(|e| matches!(e, Event::AutoToppedUp { amount: 300, .. })));
		assert!(events().contains(&Event::ContractReactivated { contract: id }));
		assert_eq!(state(id), ContractState::Deployed);
		assert_eq!(count(|e| matches!(e, Event::LowRunway { .. })), 1, "warned once");
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn it_ends_with_its_contract_and_returns_the_deposit() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		let before = free(ALICE);
		assert_ok!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(terms(100, 100, 10))));
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert!(!AutoTopUps::<Test>::contains_key(id));
		assert_eq!(Balances::balance_on_hold(&HoldReason::AutoTopUpStorage.into(), &ALICE), 0);
		assert!(free(ALICE) >= before);
		assert_noop!(
			Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(terms(100, 100, 10))),
			Error::<Test>::UnknownContract
		);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

/// Governance lets farms price within 1 to `max` per GiB and block, both disk types.
fn bound_prices(max: Balance) {
	use sc4it_primitives::{DiskPrices, PriceBounds};
	let bounds = PriceBounds {
		min: DiskPrices { ssd_per_gib_block: 1, hdd_per_gib_block: 1 },
		max: DiskPrices { ssd_per_gib_block: max, hdd_per_gib_block: max },
	};
	assert_ok!(pallet_sc4it_registry::Pallet::<Test>::set_price_bounds(
		RuntimeOrigin::root(),
		bounds
	));
}

/// Farm 1 (node 1, FARMER2's) sets its prices per GiB and block.
fn farm_1_prices(ssd_per_gib_block: Balance, hdd_per_gib_block: Balance) {
	let prices = sc4it_primitives::DiskPrices { ssd_per_gib_block, hdd_per_gib_block };
	assert_ok!(pallet_sc4it_registry::Pallet::<Test>::set_farm_prices(signed(FARMER2), 1, prices));
}

#[test]
fn farms_prices_make_the_rate_and_a_change_leaves_running_contracts_as_they_were() {
	new_test_ext().execute_with(|| {
		bound_prices(50);
		// Farm 1 (node 1) lowers its SSD price to 3: at once.
		farm_1_prices(3, 2);
		let on_farm_0 = NextContractId::<Test>::get();
		assert_ok!(Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(2), 1_000));
		let on_farm_1 = on_farm_0 + 1;
		assert_ok!(Pallet::<Test>::create_contract(signed(ALICE), 1, ssd(2), 1_000));
		assert_eq!(Contracts::<Test>::get(on_farm_0).unwrap().rate, 2 * SSD_PRICE);
		assert_eq!(Contracts::<Test>::get(on_farm_1).unwrap().rate, 2 * 3);
		// A rise to 9 waits the notice (10 blocks in the mock).
		farm_1_prices(9, 2);
		assert_eq!(Pallet::<Test>::quote_for(1, ssd(2)).unwrap().rate, 6);
		run_to(11);
		assert_eq!(Pallet::<Test>::quote_for(1, ssd(2)).unwrap().rate, 18);
		let later = on_farm_1 + 1;
		assert_ok!(Pallet::<Test>::create_contract(signed(BOB), 1, ssd(2), 1_000));
		assert_eq!(Contracts::<Test>::get(later).unwrap().rate, 18);
		assert_eq!(Contracts::<Test>::get(on_farm_1).unwrap().rate, 6, "kept its rate");
		// Governance narrows the bounds below the farm's price: new contracts pay the bound.
		bound_prices(7);
		assert_eq!(Pallet::<Test>::quote_for(1, ssd(2)).unwrap().rate, 14);
		assert_eq!(Contracts::<Test>::get(later).unwrap().rate, 18, "kept its rate");
	});
}

/// The price a user was shown holds on chain: a rise that came into force before the
/// transaction landed refuses it, with nothing held; the rate shown, or one lowered since, passes.
#[test]
fn a_max_rate_refuses_a_contract_whose_price_rose_since_it_was_shown() {
	new_test_ext().execute_with(|| {
		bound_prices(50);
		// Shown: the grid's SSD price for 2 GiB, on node 1 (farm 1).
		let shown = 2 * SSD_PRICE;
		farm_1_prices(SSD_PRICE + 1, 2);
		run_to(11);
		let next = NextContractId::<Test>::get();
		assert_noop!(
			Pallet::<Test>::create_contract_with_max_rate(signed(ALICE), 1, ssd(2), 1_000, shown),
			Error::<Test>::RateAboveLimit
		);
		// At the new rate exactly, it passes; and a lower price passes under the old limit.
		assert_ok!(Pallet::<Test>::create_contract_with_max_rate(
			signed(ALICE),
			1,
			ssd(2),
			1_000,
			2 * (SSD_PRICE + 1)
		));
		assert_eq!(Contracts::<Test>::get(next).unwrap().rate, 2 * (SSD_PRICE + 1));
		farm_1_prices(3, 2);
		assert_ok!(Pallet::<Test>::create_contract_with_max_rate(
			signed(BOB),
			1,
			ssd(2),
			1_000,
			shown
		));
		assert_eq!(Contracts::<Test>::get(next + 1).unwrap().rate, 6);
	});
}

#[test]
fn top_up_own_is_the_owner_s_only() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		assert_noop!(Pallet::<Test>::top_up_own(signed(BOB), id, 100), Error::<Test>::NotOwner);
		let held = Contracts::<Test>::get(id).unwrap().held;
		assert_ok!(Pallet::<Test>::top_up_own(signed(ALICE), id, 100));
		assert_eq!(Contracts::<Test>::get(id).unwrap().held, held + 100);
		assert_noop!(
			Pallet::<Test>::top_up_own(signed(ALICE), 99, 100),
			Error::<Test>::UnknownContract
		);
	});
}

#[test]
fn a_contract_deep_in_grace_gets_what_it_lacks_within_the_cap() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		// Funds out at 21, learnt at 60 with health known to 45: 24 blocks of grace charged,
		// 40 more than the reserve of 200 (owed).
		run_to(60);
		assert_ok!(confirm(0, 45, true));
		assert!(matches!(state(id), ContractState::GracePeriod { .. }));
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().owed, 40);
		let before = free(ALICE);
		// The least amount (50) pays the debt but leaves the reserve short: a second top-up of
		// what it lacks follows: the reserve whole (200) and 6 blocks (60, the low window of 5
		// and one), less the 10 held.
		assert_ok!(Pallet::<Test>::set_auto_top_up(
			signed(ALICE),
			id,
			Some(terms(50, 1_000, 1_000))
		));
		run_to(61);
		assert_eq!(state(id), ContractState::Deployed);
		assert!(events().contains(&Event::ContractReactivated { contract: id }));
		let moved: Vec<Balance> = events()
			.iter()
			.filter_map(|e| match e {
				Event::AutoToppedUp { contract, amount, .. } if *contract == id => Some(*amount),
				_ => None,
			})
			.collect();
		assert_eq!(moved, vec![50 + 250]);
		assert_eq!(free(ALICE), before - 7 - 300, "the deposit and the two top-ups");
		assert!(AutoTopUpsDue::<Test>::get(id).is_none(), "clear of the low mark");
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}

#[test]
fn a_cap_too_small_for_grace_says_so() {
	new_test_ext().execute_with(|| {
		let id = deployed(ALICE);
		run_to(60);
		assert_ok!(confirm(0, 45, true));
		assert_ok!(Pallet::<Test>::set_auto_top_up(signed(ALICE), id, Some(terms(50, 100, 1_000))));
		run_to(61);
		assert!(matches!(state(id), ContractState::GracePeriod { .. }));
		assert!(events().contains(&Event::AutoToppedUp {
			contract: id,
			amount: 50,
			spent: 50,
			period_ends: 60 + 1_000
		}));
		assert!(events().contains(&Event::AutoTopUpFailed {
			contract: id,
			reason: AutoTopUpFailure::CapReached
		}));
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}
