//! A runtime with only the validator set, and [`ValidatorKeys`] as a set of accounts with keys
//! that records the purges it is asked for.

use crate as pallet_validators;
use crate::ValidatorKeys;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};
use std::collections::BTreeSet;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Real database weights, so that weights built from reads and writes are not zero.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

thread_local! {
	/// The accounts with session keys.
	pub static KEYS: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
	/// The accounts whose keys were purged, in order.
	pub static PURGED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// The weight `purge_keys_weight` reports: recognisable in a call's weight.
pub const PURGE_WEIGHT: Weight = Weight::from_parts(123_456, 789);

/// Session keys as a set of accounts; purging an account without keys fails.
pub struct MockKeys;
impl ValidatorKeys<u64> for MockKeys {
	fn has_keys(who: &u64) -> bool {
		KEYS.with(|k| k.borrow().contains(who))
	}
	fn purge_keys(who: &u64) -> DispatchResult {
		if KEYS.with(|k| k.borrow_mut().remove(who)) {
			PURGED.with(|p| p.borrow_mut().push(*who));
			Ok(())
		} else {
			Err(DispatchError::Other("no session keys"))
		}
	}
	fn purge_keys_weight() -> Weight {
		PURGE_WEIGHT
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_keys(who: &u64) {
		give_keys(*who);
	}
}

/// Gives `who` session keys.
pub fn give_keys(who: u64) {
	KEYS.with(|k| k.borrow_mut().insert(who));
}

/// Takes `who`'s session keys away (as if it had purged them itself).
pub fn take_keys(who: u64) {
	KEYS.with(|k| k.borrow_mut().remove(&who));
}

/// The accounts whose keys were purged so far.
pub fn purged() -> Vec<u64> {
	PURGED.with(|p| p.borrow().clone())
}

parameter_types! {
	pub const MaxValidators: u32 = 4;
	/// 1, but a genesis test raises it.
	pub static MinValidators: u32 = 1;
	pub const KeptSessions: u32 = 2;
	pub const MinSessionBlocks: u64 = 2;
}

impl pallet_validators::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type Keys = MockKeys;
	type MaxValidators = MaxValidators;
	type MinValidators = MinValidators;
	type KeptSessions = KeptSessions;
	type MinSessionBlocks = MinSessionBlocks;
	type WeightInfo = ();
}

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
pub const EVE: u64 = 5;

/// The session length of [`new_test_ext`].
pub const SESSION_BLOCKS: u64 = 5;

/// The storage `validators` and `session_blocks` build, with the session keys cleared.
pub fn build(validators: Vec<u64>, session_blocks: u64) -> sp_io::TestExternalities {
	build_with_min(1, validators, session_blocks)
}

/// [`build`] with `MinValidators` set to `min`.
pub fn build_with_min(
	min: u32,
	validators: Vec<u64>,
	session_blocks: u64,
) -> sp_io::TestExternalities {
	MinValidators::set(min);
	KEYS.with(|k| k.borrow_mut().clear());
	PURGED.with(|p| p.borrow_mut().clear());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		validators: pallet_validators::GenesisConfig { validators, session_blocks },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Genesis: Alice and Bob validate, with session keys; sessions of 5 blocks. Every account from
/// Alice to Eve has session keys.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let ext = build(vec![ALICE, BOB], SESSION_BLOCKS);
	for who in [ALICE, BOB, CHARLIE, DAVE, EVE] {
		give_keys(who);
	}
	ext
}
