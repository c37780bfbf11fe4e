//! `sc4it gov`: council motions. Members propose and vote; anyone closes a decided motion and
//! applies an authorized upgrade (docs/governance.md).

use crate::{
	args::account,
	context::Context,
	failure::{input, Failure},
	output::{table, Reply},
};
use clap::Subcommand;
use sc4it_client::{
	governance::{Motion, RuntimeCall},
	runtime,
	runtime::runtime_types as types,
	subxt::utils::H256,
	units::Amount,
	words, AccountId,
};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum GovCommand {
	/// The council's members and the open motions, with their calls and votes.
	Motions,
	/// Proposes a motion and votes aye on it (council members only).
	Propose {
		#[command(subcommand)]
		proposal: Proposal,
		/// The ayes that carry it; default: two thirds of the members, rounded up (fewer is
		/// refused at dispatch: docs/governance.md).
		#[arg(long, global = true)]
		threshold: Option<u32>,
	},
	/// Votes on an open motion (council members only).
	Vote {
		/// The motion's hash (0x...), as `gov motions` shows it.
		#[arg(value_parser = hash)]
		hash: H256,
		/// The motion's index.
		#[arg(long)]
		index: u32,
		/// Against; the vote is for unless given.
		#[arg(long)]
		nay: bool,
	},
	/// Closes a motion its votes decided, or whose time ran out (anyone).
	Close {
		#[arg(value_parser = hash)]
		hash: H256,
		#[arg(long)]
		index: u32,
	},
	/// Applies runtime code the council authorized (anyone).
	ApplyUpgrade {
		/// The runtime's wasm file.
		wasm: PathBuf,
	},
}

#[derive(Subcommand)]
pub enum Proposal {
	/// Any call, SCALE-encoded (0x..., polkadot.js apps' "encoded call data").
	Call {
		hex: String,
		/// Runs it as Root (`governance.dispatch_as_root`), for calls only Root may make.
		#[arg(long)]
		as_root: bool,
	},
	/// Adds a validator (its session keys must be registered first).
	AddValidator {
		#[arg(value_parser = account)]
		account: AccountId,
	},
	/// Removes a validator; its session keys are purged.
	RemoveValidator {
		#[arg(value_parser = account)]
		account: AccountId,
	},
	/// Adds a council member.
	AddMember {
		#[arg(value_parser = account)]
		account: AccountId,
	},
	/// Removes a council member.
	RemoveMember {
		#[arg(value_parser = account)]
		account: AccountId,
	},
	/// Sets the oracle's billing period in blocks (0 stops billing).
	BillingPeriod { blocks: u32 },
	/// Sets the lowest and highest price per GiB and block a farm may set, per disk type
	/// (tokens or planck); running contracts keep their rates.
	PriceBounds(Box<PriceBoundsArgs>),
	/// Pays from the treasury.
	Spend {
		#[arg(value_parser = account)]
		to: AccountId,
		/// Tokens (1.5) or planck (1500000000000planck).
		amount: Amount,
	},
	/// Authorizes a runtime upgrade to the code in the wasm file: its hash goes on chain, and
	/// anyone then applies the code (`gov apply-upgrade`).
	AuthorizeUpgrade { wasm: PathBuf },
}

/// The bounds of farms' prices, per GiB and block.
#[derive(clap::Args)]
pub struct PriceBoundsArgs {
	#[arg(long)]
	ssd_min: Amount,
	#[arg(long)]
	ssd_max: Amount,
	#[arg(long)]
	hdd_min: Amount,
	#[arg(long)]
	hdd_max: Amount,
}

/// A 32-byte hash from its hex form, for clap.
fn hash(text: &str) -> Result<H256, String> {
	let bytes = sc4it_client::hex::decode(text).map_err(|e| e.to_string())?;
	let array: [u8; 32] =
		bytes.try_into().map_err(|_| format!("`{text}` is not a 32-byte hash"))?;
	Ok(H256(array))
}

pub async fn run(ctx: &Context, command: GovCommand) -> Result<Reply, Failure> {
	match command {
		GovCommand::Motions => motions(ctx).await,
		GovCommand::Propose { proposal, threshold } => propose(ctx, proposal, threshold).await,
		GovCommand::Vote { hash, index, nay } => {
			let signer = ctx.signer()?;
			ctx.submit(&runtime::transactions().council().vote(hash, index, !nay), &signer).await?;
			let vote = if nay { "nay" } else { "aye" };
			Ok(Reply::new(
				format!("voted {vote} on motion {index} ({hash:?})"),
				json!({ "voted": format!("{hash:?}"), "index": index, "aye": !nay }),
			))
		},
		GovCommand::Close { hash, index } => close(ctx, hash, index).await,
		GovCommand::ApplyUpgrade { wasm } => {
			let signer = ctx.signer()?;
			let code = std::fs::read(&wasm)
				.map_err(|e| input(format!("cannot read {}: {e}", wasm.display())))?;
			let tx = runtime::transactions().system().apply_authorized_upgrade(code);
			let included = ctx.submit(&tx, &signer).await?;
			if let Some(Ok(rejected)) = included
				.events
				.find_first::<runtime::system::events::RejectedInvalidAuthorizedUpgrade>(
			) {
				return Err(Failure::Refused(format!(
					"the upgrade was rejected: {:?}",
					rejected.error
				)));
			}
			Ok(Reply::new(
				format!("runtime upgraded to the code of {}", wasm.display()),
				json!({ "applied": wasm.display().to_string() }),
			))
		},
	}
}

async fn propose(
	ctx: &Context,
	proposal: Proposal,
	threshold: Option<u32>,
) -> Result<Reply, Failure> {
	let signer = ctx.signer()?;
	let call = proposal_call(ctx, proposal).await?;
	let members = ctx.chain.council_members().await?.len() as u32;
	// Two thirds of the members, rounded up: what every governance call requires.
	let threshold = threshold.unwrap_or((2 * members).div_ceil(3)).max(1);
	let encoded = ctx.chain.encode_call(&call).await?;
	let length_bound = encoded.len() as u32;
	let hash = H256(sp_crypto_hashing::blake2_256(&encoded));
	let tx = runtime::transactions().council().propose(threshold, call, length_bound);
	let included = ctx.submit(&tx, &signer).await?;
	if let Some(Ok(proposed)) = included.events.find_first::<runtime::council::events::Proposed>() {
		// Proposing is not voting: the proposer's aye follows.
		let vote = runtime::transactions().council().vote(
			proposed.proposal_hash,
			proposed.proposal_index,
			true,
		);
		ctx.submit(&vote, &signer).await?;
		return Ok(Reply::new(
			format!(
				"motion {} proposed ({:?}), your aye counted; it needs {} aye(s) of {members}: \
				 `sc4it gov motions` shows its votes",
				proposed.proposal_index, proposed.proposal_hash, proposed.threshold
			),
			json!({
				"proposed": format!("{:?}", proposed.proposal_hash),
				"index": proposed.proposal_index,
				"threshold": proposed.threshold,
				"voted": "aye",
			}),
		));
	}
	// A threshold below two executes at once: say what it did.
	executed(&included.events, hash)?
		.ok_or_else(|| Failure::Refused("the chain said neither Proposed nor Executed".into()))
}

async fn close(ctx: &Context, hash: H256, index: u32) -> Result<Reply, Failure> {
	let signer = ctx.signer()?;
	let motion = ctx
		.chain
		.motions()
		.await?
		.into_iter()
		.find(|m| m.hash == hash && m.index == index)
		.ok_or_else(|| Failure::NotFound(format!("no open motion {hash:?} #{index}")))?;
	// Any bound at least the call's weight will do; the close pays for what it used.
	let weight_bound = types::sp_weights::weight_v2::Weight {
		ref_time: 1_000_000_000_000,
		proof_size: 5 * 1024 * 1024,
	};
	let tx = runtime::transactions().council().close(hash, index, weight_bound, motion.length);
	let included = ctx.submit(&tx, &signer).await?;
	if let Some(done) = executed(&included.events, hash)? {
		return Ok(done);
	}
	let disapproved =
		included.events.find_first::<runtime::council::events::Disapproved>().is_some();
	let outcome = if disapproved { "disapproved" } else { "closed" };
	Ok(Reply::new(
		format!("motion {index} ({hash:?}) {outcome}"),
		json!({ "closed": format!("{hash:?}"), "index": index, "outcome": outcome }),
	))
}

/// What a carried motion did, if it ran: its call's own failure, or that of the call it ran as
/// Root, is a failure of the command (exit code 4), never a success that hides it.
fn executed(
	events: &sc4it_client::subxt::extrinsics::ExtrinsicEvents<sc4it_client::Config>,
	hash: H256,
) -> Result<Option<Reply>, Failure> {
	let Some(Ok(executed)) = events.find_first::<runtime::council::events::Executed>() else {
		return Ok(None);
	};
	if let Err(e) = executed.result {
		return Err(Failure::Refused(format!("motion {hash:?} ran and failed: {e:?}")));
	}
	if let Some(Ok(root)) = events.find_first::<runtime::governance::events::DispatchedAsRoot>() {
		if let Err(e) = root.result {
			return Err(Failure::Refused(format!(
				"motion {hash:?} ran its call as Root, which failed: {e:?}"
			)));
		}
	}
	Ok(Some(Reply::new(
		format!("motion {hash:?} carried and ran"),
		json!({ "executed": format!("{hash:?}"), "result": "ok" }),
	)))
}

/// The members, and each open motion with its call, votes and deadline.
async fn motions(ctx: &Context) -> Result<Reply, Failure> {
	let members = ctx.chain.council_members().await?;
	let motions = ctx.chain.motions().await?;
	let mut text = format!(
		"council: {} member(s)\n{}",
		members.len(),
		members.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n")
	);
	if motions.is_empty() {
		text.push_str("\n\nno open motions");
	} else {
		let rows = motions.iter().map(|m| {
			vec![
				m.index.to_string(),
				format!("{:?}", m.hash),
				m.call.as_ref().map(words::call_summary).unwrap_or_else(|| "(unknown call)".into()),
				format!("{}/{}", m.ayes.len(), m.threshold),
				m.nays.len().to_string(),
				m.end.to_string(),
			]
		});
		text.push_str("\n\n");
		text.push_str(&table(&["index", "hash", "call", "ayes", "nays", "ends at block"], rows));
	}
	let data: Vec<Value> = motions.iter().map(motion_json).collect();
	Ok(Reply::new(
		text,
		json!({
			"members": members.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
			"motions": data,
		}),
	))
}

fn motion_json(m: &Motion) -> Value {
	json!({
		"index": m.index,
		"hash": format!("{:?}", m.hash),
		"call": m.call.as_ref().map(|c| format!("{c:?}")),
		"summary": m.call.as_ref().map(words::call_summary),
		"threshold": m.threshold,
		"ayes": m.ayes.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		"nays": m.nays.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		"ends_at_block": m.end,
	})
}

/// A Root call, as a motion runs it.
fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Governance(types::pallet_sc4it_governance::pallet::Call::dispatch_as_root {
		call: Box::new(call),
	})
}

/// The call a proposal stands for.
async fn proposal_call(ctx: &Context, proposal: Proposal) -> Result<RuntimeCall, Failure> {
	use sc4it_client::subxt::utils::MultiAddress;
	use types::{
		frame_system::pallet::Call as System, pallet_membership::pallet::Call as Membership,
		pallet_sc4it_governance::pallet::Call as Governance,
		pallet_sc4it_oracle::pallet::Call as Oracle,
		pallet_sc4it_registry::pallet::Call as Registry,
		pallet_sc4it_validators::pallet::Call as Validators,
	};
	Ok(match proposal {
		Proposal::Call { hex, as_root: root } => {
			let bytes = sc4it_client::hex::decode(&hex).map_err(input)?;
			let call = ctx.chain.decode_call(&bytes).await.map_err(input)?;
			if root {
				as_root(call)
			} else {
				call
			}
		},
		Proposal::AddValidator { account: who } => {
			RuntimeCall::Validators(Validators::add_validator { who })
		},
		Proposal::RemoveValidator { account: who } => {
			RuntimeCall::Validators(Validators::remove_validator { who })
		},
		Proposal::AddMember { account: who } => {
			RuntimeCall::CouncilMembership(Membership::add_member { who: MultiAddress::Id(who) })
		},
		Proposal::RemoveMember { account: who } => {
			RuntimeCall::CouncilMembership(Membership::remove_member { who: MultiAddress::Id(who) })
		},
		Proposal::BillingPeriod { blocks } => {
			RuntimeCall::Oracle(Oracle::set_billing_period { period: blocks })
		},
		Proposal::PriceBounds(bounds) => {
			let PriceBoundsArgs { ssd_min, ssd_max, hdd_min, hdd_max } = *bounds;
			let prices = |ssd: &Amount, hdd: &Amount| -> Result<_, Failure> {
				Ok(types::sc4it_primitives::DiskPrices {
					ssd_per_gib_block: ctx.planck(ssd)?,
					hdd_per_gib_block: ctx.planck(hdd)?,
				})
			};
			let bounds = types::sc4it_primitives::PriceBounds {
				min: prices(&ssd_min, &hdd_min)?,
				max: prices(&ssd_max, &hdd_max)?,
			};
			RuntimeCall::Registry(Registry::set_price_bounds { bounds })
		},
		Proposal::Spend { to, amount } => {
			RuntimeCall::Governance(Governance::spend { to, amount: ctx.planck(&amount)? })
		},
		Proposal::AuthorizeUpgrade { wasm } => {
			let code = std::fs::read(&wasm)
				.map_err(|e| input(format!("cannot read {}: {e}", wasm.display())))?;
			let code_hash = H256(sp_crypto_hashing::blake2_256(&code));
			as_root(RuntimeCall::System(System::authorize_upgrade { code_hash }))
		},
	})
}
