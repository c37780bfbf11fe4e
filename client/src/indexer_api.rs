//! The indexer's answers and requests, as types: the indexer (`sc4it-indexer`) writes them and
//! the command line reads them, so neither can drift from the other.

use serde::{Deserialize, Serialize};

/// An event that warns, as the indexer lists it (`/api/accounts/{account}/alerts`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Alert {
	/// The block whose events hold it.
	pub block: u64,
	/// The event's index in the block.
	pub event_index: u32,
	/// The block's time, in milliseconds since the Unix epoch.
	pub time_ms: u64,
	/// The chain's name of the event: `LowRunway`, `GracePeriodStarted`, `ContractDeleted`,
	/// `NodeDown` or `NodeDrainStarted`.
	pub event: String,
	/// The contract it is about.
	pub contract: Option<u64>,
	/// The node it is about.
	pub node: Option<u32>,
	/// The event's fields.
	pub data: serde_json::Value,
}

/// What a signed alerts request asks.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AlertAction {
	/// Deliver the account's alerts to the webhook and the e-mail address given (replacing
	/// what the account had).
	Subscribe,
	/// Deliver nothing more to the account.
	Unsubscribe,
	/// The account's subscriptions and its last deliveries.
	List,
}

/// A request about an account's alerts. Its JSON text is what the account signs: only the
/// account's key can subscribe it, unsubscribe it, or read where its alerts go.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AlertRequest {
	/// What it asks.
	pub action: AlertAction,
	/// The account, SS58: the signer.
	pub account: String,
	/// The chain's genesis hash, `0x` hex: a request signed for another chain is refused.
	pub chain: String,
	/// The indexer's alerts key (`/api/alerts/key`): a request signed for another indexer is
	/// refused.
	pub indexer: String,
	/// Where to POST the alerts (`Subscribe`).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub webhook: Option<String>,
	/// Where to mail the alerts (`Subscribe`), if the indexer has a mail server.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub email: Option<String>,
	/// A value used once: a request is accepted once.
	pub nonce: String,
	/// When the request stops being valid, in milliseconds since the Unix epoch: at most ten
	/// minutes after the indexer receives it.
	pub expires_ms: u64,
}

/// A signed request as sent: `payload` is the [`AlertRequest`]'s JSON text, `signature` the
/// account's sr25519 signature of [`signed_message`]`(payload)`, `0x` hex.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedRequest {
	pub payload: String,
	pub signature: String,
}

/// The bytes an account signs for `payload`: the payload wrapped in `<Bytes>`...`</Bytes>`, as
/// polkadot.js and wallets' `signRaw` wrap a message, so that a browser wallet can sign the
/// same request (and so that no signed request is ever a valid transaction).
pub fn signed_message(payload: &str) -> Vec<u8> {
	format!("<Bytes>{payload}</Bytes>").into_bytes()
}

/// A channel an account's alerts go to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Subscription {
	/// `webhook` or `email`.
	pub channel: String,
	/// The webhook's URL or the e-mail address.
	pub target: String,
	/// The first block whose alerts it receives: the one after the index's last when it
	/// subscribed.
	pub from_block: u64,
}

/// An alert sent, or being sent, to a channel.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Delivery {
	/// The alert's block and index in it.
	pub block: u64,
	pub event_index: u32,
	/// The chain's name of the event.
	pub event: String,
	/// `webhook` or `email`.
	pub channel: String,
	/// `pending` (retried with backoff), `sent` or `failed` (given up).
	pub state: String,
	/// Attempts made.
	pub attempts: u32,
	/// Why the last attempt failed.
	pub last_error: Option<String>,
	/// When it was sent, in milliseconds since the Unix epoch.
	pub sent_ms: Option<u64>,
}

/// The answer to a signed request: the account's subscriptions and last deliveries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AlertsAnswer {
	pub account: String,
	pub subscriptions: Vec<Subscription>,
	pub deliveries: Vec<Delivery>,
}

/// `/api/alerts/key`: the key the indexer signs its webhooks with, and what a request names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AlertsKey {
	/// Its ed25519 public key, `0x` hex.
	pub key: String,
	/// The chain's genesis hash, `0x` hex.
	pub chain: String,
	/// Whether it mails alerts (an SMTP server is configured).
	pub email: bool,
}

/// The body of a webhook: one alert, for one account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WebhookBody {
	/// The delivery's id (`block-index-account`): the same for every attempt of it, so that a
	/// receiver that got it twice (an answer lost) can tell.
	pub delivery: String,
	/// The account the alert is for.
	pub account: String,
	/// The chain's name of the event.
	pub event: String,
	/// The contract it is about.
	pub contract: Option<u64>,
	/// The node it is about.
	pub node: Option<u32>,
	/// The block, and its time (RFC 3339, UTC).
	pub block: u64,
	pub time: String,
	/// The event's fields.
	pub data: serde_json::Value,
}

/// The header that carries a webhook's signature: `t=<ms>,ed25519=<0x hex>`, the indexer's
/// ed25519 signature of `<ms>.<body>`.
pub const SIGNATURE_HEADER: &str = "x-sc4it-signature";

/// What the indexer signs for a webhook sent at `time_ms` with `body`.
pub fn webhook_message(time_ms: u64, body: &[u8]) -> Vec<u8> {
	let mut message = format!("{time_ms}.").into_bytes();
	message.extend_from_slice(body);
	message
}

/// One line of an account's statement: money in or out of its contracts, or what one period of
/// a contract's node cost it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatementEntry {
	/// The block that recorded it, and its time.
	pub block: u64,
	pub time_ms: u64,
	/// `deposit` (a contract created), `top_up`, `charge` (a period of its node's health),
	/// `refund`, `debt_recorded` or `debt_paid`.
	pub kind: String,
	/// The contract.
	pub contract: u64,
	/// In planck, decimal text.
	pub amount: String,
	/// Who paid a deposit or a top-up, who received a refund, who owes a debt.
	pub account: Option<String>,
	/// A charge's period `[from, to)` and the blocks of it billed, and the report that
	/// confirmed it.
	pub from: Option<u64>,
	pub to: Option<u64>,
	pub billed_blocks: Option<u64>,
	pub report: Option<String>,
}

/// What one contract was charged in a statement's range.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ContractCharges {
	pub contract: u64,
	pub billed_blocks: u64,
	/// In planck, decimal text.
	pub charged: String,
}

/// An account's totals over a statement's range, in planck (decimal text).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatementTotals {
	/// Moved into the escrow when its contracts were created.
	pub deposited: String,
	/// Added to any contract by the account.
	pub topped_up: String,
	/// Added to its contracts by others.
	pub topped_up_by_others: String,
	/// What its contracts' nodes' healthy blocks cost them.
	pub charged: String,
	/// Returned to it.
	pub refunded: String,
	/// Left unpaid when its contracts ended, and paid since.
	pub debt_recorded: String,
	pub debt_paid: String,
}

/// An account's statement for a range of days (`/api/accounts/{account}/statement`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccountStatement {
	pub account: String,
	/// The first and last day, UTC, both included.
	pub from: String,
	pub to: String,
	/// Every entry, in the order of the chain.
	pub entries: Vec<StatementEntry>,
	/// What each contract was charged, by contract.
	pub contracts: Vec<ContractCharges>,
	pub totals: StatementTotals,
}

/// A node as the node finder lists it (`/api/nodes`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FoundNode {
	pub node: u32,
	pub farm: u32,
	pub farm_name: String,
	/// What it offers and what is free of it, in GiB (`None`: not known to the index yet).
	pub ssd_gib: Option<u64>,
	pub hdd_gib: Option<u64>,
	pub ssd_free_gib: Option<u64>,
	pub hdd_free_gib: Option<u64>,
	/// The price of one GiB of the disk asked for (SSD if none) for one block, in planck: what
	/// a contract created now pays, its farm's own (within governance's bounds) or the grid's.
	pub price_per_gib_block: Option<String>,
	/// Whether that is the farm's own price (not the grid's).
	#[serde(default)]
	pub own_price: bool,
	/// A rise the farm set that is yet to apply.
	#[serde(default)]
	pub price_rise: Option<PriceRise>,
	/// Its health in the window, in blocks, from the chain's records: healthy, recorded down,
	/// recorded of unknown health (no verdict: an outage of the oracle, withheld verdicts), and
	/// not recorded yet (the last period, up to the index's last block).
	pub healthy_blocks: u64,
	pub down_blocks: u64,
	pub unknown_blocks: u64,
	pub unrecorded_blocks: u64,
	/// Healthy blocks over the blocks recorded healthy or down, in percent (`None`: none of
	/// either).
	pub uptime: Option<f64>,
}

/// A farm's higher price, and the first block whose new contracts pay it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PriceRise {
	pub price_per_gib_block: String,
	pub from_block: u64,
}

/// The node finder's answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NodeFinder {
	/// The window: the last `days` days, from block `from_block` (a multiple of the index's mark
	/// interval, so a little more than `days` days) to `to_block` (the index's last block).
	pub days: u32,
	pub from_block: u64,
	pub to_block: u64,
	/// The nodes that pass the filters, in the order asked for.
	pub nodes: Vec<FoundNode>,
	/// How many passed before `limit` cut the list.
	pub matched: usize,
}

// A contract's history (`/api/contracts/{id}`), a node's health (`/api/nodes/{id}/health`) and
// a farm's statement (`/api/farms/{id}/statement`): blocks and times as the index keeps them.

/// A charge, as the contract's history shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Charge {
	pub block: i64,
	pub time_ms: i64,
	pub amount: String,
	pub billed_blocks: i64,
	pub report: Option<String>,
}

/// Money into or out of a contract other than a charge.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Movement {
	pub block: i64,
	pub time_ms: i64,
	pub kind: String,
	pub account: Option<String>,
	pub amount: String,
}

/// One period of a contract's node's health, with what it cost the contract.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ContractPeriod {
	/// The block whose report recorded the period.
	pub block: i64,
	/// The period, `[from, to)`.
	pub from: i64,
	pub to: i64,
	/// Whether the node was healthy in it (a down or unknown period costs nothing).
	pub healthy: bool,
	/// The blocks of the period the contract is billed for: healthy, from its deployment on,
	/// before its end.
	pub billed_blocks: i64,
	/// What they cost: its rate times the billed blocks, in planck (decimal text).
	pub due: String,
	/// The report that confirmed the period.
	pub report: String,
}

/// A period of a node's health timeline, with the block that recorded it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HealthPeriod {
	pub block: i64,
	pub from: i64,
	pub to: i64,
	pub healthy: bool,
	pub down: bool,
	pub report: String,
}

/// A payout, as a statement lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payout {
	pub block: i64,
	pub time_ms: i64,
	pub account: String,
	pub amount: String,
}

/// A contract's record and its histories (`/api/contracts/{id}`): amounts in planck, decimal
/// text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ContractHistory {
	pub id: i64,
	pub owner: String,
	pub node: i64,
	pub size_gib: i64,
	pub disk: String,
	pub rate: String,
	pub deposit: String,
	pub created_block: i64,
	pub deployed_at: Option<i64>,
	pub ended_at: Option<i64>,
	/// Why it ended, in words.
	pub end_reason: Option<String>,
	/// What it was charged and owed when it closed.
	pub closed_charged: Option<String>,
	pub closed_owed: Option<String>,
	/// Its running totals.
	pub charged: String,
	pub topped_up: String,
	pub refunded: String,
	/// The most rows each history holds.
	pub limit: i64,
	pub charges: Vec<Charge>,
	pub movements: Vec<Movement>,
	/// Each period of its node's health that overlaps its billing, with what it cost it.
	pub periods: Vec<ContractPeriod>,
}

/// A farm's statement (`/api/farms/{id}/statement`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FarmStatement {
	pub farm: i64,
	pub name: String,
	pub from: String,
	pub to: String,
	pub payouts: Vec<Payout>,
	/// In planck, decimal text.
	pub total: String,
}
