
//! Weights of `pallet_sc4it_validators`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
//!
//! GENERATED: do not edit; `scripts/benchmark-weights.sh` writes this file again.
//! Date: 2026-12-08. Machine: `vm`, CPU: `AMD EPYC`.
//! Steps: `5`, repeat: `8`, execution: `Compiled`,
//! chain: `None`, database cache: 1024 MiB.
//!
//! The command:
//! $CARGO_TARGET_DIR/release/sc4it-node
//! benchmark
//! pallet
//! --runtime
//! $CARGO_TARGET_DIR/release/wbuild/sc4it-runtime/sc4it_runtime.compact.compressed.wasm
//! --genesis-builder
//! runtime
//! --genesis-builder-preset
//! development
//! --pallet
//! pallet_sc4it_validators
//! --extrinsic
//! *
//! --steps
//! 5
//! --repeat
//! 8
//! --min-duration
//! 2
//! --wasm-execution
//! compiled
//! --heap-pages
//! 4096
//! --template
//! scripts/weight-template.hbs
//! --output
//! pallets/validators/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_validators`.
pub trait WeightInfo {
	fn reference() -> Weight;
	fn block_bookkeeping() -> Weight;
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
	fn set_session_length() -> Weight;
	fn purge_keys() -> Weight;
	fn reference_end() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn reference() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_892_066_000 ps.
		Weight::from_parts(6_982_732_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Validators::LastRotation` (r:1 w:0)
	/// Proof: `Validators::LastRotation` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Validators::SessionBlocks` (r:1 w:0)
	/// Proof: `Validators::SessionBlocks` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Validators::CurrentSession` (r:1 w:0)
	/// Proof: `Validators::CurrentSession` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Validators::AuthoredBlocks` (r:1 w:1)
	/// Proof: `Validators::AuthoredBlocks` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn block_bookkeeping() -> Weight {
		// Proof size: measured `183`, estimated `3529`.
		// Fastest run: 8_873_000 ps.
		Weight::from_parts(9_634_000, 3529)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Validators::Validators` (r:1 w:1)
	/// Proof: `Validators::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	/// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `Validators::SetChanged` (r:0 w:1)
	/// Proof: `Validators::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	fn add_validator() -> Weight {
		// Proof size: measured `1408`, estimated `4873`.
		// Fastest run: 25_247_000 ps.
		Weight::from_parts(31_196_000, 4873)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Validators::Validators` (r:1 w:1)
	/// Proof: `Validators::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	/// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `Validators::SetChanged` (r:0 w:1)
	/// Proof: `Validators::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	fn remove_validator() -> Weight {
		// Proof size: measured `1402`, estimated `4867`.
		// Fastest run: 20_951_000 ps.
		Weight::from_parts(22_884_000, 4867)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Validators::SessionBlocks` (r:0 w:1)
	/// Proof: `Validators::SessionBlocks` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_session_length() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_158_000 ps.
		Weight::from_parts(5_879_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Validators::Validators` (r:1 w:0)
	/// Proof: `Validators::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Session::NextKeys` (r:1 w:1)
	/// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Session::ExternallySetKeys` (r:1 w:0)
	/// Proof: `Session::ExternallySetKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `Session::KeyOwner` (r:0 w:3)
	/// Proof: `Session::KeyOwner` (`max_values`: None, `max_size`: None, mode: `Measured`)
	fn purge_keys() -> Weight {
		// Proof size: measured `710`, estimated `4175`.
		// Fastest run: 84_335_000 ps.
		Weight::from_parts(92_197_000, 4175)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	fn reference_end() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_904_856_000 ps.
		Weight::from_parts(6_977_374_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn reference() -> Weight {
		Weight::from_parts(6_982_732_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn block_bookkeeping() -> Weight {
		Weight::from_parts(9_634_000, 3529)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn add_validator() -> Weight {
		Weight::from_parts(31_196_000, 4873)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(22_884_000, 4867)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(5_879_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn purge_keys() -> Weight {
		Weight::from_parts(92_197_000, 4175)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn reference_end() -> Weight {
		Weight::from_parts(6_977_374_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
