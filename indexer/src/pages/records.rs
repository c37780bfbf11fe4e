//! `/block?number=` and `/report?id=`: what the index holds of one block, and what was
//! recorded on one node report (the charges made on it, the health periods it confirmed).

use super::{card, page, parse_amount, short, tokens, utc, PAGE_ROWS};
use crate::api::{self, ApiError, AppState};
use axum::extract::{Query, State};
use maud::{html, Markup};
use serde::Deserialize;
use sqlx::Row as _;

#[derive(Deserialize)]
pub struct BlockQuery {
	pub number: String,
}

/// `/block?number=`: what the index holds of one block: its hash and time, the charges, health
/// periods and verdicts recorded in it.
pub async fn block(
	State(state): State<AppState>,
	Query(query): Query<BlockQuery>,
) -> Result<Markup, ApiError> {
	let number = api::number(query.number.trim(), "block number")?;
	let pool = state.store.pool();
	let row = sqlx::query("SELECT hash, time_ms FROM blocks WHERE number = $1")
		.bind(number)
		.fetch_optional(pool)
		.await?
		.ok_or_else(|| ApiError::not_found(format!("block {number} is not in the index")))?;
	let (hash, time): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
	let charges = charges_of(&state, &Key::Block(number)).await?;
	let periods = periods_of(&state, &Key::Block(number)).await?;
	let body = html! {
		div {
			(card("hash", short(&hash), "hash"))
			(card("time", utc(time), "time"))
		}
		p.muted { code { (hash) } }
		h2 { "Charges" }
		(charges_table(&state, &charges))
		h2 { "Health recorded" }
		(periods_table(&periods))
	};
	Ok(page(&format!("Block {number}"), body))
}

#[derive(Deserialize)]
pub struct ReportQuery {
	pub hash: String,
}

/// `/report?hash=`: a node's signed report as the chain used it: the health periods recorded on
/// it and the charges made on it.
pub async fn report(
	State(state): State<AppState>,
	Query(query): Query<ReportQuery>,
) -> Result<Markup, ApiError> {
	let hash = query.hash.trim().to_lowercase();
	let well_formed = hash.len() == 66
		&& hash.starts_with("0x")
		&& hash[2..].bytes().all(|b| b.is_ascii_hexdigit());
	if !well_formed {
		return Err(ApiError::bad_request(format!(
			"not a report hash (0x and 64 hex digits): {}",
			query.hash
		)));
	}
	let key = Key::Report(hash.clone());
	let charges = charges_of(&state, &key).await?;
	let periods = periods_of(&state, &key).await?;
	if charges.is_empty() && periods.is_empty() {
		return Err(ApiError::not_found(format!("no report {hash} in the index")));
	}
	let body = html! {
		p { code { (hash) } }
		h2 { "Health recorded on it" }
		(periods_table(&periods))
		h2 { "Charges made on it" }
		(charges_table(&state, &charges))
	};
	Ok(page("Report", body))
}

/// A charge row: block, time, contract, amount, blocks billed, report.
type ChargeRow = (i64, i64, i64, String, i64, Option<String>);

/// What a block's or a report's page lists rows of.
enum Key {
	Block(i64),
	Report(String),
}

impl Key {
	/// The condition on the row's column `block` or `report`, and the bound value.
	fn condition<'q>(
		&self,
		sql: &'q str,
	) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
		match self {
			Key::Block(number) => sqlx::query(sql).bind(*number),
			Key::Report(hash) => sqlx::query(sql).bind(hash.clone()),
		}
	}

	fn column(&self) -> &'static str {
		match self {
			Key::Block(_) => "block",
			Key::Report(_) => "report",
		}
	}
}

/// The charges of a block or made on a report (the first 500, [`PAGE_ROWS`]).
async fn charges_of(state: &AppState, key: &Key) -> Result<Vec<ChargeRow>, ApiError> {
	let sql = format!(
		"SELECT c.block, b.time_ms, c.contract, c.amount, c.billed_blocks, c.report FROM charges c
		 JOIN blocks b ON b.number = c.block WHERE c.{} = $1 ORDER BY c.block, c.event_index LIMIT {PAGE_ROWS}",
		key.column()
	);
	let query = key.condition(&sql);
	Ok(query
		.fetch_all(state.store.pool())
		.await?
		.into_iter()
		.map(|r| {
			Ok((
				r.try_get(0)?,
				r.try_get(1)?,
				r.try_get(2)?,
				r.try_get(3)?,
				r.try_get(4)?,
				r.try_get(5)?,
			))
		})
		.collect::<Result<_, sqlx::Error>>()?)
}

/// A health row: recorded in block, node, from, to, healthy, down, report.
type PeriodRow = (i64, i64, i64, i64, bool, bool, String);

/// The health periods recorded in a block or on a report (the first 500, [`PAGE_ROWS`]).
async fn periods_of(state: &AppState, key: &Key) -> Result<Vec<PeriodRow>, ApiError> {
	let sql = format!(
		"SELECT block, node, from_block, to_block, healthy, down, report FROM health
		 WHERE {} = $1 ORDER BY block, event_index LIMIT {PAGE_ROWS}",
		key.column()
	);
	let query = key.condition(&sql);
	Ok(query
		.fetch_all(state.store.pool())
		.await?
		.into_iter()
		.map(|r| {
			Ok((
				r.try_get(0)?,
				r.try_get(1)?,
				r.try_get(2)?,
				r.try_get(3)?,
				r.try_get::<i64, _>(4)? != 0,
				r.try_get::<i64, _>(5)? != 0,
				r.try_get(6)?,
			))
		})
		.collect::<Result<_, sqlx::Error>>()?)
}

fn charges_table(state: &AppState, charges: &[ChargeRow]) -> Markup {
	html! {
		table.charges {
			tr { th { "block" } th { "time" } th { "contract" } th { "charged" } th { "blocks billed" } th { "report" } }
			@for (block, time, contract, amount, billed, report) in charges {
				tr {
					td { a href=(format!("/block?number={block}")) { (block) } }
					td { (utc(*time)) }
					td { a href=(format!("/contract?id={contract}")) { (contract) } }
					td { (tokens(state, parse_amount(amount))) }
					td { (billed) }
					td {
						@if let Some(report) = report {
							a href=(format!("/report?hash={report}")) { code { (short(report)) } }
						} @else { "-" }
					}
				}
			}
		}
	}
}

fn periods_table(periods: &[PeriodRow]) -> Markup {
	html! {
		table.periods {
			tr { th { "recorded in" } th { "node" } th { "blocks" } th { "verdict" } th { "report" } }
			@for (block, node, from, to, healthy, down, report) in periods {
				tr {
					td { a href=(format!("/block?number={block}")) { (block) } }
					td { (node) }
					td { (from) "–" (to) }
					td { @if *healthy { "healthy" } @else if *down { "down" } @else { "no report" } }
					td { a href=(format!("/report?hash={report}")) { code { (short(report)) } } }
				}
			}
		}
	}
}
