//! Benchmarks of the registry's calls, each on its heaviest path: the longest farm name and
//! report URL the runtime allows, a node whose key and URL both change, a node removed while it
//! has contracts (the decommission itself is weighed per contract by the contracts pallet).

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sc4it_primitives::{benchmarking::GridSetup, Capacity, FarmId, NodeId, PricingPolicy};
use sp_core::ed25519;
use sp_runtime::Perbill;

/// A valid farm name of `len` bytes, unique for `seed`.
fn farm_name(seed: u32, len: u32) -> Vec<u8> {
	let mut name = alloc::format!("farm-{seed}-").into_bytes();
	name.resize((len as usize).max(name.len()), b'x');
	name
}

/// A valid report URL of the longest length the runtime allows.
fn long_url<T: Config>() -> Vec<u8> {
	let mut url = b"http://93.184.215.14:8700/".to_vec();
	url.resize((T::MaxUrlLen::get() as usize).max(url.len()), b'a');
	url
}

/// A node key no other node has.
fn key(seed: u32) -> ed25519::Public {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(&seed.to_le_bytes());
	raw[31] = 0xbe;
	ed25519::Public::from_raw(raw)
}

/// The keystore's key type for the benchmarks' node keys.
const NODE_KEYS: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"sc4n");

/// A new node key in the keystore, with its proof for `who`.
fn held_key<T: Config>(who: &T::AccountId) -> (ed25519::Public, ed25519::Signature) {
	let key = sp_io::crypto::ed25519_generate(NODE_KEYS, None);
	let genesis = frame_system::Pallet::<T>::block_hash(
		frame_system::pallet_prelude::BlockNumberFor::<T>::default(),
	);
	let mut genesis_bytes = [0u8; 32];
	genesis_bytes.copy_from_slice(genesis.as_ref());
	let payload = sc4it_primitives::node_key::proof_payload(&genesis_bytes, who);
	let proof =
		sp_io::crypto::ed25519_sign(NODE_KEYS, &key, &payload).expect("the key is in the keystore");
	(key, proof)
}

fn ample() -> Capacity {
	Capacity { ssd_gib: 1 << 40, hdd_gib: 1 << 40 }
}

/// Gives `who` enough for the deposits of a few farms and nodes.
fn fund<T: Config>(who: &T::AccountId) {
	use frame_support::traits::fungible::{Inspect, Mutate};
	use sp_runtime::Saturating;
	let deposits = Deposits::<T>::get();
	let amount = deposits
		.farm
		.saturating_add(deposits.node)
		.saturating_mul(4u32.into())
		.saturating_add(T::Currency::minimum_balance())
		.saturating_add(1_000_000u32.into());
	T::Currency::set_balance(who, amount);
}

fn farm_of<T: Config>(owner: &T::AccountId) -> FarmId {
	fund::<T>(owner);
	let farm = NextFarmId::<T>::get();
	let created = Pallet::<T>::do_create_farm(owner.clone(), farm_name(farm, 8), owner.clone());
	assert_eq!(created, Ok(farm));
	farm
}

fn node_of<T: Config>(owner: &T::AccountId, farm: FarmId, seed: u32) -> NodeId {
	let node =
		Pallet::<T>::do_register_node(owner.clone(), farm, key(seed), long_url::<T>(), ample());
	node.expect("a node of the caller's farm can be registered")
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

	#[benchmark]
	fn create_farm() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let farm = NextFarmId::<T>::get();
		let name = farm_name(farm, T::MaxFarmNameLen::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), name, caller.clone());
		assert!(Farms::<T>::contains_key(farm));
	}

	#[benchmark]
	fn set_payout_account() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		let payout: T::AccountId = account("payout", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), farm, payout.clone());
		assert_eq!(Farms::<T>::get(farm).map(|f| f.payout_account), Some(payout));
	}

	#[benchmark]
	fn remove_farm() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), farm);
		assert!(!Farms::<T>::contains_key(farm));
	}

	#[benchmark]
	fn register_node() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		let node = NextNodeId::<T>::get();
		let (key, proof) = held_key::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), farm, key, proof, long_url::<T>(), ample());
		assert!(Nodes::<T>::contains_key(node));
	}

	#[benchmark]
	fn update_node() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		let node = node_of::<T>(&caller, farm, 1);
		let mut url = long_url::<T>();
		if let Some(last) = url.last_mut() {
			*last = b'b';
		}
		let (key, proof) = held_key::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node, Some(url), Some((key, proof)));
		assert_eq!(Nodes::<T>::get(node).map(|n| n.public_key), Some(key));
	}

	#[benchmark]
	fn set_node_capacity() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		let node = node_of::<T>(&caller, farm, 1);
		let capacity = Capacity { ssd_gib: 1 << 41, hdd_gib: 1 << 41 };
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node, capacity);
		assert_eq!(Nodes::<T>::get(node).map(|n| n.capacity), Some(capacity));
	}

	#[benchmark]
	fn remove_node() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		let node = node_of::<T>(&caller, farm, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node);
		assert!(!Nodes::<T>::contains_key(node));
	}

	#[benchmark]
	fn set_pricing() {
		let pricing = PricingPolicy {
			ssd_per_gib_block: 7u32.into(),
			hdd_per_gib_block: 3u32.into(),
			protocol_fee: T::MaxProtocolFee::get(),
		};
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, pricing);
		assert_eq!(Pricing::<T>::get(), Some(pricing));
	}

	#[benchmark]
	fn set_deposits() {
		let deposits = DepositPolicy { farm: 5u32.into(), node: 7u32.into() };
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, deposits);
		assert_eq!(Deposits::<T>::get(), deposits);
	}

	#[benchmark]
	fn set_url_policy() {
		let policy = url::UrlPolicy { allow_loopback: true, allow_private: true };
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, policy);
		assert_eq!(UrlRules::<T>::get(), policy);
	}

	#[benchmark]
	fn set_farm_prices() {
		let caller: T::AccountId = whitelisted_caller();
		let farm = farm_of::<T>(&caller);
		Pricing::<T>::put(PricingPolicy {
			ssd_per_gib_block: 5u32.into(),
			hdd_per_gib_block: 2u32.into(),
			protocol_fee: T::MaxProtocolFee::get(),
		});
		let bounds = price_bounds::<T>();
		FarmPriceBounds::<T>::put(bounds);
		// A rise: the longer way, which reads what is in force and schedules the new prices.
		let prices = bounds.max;
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), farm, prices);
		assert!(FarmPrices::<T>::get(farm).is_some_and(|p| p.rise.is_some()));
	}

	#[benchmark]
	fn set_price_bounds() {
		let bounds = price_bounds::<T>();
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, bounds);
		assert_eq!(FarmPriceBounds::<T>::get(), Some(bounds));
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

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

impl<T: Config> GridSetup<T::AccountId> for Pallet<T> {
	fn node_with_key(
		owner: &T::AccountId,
		report_key: ed25519::Public,
	) -> Result<NodeId, sp_runtime::DispatchError> {
		if Pricing::<T>::get().is_none() {
			Pallet::<T>::do_set_pricing(PricingPolicy {
				ssd_per_gib_block: 1_000u32.into(),
				hdd_per_gib_block: 400u32.into(),
				protocol_fee: Perbill::from_percent(10).min(T::MaxProtocolFee::get()),
			})?;
		}
		fund::<T>(owner);
		let farm = NextFarmId::<T>::get();
		Pallet::<T>::do_create_farm(owner.clone(), farm_name(farm, 8), owner.clone())?;
		Pallet::<T>::do_register_node(
			owner.clone(),
			farm,
			report_key,
			b"http://93.184.215.14:8700".to_vec(),
			ample(),
		)
	}
}

/// The origin of a governance call (a carried council motion in the runtime).
fn price_bounds<T: Config>() -> sc4it_primitives::PriceBounds<T::Balance> {
	use sc4it_primitives::DiskPrices;
	sc4it_primitives::PriceBounds {
		min: DiskPrices { ssd_per_gib_block: 1u32.into(), hdd_per_gib_block: 1u32.into() },
		max: DiskPrices { ssd_per_gib_block: 50u32.into(), hdd_per_gib_block: 20u32.into() },
	}
}

fn governance<T: Config>() -> T::RuntimeOrigin {
	use frame_support::traits::EnsureOrigin;
	match T::GovernanceOrigin::try_successful_origin() {
		Ok(origin) => origin,
		Err(()) => panic!("the governance origin has a successful origin for benchmarks"),
	}
}
