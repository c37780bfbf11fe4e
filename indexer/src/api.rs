//! The HTTP API over the index: JSON for scripts and the CLI, CSV for a farm's statement.
//! Errors are JSON `{"error": "..."}` with 400 (bad input), 404 (unknown) or 503 (database).

use crate::{
	follow::{Progress, SharedProgress},
	pages, periods,
	store::Store,
};
use axum::{
	extract::{Path, Query, State},
	http::{header, StatusCode},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use chrono::{NaiveDate, NaiveTime};
use sc4it_client::{units::Token, Chain, Clock, ContractView};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row as _;
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
};

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
	pub store: Store,
	pub progress: SharedProgress,
	/// A connection to the chain for live state, beside the follower's so that requests never
	/// slow the follower (`None` while disconnected).
	pub chain: Arc<Mutex<Option<Chain>>>,
	/// The chain's token, once read.
	pub token: Arc<Mutex<Option<Token>>>,
	/// How alerts are delivered.
	pub alerts: Arc<crate::alerts::AlertsSettings>,
	/// The time between blocks, in milliseconds, once read.
	pub block_ms: Arc<Mutex<Option<u64>>>,
}

/// The connections of the live reads: the most reads of the chain in flight at once, of one
/// page and of all pages together, so that visitors cannot flood the node; more wait their turn.
pub const LIVE_CONNECTIONS: usize = 8;
/// The longest a page waits for its live reads; past it the page is served without them (its
/// index figures stand), so reads queued behind many visitors' never cost a page its answer.
pub const LIVE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

/// `read`, or `None` if it takes longer than [`LIVE_DEADLINE`].
async fn within_live_deadline<T>(read: impl std::future::Future<Output = Option<T>>) -> Option<T> {
	tokio::time::timeout(LIVE_DEADLINE, read).await.ok().flatten()
}

/// A contract as the chain shows it now, for the pages.
pub struct LiveContract {
	pub state: String,
	pub held: u128,
	pub charged: u128,
	pub owed: u128,
	/// The date its funds last until, if it is billed.
	pub paid_until_date: Option<String>,
}

impl AppState {
	pub fn new(store: Store, alerts: crate::alerts::AlertsSettings) -> AppState {
		AppState {
			store,
			progress: Default::default(),
			chain: Default::default(),
			token: Default::default(),
			alerts: Arc::new(alerts),
			block_ms: Default::default(),
		}
	}

	/// The live connection, if there is one.
	fn live(&self) -> Option<Chain> {
		self.chain.lock().unwrap_or_else(|e| e.into_inner()).clone()
	}

	/// How far the indexer is.
	pub fn progress(&self) -> Progress {
		*self.progress.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// The time between blocks, in milliseconds, once read from the chain.
	pub fn block_ms(&self) -> Option<u64> {
		*self.block_ms.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// The grid's prices per GiB and block, (SSD, HDD), as the chain has them now; `None` if
	/// governance set none or the chain cannot be read.
	pub async fn live_pricing(&self) -> Option<(u128, u128)> {
		let chain = self.live()?;
		within_live_deadline(async {
			let pricing = chain.pricing().await.ok()??;
			Some((pricing.ssd_per_gib_block, pricing.hdd_per_gib_block))
		})
		.await
	}

	/// The last block written.
	pub fn progress_indexed(&self) -> Option<u32> {
		self.progress().indexed
	}

	/// The chain's token (planck until it was read).
	pub fn token(&self) -> Token {
		self.token
			.lock()
			.unwrap_or_else(|e| e.into_inner())
			.clone()
			.unwrap_or(Token { symbol: "planck".into(), decimals: 0 })
	}

	/// Called by the follower when its connection ended: no live state until the next one.
	pub fn disconnected(&self) {
		*self.chain.lock().unwrap_or_else(|e| e.into_inner()) = None;
	}

	/// Called by the follower on each connection, with a connection of the API's own.
	pub async fn connected(&self, chain: &Chain) {
		if let Ok(Some(token)) = chain.token().await {
			*self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(token);
		}
		if let Ok(clock) = chain.clock().await {
			*self.block_ms.lock().unwrap_or_else(|e| e.into_inner()) = Some(clock.block_ms);
		}
		*self.chain.lock().unwrap_or_else(|e| e.into_inner()) = Some(chain.clone());
	}

	/// A contract's live state from the chain; `None` if it ended or the chain cannot be read.
	pub async fn live_contract(&self, id: i64) -> Option<LiveContract> {
		let chain = self.live()?;
		let id = u64::try_from(id).ok()?;
		within_live_deadline(async {
			let (view, clock) = futures::join!(chain.contract(id), chain.clock());
			Some(LiveContract::new(&view.ok()??, clock.ok()))
		})
		.await
	}

	/// The live state of the contracts `ids`, read from the chain [`LIVE_CONNECTIONS`] at a
	/// time, with one clock: those that ended (or cannot be read) are missing, and all of them if
	/// the reads miss [`LIVE_DEADLINE`].
	pub async fn live_contracts(&self, ids: &[i64]) -> HashMap<i64, LiveContract> {
		use futures::StreamExt;
		let Some(chain) = self.live() else {
			return HashMap::new();
		};
		let chain = &chain;
		let reads = async {
			let clock = chain.clock().await.ok();
			let found: HashMap<i64, LiveContract> = futures::stream::iter(ids.iter().copied())
				.map(|id| async move {
					let view = chain.contract(u64::try_from(id).ok()?).await.ok()??;
					Some((id, LiveContract::new(&view, clock)))
				})
				.buffer_unordered(LIVE_CONNECTIONS)
				.filter_map(|found| async move { found })
				.collect()
				.await;
			Some(found)
		};
		within_live_deadline(reads).await.unwrap_or_default()
	}
}

impl LiveContract {
	fn new(view: &ContractView, clock: Option<Clock>) -> LiveContract {
		let paid_until_date = view.paid_until.zip(clock).and_then(|(block, clock)| {
			chrono::DateTime::from_timestamp_millis(clock.time_of(block))
				.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
		});
		LiveContract {
			state: sc4it_client::words::contract_state(&view.state),
			held: view.held,
			charged: view.charged,
			owed: view.owed,
			paid_until_date,
		}
	}
}

/// The validators, the council and its open motions as the chain shows them now.
pub struct LiveGovernance {
	/// The set the next planned session takes, each with whether it is active now.
	pub validators: Vec<(String, bool)>,
	pub council: Vec<String>,
	pub motions: Vec<LiveMotion>,
}

/// An open motion, for people.
pub struct LiveMotion {
	pub index: u32,
	pub hash: String,
	/// What it does if carried.
	pub summary: String,
	pub ayes: usize,
	pub nays: usize,
	pub threshold: u32,
	pub end: u32,
}

impl AppState {
	/// The validators, the council and its open motions; `None` if the chain cannot be read.
	pub async fn live_governance(&self) -> Option<LiveGovernance> {
		let chain = self.live()?;
		let (sets, council, motions) = within_live_deadline(async {
			let (sets, council, motions) =
				futures::join!(chain.validator_sets(), chain.council_members(), chain.motions());
			Some((sets.ok()?, council.ok()?, motions.ok()?))
		})
		.await?;
		let (set, active) = sets;
		Some(LiveGovernance {
			validators: set.iter().map(|v| (v.to_string(), active.contains(v))).collect(),
			council: council.iter().map(ToString::to_string).collect(),
			motions: motions
				.iter()
				.map(|m| LiveMotion {
					index: m.index,
					hash: format!("{:?}", m.hash),
					summary: m
						.call
						.as_ref()
						.map_or_else(|| "(call unknown)".into(), sc4it_client::words::call_summary),
					ayes: m.ayes.len(),
					nays: m.nays.len(),
					threshold: m.threshold,
					end: m.end,
				})
				.collect(),
		})
	}
}

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

/// A charge, as the contract's history shows it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Charge {
	pub block: i64,
	pub time_ms: i64,
	pub amount: String,
	pub billed_blocks: i64,
	pub report: Option<String>,
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

/// Money into or out of a contract other than a charge.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Movement {
	pub block: i64,
	pub time_ms: i64,
	pub kind: String,
	pub account: Option<String>,
	pub amount: String,
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
) -> Result<Json<serde_json::Value>, ApiError> {
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
	Ok(Json(json!({
		"id": id,
		"owner": row.try_get::<String, _>(0)?,
		"node": row.try_get::<i64, _>(1)?,
		"size_gib": row.try_get::<i64, _>(2)?,
		"disk": row.try_get::<String, _>(3)?,
		"rate": row.try_get::<String, _>(4)?,
		"deposit": row.try_get::<String, _>(5)?,
		"created_block": row.try_get::<i64, _>(6)?,
		"deployed_at": row.try_get::<Option<i64>, _>(7)?,
		"ended_at": row.try_get::<Option<i64>, _>(8)?,
		"end_reason": row.try_get::<Option<String>, _>(9)?,
		"closed_charged": row.try_get::<Option<String>, _>(10)?,
		"closed_owed": row.try_get::<Option<String>, _>(11)?,
		"charged": row.try_get::<String, _>(12)?,
		"topped_up": row.try_get::<String, _>(13)?,
		"refunded": row.try_get::<String, _>(14)?,
		"limit": rows,
		"charges": charges,
		"movements": movements,
		"periods": periods,
	})))
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

/// A period of a node's health timeline, with the block that recorded it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HealthPeriod {
	pub block: i64,
	pub from: i64,
	pub to: i64,
	pub healthy: bool,
	pub down: bool,
	pub report: String,
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

/// A payout, as a statement lists it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payout {
	pub block: i64,
	pub time_ms: i64,
	pub account: String,
	pub amount: String,
}

async fn statement(
	State(state): State<AppState>,
	Path(farm): Path<String>,
	Query(query): Query<StatementQuery>,
) -> Result<Response, ApiError> {
	let farm = number(&farm, "farm id")?;
	let (start, end) = date_range(&query.from, &query.to)?;
	let csv = match query.format.as_deref() {
		None | Some("json") => false,
		Some("csv") => true,
		Some(other) => return Err(bad_request(format!("unknown format {other}: json or csv"))),
	};
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
			let time = chrono::DateTime::from_timestamp_millis(p.time_ms)
				.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
				.unwrap_or_default();
			body.push_str(&format!("{},{},{},{}\n", p.block, time, p.account, p.amount));
		}
		body.push_str(&format!("total,,,{total}\n"));
		let disposition =
			format!("attachment; filename=\"farm-{farm}-{}-{}.csv\"", query.from, query.to);
		return Ok((
			[
				(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
				(header::CONTENT_DISPOSITION, disposition),
			],
			body,
		)
			.into_response());
	}
	Ok(Json(json!({
		"farm": farm,
		"name": name,
		"from": query.from,
		"to": query.to,
		"payouts": payouts,
		"total": total.to_string(),
	}))
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
