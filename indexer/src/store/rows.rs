//! Each row of a block written to its table, and the running totals it moves.

use super::{big, int};
use crate::decode::{FundsKind, Row};
use sqlx::Row as _;

pub(super) async fn write_row(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	block: i64,
	index: i64,
	row: &Row,
) -> Result<(), sqlx::Error> {
	if let Row::Alert(alert) = row {
		return super::alerts::write_alert(tx, block, index, alert).await;
	}
	let statement = match row {
		Row::Alert(_) => return Ok(()),
		Row::FarmCreated { farm, owner, name, payout_account } => sqlx::query(
			"INSERT INTO farms (id, owner, name, payout_account, created_block, paid)
			 VALUES ($1, $2, $3, $4, $5, '0')",
		)
		.bind(int(*farm))
		.bind(owner.clone())
		.bind(name.clone())
		.bind(payout_account.clone())
		.bind(block),
		Row::NodeRegistered { node, farm, ssd_gib, hdd_gib } => sqlx::query(
			"INSERT INTO nodes (id, farm, registered_block, ssd_gib, hdd_gib) VALUES ($1, $2, $3, $4, $5)",
		)
		.bind(int(*node))
		.bind(int(*farm))
		.bind(block)
		.bind(big(*ssd_gib))
		.bind(big(*hdd_gib)),
		Row::NodeCapacityChanged { node, ssd_gib, hdd_gib } => {
			sqlx::query("UPDATE nodes SET ssd_gib = $1, hdd_gib = $2 WHERE id = $3")
				.bind(big(*ssd_gib))
				.bind(big(*hdd_gib))
				.bind(int(*node))
		},
		Row::FarmPricesSet { farm, prices, from, until_then } => {
			// A rise waits for its block; prices that apply at once leave no rise.
			let rise = (i64::from(*from) > block).then_some(*prices);
			sqlx::query(
				"INSERT INTO farm_prices (farm, ssd, hdd, rise_ssd, rise_hdd, rise_from, set_block)
				 VALUES ($1, $2, $3, $4, $5, $6, $7)
				 ON CONFLICT (farm) DO UPDATE SET ssd = $2, hdd = $3, rise_ssd = $4, rise_hdd = $5,
				 rise_from = $6, set_block = $7",
			)
			.bind(int(*farm))
			.bind(until_then.0.to_string())
			.bind(until_then.1.to_string())
			.bind(rise.map(|p| p.0.to_string()))
			.bind(rise.map(|p| p.1.to_string()))
			.bind(rise.map(|_| i64::from(*from)))
			.bind(block)
		},
		Row::NodeRemoved { node } => sqlx::query("UPDATE nodes SET removed_block = $1 WHERE id = $2")
			.bind(block)
			.bind(int(*node)),
		Row::ContractCreated { contract, owner, node, size_gib, disk, rate, deposit } => sqlx::query(
			"INSERT INTO contracts (id, owner, node, size_gib, disk, rate, deposit, created_block,
			 charged, topped_up, refunded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '0', '0', '0')",
		)
		.bind(big(*contract))
		.bind(owner.clone())
		.bind(int(*node))
		.bind(big(*size_gib))
		.bind(disk.clone())
		.bind(rate.to_string())
		.bind(deposit.to_string())
		.bind(block),
		Row::ContractDeployed { contract, at, report } => {
			sqlx::query("UPDATE contracts SET deployed_at = $1, deployed_report = $2 WHERE id = $3")
				.bind(int(*at))
				.bind(report.clone())
				.bind(big(*contract))
		},
		Row::Charged { contract, amount, billed_blocks, report } => sqlx::query(
			"INSERT INTO charges (block, event_index, contract, amount, billed_blocks, report)
			 VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(big(*contract))
		.bind(amount.to_string())
		.bind(big(*billed_blocks))
		.bind(report.clone()),
		Row::Funds { contract, kind, account, amount } => sqlx::query(
			"INSERT INTO funds (block, event_index, contract, kind, account, amount)
			 VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(big(*contract))
		.bind(kind.name())
		.bind(account.clone())
		.bind(amount.to_string()),
		Row::ContractDeleted { contract, at, reason } => {
			sqlx::query("UPDATE contracts SET ended_at = $1, end_reason = $2 WHERE id = $3")
				.bind(int(*at))
				.bind(reason.clone())
				.bind(big(*contract))
		},
		Row::ContractClosed { contract, charged, owed } => {
			sqlx::query("UPDATE contracts SET closed_charged = $1, closed_owed = $2 WHERE id = $3")
				.bind(charged.to_string())
				.bind(owed.to_string())
				.bind(big(*contract))
		},
		Row::Health { node, from, to, healthy, down, report } => sqlx::query(
			"INSERT INTO health (block, event_index, node, from_block, to_block, healthy, down, report)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		)
		.bind(block)
		.bind(index)
		.bind(int(*node))
		.bind(int(*from))
		.bind(int(*to))
		.bind(i64::from(*healthy))
		.bind(i64::from(*down))
		.bind(report.clone()),
		Row::Verdict { node, kind, authority, cause, at } => sqlx::query(
			"INSERT INTO verdicts (block, event_index, node, kind, authority, cause, at_block)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)",
		)
		.bind(block)
		.bind(index)
		.bind(int(*node))
		.bind(kind.name())
		.bind(authority.clone())
		.bind(cause.clone())
		.bind(int(*at)),
		Row::FarmPaid { farm, to, amount } => sqlx::query(
			"INSERT INTO payouts (block, event_index, farm, account, amount) VALUES ($1, $2, $3, $4, $5)",
		)
		.bind(block)
		.bind(index)
		.bind(Some(int(*farm)))
		.bind(to.clone())
		.bind(amount.to_string()),
		Row::TreasuryPaid { to, amount } => sqlx::query(
			"INSERT INTO payouts (block, event_index, farm, account, amount) VALUES ($1, $2, $3, $4, $5)",
		)
		.bind(block)
		.bind(index)
		.bind(None::<i64>)
		.bind(to.clone())
		.bind(amount.to_string()),
		Row::Motion { hash, kind, account, detail } => sqlx::query(
			"INSERT INTO motions (block, event_index, hash, kind, account, detail) VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(hash.clone())
		.bind(*kind)
		.bind(account.clone())
		.bind(detail.clone()),
	};
	statement.execute(&mut **tx).await?;
	// The node finder's figures.
	match row {
		Row::Health { node, from, to, healthy, down, .. } => {
			super::finder::record_health(tx, *node, *from, *to, *healthy, *down).await?
		},
		Row::ContractDeleted { contract, .. } => {
			let volume = sqlx::query("SELECT node, disk, size_gib FROM contracts WHERE id = $1")
				.bind(big(*contract))
				.fetch_optional(&mut **tx)
				.await?;
			if let Some(volume) = volume {
				let (node, disk, size): (i64, String, i64) =
					(volume.try_get(0)?, volume.try_get(1)?, volume.try_get(2)?);
				super::finder::reserve(tx, node, &disk, -size).await?
			}
		},
		_ => {},
	}
	// Running totals, so that no reader sums a long history.
	let total = match row {
		Row::Charged { contract, amount, .. } => Some(("contracts", *contract, "charged", *amount)),
		Row::Funds { contract, kind: FundsKind::TopUp, amount, .. } => {
			Some(("contracts", *contract, "topped_up", *amount))
		},
		Row::Funds { contract, kind: FundsKind::Refund, amount, .. } => {
			Some(("contracts", *contract, "refunded", *amount))
		},
		Row::FarmPaid { farm, amount, .. } => Some(("farms", u64::from(*farm), "paid", *amount)),
		_ => None,
	};
	if let Some((table, id, column, amount)) = total {
		add_to_total(tx, table, id, column, amount).await?;
	}
	Ok(())
}

/// Adds `amount` to the running total `column` of row `id` of `table` (names of this file's,
/// never of input).
async fn add_to_total(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	table: &'static str,
	id: u64,
	column: &'static str,
	amount: u128,
) -> Result<(), sqlx::Error> {
	let read = format!("SELECT {column} FROM {table} WHERE id = $1");
	let Some(row) = sqlx::query(&read).bind(big(id)).fetch_optional(&mut **tx).await? else {
		log::warn!("{table} {id}: money moved for a row the index does not hold");
		return Ok(());
	};
	let before: String = row.try_get(0)?;
	// A total that is not a number was not written by this indexer: stop rather than restart
	// it from zero.
	let before = before.parse::<u128>().map_err(|e| {
		sqlx::Error::Decode(format!("{table} {id}: {column} is not an amount: {e}").into())
	})?;
	let after = before.saturating_add(amount);
	let write = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
	sqlx::query(&write).bind(after.to_string()).bind(big(id)).execute(&mut **tx).await?;
	Ok(())
}
