//! A runtime with balances, timestamp, the real registry and the contracts pallet, and helpers
//! that play the oracle's part.

use crate as pallet_contracts;
use crate::BillingPolicy;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Hooks},
	weights::Weight,
	PalletId,
};
use sc4it_primitives::{Capacity, DiskType, NodeHealth, NodeId, PricingPolicy, ReportId, Volume};
use sp_runtime::{BuildStorage, DispatchError, Perbill};

pub use sc4it_primitives::UsageOracle;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = u64;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Registry: pallet_sc4it_registry,
		ContractsPallet: pallet_contracts,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<3000>;
	type WeightInfo = ();
}

pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(50);
	pub const ContractsPalletId: PalletId = PalletId(*b"sc4/ctrs");
	pub const Treasury: AccountId = TREASURY;
	pub static MaxWorkPerReport: u32 = 64;
	pub static MaxContractsPerNode: u32 = 1_008;
	/// None unless a test asks: the other tests' balances are the contracts' funds alone.
	pub static ContractDeposit: Balance = 0;
	pub static ServiceWeight: Weight = Weight::from_parts(1_000_000_000, u64::MAX);
}

impl pallet_sc4it_registry::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Balance = Balance;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxNodesPerFarm = ConstU32<16>;
	type NodeLifecycle = ContractsPallet;
	type MaxFarmNameLen = ConstU32<32>;
	type MaxUrlLen = ConstU32<128>;
	type MaxProtocolFee = MaxProtocolFee;
	type WeightInfo = ();
	type PriceNotice = frame_support::traits::ConstU64<10>;
}

impl pallet_contracts::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ContractDeposit = ContractDeposit;
	type Registry = Registry;
	type PalletId = ContractsPalletId;
	type TreasuryAccount = Treasury;
	type MaxWorkPerReport = MaxWorkPerReport;
	type MaxContractsPerNode = MaxContractsPerNode;
	type ServiceWeight = ServiceWeight;
	type MaxPolicyBlocks = ConstU64<1_000_000>;
	type MaxPageSize = ConstU32<10>;
	#[cfg(feature = "runtime-benchmarks")]
	type GridSetup = Registry;
	type WeightInfo = TestWeights;
	type AutoTopUpDeposit = frame_support::traits::ConstU128<7>;
}

/// Fixed weights for the tests, so that what they expect of the per-block work (how many items
/// fit a block) does not move when the benchmarks are run again: 1 ms for the service's fixed
/// part and each cursor step, 30 ms for each call and each item.
pub struct TestWeights;

const ITEM: Weight = Weight::from_parts(30_000_000, 8_000);

impl crate::WeightInfo for TestWeights {
	fn reference() -> Weight {
		ITEM
	}
	fn reference_end() -> Weight {
		ITEM
	}
	fn create_contract() -> Weight {
		ITEM
	}
	fn top_up() -> Weight {
		ITEM
	}
	fn pay_debt() -> Weight {
		ITEM
	}
	fn cancel() -> Weight {
		ITEM
	}
	fn set_policy() -> Weight {
		ITEM
	}
	fn service_base() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn service_steps(n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0).saturating_mul(n.into())
	}
	fn expire_graces(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn drain_contracts(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn auto_top_ups(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn set_auto_top_up() -> Weight {
		ITEM
	}
	fn collect_earnings(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn pay_farms(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn record_health(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn record_health_starts(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn record_health_warnings(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn record_health_run_outs(n: u32) -> Weight {
		ITEM.saturating_mul(n.into())
	}
	fn record_deployed() -> Weight {
		ITEM
	}
	fn record_event() -> Weight {
		ITEM
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const FARMER: AccountId = 10;
pub const PAYOUT: AccountId = 11;
pub const FARMER2: AccountId = 12;
pub const PAYOUT2: AccountId = 13;
pub const TREASURY: AccountId = 99;
pub const INITIAL: Balance = 1_000_000;

pub const SSD_PRICE: Balance = 5;
pub const HDD_PRICE: Balance = 2;

pub fn pricing() -> PricingPolicy<Balance> {
	PricingPolicy {
		ssd_per_gib_block: SSD_PRICE,
		hdd_per_gib_block: HDD_PRICE,
		protocol_fee: Perbill::from_percent(10),
	}
}

pub fn policy() -> BillingPolicy<BlockNumber> {
	BillingPolicy {
		min_deposit_blocks: 10,
		low_runway_blocks: 5,
		grace_period_blocks: 20,
		max_node_downtime_blocks: 30,
		payout_period_blocks: 50,
	}
}

pub fn ssd(size_gib: u64) -> Volume {
	Volume { size_gib, disk_type: DiskType::Ssd }
}

pub fn hdd(size_gib: u64) -> Volume {
	Volume { size_gib, disk_type: DiskType::Hdd }
}

pub fn report(n: u64) -> ReportId {
	ReportId::from_low_u64_be(n)
}

fn node_key(seed: u8) -> sp_core::ed25519::Public {
	sp_core::ed25519::Public::from_raw([seed; 32])
}

/// Genesis: users with `INITIAL` each; farm 0 (FARMER, paid to PAYOUT) with node 0, farm 1
/// (FARMER2, paid to PAYOUT2) with node 1; each node 1000 GiB of SSD and of HDD.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ContractDeposit::set(0);
	MaxWorkPerReport::set(64);
	MaxContractsPerNode::set(1_008);
	ServiceWeight::set(Weight::from_parts(1_000_000_000, u64::MAX));
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![
				(ALICE, INITIAL),
				(BOB, INITIAL),
				(CHARLIE, INITIAL),
				(FARMER, INITIAL),
				(FARMER2, INITIAL),
			],
			..Default::default()
		},
		registry: pallet_sc4it_registry::GenesisConfig {
			farms: vec![
				(FARMER, b"farm-a".to_vec(), PAYOUT),
				(FARMER2, b"farm-b".to_vec(), PAYOUT2),
			],
			nodes: vec![
				(
					0,
					node_key(1),
					b"http://127.0.0.1:3030".to_vec(),
					Capacity { ssd_gib: 1000, hdd_gib: 1000 },
				),
				(
					1,
					node_key(2),
					b"http://127.0.0.1:3031".to_vec(),
					Capacity { ssd_gib: 1000, hdd_gib: 1000 },
				),
			],
			pricing: Some(pricing()),
			// The tests' URLs are on loopback.
			url_policy: pallet_sc4it_registry::url::UrlPolicy {
				allow_loopback: true,
				allow_private: false,
			},
			// Deposits are the registry's tests' concern: none here, so that balances are the
			// contracts' alone.
			deposits: Default::default(),
			price_bounds: None,
		},
		contracts_pallet: pallet_contracts::GenesisConfig { policy: Some(policy()) },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Produces blocks up to `n`, running the contracts pallet's per-block work in each.
pub fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		ContractsPallet::on_initialize(next);
	}
}

/// The oracle confirms `node` healthy (or down) from where its timeline ends up to `to`.
pub fn confirm(node: NodeId, to: BlockNumber, healthy: bool) -> Result<BlockNumber, DispatchError> {
	let from = ContractsPallet::confirmed_until(node).expect("node has a timeline");
	let health = if healthy { NodeHealth::Healthy } else { NodeHealth::Down };
	ContractsPallet::record_health(node, from, to, health, report(to), u32::MAX).map(|r| r.until)
}

/// Like [`confirm`], repeating until the whole range is applied.
pub fn confirm_all(node: NodeId, to: BlockNumber, healthy: bool) {
	loop {
		let applied = confirm(node, to, healthy).expect("health recorded");
		if applied == to {
			return;
		}
	}
}

pub fn free(who: AccountId) -> Balance {
	use frame_support::traits::fungible::Inspect;
	Balances::balance(&who)
}

/// `who`'s funds in the escrow for contracts, every page of `escrow_of` summed.
pub fn held(who: AccountId) -> Balance {
	let (mut total, mut after) = (0, None);
	loop {
		let page = crate::Pallet::<Test>::escrow_of(&who, after, u32::MAX);
		total += page.funds;
		match page.next_after {
			Some(last) => after = Some(last),
			None => return total,
		}
	}
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::ContractsPallet(e) = r.event { Some(e) } else { None })
		.collect()
}
