
//! Weights of `pallet_sc4it_contracts`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
//!
//! GENERATED: do not edit; `scripts/benchmark-weights.sh` writes this file again.
//! Date: 2026-12-07. Machine: `vm`, CPU: `AMD EPYC`.
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
//! pallet_sc4it_contracts
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
//! pallets/contracts/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_contracts`.
pub trait WeightInfo {
	fn reference() -> Weight;
	fn create_contract() -> Weight;
	fn top_up() -> Weight;
	fn cancel() -> Weight;
	fn pay_debt() -> Weight;
	fn set_policy() -> Weight;
	fn service_base() -> Weight;
	fn service_steps(n: u32, ) -> Weight;
	fn expire_graces(n: u32, ) -> Weight;
	fn drain_contracts(n: u32, ) -> Weight;
	fn auto_top_ups(n: u32, ) -> Weight;
	fn set_auto_top_up() -> Weight;
	fn collect_earnings(n: u32, ) -> Weight;
	fn pay_farms(n: u32, ) -> Weight;
	fn record_health(n: u32, ) -> Weight;
	fn record_health_starts(n: u32, ) -> Weight;
	fn record_health_warnings(n: u32, ) -> Weight;
	fn record_health_run_outs(n: u32, ) -> Weight;
	fn record_deployed() -> Weight;
	fn record_event() -> Weight;
	fn reference_end() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn reference() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_895_762_000 ps.
		Weight::from_parts(6_969_903_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Contracts::Policy` (r:1 w:0)
	/// Proof: `Contracts::Policy` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Pricing` (r:1 w:0)
	/// Proof: `Registry::Pricing` (`max_values`: Some(1), `max_size`: Some(36), added: 531, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmPrices` (r:1 w:0)
	/// Proof: `Registry::FarmPrices` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmPriceBounds` (r:1 w:0)
	/// Proof: `Registry::FarmPriceBounds` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContractCount` (r:1 w:1)
	/// Proof: `Contracts::NodeContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Debts` (r:1 w:0)
	/// Proof: `Contracts::Debts` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NextContractId` (r:1 w:1)
	/// Proof: `Contracts::NextContractId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:1)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:0 w:1)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::UserContracts` (r:0 w:1)
	/// Proof: `Contracts::UserContracts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:0 w:1)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	fn create_contract() -> Weight {
		// Proof size: measured `1219`, estimated `6196`.
		// Fastest run: 149_552_000 ps.
		Weight::from_parts(155_230_000, 6196)
			.saturating_add(T::DbWeight::get().reads(13))
			.saturating_add(T::DbWeight::get().writes(11))
	}
	/// Storage: `Contracts::Contracts` (r:1 w:1)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:0 w:1)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:2)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn top_up() -> Weight {
		// Proof size: measured `963`, estimated `6196`.
		// Fastest run: 79_458_000 ps.
		Weight::from_parts(83_144_000, 6196)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Contracts::Contracts` (r:1 w:1)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:1 w:0)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:1 w:1)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:0 w:1)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:1)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:0 w:1)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn cancel() -> Weight {
		// Proof size: measured `1762`, estimated `6196`.
		// Fastest run: 138_896_000 ps.
		Weight::from_parts(144_154_000, 6196)
			.saturating_add(T::DbWeight::get().reads(8))
			.saturating_add(T::DbWeight::get().writes(10))
	}
	/// Storage: `Contracts::Debts` (r:1 w:1)
	/// Proof: `Contracts::Debts` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn pay_debt() -> Weight {
		// Proof size: measured `958`, estimated `6196`.
		// Fastest run: 69_333_000 ps.
		Weight::from_parts(72_818_000, 6196)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Contracts::NextPayoutAt` (r:1 w:0)
	/// Proof: `Contracts::NextPayoutAt` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Policy` (r:0 w:1)
	/// Proof: `Contracts::Policy` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	fn set_policy() -> Weight {
		// Proof size: measured `99`, estimated `1489`.
		// Fastest run: 9_093_000 ps.
		Weight::from_parts(10_125_000, 1489)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Contracts::GraceCursor` (r:1 w:1)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Drains` (r:1 w:0)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:1 w:0)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::PayoutSweep` (r:1 w:0)
	/// Proof: `Contracts::PayoutSweep` (`max_values`: Some(1), `max_size`: Some(6), added: 501, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Policy` (r:1 w:0)
	/// Proof: `Contracts::Policy` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NextPayoutAt` (r:1 w:0)
	/// Proof: `Contracts::NextPayoutAt` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn service_base() -> Weight {
		// Proof size: measured `129`, estimated `3494`.
		// Fastest run: 12_229_000 ps.
		Weight::from_parts(13_050_000, 3494)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Contracts::GraceCursor` (r:1 w:1)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:1000 w:0)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[1, 1000]`.
	fn service_steps(n: u32, ) -> Weight {
		// Proof size: measured `122`, estimated `1489 + n * 2503`.
		// Fastest run: 7_170_000 ps.
		Weight::from_parts(12_933_004, 1489)
			.saturating_add(Weight::from_parts(3_162_566, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(Weight::from_parts(0, 2503).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::GraceCursor` (r:1 w:1)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:201 w:200)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:200 w:200)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:200 w:200)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:200 w:200)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:200 w:200)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:200 w:200)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:200 w:200)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Debts` (r:200 w:200)
	/// Proof: `Contracts::Debts` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:200 w:200)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:200 w:200)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContractCount` (r:200 w:200)
	/// Proof: `Contracts::NodeContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::UserContracts` (r:0 w:200)
	/// Proof: `Contracts::UserContracts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:0 w:200)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 200]`.
	fn expire_graces(n: u32, ) -> Weight {
		// Proof size: measured `690 + n * 856`, estimated `3493 + n * 2829`.
		// Fastest run: 7_631_000 ps.
		Weight::from_parts(7_932_000, 3493)
			.saturating_add(Weight::from_parts(207_834_331, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().reads((11_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((13_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Drains` (r:2 w:1)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:201 w:200)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:200 w:200)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:200 w:200)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:201 w:201)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:200 w:200)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:1)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContractCount` (r:1 w:1)
	/// Proof: `Contracts::NodeContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::UserContracts` (r:0 w:200)
	/// Proof: `Contracts::UserContracts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:200)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:0 w:200)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 200]`.
	fn drain_contracts(n: u32, ) -> Weight {
		// Proof size: measured `1285 + n * 441`, estimated `5966 + n * 2682`.
		// Fastest run: 25_428_000 ps.
		Weight::from_parts(26_109_000, 5966)
			.saturating_add(Weight::from_parts(225_449_937, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(T::DbWeight::get().writes((8_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::AutoTopUpsDue` (r:201 w:200)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:200 w:200)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:200 w:200)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:201 w:201)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:200 w:200)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:0 w:200)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:400)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 200]`.
	fn auto_top_ups(n: u32, ) -> Weight {
		// Proof size: measured `540 + n * 572`, estimated `3593 + n * 2682`.
		// Fastest run: 3_705_000 ps.
		Weight::from_parts(3_816_000, 3593)
			.saturating_add(Weight::from_parts(147_930_937, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(0))
			.saturating_add(T::DbWeight::get().writes((8_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Contracts` (r:1 w:0)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:1 w:1)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:1 w:1)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn set_auto_top_up() -> Weight {
		// Proof size: measured `785`, estimated `3672`.
		// Fastest run: 73_709_000 ps.
		Weight::from_parts(77_185_000, 3672)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Contracts::PayoutSweep` (r:1 w:1)
	/// Proof: `Contracts::PayoutSweep` (`max_values`: Some(1), `max_size`: Some(6), added: 501, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:202 w:200)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmPayouts` (r:200 w:200)
	/// Proof: `Contracts::FarmPayouts` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::TreasuryPayouts` (r:1 w:1)
	/// Proof: `Contracts::TreasuryPayouts` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::PendingFarms` (r:0 w:200)
	/// Proof: `Contracts::PendingFarms` (`max_values`: None, `max_size`: Some(12), added: 2487, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 200]`.
	fn collect_earnings(n: u32, ) -> Weight {
		// Proof size: measured `1189 + n * 174`, estimated `6270 + n * 2640`.
		// Fastest run: 13_701_000 ps.
		Weight::from_parts(14_061_000, 6270)
			.saturating_add(Weight::from_parts(17_347_557, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2640).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::PayoutSweep` (r:1 w:1)
	/// Proof: `Contracts::PayoutSweep` (`max_values`: Some(1), `max_size`: Some(6), added: 501, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::PendingFarms` (r:201 w:200)
	/// Proof: `Contracts::PendingFarms` (`max_values`: None, `max_size`: Some(12), added: 2487, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmPayouts` (r:200 w:200)
	/// Proof: `Contracts::FarmPayouts` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:200 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:201 w:201)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::TreasuryPayouts` (r:1 w:0)
	/// Proof: `Contracts::TreasuryPayouts` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 200]`.
	fn pay_farms(n: u32, ) -> Weight {
		// Proof size: measured `653 + n * 261`, estimated `3593 + n * 2637`.
		// Fastest run: 11_627_000 ps.
		Weight::from_parts(12_018_000, 3593)
			.saturating_add(Weight::from_parts(62_126_760, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2637).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:65 w:64)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:64)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:64 w:64)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:64 w:64)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:1)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:64 w:64)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContractCount` (r:1 w:1)
	/// Proof: `Contracts::NodeContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::UserContracts` (r:0 w:64)
	/// Proof: `Contracts::UserContracts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 64]`.
	fn record_health(n: u32, ) -> Weight {
		// Proof size: measured `417 + n * 381`, estimated `3630 + n * 2682`.
		// Fastest run: 15_493_000 ps.
		Weight::from_parts(16_945_000, 3630)
			.saturating_add(Weight::from_parts(87_584_147, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2))
			.saturating_add(T::DbWeight::get().writes((6_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:65 w:64)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:1 w:128)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:64)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 64]`.
	fn record_health_starts(n: u32, ) -> Weight {
		// Proof size: measured `483 + n * 184`, estimated `3630 + n * 2682`.
		// Fastest run: 24_637_000 ps.
		Weight::from_parts(25_888_000, 3630)
			.saturating_add(Weight::from_parts(29_452_659, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:1 w:0)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:65 w:64)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:64)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:64 w:0)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:0 w:64)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 64]`.
	fn record_health_warnings(n: u32, ) -> Weight {
		// Proof size: measured `527 + n * 264`, estimated `3630 + n * 2682`.
		// Fastest run: 25_318_000 ps.
		Weight::from_parts(26_720_000, 3630)
			.saturating_add(Weight::from_parts(31_546_666, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Checkpoints` (r:1 w:0)
	/// Proof: `Contracts::Checkpoints` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:65 w:64)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Contracts` (r:64 w:64)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceCursor` (r:1 w:0)
	/// Proof: `Contracts::GraceCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:64 w:64)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::GraceEnds` (r:0 w:64)
	/// Proof: `Contracts::GraceEnds` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Component `n` measured over `[0, 64]`.
	fn record_health_run_outs(n: u32, ) -> Weight {
		// Proof size: measured `507 + n * 235`, estimated `3630 + n * 2682`.
		// Fastest run: 24_686_000 ps.
		Weight::from_parts(26_029_000, 3630)
			.saturating_add(Weight::from_parts(42_858_051, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	/// Storage: `Contracts::Contracts` (r:1 w:1)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:1)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn record_deployed() -> Weight {
		// Proof size: measured `619`, estimated `3672`.
		// Fastest run: 24_877_000 ps.
		Weight::from_parts(26_770_000, 3672)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Contracts::Contracts` (r:1 w:1)
	/// Proof: `Contracts::Contracts` (`max_values`: None, `max_size`: Some(207), added: 2682, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUps` (r:1 w:1)
	/// Proof: `Contracts::AutoTopUps` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:1)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContracts` (r:1 w:1)
	/// Proof: `Contracts::NodeContracts` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::NodeContractCount` (r:1 w:1)
	/// Proof: `Contracts::NodeContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::UserContracts` (r:0 w:1)
	/// Proof: `Contracts::UserContracts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::RunwayIndex` (r:0 w:1)
	/// Proof: `Contracts::RunwayIndex` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::AutoTopUpsDue` (r:0 w:1)
	/// Proof: `Contracts::AutoTopUpsDue` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn record_event() -> Weight {
		// Proof size: measured `1805`, estimated `6196`.
		// Fastest run: 186_907_000 ps.
		Weight::from_parts(194_028_000, 6196)
			.saturating_add(T::DbWeight::get().reads(10))
			.saturating_add(T::DbWeight::get().writes(13))
	}
	fn reference_end() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_907_550_000 ps.
		Weight::from_parts(7_019_847_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn reference() -> Weight {
		Weight::from_parts(6_969_903_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn create_contract() -> Weight {
		Weight::from_parts(155_230_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(13))
			.saturating_add(ParityDbWeight::get().writes(11))
	}
	fn top_up() -> Weight {
		Weight::from_parts(83_144_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(7))
	}
	fn cancel() -> Weight {
		Weight::from_parts(144_154_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(8))
			.saturating_add(ParityDbWeight::get().writes(10))
	}
	fn pay_debt() -> Weight {
		Weight::from_parts(72_818_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_policy() -> Weight {
		Weight::from_parts(10_125_000, 1489)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn service_base() -> Weight {
		Weight::from_parts(13_050_000, 3494)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn service_steps(n: u32, ) -> Weight {
		Weight::from_parts(12_933_004, 1489)
			.saturating_add(Weight::from_parts(3_162_566, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(Weight::from_parts(0, 2503).saturating_mul(n.into()))
	}
	fn expire_graces(n: u32, ) -> Weight {
		Weight::from_parts(7_932_000, 3493)
			.saturating_add(Weight::from_parts(207_834_331, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().reads((11_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((13_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2829).saturating_mul(n.into()))
	}
	fn drain_contracts(n: u32, ) -> Weight {
		Weight::from_parts(26_109_000, 5966)
			.saturating_add(Weight::from_parts(225_449_937, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((8_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn auto_top_ups(n: u32, ) -> Weight {
		Weight::from_parts(3_816_000, 3593)
			.saturating_add(Weight::from_parts(147_930_937, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(0))
			.saturating_add(ParityDbWeight::get().writes((8_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn set_auto_top_up() -> Weight {
		Weight::from_parts(77_185_000, 3672)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn collect_earnings(n: u32, ) -> Weight {
		Weight::from_parts(14_061_000, 6270)
			.saturating_add(Weight::from_parts(17_347_557, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2640).saturating_mul(n.into()))
	}
	fn pay_farms(n: u32, ) -> Weight {
		Weight::from_parts(12_018_000, 3593)
			.saturating_add(Weight::from_parts(62_126_760, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2637).saturating_mul(n.into()))
	}
	fn record_health(n: u32, ) -> Weight {
		Weight::from_parts(16_945_000, 3630)
			.saturating_add(Weight::from_parts(87_584_147, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(2))
			.saturating_add(ParityDbWeight::get().writes((6_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn record_health_starts(n: u32, ) -> Weight {
		Weight::from_parts(25_888_000, 3630)
			.saturating_add(Weight::from_parts(29_452_659, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn record_health_warnings(n: u32, ) -> Weight {
		Weight::from_parts(26_720_000, 3630)
			.saturating_add(Weight::from_parts(31_546_666, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn record_health_run_outs(n: u32, ) -> Weight {
		Weight::from_parts(26_029_000, 3630)
			.saturating_add(Weight::from_parts(42_858_051, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2682).saturating_mul(n.into()))
	}
	fn record_deployed() -> Weight {
		Weight::from_parts(26_770_000, 3672)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn record_event() -> Weight {
		Weight::from_parts(194_028_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(10))
			.saturating_add(ParityDbWeight::get().writes(13))
	}
	fn reference_end() -> Weight {
		Weight::from_parts(7_019_847_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
