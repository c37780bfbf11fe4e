//! The traits pallet-session and pallet-authorship consume: the validator set for each planned
//! session, when a session ends, how far it has gone, and who authored each block.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{EstimateNextSessionRotation, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{One, Saturating},
	Permill,
};

impl<T: Config> Pallet<T> {
	/// The length of a session in force: [`SessionBlocks`], but never below `MinSessionBlocks`
	/// (nor zero, which would end a session in every block).
	pub fn session_length() -> BlockNumberFor<T> {
		SessionBlocks::<T>::get().max(T::MinSessionBlocks::get()).max(One::one())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The set, when it changed since the last planning (pallet-session then queues it, and
	/// GRANDPA gets a new authority set when the session starts); `None` otherwise, so that an
	/// unchanged set is not a new GRANDPA set every session. Key rotations pallet-session sees by
	/// itself.
	fn new_session(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		Some(Self::validators())
	}

	fn end_session(_end_index: SessionIndex) {}

	/// Records the session's start, and prunes the authored-block counts of the session
	/// `KeptSessions` before it.
	fn start_session(start_index: SessionIndex) {
		CurrentSession::<T>::put(start_index);
		LastRotation::<T>::put(frame_system::Pallet::<T>::block_number());
		if let Some(old) = start_index.checked_sub(T::KeptSessions::get()) {
			// Only the validators of a session author its blocks, and a session has at most
			// `MaxValidators` of them: one call removes them all.
			let _ = AuthoredBlocks::<T>::clear_prefix(old, T::MaxValidators::get(), None);
		}
		Self::deposit_event(Event::NewSession { index: start_index });
	}
}

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now.saturating_sub(LastRotation::<T>::get()) >= Self::session_length()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		Self::session_length()
	}

	/// The share of the session's blocks that have begun, the current one included (as
	/// pallet-session's `PeriodicSessions` counts): 100% in its last block, never 0%.
	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let elapsed = now.saturating_sub(LastRotation::<T>::get()).saturating_add(One::one());
		let progress = Permill::from_rational(elapsed, Self::session_length());
		(Some(progress), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(
		_now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		let next = LastRotation::<T>::get().saturating_add(Self::session_length());
		(Some(next), T::DbWeight::get().reads(2))
	}
}

impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_author(author: T::AccountId) {
		AuthoredBlocks::<T>::mutate(CurrentSession::<T>::get(), author, |n| {
			*n = n.saturating_add(1)
		});
	}
}
