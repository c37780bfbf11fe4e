//! Weights of `pallet_sc4it_validators`: PLACEHOLDER values, written by hand in the shape
//! `benchmark pallet` generates, until `scripts/benchmark-weights.sh` measures them.
//!
//! Each is 20 µs of execution, a proof size allowing for the largest validator set, and the
//! storage reads and writes the call makes, counted from the code; in the runtime, `has_keys` and
//! a failed `purge_keys` read one pallet-session item each.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_validators`.
pub trait WeightInfo {
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
	fn set_session_length() -> Weight;
	fn purge_keys() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Validators::Validators` (r:1 w:1)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	fn add_validator() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Validators::Validators` (r:1 w:1)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	fn remove_validator() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Validators::SessionBlocks` (r:0 w:1)
	fn set_session_length() -> Weight {
		Weight::from_parts(20_000_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Validators::Validators` (r:1 w:0)
	fn purge_keys() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn add_validator() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(20_000_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn purge_keys() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
