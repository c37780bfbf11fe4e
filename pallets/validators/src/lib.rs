//! # sc4it validators
//!
//! The chain's validator set: open to any account governance admits, changed by governance only,
//! and the set pallet-session rotates to (which gives Aura, GRANDPA and the billing oracle their
//! authorities through session keys).
//!
//! - **Membership.** [`Config::GovernanceOrigin`] adds and removes validators. An account is
//!   admitted only with session keys registered ([`ValidatorKeys::has_keys`]), since
//!   pallet-session would otherwise leave it out silently; a removed validator's keys are purged
//!   and their deposit released. The set never has fewer than [`Config::MinValidators`] nor more
//!   than [`Config::MaxValidators`] members.
//! - **When changes take effect.** [`Validators`] is the set the next *planned* session uses.
//!   pallet-session plans session `i + 2` when session `i + 1` starts, so a change made during
//!   session `i` is planned at the next rotation and active from the one after: two rotations
//!   later. Until then a removed validator keeps validating (its keys for the sessions already
//!   planned are held by pallet-session) and an added one does not validate yet.
//! - **Session length.** Sessions last [`SessionBlocks`] blocks, set by governance, never fewer
//!   than [`Config::MinSessionBlocks`]; a change applies to the session in progress.
//! - **Authored blocks.** The blocks each validator authored are counted per session
//!   ([`AuthoredBlocks`]), for the current session and the `KeptSessions - 1` before it.
//!
//! This pallet uses no storage of pallet-session or pallet-authorship: it implements the traits
//! they consume (`SessionManager`, `ShouldEndSession`, `EstimateNextSessionRotation`,
//! `EventHandler`) and reaches session keys through [`ValidatorKeys`]. In the runtime it comes
//! before pallet-session, so that session's genesis finds the validators. Session's validator id
//! must be the account id.
//!
//! Files: [`traits`] ([`ValidatorKeys`]), `session.rs` (the session and authorship trait
//! implementations), `benchmarking.rs` (benchmarks), [`weights`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod session;
pub mod traits;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use traits::ValidatorKeys;
pub use weights::WeightInfo;

/// The index of a session, as pallet-session counts them.
pub type SessionIndex = u32;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{collections::BTreeSet, vec::Vec};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may add and remove validators and set the session length.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The session keys of accounts.
		type Keys: ValidatorKeys<Self::AccountId>;
		/// The most validators the set may have.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// The fewest validators the set may have: removals that would go below are refused.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		/// For how many sessions authored-block counts are kept, the current one included.
		#[pallet::constant]
		type KeptSessions: Get<u32>;
		/// The shortest session, in blocks.
		#[pallet::constant]
		type MinSessionBlocks: Get<BlockNumberFor<Self>>;
		type WeightInfo: WeightInfo;
	}

	/// The validators the next planned session will use, in the order they were added.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The index of the session that started last.
	#[pallet::storage]
	pub type CurrentSession<T> = StorageValue<_, SessionIndex, ValueQuery>;

	/// The set changed since the last session was planned: the next planning hands it to
	/// pallet-session (which otherwise keeps the set, and GRANDPA its authority set id).
	#[pallet::storage]
	pub type SetChanged<T> = StorageValue<_, bool, ValueQuery>;

	/// The length of a session, in blocks: set in genesis and by governance
	/// (`set_session_length`), never below `MinSessionBlocks`.
	#[pallet::storage]
	pub type SessionBlocks<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The block at which the current session started.
	#[pallet::storage]
	pub type LastRotation<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// How many blocks each validator authored, keyed by session index then account; kept for
	/// `KeptSessions` sessions, older ones are pruned when a session starts.
	#[pallet::storage]
	pub type AuthoredBlocks<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SessionIndex,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joins the set; it validates from the second session rotation on.
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
		},
		/// `who` leaves the set; it stops validating after the second session rotation.
		ValidatorRemoved {
			/// The former validator.
			who: T::AccountId,
			/// Whether its session keys were purged (false if it had none).
			keys_purged: bool,
		},
		/// Sessions last `blocks` blocks from now on, the session in progress included.
		SessionLengthChanged {
			/// The new length of a session, in blocks.
			blocks: BlockNumberFor<T>,
		},
		/// `who`, not a validator, purged its session keys and got their deposit back.
		KeysPurged {
			/// The account that called `purge_keys`.
			who: T::AccountId,
		},
		/// Session `index` started.
		NewSession {
			/// The session's index.
			index: SessionIndex,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyValidator,
		/// The set has `MaxValidators` validators already.
		TooManyValidators,
		/// The account has no session keys: it must set them (pallet-session's `set_keys`) first.
		NoSessionKeys,
		/// The account is not a validator.
		NotValidator,
		/// The set would have fewer than `MinValidators` validators.
		TooFewValidators,
		/// The session length is below `MinSessionBlocks`.
		SessionTooShort,
		/// A validator's keys are purged only by its removal: purging them itself could leave the
		/// chain without authors.
		StillValidator,
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The initial validators: between `MinValidators` and `MaxValidators` distinct accounts.
		/// Their session keys are set in pallet-session's genesis. Empty only in the default
		/// configuration, which must build (`construct_runtime!` tests that it does) but whose
		/// chain has no validator.
		pub validators: Vec<T::AccountId>,
		/// The length of a session, at least `MinSessionBlocks` (the default).
		pub session_blocks: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { validators: Vec::new(), session_blocks: T::MinSessionBlocks::get() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with an invalid validator set must refuse to start, loudly: this is
			// the one place where this pallet panics, and it runs before the chain exists.
			let mut seen = BTreeSet::new();
			for who in &self.validators {
				assert!(seen.insert(who), "validators genesis: {who:?} is listed twice");
			}
			let validators: BoundedVec<T::AccountId, T::MaxValidators> =
				self.validators.clone().try_into().unwrap_or_else(|_| {
					panic!(
						"validators genesis: {} validators, more than MaxValidators ({})",
						self.validators.len(),
						T::MaxValidators::get()
					)
				});
			assert!(
				validators.is_empty() || validators.len() >= T::MinValidators::get() as usize,
				"validators genesis: {} validators, fewer than MinValidators ({})",
				validators.len(),
				T::MinValidators::get()
			);
			assert!(
				self.session_blocks >= T::MinSessionBlocks::get(),
				"validators genesis: session_blocks {:?} is below MinSessionBlocks ({:?})",
				self.session_blocks,
				T::MinSessionBlocks::get()
			);
			Validators::<T>::put(validators);
			SetChanged::<T>::put(true);
			SessionBlocks::<T>::put(self.session_blocks);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_now: BlockNumberFor<T>) -> Weight {
			// In every block pallet-session asks `should_end_session` and pallet-authorship
			// calls `note_author`; both count that work as zero, so it is counted here, from its
			// benchmark. A rotation itself is weighed by pallet-session as a full block.
			T::WeightInfo::block_bookkeeping()
		}

		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
			// With none kept, the counts of the session that just ended would never be pruned.
			assert!(T::KeptSessions::get() >= 1, "KeptSessions must be at least 1");
			assert!(!T::MinSessionBlocks::get().is_zero(), "MinSessionBlocks must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set. It must have session keys. It validates from the
		/// second session rotation on (pallet-session plans sets a session ahead).
		/// `GovernanceOrigin` only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
			ensure!(
				validators.len() < T::MaxValidators::get() as usize,
				Error::<T>::TooManyValidators
			);
			ensure!(T::Keys::has_keys(&who), Error::<T>::NoSessionKeys);
			validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from the validator set and purges its session keys, releasing their
		/// deposit; the removal succeeds even if there were no keys to purge. It stops validating
		/// after the second session rotation. `GovernanceOrigin` only.
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::remove_validator().saturating_add(T::Keys::purge_keys_weight())
		)]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			ensure!(validators.contains(&who), Error::<T>::NotValidator);
			ensure!(
				validators.len().saturating_sub(1) >= T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			validators.retain(|v| v != &who);
			Validators::<T>::put(validators);
			SetChanged::<T>::put(true);
			// A failed purge must not undo the removal, nor leave half its changes behind.
			let keys_purged =
				frame_support::storage::with_storage_layer(|| T::Keys::purge_keys(&who)).is_ok();
			Self::deposit_event(Event::ValidatorRemoved { who, keys_purged });
			Ok(())
		}

		/// Sets the length of a session, at least `MinSessionBlocks`. It applies to the session
		/// in progress too: if that is already longer, it ends at the next block.
		/// `GovernanceOrigin` only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(blocks >= T::MinSessionBlocks::get(), Error::<T>::SessionTooShort);
			SessionBlocks::<T>::put(blocks);
			Self::deposit_event(Event::SessionLengthChanged { blocks });
			Ok(())
		}

		/// Purges the caller's session keys and releases their deposit, if the caller is not a
		/// validator (the runtime closes pallet-session's own `purge_keys`, through which the last
		/// validators with keys could leave the chain without authors).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::purge_keys().saturating_add(T::Keys::purge_keys_weight()))]
		pub fn purge_keys(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Validators::<T>::get().contains(&who), Error::<T>::StillValidator);
			T::Keys::purge_keys(&who)?;
			Self::deposit_event(Event::KeysPurged { who });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The validators the next planned session will use.
		pub fn validators() -> Vec<T::AccountId> {
			Validators::<T>::get().into_inner()
		}

		/// How many blocks `who` authored in session `session` (0 once that session is pruned).
		pub fn authored_blocks(session: SessionIndex, who: &T::AccountId) -> u32 {
			AuthoredBlocks::<T>::get(session, who)
		}

		/// Checks the pallet's invariants: validators distinct and between `MinValidators` and
		/// `MaxValidators`, session length at least `MinSessionBlocks`.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let validators = Validators::<T>::get();
			let distinct = validators.iter().collect::<BTreeSet<_>>().len();
			ensure!(distinct == validators.len(), "a validator is listed twice");
			ensure!(
				validators.len() >= T::MinValidators::get() as usize,
				"fewer validators than MinValidators"
			);
			ensure!(
				validators.len() <= T::MaxValidators::get() as usize,
				"more validators than MaxValidators"
			);
			ensure!(
				SessionBlocks::<T>::get() >= T::MinSessionBlocks::get(),
				"session length below MinSessionBlocks"
			);
			Ok(())
		}
	}
}
