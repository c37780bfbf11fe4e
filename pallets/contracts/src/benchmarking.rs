//! Benchmarks of the contracts pallet: its calls, and each task of its per-block work and of
//! what the oracle has it do, on their worst paths.
//!
//! - `top_up`: a third party's top-up of a contract in grace with debt: it settles, pays the
//!   debt, reactivates the contract and arms its runway again.
//! - `cancel`: a billed contract with unconfirmed blocks: settled, its last charge scheduled,
//!   its surplus refunded.
//! - `expire_graces(n)`: `n` contracts whose grace ends at the same block.
//! - `drain_contracts(n)`: a node removed with `n` billed contracts on it (the decommission
//!   cascade).
//! - `collect_earnings(n)` and `pay_farms(n)`: a payout round collecting the earnings of `n`
//!   nodes (the collection alone), and paying `n` farms.
//! - `record_health(n)`: a node's healthy period in which `n` contracts (up to
//!   `MaxWorkPerReport`) reach their last block and close, the dearest kind of due point;
//!   `record_health_starts(n)`, `record_health_warnings(n)` and `record_health_run_outs(n)`:
//!   the same period reaching `n` billing starts, low-runway warnings or funds running out.
//!   A recording of health is charged each kind's slope for each of its due points.
//! - `record_deployed`: a deployment a report carries, at a block whose health is already
//!   confirmed (so billing starts at once and the runway is armed, the dearer of its two paths).
//! - `record_event`: the heaviest event a report carries, a removal that closes the contract.
//! - `pay_debt`: a debt paid to an existing farm's payout account.
//!
//! The per-item tasks have their fixed part measured in `service_base`; the per-block service
//! charges the slope of each (see `service.rs`).

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		Get,
	},
	weights::WeightMeter,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sc4it_primitives::{
	benchmarking::{ContractsSetup, GridSetup},
	ContractId, DiskType, GridRegistry, NodeHealth, NodeId, NodeLifecycle, ReportId, UsageOracle,
	Volume,
};
use sp_runtime::traits::{Saturating, Zero};

/// The most items the per-item benchmarks go up to: enough for a straight line.
const MAX_ITEMS: u32 = 200;

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

fn go_to<T: Config>(n: u32) {
	frame_system::Pallet::<T>::set_block_number(block::<T>(n));
}

fn report() -> ReportId {
	ReportId::repeat_byte(0x5c)
}

/// The benchmark policy's grace period: each contract holds its rate for as many blocks beside
/// its runway.
const GRACE_BLOCKS: u32 = 20;

/// The policy the benchmarks run under: no low-runway warning, so that every runway mark is a
/// contract running out of funds.
fn bench_policy<T: Config>() -> BillingPolicy<BlockNumberFor<T>> {
	BillingPolicy {
		min_deposit_blocks: block::<T>(10),
		low_runway_blocks: Zero::zero(),
		grace_period_blocks: block::<T>(GRACE_BLOCKS),
		max_node_downtime_blocks: block::<T>(10_000),
		payout_period_blocks: block::<T>(10_000),
	}
}

fn use_bench_policy<T: Config>() {
	if Pallet::<T>::do_set_policy(bench_policy::<T>()).is_err() {
		panic!("the benchmark policy is within the runtime's bounds");
	}
}

/// The benchmark policy with a low-runway warning 990 blocks before funds run out: a contract
/// paying for 1,000 blocks is warned 10 blocks into its billing.
fn use_warning_policy<T: Config>() {
	let policy = BillingPolicy { low_runway_blocks: block::<T>(990), ..bench_policy::<T>() };
	if Pallet::<T>::do_set_policy(policy).is_err() {
		panic!("the warning policy is within the runtime's bounds");
	}
}

fn node_key(seed: u32) -> sp_core::ed25519::Public {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(&seed.to_le_bytes());
	raw[31] = 0xc0;
	sp_core::ed25519::Public::from_raw(raw)
}

fn node<T: Config>(seed: u32) -> NodeId {
	let farmer: T::AccountId = account("farmer", seed, 0);
	T::GridSetup::node_with_key(&farmer, node_key(seed)).expect("a benchmark node registers")
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = BalanceOf::<T>::from(1_000_000_000u32)
		.saturating_mul(1_000_000u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

fn volume() -> Volume {
	Volume { size_gib: 1, disk_type: DiskType::Ssd }
}

/// What one block of a 1 GiB SSD volume costs.
fn rate<T: Config>() -> BalanceOf<T> {
	T::Registry::farm_pricing(0).map(|p| p.per_gib_block(DiskType::Ssd)).unwrap_or_default()
}

/// A contract of `owner` on `node` whose deposit pays for `blocks` billed blocks, beside its
/// grace reserve.
fn contract<T: Config>(owner: &T::AccountId, node: NodeId, blocks: u32) -> ContractId {
	let deposit = rate::<T>().saturating_mul(blocks.saturating_add(GRACE_BLOCKS).into());
	Pallet::<T>::do_create_contract(owner.clone(), node, volume(), deposit, None)
		.expect("a funded user can create a contract")
}

/// `n` contracts on `node`, each of its own user (so that each settles into its own account and
/// hold, as in a real grid), each paying for `blocks` blocks, deployed at block `at` (the
/// current block).
fn deployed<T: Config>(node: NodeId, n: u32, blocks: u32, at: u32) -> Vec<ContractId> {
	(0..n).map(|i| deployed_one::<T>(node, i, blocks, at)).collect()
}

fn deployed_one<T: Config>(node: NodeId, user: u32, blocks: u32, at: u32) -> ContractId {
	let owner = funded::<T>("user", user);
	let id = contract::<T>(&owner, node, blocks);
	Pallet::<T>::do_record_deployed(id, block::<T>(at), report())
		.expect("a new contract can be deployed");
	id
}

/// `n` contracts as [`deployed`], each on a node of its own farm: every contract touches its own
/// node's timeline and its own farm's ledger, the heaviest way for the per-contract tasks.
fn deployed_apart<T: Config>(n: u32, blocks: u32, at: u32) -> (Vec<NodeId>, Vec<ContractId>) {
	(0..n)
		.map(|i| {
			let node = node::<T>(1_000 + i);
			(node, deployed_one::<T>(node, i, blocks, at))
		})
		.unzip()
}

/// Confirms `node` healthy up to block `to`, in as many reports as the work cap needs.
fn confirm<T: Config>(node: NodeId, to: u32) {
	let to = block::<T>(to);
	while let Some(from) = <Pallet<T> as UsageOracle<_>>::confirmed_until(node) {
		if from >= to {
			break;
		}
		Pallet::<T>::do_record_health(node, from, to, NodeHealth::Healthy, report(), u32::MAX)
			.expect("a contiguous period is recorded");
	}
}

/// Records `node` healthy over `[from, to)` through the oracle's entry point, with a whole
/// report's work bound: what the `record_health*` benchmarks measure.
fn healthy_period<T: Config>(
	node: NodeId,
	from: u32,
	to: u32,
) -> Result<sc4it_primitives::HealthRecorded<BlockNumberFor<T>>, sp_runtime::DispatchError> {
	<Pallet<T> as UsageOracle<_>>::record_health(
		node,
		block::<T>(from),
		block::<T>(to),
		NodeHealth::Healthy,
		report(),
		T::MaxWorkPerReport::get(),
	)
}

/// `n` contracts on one new node, each of its own user with 1,000 blocks paid, deployed at
/// block 10 and billed (the node confirmed healthy) up to block 50.
fn billed<T: Config>(n: u32) -> (NodeId, Vec<ContractId>) {
	use_bench_policy::<T>();
	go_to::<T>(10);
	let node = node::<T>(1);
	let ids = deployed::<T>(node, n, 1_000, 10);
	go_to::<T>(50);
	confirm::<T>(node, 50);
	(node, ids)
}

/// One contract as [`billed`], the chain then at block 60: ten blocks not yet confirmed.
fn one_billed<T: Config>() -> ContractId {
	let (_, ids) = billed::<T>(1);
	go_to::<T>(60);
	ids[0]
}

/// Gives contract `id` an automatic top-up of `blocks` blocks a time, with its deposit on hold
/// and no cap in reach, as `set_auto_top_up` would (whose checks the benchmark policy, without
/// a low-runway mark, would refuse).
fn with_auto_top_up<T: Config>(id: ContractId, blocks: u32) {
	let owner = Contracts::<T>::get(id).map(|c| c.owner).expect("the contract exists");
	let deposit = T::AutoTopUpDeposit::get();
	T::Currency::hold(&HoldReason::AutoTopUpStorage.into(), &owner, deposit)
		.expect("a funded owner can hold the deposit");
	let amount = rate::<T>().saturating_mul(blocks.into());
	let terms = AutoTopUpTerms {
		amount,
		cap: amount.saturating_mul(1_000u32.into()),
		period: block::<T>(10_000),
	};
	let record = AutoTopUp { terms, period_start: block::<T>(1), spent: Zero::zero(), deposit };
	AutoTopUps::<T>::insert(id, record);
}

/// Whether contract `id`'s low-runway mark is still to come.
fn low_mark_armed<T: Config>(id: ContractId) -> bool {
	Contracts::<T>::get(id).is_some_and(|c| c.runway.is_some_and(|r| r.low.is_some()))
}

fn state<T: Config>(id: ContractId) -> Option<ContractState<BlockNumberFor<T>>> {
	Contracts::<T>::get(id).map(|c| c.state)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The yardstick of this run: fixed work that the weights' ratios are taken to
	/// (`sc4it_primitives::benchmarking::reference_kernel`).
	#[benchmark]
	fn reference() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	#[benchmark]
	fn create_contract() {
		use_bench_policy::<T>();
		let node = node::<T>(1);
		let caller = funded::<T>("user", 0);
		let deposit = rate::<T>().saturating_mul(1_000u32.into());
		let id = NextContractId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node, volume(), deposit);
		assert_eq!(state::<T>(id), Some(ContractState::Created));
	}

	/// Under a warning policy, so that the reactivated contract arms both runway marks.
	#[benchmark]
	fn top_up() {
		use_warning_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		let id = deployed::<T>(node, 1, 10, 10)[0];
		go_to::<T>(100);
		confirm::<T>(node, 100);
		// Confirmed blocks in grace beyond the reserve: the top-up settles them into debt,
		// pays it and reactivates the contract.
		assert!(matches!(state::<T>(id), Some(ContractState::GracePeriod { .. })));
		assert!(Pallet::<T>::contract_view(id).is_some_and(|c| !c.owed.is_zero()));
		let gifter = funded::<T>("gifter", 0);
		let amount = rate::<T>().saturating_mul(3_000u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(gifter), id, amount);
		assert_eq!(state::<T>(id), Some(ContractState::Deployed));
		assert!(low_mark_armed::<T>(id));
	}

	/// Its automatic top-up goes with it.
	#[benchmark]
	fn cancel() {
		let id = one_billed::<T>();
		with_auto_top_up::<T>(id, 1_000);
		let owner = Contracts::<T>::get(id).map(|c| c.owner).expect("exists");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(matches!(state::<T>(id), Some(ContractState::Deleted { .. })));
	}

	/// A user paying a debt to a farm that still exists: the farm's payout account is read and
	/// paid, the debt removed.
	#[benchmark]
	fn pay_debt() {
		let node = node::<T>(1);
		let farm = T::Registry::node_farm(node).expect("a benchmark node has a farm");
		let user = funded::<T>("user", 0);
		Debts::<T>::insert(&user, farm, rate::<T>().saturating_mul(1_000u32.into()));
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), farm);
		assert!(Debts::<T>::get(&user, farm).is_zero());
	}

	#[benchmark]
	fn set_policy() {
		let policy = bench_policy::<T>();
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, policy);
		assert_eq!(Policy::<T>::get(), Some(policy));
	}

	/// The per-block service with nothing to do.
	#[benchmark]
	fn service_base() {
		use_bench_policy::<T>();
		go_to::<T>(100);
		GraceCursor::<T>::put(block::<T>(101));
		NextPayoutAt::<T>::put(block::<T>(10_000));
		#[block]
		{
			Pallet::<T>::service(block::<T>(100));
		}
		assert_eq!(GraceCursor::<T>::get(), block::<T>(101));
	}

	/// Grace expiry walking `n` blocks in which no grace ends.
	#[benchmark]
	fn service_steps(n: Linear<1, 1_000>) {
		go_to::<T>(2_000);
		GraceCursor::<T>::put(block::<T>(2_001 - n));
		#[block]
		{
			Pallet::<T>::expire_graces(block::<T>(2_000), &mut WeightMeter::new());
		}
		assert_eq!(GraceCursor::<T>::get(), block::<T>(2_001));
	}

	#[benchmark]
	fn expire_graces(n: Linear<0, MAX_ITEMS>) {
		use_bench_policy::<T>();
		go_to::<T>(10);
		let (nodes, ids) = deployed_apart::<T>(n, 10, 10);
		go_to::<T>(100);
		nodes.iter().for_each(|node| confirm::<T>(*node, 100));
		// Deployed at 10 with 10 blocks paid: out of funds at 20, which the chain learns at
		// 100; grace ends 20 blocks later.
		let ends = 120;
		GraceCursor::<T>::put(block::<T>(ends));
		go_to::<T>(ends);
		// Health known up to the end of grace: each expiry settles and closes at once.
		nodes.iter().for_each(|node| confirm::<T>(*node, ends));
		assert_eq!(GraceEnds::<T>::iter_prefix(block::<T>(ends)).count(), n as usize);
		// Each has an automatic top-up (that failed), which goes with it.
		ids.iter().for_each(|id| with_auto_top_up::<T>(*id, 1_000));
		#[block]
		{
			Pallet::<T>::expire_graces(block::<T>(ends), &mut WeightMeter::new());
		}
		assert!(ids.iter().all(|id| !Contracts::<T>::contains_key(id)));
	}

	#[benchmark]
	fn drain_contracts(n: Linear<0, MAX_ITEMS>) {
		let (node, ids) = billed::<T>(n);
		ids.iter().for_each(|id| with_auto_top_up::<T>(*id, 1_000));
		<Pallet<T> as NodeLifecycle>::on_node_removed(node);
		#[block]
		{
			Pallet::<T>::drain_nodes(&mut WeightMeter::new());
		}
		assert!(Drains::<T>::iter().next().is_none());
		assert!(ids.iter().all(|id| !Contracts::<T>::contains_key(id)));
	}

	/// `n` queued automatic top-ups, each of a contract in grace on its own node with
	/// confirmed blocks in debt: each top-up settles, pays the debt and reactivates, arming both
	/// runway marks, the heaviest way (as `top_up`). One top-up a contract: a second, for a
	/// contract it leaves short, is charged as another item.
	#[benchmark]
	fn auto_top_ups(n: Linear<0, MAX_ITEMS>) {
		use_warning_policy::<T>();
		go_to::<T>(10);
		let (nodes, ids) = deployed_apart::<T>(n, 10, 10);
		go_to::<T>(100);
		nodes.iter().for_each(|node| confirm::<T>(*node, 100));
		for id in &ids {
			assert!(matches!(state::<T>(*id), Some(ContractState::GracePeriod { .. })));
			with_auto_top_up::<T>(*id, 3_000);
			let due = DueTopUp { billed_blocks_left: 0, paid_until: block::<T>(100), warned: true };
			AutoTopUpsDue::<T>::insert(id, due);
		}
		#[block]
		{
			Pallet::<T>::auto_top_ups(block::<T>(100), &mut WeightMeter::new());
		}
		assert!(AutoTopUpsDue::<T>::iter().next().is_none());
		assert!(ids.iter().all(|id| state::<T>(*id) == Some(ContractState::Deployed)));
		assert!(ids.iter().all(|id| low_mark_armed::<T>(*id)));
	}

	/// A first automatic top-up (its deposit held) for a contract whose runway is already low:
	/// queued at once.
	#[benchmark]
	fn set_auto_top_up() {
		use_warning_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		let id = deployed_one::<T>(node, 0, 1_000, 10);
		go_to::<T>(30);
		confirm::<T>(node, 30);
		let owner = Contracts::<T>::get(id).map(|c| c.owner).expect("exists");
		let amount = rate::<T>().saturating_mul(1_000u32.into());
		let terms = AutoTopUpTerms { amount, cap: amount, period: block::<T>(1_000) };
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Some(terms));
		assert!(AutoTopUps::<T>::contains_key(id));
		assert!(AutoTopUpsDue::<T>::contains_key(id));
	}

	#[benchmark]
	fn collect_earnings(n: Linear<0, MAX_ITEMS>) {
		use_bench_policy::<T>();
		go_to::<T>(10);
		let (nodes, _) = deployed_apart::<T>(n, 1_000, 10);
		go_to::<T>(80);
		nodes.iter().for_each(|node| confirm::<T>(*node, 80));
		assert!(nodes
			.iter()
			.all(|node| Timelines::<T>::get(node).is_some_and(|tl| !tl.earned.is_zero())));
		PayoutSweep::<T>::put(PayoutPhase::Collecting { after: None });
		#[block]
		{
			// The collection alone: paying the farms is `pay_farms`, charged per farm.
			while let PayoutPhase::Collecting { after } = PayoutSweep::<T>::get() {
				Pallet::<T>::collect_next(after);
			}
		}
		assert_eq!(PayoutSweep::<T>::get(), PayoutPhase::Paying { after: None });
		assert!(nodes
			.iter()
			.all(|node| Timelines::<T>::get(node).is_some_and(|tl| tl.earned.is_zero())));
	}

	#[benchmark]
	fn pay_farms(n: Linear<0, MAX_ITEMS>) {
		use_bench_policy::<T>();
		let each = T::Currency::minimum_balance().saturating_mul(10u32.into());
		let farms: Vec<_> = (0..n)
			.map(|i| {
				let farm = T::Registry::node_farm(node::<T>(i)).expect("the node's farm");
				FarmPayouts::<T>::insert(farm, FarmLedger { pending: each, paid: Zero::zero() });
				PendingFarms::<T>::insert(farm, ());
				farm
			})
			.collect();
		let pot = Pallet::<T>::pot();
		let total = each.saturating_mul(n.into());
		T::Currency::set_balance(&pot, T::Currency::minimum_balance().saturating_add(total));
		PayoutSweep::<T>::put(PayoutPhase::Paying { after: None });
		#[block]
		{
			Pallet::<T>::sweep_payouts(block::<T>(1), &mut WeightMeter::new());
		}
		assert!(farms.iter().all(|f| FarmPayouts::<T>::get(f).pending.is_zero()));
	}

	#[benchmark]
	fn record_health(n: Linear<0, { T::MaxWorkPerReport::get() }>) {
		let (node, ids) = billed::<T>(n);
		go_to::<T>(60);
		for id in &ids {
			let owner = Contracts::<T>::get(id).map(|c| c.owner).expect("exists");
			Pallet::<T>::do_cancel(owner, *id).expect("the owner cancels");
		}
		go_to::<T>(70);
		#[block]
		{
			let recorded = healthy_period::<T>(node, 50, 70);
			assert_eq!(recorded.map(|r| r.until), Ok(block::<T>(70)));
		}
		assert!(ids.iter().all(|id| !Contracts::<T>::contains_key(id)));
	}

	/// A node's healthy period reaching the billing start of `n` contracts deployed at a block
	/// not yet confirmed: each is settled from there, its two runway marks are armed and it
	/// joins the stream.
	#[benchmark]
	fn record_health_starts(n: Linear<0, { T::MaxWorkPerReport::get() }>) {
		use_warning_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		go_to::<T>(20);
		// Each is warned 10 blocks into its billing, after this period.
		let ids = deployed::<T>(node, n, 1_000, 15);
		#[block]
		{
			let recorded = healthy_period::<T>(node, 10, 20);
			assert_eq!(recorded.map(|r| r.work), Ok(n));
		}
		assert!(ids.iter().all(|id| Contracts::<T>::get(id).is_some_and(|c| c.streaming)));
	}

	/// A node's healthy period reaching the low-runway mark of `n` billed contracts, each with
	/// an automatic top-up: queued (a read and a write) where a warning is an event alone.
	#[benchmark]
	fn record_health_warnings(n: Linear<0, { T::MaxWorkPerReport::get() }>) {
		use_warning_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		// Billed from block 10 with 1,000 blocks paid: low at 10 blocks in.
		let ids = deployed::<T>(node, n, 1_000, 10);
		ids.iter().for_each(|id| with_auto_top_up::<T>(*id, 1_000));
		go_to::<T>(30);
		#[block]
		{
			let recorded = healthy_period::<T>(node, 10, 30);
			assert_eq!(recorded.map(|r| r.work), Ok(n));
		}
		assert!(ids.iter().all(|id| !low_mark_armed::<T>(*id)));
		assert!(ids.iter().all(|id| AutoTopUpsDue::<T>::contains_key(id)));
	}

	/// A node's healthy period in which `n` billed contracts run out of funds: each leaves the
	/// stream, is settled, and its grace period starts, after the `LowRunway` its queued
	/// automatic top-up stood for.
	#[benchmark]
	fn record_health_run_outs(n: Linear<0, { T::MaxWorkPerReport::get() }>) {
		use_bench_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		// Billed from block 10 with 10 blocks paid.
		let ids = deployed::<T>(node, n, 10, 10);
		for id in &ids {
			with_auto_top_up::<T>(*id, 1_000);
			let due = DueTopUp { billed_blocks_left: 1, paid_until: block::<T>(20), warned: false };
			AutoTopUpsDue::<T>::insert(id, due);
		}
		go_to::<T>(30);
		#[block]
		{
			let recorded = healthy_period::<T>(node, 10, 30);
			assert_eq!(recorded.map(|r| r.work), Ok(n));
		}
		assert!(ids
			.iter()
			.all(|id| matches!(state::<T>(*id), Some(ContractState::GracePeriod { .. }))));
		assert!(ids.iter().all(|id| AutoTopUpsDue::<T>::get(id).is_some_and(|due| due.warned)));
	}

	#[benchmark]
	fn record_deployed() {
		use_bench_policy::<T>();
		go_to::<T>(10);
		let node = node::<T>(1);
		let owner = funded::<T>("user", 0);
		let id = contract::<T>(&owner, node, 1_000);
		go_to::<T>(30);
		confirm::<T>(node, 20);
		#[block]
		{
			let deployed =
				<Pallet<T> as UsageOracle<_>>::record_deployed(id, block::<T>(15), report());
			assert_eq!(deployed, Ok(()));
		}
		assert_eq!(state::<T>(id), Some(ContractState::Deployed));
		assert!(Contracts::<T>::get(id).is_some_and(|c| c.settled_count.is_some()));
	}

	/// A removal that ends a billed contract with a queued automatic top-up, released with it.
	#[benchmark]
	fn record_event() {
		let id = one_billed::<T>();
		with_auto_top_up::<T>(id, 1_000);
		let due = DueTopUp { billed_blocks_left: 1, paid_until: block::<T>(60), warned: false };
		AutoTopUpsDue::<T>::insert(id, due);
		#[block]
		{
			let removed =
				<Pallet<T> as UsageOracle<_>>::record_removed(id, block::<T>(40), report());
			assert_eq!(removed, Ok(()));
		}
		assert!(!Contracts::<T>::contains_key(id));
		assert!(!AutoTopUps::<T>::contains_key(id) && !AutoTopUpsDue::<T>::contains_key(id));
	}

	/// The yardstick again, timed last: a run whose two timings of it differ by more than 10% saw
	/// the machine change under it, and `scripts/benchmark-weights.sh` takes that run again.
	#[benchmark]
	fn reference_end() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

impl<T: Config> ContractsSetup<T::AccountId> for Pallet<T> {
	fn awaiting_deployment(
		owner: &T::AccountId,
		node: NodeId,
	) -> Result<ContractId, sp_runtime::DispatchError> {
		if Policy::<T>::get().is_none() {
			Pallet::<T>::do_set_policy(bench_policy::<T>())?;
		}
		let deposit = rate::<T>().saturating_mul(1_000u32.into());
		let needed = deposit.saturating_add(T::Currency::minimum_balance());
		if T::Currency::balance(owner) < needed {
			T::Currency::set_balance(owner, needed.saturating_mul(1_000u32.into()));
		}
		Pallet::<T>::do_create_contract(owner.clone(), node, volume(), deposit, None)
	}
}

/// The origin of a governance call (a carried council motion in the runtime).
fn governance<T: Config>() -> T::RuntimeOrigin {
	use frame_support::traits::EnsureOrigin;
	match T::GovernanceOrigin::try_successful_origin() {
		Ok(origin) => origin,
		Err(()) => panic!("the governance origin has a successful origin for benchmarks"),
	}
}
