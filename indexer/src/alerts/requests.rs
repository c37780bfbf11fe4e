//! Signed requests about an account's alerts (`POST /api/alerts`): subscribe it to a webhook
//! and an e-mail address, unsubscribe it, or list where its alerts go and how their deliveries
//! fared. Only the account's own key can: the request is its JSON text, signed by the account
//! (sr25519, wrapped as wallets' `signRaw` wraps a message), naming this chain and this indexer,
//! used once, and valid for at most ten minutes.

use super::{webhook, AlertsSettings};
use crate::api::{ApiError, AppState};
use axum::{extract::State, http::StatusCode, Json};
use sc4it_client::{
	indexer_api::{
		signed_message, AlertAction, AlertRequest, AlertsAnswer, AlertsKey, SignedRequest,
	},
	subxt_signer::sr25519,
	AccountId,
};

/// The longest a request may be valid for: a captured request is of no use after it.
pub const MAX_VALIDITY_MS: u64 = 10 * 60 * 1_000;
/// The most requests of one account accepted within [`MAX_VALIDITY_MS`].
pub const MAX_REQUESTS_PER_ACCOUNT: i64 = 20;
/// The longest webhook URL and e-mail address taken.
pub const MAX_TARGET_LEN: usize = 512;
/// The deliveries a listing shows.
const LISTED_DELIVERIES: i64 = 50;

/// `GET /api/alerts/key`: the indexer's webhook key, the chain, and whether it mails.
pub async fn key(State(state): State<AppState>) -> Result<Json<AlertsKey>, ApiError> {
	let chain = state.store.genesis().await?.ok_or_else(not_ready)?;
	Ok(Json(AlertsKey {
		key: state.alerts.public_key_hex(),
		chain,
		email: state.alerts.mail.is_some(),
	}))
}

fn not_ready() -> ApiError {
	ApiError::unavailable("the indexer has not read the chain yet")
}

fn forbidden(message: impl Into<String>) -> ApiError {
	ApiError::new(StatusCode::FORBIDDEN, message)
}

/// `POST /api/alerts`: a signed request.
pub async fn handle(
	State(state): State<AppState>,
	Json(signed): Json<SignedRequest>,
) -> Result<Json<AlertsAnswer>, ApiError> {
	let request: AlertRequest = serde_json::from_str(&signed.payload)
		.map_err(|e| ApiError::bad_request(format!("not an alerts request: {e}")))?;
	let account: AccountId = request
		.account
		.parse()
		.map_err(|_| ApiError::bad_request(format!("not an SS58 account: {}", request.account)))?;
	check_signature(&signed, &account)?;
	let now = now_ms();
	check_addressed_here(&state, &request, now).await?;
	let account = account.to_string();
	// Only an account the index could alert has anything kept here, its nonces included: a
	// fresh key (free to make) writes nothing.
	if !state.store.has_anything_of(&account).await? {
		return Err(forbidden(format!(
			"the index holds no contract or farm of {account}: nothing to alert it of"
		)));
	}
	let fresh = state
		.store
		.use_nonce(&account, &request.nonce, now, MAX_VALIDITY_MS, MAX_REQUESTS_PER_ACCOUNT)
		.await?;
	if !fresh {
		return Err(forbidden(
			"this request was used before, or the account sent 20 in the last ten minutes",
		));
	}
	match request.action {
		AlertAction::Subscribe => subscribe(&state, &account, &request).await?,
		AlertAction::Unsubscribe => state.store.unsubscribe(&account).await?,
		AlertAction::List => {},
	}
	Ok(Json(AlertsAnswer {
		subscriptions: state.store.subscriptions(&account).await?,
		deliveries: state.store.deliveries(&account, LISTED_DELIVERIES).await?,
		account,
	}))
}

/// The signature is the account's, of the payload as sent.
fn check_signature(signed: &SignedRequest, account: &AccountId) -> Result<(), ApiError> {
	let bytes = sc4it_client::hex::decode(&signed.signature)
		.ok()
		.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
		.ok_or_else(|| ApiError::bad_request("the signature must be 64 bytes, 0x hex"))?;
	let public = sr25519::PublicKey(account.0);
	if !sr25519::verify(&sr25519::Signature(bytes), signed_message(&signed.payload), &public) {
		return Err(forbidden(format!("the request is not signed by {account}")));
	}
	Ok(())
}

/// The request names this chain and this indexer, and is valid now and for at most
/// [`MAX_VALIDITY_MS`].
async fn check_addressed_here(
	state: &AppState,
	request: &AlertRequest,
	now: u64,
) -> Result<(), ApiError> {
	let chain = state.store.genesis().await?.ok_or_else(not_ready)?;
	if !request.chain.eq_ignore_ascii_case(&chain) {
		return Err(forbidden(format!(
			"the request is for the chain {}, not {chain}",
			request.chain
		)));
	}
	if !request.indexer.eq_ignore_ascii_case(&state.alerts.public_key_hex()) {
		return Err(forbidden("the request is for another indexer (see /api/alerts/key)"));
	}
	if request.expires_ms < now {
		return Err(forbidden("the request has expired"));
	}
	if request.expires_ms > now.saturating_add(MAX_VALIDITY_MS) {
		return Err(ApiError::bad_request("a request may be valid for ten minutes at most"));
	}
	if request.nonce.is_empty() || request.nonce.len() > 64 {
		return Err(ApiError::bad_request("the nonce must be 1 to 64 characters"));
	}
	Ok(())
}

/// Replaces the account's channels with the request's, from the block after the index's last.
async fn subscribe(
	state: &AppState,
	account: &str,
	request: &AlertRequest,
) -> Result<(), ApiError> {
	let mut channels = Vec::new();
	if let Some(url) = &request.webhook {
		webhook::check_url(url, state.alerts.allow_private).map_err(ApiError::bad_request)?;
		channels.push(("webhook", url.clone()));
	}
	if let Some(address) = &request.email {
		let Some(_) = &state.alerts.mail else {
			return Err(ApiError::bad_request("this indexer sends no e-mail (no --smtp-url)"));
		};
		check_email(address).map_err(ApiError::bad_request)?;
		channels.push(("email", address.clone()));
	}
	if channels.is_empty() {
		return Err(ApiError::bad_request("subscribe to a webhook, an e-mail address or both"));
	}
	state.store.subscribe(account, &channels).await?;
	Ok(())
}

/// An address `user@domain`, printable, without spaces or angle brackets.
pub fn check_email(address: &str) -> Result<(), String> {
	let bad = || format!("not an e-mail address: {address}");
	if address.len() > MAX_TARGET_LEN
		|| address.chars().any(|c| c.is_control() || c.is_whitespace() || "<>,;\"".contains(c))
	{
		return Err(bad());
	}
	match address.rsplit_once('@') {
		Some((user, domain))
			if !user.is_empty() && domain.contains('.') && !domain.starts_with('.') =>
		{
			Ok(())
		},
		_ => Err(bad()),
	}
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl AlertsSettings {
	/// The webhook key's public half, `0x` hex.
	pub fn public_key_hex(&self) -> String {
		sc4it_client::hex::encode(self.key.verifying_key().as_bytes())
	}
}
