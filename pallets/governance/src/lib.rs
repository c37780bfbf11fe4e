//! # sc4it governance: what only the council may do
//!
//! The chain has no sudo key. A council (pallet-collective with pallet-membership, configured in
//! the runtime) carries motions, and a carried motion's origin says how many members voted for
//! it. The runtime's `CouncilOrigin` accepts a motion carried by at least two thirds of the
//! members, whatever threshold its proposer chose. This pallet gives such a motion the two powers
//! nothing else in the runtime has:
//!
//! - [`Pallet::dispatch_as_root`] runs a call with the Root origin: the calls of other pallets
//!   that only Root may make (`frame_system::authorize_upgrade`, `grandpa::note_stalled`, ...).
//!   Root is reachable through this call and no other way.
//! - [`Pallet::spend`] pays from the treasury account, which no key controls.
//!
//! Each emits an event saying what was done ([`Event::DispatchedAsRoot`] with the call's hash and
//! result, [`Event::TreasurySpent`]).
//!
//! Files: this one (the pallet), [`weights`], `benchmarking.rs`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			tokens::Preservation,
			UnfilteredDispatchable,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Dispatchable, Hash, Zero};

	/// The balance of the treasury's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A call of the runtime.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo
			+ From<frame_system::Call<Self>>;
		/// A motion the council carried (two thirds of the members in the runtime).
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The treasury's currency.
		type Currency: Mutate<Self::AccountId>;
		/// The treasury: the account protocol fees are paid into.
		type TreasuryAccount: Get<Self::AccountId>;
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A council motion ran a call as Root (`dispatch_as_root`), whether the call succeeded
		/// or not.
		DispatchedAsRoot {
			/// The hash of the call, as the motion's proposal hash names it.
			call_hash: T::Hash,
			/// What the call returned: its own error, if it failed.
			result: DispatchResult,
		},
		/// A council motion paid from the treasury account (`spend`).
		TreasurySpent {
			/// Who was paid.
			to: T::AccountId,
			/// The amount paid, in planck.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A spend of nothing: `amount` must be above zero.
		ZeroSpend,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Runs `call` with the Root origin. Council only. The call's own failure does not fail
		/// this one: it is reported in [`Event::DispatchedAsRoot`], so that the motion is
		/// recorded as executed with what happened.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let inner = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(inner.call_weight), inner.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::CouncilOrigin::ensure_origin(origin)?;
			let call_hash = T::Hashing::hash_of(&call);
			let declared = call.get_dispatch_info().call_weight;
			let (used, result) =
				match call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into()) {
					Ok(post) => (post.actual_weight.unwrap_or(declared), Ok(())),
					Err(e) => (e.post_info.actual_weight.unwrap_or(declared), Err(e.error)),
				};
			Self::deposit_event(Event::DispatchedAsRoot { call_hash, result });
			Ok(Some(T::WeightInfo::dispatch_as_root().saturating_add(used)).into())
		}

		/// Pays `amount` from the treasury to `to`. Council only. The treasury account stays
		/// alive: a spend that would take it below the existential deposit fails.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroSpend);
			T::Currency::transfer(&T::TreasuryAccount::get(), &to, amount, Preservation::Preserve)?;
			Self::deposit_event(Event::TreasurySpent { to, amount });
			Ok(())
		}
	}
}
