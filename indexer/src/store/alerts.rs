//! The alerts' tables: each alert's deliveries, made in its block's transaction; the accounts'
//! subscriptions; the nonces of their signed requests; and the deliveries' progress.

use super::{big, int, Store};
use crate::decode::{Alert, AlertKind};
use sc4it_client::indexer_api::{Delivery, Subscription};
use sqlx::Row as _;

/// A delivery due, with what its message says.
#[derive(Debug, Clone)]
pub struct DueDelivery {
	pub block: i64,
	pub event_index: i64,
	pub account: String,
	pub channel: String,
	pub target: String,
	pub attempts: i64,
	pub event: String,
	pub contract: Option<i64>,
	pub node: Option<i64>,
	pub data: String,
	pub time_ms: i64,
}

/// Writes an alert, and a delivery of it to every channel of every account it concerns that
/// subscribed before its block; but for a `NodeDown` of a node already recorded down (a node
/// down for days is found down every billing period, and its people are told once, when it
/// goes down) and a `LowRunway` that repeats the contract's last one.
pub(super) async fn write_alert(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	block: i64,
	index: i64,
	alert: &Alert,
) -> Result<(), sqlx::Error> {
	if let (AlertKind::NodeDown, Some(node)) = (alert.kind, alert.node) {
		let last = sqlx::query(
			"SELECT down FROM health WHERE node = $1 AND block < $2
			 ORDER BY block DESC, event_index DESC LIMIT 1",
		)
		.bind(int(node))
		.bind(block)
		.fetch_optional(&mut **tx)
		.await?;
		let already_down = match last {
			Some(row) => row.try_get::<i64, _>(0)? != 0,
			None => false,
		};
		if already_down {
			return Ok(());
		}
	}
	if let (AlertKind::LowRunway, Some(contract)) = (alert.kind, alert.contract) {
		if low_runway_repeats(tx, contract, &alert.data).await? {
			return Ok(());
		}
	}
	sqlx::query(
		"INSERT INTO alerts (block, event_index, event, contract, node, data)
		 VALUES ($1, $2, $3, $4, $5, $6)",
	)
	.bind(block)
	.bind(index)
	.bind(alert.kind.name())
	.bind(alert.contract.map(big))
	.bind(alert.node.map(int))
	.bind(alert.data.clone())
	.execute(&mut **tx)
	.await?;
	// Whom it concerns: a contract's owner; a node's farm's owner and the owners of the
	// contracts it held at the time.
	sqlx::query(
		"INSERT INTO alert_deliveries
		 (block, event_index, account, channel, target, state, attempts, next_attempt_ms)
		 SELECT $1, $2, s.account, s.channel, s.target, 'pending', 0, 0
		 FROM alert_subscriptions s WHERE s.from_block <= $1 AND s.account IN (
			SELECT owner FROM contracts WHERE id = $3
			UNION SELECT f.owner FROM nodes n JOIN farms f ON f.id = n.farm WHERE n.id = $4
			UNION SELECT owner FROM contracts WHERE node = $4 AND created_block <= $1
				AND (ended_at IS NULL OR ended_at >= $1))",
	)
	.bind(block)
	.bind(index)
	.bind(alert.contract.map(big))
	.bind(alert.node.map(int))
	.execute(&mut **tx)
	.await?;
	Ok(())
}

/// Whether a `LowRunway` says what the contract's last one said: funds lasting to the same
/// block. The chain warns again at each top-up that leaves the runway low; a top-up of a planck
/// (anyone may send one, to anyone's contract) moves nothing, and is not told again.
async fn low_runway_repeats(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	contract: u64,
	data: &str,
) -> Result<bool, sqlx::Error> {
	let paid_until = |text: &str| {
		serde_json::from_str::<serde_json::Value>(text).ok().and_then(|v| v["paid_until"].as_u64())
	};
	let last = sqlx::query(
		"SELECT data FROM alerts WHERE contract = $1 AND event = 'LowRunway'
		 ORDER BY block DESC, event_index DESC LIMIT 1",
	)
	.bind(big(contract))
	.fetch_optional(&mut **tx)
	.await?;
	Ok(match last {
		Some(row) => {
			let before: String = row.try_get(0)?;
			paid_until(&before).is_some() && paid_until(&before) == paid_until(data)
		},
		None => false,
	})
}

impl Store {
	/// Replaces `account`'s subscriptions with `channels` (channel, target), and cancels the
	/// deliveries still pending to targets it no longer has. They receive the alerts of the
	/// blocks after the last one written, exactly: returns the first block.
	pub async fn subscribe(
		&self,
		account: &str,
		channels: &[(&str, String)],
	) -> Result<u64, sqlx::Error> {
		let mut tx = self.readers.begin().await?;
		sqlx::query("DELETE FROM alert_subscriptions WHERE account = $1")
			.bind(account)
			.execute(&mut *tx)
			.await?;
		// SQLite: this transaction holds the database's write lock since the statement above,
		// so no block is being written: the next block is the first. PostgreSQL: the lock on the
		// progress row waits for a block being committed and keeps the next one from
		// committing before this transaction; the block after it is the first whose deliveries
		// see this subscription.
		let (read, ahead) = if self.sqlite {
			("SELECT last_block FROM progress WHERE id = $1", 1)
		} else {
			("SELECT last_block FROM progress WHERE id = $1 FOR UPDATE", 2)
		};
		let last: i64 =
			match sqlx::query(read).bind(super::PROGRESS_ID).fetch_optional(&mut *tx).await? {
				Some(row) => row.try_get(0)?,
				None => -1,
			};
		let from = u64::try_from(last.saturating_add(ahead)).unwrap_or(0);
		for (channel, target) in channels {
			sqlx::query(
				"INSERT INTO alert_subscriptions (account, channel, target, from_block)
				 VALUES ($1, $2, $3, $4)",
			)
			.bind(account)
			.bind(*channel)
			.bind(target.clone())
			.bind(big(from))
			.execute(&mut *tx)
			.await?;
		}
		sqlx::query(
			"UPDATE alert_deliveries SET state = 'cancelled' WHERE account = $1 AND state = 'pending'
			 AND NOT EXISTS (SELECT 1 FROM alert_subscriptions s WHERE s.account = $1
			 AND s.channel = alert_deliveries.channel AND s.target = alert_deliveries.target)",
		)
		.bind(account)
		.execute(&mut *tx)
		.await?;
		tx.commit().await?;
		Ok(from)
	}

	/// Ends `account`'s subscriptions, and the deliveries still pending for it.
	pub async fn unsubscribe(&self, account: &str) -> Result<(), sqlx::Error> {
		let mut tx = self.readers.begin().await?;
		sqlx::query("DELETE FROM alert_subscriptions WHERE account = $1")
			.bind(account)
			.execute(&mut *tx)
			.await?;
		sqlx::query(
			"UPDATE alert_deliveries SET state = 'cancelled' WHERE account = $1 AND state = 'pending'",
		)
		.bind(account)
		.execute(&mut *tx)
		.await?;
		tx.commit().await
	}

	/// `account`'s subscriptions.
	pub async fn subscriptions(&self, account: &str) -> Result<Vec<Subscription>, sqlx::Error> {
		sqlx::query(
			"SELECT channel, target, from_block FROM alert_subscriptions WHERE account = $1
			 ORDER BY channel",
		)
		.bind(account)
		.fetch_all(&self.readers)
		.await?
		.into_iter()
		.map(|r| {
			Ok(Subscription {
				channel: r.try_get(0)?,
				target: r.try_get(1)?,
				from_block: u64::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0),
			})
		})
		.collect()
	}

	/// `account`'s last `rows` deliveries, newest first.
	pub async fn deliveries(&self, account: &str, rows: i64) -> Result<Vec<Delivery>, sqlx::Error> {
		sqlx::query(
			"SELECT d.block, d.event_index, a.event, d.channel, d.state, d.attempts, d.last_error,
			 d.sent_ms FROM alert_deliveries d
			 JOIN alerts a ON a.block = d.block AND a.event_index = d.event_index
			 WHERE d.account = $1 ORDER BY d.block DESC, d.event_index DESC, d.channel LIMIT $2",
		)
		.bind(account)
		.bind(rows)
		.fetch_all(&self.readers)
		.await?
		.into_iter()
		.map(|r| {
			Ok(Delivery {
				block: u64::try_from(r.try_get::<i64, _>(0)?).unwrap_or(0),
				event_index: u32::try_from(r.try_get::<i64, _>(1)?).unwrap_or(0),
				event: r.try_get(2)?,
				channel: r.try_get(3)?,
				state: r.try_get(4)?,
				attempts: u32::try_from(r.try_get::<i64, _>(5)?).unwrap_or(0),
				last_error: r.try_get(6)?,
				sent_ms: r.try_get::<Option<i64>, _>(7)?.and_then(|t| u64::try_from(t).ok()),
			})
		})
		.collect()
	}

	/// Records a signed request's nonce, after dropping those older than `window_ms`: false if
	/// the account used it before, or has `most` requests in the window already (a signer
	/// sending thousands a second fills no table).
	pub async fn use_nonce(
		&self,
		account: &str,
		nonce: &str,
		now_ms: u64,
		window_ms: u64,
		most: i64,
	) -> Result<bool, sqlx::Error> {
		let mut tx = self.readers.begin().await?;
		sqlx::query("DELETE FROM alert_nonces WHERE received_ms < $1")
			.bind(big(now_ms.saturating_sub(window_ms)))
			.execute(&mut *tx)
			.await?;
		let row = sqlx::query(
			"SELECT COUNT(*), COALESCE(SUM(CASE WHEN nonce = $2 THEN 1 ELSE 0 END), 0)
			 FROM alert_nonces WHERE account = $1",
		)
		.bind(account)
		.bind(nonce)
		.fetch_one(&mut *tx)
		.await?;
		let (recent, used): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
		if used > 0 || recent >= most {
			return Ok(false);
		}
		let inserted = sqlx::query(
			"INSERT INTO alert_nonces (account, nonce, received_ms) VALUES ($1, $2, $3)",
		)
		.bind(account)
		.bind(nonce)
		.bind(big(now_ms))
		.execute(&mut *tx)
		.await;
		match inserted {
			Ok(_) => {},
			// The same nonce of the same account, accepted by a request beside this one.
			Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
			Err(e) => return Err(e),
		}
		tx.commit().await?;
		Ok(true)
	}

	/// Deliveries to `account`'s `channel` sent since `since_ms`.
	pub async fn sent_since(
		&self,
		account: &str,
		channel: &str,
		since_ms: u64,
	) -> Result<i64, sqlx::Error> {
		sqlx::query(
			"SELECT COUNT(*) FROM alert_deliveries
			 WHERE account = $1 AND channel = $2 AND state = 'sent' AND sent_ms >= $3",
		)
		.bind(account)
		.bind(channel)
		.bind(big(since_ms))
		.fetch_one(&self.readers)
		.await?
		.try_get(0)
	}

	/// Whether the index holds a contract or a farm of `account`: what it could be alerted of.
	pub async fn has_anything_of(&self, account: &str) -> Result<bool, sqlx::Error> {
		let row = sqlx::query(
			"SELECT (SELECT COUNT(*) FROM contracts WHERE owner = $1)
			 + (SELECT COUNT(*) FROM farms WHERE owner = $1)",
		)
		.bind(account)
		.fetch_one(&self.readers)
		.await?;
		Ok(row.try_get::<i64, _>(0)? > 0)
	}

	/// At most `rows` pending deliveries whose time came by `now_ms`, the longest waiting first.
	pub async fn due_deliveries(
		&self,
		now_ms: u64,
		rows: i64,
	) -> Result<Vec<DueDelivery>, sqlx::Error> {
		sqlx::query(
			"SELECT d.block, d.event_index, d.account, d.channel, d.target, d.attempts, a.event,
			 a.contract, a.node, a.data, b.time_ms FROM alert_deliveries d
			 JOIN alerts a ON a.block = d.block AND a.event_index = d.event_index
			 JOIN blocks b ON b.number = d.block
			 WHERE d.state = 'pending' AND d.next_attempt_ms <= $1
			 ORDER BY d.next_attempt_ms, d.block, d.event_index LIMIT $2",
		)
		.bind(big(now_ms))
		.bind(rows)
		.fetch_all(&self.readers)
		.await?
		.into_iter()
		.map(|r| {
			Ok(DueDelivery {
				block: r.try_get(0)?,
				event_index: r.try_get(1)?,
				account: r.try_get(2)?,
				channel: r.try_get(3)?,
				target: r.try_get(4)?,
				attempts: r.try_get(5)?,
				event: r.try_get(6)?,
				contract: r.try_get(7)?,
				node: r.try_get(8)?,
				data: r.try_get(9)?,
				time_ms: r.try_get(10)?,
			})
		})
		.collect()
	}

	/// Records an attempt of `delivery`: `state` (`sent`, `pending` again at `next_attempt_ms`,
	/// or `failed`), and the error of a failed attempt. Only a delivery still pending moves: one
	/// cancelled meanwhile stays cancelled.
	pub async fn record_attempt(
		&self,
		delivery: &DueDelivery,
		state: &str,
		next_attempt_ms: u64,
		error: Option<String>,
		now_ms: u64,
	) -> Result<(), sqlx::Error> {
		sqlx::query(
			"UPDATE alert_deliveries SET state = $1, attempts = attempts + 1, next_attempt_ms = $2,
			 last_error = $3, sent_ms = $4
			 WHERE block = $5 AND event_index = $6 AND account = $7 AND channel = $8
			 AND state = 'pending'",
		)
		.bind(state)
		.bind(big(next_attempt_ms))
		.bind(error)
		.bind((state == "sent").then_some(big(now_ms)))
		.bind(delivery.block)
		.bind(delivery.event_index)
		.bind(delivery.account.clone())
		.bind(delivery.channel.clone())
		.execute(&self.readers)
		.await?;
		Ok(())
	}
}
