//! `sc4it account`: an account's books, from the indexer (`--indexer`), and transfers.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, table, Reply},
};
use clap::Subcommand;
use sc4it_client::{
	indexer_api::AccountStatement, runtime, subxt::utils::MultiAddress, units::Amount, AccountId,
};
use serde_json::json;

#[derive(Subcommand)]
pub enum AccountCommand {
	/// What an account paid and was paid between two dates (UTC, both included): deposits,
	/// top-ups, what each period of its contracts' nodes cost them, refunds and debts, by
	/// contract. A table, or CSV for a spreadsheet.
	Statement {
		/// The account (SS58); default: the signer (`--suri`, `--key-file`).
		#[arg(value_parser = account)]
		account: Option<AccountId>,
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
	/// Sends funds to another account (a team's multisig, say); the sender keeps at least the
	/// existential deposit.
	Transfer {
		/// Who receives them (SS58).
		#[arg(value_parser = account)]
		to: AccountId,
		/// Tokens (1.5) or planck (1500000000000planck).
		#[arg(long)]
		amount: Amount,
	},
}

pub async fn run(ctx: &Context, command: AccountCommand) -> Result<Reply, Failure> {
	match command {
		AccountCommand::Statement { account, from, to, csv } => {
			let account = ctx.account_or_signer(account)?;
			statement(ctx, &account, from, to, csv).await
		},
		AccountCommand::Transfer { to, amount } => {
			let amount = ctx.planck(&amount)?;
			let signer = ctx.signer()?;
			let call = runtime::transactions()
				.balances()
				.transfer_keep_alive(MultiAddress::Id(to), amount);
			ctx.submit(&call, &signer).await?;
			let from = ctx.acting_as()?;
			Ok(Reply::new(
				format!("sent {} from {from} to {to}", ctx.tokens(amount)),
				json!({ "from": from.to_string(), "to": to.to_string(), "amount": ctx.amount_json(amount) }),
			))
		},
	}
}

async fn statement(
	ctx: &Context,
	account: &AccountId,
	from: chrono::NaiveDate,
	to: chrono::NaiveDate,
	csv: bool,
) -> Result<Reply, Failure> {
	let path = format!("/api/accounts/{account}/statement");
	let (statement, data, csv): (AccountStatement, _, _) =
		crate::indexer::statement(ctx.indexer(), &path, from, to, csv).await?;
	if let Some(csv) = csv {
		return Ok(Reply::new(csv, data));
	}
	let planck = |text: &str| crate::contract::indexed_tokens(ctx, text);
	let entries = table(
		&["block", "time", "kind", "contract", "amount", "period", "account"],
		statement.entries.iter().map(|e| {
			let period = match (e.from, e.to, e.billed_blocks) {
				(Some(from), Some(to), Some(billed)) => format!("{from}-{to} ({billed} billed)"),
				_ => String::new(),
			};
			vec![
				e.block.to_string(),
				crate::contract::utc(i64::try_from(e.time_ms).ok()),
				e.kind.clone(),
				e.contract.to_string(),
				planck(&e.amount),
				period,
				e.account.clone().unwrap_or_default(),
			]
		}),
	);
	let by_contract = table(
		&["contract", "blocks billed", "charged"],
		statement
			.contracts
			.iter()
			.map(|c| vec![c.contract.to_string(), c.billed_blocks.to_string(), planck(&c.charged)]),
	);
	let t = &statement.totals;
	let summary = fields(&[
		("account", statement.account.clone()),
		("from", statement.from.clone()),
		("to", statement.to.clone()),
		("deposited", planck(&t.deposited)),
		("topped up", planck(&t.topped_up)),
		("topped up by others", planck(&t.topped_up_by_others)),
		("charged", planck(&t.charged)),
		("refunded", planck(&t.refunded)),
		("debt recorded", planck(&t.debt_recorded)),
		("debt paid", planck(&t.debt_paid)),
	]);
	Ok(Reply::new(format!("{summary}\n\n{by_contract}\n\n{entries}"), data))
}
