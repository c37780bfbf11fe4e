//! A runtime with only the registry, and a [`NodeLifecycle`] that records what it is told.

use crate as pallet_registry;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types};
use sc4it_primitives::{Capacity, FarmId, NodeId, NodeLifecycle, PricingPolicy};
use sp_runtime::{BuildStorage, DispatchResult, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	pub static LIFECYCLE: RefCell<Vec<(&'static str, u32)>> = const { RefCell::new(Vec::new()) };
	pub static FARMS_OWED: RefCell<Vec<FarmId>> = const { RefCell::new(Vec::new()) };
}

/// Records node registrations and removals; refuses to remove farms listed in `FARMS_OWED`.
pub struct RecordingLifecycle;
impl NodeLifecycle for RecordingLifecycle {
	fn on_node_registered(node: NodeId, _farm: FarmId) {
		LIFECYCLE.with(|l| l.borrow_mut().push(("registered", node)));
	}
	fn on_node_removed(node: NodeId) {
		LIFECYCLE.with(|l| l.borrow_mut().push(("removed", node)));
	}
	fn on_farm_removed(_farm: FarmId) {}
	fn ensure_farm_removable(farm: FarmId) -> DispatchResult {
		if FARMS_OWED.with(|f| f.borrow().contains(&farm)) {
			Err(sp_runtime::DispatchError::Other("farm is owed payouts"))
		} else {
			Ok(())
		}
	}
}

parameter_types! {
	pub const MaxFarmNameLen: u32 = 16;
	pub const MaxUrlLen: u32 = 64;
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(50);
}

/// What every account starts with.
pub const INITIAL: u128 = 1_000_000;

impl pallet_registry::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Balance = u128;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxNodesPerFarm = frame_support::traits::ConstU32<3>;
	type NodeLifecycle = RecordingLifecycle;
	type MaxFarmNameLen = MaxFarmNameLen;
	type MaxUrlLen = MaxUrlLen;
	type MaxProtocolFee = MaxProtocolFee;
	type WeightInfo = ();
	type PriceNotice = frame_support::traits::ConstU64<10>;
}

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const PAYOUT: u64 = 10;

/// Farms may set 1 to 100 per GiB and block.
pub fn price_bounds() -> sc4it_primitives::PriceBounds<u128> {
	use sc4it_primitives::DiskPrices;
	sc4it_primitives::PriceBounds {
		min: DiskPrices { ssd_per_gib_block: 1, hdd_per_gib_block: 1 },
		max: DiskPrices { ssd_per_gib_block: 100, hdd_per_gib_block: 100 },
	}
}

pub fn pricing() -> PricingPolicy<u128> {
	PricingPolicy {
		ssd_per_gib_block: 5,
		hdd_per_gib_block: 2,
		protocol_fee: Perbill::from_percent(10),
	}
}

/// Node key `seed`: a real key pair, so that tests can prove holding it.
pub fn pair(seed: u8) -> sp_core::ed25519::Pair {
	<sp_core::ed25519::Pair as sp_core::Pair>::from_seed(&[seed; 32])
}

pub fn key(seed: u8) -> sp_core::ed25519::Public {
	sp_core::Pair::public(&pair(seed))
}

/// Key `seed`'s proof that `who` may register it on the mock chain.
pub fn proof(seed: u8, who: u64) -> sp_core::ed25519::Signature {
	let genesis = System::block_hash(0);
	sp_core::Pair::sign(
		&pair(seed),
		&sc4it_primitives::node_key::proof_payload(&genesis.to_fixed_bytes(), &who),
	)
}

/// [`new_test_ext`] with a keystore, in which the benchmarks make their keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let mut ext = new_test_ext();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext
}

pub fn capacity(ssd_gib: u64, hdd_gib: u64) -> Capacity {
	Capacity { ssd_gib, hdd_gib }
}

/// Genesis: Alice's farm 0 "demo" with node 0 (key 1, 100 GiB SSD + 200 GiB HDD) and pricing.
pub fn new_test_ext() -> sp_io::TestExternalities {
	LIFECYCLE.with(|l| l.borrow_mut().clear());
	FARMS_OWED.with(|f| f.borrow_mut().clear());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![(ALICE, INITIAL), (BOB, INITIAL)],
			..Default::default()
		},
		registry: pallet_registry::GenesisConfig {
			farms: vec![(ALICE, b"demo".to_vec(), PAYOUT)],
			nodes: vec![(0, key(1), b"http://127.0.0.1:3030".to_vec(), capacity(100, 200))],
			pricing: Some(pricing()),
			// The tests' URLs are on loopback.
			url_policy: crate::url::UrlPolicy { allow_loopback: true, allow_private: false },
			deposits: crate::DepositPolicy { farm: 100, node: 1_000 },
			price_bounds: Some(price_bounds()),
		},
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
