//! `sc4it validator`: the farmer's side of becoming a validator. Session keys are made in the
//! node's own keystore and registered with the proof that the signer holds them; the council
//! then adds the account (docs/governance.md).

use crate::{
	args::ValidatorCommand,
	run::{account, Failure, Progress},
};
use sc4it_client::subxt::ext::scale_decode::DecodeAsType;
use sc4it_client::subxt_signer::sr25519::Keypair;
use sc4it_client::{runtime, runtime::runtime_types as types, Chain};
use serde_json::{json, Value};

pub async fn run(
	chain: &Chain,
	command: ValidatorCommand,
	signer: impl Fn() -> Result<Keypair, Failure>,
	progress: Progress,
) -> Result<Value, Failure> {
	match command {
		ValidatorCommand::SetKeys => {
			let signer = signer()?;
			let owner = signer.public_key().to_account_id();
			let (keys, proof) = chain.rotate_keys(&owner).await?;
			let session_keys = decode_keys(chain, &keys).await?;
			let tx = runtime::transactions().session().set_keys(session_keys, proof);
			chain.submit(&tx, &signer, progress).await?;
			Ok(json!({
				"account": owner.to_string(),
				"keys": sc4it_client::hex::encode(&keys),
				"next": "ask the council to add this account: sc4it gov propose add-validator <account>",
			}))
		},
		ValidatorCommand::Status { account: who } => {
			let who = match who {
				Some(address) => account(&address)?,
				None => signer()?.public_key().to_account_id(),
			};
			let status = chain.validator_status(&who).await?;
			Ok(json!({
				"account": who.to_string(),
				"validator": status.in_set,
				"session_keys": status.has_keys,
				"session": status.session,
				"session_blocks": status.session_blocks,
				"validators": status.validators,
				"blocks_authored": {
					"this_session": status.authored_this_session,
					"last_session": status.authored_last_session,
				},
			}))
		},
	}
}

/// The session keys the node made, as this chain's type (the node's runtime may differ).
async fn decode_keys(
	chain: &Chain,
	keys: &[u8],
) -> Result<types::sc4it_runtime::opaque::SessionKeys, Failure> {
	let refused =
		|e: String| Failure::Refused(format!("the node made keys of another runtime: {e}"));
	let at = chain.api().at_current_block().await.map_err(|e| refused(e.to_string()))?;
	let metadata = at.metadata_ref();
	let ty = metadata
		.pallet_by_name("Session")
		.and_then(|p| p.call_variant_by_name("set_keys"))
		.and_then(|v| v.fields.first())
		.map(|f| f.ty.id)
		.ok_or_else(|| refused("no session.set_keys".into()))?;
	let mut input = keys;
	types::sc4it_runtime::opaque::SessionKeys::decode_as_type(&mut input, ty, metadata.types())
		.map_err(|e| refused(e.to_string()))
}
