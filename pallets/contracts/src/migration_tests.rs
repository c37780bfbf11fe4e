//! The migration from storage version 0 (funds on hold in owners' accounts) to the escrow,
//! applied to a version-0 state written as version 0 stored it.

use crate::{
	migrations::{v0, v1::MigrateV0ToV1},
	mock::*,
	*,
};
use frame_support::{
	assert_ok,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		GetStorageVersion, OnRuntimeUpgrade, StorageVersion,
	},
};
use sc4it_primitives::{ContractId, GridRegistry, NodeId};
use sp_runtime::Perbill;

const RATE: Balance = 10;

fn timeline_v0(healthy_blocks: u64) -> v0::NodeTimeline<BlockNumber> {
	v0::NodeTimeline {
		confirmed_until: 20,
		healthy_blocks,
		segment_start: 0,
		segment_healthy: true,
		down_blocks: 0,
		last_report: Some(report(20)),
		draining: None,
		downtime_limit: Some(policy().max_node_downtime_blocks),
	}
}

/// A version-0 contract of `owner` on node 0 with `held` on hold in the owner's account.
fn contract_v0(
	id: ContractId,
	owner: AccountId,
	state: ContractState<BlockNumber>,
	settled: Option<u64>,
	held: Balance,
	runway: Option<RunwayMarks>,
) {
	let node: NodeId = 0;
	assert_ok!(Balances::hold(&HoldReason::ContractFunds.into(), &owner, held));
	assert_ok!(<Registry as GridRegistry<_, _>>::reserve_capacity(node, &ssd(2)));
	v0::Contracts::<Test>::insert(
		id,
		v0::Contract::<Test> {
			owner,
			node,
			farm: 0,
			volume: ssd(2),
			rate: RATE,
			fee: Perbill::from_percent(10),
			terms: ContractTerms::from(&policy()),
			created_at: 1,
			state,
			deployed_at: settled.map(|_| 1),
			settled_count: settled,
			held,
			charged: 0,
			owed: 0,
			runway,
			storage_deposit: 0,
		},
	);
	UserContracts::<Test>::insert(owner, id, ());
	NodeContracts::<Test>::insert(node, id, ());
	NodeContractCount::<Test>::mutate(node, |n| *n += 1);
	FarmContractCount::<Test>::mutate(0, |n| *n += 1);
	v0::BilledContracts::<Test>::insert(id, ());
}

/// A chain at block 20 as version 0 left it: a contract billing with funds left (settled up to
/// count 5 of the node's 20), one in grace, one awaiting deployment; 100 charged and pending;
/// a payout round halfway through settling contracts.
fn version_0_state() {
	run_to(20);
	StorageVersion::new(0).put::<Pallet<Test>>();
	v0::Timelines::<Test>::insert(0, timeline_v0(20));
	v0::Timelines::<Test>::insert(1, timeline_v0(0));
	let exhausted = 5 + (1_000 - RATE * u128::from(policy().grace_period_blocks)) as u64 / 10;
	contract_v0(
		0,
		ALICE,
		ContractState::Deployed,
		Some(5),
		1_000,
		Some(RunwayMarks { low: None, exhausted }),
	);
	let grace = ContractState::GracePeriod { since: 15, ends: 40 };
	contract_v0(1, BOB, grace, Some(20), 50, None);
	contract_v0(2, ALICE, ContractState::Created, None, 300, None);
	FarmPayouts::<Test>::insert(0, FarmLedger { pending: 90, paid: 0 });
	PendingFarms::<Test>::insert(0, ());
	TreasuryPayouts::<Test>::put(FarmLedger { pending: 10, paid: 0 });
	assert_ok!(Balances::mint_into(&Pallet::<Test>::pot(), 100));
	v0::PayoutSweep::<Test>::put(v0::PayoutPhase::Settling { after: Some(0) });
}

fn on_hold(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::ContractFunds.into(), &who)
}

#[test]
fn version_0_funds_move_to_the_escrow_and_billing_contracts_stream() {
	new_test_ext().execute_with(|| {
		version_0_state();
		let pot = Balances::balance(&Pallet::<Test>::pot());
		let issuance = Balances::total_issuance();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
		// Every planck on hold moved to the pot; nothing was minted or lost.
		assert_eq!((on_hold(ALICE), on_hold(BOB)), (0, 0));
		assert_eq!(Balances::balance(&Pallet::<Test>::pot()), pot + 1_350);
		assert_eq!(Balances::total_issuance(), issuance);
		// The billing contract streams, owing its node's 15 blocks since its settlement; the
		// others do not.
		let streaming: Vec<bool> =
			(0..3).map(|id| Contracts::<Test>::get(id).unwrap().streaming).collect();
		assert_eq!(streaming, vec![true, false, false]);
		let tl = Timelines::<Test>::get(0).unwrap();
		assert_eq!((tl.farm, tl.rate_sum, tl.earned, tl.fees), (0, RATE, 135, 15));
		assert_eq!(Pallet::<Test>::contract_view(0).unwrap().held, 1_000 - 150);
		// No list of billed contracts; the round goes on by nodes.
		assert_eq!(v0::BilledContracts::<Test>::iter().count(), 0);
		assert_eq!(PayoutSweep::<Test>::get(), PayoutPhase::Collecting { after: None });
		assert_ok!(Pallet::<Test>::do_try_state());

		// Once: a second run changes nothing.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Balances::balance(&Pallet::<Test>::pot()), pot + 1_350);
		assert_eq!(Timelines::<Test>::get(0).unwrap().earned, 135);
	});
}

#[test]
fn migrated_contracts_end_with_every_planck_where_it_belongs() {
	new_test_ext().execute_with(|| {
		version_0_state();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		let (alice, bob) = (free(ALICE), free(BOB));
		// Ending all three: the streaming one pays its 15 blocks, the one in grace keeps what
		// its reserve holds, the one never deployed gets everything back.
		assert_ok!(Pallet::<Test>::cancel(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(Pallet::<Test>::cancel(RuntimeOrigin::signed(BOB), 1));
		assert_ok!(Pallet::<Test>::cancel(RuntimeOrigin::signed(ALICE), 2));
		// Their node's health is known up to now: each closes at once.
		assert!((0..3).all(|id| Contracts::<Test>::get(id).is_none()));
		assert_eq!(free(ALICE), alice + 850 + 300);
		assert_eq!(free(BOB), bob + 50);
		// What the farm and the treasury earned is pending, and nothing else is in the pot.
		run_to(60);
		assert_eq!(free(PAYOUT) + free(TREASURY), 100 + 150);
		assert_eq!(Balances::balance(&Pallet::<Test>::pot()), ED);
		assert_ok!(Pallet::<Test>::do_try_state());
	});
}
