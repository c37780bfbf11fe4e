//! # The node report protocol, version 1
//!
//! What a node's agent serves and what the oracle verifies: the node's health at a block and the
//! state and consumption of each contract on it, signed with the node's ed25519 key. The agent and
//! the runtime use these very types, so the two cannot drift. docs/report-protocol.md is the
//! specification; this crate is its implementation.
//!
//! - [`Report`]: the data. What the node signs is its [`ReportHeader`]: version, node, block,
//!   health, the number of contract entries and the Merkle root of their SCALE encodings, prefixed
//!   with [`SIGNING_CONTEXT`] so that the signature can never be taken for anything else's.
//! - [`SignedReport`]: a report and the node's signature; [`SignedReport::check`] verifies
//!   version, node, freshness and signature.
//! - [`SignedHeader`] and [`ProvenEntry`]: what goes on chain. The oracle submits the signed
//!   header and only the entries whose state changed, each with its Merkle proof, so the chain
//!   verifies the node's signature once and each changed entry in O(log n): the cost of a report
//!   does not grow with the contracts that did not change.
//! - [`json`]: the JSON form served over HTTP. Every number is a decimal string, and the parser
//!   refuses any body with a digit outside a string or any escape sequence before the JSON parser
//!   runs, because lite-json's number handling overflows and its escapes are wrong
//!   (shared/LESSONS.md).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod json;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::{ed25519, H256};
use sp_runtime::traits::{BlakeTwo256, Verify};

pub use sc4it_primitives::{ContractId, FailureReason, NodeId, ReportId};

/// The protocol version this crate speaks.
pub const VERSION: u16 = 1;
/// Prefixed to a report's SCALE encoding to form what the node signs.
pub const SIGNING_CONTEXT: &[u8] = b"sc4it/report/v1";
/// The largest report body, in bytes, that the oracle reads.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// The most contracts one report may list.
pub const MAX_CONTRACTS: u32 = 1024;
/// The path of the report under a node's registered report URL.
pub const REPORT_PATH: &str = "/sc4it/v1/report";

/// Block numbers on the sc4it chain.
pub type BlockNumber = u32;
/// The deepest Merkle proof of a report with at most [`MAX_CONTRACTS`] entries.
pub type MaxProofDepth = ConstU32<16>;

/// A node's report at a block.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Report {
	pub version: u16,
	pub node: NodeId,
	/// The last chain block the agent had seen when it made the report.
	pub at_block: BlockNumber,
	/// Whether the node can serve its volumes.
	pub healthy: bool,
	pub contracts: BoundedVec<ContractReport, ConstU32<MAX_CONTRACTS>>,
}

/// One contract's volume on the node.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ContractReport {
	pub contract: ContractId,
	pub state: VolumeState,
	/// Bytes actually allocated on disk for the volume.
	pub used_bytes: u64,
}

/// What became of a contract's volume.
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
pub enum VolumeState {
	/// Deployed since the given block.
	Deployed { since: BlockNumber },
	/// The node could not deploy it.
	Failed { reason: FailureReason },
	/// Removed at the given block.
	Removed { at: BlockNumber },
}

/// What the node signs: everything in the report but the entries, which are represented by
/// their number and the Merkle root (blake2-256) of their SCALE encodings.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ReportHeader {
	pub version: u16,
	pub node: NodeId,
	pub at_block: BlockNumber,
	pub healthy: bool,
	pub contract_count: u32,
	pub contracts_root: H256,
}

/// A header with the node's signature: the part of a report that always goes on chain.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedHeader {
	pub header: ReportHeader,
	pub signature: ed25519::Signature,
}

/// One contract entry of a report with the proof that the signed header covers it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ProvenEntry {
	pub index: u32,
	pub entry: ContractReport,
	pub proof: BoundedVec<H256, MaxProofDepth>,
}

/// A report with its node's signature.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedReport {
	pub report: Report,
	pub signature: ed25519::Signature,
}

/// Why a report was refused.
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
pub enum ReportError {
	/// The body is larger than [`MAX_BODY_BYTES`].
	TooLarge,
	/// The body is not ASCII, has an escape sequence or a bare number, or is not well-formed.
	Malformed,
	/// A field is missing, repeated, unknown or of the wrong kind.
	BadField,
	/// A number is not a canonical decimal string, or does not fit.
	BadNumber,
	/// More than [`MAX_CONTRACTS`] contracts.
	TooManyContracts,
	/// A protocol version this node does not speak.
	UnsupportedVersion,
	/// The report is about another node.
	WrongNode,
	/// The report was made before the node's last confirmed block: stale or replayed.
	Stale,
	/// The report claims a block that has not happened yet.
	FromTheFuture,
	/// The signature does not verify with the node's key.
	BadSignature,
}

impl Report {
	/// The header the node signs.
	pub fn header(&self) -> ReportHeader {
		let leaves = self.contracts.iter().map(|c| c.encode());
		ReportHeader {
			version: self.version,
			node: self.node,
			at_block: self.at_block,
			healthy: self.healthy,
			contract_count: self.contracts.len() as u32,
			contracts_root: binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves),
		}
	}

	/// Signs the report's header with the node's key.
	#[cfg(feature = "std")]
	pub fn sign(self, pair: &ed25519::Pair) -> SignedReport {
		use sp_core::Pair;
		let signature = pair.sign(&self.header().signing_payload());
		SignedReport { report: self, signature }
	}
}

impl ReportHeader {
	/// What the node signs: [`SIGNING_CONTEXT`] followed by the header's SCALE encoding.
	pub fn signing_payload(&self) -> Vec<u8> {
		let mut payload = SIGNING_CONTEXT.to_vec();
		self.encode_to(&mut payload);
		payload
	}
}

impl SignedHeader {
	/// Whether the signature verifies with `key`.
	pub fn verify(&self, key: &ed25519::Public) -> bool {
		self.signature.verify(&self.header.signing_payload()[..], key)
	}

	/// The same checks as [`SignedReport::check`], on the header alone: what the runtime does.
	pub fn check(
		&self,
		node: NodeId,
		key: &ed25519::Public,
		confirmed_until: BlockNumber,
		now: BlockNumber,
	) -> Result<(), ReportError> {
		let header = &self.header;
		if header.version != VERSION {
			return Err(ReportError::UnsupportedVersion);
		}
		if header.node != node {
			return Err(ReportError::WrongNode);
		}
		if header.at_block <= confirmed_until {
			return Err(ReportError::Stale);
		}
		if header.at_block > now {
			return Err(ReportError::FromTheFuture);
		}
		if !self.verify(key) {
			return Err(ReportError::BadSignature);
		}
		Ok(())
	}

	/// The report's identity: the hash of its signed header, named by every charge it causes.
	pub fn id(&self) -> ReportId {
		sp_io::hashing::blake2_256(&self.encode()).into()
	}
}

impl ProvenEntry {
	/// Whether `header` covers this entry.
	pub fn verify(&self, header: &ReportHeader) -> bool {
		let leaf = self.entry.encode();
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&header.contracts_root,
			self.proof.iter().copied(),
			header.contract_count,
			self.index,
			&leaf,
		)
	}
}

impl SignedReport {
	/// The signed header, for the chain.
	pub fn signed_header(&self) -> SignedHeader {
		SignedHeader { header: self.report.header(), signature: self.signature }
	}

	/// The entry at `index` with its proof, or `None` if there is no such entry.
	pub fn prove(&self, index: u32) -> Option<ProvenEntry> {
		let entry = self.report.contracts.get(index as usize)?.clone();
		let leaves: Vec<Vec<u8>> = self.report.contracts.iter().map(|c| c.encode()).collect();
		let proof =
			binary_merkle_tree::merkle_proof::<BlakeTwo256, _, Vec<u8>>(leaves, index).proof;
		Some(ProvenEntry { index, entry, proof: proof.try_into().ok()? })
	}

	/// Whether the signature verifies with `key`.
	pub fn verify(&self, key: &ed25519::Public) -> bool {
		self.signed_header().verify(key)
	}

	/// Checks everything the oracle checks before it trusts a report: the version, that it is
	/// about `node`, that it was made after `confirmed_until` (not stale, not a replay) and not
	/// after `now`, and the signature.
	pub fn check(
		&self,
		node: NodeId,
		key: &ed25519::Public,
		confirmed_until: BlockNumber,
		now: BlockNumber,
	) -> Result<(), ReportError> {
		self.signed_header().check(node, key, confirmed_until, now)
	}

	/// The report's identity: that of its signed header.
	pub fn id(&self) -> ReportId {
		self.signed_header().id()
	}
}

#[cfg(test)]
mod tests;
