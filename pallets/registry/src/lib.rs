//! # sc4it registry
//!
//! Farms, their nodes and the grid's pricing policy.
//!
//! - A **farm** is created by any account, which becomes its farmer; it has a unique name and a
//!   payout account that receives its earnings.
//! - A **node** belongs to a farm. It is registered with the ed25519 key its agent signs reports
//!   with, the URL the reports are served at, and its capacity per disk type. The registry never
//!   lets more be reserved on a node than its capacity.
//! - The **pricing policy** (price per GiB per block for each disk type, and the protocol fee) is
//!   set in genesis and changed by governance only.
//! - A farm may set **its own prices** within bounds governance sets (`prices.rs`); a rise
//!   applies `PriceNotice` blocks later.
//!
//! The contracts pallet uses the registry through [`sc4it_primitives::GridRegistry`] and is told
//! about node registration and removal through [`sc4it_primitives::NodeLifecycle`].
//!
//! Files: [`types`] (storage types), [`url`] (report URL validation), `dispatchables.rs` (the
//! calls' bodies), `grid.rs` (the [`sc4it_primitives::GridRegistry`] implementation), `prices.rs` (farms' prices),
//! `benchmarking.rs` (benchmarks, and the [`sc4it_primitives::benchmarking::GridSetup`] other
//! pallets' benchmarks build nodes with), [`weights`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dispatchables;
mod grid;
mod prices;
pub mod types;
pub mod url;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use sc4it_primitives::{
		Capacity, DiskPrices, FarmId, NodeId, NodeLifecycle, PriceBounds, PricingPolicy,
	};
	use sp_core::ed25519;
	use sp_runtime::{traits::AtLeast32BitUnsigned, Perbill};

	/// The layout of this pallet's storage; a migration moves it on (runtime/src/migrations.rs).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A farm's storage deposit.
		FarmDeposit,
		/// A node's deposit.
		NodeDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The balance type prices are expressed in.
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Copy
			+ Default
			+ MaxEncodedLen
			+ MaybeSerializeDeserialize;
		/// The currency deposits are held in.
		type Currency: fungible::Inspect<Self::AccountId, Balance = Self::Balance>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		type RuntimeHoldReason: From<HoldReason>;
		/// The most nodes one farm may have.
		#[pallet::constant]
		type MaxNodesPerFarm: Get<u32>;
		/// Told when nodes come and go; implemented by the contracts pallet.
		type NodeLifecycle: NodeLifecycle;
		/// The longest farm name, in bytes.
		#[pallet::constant]
		type MaxFarmNameLen: Get<u32>;
		/// The longest report URL, in bytes.
		#[pallet::constant]
		type MaxUrlLen: Get<u32>;
		/// The highest protocol fee governance may set.
		#[pallet::constant]
		type MaxProtocolFee: Get<Perbill>;
		/// Who may change this pallet's settings: a council motion carried by two thirds of the
		/// members, in the runtime.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// How long after a farm raises a price the rise applies: what a user shown the price
		/// has to get their contract created at it.
		#[pallet::constant]
		type PriceNotice: Get<BlockNumberFor<Self>>;
		type WeightInfo: WeightInfo;
	}

	/// Every farm, keyed by its `FarmId`: owner, unique name, payout account, number of nodes and
	/// the deposit it holds. Removed by `remove_farm`.
	#[pallet::storage]
	pub type Farms<T: Config> = StorageMap<_, Twox64Concat, FarmId, Farm<T>>;

	/// The `FarmId` of each farm name. Exists so that no two farms share a name; freed when the
	/// farm is removed.
	#[pallet::storage]
	pub type FarmIdByName<T: Config> = StorageMap<_, Blake2_128Concat, FarmName<T>, FarmId>;

	/// The `FarmId` the next `create_farm` assigns. Ids start at 0 and are never reused.
	#[pallet::storage]
	pub type NextFarmId<T> = StorageValue<_, FarmId, ValueQuery>;

	/// Every node, keyed by its `NodeId`: its farm, report-signing key, report URL, capacity and
	/// reserved space per disk type (GiB), and the deposit it holds. Removed by `remove_node`.
	/// Counted: the oracle bounds how many of the grid's nodes may be recorded down at once.
	#[pallet::storage]
	pub type Nodes<T: Config> = CountedStorageMap<_, Twox64Concat, NodeId, Node<T>>;

	/// The `NodeId` of each report-signing ed25519 key. Exists so that one key signs for one node
	/// only; updated by `update_node` and freed when the node is removed.
	#[pallet::storage]
	pub type NodeIdByKey<T: Config> = StorageMap<_, Blake2_128Concat, ed25519::Public, NodeId>;

	/// The `NodeId` the next `register_node` assigns. Ids start at 0 and are never reused.
	#[pallet::storage]
	pub type NextNodeId<T> = StorageValue<_, NodeId, ValueQuery>;

	/// What creating a farm and registering a node put on hold from the farm's owner, in planck
	/// (docs/security.md). Set in genesis and by governance (`set_deposits`); existing farms and
	/// nodes keep the deposit they were created with.
	#[pallet::storage]
	pub type Deposits<T: Config> = StorageValue<_, DepositPolicy<T::Balance>, ValueQuery>;

	/// Which non-public report hosts (loopback, private) node report URLs may have; none by
	/// default (`url.rs`). Set in genesis and by governance (`set_url_policy`).
	#[pallet::storage]
	pub type UrlRules<T: Config> = StorageValue<_, url::UrlPolicy, ValueQuery>;

	/// The pricing policy in force: planck per GiB per block for each disk type, and the protocol
	/// fee. New contracts copy it; existing ones keep their own. `None` until genesis or
	/// governance (`set_pricing`) sets one.
	#[pallet::storage]
	pub type Pricing<T: Config> = StorageValue<_, PricingPolicy<T::Balance>, OptionQuery>;

	/// The lowest and highest price per GiB and block a farm may set, per disk type. Farms
	/// cannot set their own prices until genesis or governance (`set_price_bounds`) sets them.
	#[pallet::storage]
	pub type FarmPriceBounds<T: Config> = StorageValue<_, PriceBounds<T::Balance>, OptionQuery>;

	/// Each farm's own prices (`set_farm_prices`), and a rise to come; a farm without an entry
	/// charges the grid's (`Pricing`). One entry per farm, covered by its deposit; removed with
	/// the farm.
	#[pallet::storage]
	pub type FarmPrices<T: Config> =
		StorageMap<_, Twox64Concat, FarmId, FarmPrice<T::Balance, BlockNumberFor<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A farm was created by `owner` (`create_farm`), and the farm deposit was put on hold
		/// from that account.
		FarmCreated {
			/// The new farm's id.
			farm: FarmId,
			/// The farmer: the account that called `create_farm` and alone manages the farm.
			owner: T::AccountId,
			/// The farm's unique name.
			name: FarmName<T>,
			/// The account the farm's earnings are paid to.
			payout_account: T::AccountId,
		},
		/// The farm's owner changed where the farm's earnings are paid (`set_payout_account`).
		FarmPayoutAccountChanged {
			/// The farm.
			farm: FarmId,
			/// The account payouts go to from now on.
			payout_account: T::AccountId,
		},
		/// The farm's owner removed the farm (`remove_farm`): it is gone, its name is free again,
		/// and its owner's deposit went back.
		FarmRemoved {
			/// The removed farm.
			farm: FarmId,
			/// The farm deposit released to the owner, in planck.
			deposit_returned: T::Balance,
		},
		/// The farm's owner registered a node (`register_node`), and the node deposit was put on
		/// hold from the owner. Its billing timeline starts at this block.
		NodeRegistered {
			/// The new node's id.
			node: NodeId,
			/// The farm the node belongs to.
			farm: FarmId,
			/// The ed25519 key the node's agent signs its reports with.
			public_key: ed25519::Public,
			/// Where the node's agent serves its reports.
			report_url: ReportUrl<T>,
			/// The disk space the node offers, in GiB per disk type.
			capacity: Capacity,
		},
		/// The farm's owner set a node's report URL (`update_node`). Emitted whenever a URL is
		/// given, even one equal to the old.
		NodeReportUrlChanged {
			/// The node.
			node: NodeId,
			/// The URL the node's reports are fetched from from now on.
			report_url: ReportUrl<T>,
		},
		/// The farm's owner set a node's report-signing key (`update_node`). Emitted whenever a key
		/// is given, even one equal to the old.
		NodeKeyChanged {
			/// The node.
			node: NodeId,
			/// The ed25519 key the node's reports must be signed with from now on.
			public_key: ed25519::Public,
		},
		/// The farm's owner changed a node's capacity (`set_node_capacity`).
		NodeCapacityChanged {
			/// The node.
			node: NodeId,
			/// The disk space the node offers from now on, in GiB per disk type.
			capacity: Capacity,
		},
		/// The farm's owner removed a node (`remove_node`): it is gone, its deposit went back, and
		/// its contracts are being decommissioned with refunds.
		NodeRemoved {
			/// The removed node.
			node: NodeId,
			/// The farm it belonged to.
			farm: FarmId,
			/// The node deposit released to the farm's owner, in planck.
			deposit_returned: T::Balance,
		},
		/// Governance changed the deposits of farms and nodes created from now on
		/// (`set_deposits`); existing ones keep what they hold.
		DepositsChanged {
			/// The new deposits, in planck.
			deposits: DepositPolicy<T::Balance>,
		},
		/// Governance changed which non-public report hosts are accepted (`set_url_policy`).
		/// Nodes already registered keep their URLs.
		UrlPolicyChanged {
			/// The new policy: whether loopback and private hosts are allowed.
			policy: url::UrlPolicy,
		},
		/// Governance set the pricing policy (`set_pricing`). Contracts created from now on copy
		/// it; existing contracts keep their own prices.
		PricingChanged {
			/// The new policy: planck per GiB per block for SSD and HDD, and the protocol fee.
			pricing: PricingPolicy<T::Balance>,
		},
		// Events added by an upgrade come last: an event's index is its encoding.
		/// A farm set its prices (`set_farm_prices`): contracts created on its nodes from block
		/// `from` on pay them. A lower price applies at once, a higher one `PriceNotice` blocks
		/// later; running contracts keep their rates.
		FarmPricesSet {
			/// The farm.
			farm: FarmId,
			/// Planck per GiB per block, for SSD and HDD.
			prices: DiskPrices<T::Balance>,
			/// The first block whose new contracts pay them.
			from: BlockNumberFor<T>,
			/// What new contracts pay until `from`: the prices in force before (the same as
			/// `prices` when they apply at once).
			until_then: DiskPrices<T::Balance>,
		},
		/// Governance set the bounds of farms' prices (`set_price_bounds`). A farm's price
		/// outside them is brought within them for new contracts.
		PriceBoundsChanged {
			/// The lowest and highest price per GiB and block, per disk type.
			bounds: PriceBounds<T::Balance>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No farm has this id. Farms that were removed are gone for good.
		UnknownFarm,
		/// No node has this id. Nodes that were removed are gone for good.
		UnknownNode,
		/// Only the farm's owner may do this: sign with the account that created the farm.
		NotFarmOwner,
		/// Another farm already has this name: choose another one.
		FarmNameTaken,
		/// The farm name is longer than `MaxFarmNameLen` bytes.
		FarmNameTooLong,
		/// The farm name is empty or has characters other than ASCII letters, digits, `-`, `_`.
		InvalidFarmName,
		/// The farm still has nodes: remove them first.
		FarmHasNodes,
		/// The report URL is longer than `MaxUrlLen` bytes.
		UrlTooLong,
		/// The report URL is neither `http://` nor `https://` (lower case).
		UrlSchemeNotHttp,
		/// The report URL's host is missing or malformed (user info such as `user@host`, and hosts
		/// that read as a number other than an IPv4 address in four decimal parts, are refused
		/// too).
		UrlInvalidHost,
		/// The report URL's port is not between 1 and 65535.
		UrlInvalidPort,
		/// The report URL's path has whitespace, control or non-ASCII characters, or a fragment.
		UrlInvalidPath,
		/// The report URL's host is loopback (`localhost`, 127.0.0.0/8, `[::1]`): report URLs
		/// must be public addresses, unless the chain's URL policy allows loopback.
		UrlLoopbackHost,
		/// The report URL's host is a private, shared, link-local or benchmarking (198.18.0.0/15)
		/// address, or local-use NAT64 (64:ff9b:1::/48): report URLs must be public addresses,
		/// unless the chain's URL policy allows private ones.
		UrlPrivateHost,
		/// The report URL's host is an unspecified, multicast, broadcast, reserved, IETF protocol
		/// (192.0.0.0/24) or documentation (2001:db8::/32) address: never a node.
		UrlNotAHost,
		/// Another node already signs its reports with this key: give each node its own key.
		NodeKeyInUse,
		/// The node has too little free space of that disk type for the volume (returned when a
		/// contract is created): pick a smaller volume or another node.
		NodeFull,
		/// The new capacity is below what contracts have reserved on the node, for some disk type.
		CapacityBelowReserved,
		/// A volume of zero GiB cannot be reserved (returned when a contract is created).
		ZeroSizedVolume,
		/// A price of zero would make contracts free and their runway infinite.
		ZeroPrice,
		/// The protocol fee is above `MaxProtocolFee`.
		FeeTooHigh,
		/// A farm or node id or count would overflow, or a release would take a node's reserved
		/// space below zero. Should not happen.
		Overflow,
		/// The farm has `MaxNodesPerFarm` nodes already: remove one, or create another farm.
		TooManyNodes,
		// Last of the errors, so that the others keep their indices.
		/// The report URL's host is a name, not an IP address: give the node's IPv4 address
		/// (`http://<a.b.c.d>:8700`) or its IPv6 address in brackets (`http://[<ipv6>]:8700`).
		/// Validators would resolve a name where their oracle's deadline cannot stop it, so names
		/// that never resolve could stall every oracle. (`localhost` is loopback: accepted where
		/// the chain's URL policy allows loopback.)
		UrlHostName,
		/// The node key's proof is not its signature of this chain's genesis hash and the
		/// caller's account (`sc4it node register` and `node update --node-key` make it from the
		/// key file).
		BadKeyProof,
		/// Governance has set no bounds for farms' prices: farms charge the grid's price until
		/// it does.
		NoPriceBounds,
		/// A price is outside the bounds governance set (`FarmPriceBounds`), or a lower bound is
		/// above its upper bound.
		PriceOutOfBounds,
		/// The grid has no pricing policy yet.
		NoPricing,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Farms: (owner, name, payout account). Their ids are 0, 1, ... in this order.
		pub farms: Vec<(T::AccountId, Vec<u8>, T::AccountId)>,
		/// Nodes: (farm id, report key, report URL, capacity). Ids 0, 1, ... in this order.
		pub nodes: Vec<(FarmId, ed25519::Public, Vec<u8>, Capacity)>,
		/// The pricing policy; required when there are nodes.
		pub pricing: Option<PricingPolicy<T::Balance>>,
		/// Which non-public report hosts are accepted (none if not given).
		pub url_policy: url::UrlPolicy,
		/// The deposits of farms and nodes (genesis farms and nodes hold them too).
		pub deposits: DepositPolicy<T::Balance>,
		/// The bounds of farms' own prices; farms cannot set prices without them.
		pub price_bounds: Option<PriceBounds<T::Balance>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with an invalid registry must refuse to start, loudly: this is the one
			// place where this pallet panics, and it runs before the chain exists.
			UrlRules::<T>::put(self.url_policy);
			Deposits::<T>::put(self.deposits);
			if let Some(pricing) = &self.pricing {
				Pallet::<T>::do_set_pricing(*pricing)
					.unwrap_or_else(|e| panic!("registry genesis: invalid pricing: {e:?}"));
			}
			if let Some(bounds) = &self.price_bounds {
				Pallet::<T>::do_set_price_bounds(*bounds)
					.unwrap_or_else(|e| panic!("registry genesis: invalid price bounds: {e:?}"));
			}
			for (owner, name, payout) in &self.farms {
				Pallet::<T>::do_create_farm(owner.clone(), name.clone(), payout.clone())
					.unwrap_or_else(|e| panic!("registry genesis: invalid farm {name:?}: {e:?}"));
			}
			for (farm, key, url, capacity) in &self.nodes {
				let owner = Farms::<T>::get(farm)
					.unwrap_or_else(|| panic!("registry genesis: node of unknown farm {farm}"))
					.owner;
				Pallet::<T>::do_register_node(owner, *farm, *key, url.clone(), *capacity)
					.unwrap_or_else(|e| {
						panic!("registry genesis: invalid node of farm {farm}: {e:?}")
					});
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a farm owned by the caller, with a unique name and a payout account.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_farm())]
		pub fn create_farm(
			origin: OriginFor<T>,
			name: Vec<u8>,
			payout_account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_farm(who, name, payout_account).map(|_| ())
		}

		/// Changes where a farm's payouts go. Farm owner only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_payout_account())]
		pub fn set_payout_account(
			origin: OriginFor<T>,
			farm: FarmId,
			payout_account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_payout_account(who, farm, payout_account)
		}

		/// Removes a farm that has no nodes left and is owed nothing. Farm owner only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_farm())]
		pub fn remove_farm(origin: OriginFor<T>, farm: FarmId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_farm(who, farm)
		}

		/// Registers a node of the caller's farm: its report-signing key, with `key_proof`, the
		/// key's signature of [`sc4it_primitives::node_key::proof_payload`] for this chain and
		/// the caller (so that nobody registers a key they do not hold), its report URL and its
		/// capacity per disk type.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_node())]
		pub fn register_node(
			origin: OriginFor<T>,
			farm: FarmId,
			public_key: ed25519::Public,
			key_proof: ed25519::Signature,
			report_url: Vec<u8>,
			capacity: Capacity,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_key_holder(&who, &public_key, &key_proof)?;
			Self::do_register_node(who, farm, public_key, report_url, capacity).map(|_| ())
		}

		/// Changes a node's report URL and/or its report-signing key, the new key with its
		/// proof as in `register_node`. Farm owner only.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::update_node())]
		pub fn update_node(
			origin: OriginFor<T>,
			node: NodeId,
			report_url: Option<Vec<u8>>,
			public_key: Option<(ed25519::Public, ed25519::Signature)>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			if let Some((key, proof)) = &public_key {
				Self::ensure_key_holder(&who, key, proof)?;
			}
			Self::do_update_node(who, node, report_url, public_key.map(|(key, _)| key))
		}

		/// Changes a node's capacity; never below what its contracts have reserved.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_node_capacity())]
		pub fn set_node_capacity(
			origin: OriginFor<T>,
			node: NodeId,
			capacity: Capacity,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_node_capacity(who, node, capacity)
		}

		/// Removes a node. Its contracts are decommissioned with a refund of unused funds.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_node())]
		pub fn remove_node(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_node(who, node)
		}

		/// Sets the pricing policy for contracts created from now on. Governance only.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_pricing())]
		pub fn set_pricing(
			origin: OriginFor<T>,
			pricing: PricingPolicy<T::Balance>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_pricing(pricing)
		}

		/// Sets the deposits of farms and nodes created from now on (existing ones keep what
		/// they hold). Governance only.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_deposits())]
		pub fn set_deposits(
			origin: OriginFor<T>,
			deposits: DepositPolicy<T::Balance>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Deposits::<T>::put(deposits);
			Self::deposit_event(Event::DepositsChanged { deposits });
			Ok(())
		}

		/// Sets which non-public report hosts new and updated node URLs may have (nodes already
		/// registered keep theirs). Governance only.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_url_policy())]
		pub fn set_url_policy(origin: OriginFor<T>, policy: url::UrlPolicy) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			UrlRules::<T>::put(policy);
			Self::deposit_event(Event::UrlPolicyChanged { policy });
			Ok(())
		}

		/// Sets the farm's prices per GiB and block, within `FarmPriceBounds`, for contracts
		/// created on its nodes from now on (a rise, from `PriceNotice` blocks on). Running
		/// contracts keep their rates. Farm owner only.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_farm_prices())]
		pub fn set_farm_prices(
			origin: OriginFor<T>,
			farm: FarmId,
			prices: DiskPrices<T::Balance>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_farm_prices(who, farm, prices)
		}

		/// Sets the bounds of farms' prices. Governance only.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_price_bounds())]
		pub fn set_price_bounds(
			origin: OriginFor<T>,
			bounds: PriceBounds<T::Balance>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_price_bounds(bounds)
		}
	}
}
