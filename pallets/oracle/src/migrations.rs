//! Storage migrations of the oracle pallet.
//!
//! [`v1::MigrateV0ToV1`], storage version 0 to 1: counts the nodes with stretches waiting in
//! `PendingStretches` into `NodesWithPendingStretches`, which a report reads instead of its
//! node's queue while no node waits. One read per waiting node (a few at most: a node waits
//! only when a report was cut short by the contracts pallet's work bound), one write.

use crate::*;
use frame_support::{pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade};

/// Storage version 0 to 1.
pub mod v1 {
	use super::*;

	/// Counts the nodes with waiting stretches.
	pub struct CountWaitingNodes<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountWaitingNodes<T> {
		fn on_runtime_upgrade() -> Weight {
			let waiting = PendingStretches::<T>::iter_keys().count() as u64;
			NodesWithPendingStretches::<T>::put(waiting.min(u64::from(u32::MAX)) as u32);
			T::DbWeight::get().reads_writes(waiting.saturating_add(1), 1)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// The migration, run once: only at storage version 0, which it moves to 1.
	pub type MigrateV0ToV1<T> = frame_support::migrations::VersionedMigration<
		0,
		1,
		CountWaitingNodes<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::mock::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};

	#[test]
	fn the_migration_counts_the_waiting_nodes_once() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(0).put::<Pallet<Test>>();
			let stretch = Stretch {
				start: 1,
				until: 9,
				health: sc4it_primitives::NodeHealth::Healthy,
				evidence: Default::default(),
			};
			for node in [0, 3] {
				PendingStretches::<Test>::insert(
					node,
					BoundedVec::truncate_from(vec![stretch.clone()]),
				);
			}
			v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(NodesWithPendingStretches::<Test>::get(), 2);
			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
			// Run again, it changes nothing.
			PendingStretches::<Test>::remove(3);
			v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(NodesWithPendingStretches::<Test>::get(), 2);
		});
	}
}
