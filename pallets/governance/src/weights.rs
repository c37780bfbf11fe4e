
//! Weights of `pallet_sc4it_governance`.
//!
//! PLACEHOLDER until `scripts/benchmark-weights.sh` measures them: the values below are counted
//! from the storage each call touches, with a generous 50 µs of computation each.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_sc4it_governance`.
pub trait WeightInfo {
	fn dispatch_as_root() -> Weight;
	fn spend() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(50_000_000, 0)
	}
	fn spend() -> Weight {
		Weight::from_parts(50_000_000, 6196)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
}

// For tests.
impl WeightInfo for () {
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(50_000_000, 0)
	}
	fn spend() -> Weight {
		Weight::from_parts(50_000_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
}
