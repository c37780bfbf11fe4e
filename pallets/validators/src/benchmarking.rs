//! Benchmarks of the validator set's calls, each on its heaviest path: the longest set the
//! runtime allows, scanned for duplicates and rewritten.

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

/// Fills the set with `count` validators (not more than `MaxValidators`).
fn fill<T: Config>(count: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	let bounded = BoundedVec::<_, T::MaxValidators>::truncate_from(validators.clone());
	Validators::<T>::put(bounded);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A set one short of full, so that the duplicate scan reads every member.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill::<T>(T::MaxValidators::get().saturating_sub(1));
		let who: T::AccountId = account("candidate", 0, 0);
		T::Keys::set_up_keys(&who);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert_eq!(Validators::<T>::get().last(), Some(&who));
		Ok(())
	}

	/// A full set, the last member removed. It has no session keys: purging them is weighed
	/// separately, by `ValidatorKeys::purge_keys_weight`, which the call's weight adds.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// With `MinValidators == MaxValidators` no removal can succeed.
		if T::MaxValidators::get() <= T::MinValidators::get() {
			return Err(BenchmarkError::Weightless);
		}
		let validators = fill::<T>(T::MaxValidators::get());
		let who = validators.last().cloned().ok_or(BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks: BlockNumberFor<T> = T::MinSessionBlocks::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);
		assert_eq!(SessionBlocks::<T>::get(), blocks);
		Ok(())
	}

	/// The caller is not a validator, with keys: the set is read in full (`MaxValidators`).
	#[benchmark]
	fn purge_keys() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("leaver", 0, 0);
		T::Keys::set_up_keys(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!T::Keys::has_keys(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
