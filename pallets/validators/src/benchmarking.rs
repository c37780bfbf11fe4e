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

	/// What every block asks of the pallet: whether the session ends, and who authored the
	/// block (a count written).
	#[benchmark]
	fn block_bookkeeping() {
		let author: T::AccountId = account("validator", 0, 0);
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			let ends = <Pallet<T> as pallet_session::ShouldEndSession<_>>::should_end_session(now);
			core::hint::black_box(ends);
			<Pallet<T> as pallet_authorship::EventHandler<_, _>>::note_author(author.clone());
		}
		assert_eq!(AuthoredBlocks::<T>::get(CurrentSession::<T>::get(), author), 1);
	}

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
