//! The registry as the contracts pallet ([`GridRegistry`]) and the oracle ([`NodeDirectory`])
//! see it.

use crate::*;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use sc4it_primitives::{FarmId, GridRegistry, NodeDirectory, NodeId, PricingPolicy, Volume};
use sp_core::ed25519;

impl<T: Config> GridRegistry<T::AccountId, T::Balance> for Pallet<T> {
	fn node_farm(node: NodeId) -> Option<FarmId> {
		Nodes::<T>::get(node).map(|n| n.farm)
	}

	fn farm_payout_account(farm: FarmId) -> Option<T::AccountId> {
		Farms::<T>::get(farm).map(|f| f.payout_account)
	}

	fn farm_pricing(farm: FarmId) -> Option<PricingPolicy<T::Balance>> {
		Self::pricing_of(farm)
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

impl<T: Config> NodeDirectory for Pallet<T> {
	fn report_key(node: NodeId) -> Option<ed25519::Public> {
		Nodes::<T>::get(node).map(|n| n.public_key)
	}

	fn report_url(node: NodeId) -> Option<Vec<u8>> {
		Nodes::<T>::get(node).map(|n| n.report_url.into_inner())
	}

	fn nodes_after(after: Option<NodeId>, limit: u32) -> Vec<NodeId> {
		let keys = match after {
			None => Nodes::<T>::iter_keys(),
			// The counted map pages by key and value: the values of one page are decoded too.
			Some(after) => {
				let from = Nodes::<T>::hashed_key_for(after);
				return Nodes::<T>::iter_from(from)
					.map(|(node, _)| node)
					.take(limit as usize)
					.collect();
			},
		};
		keys.take(limit as usize).collect()
	}

	fn node_count() -> u32 {
		Nodes::<T>::count()
	}

	fn node_id_bound() -> NodeId {
		NextNodeId::<T>::get()
	}
}
