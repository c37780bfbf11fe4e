//! The council's motions and the validator set, as council members and validators read them,
//! and the node's key rotation a validator starts with (docs/governance.md).

use crate::{chain::read_value, runtime, AccountId, Chain, ChainError};
use codec::Encode;
use subxt::ext::{scale_decode::DecodeAsType, scale_encode::EncodeAsType};
use subxt::utils::H256;

/// A call of the runtime, as motions carry it.
pub type RuntimeCall = runtime::runtime_types::sc4it_runtime::RuntimeCall;

/// An open council motion.
#[derive(Debug)]
pub struct Motion {
	/// The motion's index (`council.vote` and `council.close` name it with its hash).
	pub index: u32,
	/// The hash of its call.
	pub hash: H256,
	/// The ayes that carry it, as its proposer set them.
	pub threshold: u32,
	pub ayes: Vec<AccountId>,
	pub nays: Vec<AccountId>,
	/// The block after which it may be closed with the absent counted against.
	pub end: u32,
	/// Its call; `None` if the chain no longer holds it.
	pub call: Option<RuntimeCall>,
	/// The call's encoded length (`council.close` needs at least this much).
	pub length: u32,
}

/// Where a validator account stands.
#[derive(Debug, Clone)]
pub struct ValidatorStatus {
	/// In the validator set the next planned session takes.
	pub in_set: bool,
	/// In the session's active set: authoring blocks and voting in GRANDPA now (a change of
	/// the set takes effect two sessions after it is made).
	pub active: bool,
	/// Its session keys are registered (`session.set_keys`).
	pub has_keys: bool,
	/// The session that started last, and the blocks the account authored in it and the one
	/// before.
	pub session: u32,
	pub authored_this_session: u32,
	pub authored_last_session: u32,
	/// The session length in blocks.
	pub session_blocks: u32,
	/// The size of the validator set.
	pub validators: u32,
}

fn other(e: impl std::fmt::Display) -> ChainError {
	ChainError::Other(e.to_string())
}

impl Chain {
	/// The council's members at the last finalized block.
	pub async fn council_members(&self) -> Result<Vec<AccountId>, ChainError> {
		let at = self.at_finalized().await?;
		let members = at
			.storage()
			.try_fetch(runtime::storage().council().members(), ())
			.await
			.map_err(other)?;
		Ok(match members {
			Some(value) => value.decode().map_err(other)?,
			None => Vec::new(),
		})
	}

	/// The open motions at the last finalized block, oldest first.
	pub async fn motions(&self) -> Result<Vec<Motion>, ChainError> {
		let at = self.at_finalized().await?;
		let hashes: Vec<H256> = match at
			.storage()
			.try_fetch(runtime::storage().council().proposals(), ())
			.await
			.map_err(other)?
		{
			Some(value) => value.decode().map_err(other)?.0,
			None => Vec::new(),
		};
		let mut motions = Vec::new();
		for hash in hashes {
			let Some(votes) = at
				.storage()
				.try_fetch(runtime::storage().council().voting(), (hash,))
				.await
				.map_err(other)?
			else {
				continue;
			};
			let votes = votes.decode().map_err(other)?;
			let (call, length) = match at
				.storage()
				.try_fetch(runtime::storage().council().proposal_of(), (hash,))
				.await
				.map_err(other)?
			{
				Some(value) => (Some(value.decode().map_err(other)?), value.bytes().len() as u32),
				None => (None, 0),
			};
			motions.push(Motion {
				index: votes.index,
				hash,
				threshold: votes.threshold,
				ayes: votes.ayes,
				nays: votes.nays,
				end: votes.end,
				call,
				length,
			});
		}
		motions.sort_by_key(|m| m.index);
		Ok(motions)
	}

	/// A call's SCALE encoding, by the chain's metadata.
	pub async fn encode_call(&self, call: &RuntimeCall) -> Result<Vec<u8>, ChainError> {
		let at = self.at_finalized().await?;
		let metadata = at.metadata_ref();
		call.encode_as_type(metadata.outer_enums().call_enum_ty(), metadata.types()).map_err(other)
	}

	/// A call from its SCALE encoding (polkadot.js apps' "encoded call data"), all of it.
	pub async fn decode_call(&self, bytes: &[u8]) -> Result<RuntimeCall, ChainError> {
		let at = self.at_finalized().await?;
		let metadata = at.metadata_ref();
		let mut input = bytes;
		let call = RuntimeCall::decode_as_type(
			&mut input,
			metadata.outer_enums().call_enum_ty(),
			metadata.types(),
		)
		.map_err(|e| other(format!("not a call of this chain: {e}")))?;
		if !input.is_empty() {
			return Err(other(format!("{} bytes after the call", input.len())));
		}
		Ok(call)
	}

	/// Asks the node this client is connected to for new session keys, with the proof that
	/// `owner` holds them (`author_rotateKeysWithOwner`; the node's RPC must allow unsafe
	/// methods, as it does on localhost). The keys go into that node's keystore.
	pub async fn rotate_keys(&self, owner: &AccountId) -> Result<(Vec<u8>, Vec<u8>), ChainError> {
		#[derive(serde::Deserialize)]
		struct Generated {
			keys: String,
			proof: Option<String>,
		}
		let owner = crate::hex::encode(&owner.encode());
		let generated: Generated = self
			.rpc()
			.request("author_rotateKeysWithOwner", subxt::rpcs::rpc_params![owner])
			.await
			.map_err(|e| ChainError::Refused(format!("the node would not rotate its keys: {e}")))?;
		let proof = generated
			.proof
			.ok_or_else(|| other("the node's runtime made no proof of the keys' ownership"))?;
		let decode = |text: &str| crate::hex::decode(text).map_err(other);
		Ok((decode(&generated.keys)?, decode(&proof)?))
	}

	/// The addresses at which the connected node accepts other nodes, each ending in its peer id
	/// (`system_localListenAddresses`): what another node of the chain passes to `--bootnodes`.
	/// Loopback addresses come first.
	pub async fn listen_addresses(&self) -> Result<Vec<String>, ChainError> {
		let mut addresses: Vec<String> = self
			.rpc()
			.request("system_localListenAddresses", subxt::rpcs::rpc_params![])
			.await
			.map_err(other)?;
		addresses.sort_by_key(|a| !(a.starts_with("/ip4/127.") || a.starts_with("/ip6/::1/")));
		Ok(addresses)
	}

	/// The validator set the next planned session takes, and the session's active set, at the
	/// last finalized block.
	pub async fn validator_sets(&self) -> Result<(Vec<AccountId>, Vec<AccountId>), ChainError> {
		let at = self.at_finalized().await?;
		let storage = at.storage();
		let set = read_value(&storage, runtime::storage().validators().validators(), ()).await?.0;
		let active = read_value(&storage, runtime::storage().session().validators(), ()).await?;
		Ok((set, active))
	}

	/// Where `who` stands as a validator, at the last finalized block.
	pub async fn validator_status(&self, who: &AccountId) -> Result<ValidatorStatus, ChainError> {
		let at = self.at_finalized().await?;
		let storage = at.storage();
		// The entries read with `read_value` have defaults (`ValueQuery`).
		let set = read_value(&storage, runtime::storage().validators().validators(), ()).await?.0;
		let active = read_value(&storage, runtime::storage().session().validators(), ()).await?;
		let has_keys = storage
			.try_fetch(runtime::storage().session().next_keys(), (*who,))
			.await
			.map_err(other)?
			.is_some();
		let session =
			read_value(&storage, runtime::storage().validators().current_session(), ()).await?;
		let session_blocks =
			read_value(&storage, runtime::storage().validators().session_blocks(), ()).await?;
		let mut authored = [0u32; 2];
		for (count, index) in authored.iter_mut().zip([Some(session), session.checked_sub(1)]) {
			let Some(index) = index else { continue };
			*count = read_value(
				&storage,
				runtime::storage().validators().authored_blocks(),
				(index, *who),
			)
			.await?;
		}
		Ok(ValidatorStatus {
			in_set: set.contains(who),
			active: active.contains(who),
			has_keys,
			session,
			authored_this_session: authored[0],
			authored_last_session: authored[1],
			session_blocks,
			validators: set.len() as u32,
		})
	}
}
