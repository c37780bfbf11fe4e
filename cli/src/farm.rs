//! `sc4it farm`: a farmer's farms and their payouts.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, table, Reply},
};
use clap::Subcommand;
use sc4it_client::{indexer_api::FarmStatement, runtime, AccountId};
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
	/// A farm's payouts between two dates (UTC, both included), from the indexer
	/// (`--indexer`): a table, or CSV for a spreadsheet.
	Statement {
		farm: u32,
		/// The first day (YYYY-MM-DD).
		#[arg(long)]
		from: chrono::NaiveDate,
		/// The last day (YYYY-MM-DD).
		#[arg(long)]
		to: chrono::NaiveDate,
		/// CSV on stdout instead of a table.
		#[arg(long)]
		csv: bool,
	},
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
		FarmCommand::Statement { farm, from, to, csv } => statement(ctx, farm, from, to, csv).await,
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

async fn statement(
	ctx: &Context,
	farm: u32,
	from: chrono::NaiveDate,
	to: chrono::NaiveDate,
	csv: bool,
) -> Result<Reply, Failure> {
	let path = format!("/api/farms/{farm}/statement");
	let (statement, data, csv): (FarmStatement, _, _) =
		crate::indexer::statement(ctx.indexer(), &path, from, to, csv).await?;
	if let Some(csv) = csv {
		return Ok(Reply::new(csv, data));
	}
	let rows = table(
		&["BLOCK", "TIME", "PAID TO", "AMOUNT"],
		statement.payouts.iter().map(|p| {
			vec![
				p.block.to_string(),
				crate::contract::utc(Some(p.time_ms)),
				p.account.clone(),
				crate::contract::indexed_tokens(ctx, &p.amount),
			]
		}),
	);
	let summary = fields(&[
		("farm", format!("{farm} ({})", statement.name)),
		("from", from.to_string()),
		("to", to.to_string()),
		("payouts", statement.payouts.len().to_string()),
		("total", crate::contract::indexed_tokens(ctx, &statement.total)),
	]);
	Ok(Reply::new(format!("{summary}\n\n{rows}"), data))
}
