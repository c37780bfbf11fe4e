//! # The node report protocol, version 2
//!
//! What a node's agent serves and what the oracle verifies: the node's health at a block and the
//! state and consumption of each contract on it, signed with the node's ed25519 key. The agent and
//! the runtime use these very types, so the two cannot drift. docs/report-protocol.md is the
//! specification; this crate is its implementation.
//!
//! - [`Report`]: the data. What the node signs is its [`ReportHeader`]: version, the chain's
//!   genesis hash, node, block, health, the number of contract entries and the Merkle root of
//!   their SCALE encodings, prefixed with [`SIGNING_CONTEXT`] so that the signature can never be
//!   taken for anything else's, nor for a report to another chain.
//! - [`SignedReport`]: a report and the node's signature; [`SignedReport::check`] verifies
//!   version, chain, node, freshness and signature.
//! - [`SignedHeader`] and [`ProvenEntry`]: what goes on chain. The oracle submits the signed
//!   header and only the entries whose state changed, each with its Merkle proof, so the chain
//!   verifies the node's signature once and each changed entry in O(log n): the cost of a report
//!   does not grow with the contracts that did not change.
//! - [`json`]: the JSON form served over HTTP. Every number is a decimal string, and the parser
//!   refuses any body with a digit outside a string or any escape sequence before the JSON parser
//!   runs, because lite-json's number handling overflows and its escapes are wrong
//!   (docs/prior-art.md).
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
pub const VERSION: u16 = 2;
/// Prefixed to a report's SCALE encoding to form what the node signs.
pub const SIGNING_CONTEXT: &[u8] = b"sc4it/report/v2";
/// The most contracts one report may list.
pub const MAX_CONTRACTS: u32 = 1024;
/// What a report body may take besides its contract entries, in bytes.
pub const BODY_BASE_BYTES: usize = 1024;
/// What a report body may take per contract entry, in bytes (an entry of the agent's JSON form
/// takes at most about 120).
pub const BODY_BYTES_PER_CONTRACT: usize = 192;
/// The largest report body, in bytes, that the oracle reads: a report listing
/// [`MAX_CONTRACTS`] contracts.
pub const MAX_BODY_BYTES: usize =
	BODY_BASE_BYTES + BODY_BYTES_PER_CONTRACT * MAX_CONTRACTS as usize;

/// The largest body of a report listing `contracts` contracts (at most [`MAX_CONTRACTS`]): the
/// oracle reads no more of a node than what the contracts it has on chain need, so that a node
/// without contracts cannot make validators buffer much.
pub fn body_limit(contracts: u32) -> usize {
	BODY_BASE_BYTES.saturating_add(
		BODY_BYTES_PER_CONTRACT.saturating_mul(contracts.min(MAX_CONTRACTS) as usize),
	)
}
/// The path of the report under a node's registered report URL.
pub const REPORT_PATH: &str = "/sc4it/v2/report";

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
	/// The genesis hash of the chain the report is made for: it is signed, so a report made for
	/// one sc4it chain is worthless on any other.
	pub genesis: H256,
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
	/// The node could not deploy it, or lost it, at the given block: billing ends there.
	Failed { reason: FailureReason, at: BlockNumber },
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
	pub genesis: H256,
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

/// What a verifier expects of a node's report: the chain, the node, the key registered for it,
/// and the block its health is confirmed up to (a report must be later).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Expected {
	pub genesis: H256,
	pub node: NodeId,
	pub key: ed25519::Public,
	pub confirmed_until: BlockNumber,
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
	/// The report was made for another chain (its genesis hash is not this chain's).
	WrongChain,
}

impl Report {
	/// The header the node signs.
	pub fn header(&self) -> ReportHeader {
		let leaves = self.contracts.iter().map(|c| c.encode());
		ReportHeader {
			version: self.version,
			genesis: self.genesis,
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
	pub fn check(&self, expected: &Expected, now: BlockNumber) -> Result<(), ReportError> {
		let header = &self.header;
		if header.version != VERSION {
			return Err(ReportError::UnsupportedVersion);
		}
		if header.genesis != expected.genesis {
			return Err(ReportError::WrongChain);
		}
		let (node, key, confirmed_until) = (expected.node, &expected.key, expected.confirmed_until);
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
	/// made for this chain and about the expected node, that it was made after the node's
	/// confirmed block (not stale, not a replay) and not after `now`, and the signature.
	pub fn check(&self, expected: &Expected, now: BlockNumber) -> Result<(), ReportError> {
		self.signed_header().check(expected, now)
	}

	/// The report's identity: that of its signed header.
	pub fn id(&self) -> ReportId {
		self.signed_header().id()
	}
}

#[cfg(test)]
mod tests;
