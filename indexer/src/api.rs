//! The HTTP API over the index: JSON for scripts and the CLI, CSV for a farm's statement; and
//! the router of every module's routes and the dashboard's pages.
//! Errors are JSON `{"error": "..."}` with 400 (bad input), 404 (unknown) or 503 (database).

pub use crate::live::{AppState, LIVE_CONNECTIONS};
use crate::{pages, periods};
use axum::{
	extract::{Path, Query, State},
	http::{header, StatusCode},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use chrono::{NaiveDate, NaiveTime};
use sc4it_client::indexer_api::{
	Charge, ContractHistory, FarmStatement, HealthPeriod, Movement, Payout,
};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row as _;

/// The API's routes and the dashboard's pages.
pub fn router(state: AppState) -> Router {
	Router::new()
		.route("/", get(pages::home))
		.route("/contract", get(pages::contract))
		.route("/farm", get(pages::farm))
		.route("/user", get(pages::user))
		.route("/network", get(pages::network))
		.route("/block", get(pages::block))
		.route("/report", get(pages::report))
		.route("/api/status", get(status))
		.route("/api/contracts/{id}", get(contract))
		.route("/api/farms/{id}/statement", get(statement))
		.route("/api/nodes/{id}/health", get(node_health))
		.merge(crate::alerts::router())
		.merge(crate::statements::router())
		.merge(crate::finder::router())
		.route("/nodes", get(pages::nodes))
		.with_state(state)
}

/// A failed request: its status and message.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		(self.0, Json(json!({ "error": self.1 }))).into_response()
	}
}

impl From<sqlx::Error> for ApiError {
	fn from(e: sqlx::Error) -> Self {
		// The detail is the operator's (the log), not the visitor's.
		log::warn!("api: database: {e}");
		ApiError(StatusCode::SERVICE_UNAVAILABLE, "the index's database failed a read".into())
	}
}

impl ApiError {
	/// A failure with `status`.
	pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
		ApiError(status, message.into())
	}

	/// Not possible yet: 503.
	pub fn unavailable(message: impl Into<String>) -> ApiError {
		ApiError(StatusCode::SERVICE_UNAVAILABLE, message.into())
	}

	/// Bad input: 400.
	pub fn bad_request(message: impl Into<String>) -> ApiError {
		ApiError(StatusCode::BAD_REQUEST, message.into())
	}

	/// Nothing of that id: 404.
	pub fn not_found(message: impl Into<String>) -> ApiError {
		ApiError(StatusCode::NOT_FOUND, message.into())
	}
}

/// An id or a block number as given in a path or a query: `what` names it in the error.
pub fn number(text: &str, what: &str) -> Result<i64, ApiError> {
	text.parse().map_err(|_| bad_request(format!("not a {what}: {text}")))
}

fn bad_request(message: impl Into<String>) -> ApiError {
	ApiError::bad_request(message)
}

fn not_found(message: impl Into<String>) -> ApiError {
	ApiError::not_found(message)
}

async fn status(State(state): State<AppState>) -> Json<serde_json::Value> {
	let progress = state.progress();
	Json(json!({
		"indexed": progress.indexed,
		"finalized": progress.finalized,
		"behind": progress.behind(),
		"blocks_per_second": progress.blocks_per_second,
	}))
}

/// An SS58 account as given in a path or a query, in its canonical text.
pub fn account_id(text: &str) -> Result<String, ApiError> {
	let text = text.trim();
	text.parse::<sc4it_client::AccountId>()
		.map(|account| account.to_string())
		.map_err(|_| bad_request(format!("not an SS58 account: {text}")))
}

/// An amount stored as decimal text.
pub fn amount(text: &str) -> Result<u128, ApiError> {
	text.parse().map_err(|_| {
		ApiError(
			StatusCode::INTERNAL_SERVER_ERROR,
			format!("a stored amount is not a number: {text}"),
		)
	})
}

/// The last `rows` charges of contract `id`, oldest first.
pub async fn recent_charges(state: &AppState, id: i64, rows: i64) -> Result<Vec<Charge>, ApiError> {
	let mut charges: Vec<Charge> = sqlx::query(
		"SELECT c.block, b.time_ms, c.amount, c.billed_blocks, c.report
		 FROM charges c JOIN blocks b ON b.number = c.block
		 WHERE c.contract = $1 ORDER BY c.block DESC, c.event_index DESC LIMIT $2",
	)
	.bind(id)
	.bind(rows)
	.fetch_all(state.store.pool())
	.await?
	.into_iter()
	.map(|r| {
		Ok(Charge {
			block: r.try_get(0)?,
			time_ms: r.try_get(1)?,
			amount: r.try_get(2)?,
			billed_blocks: r.try_get(3)?,
			report: r.try_get(4)?,
		})
	})
	.collect::<Result<_, sqlx::Error>>()?;
	charges.reverse();
	Ok(charges)
}

/// How many of a history's rows an answer holds: `?limit=`, at most [`MAX_ROWS`].
#[derive(Debug, Deserialize)]
pub struct LimitQuery {
	pub limit: Option<String>,
}

/// Rows an answer holds unless asked for fewer or more.
const DEFAULT_ROWS: i64 = 1_000;
/// The most rows an answer holds.
pub const MAX_ROWS: i64 = 10_000;

impl LimitQuery {
	/// The rows asked for: [`DEFAULT_ROWS`] unless `?limit=` says otherwise.
	pub fn rows(&self) -> Result<i64, ApiError> {
		match self.limit.as_deref() {
			None => Ok(DEFAULT_ROWS),
			Some(text) => match text.parse::<i64>() {
				Ok(rows) if (1..=MAX_ROWS).contains(&rows) => Ok(rows),
				_ => Err(bad_request(format!("limit must be 1 to {MAX_ROWS}: {text}"))),
			},
		}
	}
}

async fn contract(
	State(state): State<AppState>,
	Path(id): Path<String>,
	Query(query): Query<LimitQuery>,
) -> Result<Json<ContractHistory>, ApiError> {
	let id = number(&id, "contract id")?;
	let rows = query.rows()?;
	let pool = state.store.pool();
	let row = sqlx::query(
		"SELECT owner, node, size_gib, disk, rate, deposit, created_block, deployed_at,
		        ended_at, end_reason, closed_charged, closed_owed, charged, topped_up, refunded
		 FROM contracts WHERE id = $1",
	)
	.bind(id)
	.fetch_optional(pool)
	.await?
	.ok_or_else(|| not_found(format!("no contract {id} in the index")))?;
	// The most recent `rows` of each history, in the order they happened.
	let charges = recent_charges(&state, id, rows).await?;
	let mut movements: Vec<Movement> = sqlx::query(
		"SELECT f.block, b.time_ms, f.kind, f.account, f.amount
		 FROM funds f JOIN blocks b ON b.number = f.block
		 WHERE f.contract = $1 ORDER BY f.block DESC, f.event_index DESC LIMIT $2",
	)
	.bind(id)
	.bind(rows)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| {
		Ok(Movement {
			block: r.try_get(0)?,
			time_ms: r.try_get(1)?,
			kind: r.try_get(2)?,
			account: r.try_get(3)?,
			amount: r.try_get(4)?,
		})
	})
	.collect::<Result<_, sqlx::Error>>()?;
	movements.reverse();
	let periods = match billing_of(&row)? {
		Some(billing) => periods::contract_periods(pool, billing, rows).await?,
		None => Vec::new(),
	};
	Ok(Json(ContractHistory {
		id,
		owner: row.try_get(0)?,
		node: row.try_get(1)?,
		size_gib: row.try_get(2)?,
		disk: row.try_get(3)?,
		rate: row.try_get(4)?,
		deposit: row.try_get(5)?,
		created_block: row.try_get(6)?,
		deployed_at: row.try_get(7)?,
		ended_at: row.try_get(8)?,
		end_reason: row.try_get(9)?,
		closed_charged: row.try_get(10)?,
		closed_owed: row.try_get(11)?,
		charged: row.try_get(12)?,
		topped_up: row.try_get(13)?,
		refunded: row.try_get(14)?,
		limit: rows,
		charges,
		movements,
		periods,
	}))
}

/// A contract's billing from its row (`node` at 1, `rate` at 4, `deployed_at` at 7, `ended_at`
/// at 8): none before its deployment.
pub fn billing_of(row: &sqlx::any::AnyRow) -> Result<Option<periods::Billing>, ApiError> {
	let Some(deployed_at) = row.try_get::<Option<i64>, _>(7)? else {
		return Ok(None);
	};
	Ok(Some(periods::Billing {
		node: row.try_get(1)?,
		rate: amount(&row.try_get::<String, _>(4)?)?,
		deployed_at,
		ended_at: row.try_get(8)?,
	}))
}

async fn node_health(
	State(state): State<AppState>,
	Path(node): Path<String>,
	Query(query): Query<LimitQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
	let node = number(&node, "node id")?;
	let rows = query.rows()?;
	let pool = state.store.pool();
	// Nodes of the genesis state were registered by no event: their periods alone show them.
	let farm: Option<i64> = match sqlx::query("SELECT farm FROM nodes WHERE id = $1")
		.bind(node)
		.fetch_optional(pool)
		.await?
	{
		Some(row) => Some(row.try_get(0)?),
		None => None,
	};
	// The most recent `rows` periods, oldest first.
	let mut periods: Vec<HealthPeriod> = sqlx::query(
		"SELECT block, from_block, to_block, healthy, down, report FROM health
		 WHERE node = $1 ORDER BY from_block DESC, block DESC, event_index DESC LIMIT $2",
	)
	.bind(node)
	.bind(rows)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| {
		Ok(HealthPeriod {
			block: r.try_get(0)?,
			from: r.try_get(1)?,
			to: r.try_get(2)?,
			healthy: r.try_get::<i64, _>(3)? != 0,
			down: r.try_get::<i64, _>(4)? != 0,
			report: r.try_get(5)?,
		})
	})
	.collect::<Result<_, sqlx::Error>>()?;
	if farm.is_none() && periods.is_empty() {
		return Err(not_found(format!("no node {node} in the index")));
	}
	periods.reverse();
	Ok(Json(json!({ "node": node, "farm": farm, "limit": rows, "periods": periods })))
}

/// A statement's date range, `from` and `to` inclusive, in UTC.
#[derive(Debug, Deserialize)]
pub struct StatementQuery {
	pub from: String,
	pub to: String,
	pub format: Option<String>,
}

impl StatementQuery {
	/// Whether the answer is CSV (`format=csv`) rather than JSON (no format, or `json`).
	pub fn wants_csv(&self) -> Result<bool, ApiError> {
		match self.format.as_deref() {
			None | Some("json") => Ok(false),
			Some("csv") => Ok(true),
			Some(other) => Err(bad_request(format!("unknown format {other}: json or csv"))),
		}
	}
}

/// A statement's CSV as a download named `filename`.
pub fn csv_response(filename: &str, body: String) -> Response {
	let disposition = format!("attachment; filename=\"{filename}\"");
	(
		[
			(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
			(header::CONTENT_DISPOSITION, disposition),
		],
		body,
	)
		.into_response()
}

/// A block's time in a statement's CSV: RFC 3339 to the second, UTC.
pub fn csv_time(time_ms: i64) -> String {
	chrono::DateTime::from_timestamp_millis(time_ms)
		.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
		.unwrap_or_default()
}

/// The range `[from 00:00, to + 1 day 00:00)` in milliseconds since the epoch.
pub fn date_range(from: &str, to: &str) -> Result<(i64, i64), ApiError> {
	let date = |text: &str| {
		NaiveDate::parse_from_str(text, "%Y-%m-%d")
			.map_err(|_| bad_request(format!("not a date (YYYY-MM-DD): {text}")))
	};
	let (from, to) = (date(from)?, date(to)?);
	if from > to {
		return Err(bad_request(format!("the range ends ({to}) before it starts ({from})")));
	}
	let start = from.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
	let end = to
		.succ_opt()
		.ok_or_else(|| bad_request("the range ends too late"))?
		.and_time(NaiveTime::MIN)
		.and_utc()
		.timestamp_millis();
	Ok((start, end))
}

/// The most payouts one statement lists (a year of hourly payouts is 8,760).
pub const MAX_STATEMENT_ROWS: i64 = 100_000;

async fn statement(
	State(state): State<AppState>,
	Path(farm): Path<String>,
	Query(query): Query<StatementQuery>,
) -> Result<Response, ApiError> {
	let farm = number(&farm, "farm id")?;
	let (start, end) = date_range(&query.from, &query.to)?;
	let csv = query.wants_csv()?;
	let pool = state.store.pool();
	let name: String = sqlx::query("SELECT name FROM farms WHERE id = $1")
		.bind(farm)
		.fetch_optional(pool)
		.await?
		.ok_or_else(|| not_found(format!("no farm {farm} in the index")))?
		.try_get(0)?;
	let payouts: Vec<Payout> = sqlx::query(
		"SELECT p.block, b.time_ms, p.account, p.amount
		 FROM payouts p JOIN blocks b ON b.number = p.block
		 WHERE p.farm = $1 AND b.time_ms >= $2 AND b.time_ms < $3
		 ORDER BY p.block, p.event_index LIMIT $4",
	)
	.bind(farm)
	.bind(start)
	.bind(end)
	.bind(MAX_STATEMENT_ROWS + 1)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| {
		Ok(Payout {
			block: r.try_get(0)?,
			time_ms: r.try_get(1)?,
			account: r.try_get(2)?,
			amount: r.try_get(3)?,
		})
	})
	.collect::<Result<_, sqlx::Error>>()?;
	if payouts.len() > MAX_STATEMENT_ROWS as usize {
		return Err(bad_request(format!(
			"more than {MAX_STATEMENT_ROWS} payouts from {} to {}: ask for a shorter range",
			query.from, query.to
		)));
	}
	let mut total = 0u128;
	for payout in &payouts {
		total = total.saturating_add(amount(&payout.amount)?);
	}
	if csv {
		let mut body = String::from("block,time_utc,account,amount_planck\n");
		for p in &payouts {
			let time = csv_time(p.time_ms);
			body.push_str(&format!("{},{},{},{}\n", p.block, time, p.account, p.amount));
		}
		body.push_str(&format!("total,,,{total}\n"));
		return Ok(csv_response(&format!("farm-{farm}-{}-{}.csv", query.from, query.to), body));
	}
	Ok(Json(FarmStatement {
		farm,
		name,
		from: query.from,
		to: query.to,
		payouts,
		total: total.to_string(),
	})
	.into_response())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_date_range_covers_whole_days_in_utc() {
		let (start, end) = date_range("2026-11-01", "2026-11-01").unwrap();
		assert_eq!(end - start, 24 * 3600 * 1000);
		// 2026-11-01T00:00:00Z.
		assert_eq!(start, 1_793_491_200_000);
	}

	#[test]
	fn a_malformed_or_reversed_range_is_a_bad_request() {
		for (from, to) in [
			("2026-13-01", "2026-12-01"),
			("yesterday", "2026-12-01"),
			("2026-12-02", "2026-12-01"),
		] {
			let ApiError(status, message) = date_range(from, to).unwrap_err();
			assert_eq!(status, StatusCode::BAD_REQUEST, "{from}..{to}: {message}");
		}
	}
}
