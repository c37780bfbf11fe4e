
//! Weights of `pallet_sc4it_registry`, measured by `benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//! pallet_sc4it_registry
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
//! pallets/registry/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call and task of `pallet_sc4it_registry`.
pub trait WeightInfo {
	fn create_farm() -> Weight;
	fn set_payout_account() -> Weight;
	fn remove_farm() -> Weight;
	fn register_node() -> Weight;
	fn update_node() -> Weight;
	fn set_node_capacity() -> Weight;
	fn remove_node() -> Weight;
	fn set_pricing() -> Weight;
	fn set_url_policy() -> Weight;
	fn set_deposits() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Registry::FarmIdByName` (r:1 w:1)
	/// Proof: `Registry::FarmIdByName` (`max_values`: None, `max_size`: Some(86), added: 2561, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NextFarmId` (r:1 w:1)
	/// Proof: `Registry::NextFarmId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:0 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	fn create_farm() -> Weight {
		// Proof size: measured `195`, estimated `3551`.
		// Fastest run: 10_746_000 ps.
		Weight::from_parts(11_508_000, 3551)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	fn set_payout_account() -> Weight {
		// Proof size: measured `294`, estimated `3611`.
		// Fastest run: 8_422_000 ps.
		Weight::from_parts(9_294_000, 3611)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmContractCount` (r:1 w:0)
	/// Proof: `Contracts::FarmContractCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::FarmPayouts` (r:1 w:0)
	/// Proof: `Contracts::FarmPayouts` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Registry::FarmIdByName` (r:0 w:1)
	/// Proof: `Registry::FarmIdByName` (`max_values`: None, `max_size`: Some(86), added: 2561, mode: `MaxEncodedLen`)
	fn remove_farm() -> Weight {
		// Proof size: measured `393`, estimated `3611`.
		// Fastest run: 14_252_000 ps.
		Weight::from_parts(15_473_000, 3611)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:1 w:1)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NextNodeId` (r:1 w:1)
	/// Proof: `Registry::NextNodeId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:0 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Nodes` (r:0 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	fn register_node() -> Weight {
		// Proof size: measured `349`, estimated `3611`.
		// Fastest run: 18_918_000 ps.
		Weight::from_parts(20_090_000, 3611)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:1 w:2)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn update_node() -> Weight {
		// Proof size: measured `752`, estimated `3803`.
		// Fastest run: 20_120_000 ps.
		Weight::from_parts(21_512_000, 3803)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:0)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	fn set_node_capacity() -> Weight {
		// Proof size: measured `697`, estimated `3803`.
		// Fastest run: 12_809_000 ps.
		Weight::from_parts(14_021_000, 3803)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Registry::Nodes` (r:1 w:1)
	/// Proof: `Registry::Nodes` (`max_values`: None, `max_size`: Some(338), added: 2813, mode: `MaxEncodedLen`)
	/// Storage: `Registry::Farms` (r:1 w:1)
	/// Proof: `Registry::Farms` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Timelines` (r:1 w:1)
	/// Proof: `Contracts::Timelines` (`max_values`: None, `max_size`: Some(69), added: 2544, mode: `MaxEncodedLen`)
	/// Storage: `Contracts::Drains` (r:0 w:1)
	/// Proof: `Contracts::Drains` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `Registry::NodeIdByKey` (r:0 w:1)
	/// Proof: `Registry::NodeIdByKey` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn remove_node() -> Weight {
		// Proof size: measured `853`, estimated `3803`.
		// Fastest run: 23_996_000 ps.
		Weight::from_parts(25_489_000, 3803)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Registry::Pricing` (r:0 w:1)
	/// Proof: `Registry::Pricing` (`max_values`: Some(1), `max_size`: Some(36), added: 531, mode: `MaxEncodedLen`)
	fn set_pricing() -> Weight {
		// Proof size: measured `0`, estimated `0`.
		// Fastest run: 3_886_000 ps.
		Weight::from_parts(4_316_000, 0)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn set_url_policy() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn set_deposits() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(0))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights with ParityDB's database weights, for test runtimes.
impl WeightInfo for () {
	fn create_farm() -> Weight {
		Weight::from_parts(11_508_000, 3551)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_payout_account() -> Weight {
		Weight::from_parts(9_294_000, 3611)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn remove_farm() -> Weight {
		Weight::from_parts(15_473_000, 3611)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn register_node() -> Weight {
		Weight::from_parts(20_090_000, 3611)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn update_node() -> Weight {
		Weight::from_parts(21_512_000, 3803)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_node_capacity() -> Weight {
		Weight::from_parts(14_021_000, 3803)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn remove_node() -> Weight {
		Weight::from_parts(25_489_000, 3803)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn set_pricing() -> Weight {
		Weight::from_parts(4_316_000, 0)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_url_policy() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_deposits() -> Weight {
		Weight::from_parts(20_000_000, 1500)
			.saturating_add(ParityDbWeight::get().reads(0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
}
