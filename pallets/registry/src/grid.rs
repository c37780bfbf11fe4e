//! The registry as the contracts pallet sees it.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};
use sc4it_primitives::{FarmId, GridRegistry, NodeId, PricingPolicy, Volume};

impl<T: Config> GridRegistry<T::AccountId, T::Balance> for Pallet<T> {
	fn node_farm(node: NodeId) -> Option<FarmId> {
		Nodes::<T>::get(node).map(|n| n.farm)
	}

	fn farm_payout_account(farm: FarmId) -> Option<T::AccountId> {
		Farms::<T>::get(farm).map(|f| f.payout_account)
	}

	fn pricing() -> Option<PricingPolicy<T::Balance>> {
		Pricing::<T>::get()
	}

	fn reserve_capacity(node_id: NodeId, volume: &Volume) -> DispatchResult {
		ensure!(volume.size_gib > 0, Error::<T>::ZeroSizedVolume);
		Nodes::<T>::try_mutate(node_id, |node| {
			let node = node.as_mut().ok_or(Error::<T>::UnknownNode)?;
			let reserved = node
				.reserved
				.checked_add(volume.disk_type, volume.size_gib)
				.ok_or(Error::<T>::NodeFull)?;
			ensure!(reserved.fits_in(&node.capacity), Error::<T>::NodeFull);
			node.reserved = reserved;
			Ok(())
		})
	}

	fn release_capacity(node_id: NodeId, volume: &Volume) -> DispatchResult {
		Nodes::<T>::try_mutate_exists(node_id, |node| match node {
			// A removed node took its capacity with it.
			None => Ok(()),
			Some(node) => {
				node.reserved = node
					.reserved
					.checked_sub(volume.disk_type, volume.size_gib)
					.ok_or(Error::<T>::Overflow)?;
				Ok(())
			},
		})
	}
}
