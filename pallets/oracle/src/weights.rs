//! TEMPORARY: replaced by the file `benchmark pallet` generates.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

pub trait WeightInfo {
	fn submit(o: u32, e: u32) -> Weight;
	fn authorize_submit(o: u32, e: u32) -> Weight;
	fn authorize_decommission() -> Weight;
	fn decommission() -> Weight;
	fn set_authorities() -> Weight;
	fn set_billing_period() -> Weight;
}

const SIGNATURE: Weight = Weight::from_parts(60_000_000, 0);

pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn submit(o: u32, e: u32) -> Weight {
		SIGNATURE
			.saturating_mul(u64::from(o) + 1)
			.saturating_add(T::DbWeight::get().reads(u64::from(o) * 2 + u64::from(e)))
	}
	fn authorize_submit(o: u32, e: u32) -> Weight {
		SIGNATURE
			.saturating_mul(u64::from(o) + 1)
			.saturating_add(T::DbWeight::get().reads(u64::from(o) * 2 + u64::from(e)))
	}
	fn authorize_decommission() -> Weight {
		SIGNATURE.saturating_add(T::DbWeight::get().reads(3))
	}
	fn decommission() -> Weight {
		T::DbWeight::get().reads(3)
	}
	fn set_authorities() -> Weight {
		T::DbWeight::get().writes(1)
	}
	fn set_billing_period() -> Weight {
		T::DbWeight::get().writes(1)
	}
}

impl WeightInfo for () {
	fn submit(o: u32, _e: u32) -> Weight {
		SIGNATURE.saturating_mul(u64::from(o) + 1)
	}
	fn authorize_submit(o: u32, _e: u32) -> Weight {
		SIGNATURE.saturating_mul(u64::from(o) + 1)
	}
	fn authorize_decommission() -> Weight {
		SIGNATURE
	}
	fn decommission() -> Weight {
		Weight::zero()
	}
	fn set_authorities() -> Weight {
		Weight::zero()
	}
	fn set_billing_period() -> Weight {
		Weight::zero()
	}
}
