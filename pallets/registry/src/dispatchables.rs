//! The bodies of the registry's calls, shared with genesis.

use crate::{url::UrlError, *};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sc4it_primitives::{Capacity, FarmId, NodeId, NodeLifecycle, PricingPolicy};
use sp_core::ed25519;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_create_farm(
		owner: T::AccountId,
		name: Vec<u8>,
		payout_account: T::AccountId,
	) -> Result<FarmId, DispatchError> {
		let name: FarmName<T> = name.try_into().map_err(|_| Error::<T>::FarmNameTooLong)?;
		ensure!(
			!name.is_empty()
				&& name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'),
			Error::<T>::InvalidFarmName
		);
		ensure!(!FarmIdByName::<T>::contains_key(&name), Error::<T>::FarmNameTaken);
		let deposit = Deposits::<T>::get().farm;
		Self::hold(HoldReason::FarmDeposit, &owner, deposit)?;
		let farm = NextFarmId::<T>::get();
		let next = farm.checked_add(1).ok_or(Error::<T>::Overflow)?;
		NextFarmId::<T>::put(next);
		FarmIdByName::<T>::insert(&name, farm);
		Farms::<T>::insert(
			farm,
			Farm {
				owner: owner.clone(),
				name: name.clone(),
				payout_account: payout_account.clone(),
				node_count: 0,
				deposit,
			},
		);
		Self::deposit_event(Event::FarmCreated { farm, owner, name, payout_account });
		Ok(farm)
	}

	pub(crate) fn do_set_payout_account(
		who: T::AccountId,
		farm_id: FarmId,
		payout_account: T::AccountId,
	) -> DispatchResult {
		Farms::<T>::try_mutate(farm_id, |farm| {
			let farm = farm.as_mut().ok_or(Error::<T>::UnknownFarm)?;
			ensure!(farm.owner == who, Error::<T>::NotFarmOwner);
			farm.payout_account = payout_account.clone();
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::FarmPayoutAccountChanged { farm: farm_id, payout_account });
		Ok(())
	}

	pub(crate) fn do_remove_farm(who: T::AccountId, farm_id: FarmId) -> DispatchResult {
		let farm = Farms::<T>::get(farm_id).ok_or(Error::<T>::UnknownFarm)?;
		ensure!(farm.owner == who, Error::<T>::NotFarmOwner);
		ensure!(farm.node_count == 0, Error::<T>::FarmHasNodes);
		T::NodeLifecycle::ensure_farm_removable(farm_id)?;
		Self::release(HoldReason::FarmDeposit, &farm.owner, farm.deposit)?;
		FarmIdByName::<T>::remove(&farm.name);
		Farms::<T>::remove(farm_id);
		FarmPrices::<T>::remove(farm_id);
		T::NodeLifecycle::on_farm_removed(farm_id);
		Self::deposit_event(Event::FarmRemoved { farm: farm_id, deposit_returned: farm.deposit });
		Ok(())
	}

	pub(crate) fn do_register_node(
		who: T::AccountId,
		farm_id: FarmId,
		public_key: ed25519::Public,
		report_url: Vec<u8>,
		capacity: Capacity,
	) -> Result<NodeId, DispatchError> {
		let mut farm = Farms::<T>::get(farm_id).ok_or(Error::<T>::UnknownFarm)?;
		ensure!(farm.owner == who, Error::<T>::NotFarmOwner);
		let report_url = Self::checked_url(report_url)?;
		ensure!(!NodeIdByKey::<T>::contains_key(public_key), Error::<T>::NodeKeyInUse);
		ensure!(farm.node_count < T::MaxNodesPerFarm::get(), Error::<T>::TooManyNodes);
		let deposit = Deposits::<T>::get().node;
		Self::hold(HoldReason::NodeDeposit, &who, deposit)?;
		let node = NextNodeId::<T>::get();
		NextNodeId::<T>::put(node.checked_add(1).ok_or(Error::<T>::Overflow)?);
		farm.node_count = farm.node_count.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Farms::<T>::insert(farm_id, farm);
		NodeIdByKey::<T>::insert(public_key, node);
		Nodes::<T>::insert(
			node,
			Node {
				farm: farm_id,
				public_key,
				report_url: report_url.clone(),
				capacity,
				reserved: Capacity::default(),
				deposit,
			},
		);
		T::NodeLifecycle::on_node_registered(node, farm_id);
		Self::deposit_event(Event::NodeRegistered {
			node,
			farm: farm_id,
			public_key,
			report_url,
			capacity,
		});
		Ok(node)
	}

	/// Whether `proof` is `key`'s signature of the key proof payload for this chain and `who`.
	pub(crate) fn ensure_key_holder(
		who: &T::AccountId,
		key: &ed25519::Public,
		proof: &ed25519::Signature,
	) -> DispatchResult {
		use sp_runtime::traits::Verify;
		let genesis = frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		);
		let mut genesis_bytes = [0u8; 32];
		let hash: &[u8] = genesis.as_ref();
		ensure!(hash.len() == 32, Error::<T>::BadKeyProof);
		genesis_bytes.copy_from_slice(hash);
		let payload = sc4it_primitives::node_key::proof_payload(&genesis_bytes, who);
		ensure!(proof.verify(payload.as_slice(), key), Error::<T>::BadKeyProof);
		Ok(())
	}

	pub(crate) fn do_update_node(
		who: T::AccountId,
		node_id: NodeId,
		report_url: Option<Vec<u8>>,
		public_key: Option<ed25519::Public>,
	) -> DispatchResult {
		let mut node = Self::owned_node(&who, node_id)?;
		let report_url = report_url.map(Self::checked_url).transpose()?;
		if let Some(key) = public_key {
			if key != node.public_key {
				ensure!(!NodeIdByKey::<T>::contains_key(key), Error::<T>::NodeKeyInUse);
				NodeIdByKey::<T>::remove(node.public_key);
				NodeIdByKey::<T>::insert(key, node_id);
				node.public_key = key;
			}
		}
		if let Some(url) = &report_url {
			node.report_url = url.clone();
		}
		Nodes::<T>::insert(node_id, node);
		if let Some(report_url) = report_url {
			Self::deposit_event(Event::NodeReportUrlChanged { node: node_id, report_url });
		}
		if let Some(public_key) = public_key {
			Self::deposit_event(Event::NodeKeyChanged { node: node_id, public_key });
		}
		Ok(())
	}

	pub(crate) fn do_set_node_capacity(
		who: T::AccountId,
		node_id: NodeId,
		capacity: Capacity,
	) -> DispatchResult {
		let mut node = Self::owned_node(&who, node_id)?;
		ensure!(node.reserved.fits_in(&capacity), Error::<T>::CapacityBelowReserved);
		node.capacity = capacity;
		Nodes::<T>::insert(node_id, node);
		Self::deposit_event(Event::NodeCapacityChanged { node: node_id, capacity });
		Ok(())
	}

	pub(crate) fn do_remove_node(who: T::AccountId, node_id: NodeId) -> DispatchResult {
		let node = Self::owned_node(&who, node_id)?;
		// The farm's owner put the deposit on hold, and is the only one who can remove it.
		Self::release(HoldReason::NodeDeposit, &who, node.deposit)?;
		Farms::<T>::try_mutate(node.farm, |farm| {
			let farm = farm.as_mut().ok_or(Error::<T>::UnknownFarm)?;
			farm.node_count = farm.node_count.checked_sub(1).ok_or(Error::<T>::Overflow)?;
			Ok::<_, DispatchError>(())
		})?;
		NodeIdByKey::<T>::remove(node.public_key);
		Nodes::<T>::remove(node_id);
		T::NodeLifecycle::on_node_removed(node_id);
		Self::deposit_event(Event::NodeRemoved {
			node: node_id,
			farm: node.farm,
			deposit_returned: node.deposit,
		});
		Ok(())
	}

	pub(crate) fn do_set_pricing(pricing: PricingPolicy<T::Balance>) -> DispatchResult {
		ensure!(
			!pricing.ssd_per_gib_block.is_zero() && !pricing.hdd_per_gib_block.is_zero(),
			Error::<T>::ZeroPrice
		);
		ensure!(pricing.protocol_fee <= T::MaxProtocolFee::get(), Error::<T>::FeeTooHigh);
		Pricing::<T>::put(pricing);
		Self::deposit_event(Event::PricingChanged { pricing });
		Ok(())
	}

	fn hold(reason: HoldReason, who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount)
	}

	/// Returns a deposit. (What is on hold is exactly what was put there; `BestEffort` only so
	/// that a deposit somehow short cannot keep a farmer's node or farm for ever.)
	fn release(reason: HoldReason, who: &T::AccountId, amount: T::Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).map(|_| ())
	}

	/// The node, if `who` owns the farm it belongs to.
	fn owned_node(who: &T::AccountId, node_id: NodeId) -> Result<Node<T>, DispatchError> {
		let node = Nodes::<T>::get(node_id).ok_or(Error::<T>::UnknownNode)?;
		let farm = Farms::<T>::get(node.farm).ok_or(Error::<T>::UnknownFarm)?;
		ensure!(&farm.owner == who, Error::<T>::NotFarmOwner);
		Ok(node)
	}

	fn checked_url(url: Vec<u8>) -> Result<ReportUrl<T>, DispatchError> {
		let url: ReportUrl<T> = url.try_into().map_err(|_| Error::<T>::UrlTooLong)?;
		url::validate(&url, UrlRules::<T>::get()).map_err(|e| match e {
			UrlError::Scheme => Error::<T>::UrlSchemeNotHttp,
			UrlError::Host => Error::<T>::UrlInvalidHost,
			UrlError::Port => Error::<T>::UrlInvalidPort,
			UrlError::Path => Error::<T>::UrlInvalidPath,
			UrlError::LoopbackHost => Error::<T>::UrlLoopbackHost,
			UrlError::PrivateHost => Error::<T>::UrlPrivateHost,
			UrlError::NotAHost => Error::<T>::UrlNotAHost,
			UrlError::HostName => Error::<T>::UrlHostName,
		})?;
		Ok(url)
	}
}
