
//! Weights of `pallet_sc4it_oracle`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
//!
//! GENERATED: do not edit; `scripts/benchmark-weights.sh` writes this file again.
//! Date: 2026-11-24. Machine: `vm`, CPU: `AMD EPYC`.
//! Steps: `20`, repeat: `10`, execution: `Compiled`,
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
//! pallet_sc4it_oracle
//! --extrinsic
//! *
//! --steps
//! 20
//! --repeat
//! 10
//! --wasm-execution
//! compiled
//! --heap-pages
//! 4096
//! --template
//! scripts/weight-template.hbs
//! --output
//! pallets/oracle/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_oracle`.
pub trait WeightInfo {
	fn submit_reports(o: u32, ) -> Weight;
	fn submit_entries(e: u32, ) -> Weight;
	fn authorize_reports(o: u32, ) -> Weight;
	fn authorize_entries(e: u32, ) -> Weight;
	fn authorize_decommission() -> Weight;
	fn decommission() -> Weight;
	fn set_billing_period() -> Weight;
	fn set_down_quorum() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Contracts::Timelines` (r:16 w:16)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:16 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:16 w:0)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:16 w:0)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Component `o` measured over `[1, 16]`.
	fn submit_reports(o: u32, ) -> Weight {
		// Proof size: measured `478 + o * 146`, estimated `990 + o * 2813`.
		// Fastest run: 64_026_000 ps.
		Weight::from_parts(13_032_104, 990)
			.saturating_add(Weight::from_parts(55_155_827, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().writes(0))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2813).saturating_mul(o.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:64)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(178), added: 2653, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:1 w:64)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:1 w:128)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Policy` (r:1 w:0)
	/// Proof: `Contracts::Policy` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Component `e` measured over `[0, 64]`.
	fn submit_entries(e: u32, ) -> Weight {
		// Proof size: measured `895 + e * 58`, estimated `3803 + e * 2653`.
		// Fastest run: 65_368_000 ps.
		Weight::from_parts(60_282_609, 3803)
			.saturating_add(Weight::from_parts(31_305_052, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 2653).saturating_mul(e.into()))
	}
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:16 w:0)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:16 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Component `o` measured over `[1, 16]`.
	fn authorize_reports(o: u32, ) -> Weight {
		// Proof size: measured `445 + o * 146`, estimated `2510 + o * 2813`.
		// Fastest run: 77_917_000 ps.
		Weight::from_parts(42_463_202, 2510)
			.saturating_add(Weight::from_parts(38_805_564, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2813).saturating_mul(o.into()))
	}
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:0)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Component `e` measured over `[0, 64]`.
	fn authorize_entries(e: u32, ) -> Weight {
		// Proof size: measured `699`, estimated `3803`.
		// Fastest run: 79_470_000 ps.
		Weight::from_parts(82_878_481, 3803)
			.saturating_add(Weight::from_parts(6_224_773, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceCursor` (r:1 w:0)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn authorize_decommission() -> Weight {
		// Proof size: measured `1180`, estimated `2510`.
		// Fastest run: 38_258_000 ps.
		Weight::from_parts(40_260_000, 2510)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Contracts::GraceCursor` (r:1 w:1)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:11 w:0)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Drains` (r:1 w:0)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	fn decommission() -> Weight {
		// Proof size: measured `213`, estimated `28523`.
		// Fastest run: 32_859_000 ps.
		Weight::from_parts(35_784_000, 28523)
			.saturating_add(T::DbWeight::get().reads(13))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Oracle::BillingPeriod` (r:0 w:1)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_billing_period() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 3_715_000 ps.
		Weight::from_parts(4_136_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn set_down_quorum() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn submit_reports(o: u32, ) -> Weight {
		Weight::from_parts(13_032_104, 990)
			.saturating_add(Weight::from_parts(55_155_827, 0).saturating_mul(o.into()))
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().writes(0))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2813).saturating_mul(o.into()))
	}
	fn submit_entries(e: u32, ) -> Weight {
		Weight::from_parts(60_282_609, 3803)
			.saturating_add(Weight::from_parts(31_305_052, 0).saturating_mul(e.into()))
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 2653).saturating_mul(e.into()))
	}
	fn authorize_reports(o: u32, ) -> Weight {
		Weight::from_parts(42_463_202, 2510)
			.saturating_add(Weight::from_parts(38_805_564, 0).saturating_mul(o.into()))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2813).saturating_mul(o.into()))
	}
	fn authorize_entries(e: u32, ) -> Weight {
		Weight::from_parts(82_878_481, 3803)
			.saturating_add(Weight::from_parts(6_224_773, 0).saturating_mul(e.into()))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn authorize_decommission() -> Weight {
		Weight::from_parts(40_260_000, 2510)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn decommission() -> Weight {
		Weight::from_parts(35_784_000, 28523)
			.saturating_add(ParityDbWeight::get().reads(13))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_billing_period() -> Weight {
		Weight::from_parts(4_136_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_down_quorum() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
}
