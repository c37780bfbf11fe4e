//! Types and traits shared by the sc4it pallets.
//!
//! The pallets never read each other's storage: the registry serves farms, nodes, capacity and
//! pricing through [`GridRegistry`]; the contracts pallet hears about node registration and removal
//! through [`NodeLifecycle`], and about deployments and node health through [`UsageOracle`].
//! Keeping the traits here, rather than in one of the pallets, lets the oracle, the agent and the
//! CLI use them without depending on a pallet crate (see docs/architecture.md).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::{DispatchError, DispatchResult, Weight};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Identifies a farm in the registry.
pub type FarmId = u32;
/// Identifies a node in the registry.
pub type NodeId = u32;
/// Identifies a contract in the contracts pallet.
pub type ContractId = u64;
/// The hash of the signed node report a fact came from: the audit trail from each charge to its
/// evidence.
pub type ReportId = sp_core::H256;

/// A storage key that sorts by a number and then by a contract: both big-endian, so that a
/// storage map with the `Identity` hasher iterates them in ascending order. The last byte tells
/// entries of one contract at the same number apart.
pub type HealthyBlocksKey = [u8; 17];

/// Builds a [`HealthyBlocksKey`].
pub fn ordered_key(number: u64, contract: ContractId, kind: u8) -> HealthyBlocksKey {
	let mut key = [0u8; 17];
	key[..8].copy_from_slice(&number.to_be_bytes());
	key[8..16].copy_from_slice(&contract.to_be_bytes());
	key[16] = kind;
	key
}

/// Reads a [`HealthyBlocksKey`] back into (number, contract, kind).
pub fn parse_ordered_key(key: &HealthyBlocksKey) -> (u64, ContractId, u8) {
	let mut number = [0u8; 8];
	let mut contract = [0u8; 8];
	number.copy_from_slice(&key[..8]);
	contract.copy_from_slice(&key[8..16]);
	(u64::from_be_bytes(number), ContractId::from_be_bytes(contract), key[16])
}

/// The kind of disk a volume lives on. Each has its own price and its own capacity on a node.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum DiskType {
	Ssd,
	Hdd,
}

/// A storage volume: the first workload sc4it contracts are made for.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Volume {
	pub size_gib: u64,
	pub disk_type: DiskType,
}

/// Disk space per disk type, in GiB: a node's capacity, or what is reserved on it.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Capacity {
	pub ssd_gib: u64,
	pub hdd_gib: u64,
}

impl Capacity {
	/// The space of one disk type.
	pub fn of(&self, disk: DiskType) -> u64 {
		match disk {
			DiskType::Ssd => self.ssd_gib,
			DiskType::Hdd => self.hdd_gib,
		}
	}

	/// This capacity with `gib` more of `disk`, or `None` on overflow.
	pub fn checked_add(&self, disk: DiskType, gib: u64) -> Option<Self> {
		let mut out = *self;
		match disk {
			DiskType::Ssd => out.ssd_gib = out.ssd_gib.checked_add(gib)?,
			DiskType::Hdd => out.hdd_gib = out.hdd_gib.checked_add(gib)?,
		}
		Some(out)
	}

	/// This capacity with `gib` less of `disk`, or `None` if there is not that much.
	pub fn checked_sub(&self, disk: DiskType, gib: u64) -> Option<Self> {
		let mut out = *self;
		match disk {
			DiskType::Ssd => out.ssd_gib = out.ssd_gib.checked_sub(gib)?,
			DiskType::Hdd => out.hdd_gib = out.hdd_gib.checked_sub(gib)?,
		}
		Some(out)
	}

	/// Whether every disk type of `self` fits in `other`.
	pub fn fits_in(&self, other: &Capacity) -> bool {
		self.ssd_gib <= other.ssd_gib && self.hdd_gib <= other.hdd_gib
	}
}

/// The grid's prices, set in genesis and changed by root. A contract copies the terms in force
/// when it is created and keeps them for its whole life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct PricingPolicy<Balance> {
	/// Price of one GiB of SSD for one billed block, in the smallest unit (planck).
	pub ssd_per_gib_block: Balance,
	/// Price of one GiB of HDD for one billed block, in planck.
	pub hdd_per_gib_block: Balance,
	/// The protocol's share of every charge, paid to the treasury at payout.
	pub protocol_fee: Perbill,
}

impl<Balance: Copy> PricingPolicy<Balance> {
	/// The price of one GiB of `disk` for one block.
	pub fn per_gib_block(&self, disk: DiskType) -> Balance {
		match disk {
			DiskType::Ssd => self.ssd_per_gib_block,
			DiskType::Hdd => self.hdd_per_gib_block,
		}
	}
}

/// Prices per GiB and block for each disk type, in planck: a farm's own, or the bounds that
/// governance sets for them.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct DiskPrices<Balance> {
	/// Price of one GiB of SSD for one billed block, in planck.
	pub ssd_per_gib_block: Balance,
	/// Price of one GiB of HDD for one billed block, in planck.
	pub hdd_per_gib_block: Balance,
}

impl<Balance: Copy + Ord> DiskPrices<Balance> {
	/// The price of one GiB of `disk` for one block.
	pub fn per_gib_block(&self, disk: DiskType) -> Balance {
		match disk {
			DiskType::Ssd => self.ssd_per_gib_block,
			DiskType::Hdd => self.hdd_per_gib_block,
		}
	}

	/// Whether no price of `self` is above its counterpart in `other`.
	pub fn none_above(&self, other: &Self) -> bool {
		self.ssd_per_gib_block <= other.ssd_per_gib_block
			&& self.hdd_per_gib_block <= other.hdd_per_gib_block
	}

	/// Each price brought within `bounds`.
	pub fn within(&self, bounds: &PriceBounds<Balance>) -> Self {
		let clamp = |price: Balance, min: Balance, max: Balance| price.max(min).min(max);
		DiskPrices {
			ssd_per_gib_block: clamp(
				self.ssd_per_gib_block,
				bounds.min.ssd_per_gib_block,
				bounds.max.ssd_per_gib_block,
			),
			hdd_per_gib_block: clamp(
				self.hdd_per_gib_block,
				bounds.min.hdd_per_gib_block,
				bounds.max.hdd_per_gib_block,
			),
		}
	}
}

/// The lowest and highest prices a farm may set, per disk type: set by governance. A farm's
/// price outside bounds that governance moved since is brought within them for new contracts.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct PriceBounds<Balance> {
	pub min: DiskPrices<Balance>,
	pub max: DiskPrices<Balance>,
}

impl<Balance: Copy + Ord> PriceBounds<Balance> {
	/// Whether `prices` are within the bounds.
	pub fn contain(&self, prices: &DiskPrices<Balance>) -> bool {
		self.min.none_above(prices) && prices.none_above(&self.max)
	}
}

/// Why a node's agent could not deploy a volume, as reported by the oracle.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum FailureReason {
	/// The node does not have the disk space it advertised.
	InsufficientDisk,
	/// The node cannot serve this kind of workload.
	Unsupported,
	/// Anything else that went wrong on the node.
	Internal,
	/// The deployed volume disappeared from the node: its data is gone.
	VolumeLost,
	/// The deployed volume is damaged: it is not the file the node made (wrong size or kind).
	VolumeDamaged,
}

/// What the registry offers the contracts pallet: nodes, farms, capacity and pricing.
pub trait GridRegistry<AccountId, Balance> {
	/// The farm a node belongs to, or `None` if there is no such node.
	fn node_farm(node: NodeId) -> Option<FarmId>;
	/// Where a farm's payouts go, or `None` if there is no such farm.
	fn farm_payout_account(farm: FarmId) -> Option<AccountId>;
	/// What a contract created now on a node of `farm` pays: the farm's own prices where it set
	/// them (within governance's bounds), the grid's otherwise, and the grid's protocol fee.
	/// `None` if the grid has no pricing policy.
	fn farm_pricing(farm: FarmId) -> Option<PricingPolicy<Balance>>;
	/// Reserves space for `volume` on `node`; fails if the node does not exist or is full.
	fn reserve_capacity(node: NodeId, volume: &Volume) -> DispatchResult;
	/// Releases what [`Self::reserve_capacity`] reserved. Releasing on a node that was removed
	/// is not an error: its capacity went with it.
	fn release_capacity(node: NodeId, volume: &Volume) -> DispatchResult;
}

/// What the registry tells the contracts pallet about nodes and farms.
pub trait NodeLifecycle {
	/// A node was registered in `farm` (nodes never change farm): its billing timeline starts
	/// now.
	fn on_node_registered(node: NodeId, farm: FarmId);
	/// A node was removed: every contract on it is decommissioned with a refund of unused funds.
	fn on_node_removed(node: NodeId);
	/// Whether a farm may be removed: not while money is still owed to it.
	fn ensure_farm_removable(farm: FarmId) -> DispatchResult;
	/// A farm was removed (nothing was owed to it): what was kept for it goes.
	fn on_farm_removed(farm: FarmId);
}

/// Both hear of nodes and farms, the first first; a farm is removable when both say so.
impl<A: NodeLifecycle, B: NodeLifecycle> NodeLifecycle for (A, B) {
	fn on_node_registered(node: NodeId, farm: FarmId) {
		A::on_node_registered(node, farm);
		B::on_node_registered(node, farm);
	}
	fn on_node_removed(node: NodeId) {
		A::on_node_removed(node);
		B::on_node_removed(node);
	}
	fn ensure_farm_removable(farm: FarmId) -> DispatchResult {
		A::ensure_farm_removable(farm)?;
		B::ensure_farm_removable(farm)
	}
	fn on_farm_removed(farm: FarmId) {
		A::on_farm_removed(farm);
		B::on_farm_removed(farm);
	}
}

/// Where a contract stands, as far as the oracle needs to know: which report entries about it
/// would change anything.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum ContractPhase<BlockNumber> {
	/// Waiting for its node to deploy the volume (or to report that it could not).
	AwaitingDeployment,
	/// Waiting for a deployment its node can no longer record: the node is being drained, which
	/// ends the contract. A report that the volume failed or went away still ends it first.
	AwaitingDrain,
	/// Deployed and billed, or in its grace period.
	Live,
	/// Ended at block `at`. A failure or removal reported before `at` still moves its end
	/// earlier, to no earlier than `from` (its deployment, or its creation): one that, so
	/// moved, is not before `at` changes nothing.
	Ending { at: BlockNumber, from: BlockNumber },
}

/// Where the oracle finds a node's reports and the key that signs them.
pub trait NodeDirectory {
	/// The ed25519 key the node's agent signs its reports with, or `None` for an unknown node.
	fn report_key(node: NodeId) -> Option<sp_core::ed25519::Public>;
	/// The base URL of the node's reports, or `None` for an unknown node.
	fn report_url(node: NodeId) -> Option<alloc::vec::Vec<u8>>;
	/// Up to `limit` node ids following `after` (from the first if `None`), in an order that
	/// does not change between calls: a caller pages through every node with it.
	fn nodes_after(after: Option<NodeId>, limit: u32) -> alloc::vec::Vec<NodeId>;
	/// How many nodes are registered.
	fn node_count() -> u32;
	/// Every node id, of a node registered or removed, is below this one: ids are given in
	/// order and never reused.
	fn node_id_bound() -> NodeId;
}

/// What the oracle knows of a node's health over a stretch of blocks.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum NodeHealth {
	/// The node's signed report says it was healthy: deployed contracts pay for these blocks.
	Healthy,
	/// The node's signed report says it was not healthy, or a quorum of oracle authorities
	/// agreed it gave no valid report: nothing is charged, and the blocks count towards the
	/// downtime limit.
	Down,
	/// Nobody can say: blocks older than what the node's next report can speak for, or in which
	/// the oracles themselves did not agree. Nothing is charged, and they count towards nothing.
	Unknown,
}

/// What [`UsageOracle::record_health`] did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct HealthRecorded<BlockNumber> {
	/// The period was applied up to this block (its end, unless the work cap stopped it).
	pub until: BlockNumber,
	/// The due points it resolved (at most the `max_work` it was given).
	pub work: u32,
	/// The weight it took: the caller refunds the rest of what it reserved.
	pub weight: Weight,
}

/// What the oracle tells the contracts pallet, from node reports it verified.
///
/// Node health is reported as a contiguous timeline: each call covers the blocks `[from, to)`
/// starting where the last one ended, so a period is never counted twice, and a repeated report
/// is refused with an error the oracle can treat as "already done".
///
/// Order matters for exactness: report the contract events a node report shows (deployed at b,
/// removed at b) **before** the health of the period they fall in. An event at a block not yet
/// confirmed is queued and resolved in block order while the health is applied, interleaved
/// with the contracts whose funds run out in that period. An event reported after the health
/// that covers it is still applied, but is settled against what the pallet can still compute
/// (see `NodeTimeline::count_where_billing_starts` and `count_where_billing_ends`), never
/// against blocks already charged.
pub trait UsageOracle<BlockNumber> {
	/// The first block of `node` whose health is not yet known, or `None` for an unknown node.
	fn confirmed_until(node: NodeId) -> Option<BlockNumber>;

	/// The node's health in every block of `[from, to)` was `health`.
	///
	/// Work triggered by the period (contracts running out of funds, cancellations settling) is
	/// bounded per call by `max_work` and by [`Self::max_work_per_report`]; when more is due, the
	/// period is applied only up to the block where the work stopped, and that block is
	/// returned: the oracle continues from there. Several calls for one report share one bound
	/// by giving each what the earlier ones left.
	fn record_health(
		node: NodeId,
		from: BlockNumber,
		to: BlockNumber,
		health: NodeHealth,
		report: ReportId,
		max_work: u32,
	) -> Result<HealthRecorded<BlockNumber>, DispatchError>;

	/// The contract's volume was deployed at block `at`: billing starts there.
	fn record_deployed(contract: ContractId, at: BlockNumber, report: ReportId) -> DispatchResult;

	/// The node could not deploy the contract's volume (the contract ends with a full refund),
	/// or its deployed volume was lost or damaged at block `at` (billing stops there).
	fn record_failed(
		contract: ContractId,
		reason: FailureReason,
		at: BlockNumber,
		report: ReportId,
	) -> DispatchResult;

	/// The contract's volume was removed at block `at`: billing stops there.
	fn record_removed(contract: ContractId, at: BlockNumber, report: ReportId) -> DispatchResult;

	/// How many contracts the node has on chain (ended ones awaiting settlement included),
	/// counted up to `cap`.
	fn contracts_on(node: NodeId, cap: u32) -> u32;

	/// The contract's node and phase, or `None` if there is no such contract (any more).
	fn contract_phase(contract: ContractId) -> Option<(NodeId, ContractPhase<BlockNumber>)>;

	/// Whether decommissions are overdue: a grace period ended or a node drain is pending that
	/// the per-block service has not reached yet.
	fn decommissions_overdue() -> bool;

	/// Does overdue decommissions with at most `budget` of weight; returns the weight used.
	fn decommission_overdue(budget: Weight) -> Weight;

	/// The most due points one call of [`Self::record_health`] resolves.
	fn max_work_per_report() -> u32;
	/// The weight of a call of [`Self::record_health`] that resolved `work` due points (what it
	/// took is also in its [`HealthRecorded`]).
	fn record_health_weight(work: u32) -> Weight;
	/// The weight of [`Self::record_deployed`].
	fn record_deployed_weight() -> Weight;
	/// The most weight one of the `record_*` event calls can take (a removal or failure that
	/// closes the contract).
	fn record_event_weight() -> Weight;
}

/// The oracle's signing key: a validator whose keystore holds a key of this type, and whose key is
/// in the oracle's authority set, runs the billing offchain worker. It is part of the runtime's
/// session keys, so `--dev`, `--alice`, ... insert it like the Aura and GRANDPA keys, and `key
/// insert --key-type sc4o` adds it to a validator's keystore.
pub mod oracle {
	use sp_application_crypto::{app_crypto, sr25519, KeyTypeId};

	/// The keystore key type of oracle keys.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"sc4o");

	app_crypto!(sr25519, KEY_TYPE);

	/// An oracle authority's public key.
	pub type AuthorityId = Public;
}

/// A node's report key is registered, or a node moved to it, only with the key's signature over
/// the account that registers it on this chain: nobody can claim another farmer's key (and so
/// front-run that farmer's registration), and a proof made for one chain is worthless on another.
pub mod node_key {
	use codec::Encode;

	/// Prefixed to what a node key signs to prove its holder, so that the signature can never be
	/// taken for a report.
	pub const PROOF_CONTEXT: &[u8] = b"sc4it/node-key/v1";

	/// What the node key signs: [`PROOF_CONTEXT`], the chain's genesis hash and the SCALE
	/// encoding of the account that registers it (for `AccountId32`, its 32 bytes).
	pub fn proof_payload(genesis: &[u8; 32], account: &impl Encode) -> alloc::vec::Vec<u8> {
		(PROOF_CONTEXT, genesis, account).encode()
	}
}

/// What a pallet's benchmarks need from the other pallets to build their worst cases, without
/// reading their storage: the pallets implement these behind their `runtime-benchmarks` feature,
/// and a runtime names them in the benchmarked pallet's configuration.
pub mod benchmarking {
	use super::*;

	/// How much the reference kernel hashes: 1 MiB, in 64 KiB steps.
	const REFERENCE_BYTES: usize = 1 << 20;
	const REFERENCE_STEP: usize = 1 << 16;

	/// The yardstick of a weights run: blake2-256 over 1 MiB in 64 KiB steps, each step's input
	/// starting with the last step's hash. Fixed work in the runtime's own code (no host
	/// function, no storage). Every pallet's `reference` benchmark times it in the same run as
	/// its calls, so a call's weight divided by `reference` compares between runs and machines
	/// where its picoseconds do not (`scripts/weights-doc.py`).
	pub fn reference_kernel() -> [u8; 32] {
		let mut input = alloc::vec![0x5c_u8; REFERENCE_STEP];
		let mut hash = [0u8; 32];
		for _ in 0..REFERENCE_BYTES / REFERENCE_STEP {
			if let Some(head) = input.get_mut(..32) {
				head.copy_from_slice(&hash);
			}
			hash = sp_crypto_hashing::blake2_256(&input);
		}
		hash
	}

	/// Builds grid state: farms, nodes and pricing.
	pub trait GridSetup<AccountId> {
		/// A new farm of `owner` with one node of ample capacity whose reports are signed with
		/// `report_key`; sets a pricing policy if none is set. Returns the node.
		fn node_with_key(
			owner: &AccountId,
			report_key: sp_core::ed25519::Public,
		) -> Result<NodeId, DispatchError>;
	}

	/// Builds contracts state.
	pub trait ContractsSetup<AccountId> {
		/// A contract of `owner` (funded as needed) for a 1 GiB SSD volume on `node`, waiting for
		/// its deployment.
		fn awaiting_deployment(
			owner: &AccountId,
			node: NodeId,
		) -> Result<ContractId, DispatchError>;
	}
}
