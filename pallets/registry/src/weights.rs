
//! Weights of `pallet_sc4it_registry`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//! pallet_sc4it_registry
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
//! pallets/registry/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_registry`.
pub trait WeightInfo {
	fn reference() -> Weight;
	fn create_farm() -> Weight;
	fn set_payout_account() -> Weight;
	fn remove_farm() -> Weight;
	fn register_node() -> Weight;
	fn update_node() -> Weight;
	fn set_node_capacity() -> Weight;
	fn remove_node() -> Weight;
	fn set_pricing() -> Weight;
	fn set_deposits() -> Weight;
	fn set_url_policy() -> Weight;
	fn set_farm_prices() -> Weight;
	fn set_price_bounds() -> Weight;
	fn reference_end() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn reference() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_917_364_000 ps.
		Weight::from_parts(6_990_624_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
	/// Storage: `Registry::FarmIdByName` (r:1 w:1)
	/// Proof: `Registry::FarmIdByName` (`max_values`: None, `max_size`: Some(86), added: 2561, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Deposits` (r:1 w:0)
	/// Proof: `Registry::Deposits` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NextFarmId` (r:1 w:1)
	/// Proof: `Registry::NextFarmId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:0 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	fn create_farm() -> Weight {
		// Proof size: measured `468`, estimated `3658`.
		// Fastest run: 67_260_000 ps.
		Weight::from_parts(69_693_000, 3658)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	fn set_payout_account() -> Weight {
		// Proof size: measured `447`, estimated `3627`.
		// Fastest run: 12_879_000 ps.
		Weight::from_parts(14_271_000, 3627)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:0)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmPayouts` (r:1 w:1)
	/// Proof: `Contracts::FarmPayouts` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::PendingFarms` (r:0 w:1)
	/// Proof: `Contracts::PendingFarms` (`max_values`: None, `max_size`: Some(12), added: 2487, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmPrices` (r:0 w:1)
	/// Proof: `Registry::FarmPrices` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmIdByName` (r:0 w:1)
	/// Proof: `Registry::FarmIdByName` (`max_values`: None, `max_size`: Some(86), added: 2561, mode: `MaxEncodedLen`)
	fn remove_farm() -> Weight {
		// Proof size: measured `639`, estimated `3658`.
		// Fastest run: 63_014_000 ps.
		Weight::from_parts(66_499_000, 3658)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `Registry::UrlRules` (r:1 w:0)
	/// Proof: `Registry::UrlRules` (`max_values`: Some(1), `max_size`: Some(2), added: 497, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:1 w:1)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Deposits` (r:1 w:0)
	/// Proof: `Registry::Deposits` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NextNodeId` (r:1 w:1)
	/// Proof: `Registry::NextNodeId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Registry::CounterForNodes` (r:1 w:1)
	/// Proof: `Registry::CounterForNodes` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:0 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	fn register_node() -> Weight {
		// Proof size: measured `787`, estimated `3819`.
		// Fastest run: 140_709_000 ps.
		Weight::from_parts(150_984_000, 3819)
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `Registry::UrlRules` (r:1 w:0)
	/// Proof: `Registry::UrlRules` (`max_values`: Some(1), `max_size`: Some(2), added: 497, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:1 w:2)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn update_node() -> Weight {
		// Proof size: measured `1000`, estimated `3819`.
		// Fastest run: 86_289_000 ps.
		Weight::from_parts(93_489_000, 3819)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	fn set_node_capacity() -> Weight {
		// Proof size: measured `866`, estimated `3819`.
		// Fastest run: 20_971_000 ps.
		Weight::from_parts(22_563_000, 3819)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(354), added: 2829, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Registry::CounterForNodes` (r:1 w:1)
	/// Proof: `Registry::CounterForNodes` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(165), added: 2640, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::PendingStretches` (r:1 w:0)
	/// Proof: `Oracle::PendingStretches` (`max_values`: None, `max_size`: Some(177), added: 2652, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Drains` (r:0 w:1)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::DownVotes` (r:0 w:1)
	/// Proof: `Oracle::DownVotes` (`max_values`: None, `max_size`: Some(1265), added: 3740, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:0 w:1)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn remove_node() -> Weight {
		// Proof size: measured `1359`, estimated `3819`.
		// Fastest run: 88_331_000 ps.
		Weight::from_parts(92_267_000, 3819)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Registry::Pricing` (r:0 w:1)
	/// Proof: `Registry::Pricing` (`max_values`: Some(1), `max_size`: Some(36), added: 531, mode: `MaxEncodedLen`)
	fn set_pricing() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_859_000 ps.
		Weight::from_parts(6_549_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Deposits` (r:0 w:1)
	/// Proof: `Registry::Deposits` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn set_deposits() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_809_000 ps.
		Weight::from_parts(6_560_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::UrlRules` (r:0 w:1)
	/// Proof: `Registry::UrlRules` (`max_values`: Some(1), `max_size`: Some(2), added: 497, mode: `MaxEncodedLen`)
	fn set_url_policy() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_689_000 ps.
		Weight::from_parts(6_329_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(162), added: 2637, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmPriceBounds` (r:1 w:0)
	/// Proof: `Registry::FarmPriceBounds` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmPrices` (r:1 w:1)
	/// Proof: `Registry::FarmPrices` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Pricing` (r:1 w:0)
	/// Proof: `Registry::Pricing` (`max_values`: Some(1), `max_size`: Some(36), added: 531, mode: `MaxEncodedLen`)
	fn set_farm_prices() -> Weight {
		// Proof size: measured `577`, estimated `3627`.
		// Fastest run: 22_904_000 ps.
		Weight::from_parts(25_087_000, 3627)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::FarmPriceBounds` (r:0 w:1)
	/// Proof: `Registry::FarmPriceBounds` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	fn set_price_bounds() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 5_678_000 ps.
		Weight::from_parts(6_560_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn reference_end() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 6_924_234_000 ps.
		Weight::from_parts(6_979_787_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(0))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn reference() -> Weight {
		Weight::from_parts(6_990_624_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
	fn create_farm() -> Weight {
		Weight::from_parts(69_693_000, 3658)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_payout_account() -> Weight {
		Weight::from_parts(14_271_000, 3627)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn remove_farm() -> Weight {
		Weight::from_parts(66_499_000, 3658)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn register_node() -> Weight {
		Weight::from_parts(150_984_000, 3819)
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().writes(7))
	}
	fn update_node() -> Weight {
		Weight::from_parts(93_489_000, 3819)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_node_capacity() -> Weight {
		Weight::from_parts(22_563_000, 3819)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn remove_node() -> Weight {
		Weight::from_parts(92_267_000, 3819)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn set_pricing() -> Weight {
		Weight::from_parts(6_549_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_deposits() -> Weight {
		Weight::from_parts(6_560_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_url_policy() -> Weight {
		Weight::from_parts(6_329_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_farm_prices() -> Weight {
		Weight::from_parts(25_087_000, 3627)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_price_bounds() -> Weight {
		Weight::from_parts(6_560_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn reference_end() -> Weight {
		Weight::from_parts(6_979_787_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(0))
	}
}
