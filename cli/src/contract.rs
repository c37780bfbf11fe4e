//! `sc4it contract`: a user's contracts. Transactions wait for finality; queries read the last
//! finalized block.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{fields, table, Reply},
};
use clap::{Subcommand, ValueEnum};
use sc4it_client::{
	indexer_api::ContractHistory,
	prices::{ContractQuote, PriceRise},
	runtime,
	runtime::runtime_types::{
		pallet_sc4it_contracts::types::ContractState,
		sc4it_primitives::{DiskType, Volume},
	},
	units::{Amount, SizeGib},
	words, AccountId, Clock, ContractView,
};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum ContractCommand {
	/// Creates a contract for a volume on a node, its deposit moved to the escrow. Shows the
	/// node's price, the rate and the least deposit first (on stderr), and signs with that rate
	/// as the highest the chain may fix: a rise in force before the transaction lands refuses
	/// it (`RateAboveLimit`).
	Create {
		/// The node that hosts the volume.
		#[arg(long)]
		node: u32,
		/// Whole GiB: 10GiB, 10G or 10.
		#[arg(long)]
		size: SizeGib,
		#[arg(long, value_enum)]
		disk: Disk,
		/// Funds for the contract, moved to the escrow: tokens (1.5) or planck (1500000000000planck).
		#[arg(long)]
		deposit: Amount,
		/// The highest rate per block to accept, for a price quoted earlier (`node find
		/// --json`): tokens or planck. By default, the rate quoted now.
		#[arg(long)]
		max_rate: Option<Amount>,
	},
	/// Lets the chain keep a contract funded from the owner's free balance: AMOUNT each time
	/// its runway gets low, at most CAP per period (`--off` stops it). The owner only.
	AutoTopUp(crate::auto_top_up::AutoTopUpArgs),
	/// Adds funds to a contract (anyone may; they stay the owner's until charged).
	TopUp {
		id: u64,
		/// Tokens (1.5) or planck (1500000000000planck).
		#[arg(long)]
		amount: Amount,
	},
	/// Cancels a contract: what was not used comes back.
	Cancel { id: u64 },
	/// Pays what the signer owes a farm from ended contracts (needed before a new contract).
	PayDebt {
		#[arg(long)]
		farm: u32,
	},
	/// A contract's state, rate, held, charged, owed and until when its funds last.
	Show { id: u64 },
	/// Everything a contract was charged, block by block with the report each charge came
	/// from, and its top-ups and refunds: from the indexer (`--indexer`).
	History { id: u64 },
	/// The signer's contracts (or another account's).
	List {
		/// Whose contracts (an SS58 address); default: the signer's.
		#[arg(long, value_parser = account)]
		owner: Option<AccountId>,
	},
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Disk {
	Ssd,
	Hdd,
}

impl Disk {
	fn disk_type(self) -> DiskType {
		match self {
			Disk::Ssd => DiskType::Ssd,
			Disk::Hdd => DiskType::Hdd,
		}
	}
}

pub async fn run(ctx: &Context, command: ContractCommand) -> Result<Reply, Failure> {
	match command {
		ContractCommand::Create { node, size, disk, deposit, max_rate } => {
			create(ctx, node, size, disk, deposit, max_rate).await
		},
		ContractCommand::TopUp { id, amount } => {
			let amount = ctx.planck(&amount)?;
			let signer = ctx.signer()?;
			// The owner's own top-up is the call a proxy of theirs may make; anyone else's is a
			// gift.
			let owner = ctx.chain.contract(id).await?.map(|c| c.owner).ok_or_else(|| {
				Failure::NotFound(format!(
					"there is no contract {id} (it never existed, or it ended and was settled)"
				))
			})?;
			if owner == ctx.acting_as()? {
				let call = runtime::transactions().contracts().top_up_own(id, amount);
				ctx.submit(&call, &signer).await?;
			} else {
				ctx.submit(&runtime::transactions().contracts().top_up(id, amount), &signer)
					.await?;
			}
			let shown = show(ctx, id).await?;
			Ok(Reply::new(
				format!("added {} to contract {id}\n\n{}", ctx.tokens(amount), shown.text),
				shown.data,
			))
		},
		ContractCommand::Cancel { id } => {
			let signer = ctx.signer()?;
			ctx.submit(&runtime::transactions().contracts().cancel(id), &signer).await?;
			let view = ctx.chain.contract(id).await?;
			let clock = ctx.clock().await;
			Ok(Reply::new(
				format!(
					"contract {id} cancelled: what was not used is back on the owner's account \
					 (the last blocks once the oracle confirms them)"
				),
				json!({ "cancelled": id, "contract": view.map(|v| contract_json(ctx, clock, &v)) }),
			))
		},
		ContractCommand::PayDebt { farm } => {
			let signer = ctx.signer()?;
			let call = runtime::transactions().contracts().pay_debt(farm);
			let paid: runtime::contracts::events::DebtSettled =
				ctx.submit_for(&call, &signer).await?;
			Ok(Reply::new(
				format!("paid {} owed to farm {farm}", ctx.tokens(paid.amount)),
				json!({ "farm": farm, "paid": ctx.amount_json(paid.amount) }),
			))
		},
		ContractCommand::AutoTopUp(args) => crate::auto_top_up::run(ctx, args).await,
		ContractCommand::Show { id } => show(ctx, id).await,
		ContractCommand::History { id } => history(ctx, id).await,
		ContractCommand::List { owner } => {
			let owner = ctx.account_or_signer(owner)?;
			let contracts = ctx.chain.user_contracts(&owner).await?;
			let escrow = ctx.chain.escrow_of(&owner).await?;
			let clock = ctx.clock().await;
			let rows = contracts.iter().map(|v| {
				vec![
					v.id.to_string(),
					v.node.to_string(),
					volume_text(&v.volume),
					words::contract_state(&v.state),
					ctx.tokens(v.rate),
					ctx.tokens(v.held),
					ctx.tokens(v.charged),
					ctx.tokens(v.owed),
					v.paid_until.and_then(|b| date(clock, b)).unwrap_or_else(|| "-".into()),
				]
			});
			let text = if contracts.is_empty() {
				format!("{owner} has no contracts")
			} else {
				table(
					&[
						"id",
						"node",
						"volume",
						"state",
						"rate/block",
						"held",
						"charged",
						"owed",
						"paid until",
					],
					rows,
				) + &format!("\nin escrow for these contracts: {}", ctx.tokens(escrow))
			};
			let data: Vec<Value> = contracts.iter().map(|v| contract_json(ctx, clock, v)).collect();
			Ok(Reply::new(
				text,
				json!({
					"owner": owner.to_string(),
					"escrow": ctx.amount_json(escrow),
					"contracts": data,
				}),
			))
		},
	}
}

async fn create(
	ctx: &Context,
	node: u32,
	size: SizeGib,
	disk: Disk,
	deposit: Amount,
	max_rate: Option<Amount>,
) -> Result<Reply, Failure> {
	let deposit = ctx.planck(&deposit)?;
	let max_rate = max_rate.map(|rate| ctx.planck(&rate)).transpose()?;
	let signer = ctx.signer()?;
	let volume = || Volume { size_gib: size.0, disk_type: disk.disk_type() };
	// The price before anything is signed: what the runtime would create the contract with.
	let quote = ctx.chain.quote(node, volume()).await?;
	let clock = ctx.clock().await;
	// A rise still to come (one whose block has come is in the quote already).
	let next = clock.map_or(0, |c| c.block.saturating_add(1));
	let rise =
		ctx.chain.farm_prices(quote.farm).await?.and_then(|p| p.rise).filter(|r| r.from > next);
	if !ctx.globals().json {
		eprintln!("{}", quote_text(ctx, clock, node, &volume(), &quote, rise.as_ref()));
	}
	// Signed with the quoted rate as its highest: a rise that comes into force before the
	// transaction lands refuses it (`RateAboveLimit`) rather than charge more than shown.
	let call = runtime::transactions().contracts().create_contract_with_max_rate(
		node,
		volume(),
		deposit,
		max_rate.unwrap_or(quote.rate),
	);
	let created: runtime::contracts::events::ContractCreated =
		ctx.submit_for(&call, &signer).await?;
	let id = created.contract;
	let view = ctx.chain.contract(id).await?;
	let text = match &view {
		Some(view) => format!("contract {id} created\n\n{}", show_text(ctx, clock, view)),
		None => format!("contract {id} created"),
	};
	Ok(Reply::new(
		text,
		json!({
			"created": id,
			"quote": quote_json(ctx, &quote),
			"contract": view.map(|v| contract_json(ctx, clock, &v)),
		}),
	))
}

/// The quote in words: the farm's price, the rate, the least deposit, and a rise to come.
fn quote_text(
	ctx: &Context,
	clock: Option<Clock>,
	node: u32,
	volume: &Volume,
	quote: &ContractQuote,
	rise: Option<&PriceRise>,
) -> String {
	let mut text = format!(
		"node {node} (farm {}): {} per GiB per block; {} at {} per block; least deposit {}",
		quote.farm,
		ctx.tokens(quote.per_gib_block),
		volume_text(volume),
		ctx.tokens(quote.rate),
		ctx.tokens(quote.min_deposit),
	);
	if let Some(rise) = rise {
		let price = match volume.disk_type {
			DiskType::Ssd => rise.prices.ssd_per_gib_block,
			DiskType::Hdd => rise.prices.hdd_per_gib_block,
		};
		let when = date(clock, rise.from).unwrap_or_else(|| format!("block {}", rise.from));
		text += &format!(
			"\nfarm {} raises it to {} per GiB per block from block {} ({when}): a contract \
			 created from then pays that",
			quote.farm,
			ctx.tokens(price),
			rise.from
		);
	}
	text
}

fn quote_json(ctx: &Context, quote: &ContractQuote) -> Value {
	json!({
		"farm": quote.farm,
		"per_gib_block": ctx.amount_json(quote.per_gib_block),
		"rate_per_block": ctx.amount_json(quote.rate),
		"min_deposit": ctx.amount_json(quote.min_deposit),
	})
}

async fn show(ctx: &Context, id: u64) -> Result<Reply, Failure> {
	let view = ctx.chain.contract(id).await?.ok_or_else(|| {
		Failure::NotFound(format!(
			"there is no contract {id} (it never existed, or it ended and was settled)"
		))
	})?;
	let clock = ctx.clock().await;
	let mut text = show_text(ctx, clock, &view);
	let mut data = contract_json(ctx, clock, &view);
	if let Some(auto) = ctx.chain.auto_top_up(id).await? {
		let ends = auto.period_start.saturating_add(auto.terms.period);
		let until = date(clock, ends).unwrap_or_else(|| format!("block {ends}"));
		text += &format!(
			"\nautomatic top-up: {} when its runway gets low, {} of {} spent until {until}",
			ctx.tokens(auto.terms.amount),
			ctx.tokens(auto.spent),
			ctx.tokens(auto.terms.cap),
		);
		data["auto_top_up"] = json!({
			"amount": ctx.amount_json(auto.terms.amount),
			"cap": ctx.amount_json(auto.terms.cap),
			"period_blocks": auto.terms.period,
			"spent": ctx.amount_json(auto.spent),
			"period_ends": ends,
		});
	}
	Ok(Reply::new(text, data))
}

pub(crate) fn show_text(ctx: &Context, clock: Option<Clock>, v: &ContractView) -> String {
	let paid_until = match v.paid_until {
		Some(block) => match date(clock, block) {
			Some(date) => format!("block {block} ({date})"),
			None => format!("block {block}"),
		},
		None => "-".into(),
	};
	fields(&[
		("contract", v.id.to_string()),
		("owner", v.owner.to_string()),
		("node", v.node.to_string()),
		("volume", volume_text(&v.volume)),
		("state", words::contract_state(&v.state)),
		("rate", format!("{} per block", ctx.tokens(v.rate))),
		("held", ctx.tokens(v.held)),
		("charged", ctx.tokens(v.charged)),
		("owed", ctx.tokens(v.owed)),
		("paid until", paid_until),
	])
}

fn contract_json(ctx: &Context, clock: Option<Clock>, v: &ContractView) -> Value {
	let state = match &v.state {
		ContractState::Created => json!({ "name": "created" }),
		ContractState::Deployed => json!({ "name": "deployed" }),
		ContractState::GracePeriod { since, ends } => {
			json!({ "name": "grace_period", "since": since, "ends": ends })
		},
		ContractState::Deleted { at, reason } => {
			json!({
				"name": "deleted",
				"at": at,
				"reason": format!("{reason:?}"),
				"reason_text": words::delete_reason(reason),
			})
		},
	};
	json!({
		"id": v.id,
		"owner": v.owner.to_string(),
		"node": v.node,
		"size_gib": v.volume.size_gib,
		"disk": disk_text(&v.volume.disk_type),
		"state": state,
		"rate_per_block": ctx.amount_json(v.rate),
		"held": ctx.amount_json(v.held),
		"charged": ctx.amount_json(v.charged),
		"owed": ctx.amount_json(v.owed),
		"paid_until_block": v.paid_until,
		"paid_until_date": v.paid_until.and_then(|b| date(clock, b)),
	})
}

fn disk_text(disk: &DiskType) -> &'static str {
	match disk {
		DiskType::Ssd => "ssd",
		DiskType::Hdd => "hdd",
	}
}

fn volume_text(volume: &Volume) -> String {
	format!("{} GiB {}", volume.size_gib, disk_text(&volume.disk_type).to_uppercase())
}

/// When `block` comes, as a UTC date, at the chain's block time from its last finalized block;
/// `None` without the chain's clock.
pub(crate) fn date(clock: Option<Clock>, block: u32) -> Option<String> {
	chrono::DateTime::from_timestamp_millis(clock?.time_of(block))
		.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// A time of the indexer's (milliseconds since the epoch) as a UTC date and time.
pub(crate) fn utc(time_ms: Option<i64>) -> String {
	time_ms
		.and_then(chrono::DateTime::from_timestamp_millis)
		.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
		.unwrap_or_default()
}

/// An amount of the indexer's (planck as decimal text) in the chain's token.
pub(crate) fn indexed_tokens(ctx: &Context, value: &str) -> String {
	value.parse::<u128>().map_or_else(|_| value.to_string(), |p| ctx.tokens(p))
}

async fn history(ctx: &Context, id: u64) -> Result<Reply, Failure> {
	let path = format!("/api/contracts/{id}");
	let history: ContractHistory = crate::indexer::get_as(ctx.indexer(), &path).await?;
	let charges = table(
		&["BLOCK", "TIME", "CHARGED", "BLOCKS BILLED", "REPORT"],
		history.charges.iter().map(|c| {
			vec![
				c.block.to_string(),
				utc(Some(c.time_ms)),
				indexed_tokens(ctx, &c.amount),
				c.billed_blocks.to_string(),
				c.report.clone().unwrap_or_else(|| "-".into()),
			]
		}),
	);
	let movements = table(
		&["BLOCK", "TIME", "KIND", "ACCOUNT", "AMOUNT"],
		history.movements.iter().map(|m| {
			vec![
				m.block.to_string(),
				utc(Some(m.time_ms)),
				m.kind.replace('_', " "),
				m.account.clone().unwrap_or_else(|| "-".into()),
				indexed_tokens(ctx, &m.amount),
			]
		}),
	);
	// What each period of its node's health cost it (no event per period while it streams).
	let periods = table(
		&["BLOCKS", "HEALTH", "BLOCKS BILLED", "COST", "REPORT"],
		history.periods.iter().map(|p| {
			vec![
				format!("{}-{}", p.from, p.to),
				if p.healthy { "healthy" } else { "down or unknown" }.to_string(),
				p.billed_blocks.to_string(),
				indexed_tokens(ctx, &p.due),
				p.report.clone(),
			]
		}),
	);
	let summary = fields(&[
		("contract", id.to_string()),
		("charged", indexed_tokens(ctx, &history.charged)),
		("topped up", indexed_tokens(ctx, &history.topped_up)),
		("refunded", indexed_tokens(ctx, &history.refunded)),
		("ended", history.end_reason.clone().unwrap_or_else(|| "no".into())),
	]);
	let data = serde_json::to_value(&history).map_err(|e| Failure::Input(e.to_string()))?;
	Ok(Reply::new(format!("{summary}\n\n{charges}\n\n{periods}\n\n{movements}"), data))
}
