//! What the oracle puts on chain.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{NodeHealth, NodeId, ReportId};
use sc4it_report::{ProvenEntry, ReportError, SignedHeader};
use scale_info::TypeInfo;

/// Prefixed to what an authority signs, so that its signature is never valid for anything else.
pub const AUTHORITY_CONTEXT: &[u8] = b"sc4it/oracle/v2";
/// The pool's tag prefix for oracle transactions.
pub const TAG_PREFIX: &[u8] = b"sc4it-oracle";

/// The observations of one transaction.
pub type Batch<T> = BoundedVec<Observation<T>, <T as Config>::MaxBatch>;

/// What an authority saw of one node in one billing period.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub enum Observation<T: Config> {
	/// The node's signed report, with the contract entries whose state changes something on
	/// chain (each proven against the signed root), in ascending index order.
	Report { report: SignedHeader, entries: BoundedVec<ProvenEntry, T::MaxEntries> },
	/// The authority fetched the node's report at block `until` and got no valid one, for
	/// `cause`: a vote. The node counts as down only when a quorum of the authority set
	/// (`DownQuorum`) voted so against the same confirmed block (docs/oracle.md).
	Down { node: NodeId, until: BlockNumberFor<T>, cause: DownCause },
}

/// One authority's vote that a node is down.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DownVote<T: Config> {
	pub authority: crate::AuthorityId,
	/// The block the authority fetched the node at.
	pub at: BlockNumberFor<T>,
	pub cause: DownCause,
}

/// An authority's last batch that landed.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct LastBatchOf<BlockNumber> {
	/// The block the authority observed at, which it signed: its next batch must name a later
	/// one, so no batch of it can be replayed.
	pub at: BlockNumber,
	/// The block the batch landed in: at most one batch per authority and block.
	pub landed: BlockNumber,
}

/// The votes that a node is down, cast while its health was confirmed up to `confirmed`: a
/// report, or the quorum being reached, moves the node's confirmed block and ends the tally.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DownTally<T: Config> {
	pub confirmed: BlockNumberFor<T>,
	pub votes: BoundedVec<DownVote<T>, <T as Config>::MaxAuthorities>,
}

impl<T: Config> Observation<T> {
	/// The node observed.
	pub fn node(&self) -> NodeId {
		match self {
			Observation::Report { report, .. } => report.header.node,
			Observation::Down { node, .. } => *node,
		}
	}

	/// The block the observation confirms the node's health up to.
	pub fn until(&self) -> BlockNumberFor<T> {
		match self {
			Observation::Report { report, .. } => report.header.at_block.into(),
			Observation::Down { until, .. } => *until,
		}
	}

	/// The number of contract entries it carries.
	pub fn entry_count(&self) -> u32 {
		match self {
			Observation::Report { entries, .. } => entries.len() as u32,
			Observation::Down { .. } => 0,
		}
	}
}

/// Why a node counts as down for a period.
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
pub enum DownCause {
	/// The request could not be sent or the connection failed.
	Unreachable,
	/// No complete answer before the run's deadline.
	Timeout,
	/// An HTTP status other than 200.
	HttpStatus(u16),
	/// An answer that is not a valid report (malformed, too large, forged, stale, replayed,
	/// about another node...).
	Refused(ReportError),
}

/// What an authority signs: the context, the chain's genesis hash (a batch signed for one sc4it
/// chain is worthless on any other) and the call's arguments.
pub fn submit_payload<T: Config>(batch: &Batch<T>, at: &BlockNumberFor<T>) -> alloc::vec::Vec<u8> {
	(AUTHORITY_CONTEXT, crate::Pallet::<T>::genesis_hash(), b"submit", at, batch).encode()
}

/// What an authority signs for a decommission transaction.
pub fn decommission_payload<T: Config>(at: &BlockNumberFor<T>) -> alloc::vec::Vec<u8> {
	(AUTHORITY_CONTEXT, crate::Pallet::<T>::genesis_hash(), b"decommission", at).encode()
}

/// A stretch of a node's health that a report or a quorum verdict decided: `[start, until)` is
/// `health`, and the blocks from where the node is confirmed up to `start` are of unknown health.
/// Kept in `PendingStretches` while the contracts pallet's work bound keeps it from being
/// recorded at once.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Stretch<BlockNumber> {
	/// The first block whose health the report or verdict decided.
	pub start: BlockNumber,
	/// The block after the last one it decided.
	pub until: BlockNumber,
	/// What it decided.
	pub health: NodeHealth,
	/// The report's id, or the verdict's.
	pub evidence: ReportId,
}

/// How many stretches wait per node at most. A report or verdict that finds the node's queue
/// full takes the place of the newest one waiting, whose blocks are then of unknown health: it
/// takes a node whose every report is cut short several times over to get there.
pub const MAX_PENDING_STRETCHES: u32 = 4;

/// How many calls to the contracts pallet's health recording one observation makes at most:
/// what its declared weight reserves.
pub const HEALTH_CALLS_PER_OBSERVATION: u32 = 2;
