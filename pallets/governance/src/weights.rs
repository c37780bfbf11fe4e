
//! Weights of `pallet_sc4it_governance`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//! pallet_sc4it_governance
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
//! pallets/governance/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_governance`.
pub trait WeightInfo {
	fn reference() -> Weight;
	fn dispatch_as_root() -> Weight;
	fn spend() -> Weight;
	fn reference_end() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn reference() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_887_590_000 ps.
		Weight::from_parts(6_995_490_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	fn dispatch_as_root() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 8_051_000 ps.
		Weight::from_parts(9_334_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn spend() -> Weight {
		// Proof size: measured `140`, estimated `6196`.
		// Fastest run: 51_867_000 ps.
		Weight::from_parts(54_461_000, 6196)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn reference_end() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_896_794_000 ps.
		Weight::from_parts(6_991_154_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn reference() -> Weight {
		Weight::from_parts(6_995_490_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(9_334_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn spend() -> Weight {
		Weight::from_parts(54_461_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn reference_end() -> Weight {
		Weight::from_parts(6_991_154_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
