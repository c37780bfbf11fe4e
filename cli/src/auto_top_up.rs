//! `sc4it contract auto-top-up`: the chain keeps a contract funded from its owner's free
//! balance, within a cap per period the owner sets (docs/billing.md: automatic top-up).

use crate::{context::Context, failure::Failure, output::fields, output::Reply};
use clap::Args;
use sc4it_client::{
	runtime, runtime::runtime_types::pallet_sc4it_contracts::types::AutoTopUpTerms, units::Amount,
};
use serde_json::json;
use std::str::FromStr;

#[derive(Args)]
pub struct AutoTopUpArgs {
	/// The contract.
	id: u64,
	/// What one top-up moves: tokens (1.5) or planck (…planck). At least the contract's rate
	/// times its low-runway blocks, so that one top-up lifts it above the warning.
	#[arg(long, required_unless_present = "off")]
	amount: Option<Amount>,
	/// The most all top-ups of one period may move (default: the amount, one top-up a period).
	#[arg(long)]
	cap: Option<Amount>,
	/// The period of the cap: 30d, 12h, 90m or 1000blocks (default: 30d).
	#[arg(long, default_value = "30d")]
	every: Period,
	/// Stops it; its deposit comes back.
	#[arg(long, conflicts_with_all = ["amount", "cap"])]
	off: bool,
}

/// A period, in days, hours, minutes or blocks.
#[derive(Clone, Debug)]
pub enum Period {
	Millis(u64),
	Blocks(u32),
}

impl FromStr for Period {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		let t = text.trim().to_ascii_lowercase();
		let bad = || format!("`{text}` is not a period: 30d, 12h, 90m or 1000blocks");
		let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
		let (number, unit) = t.split_at(split);
		let number: u64 = number.parse().map_err(|_| bad())?;
		if number == 0 {
			return Err(format!("`{text}`: a period of zero"));
		}
		let minute = 60_000u64;
		match unit.trim() {
			"d" | "day" | "days" => Ok(Period::Millis(number.saturating_mul(1_440 * minute))),
			"h" | "hour" | "hours" => Ok(Period::Millis(number.saturating_mul(60 * minute))),
			"m" | "min" | "minutes" => Ok(Period::Millis(number.saturating_mul(minute))),
			"b" | "block" | "blocks" => {
				u32::try_from(number).map(Period::Blocks).map_err(|_| bad())
			},
			_ => Err(bad()),
		}
	}
}

pub async fn run(ctx: &Context, args: AutoTopUpArgs) -> Result<Reply, Failure> {
	let signer = ctx.signer()?;
	let id = args.id;
	let (Some(amount), false) = (&args.amount, args.off) else {
		let call = runtime::transactions().contracts().set_auto_top_up(id, None);
		ctx.submit(&call, &signer).await?;
		return Ok(Reply::new(
			format!("contract {id}: automatic top-up off"),
			json!({ "contract": id, "auto_top_up": null }),
		));
	};
	let amount = ctx.planck(amount)?;
	let cap = match &args.cap {
		Some(cap) => ctx.planck(cap)?,
		None => amount,
	};
	let period = match args.every {
		Period::Blocks(blocks) => blocks,
		Period::Millis(ms) => {
			let clock = ctx.chain.clock().await?;
			u32::try_from(ms / clock.block_ms.max(1))
				.map_err(|_| Failure::Input("the period is too long".into()))?
		},
	};
	let terms = AutoTopUpTerms { amount, cap, period };
	let call = runtime::transactions().contracts().set_auto_top_up(id, Some(terms));
	ctx.submit(&call, &signer).await?;
	let text = fields(&[
		("contract", id.to_string()),
		("each top-up", ctx.tokens(amount)),
		("at most", format!("{} every {period} blocks", ctx.tokens(cap))),
		("from", format!("{} (the owner's free balance)", ctx.acting_as()?)),
	]);
	Ok(Reply::new(
		format!("automatic top-up set: when the runway gets low, the chain tops up\n\n{text}"),
		json!({
			"contract": id,
			"auto_top_up": {
				"amount": ctx.amount_json(amount),
				"cap": ctx.amount_json(cap),
				"period_blocks": period,
			},
		}),
	))
}
