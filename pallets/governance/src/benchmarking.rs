//! Benchmarks: `dispatch_as_root` with an inner call that does nothing (`frame_system::remark`
//! of no bytes; the inner call's own weight is added to the result at dispatch), and `spend`
//! to a new account.

use crate::*;
use alloc::{boxed::Box, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use sp_runtime::traits::Saturating;

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The yardstick of this run: fixed work that the weights' ratios are taken to
	/// (`sc4it_primitives::benchmarking::reference_kernel`).
	#[benchmark]
	fn reference() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: Vec::new() }.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));
		Ok(())
	}

	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let treasury = T::TreasuryAccount::get();
		let amount = T::Currency::minimum_balance().saturating_mul(1_000u32.into());
		T::Currency::set_balance(&treasury, amount.saturating_mul(2u32.into()));
		let to: T::AccountId = account("payee", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, to.clone(), amount);
		assert_eq!(T::Currency::balance(&to), amount);
		Ok(())
	}

	/// The yardstick again, timed last: a run whose two timings of it differ by more than 10% saw
	/// the machine change under it, and `scripts/benchmark-weights.sh` takes that run again.
	#[benchmark]
	fn reference_end() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
