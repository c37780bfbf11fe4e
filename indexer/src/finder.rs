//! The node finder: nodes filtered by disk type and free capacity, price, farm and uptime over
//! the last days, from the chain's own health records (the index keeps each node's running
//! totals and marks: `store::finder`), sorted as asked. The API answers JSON; the dashboard's
//! `/nodes` page and `sc4it node find` show the same.

use crate::{
	api::{ApiError, AppState},
	store::{FarmPrices, NodeRecord, MARK_BLOCKS},
};
use axum::{
	extract::{Query, State},
	routing::get,
	Json, Router,
};
use sc4it_client::indexer_api::{FoundNode, NodeFinder, PriceRise};
use serde::Deserialize;

/// The longest window, in days.
pub const MAX_DAYS: u32 = 30;
/// How long the index keeps the marks of nodes' health, in days (at the chain's block time):
/// twice the longest window, so that every window's first mark is kept whatever block the
/// finder is asked at, and the marks of older days go (a row per node and mark, 48 a day at
/// 3 s blocks).
pub const MARKS_KEPT_DAYS: u32 = 2 * MAX_DAYS;
/// The most nodes an answer lists.
pub const MAX_LIMIT: usize = 500;

/// The finder's filters, as a query string gives them.
#[derive(Debug, Default, Deserialize)]
pub struct FinderQuery {
	/// `ssd` or `hdd`.
	pub disk: Option<String>,
	/// Free GiB of that disk, at least (`100` or `100GiB`).
	pub size: Option<String>,
	/// Uptime over the window, in percent, at least.
	pub min_uptime: Option<String>,
	/// The window: 1 to 30 days (30 unless asked).
	pub days: Option<String>,
	pub farm: Option<String>,
	/// `uptime` (the default), `free`, `price` or `node`.
	pub sort: Option<String>,
	/// How many to list (100 unless asked; at most 500).
	pub limit: Option<String>,
}

/// A parameter given and not empty.
fn given(value: &Option<String>) -> Option<&str> {
	value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The filters, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
	pub disk: Option<String>,
	pub size: u64,
	pub min_uptime: Option<f64>,
	pub days: u32,
	pub farm: Option<i64>,
	pub sort: String,
	pub limit: usize,
}

impl FinderQuery {
	/// The filters, or why not.
	pub fn filters(&self) -> Result<Filters, ApiError> {
		let bad = |message: String| ApiError::bad_request(message);
		let disk = match given(&self.disk).map(str::to_ascii_lowercase).as_deref() {
			None => None,
			Some(d @ ("ssd" | "hdd")) => Some(d.to_string()),
			Some(other) => return Err(bad(format!("disk must be ssd or hdd: {other}"))),
		};
		let size = match given(&self.size) {
			None => 0,
			Some(text) => {
				let digits = text.trim_end_matches("GiB").trim_end_matches("gib").trim();
				digits
					.parse()
					.map_err(|_| bad(format!("size must be GiB (100 or 100GiB): {text}")))?
			},
		};
		if size > 0 && disk.is_none() {
			return Err(bad("a size needs a disk type (disk=ssd or disk=hdd)".into()));
		}
		let min_uptime = match given(&self.min_uptime) {
			None => None,
			Some(text) => match text.trim_end_matches('%').parse::<f64>() {
				Ok(v) if (0.0..=100.0).contains(&v) => Some(v),
				_ => return Err(bad(format!("min_uptime must be a percentage, 0 to 100: {text}"))),
			},
		};
		let days = match given(&self.days) {
			None => MAX_DAYS,
			Some(text) => match text.parse::<u32>() {
				Ok(d) if (1..=MAX_DAYS).contains(&d) => d,
				_ => return Err(bad(format!("days must be 1 to {MAX_DAYS}: {text}"))),
			},
		};
		let farm = match given(&self.farm) {
			None => None,
			Some(text) => Some(crate::api::number(text, "farm id")?),
		};
		let sort = match given(&self.sort).unwrap_or("uptime") {
			s @ ("uptime" | "free" | "price" | "node") => s.to_string(),
			other => return Err(bad(format!("sort by uptime, free, price or node: {other}"))),
		};
		let limit = match given(&self.limit) {
			None => 100,
			Some(text) => match text.parse::<usize>() {
				Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
				_ => return Err(bad(format!("limit must be 1 to {MAX_LIMIT}: {text}"))),
			},
		};
		Ok(Filters { disk, size, min_uptime, days, farm, sort, limit })
	}
}

/// The routes.
pub fn router() -> Router<AppState> {
	Router::new().route("/api/nodes", get(find_nodes))
}

async fn find_nodes(
	State(state): State<AppState>,
	Query(query): Query<FinderQuery>,
) -> Result<Json<NodeFinder>, ApiError> {
	Ok(Json(find(&state, &query.filters()?).await?))
}

/// The window's first mark: `days` days of blocks before the block after `last`, rounded down
/// to a mark.
pub fn window_bucket(last: u64, days: u32, block_ms: u64) -> i64 {
	let day_blocks = 86_400_000 / block_ms.max(1);
	let start = (last + 1).saturating_sub(u64::from(days) * day_blocks);
	i64::try_from(start).unwrap_or(i64::MAX) / MARK_BLOCKS
}

/// The nodes that pass `filters`.
pub async fn find(state: &AppState, filters: &Filters) -> Result<NodeFinder, ApiError> {
	let last =
		state.progress_indexed().ok_or_else(|| ApiError::unavailable("nothing indexed yet"))?;
	let block_ms = state
		.block_ms()
		.ok_or_else(|| ApiError::unavailable("the chain's block time is not read yet"))?;
	let bucket = window_bucket(u64::from(last), filters.days, block_ms);
	let prices = Prices {
		grid: state.live_pricing().await,
		bounds: state.live_price_bounds().await,
		hdd: filters.disk.as_deref() == Some("hdd"),
	};
	let records = state.store.nodes_for_finder(filters.farm, bucket).await?;
	let until = i64::from(last) + 1;
	let mut nodes: Vec<FoundNode> = records
		.iter()
		.map(|record| found(record, until, bucket * MARK_BLOCKS, &prices))
		.filter(|node| passes(node, filters))
		.collect();
	sort(&mut nodes, &filters.sort);
	let matched = nodes.len();
	nodes.truncate(filters.limit);
	Ok(NodeFinder {
		days: filters.days,
		from_block: u64::try_from(bucket * MARK_BLOCKS).unwrap_or(0),
		to_block: u64::from(last),
		nodes,
		matched,
	})
}

/// What the finder prices nodes with: the grid's prices and the bounds of farms' own, as the
/// chain has them now, (SSD, HDD) per GiB and block; and the disk asked for.
struct Prices {
	grid: Option<(u128, u128)>,
	bounds: Option<((u128, u128), (u128, u128))>,
	hdd: bool,
}

impl Prices {
	/// The price per GiB and block of the disk asked for that a contract created at `block` on
	/// a node of a farm with `own` prices pays: the farm's or the grid's, within governance's
	/// bounds (as the runtime prices a contract).
	fn at(&self, own: Option<&FarmPrices>, block: i64) -> Option<u128> {
		let pick = |(ssd, hdd): (u128, u128)| if self.hdd { hdd } else { ssd };
		let price = match own {
			None => pick(self.grid?),
			Some(own) => pick(own.at(block)),
		};
		Some(match self.bounds {
			Some((min, max)) => price.max(pick(min)).min(pick(max)),
			None => price,
		})
	}
}

fn found(record: &NodeRecord, until: i64, start: i64, prices: &Prices) -> FoundNode {
	let price = prices.at(record.prices.as_ref(), until);
	let rise = record.prices.and_then(|own| own.rise).filter(|(_, from)| *from > until).and_then(
		|(_, from)| {
			let later = prices.at(record.prices.as_ref(), from)?;
			Some(PriceRise { price_per_gib_block: later.to_string(), from_block: unsigned(from) })
		},
	);
	let free = |capacity: Option<i64>, reserved: i64| capacity.map(|c| unsigned(c - reserved));
	let w = record.window;
	let recorded_until = record.recorded_until.unwrap_or(start).max(start);
	let spoken = w.healthy + w.down;
	FoundNode {
		node: u32::try_from(record.node).unwrap_or(0),
		farm: u32::try_from(record.farm).unwrap_or(0),
		farm_name: record.farm_name.clone(),
		ssd_gib: record.ssd_gib.map(unsigned),
		hdd_gib: record.hdd_gib.map(unsigned),
		ssd_free_gib: free(record.ssd_gib, record.ssd_reserved),
		hdd_free_gib: free(record.hdd_gib, record.hdd_reserved),
		price_per_gib_block: price.map(|p| p.to_string()),
		own_price: record.prices.is_some(),
		price_rise: rise,
		healthy_blocks: unsigned(w.healthy),
		down_blocks: unsigned(w.down),
		unknown_blocks: unsigned(w.unknown),
		unrecorded_blocks: unsigned(until - recorded_until),
		uptime: (spoken > 0).then(|| 100.0 * w.healthy as f64 / spoken as f64),
	}
}

fn unsigned(v: i64) -> u64 {
	u64::try_from(v).unwrap_or(0)
}

fn passes(node: &FoundNode, filters: &Filters) -> bool {
	let free = match filters.disk.as_deref() {
		Some("hdd") => node.hdd_free_gib,
		Some(_) => node.ssd_free_gib,
		None => Some(u64::MAX),
	};
	free.is_some_and(|f| f >= filters.size.max(u64::from(filters.disk.is_some())))
		&& filters.min_uptime.is_none_or(|min| node.uptime.is_some_and(|u| u >= min))
}

fn sort(nodes: &mut [FoundNode], by: &str) {
	let free = |n: &FoundNode| n.ssd_free_gib.unwrap_or(0).max(n.hdd_free_gib.unwrap_or(0));
	match by {
		"free" => nodes.sort_by(|a, b| free(b).cmp(&free(a)).then(a.node.cmp(&b.node))),
		"price" => nodes.sort_by(|a, b| {
			let price = |n: &FoundNode| {
				n.price_per_gib_block.as_deref().and_then(|p| p.parse::<u128>().ok())
			};
			price(a).cmp(&price(b)).then(a.node.cmp(&b.node))
		}),
		"node" => nodes.sort_by_key(|n| n.node),
		_ => nodes.sort_by(|a, b| {
			b.uptime
				.unwrap_or(-1.0)
				.total_cmp(&a.uptime.unwrap_or(-1.0))
				.then(b.healthy_blocks.cmp(&a.healthy_blocks))
				.then(a.node.cmp(&b.node))
		}),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_filters_are_checked() {
		let q = |pairs: &[(&str, &str)]| {
			let mut query = FinderQuery::default();
			for (k, v) in pairs {
				let v = Some(v.to_string());
				match *k {
					"disk" => query.disk = v,
					"size" => query.size = v,
					"min_uptime" => query.min_uptime = v,
					"days" => query.days = v,
					"sort" => query.sort = v,
					"limit" => query.limit = v,
					_ => query.farm = v,
				}
			}
			query.filters()
		};
		let ok =
			q(&[("disk", "SSD"), ("size", "100GiB"), ("min_uptime", "99"), ("days", "7")]).unwrap();
		assert_eq!(
			(ok.disk.as_deref(), ok.size, ok.min_uptime, ok.days),
			(Some("ssd"), 100, Some(99.0), 7)
		);
		for bad in [
			&[("disk", "nvme")][..],
			&[("size", "100")],
			&[("min_uptime", "101")],
			&[("days", "31")],
			&[("days", "0")],
			&[("sort", "random")],
			&[("limit", "501")],
			&[("farm", "x")],
		] {
			assert!(q(bad).is_err(), "{bad:?}");
		}
	}

	#[test]
	fn a_window_starts_at_a_mark_at_least_its_days_back() {
		// 3 s blocks: 28,800 a day.
		assert_eq!(window_bucket(100, 1, 3_000), 0);
		let bucket = window_bucket(100_000, 1, 3_000);
		assert!(bucket * MARK_BLOCKS <= 100_001 - 28_800);
		assert!(bucket * MARK_BLOCKS > 100_001 - 28_800 - MARK_BLOCKS);
	}

	/// The marks pruned at a mark's block are older than any window's first, asked at that
	/// block or later, at any block time.
	#[test]
	fn pruned_marks_are_older_than_every_window() {
		for block_ms in [500, 3_000, 6_000, 60_000] {
			for pruned_at in (0..5_000_000u64).step_by(MARK_BLOCKS as usize * 97) {
				let before = window_bucket(pruned_at, MARKS_KEPT_DAYS, block_ms);
				for later in [pruned_at, pruned_at + 1, pruned_at + 1_000_000] {
					for days in 1..=MAX_DAYS {
						assert!(window_bucket(later, days, block_ms) >= before);
					}
				}
			}
		}
	}
}
