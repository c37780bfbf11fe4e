//! Alerts: the events that warn (`LowRunway`, `GracePeriodStarted`, `ContractDeleted`,
//! `NodeDown`, `NodeDrainStarted`), indexed as they land (`store`), and who each concerns: a
//! contract's alert its owner; a node's alert its farm's owner and the owners of the contracts
//! it held at the time. Accounts subscribe by signed requests ([`requests`]); each alert's
//! deliveries are written with its block and sent by a task of their own ([`deliver`]): to a
//! webhook ([`webhook`]), signed by the indexer's key, and by e-mail ([`mail`]).

pub mod deliver;
pub mod mail;
pub mod requests;
pub mod webhook;

use crate::api::{ApiError, AppState, LimitQuery};
use axum::{
	extract::{DefaultBodyLimit, Path, Query, State},
	routing::{get, post},
	Json, Router,
};
use ed25519_dalek::SigningKey;
use sc4it_client::indexer_api::Alert;
use sqlx::Row as _;
use std::{path::Path as FilePath, sync::Arc};

/// The largest signed request taken, in bytes.
const MAX_REQUEST: usize = 4 * 1024;

/// How the indexer delivers alerts.
pub struct AlertsSettings {
	/// The key its webhooks are signed with.
	pub key: Arc<SigningKey>,
	/// The mail server, if the operator configured one.
	pub mail: Option<mail::Mailer>,
	/// Whether webhooks may go to loopback and private addresses.
	pub allow_private: bool,
}

/// The alerts' routes.
pub fn router() -> Router<AppState> {
	Router::new()
		.route("/api/accounts/{account}/alerts", get(account_alerts))
		.route("/api/alerts/key", get(requests::key))
		.route("/api/alerts", post(requests::handle).layer(DefaultBodyLimit::max(MAX_REQUEST)))
}

/// The webhook key in `path` (32 bytes, `0x` hex), made and written there (mode 600) if the
/// file does not exist.
pub fn load_or_create_key(path: &FilePath) -> Result<SigningKey, String> {
	let shown = path.display();
	match std::fs::read_to_string(path) {
		Ok(text) => {
			let bytes = sc4it_client::hex::decode(text.trim())
				.ok()
				.and_then(|b| <[u8; 32]>::try_from(b).ok())
				.ok_or_else(|| format!("{shown}: not a key (32 bytes, 0x hex)"))?;
			Ok(SigningKey::from_bytes(&bytes))
		},
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
			let mut seed = [0u8; 32];
			getrandom::getrandom(&mut seed).map_err(|e| format!("no randomness for a key: {e}"))?;
			let mut options = std::fs::OpenOptions::new();
			options.write(true).create_new(true);
			#[cfg(unix)]
			std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
			let mut file = options.open(path).map_err(|e| format!("{shown}: {e}"))?;
			std::io::Write::write_all(&mut file, sc4it_client::hex::encode(&seed).as_bytes())
				.map_err(|e| format!("{shown}: {e}"))?;
			log::info!("alerts: a new webhook key in {shown}");
			Ok(SigningKey::from_bytes(&seed))
		},
		Err(e) => Err(format!("{shown}: {e}")),
	}
}

/// The most recent `rows` alerts that concern `account`, newest first: of its contracts, of the
/// nodes of its farms, and of the nodes that held one of its contracts when the alert landed.
pub async fn of_account(
	state: &AppState,
	account: &str,
	rows: i64,
) -> Result<Vec<Alert>, ApiError> {
	const COLUMNS: &str =
		"a.block, a.event_index, b.time_ms, a.event, a.contract, a.node, a.data FROM alerts a
		 JOIN blocks b ON b.number = a.block";
	let query = format!(
		"SELECT {COLUMNS} WHERE a.contract IN (SELECT id FROM contracts WHERE owner = $1)
		 UNION SELECT {COLUMNS} JOIN nodes n ON n.id = a.node JOIN farms f ON f.id = n.farm
		 WHERE f.owner = $1
		 UNION SELECT {COLUMNS} JOIN contracts c ON c.node = a.node
		 WHERE c.owner = $1 AND c.created_block <= a.block
		 AND (c.ended_at IS NULL OR c.ended_at >= a.block)
		 ORDER BY 1 DESC, 2 DESC LIMIT $2"
	);
	sqlx::query(&query)
		.bind(account)
		.bind(rows)
		.fetch_all(state.store.pool())
		.await?
		.into_iter()
		.map(|r| {
			let data: String = r.try_get(6)?;
			let unsigned = |value: i64| u64::try_from(value).unwrap_or(0);
			Ok(Alert {
				block: unsigned(r.try_get(0)?),
				event_index: u32::try_from(r.try_get::<i64, _>(1)?).unwrap_or(0),
				time_ms: unsigned(r.try_get(2)?),
				event: r.try_get(3)?,
				contract: r.try_get::<Option<i64>, _>(4)?.map(unsigned),
				node: r.try_get::<Option<i64>, _>(5)?.and_then(|n| u32::try_from(n).ok()),
				data: serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data)),
			})
		})
		.collect::<Result<_, sqlx::Error>>()
		.map_err(ApiError::from)
}

/// `GET /api/accounts/{account}/alerts?limit=`: the account's alerts, newest first.
async fn account_alerts(
	State(state): State<AppState>,
	Path(account): Path<String>,
	Query(query): Query<LimitQuery>,
) -> Result<Json<Vec<Alert>>, ApiError> {
	let account = crate::api::account_id(&account)?;
	Ok(Json(of_account(&state, &account, query.rows()?).await?))
}
