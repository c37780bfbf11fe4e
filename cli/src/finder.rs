//! `sc4it node find`: nodes to rent from, filtered by disk, free space, uptime and farm, from the
//! indexer's node finder (`--indexer`; the uptime is the chain's own health records).

use crate::{
	context::Context,
	failure::Failure,
	output::{table, Reply},
};
use clap::Args;
use sc4it_client::{indexer_api::NodeFinder, units::CapacityGib};

#[derive(Args)]
pub struct FindArgs {
	/// The disk type: ssd or hdd.
	#[arg(long)]
	disk: Option<String>,
	/// Free space of that disk, at least (e.g. 100GiB).
	#[arg(long, requires = "disk")]
	size: Option<CapacityGib>,
	/// Uptime over the window, in percent, at least (e.g. 99).
	#[arg(long)]
	min_uptime: Option<f64>,
	/// The window: the last 1 to 30 days.
	#[arg(long, default_value_t = 30)]
	days: u32,
	/// Only the nodes of this farm.
	#[arg(long)]
	farm: Option<u32>,
	/// uptime (highest first), free (most first), price (lowest first) or node.
	#[arg(long, default_value = "uptime")]
	sort: String,
	/// How many to list (at most 500).
	#[arg(long, default_value_t = 20)]
	limit: u32,
}

/// A node's price for people: the farm's own marked `*`, and a rise to come.
fn price_text(ctx: &Context, node: &sc4it_client::indexer_api::FoundNode) -> String {
	let Some(price) = node.price_per_gib_block.as_deref() else {
		return "-".to_string();
	};
	let mut text = crate::contract::indexed_tokens(ctx, price);
	if node.own_price {
		text.push('*');
	}
	if let Some(rise) = &node.price_rise {
		let later = crate::contract::indexed_tokens(ctx, &rise.price_per_gib_block);
		text.push_str(&format!(" (→ {later} from block {})", rise.from_block));
	}
	text
}

pub async fn find(ctx: &Context, args: FindArgs) -> Result<Reply, Failure> {
	let mut query = format!("days={}&sort={}&limit={}", args.days, args.sort, args.limit);
	if let Some(disk) = &args.disk {
		query.push_str(&format!("&disk={disk}"));
	}
	if let Some(size) = &args.size {
		query.push_str(&format!("&size={}", size.0));
	}
	if let Some(uptime) = args.min_uptime {
		query.push_str(&format!("&min_uptime={uptime}"));
	}
	if let Some(farm) = args.farm {
		query.push_str(&format!("&farm={farm}"));
	}
	let found: NodeFinder =
		crate::indexer::get_as(ctx.indexer(), &format!("/api/nodes?{query}")).await?;
	let data = serde_json::to_value(&found).map_err(|e| Failure::Input(e.to_string()))?;
	let gib = |v: Option<u64>| v.map_or("-".to_string(), |g| g.to_string());
	let rows = table(
		&[
			"node",
			"farm",
			"free ssd GiB",
			"free hdd GiB",
			"price per GiB-block",
			"uptime",
			"healthy",
			"down",
			"unknown",
		],
		found.nodes.iter().map(|n| {
			vec![
				n.node.to_string(),
				format!("{} {}", n.farm, n.farm_name),
				gib(n.ssd_free_gib),
				gib(n.hdd_free_gib),
				price_text(ctx, n),
				n.uptime.map_or("-".to_string(), |u| format!("{u:.2}%")),
				n.healthy_blocks.to_string(),
				n.down_blocks.to_string(),
				(n.unknown_blocks + n.unrecorded_blocks).to_string(),
			]
		}),
	);
	let text = format!(
		"{} of {} matching nodes; uptime over blocks {}-{} (the last {} days): healthy blocks over blocks recorded healthy or down; * the farm's own price\n\n{rows}",
		found.nodes.len(),
		found.matched,
		found.from_block,
		found.to_block,
		found.days
	);
	Ok(Reply::new(text, data))
}
