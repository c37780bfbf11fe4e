//! The node finder's tables: each node's capacity and reservations, and its health record as
//! running totals with marks at every [`MARK_BLOCKS`] boundary, kept as blocks are written.

use super::{big, int, Store};
use sqlx::{AnyPool, Row as _};

/// The blocks between two marks: a window's start is rounded down to a multiple of it.
pub const MARK_BLOCKS: i64 = 600;

/// Blocks of a node's health: healthy, down, of unknown health.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HealthTotals {
	pub healthy: i64,
	pub down: i64,
	pub unknown: i64,
}

impl HealthTotals {
	fn add(&mut self, blocks: i64, healthy: bool, down: bool) {
		let total = if healthy {
			&mut self.healthy
		} else if down {
			&mut self.down
		} else {
			&mut self.unknown
		};
		*total = total.saturating_add(blocks.max(0));
	}
}

/// Records a period `[from, to)` of a node's health: a mark at every boundary in `[from, to]`
/// (the totals over the blocks before it), then the totals. A node the index does not hold
/// (none: genesis nodes are rows too) is skipped.
pub(super) async fn record_health(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	node: u32,
	from: u32,
	to: u32,
	healthy: bool,
	down: bool,
) -> Result<(), sqlx::Error> {
	let Some(row) =
		sqlx::query("SELECT healthy_blocks, down_blocks, unknown_blocks FROM nodes WHERE id = $1")
			.bind(int(node))
			.fetch_optional(&mut **tx)
			.await?
	else {
		return Ok(());
	};
	let mut totals =
		HealthTotals { healthy: row.try_get(0)?, down: row.try_get(1)?, unknown: row.try_get(2)? };
	let (from, to) = (i64::from(from), i64::from(to));
	let first_mark = (from + MARK_BLOCKS - 1) / MARK_BLOCKS;
	for bucket in first_mark..=to / MARK_BLOCKS {
		let mut at_mark = totals;
		at_mark.add(bucket * MARK_BLOCKS - from, healthy, down);
		sqlx::query(
			"INSERT INTO node_health_marks (node, bucket, healthy_blocks, down_blocks, unknown_blocks)
			 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (node, bucket) DO NOTHING",
		)
		.bind(int(node))
		.bind(bucket)
		.bind(at_mark.healthy)
		.bind(at_mark.down)
		.bind(at_mark.unknown)
		.execute(&mut **tx)
		.await?;
	}
	totals.add(to - from, healthy, down);
	sqlx::query(
		"UPDATE nodes SET healthy_blocks = $1, down_blocks = $2, unknown_blocks = $3,
		 first_recorded = COALESCE(first_recorded, $4), recorded_until = $5 WHERE id = $6",
	)
	.bind(totals.healthy)
	.bind(totals.down)
	.bind(totals.unknown)
	.bind(from)
	.bind(to)
	.bind(int(node))
	.execute(&mut **tx)
	.await?;
	Ok(())
}

/// Moves what node `node` reserves of `disk` by `gib` (negative: released).
pub(super) async fn reserve(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	node: i64,
	disk: &str,
	gib: i64,
) -> Result<(), sqlx::Error> {
	let column = if disk == "hdd" { "hdd_reserved" } else { "ssd_reserved" };
	let statement = format!("UPDATE nodes SET {column} = {column} + $1 WHERE id = $2");
	sqlx::query(&statement).bind(gib).bind(node).execute(&mut **tx).await?;
	Ok(())
}

/// The farm prices of a row's five columns from `first` (SSD, HDD, the rise's SSD and HDD, the
/// rise's block), all NULL for a farm without prices.
fn farm_prices(row: &sqlx::any::AnyRow, first: usize) -> Result<Option<FarmPrices>, sqlx::Error> {
	let planck = |i: usize| -> Result<Option<u128>, sqlx::Error> {
		let text: Option<String> = row.try_get(first + i)?;
		text.map(|t| t.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
	};
	let (Some(ssd), Some(hdd)) = (planck(0)?, planck(1)?) else {
		return Ok(None);
	};
	let rise = match (planck(2)?, planck(3)?, row.try_get::<Option<i64>, _>(first + 4)?) {
		(Some(ssd), Some(hdd), Some(from)) => Some(((ssd, hdd), from)),
		_ => None,
	};
	Ok(Some(FarmPrices { prices: (ssd, hdd), rise }))
}

/// A node as the finder reads it.
#[derive(Debug, Clone)]
pub struct NodeRecord {
	pub node: i64,
	pub farm: i64,
	pub farm_name: String,
	pub ssd_gib: Option<i64>,
	pub hdd_gib: Option<i64>,
	pub ssd_reserved: i64,
	pub hdd_reserved: i64,
	/// Its health recorded inside the window.
	pub window: HealthTotals,
	/// The block its health is recorded up to.
	pub recorded_until: Option<i64>,
	/// Its farm's own prices, if it set any.
	pub prices: Option<FarmPrices>,
}

/// A farm's own prices per GiB and block, (SSD, HDD) in planck, and a rise to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FarmPrices {
	pub prices: (u128, u128),
	/// Higher prices, and the first block they apply at.
	pub rise: Option<((u128, u128), i64)>,
}

impl FarmPrices {
	/// The prices in force at `block`.
	pub fn at(&self, block: i64) -> (u128, u128) {
		match self.rise {
			Some((prices, from)) if from <= block => prices,
			_ => self.prices,
		}
	}
}

impl Store {
	/// Drops every node's marks before `bucket`, which no window reads any more: how many.
	pub async fn prune_health_marks(&self, bucket: i64) -> Result<u64, sqlx::Error> {
		let done = sqlx::query("DELETE FROM node_health_marks WHERE bucket < $1")
			.bind(bucket)
			.execute(&self.writer)
			.await?;
		Ok(done.rows_affected())
	}

	/// Every node not removed (of `farm`, if given), with its health recorded since the mark
	/// `bucket` (`bucket * MARK_BLOCKS`).
	pub async fn nodes_for_finder(
		&self,
		farm: Option<i64>,
		bucket: i64,
	) -> Result<Vec<NodeRecord>, sqlx::Error> {
		let start = bucket.saturating_mul(MARK_BLOCKS);
		sqlx::query(
			"SELECT n.id, n.farm, COALESCE(f.name, ''), n.ssd_gib, n.hdd_gib, n.ssd_reserved,
			 n.hdd_reserved, n.healthy_blocks, n.down_blocks, n.unknown_blocks, n.first_recorded,
			 n.recorded_until, m.healthy_blocks, m.down_blocks, m.unknown_blocks,
			 p.ssd, p.hdd, p.rise_ssd, p.rise_hdd, p.rise_from
			 FROM nodes n LEFT JOIN farms f ON f.id = n.farm
			 LEFT JOIN node_health_marks m ON m.node = n.id AND m.bucket = $1
			 LEFT JOIN farm_prices p ON p.farm = n.farm
			 WHERE n.removed_block IS NULL AND ($2 IS NULL OR n.farm = $2) ORDER BY n.id",
		)
		.bind(bucket)
		.bind(farm)
		.fetch_all(&self.readers)
		.await?
		.into_iter()
		.map(|r| {
			let totals = HealthTotals {
				healthy: r.try_get(7)?,
				down: r.try_get(8)?,
				unknown: r.try_get(9)?,
			};
			let first: Option<i64> = r.try_get(10)?;
			let until: Option<i64> = r.try_get(11)?;
			let mark = HealthTotals {
				healthy: r.try_get::<Option<i64>, _>(12)?.unwrap_or(0),
				down: r.try_get::<Option<i64>, _>(13)?.unwrap_or(0),
				unknown: r.try_get::<Option<i64>, _>(14)?.unwrap_or(0),
			};
			let window = match (first, until) {
				(Some(_), Some(until)) if until <= start => HealthTotals::default(),
				(Some(first), Some(_)) if first >= start => totals,
				(Some(_), Some(_)) => HealthTotals {
					healthy: totals.healthy - mark.healthy,
					down: totals.down - mark.down,
					unknown: totals.unknown - mark.unknown,
				},
				_ => HealthTotals::default(),
			};
			Ok(NodeRecord {
				node: r.try_get(0)?,
				farm: r.try_get(1)?,
				farm_name: r.try_get(2)?,
				ssd_gib: r.try_get(3)?,
				hdd_gib: r.try_get(4)?,
				ssd_reserved: r.try_get(5)?,
				hdd_reserved: r.try_get(6)?,
				window,
				recorded_until: until,
				prices: farm_prices(&r, 15)?,
			})
		})
		.collect()
	}

	/// Nodes whose capacity the index lacks (indexed before it kept capacities).
	pub async fn nodes_without_capacity(&self) -> Result<Vec<u32>, sqlx::Error> {
		sqlx::query("SELECT id FROM nodes WHERE ssd_gib IS NULL AND removed_block IS NULL")
			.fetch_all(&self.writer)
			.await?
			.into_iter()
			.map(|r| Ok(u32::try_from(r.try_get::<i64, _>(0)?).unwrap_or(0)))
			.collect()
	}

	/// Sets a node's capacity, as the chain has it now.
	pub async fn set_capacity(
		&self,
		node: u32,
		ssd_gib: u64,
		hdd_gib: u64,
	) -> Result<(), sqlx::Error> {
		sqlx::query(
			"UPDATE nodes SET ssd_gib = $1, hdd_gib = $2 WHERE id = $3 AND ssd_gib IS NULL",
		)
		.bind(big(ssd_gib))
		.bind(big(hdd_gib))
		.bind(int(node))
		.execute(&self.writer)
		.await?;
		Ok(())
	}
}

/// For a database made before the node finder: the nodes' health totals and marks from
/// their health rows, in the order the periods were recorded. Does nothing when every node
/// with health rows has totals.
pub(super) async fn rebuild_health_totals(writer: &AnyPool) -> Result<(), sqlx::Error> {
	let missing = sqlx::query(
		"SELECT COUNT(*) FROM nodes n WHERE n.recorded_until IS NULL
		 AND EXISTS (SELECT 1 FROM health h WHERE h.node = n.id)",
	)
	.fetch_one(writer)
	.await?
	.try_get::<i64, _>(0)?;
	if missing == 0 {
		return Ok(());
	}
	log::info!("the node finder: totals of {missing} nodes from their health rows");
	let mut tx = writer.begin().await?;
	sqlx::query("DELETE FROM node_health_marks").execute(&mut *tx).await?;
	sqlx::query(
		"UPDATE nodes SET healthy_blocks = 0, down_blocks = 0, unknown_blocks = 0,
		 first_recorded = NULL, recorded_until = NULL",
	)
	.execute(&mut *tx)
	.await?;
	let rows = sqlx::query(
		"SELECT node, from_block, to_block, healthy, down FROM health
		 ORDER BY block, event_index",
	)
	.fetch_all(&mut *tx)
	.await?;
	for r in rows {
		let number = |i: usize| -> Result<u32, sqlx::Error> {
			Ok(u32::try_from(r.try_get::<i64, _>(i)?).unwrap_or(0))
		};
		let (healthy, down) = (r.try_get::<i64, _>(3)? != 0, r.try_get::<i64, _>(4)? != 0);
		record_health(&mut tx, number(0)?, number(1)?, number(2)?, healthy, down).await?;
	}
	tx.commit().await
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{decode::Row, store::IndexedBlock};

	/// What live contracts reserve: each creation adds its size to its node's disk, in blocks of
	/// several creations too; an end gives it back.
	#[tokio::test]
	async fn contracts_reserve_their_nodes_space_until_they_end() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-reserve-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}", dir.join("index.db").display());
		let store = Store::open(&url).await.unwrap();
		store.resume("0xgenesis").await.unwrap();
		let created = |contract: u64, node: u32, size_gib: u64, disk: &str| Row::ContractCreated {
			contract,
			owner: "5Owner".into(),
			node,
			size_gib,
			disk: disk.into(),
			rate: 1,
			deposit: 1,
		};
		let block = |number: u32, rows: Vec<Row>| IndexedBlock {
			number,
			hash: format!("0x{number:064x}"),
			time_ms: 1_000,
			rows: rows.into_iter().enumerate().map(|(i, r)| (i as u32, r)).collect(),
		};
		let node = |node| Row::NodeRegistered { node, farm: 0, ssd_gib: 100, hdd_gib: 50 };
		store.write_block(&block(0, vec![node(1), node(2)])).await.unwrap();
		store
			.write_block(&block(
				1,
				vec![
					created(0, 1, 5, "ssd"),
					created(1, 1, 10, "ssd"),
					created(2, 1, 4, "hdd"),
					created(3, 2, 7, "ssd"),
				],
			))
			.await
			.unwrap();
		let ended = Row::ContractDeleted { contract: 1, at: 2, reason: "cancelled".into() };
		store.write_block(&block(2, vec![ended, created(4, 1, 1, "ssd")])).await.unwrap();
		let nodes = store.nodes_for_finder(None, 0).await.unwrap();
		let reserved: Vec<(i64, i64, i64)> =
			nodes.iter().map(|n| (n.node, n.ssd_reserved, n.hdd_reserved)).collect();
		assert_eq!(reserved, [(1, 5 + 1, 4), (2, 7, 0)]);
		let _ = std::fs::remove_dir_all(&dir);
	}

	/// The totals over every window equal the periods' blocks inside it, counted one by one:
	/// periods long and short, crossing marks or ending on them, healthy, down and unknown.
	#[tokio::test]
	async fn a_windows_totals_are_the_blocks_recorded_inside_it() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-finder-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}", dir.join("index.db").display());
		let store = Store::open(&url).await.unwrap();
		store.resume("0xgenesis").await.unwrap();
		let registered = Row::NodeRegistered { node: 7, farm: 0, ssd_gib: 100, hdd_gib: 0 };
		let block = |number: u32, rows: Vec<Row>| IndexedBlock {
			number,
			hash: format!("0x{number:064x}"),
			time_ms: 1_000,
			rows: rows.into_iter().enumerate().map(|(i, r)| (i as u32, r)).collect(),
		};
		store.write_block(&block(0, vec![registered])).await.unwrap();
		// (from, to, healthy, down), contiguous from block 250.
		let mut periods = Vec::new();
		let mut from = 250u32;
		for (i, length) in [50u32, 300, 900, 1, 599, 600, 1_200, 17, 2_000, 33].iter().enumerate() {
			let (healthy, down) = match i % 3 {
				0 => (true, false),
				1 => (false, true),
				_ => (false, false),
			};
			periods.push((from, from + length, healthy, down));
			from += length;
		}
		for (i, (from, to, healthy, down)) in periods.iter().enumerate() {
			let health = Row::Health {
				node: 7,
				from: *from,
				to: *to,
				healthy: *healthy,
				down: *down,
				report: String::new(),
			};
			store.write_block(&block(i as u32 + 1, vec![health])).await.unwrap();
		}
		let last_bucket = from as i64 / MARK_BLOCKS + 1;
		let check = |first_bucket: i64| {
			let store = &store;
			let periods = &periods;
			async move {
				for bucket in first_bucket..=last_bucket {
					let start = bucket * MARK_BLOCKS;
					let mut expected = HealthTotals::default();
					for (from, to, healthy, down) in periods {
						for b in *from as i64..*to as i64 {
							if b >= start {
								expected.add(1, *healthy, *down);
							}
						}
					}
					let found = store.nodes_for_finder(None, bucket).await.unwrap();
					assert_eq!(found.len(), 1);
					assert_eq!(found[0].window, expected, "from mark {bucket} (block {start})");
				}
			}
		};
		check(0).await;
		// Dropping the marks before bucket 4 (node 7's first is 1: it was recorded from block
		// 250) changes no window that starts at or after it.
		assert_eq!(store.prune_health_marks(4).await.unwrap(), 3);
		check(4).await;
		let _ = std::fs::remove_dir_all(&dir);
	}
}
