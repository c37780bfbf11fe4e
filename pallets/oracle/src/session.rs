//! The authority set follows the validators: the runtime names this pallet among the session
//! keys' handlers, and every session the set becomes the oracle keys of the session's
//! validators. Nobody sets it by hand: a validator added by governance becomes an authority when
//! its session starts, and one removed stops being one when its last session ends.

use crate::*;
use alloc::vec::Vec;
use frame_support::{traits::OneSessionHandler, BoundedVec};

impl<T: Config> sp_runtime::BoundToRuntimeAppPublic for Pallet<T> {
	type Public = AuthorityId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = AuthorityId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		Self::follow_validators(validators.map(|(_, key)| key).collect());
	}

	fn on_new_session<'a, I>(_changed: bool, validators: I, _queued: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		Self::follow_validators(validators.map(|(_, key)| key).collect());
	}

	fn on_disabled(_validator_index: u32) {}
}

impl<T: Config> Pallet<T> {
	/// Makes `keys` the authority set, if it differs. Session keys are unique, so there are no
	/// duplicates; a set larger than `MaxAuthorities` (a runtime whose validator bound exceeds
	/// it) keeps its first `MaxAuthorities` keys and says so in the log.
	pub(crate) fn follow_validators(keys: Vec<AuthorityId>) {
		let offered = keys.len();
		let set = BoundedVec::<AuthorityId, T::MaxAuthorities>::truncate_from(keys);
		if set.len() < offered {
			log::error!(
				target: "sc4it-oracle",
				"{offered} validators, {} oracle authorities at most: the rest are not authorities",
				set.len()
			);
		}
		if Authorities::<T>::get() != set {
			// The last batches of keys that left the set: at most the old set's size.
			for old in Authorities::<T>::get() {
				if !set.contains(&old) {
					LastBatch::<T>::remove(&old);
				}
			}
			let count = set.len() as u32;
			Authorities::<T>::put(set);
			Self::deposit_event(Event::AuthoritiesChanged { count });
		}
	}
}

/// The registry tells the oracle of removed nodes, so that what it keeps per node goes with them.
impl<T: Config> sc4it_primitives::NodeLifecycle for Pallet<T> {
	fn on_node_registered(_node: sc4it_primitives::NodeId, _farm: sc4it_primitives::FarmId) {}

	fn on_node_removed(node: sc4it_primitives::NodeId) {
		DownVotes::<T>::remove(node);
		Pallet::<T>::forget_pending(node);
	}

	fn ensure_farm_removable(
		_farm: sc4it_primitives::FarmId,
	) -> frame_support::dispatch::DispatchResult {
		Ok(())
	}

	fn on_farm_removed(_farm: sc4it_primitives::FarmId) {}
}
