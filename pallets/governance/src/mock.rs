//! A runtime with balances and this pallet, whose council is one account (`COUNCIL`).

use crate as pallet_governance;
use frame_support::{derive_impl, parameter_types, traits::ConstU128};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Governance: pallet_governance,
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
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
}

/// Stands for a carried council motion.
pub const COUNCIL: u64 = 100;
pub const TREASURY: u64 = 200;
pub const ALICE: u64 = 1;
pub const ED: u128 = 5;
pub const TREASURY_FUNDS: u128 = 1_000;

parameter_types! {
	pub const Treasury: u64 = TREASURY;
}

impl pallet_governance::Config for Test {
	type RuntimeCall = RuntimeCall;
	type CouncilOrigin = frame_system::EnsureSignedBy<CouncilMembers, u64>;
	type Currency = Balances;
	type TreasuryAccount = Treasury;
	type WeightInfo = ();
}

/// The one "member" whose signed origin stands for a carried motion.
pub struct CouncilMembers;
impl frame_support::traits::SortedMembers<u64> for CouncilMembers {
	fn sorted_members() -> Vec<u64> {
		vec![COUNCIL]
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(TREASURY, TREASURY_FUNDS), (ALICE, 100), (COUNCIL, 100)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
