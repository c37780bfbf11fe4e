//! The deliveries: a task beside the follower sends each pending delivery (webhook or e-mail),
//! a few at a time, and records the outcome. A failed attempt is retried with a doubling wait
//! (5 s, 10 s, ... up to an hour), [`MAX_ATTEMPTS`] times in all (about seven hours), then given
//! up. Deliveries are rows of the database written with their alert's block, so an indexer
//! restarted goes on with what was pending; each attempt is recorded as soon as it ends, and one
//! answered 2xx is never sent again. Only an attempt cut short (the indexer stopped while it
//! waited for the answer, or the answer lost) may come again: the body's `delivery` id tells.

use super::{mail::Mailer, requests::now_ms, webhook::WebhookClient};
use crate::store::{DueDelivery, Store};
use ed25519_dalek::{Signer as _, SigningKey};
use futures::StreamExt;
use sc4it_client::indexer_api::{webhook_message, WebhookBody, SIGNATURE_HEADER};
use std::{sync::Arc, time::Duration};

/// Attempts of one delivery before it is given up.
pub const MAX_ATTEMPTS: i64 = 16;
/// Deliveries sent to one account's channel in a day, at most: the rest are kept, listed as
/// `over_budget`, and not sent. A contract warns a few times in its life; a budget keeps an
/// account that sends its alerts to someone else's address from flooding it.
pub const DAILY_BUDGET: i64 = 48;
/// Deliveries sent at once: a receiver that answers slowly holds one of them for at most the
/// client's timeout.
const AT_ONCE: usize = 8;
/// Deliveries read per round.
const BATCH: i64 = 64;
/// The wait between rounds when nothing is due.
const IDLE: Duration = Duration::from_millis(500);

/// What the deliveries need.
pub struct Deliverer {
	pub store: Store,
	pub webhooks: WebhookClient,
	pub mail: Option<Mailer>,
	pub key: Arc<SigningKey>,
}

/// The wait before attempt `attempts + 1`: 5 s doubling, an hour at most.
pub fn backoff(attempts: i64) -> Duration {
	let exponent = u32::try_from(attempts.clamp(0, 10)).unwrap_or(10);
	Duration::from_secs(5u64.saturating_mul(1 << exponent)).min(Duration::from_secs(3_600))
}

impl Deliverer {
	/// Sends what is due, forever. A database failure is logged and retried: the follower is
	/// the one that stops the indexer when the database is gone.
	pub async fn run(self) {
		loop {
			match self.round().await {
				Ok(0) => tokio::time::sleep(IDLE).await,
				Ok(_) => {},
				Err(e) => {
					log::warn!("alerts: database: {e}");
					tokio::time::sleep(Duration::from_secs(5)).await;
				},
			}
		}
	}

	/// One round: the deliveries due now, [`AT_ONCE`] at a time, each recorded as soon as its
	/// attempt ends (so that a restart, or a failure to record another, never sends again one
	/// that was answered). Returns how many there were.
	async fn round(&self) -> Result<usize, sqlx::Error> {
		let due = self.store.due_deliveries(now_ms(), BATCH).await?;
		let count = due.len();
		futures::stream::iter(due)
			.for_each_concurrent(AT_ONCE, |delivery| async move {
				let outcome = match self.within_budget(&delivery).await {
					Ok(true) => self.attempt(&delivery).await,
					Ok(false) => {
						let error = format!("over the budget of {DAILY_BUDGET} a day");
						if let Err(e) = self
							.store
							.record_attempt(
								&delivery,
								"over_budget",
								now_ms(),
								Some(error),
								now_ms(),
							)
							.await
						{
							log::warn!(
								"alerts: cannot record a {} delivery: {e}",
								delivery.channel
							);
						}
						return;
					},
					Err(e) => {
						log::warn!("alerts: database: {e}");
						return;
					},
				};
				if let Err(e) = self.record(&delivery, outcome).await {
					log::warn!("alerts: cannot record a {} delivery: {e}", delivery.channel);
				}
			})
			.await;
		Ok(count)
	}

	/// Whether the delivery's account and channel were sent fewer than [`DAILY_BUDGET`] in the
	/// last day.
	async fn within_budget(&self, delivery: &DueDelivery) -> Result<bool, sqlx::Error> {
		let since = now_ms().saturating_sub(86_400_000);
		let sent = self.store.sent_since(&delivery.account, &delivery.channel, since).await?;
		Ok(sent < DAILY_BUDGET)
	}

	/// Records an attempt's outcome: sent, retried later, or given up.
	async fn record(
		&self,
		delivery: &DueDelivery,
		outcome: Result<(), String>,
	) -> Result<(), sqlx::Error> {
		let now = now_ms();
		match outcome {
			Ok(()) => {
				log::info!(
					"alerts: {} of block {} sent to {} ({})",
					delivery.event,
					delivery.block,
					delivery.account,
					delivery.channel
				);
				self.store.record_attempt(delivery, "sent", now, None, now).await
			},
			Err(error) if delivery.attempts + 1 >= MAX_ATTEMPTS => {
				log::warn!("alerts: giving up a {} delivery: {error}", delivery.channel);
				self.store.record_attempt(delivery, "failed", now, Some(error), now).await
			},
			Err(error) => {
				let wait = backoff(delivery.attempts);
				let next = now.saturating_add(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
				log::info!(
					"alerts: a {} delivery failed ({error}), again in {wait:?}",
					delivery.channel
				);
				self.store.record_attempt(delivery, "pending", next, Some(error), now).await
			},
		}
	}

	async fn attempt(&self, delivery: &DueDelivery) -> Result<(), String> {
		let body = body_of(delivery);
		match delivery.channel.as_str() {
			"webhook" => {
				let json = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
				let sent_ms = now_ms();
				let signature = self.key.sign(&webhook_message(sent_ms, &json));
				let header = format!(
					"t={sent_ms},ed25519={}",
					sc4it_client::hex::encode(&signature.to_bytes())
				);
				self.webhooks.post(&delivery.target, &[(SIGNATURE_HEADER, header)], json).await
			},
			"email" => {
				let mailer = self.mail.as_ref().ok_or("no mail server configured (--smtp-url)")?;
				let (subject, text) = mail_text(&body);
				mailer.send(&delivery.target, &subject, text).await
			},
			other => Err(format!("unknown channel {other}")),
		}
	}
}

/// The alert as a webhook's body (and the e-mail's content).
pub fn body_of(delivery: &DueDelivery) -> WebhookBody {
	WebhookBody {
		delivery: format!("{}-{}-{}", delivery.block, delivery.event_index, delivery.account),
		account: delivery.account.clone(),
		event: delivery.event.clone(),
		contract: delivery.contract.and_then(|c| u64::try_from(c).ok()),
		node: delivery.node.and_then(|n| u32::try_from(n).ok()),
		block: u64::try_from(delivery.block).unwrap_or(0),
		time: chrono::DateTime::from_timestamp_millis(delivery.time_ms)
			.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
			.unwrap_or_default(),
		data: serde_json::from_str(&delivery.data)
			.unwrap_or_else(|_| serde_json::Value::String(delivery.data.clone())),
	}
}

/// An alert's e-mail: its subject and text.
pub fn mail_text(body: &WebhookBody) -> (String, String) {
	let about = match (body.contract, body.node) {
		(Some(contract), _) => format!("contract {contract}"),
		(None, Some(node)) => format!("node {node}"),
		(None, None) => "your account".into(),
	};
	let subject = format!("sc4it: {} on {about}", body.event);
	let meaning = match body.event.as_str() {
		"LowRunway" => "Its funds run low: top it up (sc4it contract top-up) before they run out.",
		"GracePeriodStarted" => {
			"Its funds ran out: its volume is read-only, and is deleted when the grace period \
			 ends unless it is topped up first."
		},
		"ContractDeleted" => "The contract ended.",
		"NodeDown" => "The oracle's validators found the node down.",
		"NodeDrainStarted" => "The node's contracts are being decommissioned.",
		_ => "",
	};
	let text = format!(
		"{} on {about}, block {} ({}), for {}.\n\n{meaning}\n\nDetails: {}\n\nDelivery {}.\n",
		body.event, body.block, body.time, body.account, body.data, body.delivery
	);
	(subject, text)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn retries_wait_longer_each_time_up_to_an_hour() {
		let waits: Vec<u64> = (0..MAX_ATTEMPTS).map(|a| backoff(a).as_secs()).collect();
		assert_eq!(&waits[..4], &[5, 10, 20, 40]);
		assert!(waits.windows(2).all(|w| w[0] <= w[1]));
		assert_eq!(*waits.last().unwrap(), 3_600);
		let total: u64 = waits.iter().sum();
		assert!((7 * 3_600..8 * 3_600).contains(&total), "about seven hours in all: {total} s");
	}
}
