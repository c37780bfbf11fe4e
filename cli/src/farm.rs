//! `sc4it farm`: a farmer's farms and their payouts.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, table, Reply},
};
use clap::Subcommand;
use sc4it_client::{
	indexer_api::FarmStatement, prices::DiskPrices, runtime, units::Amount, AccountId,
};
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
	/// A farm's prices and payouts: paid so far, and waiting for the next payout.
	Show { id: u32 },
	/// Sets the farm's prices per GiB and block (tokens or planck), within the bounds
	/// governance sets, for contracts created from now on: a lower price at once, a higher one
	/// after the chain's notice (ten minutes). Running contracts keep their rates.
	SetPrices {
		farm: u32,
		/// Per GiB of SSD per block.
		#[arg(long)]
		ssd: Amount,
		/// Per GiB of HDD per block.
		#[arg(long)]
		hdd: Amount,
	},
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
		FarmCommand::SetPrices { farm, ssd, hdd } => set_prices(ctx, farm, &ssd, &hdd).await,
		FarmCommand::Show { id } => show(ctx, id).await,
	}
}

async fn set_prices(
	ctx: &Context,
	farm: u32,
	ssd: &Amount,
	hdd: &Amount,
) -> Result<Reply, Failure> {
	let prices =
		DiskPrices { ssd_per_gib_block: ctx.planck(ssd)?, hdd_per_gib_block: ctx.planck(hdd)? };
	if let Some(bounds) = ctx.chain.price_bounds().await? {
		let within = |price: u128, min: u128, max: u128| (min..=max).contains(&price);
		let (min, max) = (&bounds.min, &bounds.max);
		if !within(prices.ssd_per_gib_block, min.ssd_per_gib_block, max.ssd_per_gib_block)
			|| !within(prices.hdd_per_gib_block, min.hdd_per_gib_block, max.hdd_per_gib_block)
		{
			return Err(Failure::Input(format!(
				"prices must be within governance's bounds: SSD {} to {}, HDD {} to {} per GiB \
				 per block",
				ctx.tokens(min.ssd_per_gib_block),
				ctx.tokens(max.ssd_per_gib_block),
				ctx.tokens(min.hdd_per_gib_block),
				ctx.tokens(max.hdd_per_gib_block),
			)));
		}
	}
	let signer = ctx.signer()?;
	let call = runtime::transactions().registry().set_farm_prices(farm, prices);
	let set: runtime::registry::events::FarmPricesSet = ctx.submit_for(&call, &signer).await?;
	let clock = ctx.clock().await;
	let when =
		crate::contract::date(clock, set.from).unwrap_or_else(|| format!("block {}", set.from));
	Ok(Reply::new(
		format!(
			"farm {farm}: SSD {} and HDD {} per GiB per block, for contracts created from block {} \
			 ({when}); running contracts keep their rates",
			ctx.tokens(set.prices.ssd_per_gib_block),
			ctx.tokens(set.prices.hdd_per_gib_block),
			set.from
		),
		json!({
			"farm": farm,
			"ssd_per_gib_block": ctx.amount_json(set.prices.ssd_per_gib_block),
			"hdd_per_gib_block": ctx.amount_json(set.prices.hdd_per_gib_block),
			"from_block": set.from,
		}),
	))
}

async fn show(ctx: &Context, id: u32) -> Result<Reply, Failure> {
	let ledger = ctx.chain.farm_ledger(id).await?;
	let own = ctx.chain.farm_prices(id).await?;
	let grid = ctx.chain.pricing().await?;
	let clock = ctx.clock().await;
	// What a contract created in the next block pays: the farm's price in force then (a rise
	// whose block has come is in force), within the council's bounds, or the grid's.
	let next = clock.map_or(0, |c| c.block.saturating_add(1));
	let bounds = ctx.chain.price_bounds().await?;
	let clamp = |price: u128, min: Option<u128>, max: Option<u128>| {
		price.max(min.unwrap_or(0)).min(max.unwrap_or(u128::MAX))
	};
	let (in_force, whose) = match (&own, &grid) {
		(Some(own), _) => match &own.rise {
			Some(rise) if rise.from <= next => {
				((rise.prices.ssd_per_gib_block, rise.prices.hdd_per_gib_block), "the farm's")
			},
			_ => ((own.prices.ssd_per_gib_block, own.prices.hdd_per_gib_block), "the farm's"),
		},
		(None, Some(grid)) => ((grid.ssd_per_gib_block, grid.hdd_per_gib_block), "the grid's"),
		(None, None) => ((0, 0), "none set"),
	};
	let min = bounds.as_ref().map(|b| (b.min.ssd_per_gib_block, b.min.hdd_per_gib_block));
	let max = bounds.as_ref().map(|b| (b.max.ssd_per_gib_block, b.max.hdd_per_gib_block));
	let ssd = clamp(in_force.0, min.map(|m| m.0), max.map(|m| m.0));
	let hdd = clamp(in_force.1, min.map(|m| m.1), max.map(|m| m.1));
	let mut rows = vec![
		("farm", id.to_string()),
		("SSD", format!("{} per GiB per block ({whose})", ctx.tokens(ssd))),
		("HDD", format!("{} per GiB per block ({whose})", ctx.tokens(hdd))),
	];
	// A rise still to come.
	let rise = own.as_ref().and_then(|p| p.rise.as_ref()).filter(|r| r.from > next);
	if let Some(rise) = rise {
		let when = crate::contract::date(clock, rise.from)
			.unwrap_or_else(|| format!("block {}", rise.from));
		rows.push((
			"rising to",
			format!(
				"SSD {}, HDD {} from block {} ({when})",
				ctx.tokens(rise.prices.ssd_per_gib_block),
				ctx.tokens(rise.prices.hdd_per_gib_block),
				rise.from
			),
		));
	}
	rows.push(("paid", ctx.tokens(ledger.paid)));
	rows.push(("next payout", ctx.tokens(ledger.pending)));
	Ok(Reply::new(
		fields(&rows),
		json!({
			"farm": id,
			"ssd_per_gib_block": ctx.amount_json(ssd),
			"hdd_per_gib_block": ctx.amount_json(hdd),
			"own_prices": own.is_some(),
			"rise": rise.map(|r| json!({
				"ssd_per_gib_block": ctx.amount_json(r.prices.ssd_per_gib_block),
				"hdd_per_gib_block": ctx.amount_json(r.prices.hdd_per_gib_block),
				"from_block": r.from,
			})),
			"paid": ctx.amount_json(ledger.paid),
			"pending": ctx.amount_json(ledger.pending),
		}),
	))
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
