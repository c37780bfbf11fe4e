//! `sc4it node`: a farmer's nodes and their report keys.

use crate::{
	context::Context,
	failure::{input, Failure},
	output::Reply,
};
use clap::{Args, Subcommand};
use sc4it_client::{
	keys, runtime, runtime::runtime_types::sc4it_primitives::Capacity, units::CapacityGib,
};
use serde_json::json;
use sp_core::Pair;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum NodeCommand {
	/// Registers a node of the signer's farm.
	Register {
		#[arg(long)]
		farm: u32,
		/// The node's report key: a file made by `node keygen`.
		#[arg(long)]
		node_key: PathBuf,
		/// Where the node's agent serves its reports: http:// or https://, the machine's public
		/// IP address (not a host name: the chain refuses names), and the agent's port, e.g.
		/// `http://203.0.113.7:8700` or `http://[2a01:4f8::7]:8700`.
		#[arg(long)]
		report_url: String,
		#[command(flatten)]
		capacity: CapacityArgs,
	},
	/// Changes a node's report URL, key or capacity.
	Update {
		id: u32,
		/// A new report URL: http:// or https://, an IP address (not a host name) and a port,
		/// as for `node register`.
		#[arg(long)]
		report_url: Option<String>,
		/// A new report key: a file made by `node keygen`.
		#[arg(long)]
		node_key: Option<PathBuf>,
		/// New SSD capacity in whole GiB (HDD unchanged unless --hdd).
		#[arg(long)]
		ssd: Option<CapacityGib>,
		/// New HDD capacity in whole GiB (SSD unchanged unless --ssd).
		#[arg(long)]
		hdd: Option<CapacityGib>,
	},
	/// Removes a node: its contracts end with refunds.
	Remove { id: u32 },
	/// Finds nodes to rent from: by disk type and free space, uptime over the last days (from
	/// the chain's health records), farm, and price; from the indexer (`--indexer`).
	Find(crate::finder::FindArgs),
	/// Makes a node's report key (ed25519) in a new file, mode 600.
	Keygen {
		#[arg(long)]
		out: PathBuf,
	},
}

#[derive(Args)]
pub struct CapacityArgs {
	/// SSD capacity in whole GiB.
	#[arg(long, default_value = "0")]
	pub ssd: CapacityGib,
	/// HDD capacity in whole GiB.
	#[arg(long, default_value = "0")]
	pub hdd: CapacityGib,
}

pub async fn run(ctx: &Context, command: NodeCommand) -> Result<Reply, Failure> {
	match command {
		NodeCommand::Register { farm, node_key, report_url, capacity } => {
			let signer = ctx.signer()?;
			let (key, proof) = held_node_key(ctx, &node_key, &signer)?;
			let capacity = Capacity { ssd_gib: capacity.ssd.0, hdd_gib: capacity.hdd.0 };
			let call = runtime::transactions().registry().register_node(
				farm,
				key,
				proof,
				report_url.into_bytes(),
				capacity,
			);
			let node: runtime::registry::events::NodeRegistered =
				ctx.submit_for(&call, &signer).await?;
			Ok(Reply::new(
				format!("node {} registered in farm {}", node.node, node.farm),
				json!({ "registered": node.node, "farm": node.farm }),
			))
		},
		NodeCommand::Update { id, report_url, node_key, ssd, hdd } => {
			update(ctx, id, report_url, node_key, ssd, hdd).await
		},
		NodeCommand::Find(args) => crate::finder::find(ctx, args).await,
		NodeCommand::Remove { id } => {
			let signer = ctx.signer()?;
			ctx.submit(&runtime::transactions().registry().remove_node(id), &signer).await?;
			Ok(Reply::new(
				format!("node {id} removed: its contracts end, with refunds"),
				json!({ "removed": id }),
			))
		},
		NodeCommand::Keygen { out } => keygen(&out),
	}
}

async fn update(
	ctx: &Context,
	id: u32,
	report_url: Option<String>,
	node_key: Option<PathBuf>,
	ssd: Option<CapacityGib>,
	hdd: Option<CapacityGib>,
) -> Result<Reply, Failure> {
	if report_url.is_none() && node_key.is_none() && ssd.is_none() && hdd.is_none() {
		return Err(input("nothing to update: give --report-url, --node-key, --ssd or --hdd"));
	}
	let signer = ctx.signer()?;
	let mut done = Vec::new();
	if report_url.is_some() || node_key.is_some() {
		let key = node_key.as_deref().map(|path| held_node_key(ctx, path, &signer)).transpose()?;
		let call = runtime::transactions().registry().update_node(
			id,
			report_url.map(String::into_bytes),
			key,
		);
		ctx.submit(&call, &signer).await?;
		done.push("report url/key");
	}
	if ssd.is_some() || hdd.is_some() {
		// A disk type not named keeps its capacity.
		let current = ctx
			.chain
			.node(id)
			.await?
			.ok_or_else(|| Failure::NotFound(format!("there is no node {id}")))?
			.capacity;
		let capacity = Capacity {
			ssd_gib: ssd.map_or(current.ssd_gib, |c| c.0),
			hdd_gib: hdd.map_or(current.hdd_gib, |c| c.0),
		};
		let call = runtime::transactions().registry().set_node_capacity(id, capacity);
		ctx.submit(&call, &signer).await?;
		done.push("capacity");
	}
	Ok(Reply::new(
		format!("node {id} updated: {}", done.join(", ")),
		json!({ "updated": id, "what": done }),
	))
}

/// A node's report key (ed25519) as the chain's calls take it.
type NodeKey = [u8; 32];
/// The node key's signature that it may be registered by the signer on this chain.
type KeyProof = [u8; 64];

/// A node's report key from a key file (`node keygen`), with its proof that `signer` may
/// register it on the connected chain: the chain refuses a key without it, so that nobody
/// registers a key they do not hold.
fn held_node_key(
	ctx: &Context,
	path: &Path,
	signer: &sc4it_client::subxt_signer::sr25519::Keypair,
) -> Result<(NodeKey, KeyProof), Failure> {
	let secret = keys::read_private(path).map_err(input)?;
	let pair = sp_core::ed25519::Pair::from_string(&secret, None)
		.map_err(|_| input(format!("{} does not hold an ed25519 key", path.display())))?;
	let genesis = ctx.chain.api().genesis_hash();
	let account = signer.public_key().to_account_id();
	let payload = sc4it_primitives::node_key::proof_payload(&genesis.0, &account.0);
	Ok((pair.public().0, pair.sign(&payload).0))
}

/// Makes a report key in a new file, readable by its owner only. Offline.
pub fn keygen(out: &Path) -> Result<Reply, Failure> {
	use std::io::Write;
	let (pair, seed) = sp_core::ed25519::Pair::generate();
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(0o600);
	}
	let mut file =
		options.open(out).map_err(|e| input(format!("cannot create {}: {e}", out.display())))?;
	writeln!(file, "{}", sc4it_client::hex::encode(&seed)).map_err(input)?;
	let public = sc4it_client::hex::encode(&pair.public().0);
	Ok(Reply::new(
		format!("report key written to {} (public key {public})", out.display()),
		json!({ "key_file": out.display().to_string(), "public_key": public }),
	))
}
