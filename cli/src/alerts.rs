//! `sc4it alerts`: where an account's alerts go (a webhook, an e-mail address), kept by the
//! indexer (`--indexer`). Each request is signed by the account's key (`--suri`,
//! `--key-file`): nobody else can subscribe, unsubscribe or list it. Needs no chain connection.

use crate::{
	args::Globals,
	failure::{input, Failure},
	output::{fields, table, Reply},
};
use clap::Subcommand;
use sc4it_client::{
	indexer_api::{
		signed_message, AlertAction, AlertRequest, AlertsAnswer, AlertsKey, SignedRequest,
	},
	keys,
};
use serde_json::json;

/// How long a signed request stays valid: long enough for a slow network, short enough that a
/// captured one is soon of no use.
const VALIDITY_MS: u64 = 5 * 60 * 1_000;

#[derive(Subcommand)]
pub enum AlertsCommand {
	/// Sends the signer's alerts (low runway, grace, a contract's end, its node down or drained)
	/// to a webhook, an e-mail address or both, replacing where they went before.
	Subscribe {
		/// The URL the indexer POSTs each alert to (JSON, signed: docs/dashboard.md).
		#[arg(long)]
		webhook: Option<String>,
		/// The address the indexer mails each alert to (if its operator gave it a mail server).
		#[arg(long)]
		email: Option<String>,
	},
	/// Where the signer's alerts go, and how their last deliveries fared.
	List,
	/// Sends the signer's alerts nowhere any more (deliveries not yet made are cancelled).
	Unsubscribe,
}

pub async fn run(globals: &Globals, command: AlertsCommand) -> Result<Reply, Failure> {
	let (action, webhook, email) = match command {
		AlertsCommand::Subscribe { webhook: None, email: None } => {
			return Err(Failure::Input("give --webhook, --email or both".into()))
		},
		AlertsCommand::Subscribe { webhook, email } => (AlertAction::Subscribe, webhook, email),
		AlertsCommand::List => (AlertAction::List, None, None),
		AlertsCommand::Unsubscribe => (AlertAction::Unsubscribe, None, None),
	};
	let signer =
		keys::signer(globals.suri.as_deref(), globals.key_file.as_deref()).map_err(input)?;
	let indexer = &globals.indexer;
	let key: AlertsKey = crate::indexer::get_as(indexer, "/api/alerts/key").await?;
	let request = AlertRequest {
		action,
		account: signer.public_key().to_account_id().to_string(),
		chain: key.chain,
		indexer: key.key,
		webhook,
		email,
		nonce: nonce(),
		expires_ms: now_ms().saturating_add(VALIDITY_MS),
	};
	let payload = serde_json::to_string(&request).map_err(input)?;
	let signature = signer.sign(&signed_message(&payload));
	let signed = SignedRequest { payload, signature: sc4it_client::hex::encode(&signature.0) };
	let answer: AlertsAnswer = crate::indexer::post_json(indexer, "/api/alerts", &signed).await?;
	Ok(reply(action, &answer))
}

fn reply(action: AlertAction, answer: &AlertsAnswer) -> Reply {
	let data = json!({
		"account": answer.account,
		"subscriptions": answer.subscriptions,
		"deliveries": answer.deliveries,
	});
	let head = match action {
		AlertAction::Subscribe => format!("{}'s alerts go to:", answer.account),
		AlertAction::Unsubscribe => format!("{}'s alerts go nowhere now.", answer.account),
		AlertAction::List if answer.subscriptions.is_empty() => {
			format!("{}'s alerts go nowhere.", answer.account)
		},
		AlertAction::List => format!("{}'s alerts go to:", answer.account),
	};
	let mut text = head;
	if !answer.subscriptions.is_empty() {
		text.push('\n');
		text.push_str(&fields(
			&answer
				.subscriptions
				.iter()
				.map(|s| {
					(s.channel.as_str(), format!("{} (from block {})", s.target, s.from_block))
				})
				.collect::<Vec<_>>(),
		));
	}
	if action == AlertAction::List && !answer.deliveries.is_empty() {
		text.push_str("\n\n");
		text.push_str(&table(
			&["block", "event", "channel", "state", "attempts", "sent", "last error"],
			answer.deliveries.iter().map(|d| {
				vec![
					d.block.to_string(),
					d.event.clone(),
					d.channel.clone(),
					d.state.clone(),
					d.attempts.to_string(),
					crate::contract::utc(d.sent_ms.and_then(|t| i64::try_from(t).ok())),
					d.last_error.clone().unwrap_or_default(),
				]
			}),
		));
	}
	Reply::new(text, data)
}

/// A value used once: the time in nanoseconds and the process.
fn nonce() -> String {
	let nanos = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |d| d.as_nanos());
	format!("{nanos:x}-{:x}", std::process::id())
}

fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
