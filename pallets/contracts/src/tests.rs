//! A test for every call and every error of the contracts pallet, the tfchain failures of
//! docs/prior-art.md that apply here, and the worked example of docs/billing.md.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect, weights::Weight};
use sc4it_primitives::{FailureReason, GridRegistry, NodeHealth};
use sp_runtime::{DispatchError, TokenError};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn contract(id: u64) -> Contract<Test> {
	Contracts::<Test>::get(id).expect("contract exists")
}

/// Creates a contract whose runway is `deposit`: the grace reserve is deposited beside it.
fn create(who: AccountId, node: u32, volume: sc4it_primitives::Volume, deposit: Balance) -> u64 {
	let id = NextContractId::<Test>::get();
	let deposit = deposit + grace_reserve(volume);
	assert_ok!(Pallet::<Test>::create_contract(signed(who), node, volume, deposit));
	id
}

/// The grace reserve of a contract for `volume` on the mock's prices and policy, computed here
/// rather than by the pallet.
fn grace_reserve(volume: sc4it_primitives::Volume) -> Balance {
	let price = match volume.disk_type {
		sc4it_primitives::DiskType::Ssd => SSD_PRICE,
		sc4it_primitives::DiskType::Hdd => HDD_PRICE,
	};
	price * Balance::from(volume.size_gib) * Balance::from(policy().grace_period_blocks)
}

fn reserved(node: u32) -> sc4it_primitives::Capacity {
	pallet_sc4it_registry::Nodes::<Test>::get(node).unwrap().reserved
}

fn total_issuance() -> Balance {
	Balances::total_issuance()
}

fn assert_invariants() {
	assert_ok!(Pallet::<Test>::do_try_state());
}

// ---------------------------------------------------------------- the worked example

/// docs/billing.md, "A worked example", number for number.
#[test]
fn worked_example_of_the_billing_doc() {
	new_test_ext().execute_with(|| {
		let issuance = total_issuance();
		// Block 1: Alice creates a 10 GiB SSD contract (rate 5 x 10 = 50 per block) with 3,000:
		// 2,000 of runway and 1,000 of grace reserve (20 blocks of grace x 50).
		let id = NextContractId::<Test>::get();
		assert_ok!(Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(10), 3_000));
		assert_eq!(contract(id).rate, 50);
		assert_eq!(held(ALICE), 3_000);

		// Block 11: the oracle confirms the node (registered at genesis, block 0) healthy for
		// [0, 11), and the volume deployed at block 5. Billing starts at block 5, where the
		// node's healthy-block count was 5.
		run_to(11);
		assert_eq!(confirm(0, 11, true), Ok(11));
		assert_ok!(Pallet::<Test>::record_deployed(id, 5, report(11)));
		assert_eq!(contract(id).settled_count, Some(5));
		// It streams: the node earned blocks 5..=10 at once, 300, of which 30 are fees.
		let earnings = || Timelines::<Test>::get(0).map(|tl| (tl.rate_sum, tl.earned, tl.fees));
		assert_eq!(earnings(), Some((50, 270, 30)));

		// Block 21: the node was down for [11, 16) and healthy for [16, 21).
		run_to(21);
		assert_eq!(confirm(0, 16, false), Ok(16));
		assert_eq!(confirm(0, 21, true), Ok(21));
		// 6 healthy deployed blocks (5..=10) + 5 (16..=20) = 11 blocks = 550, derived: the
		// contract's record is not settled, its node's earnings hold the charge.
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().charged, 550);
		assert_eq!(contract(id).charged, 0);
		assert_eq!(earnings(), Some((50, 495, 55)));

		// Block 21: Alice tops up 500: the 550 are settled, 2,950 remain, of which 1,950 are
		// runway: paid until 21 + 39, then 20 blocks of grace.
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 500));
		let view = Pallet::<Test>::contract_view(id).unwrap();
		assert_eq!((view.charged, view.held, view.paid_until), (550, 2_950, Some(60)));

		// Block 31: Alice cancels. Blocks 21..=30 are not confirmed yet: at most 10 x 50 = 500
		// stays in the escrow, 2,450 come back at once (the grace reserve with the rest).
		run_to(31);
		let before = free(ALICE);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(free(ALICE) - before, 2_450);
		assert_eq!(held(ALICE), 500);
		assert_eq!(reserved(0).ssd_gib, 0);

		// Block 35: the oracle confirms [21, 35) healthy: blocks 21..=30 cost 500, the contract
		// closes with 1,050 charged for 21 blocks, nothing owed.
		run_to(35);
		assert_eq!(confirm(0, 35, true), Ok(35));
		assert!(Contracts::<Test>::get(id).is_none());
		assert!(events().contains(&Event::ContractClosed {
			contract: id,
			charged: 1_050,
			owed: 0
		}));
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), INITIAL - 1_050);

		// Block 50: the payout round pays the farm 1,050 less the 10% fee, the treasury 105.
		run_to(50);
		assert_eq!(free(PAYOUT), 945);
		assert_eq!(free(TREASURY), 105);
		assert_eq!(Pallet::<Test>::farm_ledger(0), FarmLedger { pending: 0, paid: 945 });
		assert_eq!(total_issuance(), issuance);
		assert_invariants();
	});
}

// ---------------------------------------------------------------- create_contract

#[test]
fn create_contract_holds_the_deposit_and_reserves_capacity() {
	new_test_ext().execute_with(|| {
		// 2,000 of runway and 200 x 20 = 4,000 of grace reserve.
		let id = create(ALICE, 0, hdd(100), 2_000);
		let c = contract(id);
		assert_eq!(
			(c.rate, c.held, c.state, c.farm, c.fee),
			(200, 6_000, ContractState::Created, 0, pricing().protocol_fee)
		);
		assert_eq!(held(ALICE), 6_000);
		assert_eq!(free(ALICE), INITIAL - 6_000);
		assert_eq!(reserved(0).hdd_gib, 100);
		assert_eq!(Pallet::<Test>::user_contracts(&ALICE, None, 10), vec![id]);
		assert_eq!(Pallet::<Test>::node_contracts(0, None, 10), vec![id]);
		assert!(events().contains(&Event::ContractCreated {
			contract: id,
			owner: ALICE,
			node: 0,
			volume: hdd(100),
			rate: 200,
			deposit: 6_000
		}));
	});
}

#[test]
fn create_contract_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 7, ssd(1), 1_000),
			Error::<Test>::UnknownNode
		);
		// 10 blocks at 50 = 500 minimum, beside a grace reserve of 20 blocks: 1,500.
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(10), 1_499),
			Error::<Test>::DepositTooSmall
		);
		assert_ok!(Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(10), 1_500));
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(0), 0),
			Error::<Test>::DepositTooSmall
		);
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(0), 10),
			pallet_sc4it_registry::Error::<Test>::ZeroSizedVolume
		);
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(1001), 1_000_000),
			pallet_sc4it_registry::Error::<Test>::NodeFull
		);
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(500), INITIAL + 1),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Pallet::<Test>::create_contract(RuntimeOrigin::root(), 0, ssd(1), 100),
			DispatchError::BadOrigin
		);
		// No policy: no contracts.
		Policy::<Test>::kill();
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(1), 100),
			Error::<Test>::NoPolicy
		);
	});
}

/// tfchain billed nothing when a price computation overflowed (`unwrap_or(zero)`): here an
/// overflowing rate is refused at creation.
#[test]
fn an_overflowing_rate_is_refused_not_billed_as_zero() {
	new_test_ext().execute_with(|| {
		let mut greedy = pricing();
		greedy.ssd_per_gib_block = u128::MAX / 2;
		assert_ok!(Registry::set_pricing(RuntimeOrigin::root(), greedy));
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(3), 1_000),
			Error::<Test>::Overflow
		);
		// A rate that fits but whose minimum deposit does not.
		greedy.ssd_per_gib_block = u128::MAX / 4;
		assert_ok!(Registry::set_pricing(RuntimeOrigin::root(), greedy));
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(1), 1_000),
			Error::<Test>::Overflow
		);
	});
}

/// tfchain's `unwrap_or(zero)` after an overflow: a charge too large to compute takes everything
/// held and is reported, never billed as nothing.
#[test]
fn an_overflowing_charge_takes_all_it_holds_and_says_so() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		Contracts::<Test>::mutate(id, |c| c.as_mut().unwrap().rate = u128::MAX / 2);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(4);
		assert_ok!(confirm(0, 4, true));
		// Funds ran out at once; a top-up settles 3 blocks at u128::MAX / 2: an overflow.
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 100));
		assert!(events().contains(&Event::ChargeOverflow { contract: id }));
		let c = contract(id);
		assert_eq!((c.held, c.charged), (0, 1_200));
		assert_eq!(c.owed, u128::MAX - 1_200);
	});
}

// ---------------------------------------------------------------- billing is health-gated

#[test]
fn an_undeployed_contract_pays_nothing() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(10), 1_000);
		run_to(40);
		confirm_all(0, 40, true);
		run_to(60);
		assert_eq!(contract(id).charged, 0);
		assert_eq!(free(PAYOUT), 0);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(free(ALICE), INITIAL);
		assert!(Contracts::<Test>::get(id).is_none());
	});
}

#[test]
fn a_deployed_contract_pays_for_healthy_blocks_only() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 10_000); // rate 10
		run_to(3);
		assert_ok!(Pallet::<Test>::record_deployed(id, 3, report(3)));
		// Deployment reported ahead of the node's health: billing starts when [.., 3) is known.
		assert_eq!(contract(id).settled_count, None);
		run_to(30);
		assert_ok!(confirm(0, 10, true)); // blocks 3..=9 billed: 7
		assert_ok!(confirm(0, 20, false)); // 10..=19 down: free
		assert_ok!(confirm(0, 25, true)); // 20..=24: 5
		assert_ok!(confirm(0, 30, false));
		let view = Pallet::<Test>::contract_view(id).unwrap();
		assert_eq!(view.charged, 120);
		assert_eq!(view.held, 10_000 + 200 - 120);
		assert_invariants();
	});
}

#[test]
fn health_reports_must_be_contiguous_and_in_the_past() {
	new_test_ext().execute_with(|| {
		run_to(20);
		// The node was registered at genesis: its timeline starts at block 0.
		assert_ok!(Pallet::<Test>::record_health(
			0,
			0,
			10,
			NodeHealth::Healthy,
			report(1),
			u32::MAX
		));
		// Replay of an applied period.
		assert_noop!(
			Pallet::<Test>::record_health(0, 0, 10, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::AlreadyRecorded
		);
		assert_noop!(
			Pallet::<Test>::record_health(0, 5, 12, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::AlreadyRecorded
		);
		assert_noop!(
			Pallet::<Test>::record_health(0, 11, 15, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::HealthGap
		);
		assert_noop!(
			Pallet::<Test>::record_health(0, 10, 10, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::EmptyPeriod
		);
		assert_noop!(
			Pallet::<Test>::record_health(0, 10, 21, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::FutureBlock
		);
		assert_noop!(
			Pallet::<Test>::record_health(5, 0, 10, NodeHealth::Healthy, report(1), u32::MAX),
			Error::<Test>::UnknownNode
		);
		assert_eq!(Pallet::<Test>::confirmed_until(0), Some(10));
		assert!(events().contains(&Event::NodeHealthRecorded {
			node: 0,
			from: 0,
			to: 10,
			healthy: true,
			down: false,
			down_blocks: 0,
			healthy_blocks: 10,
			report: report(1)
		}));
	});
}

#[test]
fn oracle_contract_events_errors() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		assert_noop!(
			Pallet::<Test>::record_deployed(9, 1, report(1)),
			Error::<Test>::UnknownContract
		);
		assert_noop!(Pallet::<Test>::record_deployed(id, 2, report(1)), Error::<Test>::FutureBlock);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		assert_noop!(
			Pallet::<Test>::record_deployed(id, 1, report(1)),
			Error::<Test>::NotAwaitingDeployment
		);
		assert_noop!(
			Pallet::<Test>::record_failed(id, FailureReason::VolumeLost, 5, report(1)),
			Error::<Test>::FutureBlock
		);
		assert_noop!(
			Pallet::<Test>::record_removed(9, 1, report(1)),
			Error::<Test>::UnknownContract
		);
		assert_noop!(Pallet::<Test>::record_removed(id, 5, report(1)), Error::<Test>::FutureBlock);
	});
}

#[test]
fn a_failed_deployment_refunds_everything() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(10), 1_000);
		assert_ok!(Pallet::<Test>::record_failed(
			id,
			FailureReason::InsufficientDisk,
			1,
			report(1)
		));
		assert!(events().contains(&Event::ContractDeleted {
			contract: id,
			at: 1,
			reason: DeleteReason::DeploymentFailed(FailureReason::InsufficientDisk)
		}));
		assert!(Contracts::<Test>::get(id).is_none());
		assert_eq!((free(ALICE), held(ALICE), reserved(0).ssd_gib), (INITIAL, 0, 0));
	});
}

#[test]
fn a_removed_volume_stops_billing_at_its_block() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000); // rate 5
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(20);
		assert_ok!(confirm(0, 20, true));
		// The node lost the volume at block 8: blocks 1..=7 are billed, the rest refunded.
		assert_ok!(Pallet::<Test>::record_removed(id, 8, report(2)));
		assert!(events().contains(&Event::ContractClosed { contract: id, charged: 35, owed: 0 }));
		assert_eq!(free(ALICE), INITIAL - 35);
		assert_eq!(reserved(0).ssd_gib, 0);
	});
}

#[test]
fn a_removal_before_a_cancellation_is_confirmed_moves_the_final_block_back() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(20);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		// Nothing is confirmed yet (the timeline starts at block 0): at most 20 blocks x 5 stay
		// held; the volume's removal at block 12 brings that down to 12 blocks.
		assert_eq!(held(ALICE), 100);
		assert_ok!(Pallet::<Test>::record_removed(id, 12, report(2)));
		assert_eq!(held(ALICE), 60);
		assert_ok!(confirm(0, 20, true));
		assert!(events().contains(&Event::ContractClosed { contract: id, charged: 55, owed: 0 }));
		assert_eq!(free(ALICE), INITIAL - 55);
	});
}

// ---------------------------------------------------------------- top_up

#[test]
fn top_up_by_the_owner_and_by_a_third_party() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 100));
		// 1,000 + the grace reserve of 100 + 100.
		assert_eq!((held(ALICE), contract(id).held), (1_200, 1_200));
		// Bob funds Alice's contract: the funds go on hold in Alice's account.
		assert_ok!(Pallet::<Test>::top_up(signed(BOB), id, 400));
		assert_eq!((held(ALICE), held(BOB), free(BOB)), (1_600, 0, INITIAL - 400));
		assert!(events().contains(&Event::ToppedUp {
			contract: id,
			by: BOB,
			amount: 400,
			held: 1_600
		}));
		// Cancelled before deployment: everything goes to the owner.
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(free(ALICE), INITIAL + 400);
	});
}

#[test]
fn top_up_errors() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		assert_noop!(Pallet::<Test>::top_up(signed(ALICE), id, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Pallet::<Test>::top_up(signed(ALICE), 42, 10), Error::<Test>::UnknownContract);
		// Bob would have to give up his account's existential deposit.
		assert_noop!(Pallet::<Test>::top_up(signed(BOB), id, INITIAL), TokenError::NotExpendable);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(5);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_noop!(Pallet::<Test>::top_up(signed(ALICE), id, 10), Error::<Test>::ContractEnded);
	});
}

// ---------------------------------------------------------------- cancel

#[test]
fn cancel_errors() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		assert_noop!(Pallet::<Test>::cancel(signed(BOB), id), Error::<Test>::NotOwner);
		assert_noop!(Pallet::<Test>::cancel(signed(ALICE), 3), Error::<Test>::UnknownContract);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(3);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_noop!(Pallet::<Test>::cancel(signed(ALICE), id), Error::<Test>::ContractEnded);
	});
}

#[test]
fn cancel_of_a_contract_whose_start_is_unconfirmed_settles_later() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		run_to(6);
		assert_ok!(Pallet::<Test>::record_deployed(id, 4, report(1)));
		run_to(10);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		run_to(12);
		// Down 0..=5, healthy 6..=11; deployed 4..=9: billed 6..=9 = 4 blocks.
		assert_ok!(confirm(0, 6, false));
		assert_ok!(confirm(0, 12, true));
		assert!(events().contains(&Event::ContractClosed { contract: id, charged: 20, owed: 0 }));
		assert_eq!(free(ALICE), INITIAL - 20);
		assert_invariants();
	});
}

// ---------------------------------------------------------------- runway, grace and debt

#[test]
fn low_runway_fires_before_the_funds_run_out_then_grace_then_decommission() {
	new_test_ext().execute_with(|| {
		// Rate 10: 20 blocks, and a grace reserve of 20 x 10 = 200 beside them.
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().paid_until, Some(21));
		run_to(17);
		assert_ok!(confirm(0, 17, true)); // at block 16, 15 blocks billed: 5 left
		assert!(events().contains(&Event::LowRunway {
			contract: id,
			billed_blocks_left: 5,
			paid_until: 21
		}));
		assert_eq!(contract(id).state, ContractState::Deployed);
		run_to(30);
		assert_ok!(confirm(0, 30, true));
		// Funds ran out at block 21, which the chain learnt at 30: grace lasts its full 20
		// blocks from then, to 50. Blocks 21..=29 are paid from the grace reserve.
		assert_eq!(contract(id).state, ContractState::GracePeriod { since: 21, ends: 50 });
		assert!(events().contains(&Event::GracePeriodStarted {
			contract: id,
			since: 21,
			ends: 50
		}));
		assert_eq!(contract(id).charged, 200);
		let view = Pallet::<Test>::contract_view(id).unwrap();
		assert_eq!((view.charged, view.owed, view.held), (290, 0, 110));
		run_to(50);
		assert!(events().contains(&Event::ContractDeleted {
			contract: id,
			at: 50,
			reason: DeleteReason::OutOfFunds
		}));
		assert_eq!(reserved(0).ssd_gib, 0);
		// Blocks 21..=49 were used in grace: 29, of which the reserve paid 20. The other 9,
		// the blocks the chain learnt of late, are recorded as debt once the node confirms them.
		assert_ok!(confirm(0, 50, true));
		assert_eq!(Pallet::<Test>::debt(&ALICE, 0), 90);
		assert!(Contracts::<Test>::get(id).is_none());
		assert_invariants();
	});
}

/// tfchain #1045/#1047: a contract stayed in grace after its owner topped it up.
#[test]
fn a_top_up_in_grace_reactivates_at_once() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(25);
		assert_ok!(confirm(0, 25, true));
		assert!(matches!(contract(id).state, ContractState::GracePeriod { .. }));
		// 4 blocks in grace (21..=24) are due from the grace reserve: 40.
		let view = Pallet::<Test>::contract_view(id).unwrap();
		assert_eq!((view.owed, view.held), (0, 160));
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 1_000));
		let c = contract(id);
		assert_eq!((c.state, c.owed, c.charged, c.held), (ContractState::Deployed, 0, 240, 1_160));
		assert!(events().contains(&Event::ContractReactivated { contract: id }));
		// The runway is what is beyond the reserve again: 960 / 10 blocks after block 25.
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().paid_until, Some(25 + 96));
		assert!(GraceEnds::<Test>::iter().next().is_none());
		// The grace end passes without effect.
		run_to(60);
		assert_eq!(contract(id).state, ContractState::Deployed);
		assert_invariants();
	});
}

/// tfchain #1047: an overdraft of a contract with no usage was never settled, so the contract
/// never left grace. Here a contract whose node is down (no usage) leaves grace on a top-up.
#[test]
fn a_top_up_in_grace_without_usage_reactivates() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(21);
		assert_ok!(confirm(0, 21, true));
		assert!(matches!(contract(id).state, ContractState::GracePeriod { .. }));
		run_to(30);
		assert_ok!(confirm(0, 30, false)); // no usage in grace
		assert_eq!(Pallet::<Test>::contract_view(id).unwrap().owed, 0);
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 100));
		assert_eq!(contract(id).state, ContractState::Deployed);
		assert_invariants();
	});
}

#[test]
fn a_top_up_in_grace_that_does_not_restore_the_reserve_stays_in_grace() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(31);
		assert_ok!(confirm(0, 31, true)); // 10 blocks of grace = 100 from the reserve of 200
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 60));
		let c = contract(id);
		assert_eq!((c.owed, c.held), (0, 160));
		assert!(matches!(c.state, ContractState::GracePeriod { since: 21, ends: 51 }));
		// 40 more make the reserve whole, 10 more fund a block: back to Deployed.
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 40));
		assert!(matches!(contract(id).state, ContractState::GracePeriod { .. }));
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 10));
		assert_eq!(contract(id).state, ContractState::Deployed);
		assert_invariants();
	});
}

#[test]
fn grace_lasts_its_full_length_from_when_the_chain_learns_the_funds_ran_out() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200); // rate 10: 20 blocks
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		// The report revealing that the funds ran out at 21 comes at 60: later than the 20
		// blocks of grace after 21.
		run_to(60);
		assert_ok!(confirm(0, 45, true));
		assert_eq!(contract(id).state, ContractState::GracePeriod { since: 21, ends: 80 });
		// The warning came first, then the grace period.
		let low = events()
			.iter()
			.position(|e| matches!(e, Event::LowRunway { contract, .. } if *contract == id));
		let grace = events().iter().position(
			|e| matches!(e, Event::GracePeriodStarted { contract, .. } if *contract == id),
		);
		assert!(low.is_some() && low < grace, "LowRunway before GracePeriodStarted");
		// Not deleted in the next block: the user has the whole grace period to top up.
		run_to(79);
		assert!(matches!(contract(id).state, ContractState::GracePeriod { .. }));
		assert_ok!(Pallet::<Test>::top_up(signed(ALICE), id, 1_000));
		assert_eq!(contract(id).state, ContractState::Deployed);
		assert_invariants();
	});
}

#[test]
fn a_lost_volume_ends_billing_where_the_node_says_and_refunds_the_rest() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000); // rate 5
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(20);
		assert_ok!(confirm(0, 20, true));
		// The node reports the volume lost since block 8: blocks 1..=7 are billed.
		assert_ok!(Pallet::<Test>::record_failed(id, FailureReason::VolumeLost, 8, report(2)));
		assert!(events().contains(&Event::VolumeFailed {
			contract: id,
			at: 8,
			reason: FailureReason::VolumeLost,
			report: report(2)
		}));
		assert!(events().contains(&Event::ContractDeleted {
			contract: id,
			at: 8,
			reason: DeleteReason::VolumeFailed(FailureReason::VolumeLost)
		}));
		assert!(events().contains(&Event::ContractClosed { contract: id, charged: 35, owed: 0 }));
		assert_eq!(free(ALICE), INITIAL - 35);
		assert_eq!(reserved(0).ssd_gib, 0);
		assert_invariants();
	});
}

#[test]
fn debt_is_paid_to_the_farm_before_a_new_contract() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		// The chain learns late that the funds ran out at 21: 24 blocks of grace used, 20 paid
		// from the reserve, 4 owed.
		run_to(45);
		assert_ok!(confirm(0, 45, true));
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(Pallet::<Test>::debt(&ALICE, 0), 40);
		// No new contract, on any node, while the debt stands.
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 1, ssd(1), 1_000),
			Error::<Test>::OutstandingDebt
		);
		assert_noop!(Pallet::<Test>::pay_debt(signed(BOB), 0), Error::<Test>::NoDebt);
		let payout = free(PAYOUT);
		assert_ok!(Pallet::<Test>::pay_debt(signed(ALICE), 0));
		assert_eq!(free(PAYOUT), payout + 40, "the farm that was owed receives it");
		assert!(events().contains(&Event::DebtSettled {
			user: ALICE,
			farm: 0,
			to: PAYOUT,
			amount: 40
		}));
		assert_eq!(Pallet::<Test>::debt(&ALICE, 0), 0);
		create(ALICE, 1, ssd(1), 1_000);
		assert_invariants();
	});
}

#[test]
fn a_contract_holds_a_storage_deposit_until_it_closes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::fungible::InspectHold;
		ContractDeposit::set(50);
		let id = create(ALICE, 0, ssd(1), 1_000);
		let storage = || Balances::balance_on_hold(&HoldReason::ContractStorage.into(), &ALICE);
		assert_eq!((storage(), held(ALICE), free(ALICE)), (50, 1_100, INITIAL - 1_150));
		assert_eq!(contract(id).storage_deposit, 50);
		assert_invariants();
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert!(Contracts::<Test>::get(id).is_none());
		assert_eq!((storage(), free(ALICE)), (0, INITIAL));
		// One who cannot pay it makes no contract.
		assert_noop!(
			Pallet::<Test>::create_contract(signed(CHARLIE), 0, ssd(1), INITIAL - 20),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn only_deployed_contracts_with_funds_stream_on_their_node() {
	new_test_ext().execute_with(|| {
		let waiting: Vec<u64> = (0..5).map(|_| create(BOB, 0, ssd(1), 1_000)).collect();
		let billed = create(ALICE, 0, ssd(2), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(billed, 1, report(1)));
		// Billing starts at block 1, once the node's health is known there.
		assert!(!contract(billed).streaming);
		run_to(2);
		assert_ok!(confirm(0, 2, true));
		assert!(contract(billed).streaming);
		assert!(waiting.iter().all(|id| !contract(*id).streaming));
		let tl = Timelines::<Test>::get(0).unwrap();
		// 2 GiB of SSD at 5, a 10% fee: 10 per block, weighted by 10^8 parts per billion.
		assert_eq!((tl.rate_sum, tl.fee_sum), (10, 10 * 100_000_000));
		assert_invariants();
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), billed));
		let tl = Timelines::<Test>::get(0).unwrap();
		assert_eq!((tl.rate_sum, tl.fee_sum), (0, 0));
		run_to(3);
		assert_ok!(confirm(0, 3, true));
		assert_invariants();
	});
}

#[test]
fn cancelling_in_grace_records_the_debt() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		// 24 blocks of grace used (learnt late), 20 paid from the reserve, 4 owed.
		run_to(45);
		assert_ok!(confirm(0, 45, true));
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(Pallet::<Test>::debt(&ALICE, 0), 40);
		assert!(Contracts::<Test>::get(id).is_none());
	});
}

// ---------------------------------------------------------------- node down, node removed

#[test]
fn a_node_down_too_long_has_its_contracts_decommissioned_without_charging_the_downtime() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000); // rate 5
		let waiting = create(BOB, 0, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(50);
		assert_ok!(confirm(0, 10, true)); // 9 billed
		assert_ok!(confirm(0, 30, false));
		assert!(Drains::<Test>::get(0).is_none());
		assert_ok!(confirm(0, 40, false)); // down 30 blocks: the limit
		assert_eq!(Drains::<Test>::get(0), Some(DrainReason::NodeDown));
		// New contracts are refused while the node is drained.
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(1), 1_000),
			Error::<Test>::NodeDraining
		);
		run_to(51);
		assert!(events().contains(&Event::ContractDeleted {
			contract: id,
			at: 40,
			reason: DeleteReason::NodeDown
		}));
		assert!(events().contains(&Event::NodeDrainFinished { node: 0 }));
		assert_eq!(free(ALICE), INITIAL - 45);
		assert_eq!(free(BOB), INITIAL);
		assert!(Contracts::<Test>::get(waiting).is_none());
		assert_eq!(reserved(0).ssd_gib, 0);
		// The node takes contracts again.
		create(ALICE, 0, ssd(1), 1_000);
		assert_invariants();
	});
}

#[test]
fn removing_a_node_decommissions_its_contracts_with_refunds() {
	new_test_ext().execute_with(|| {
		let deployed = create(ALICE, 0, ssd(1), 1_000);
		let created = create(BOB, 0, hdd(5), 1_000);
		let other = create(CHARLIE, 1, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(deployed, 1, report(1)));
		run_to(10);
		assert_ok!(confirm(0, 10, true)); // 9 blocks x 5
		assert_ok!(Registry::remove_node(signed(FARMER), 0));
		// The oracle cannot report on a removed node.
		run_to(11);
		assert_noop!(
			Pallet::<Test>::record_health(0, 10, 11, NodeHealth::Healthy, report(3), u32::MAX),
			Error::<Test>::UnknownNode
		);
		assert!(Contracts::<Test>::get(deployed).is_none());
		assert!(Contracts::<Test>::get(created).is_none());
		assert_eq!(contract(other).state, ContractState::Created);
		assert_eq!((free(ALICE), free(BOB)), (INITIAL - 45, INITIAL));
		assert!(Timelines::<Test>::get(0).is_none());
		assert!(events().contains(&Event::ContractDeleted {
			contract: deployed,
			at: 10,
			reason: DeleteReason::NodeRemoved
		}));
		assert_invariants();
	});
}

#[test]
fn drains_and_expiries_are_bounded_per_block() {
	new_test_ext().execute_with(|| {
		for _ in 0..10 {
			create(ALICE, 0, ssd(1), 1_000);
		}
		// Room for the base cost, a few cursor steps and four contracts' worth per block: three
		// are drained, each only with room for two (a failed end is closed another way, a
		// second item's work).
		ServiceWeight::set(Weight::from_parts(11_000_000 + 4 * 30_000_000, u64::MAX));
		assert_ok!(Registry::remove_node(signed(FARMER), 0));
		run_to(2);
		assert_eq!(NodeContracts::<Test>::iter_prefix(0).count(), 7);
		run_to(4);
		assert_eq!(NodeContracts::<Test>::iter_prefix(0).count(), 1);
		assert!(Drains::<Test>::get(0).is_some());
		run_to(5);
		assert_eq!(NodeContracts::<Test>::iter_prefix(0).count(), 0);
		assert!(Drains::<Test>::get(0).is_none());
		assert_eq!(free(ALICE), INITIAL);
	});
}

#[test]
fn a_report_exhausting_many_contracts_stops_early_and_resumes() {
	new_test_ext().execute_with(|| {
		MaxWorkPerReport::set(3);
		let ids: Vec<_> = (0..8).map(|_| create(ALICE, 0, ssd(2), 200)).collect();
		run_to(2);
		assert_ok!(confirm(0, 1, true));
		for id in &ids {
			assert_ok!(Pallet::<Test>::record_deployed(*id, 1, report(1)));
		}
		run_to(40);
		// Low runway of 8 contracts at block 16 and exhaustion at block 21: 16 pieces of work,
		// 3 per report. Each report stops where its work ran out; the timeline resumes there.
		assert_eq!(confirm(0, 40, true), Ok(16));
		assert_eq!(confirm(0, 40, true), Ok(16));
		assert_eq!(confirm(0, 40, true), Ok(21));
		let mut reports = 3;
		while confirm(0, 40, true).unwrap() != 40 {
			reports += 1;
		}
		assert_eq!(reports, 5);
		// The chain learnt at block 40 that their funds ran out at 21: grace ends 20 blocks on.
		for id in ids {
			assert_eq!(contract(id).state, ContractState::GracePeriod { since: 21, ends: 60 });
			// Blocks 21..=39 of grace are paid from the reserve.
			let view = Pallet::<Test>::contract_view(id).unwrap();
			assert_eq!((view.charged, view.owed), (390, 0));
		}
		assert_invariants();
	});
}

// ---------------------------------------------------------------- payouts

/// tfchain #266/#622/#834: payouts failed on the existential deposit. Here a failed payout is
/// an event, stays owed, and goes through in a later round.
#[test]
fn a_payout_below_the_existential_deposit_fails_loudly_and_stays_owed() {
	new_test_ext().execute_with(|| {
		// 1 GiB HDD at 2 per block: 4 blocks = 8. The 10% fee rounds down to 0, so all 8 go
		// to the farm, which is less than the existential deposit (10).
		let id = create(ALICE, 0, hdd(1), 100);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(5);
		assert_ok!(confirm(0, 5, true));
		run_to(50);
		assert_eq!(Pallet::<Test>::farm_ledger(0), FarmLedger { pending: 8, paid: 0 });
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::PayoutFailed { farm: Some(0), amount: 8, .. })));
		assert_eq!(free(PAYOUT), 0);
		// A farm cannot be removed while its contracts are still closing, nor while it is owed
		// money.
		assert_ok!(Registry::remove_node(signed(FARMER), 0));
		assert_noop!(Registry::remove_farm(signed(FARMER), 0), Error::<Test>::FarmHasContracts);
		run_to(51);
		assert_eq!(FarmContractCount::<Test>::get(0), 0);
		assert_noop!(
			Registry::remove_farm(signed(FARMER), 0),
			Error::<Test>::FarmHasPendingPayouts
		);
		// Once the payout account exists, the next round pays it all.
		assert_ok!(Balances::transfer_allow_death(signed(BOB), PAYOUT, ED));
		run_to(100);
		assert_eq!(free(PAYOUT), ED + 8);
		assert_eq!(Pallet::<Test>::farm_ledger(0), FarmLedger { pending: 0, paid: 8 });
		// Paid in full: payout rounds no longer walk it.
		assert!(!PendingFarms::<Test>::contains_key(0));
		assert_ok!(Registry::remove_farm(signed(FARMER), 0));
		// Removed: nothing is left behind for it.
		assert!(!FarmPayouts::<Test>::contains_key(0));
		assert_invariants();
	});
}

#[test]
fn the_payout_round_collects_every_node_and_pays_every_farm() {
	new_test_ext().execute_with(|| {
		let a = create(ALICE, 0, ssd(10), 100_000); // 50 / block on farm 0
		let b = create(BOB, 1, ssd(20), 100_000); // 100 / block on farm 1
		assert_ok!(Pallet::<Test>::record_deployed(a, 1, report(1)));
		assert_ok!(Pallet::<Test>::record_deployed(b, 1, report(1)));
		run_to(41);
		assert_ok!(confirm(0, 41, true));
		assert_ok!(confirm(1, 21, true));
		// The charges are confirmed and in the nodes' earnings; the contracts' own records are
		// settled at their own events, never by the round.
		assert_eq!(contract(a).charged, 0);
		assert_eq!(Timelines::<Test>::get(0).unwrap().earned, 1_800);
		run_to(50);
		let view = |id| Pallet::<Test>::contract_view(id).unwrap().charged;
		assert_eq!((contract(a).charged, view(a), view(b)), (0, 2_000, 2_000));
		assert!(events().contains(&Event::EarningsCollected {
			node: 0,
			farm: 0,
			earned: 1_800,
			fees: 200
		}));
		assert_eq!(Timelines::<Test>::get(0).unwrap().earned, 0);
		assert_eq!((free(PAYOUT), free(PAYOUT2), free(TREASURY)), (1_800, 1_800, 400));
		assert!(events().contains(&Event::PayoutRoundFinished { at: 50 }));
		assert_eq!(NextPayoutAt::<Test>::get(), 100);
		assert_invariants();
	});
}

#[test]
fn the_payout_sweep_is_bounded_per_block() {
	new_test_ext().execute_with(|| {
		for i in 0..6 {
			let id = create(ALICE, i % 2, ssd(1), 1_000);
			assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		}
		run_to(49);
		for node in 0..2 {
			assert_ok!(confirm(node, 49, true));
		}
		// Room for one node a block, besides the grace cursor's steps.
		ServiceWeight::set(Weight::from_parts(11_000_000 + 30_000_000, u64::MAX));
		run_to(50);
		assert!(matches!(PayoutSweep::<Test>::get(), PayoutPhase::Collecting { after: Some(_) }));
		run_to(51);
		assert!(matches!(PayoutSweep::<Test>::get(), PayoutPhase::Collecting { after: Some(_) }));
		run_to(58);
		assert_eq!(PayoutSweep::<Test>::get(), PayoutPhase::Idle);
		// 6 contracts x 48 blocks x 5 = 1,440, 10% to the treasury.
		assert_eq!((free(PAYOUT) + free(PAYOUT2), free(TREASURY)), (1_296, 144));
	});
}

// ---------------------------------------------------------------- policy and queries

#[test]
fn set_policy_is_root_only_and_bounded() {
	new_test_ext().execute_with(|| {
		let mut p = policy();
		p.grace_period_blocks = 7;
		assert_noop!(Pallet::<Test>::set_policy(signed(ALICE), p), DispatchError::BadOrigin);
		assert_ok!(Pallet::<Test>::set_policy(RuntimeOrigin::root(), p));
		assert_eq!(Policy::<Test>::get(), Some(p));
		assert!(events().contains(&Event::BillingPolicyChanged { policy: p }));
		for bad in [
			BillingPolicy { min_deposit_blocks: 0, ..p },
			BillingPolicy { grace_period_blocks: 0, ..p },
			BillingPolicy { max_node_downtime_blocks: 0, ..p },
			BillingPolicy { payout_period_blocks: 0, ..p },
			BillingPolicy { payout_period_blocks: 1_000_001, ..p },
			BillingPolicy { low_runway_blocks: 1_000_001, ..p },
		] {
			assert_noop!(
				Pallet::<Test>::set_policy(RuntimeOrigin::root(), bad),
				Error::<Test>::PolicyOutOfBounds
			);
		}
	});
}

#[test]
fn a_contract_keeps_the_price_it_was_created_with() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(1), 1_000);
		let mut dearer = pricing();
		dearer.ssd_per_gib_block = 50;
		assert_ok!(Registry::set_pricing(RuntimeOrigin::root(), dearer));
		assert_eq!(contract(id).rate, 5);
		let dearer_id = NextContractId::<Test>::get();
		assert_ok!(Pallet::<Test>::create_contract(signed(ALICE), 0, ssd(1), 1_500));
		assert_eq!(contract(dearer_id).rate, 50);
	});
}

/// Governance changes of the billing policy apply to new contracts: a running one keeps the
/// low-runway warning, the grace period and the downtime limit it was created with.
#[test]
fn a_contract_keeps_its_terms_when_the_policy_changes() {
	new_test_ext().execute_with(|| {
		let old = create(ALICE, 0, ssd(2), 200); // rate 10: 20 blocks
		assert_ok!(Pallet::<Test>::record_deployed(old, 1, report(1)));
		let stricter = BillingPolicy {
			low_runway_blocks: 0,
			grace_period_blocks: 5,
			max_node_downtime_blocks: 10,
			..policy()
		};
		assert_ok!(Pallet::<Test>::set_policy(RuntimeOrigin::root(), stricter));
		let new = create(BOB, 0, ssd(1), 1_000);
		assert_eq!(contract(old).terms, ContractTerms::from(&policy()));
		assert_eq!(contract(new).terms, ContractTerms::from(&stricter));

		// The old contract's warning and grace are its own: 5 blocks' warning, 20 of grace.
		run_to(30);
		assert_ok!(confirm(0, 30, true));
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::LowRunway { contract, .. } if *contract == old)));
		assert_eq!(contract(old).state, ContractState::GracePeriod { since: 21, ends: 50 });
		// Its node drains only at the old contract's downtime limit (30), not the new one (10).
		run_to(45);
		assert_ok!(confirm(0, 45, false));
		assert!(Drains::<Test>::get(0).is_none());
		run_to(61);
		assert_ok!(confirm(0, 60, false));
		assert_eq!(Drains::<Test>::get(0), Some(DrainReason::NodeDown));
		assert_invariants();
	});
}

#[test]
fn queries_page_through_contracts() {
	new_test_ext().execute_with(|| {
		let ids: Vec<_> = (0..25).map(|_| create(ALICE, 0, ssd(1), 1_000)).collect();
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Pallet::<Test>::user_contracts(&ALICE, after, 100);
			assert!(page.len() <= 10);
			if page.is_empty() {
				break;
			}
			after = page.last().copied();
			seen.extend(page);
		}
		seen.sort();
		assert_eq!(seen, ids);
		assert_eq!(Pallet::<Test>::node_contracts(0, None, 3).len(), 3);
		assert!(Pallet::<Test>::node_contracts(1, None, 3).is_empty());
		assert_eq!(Pallet::<Test>::contract_view(99), None);
		let view = Pallet::<Test>::contract_view(ids[0]).unwrap();
		// 1,000 of runway beside the grace reserve of 100.
		assert_eq!((view.held, view.charged, view.owed, view.paid_until), (1_100, 0, 0, Some(201)));
	});
}

#[test]
fn the_registry_sees_capacity_through_the_trait() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 0, ssd(600), 100_000);
		assert_noop!(
			Pallet::<Test>::create_contract(signed(BOB), 0, ssd(401), 100_000),
			pallet_sc4it_registry::Error::<Test>::NodeFull
		);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert_eq!(<Registry as GridRegistry<_, _>>::node_farm(0), Some(0));
		create(BOB, 0, ssd(1000), 100_000);
	});
}

#[test]
fn genesis_funds_the_pot_with_the_existential_deposit() {
	new_test_ext().execute_with(|| {
		assert_eq!(Balances::balance(&Pallet::<Test>::pot()), ED);
		assert_eq!(NextPayoutAt::<Test>::get(), 50);
	});
}

/// A broken invariant (the escrow holds less than the contracts' records say) is an error in a
/// call, and an event in per-block work, which goes on.
#[test]
fn a_short_escrow_is_an_error_in_calls_and_an_event_in_the_sweep() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::fungible::Mutate;
		let broken = create(ALICE, 0, ssd(1), 1_000);
		let sound = create(BOB, 1, ssd(1), 1_000);
		for id in [broken, sound] {
			assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		}
		run_to(10);
		assert_ok!(confirm(0, 10, true));
		assert_ok!(confirm(1, 10, true));
		// The pot is drained behind the pallet's back: it keeps what the farms earned and
		// little more.
		Balances::set_balance(&Pallet::<Test>::pot(), ED + 100);
		assert_noop!(Pallet::<Test>::cancel(signed(ALICE), broken), Error::<Test>::EscrowMismatch);
		run_to(50);
		// The round went on: both nodes' earnings collected, the farms paid from what is left.
		assert_eq!(free(PAYOUT) + free(PAYOUT2), 2 * 41);
		assert!(events().contains(&Event::PayoutRoundFinished { at: 50 }));
		assert!(contract(sound).streaming);
	});
}

/// An event reported after the health of later blocks is settled against what can still be
/// computed, in the user's favour: a late deployment starts billing no earlier than the node's
/// last stretch of equal health, and a late removal charges no block that might have followed it.
#[test]
fn late_events_are_bounded_in_the_users_favour() {
	new_test_ext().execute_with(|| {
		let late_start = create(ALICE, 0, ssd(1), 1_000); // rate 5
		let late_end = create(BOB, 0, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(late_end, 1, report(1)));
		run_to(30);
		assert_ok!(confirm(0, 10, true));
		assert_ok!(confirm(0, 20, false));
		assert_ok!(confirm(0, 30, true)); // last stretch: [20, 30), healthy
									// Deployed at 5, reported now: billing starts at 20, where the stretch begins.
		assert_ok!(Pallet::<Test>::record_deployed(late_start, 5, report(2)));
		assert_eq!(Pallet::<Test>::contract_view(late_start).unwrap().charged, 50);
		// Removed at 15, reported now. The pallet no longer knows the health of [15, 20); up to 5
		// of those blocks could have been healthy, so it takes the count at 15 as H(20) - 5 = 5,
		// the lowest it can have been. Billed from count 1 (block 1) to 5: 4 blocks, 20. (The
		// true figure, 9 blocks, is higher: a late report costs the farmer, never the user.)
		assert_ok!(Pallet::<Test>::record_removed(late_end, 15, report(2)));
		assert!(events().contains(&Event::ContractClosed {
			contract: late_end,
			charged: 20,
			owed: 0
		}));
	});
}

#[test]
fn decommissions_are_overdue_only_when_the_service_fell_behind() {
	use sc4it_primitives::UsageOracle;
	new_test_ext().execute_with(|| {
		run_to(10);
		// The pool validates at the next block, whose service has not run yet: not behind, so
		// no authority's decommission transaction passes the pool for nothing.
		System::set_block_number(11);
		assert!(!<ContractsPallet as UsageOracle<BlockNumber>>::decommissions_overdue());
		// Blocks that came without the service: behind.
		System::set_block_number(13);
		assert!(<ContractsPallet as UsageOracle<BlockNumber>>::decommissions_overdue());
	});
}

#[test]
fn a_node_takes_no_more_contracts_than_its_reports_can_list() {
	new_test_ext().execute_with(|| {
		MaxContractsPerNode::set(2);
		let a = create(ALICE, 0, hdd(1), 100);
		create(BOB, 0, hdd(1), 100);
		assert_eq!(NodeContractCount::<Test>::get(0), 2);
		assert_noop!(
			Pallet::<Test>::create_contract(signed(ALICE), 0, hdd(1), 100),
			Error::<Test>::NodeFull
		);
		// Another node is not full.
		create(ALICE, 1, hdd(1), 100);
		// Once one has ended and closed, there is room again.
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), a));
		run_to(5);
		assert_eq!(NodeContractCount::<Test>::get(0), 1);
		create(ALICE, 0, hdd(1), 100);
		assert_invariants();
	});
}

/// A failure that lands after a settlement past it (another report's health ran the funds out
/// first): the blocks after the failure are not charged.
#[test]
fn a_failure_landing_after_a_settlement_past_it_takes_the_charge_back() {
	new_test_ext().execute_with(|| {
		// 2 GiB of SSD at 10 per block, 200 held: 20 blocks.
		let id = create(ALICE, 0, ssd(2), 200);
		assert_ok!(Pallet::<Test>::record_deployed(id, 1, report(1)));
		run_to(31);
		// Healthy up to 31: the funds run out at 21, everything is charged.
		assert_ok!(confirm(0, 31, true));
		assert_eq!(contract(id).charged, 200);
		let alice = free(ALICE);
		// The agent's failure at block 11 lands now.
		assert_ok!(Pallet::<Test>::record_failed(id, FailureReason::VolumeLost, 11, report(31)));
		// Ten blocks (1..11) are what it owes: the other ten come back, with the grace reserve.
		assert_eq!(free(ALICE), alice + 100 + 200);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::ChargeReversed { contract, billed_blocks: 10, returned: 100, .. } if *contract == id
		)));
		assert_invariants();
	});
}

/// A contract whose end fails in a drain (here: the registry's books were broken behind the
/// pallet's back) neither stalls its node's drain nor keeps its owner's funds on hold.
#[test]
fn a_contract_a_drain_cannot_end_is_closed_with_its_funds_returned() {
	new_test_ext().execute_with(|| {
		let deployed = create(ALICE, 0, ssd(1), 1_000); // rate 5
		let waiting = create(BOB, 0, ssd(1), 1_000);
		assert_ok!(Pallet::<Test>::record_deployed(deployed, 1, report(1)));
		run_to(50);
		assert_ok!(confirm(0, 10, true)); // 9 blocks charged
		assert_ok!(confirm(0, 30, false));
		// The registry no longer counts the contracts' space: releasing it fails.
		pallet_sc4it_registry::Nodes::<Test>::mutate(0, |n| {
			if let Some(n) = n {
				n.reserved = Default::default();
			}
		});
		assert_ok!(confirm(0, 40, false)); // down 30 blocks: the drain starts
		run_to(52);
		let failed = events().iter().filter(|e| matches!(e, Event::ServiceFailed { .. })).count();
		assert!(failed >= 2, "both ends failed and said so");
		assert!(events().contains(&Event::NodeDrainFinished { node: 0 }));
		assert!(Contracts::<Test>::get(deployed).is_none());
		assert!(Contracts::<Test>::get(waiting).is_none());
		assert_eq!(free(ALICE), INITIAL - 45);
		assert_eq!(free(BOB), INITIAL);
	});
}

/// When even the fallback close fails, the contract is off its node's list and its owner's
/// `cancel` closes it later: nothing stays on hold for good.
#[test]
fn the_owner_closes_a_stranded_contract_by_cancelling_it() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, 1, ssd(1), 1_000);
		// A drain took it off the node's list and could not close it.
		Pallet::<Test>::remove_from_node(1, id);
		assert_noop!(Pallet::<Test>::cancel(signed(BOB), id), Error::<Test>::NotOwner);
		assert_ok!(Pallet::<Test>::cancel(signed(ALICE), id));
		assert!(Contracts::<Test>::get(id).is_none());
		assert_eq!(free(ALICE), INITIAL);
		assert_eq!(reserved(1).ssd_gib, 0);
	});
}
