//! Storage types of the registry.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::BoundedVec;
use sc4it_primitives::{Capacity, DiskPrices, FarmId};
use scale_info::TypeInfo;
use sp_core::ed25519;

/// A farm's unique name: ASCII letters, digits, `-` and `_`.
pub type FarmName<T> = BoundedVec<u8, <T as Config>::MaxFarmNameLen>;
/// A node's report URL: `http://` or `https://`, validated by [`crate::url::validate`].
pub type ReportUrl<T> = BoundedVec<u8, <T as Config>::MaxUrlLen>;

/// A farm: one farmer's set of nodes, and where their earnings go.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Farm<T: Config> {
	/// The farmer: the only account that may change the farm or its nodes.
	pub owner: T::AccountId,
	pub name: FarmName<T>,
	/// Receives the farm's payouts. May differ from the owner (a cold wallet, say).
	pub payout_account: T::AccountId,
	/// How many nodes the farm has (at most `MaxNodesPerFarm`): a farm with nodes cannot be
	/// removed.
	pub node_count: u32,
	/// What the owner has on hold for the farm's storage, returned when the farm is removed.
	pub deposit: T::Balance,
}

/// A node: one machine of a farm that hosts volumes.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Node<T: Config> {
	pub farm: FarmId,
	/// The key the node's agent signs its reports with.
	pub public_key: ed25519::Public,
	/// Where the node's agent serves its reports.
	pub report_url: ReportUrl<T>,
	/// Disk space the farmer offers, per disk type.
	pub capacity: Capacity,
	/// Disk space taken by live contracts; never more than `capacity`.
	pub reserved: Capacity,
	/// What the farm's owner has on hold for the node: its storage, and what fetching and
	/// billing it every period costs the validators. Returned when the node is removed.
	pub deposit: T::Balance,
}

/// What farms and nodes put on hold from their owner while they exist. Set in genesis and by
/// governance; a farm or node keeps holding what it held when it was made.
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
pub struct DepositPolicy<Balance> {
	/// A farm's: its storage.
	pub farm: Balance,
	/// A node's: its storage, and the validators' cost of fetching, verifying and billing it
	/// every period, which a node without contracts costs as much as one with.
	pub node: Balance,
}

/// A farm's own prices per GiB and block ([`crate::FarmPrices`]), and a rise to come.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, Default)]
pub struct FarmPrice<Balance, BlockNumber> {
	/// The prices in force until `rise` comes.
	pub prices: DiskPrices<Balance>,
	/// Higher prices the farm set, in force from their block on (`PriceNotice` after they were
	/// set).
	pub rise: Option<PriceRise<Balance, BlockNumber>>,
}

/// Prices a farm raised, and the block they apply from.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct PriceRise<Balance, BlockNumber> {
	pub prices: DiskPrices<Balance>,
	/// The first block whose new contracts pay them.
	pub from: BlockNumber,
}
