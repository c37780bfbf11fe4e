//! `sc4it gov`: council motions. Members propose and vote; anyone closes a decided motion and
//! applies an authorized upgrade (docs/governance.md).

use crate::{
	args::{GovCommand, Proposal},
	run::{account, input, Failure, Progress},
};
use sc4it_client::subxt_signer::sr25519::Keypair;
use sc4it_client::{
	governance::{Motion, RuntimeCall},
	runtime,
	runtime::runtime_types as types,
	subxt::utils::H256,
	units::parse_amount,
	Chain,
};
use serde_json::{json, Value};

pub async fn run(
	chain: &Chain,
	command: GovCommand,
	signer: impl Fn() -> Result<Keypair, Failure>,
	progress: Progress,
) -> Result<Value, Failure> {
	match command {
		GovCommand::Motions => motions(chain).await,
		GovCommand::Propose { proposal, threshold } => {
			let signer = signer()?;
			let call = proposal_call(chain, proposal).await?;
			let members = chain.council_members().await?.len() as u32;
			// Two thirds of the members, rounded up: what every governance call requires.
			let threshold = threshold.unwrap_or((2 * members).div_ceil(3)).max(1);
			let encoded = chain.encode_call(&call).await?;
			let length_bound = encoded.len() as u32;
			let hash = H256(sp_crypto_hashing::blake2_256(&encoded));
			let tx = runtime::transactions().council().propose(threshold, call, length_bound);
			let included = chain.submit(&tx, &signer, progress).await?;
			if let Some(Ok(proposed)) =
				included.events.find_first::<runtime::council::events::Proposed>()
			{
				// Proposing is not voting: the proposer's aye follows.
				let vote = runtime::transactions().council().vote(
					proposed.proposal_hash,
					proposed.proposal_index,
					true,
				);
				chain.submit(&vote, &signer, progress).await?;
				return Ok(json!({
					"proposed": format!("{:?}", proposed.proposal_hash),
					"index": proposed.proposal_index,
					"threshold": proposed.threshold,
					"voted": "aye",
				}));
			}
			// A threshold below two executes at once: say what it did.
			executed(&included.events, hash)?.ok_or_else(|| {
				Failure::Refused("the chain said neither Proposed nor Executed".into())
			})
		},
		GovCommand::Vote { hash, index, nay } => {
			let signer = signer()?;
			let hash = parse_hash(&hash)?;
			let tx = runtime::transactions().council().vote(hash, index, !nay);
			chain.submit(&tx, &signer, progress).await?;
			Ok(json!({ "voted": format!("{hash:?}"), "index": index, "aye": !nay }))
		},
		GovCommand::Close { hash, index } => {
			let signer = signer()?;
			let hash = parse_hash(&hash)?;
			let motion = chain
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
			let tx =
				runtime::transactions().council().close(hash, index, weight_bound, motion.length);
			let included = chain.submit(&tx, &signer, progress).await?;
			if let Some(done) = executed(&included.events, hash)? {
				return Ok(done);
			}
			let outcome = if included
				.events
				.find_first::<runtime::council::events::Disapproved>()
				.is_some()
			{
				"disapproved"
			} else {
				"closed"
			};
			Ok(json!({ "closed": format!("{hash:?}"), "index": index, "outcome": outcome }))
		},
		GovCommand::ApplyUpgrade { wasm } => {
			let signer = signer()?;
			let code = std::fs::read(&wasm)
				.map_err(|e| input(format!("cannot read {}: {e}", wasm.display())))?;
			let tx = runtime::transactions().system().apply_authorized_upgrade(code);
			let included = chain.submit(&tx, &signer, progress).await?;
			if let Some(Ok(rejected)) = included
				.events
				.find_first::<runtime::system::events::RejectedInvalidAuthorizedUpgrade>(
			) {
				return Err(Failure::Refused(format!(
					"the upgrade was rejected: {:?}",
					rejected.error
				)));
			}
			Ok(json!({ "applied": wasm.display().to_string() }))
		},
	}
}

/// What a carried motion did, if it ran: its call's own failure, or that of the call it ran as
/// Root, is a failure of the command (exit code 4), never a success that hides it.
fn executed(
	events: &sc4it_client::subxt::extrinsics::ExtrinsicEvents<sc4it_client::Config>,
	hash: H256,
) -> Result<Option<Value>, Failure> {
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
	Ok(Some(json!({ "executed": format!("{hash:?}"), "result": "ok" })))
}

/// The members, and each open motion with its call, votes and deadline.
async fn motions(chain: &Chain) -> Result<Value, Failure> {
	let members = chain.council_members().await?;
	let motions: Vec<Value> = chain.motions().await?.iter().map(motion_json).collect();
	Ok(json!({
		"members": members.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
		"motions": motions,
	}))
}

fn motion_json(m: &Motion) -> Value {
	json!({
		"index": m.index,
		"hash": format!("{:?}", m.hash),
		"call": m.call.as_ref().map(|c| format!("{c:?}")),
		"threshold": m.threshold,
		"ayes": m.ayes.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		"nays": m.nays.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		"ends_at_block": m.end,
	})
}

fn parse_hash(text: &str) -> Result<H256, Failure> {
	let bytes = sc4it_client::hex::decode(text).map_err(input)?;
	let array: [u8; 32] =
		bytes.try_into().map_err(|_| input(format!("`{text}` is not a 32-byte hash")))?;
	Ok(H256(array))
}

/// A Root call, as a motion runs it.
fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Governance(types::pallet_sc4it_governance::pallet::Call::dispatch_as_root {
		call: Box::new(call),
	})
}

/// The call a proposal stands for.
async fn proposal_call(chain: &Chain, proposal: Proposal) -> Result<RuntimeCall, Failure> {
	use types::{
		frame_system::pallet::Call as System, pallet_membership::pallet::Call as Membership,
		pallet_sc4it_governance::pallet::Call as Governance,
		pallet_sc4it_oracle::pallet::Call as Oracle,
		pallet_sc4it_validators::pallet::Call as Validators,
	};
	Ok(match proposal {
		Proposal::Call { hex, as_root: root } => {
			let bytes = sc4it_client::hex::decode(&hex).map_err(input)?;
			let call = chain.decode_call(&bytes).await.map_err(input)?;
			if root {
				as_root(call)
			} else {
				call
			}
		},
		Proposal::AddValidator { account: who } => {
			RuntimeCall::Validators(Validators::add_validator { who: account(&who)? })
		},
		Proposal::RemoveValidator { account: who } => {
			RuntimeCall::Validators(Validators::remove_validator { who: account(&who)? })
		},
		Proposal::AddMember { account: who } => {
			RuntimeCall::CouncilMembership(Membership::add_member {
				who: sc4it_client::subxt::utils::MultiAddress::Id(account(&who)?),
			})
		},
		Proposal::RemoveMember { account: who } => {
			RuntimeCall::CouncilMembership(Membership::remove_member {
				who: sc4it_client::subxt::utils::MultiAddress::Id(account(&who)?),
			})
		},
		Proposal::BillingPeriod { blocks } => {
			RuntimeCall::Oracle(Oracle::set_billing_period { period: blocks })
		},
		Proposal::Spend { to, amount } => RuntimeCall::Governance(Governance::spend {
			to: account(&to)?,
			amount: parse_amount(&amount).map_err(input)?,
		}),
		Proposal::AuthorizeUpgrade { wasm } => {
			let code = std::fs::read(&wasm)
				.map_err(|e| input(format!("cannot read {}: {e}", wasm.display())))?;
			let code_hash = H256(sp_crypto_hashing::blake2_256(&code));
			as_root(RuntimeCall::System(System::authorize_upgrade { code_hash }))
		},
	})
}
