//! `sc4it farm`: a farmer's farms and their payouts.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, Reply},
};
use clap::Subcommand;
use sc4it_client::{runtime, AccountId};
use serde_json::json;

#[derive(Subcommand)]
pub enum FarmCommand {
	/// Creates a farm owned by the signer.
	Create {
		/// A name no other farm has.
		#[arg(long)]
		name: String,
		/// Where payouts go (an SS58 address); default: the signer.
		#[arg(long, value_parser = account)]
		payout: Option<AccountId>,
	},
	/// A farm's payouts: paid so far, and waiting for the next payout.
	Show { id: u32 },
}

pub async fn run(ctx: &Context, command: FarmCommand) -> Result<Reply, Failure> {
	match command {
		FarmCommand::Create { name, payout } => {
			let signer = ctx.signer()?;
			let payout = payout.unwrap_or_else(|| signer.public_key().to_account_id());
			let call =
				runtime::transactions().registry().create_farm(name.clone().into_bytes(), payout);
			let farm: runtime::registry::events::FarmCreated =
				ctx.submit_for(&call, &signer).await?;
			Ok(Reply::new(
				format!("farm {} created: {name}, payouts to {payout}", farm.farm),
				json!({ "created": farm.farm }),
			))
		},
		FarmCommand::Show { id } => {
			let ledger = ctx.chain.farm_ledger(id).await?;
			let text = fields(&[
				("farm", id.to_string()),
				("paid", ctx.tokens(ledger.paid)),
				("next payout", ctx.tokens(ledger.pending)),
			]);
			Ok(Reply::new(
				text,
				json!({
					"farm": id,
					"paid": ctx.amount_json(ledger.paid),
					"pending": ctx.amount_json(ledger.pending),
				}),
			))
		},
	}
}
