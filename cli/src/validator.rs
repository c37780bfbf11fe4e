//! `sc4it validator`: the farmer's side of becoming a validator. Session keys are made in the
//! node's own keystore and registered with the proof that the signer holds them; the council
//! then adds the account (docs/governance.md).

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, Reply},
};
use clap::Subcommand;
use sc4it_client::subxt::ext::scale_decode::DecodeAsType;
use sc4it_client::{
	governance::ValidatorStatus, runtime, runtime::runtime_types as types, AccountId, Chain,
};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum ValidatorCommand {
	/// Makes new session keys in the keystore of the validator's own node (its RPC must allow
	/// unsafe methods, as on localhost) and registers them for the signer with their proof.
	SetKeys {
		/// The RPC endpoint of the validator's own node; default: --url. The transaction goes
		/// through --url, so a node still syncing can make the keys.
		#[arg(long)]
		node: Option<String>,
	},
	/// The addresses at which the node at --url accepts other nodes, for their `--bootnodes`.
	Bootnode,
	/// An account's standing: in the set, authoring, keys, blocks authored.
	Status {
		/// An SS58 address; default: the signer.
		#[arg(long, value_parser = account)]
		account: Option<AccountId>,
	},
}

pub async fn run(ctx: &Context, command: ValidatorCommand) -> Result<Reply, Failure> {
	let chain = &ctx.chain;
	match command {
		ValidatorCommand::SetKeys { node } => {
			let signer = ctx.signer()?;
			let owner = signer.public_key().to_account_id();
			let (keys, proof) = match node {
				Some(url) => Chain::connect(&url).await?.rotate_keys(&owner).await?,
				None => chain.rotate_keys(&owner).await?,
			};
			let session_keys = decode_keys(chain, &keys).await?;
			let tx = runtime::transactions().session().set_keys(session_keys, proof);
			ctx.submit(&tx, &signer).await?;
			let next = format!(
				"ask the council to add this account: sc4it gov propose add-validator {owner}"
			);
			Ok(Reply::new(
				format!("session keys of {owner} registered\nnext: {next}"),
				json!({
					"account": owner.to_string(),
					"keys": sc4it_client::hex::encode(&keys),
					"next": next,
				}),
			))
		},
		ValidatorCommand::Bootnode => {
			let addresses = chain.listen_addresses().await?;
			Ok(Reply::new(addresses.join("\n"), json!({ "addresses": addresses })))
		},
		ValidatorCommand::Status { account: who } => {
			let who = ctx.account_or_signer(who)?;
			let status = chain.validator_status(&who).await?;
			Ok(Reply::new(status_text(&who, &status), status_json(&who, &status)))
		},
	}
}

fn status_json(who: &AccountId, status: &ValidatorStatus) -> Value {
	json!({
		"account": who.to_string(),
		"validator": status.in_set,
		"active": status.active,
		"session_keys": status.has_keys,
		"session": status.session,
		"session_blocks": status.session_blocks,
		"validators": status.validators,
		"blocks_authored": {
			"this_session": status.authored_this_session,
			"last_session": status.authored_last_session,
		},
	})
}

fn status_text(who: &AccountId, status: &ValidatorStatus) -> String {
	let standing = match (status.in_set, status.active) {
		(true, true) => "validator, authoring",
		(true, false) => "validator from the session after next",
		(false, true) => "leaving: authoring until the session after next",
		(false, false) => "not a validator",
	};
	fields(&[
		("account", who.to_string()),
		("standing", standing.into()),
		("session keys", if status.has_keys { "registered" } else { "none" }.into()),
		(
			"session",
			format!(
				"{} ({} blocks each; {} validator(s) in the set)",
				status.session, status.session_blocks, status.validators
			),
		),
		(
			"blocks authored",
			format!(
				"{} this session, {} the last",
				status.authored_this_session, status.authored_last_session
			),
		),
	])
}

/// The session keys the node made, as this chain's type (the node's runtime may differ).
async fn decode_keys(
	chain: &Chain,
	keys: &[u8],
) -> Result<types::sc4it_runtime::opaque::SessionKeys, Failure> {
	let refused =
		|e: String| Failure::Refused(format!("the node made keys of another runtime: {e}"));
	let at = chain.at_finalized().await?;
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
