
//! Weights of `pallet_sc4it_oracle`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//! pallet_sc4it_oracle
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
//! pallets/oracle/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_oracle`.
pub trait WeightInfo {
	fn reference() -> Weight;
	fn submit_reports(o: u32, ) -> Weight;
	fn submit_entries(e: u32, ) -> Weight;
	fn authorize_reports(o: u32, ) -> Weight;
	fn authorize_entries(e: u32, ) -> Weight;
	fn authorize_decommission() -> Weight;
	fn decommission() -> Weight;
	fn set_billing_period() -> Weight;
	fn set_down_quorum() -> Weight;
	fn set_oracle_limits() -> Weight;
	fn set_committee_size() -> Weight;
	fn reference_end() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn reference() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_895_842_000 ps.
		Weight::from_parts(7_013_967_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Contracts::Timelines` (r:16 w:16)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:16 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::NodesWithPendingStretches` (r:1 w:0)
	/// Proof: `Oracle::NodesWithPendingStretches` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::OracleWeightInBlock` (r:1 w:1)
	/// Proof: `Oracle::OracleWeightInBlock` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::LastBatch` (r:0 w:1)
	/// Proof: `Oracle::LastBatch` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Component `o` measured over `[1, 16]`.
	fn submit_reports(o: u32, ) -> Weight {
		// Proof size: measured `647 + o * 293`, estimated `3509 + o * 2829`.
		// Fastest run: 123_173_000 ps.
		Weight::from_parts(48_883_322, 3509)
			.saturating_add(Weight::from_parts(87_320_704, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().writes(2))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(o.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:0)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::NodesWithPendingStretches` (r:1 w:0)
	/// Proof: `Oracle::NodesWithPendingStretches` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::OracleWeightInBlock` (r:1 w:1)
	/// Proof: `Oracle::OracleWeightInBlock` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::LastBatch` (r:0 w:1)
	/// Proof: `Oracle::LastBatch` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Component `e` measured over `[0, 64]`.
	fn submit_entries(e: u32, ) -> Weight {
		// Proof size: measured `1264 + e * 52`, estimated `3819 + e * 2682`.
		// Fastest run: 123_643_000 ps.
		Weight::from_parts(138_810_025, 3819)
			.saturating_add(Weight::from_parts(11_083_517, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(e.into()))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::LastBatch` (r:1 w:0)
	/// Proof: `Oracle::LastBatch` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:16 w:0)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:16 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Component `o` measured over `[1, 16]`.
	fn authorize_reports(o: u32, ) -> Weight {
		// Proof size: measured `668 + o * 293`, estimated `3513 + o * 2829`.
		// Fastest run: 129_493_000 ps.
		Weight::from_parts(125_242_691, 3513)
			.saturating_add(Weight::from_parts(54_183_385, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(o.into()))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::LastBatch` (r:1 w:0)
	/// Proof: `Oracle::LastBatch` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:0)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:0)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:0)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Component `e` measured over `[0, 64]`.
	fn authorize_entries(e: u32, ) -> Weight {
		// Proof size: measured `1223 + e * 52`, estimated `3819 + e * 2682`.
		// Fastest run: 134_880_000 ps.
		Weight::from_parts(140_221_575, 3819)
			.saturating_add(Weight::from_parts(12_956_172, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(e.into()))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Authorities` (r:1 w:0)
	/// Proof: `Oracle::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::BillingPeriod` (r:1 w:0)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceCursor` (r:1 w:0)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn authorize_decommission() -> Weight {
		// Proof size: measured `1270`, estimated `3509`.
		// Fastest run: 59_078_000 ps.
		Weight::from_parts(62_342_000, 3509)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Contracts::GraceCursor` (r:1 w:1)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:11 w:0)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Drains` (r:1 w:0)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::OracleWeightInBlock` (r:1 w:1)
	/// Proof: `Oracle::OracleWeightInBlock` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	fn decommission() -> Weight {
		// Proof size: measured `282`, estimated `28523`.
		// Fastest run: 59_338_000 ps.
		Weight::from_parts(65_307_000, 28523)
			.saturating_add(T::DbWeight::get().reads(14))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Oracle::BillingPeriod` (r:0 w:1)
	/// Proof: `Oracle::BillingPeriod` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_billing_period() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_588_000 ps.
		Weight::from_parts(6_369_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Oracle::DownQuorum` (r:0 w:1)
	/// Proof: `Oracle::DownQuorum` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_down_quorum() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_528_000 ps.
		Weight::from_parts(6_429_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Oracle::OutageShare` (r:0 w:1)
	/// Proof: `Oracle::OutageShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::OracleBlockShare` (r:0 w:1)
	/// Proof: `Oracle::OracleBlockShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::MinReachedShare` (r:0 w:1)
	/// Proof: `Oracle::MinReachedShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_oracle_limits() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_199_000 ps.
		Weight::from_parts(7_101_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Oracle::CommitteeSize` (r:0 w:1)
	/// Proof: `Oracle::CommitteeSize` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_committee_size() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_658_000 ps.
		Weight::from_parts(6_339_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn reference_end() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_890_885_000 ps.
		Weight::from_parts(6_991_284_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn reference() -> Weight {
		Weight::from_parts(7_013_967_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn submit_reports(o: u32, ) -> Weight {
		Weight::from_parts(48_883_322, 3509)
			.saturating_add(Weight::from_parts(87_320_704, 0).saturating_mul(o.into()))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().writes(2))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(o.into()))
	}
	fn submit_entries(e: u32, ) -> Weight {
		Weight::from_parts(138_810_025, 3819)
			.saturating_add(Weight::from_parts(11_083_517, 0).saturating_mul(e.into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(ParityDbWeight::get().writes(3))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(e.into()))
	}
	fn authorize_reports(o: u32, ) -> Weight {
		Weight::from_parts(125_242_691, 3513)
			.saturating_add(Weight::from_parts(54_183_385, 0).saturating_mul(o.into()))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(o.into()))
	}
	fn authorize_entries(e: u32, ) -> Weight {
		Weight::from_parts(140_221_575, 3819)
			.saturating_add(Weight::from_parts(12_956_172, 0).saturating_mul(e.into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(e.into())))
			.saturating_add(ParityDbWeight::get().writes(0))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(e.into()))
	}
	fn authorize_decommission() -> Weight {
		Weight::from_parts(62_342_000, 3509)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn decommission() -> Weight {
		Weight::from_parts(65_307_000, 28523)
			.saturating_add(ParityDbWeight::get().reads(14))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn set_billing_period() -> Weight {
		Weight::from_parts(6_369_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_down_quorum() -> Weight {
		Weight::from_parts(6_429_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_oracle_limits() -> Weight {
		Weight::from_parts(7_101_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_committee_size() -> Weight {
		Weight::from_parts(6_339_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn reference_end() -> Weight {
		Weight::from_parts(6_991_284_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
