//! TEMPORARY: replaced by the file `benchmark pallet` generates.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub trait WeightInfo {
	fn create_contract() -> Weight;
	fn top_up() -> Weight;
	fn cancel() -> Weight;
	fn set_policy() -> Weight;
	fn service_base() -> Weight;
	fn service_steps(n: u32) -> Weight;
	fn expire_graces(n: u32) -> Weight;
	fn drain_contracts(n: u32) -> Weight;
	fn settle_contracts(n: u32) -> Weight;
	fn pay_farms(n: u32) -> Weight;
	fn record_health(n: u32) -> Weight;
	fn record_event() -> Weight;
}

const COMPUTE: Weight = Weight::from_parts(30_000_000, 8_000);

pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_contract() -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(8, 7))
	}
	fn top_up() -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn cancel() -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(10, 12))
	}
	fn set_policy() -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(1, 2))
	}
	fn service_base() -> Weight {
		T::DbWeight::get().reads(3)
	}
	fn service_steps(n: u32) -> Weight {
		T::DbWeight::get().reads(1).saturating_mul(n.into())
	}
	fn expire_graces(n: u32) -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(10, 12)).saturating_mul(n.into())
	}
	fn drain_contracts(n: u32) -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(12, 14)).saturating_mul(n.into())
	}
	fn settle_contracts(n: u32) -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(7, 6)).saturating_mul(n.into())
	}
	fn pay_farms(n: u32) -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(4, 3)).saturating_mul(n.into())
	}
	fn record_health(n: u32) -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(10, 12)).saturating_mul(n.into())
	}
	fn record_event() -> Weight {
		COMPUTE.saturating_add(T::DbWeight::get().reads_writes(10, 12))
	}
}

impl WeightInfo for () {
	fn create_contract() -> Weight {
		COMPUTE
	}
	fn top_up() -> Weight {
		COMPUTE
	}
	fn cancel() -> Weight {
		COMPUTE
	}
	fn set_policy() -> Weight {
		COMPUTE
	}
	fn service_base() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn service_steps(n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0).saturating_mul(n.into())
	}
	fn expire_graces(n: u32) -> Weight {
		COMPUTE.saturating_mul(n.into())
	}
	fn drain_contracts(n: u32) -> Weight {
		COMPUTE.saturating_mul(n.into())
	}
	fn settle_contracts(n: u32) -> Weight {
		COMPUTE.saturating_mul(n.into())
	}
	fn pay_farms(n: u32) -> Weight {
		COMPUTE.saturating_mul(n.into())
	}
	fn record_health(n: u32) -> Weight {
		COMPUTE.saturating_mul(n.into())
	}
	fn record_event() -> Weight {
		COMPUTE
	}
}
