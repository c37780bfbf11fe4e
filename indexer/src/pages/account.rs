//! `/user?account=`: an account's page: its contracts, its alerts and its statement.

use super::{card, page, parse_amount, tokens, utc};
use crate::api::{self, ApiError, AppState};
use axum::extract::{Query, State};
use chrono::Datelike;
use maud::{html, Markup};
use sc4it_client::indexer_api::AccountStatement;
use serde::Deserialize;
use sqlx::Row as _;

/// A contract of an account: id, node, why it ended, what it was charged and owes at its close.
type AccountContract = (i64, i64, Option<String>, Option<String>, Option<String>);

/// The most contracts an account's page lists.
const USER_CONTRACTS: i64 = 100;
/// The alerts an account's page lists, the most recent first.
const USER_ALERTS: i64 = 20;

/// An alert's fields, but for the contract and node it has its own columns for.
fn alert_details(data: &serde_json::Value) -> String {
	match data {
		serde_json::Value::Object(fields) => fields
			.iter()
			.filter(|(name, _)| !matches!(name.as_str(), "contract" | "node"))
			.map(|(name, value)| match value {
				serde_json::Value::String(text) => format!("{}: {text}", name.replace('_', " ")),
				other => format!("{}: {other}", name.replace('_', " ")),
			})
			.collect::<Vec<_>>()
			.join(", "),
		other => other.to_string(),
	}
}

#[derive(Deserialize)]
pub struct AccountQuery {
	pub account: String,
	/// The statement's first and last day (YYYY-MM-DD): the current month by default.
	pub from: Option<String>,
	pub to: Option<String>,
}

/// `/user?account=`: the account's contracts, with what they hold, were charged and owe.
pub async fn user(
	State(state): State<AppState>,
	Query(query): Query<AccountQuery>,
) -> Result<Markup, ApiError> {
	let account = api::account_id(&query.account)?;
	let pool = state.store.pool();
	let contracts: Vec<AccountContract> = sqlx::query(
		"SELECT id, node, end_reason, closed_charged, closed_owed FROM contracts
		 WHERE owner = $1 ORDER BY id LIMIT $2",
	)
	.bind(&account)
	.bind(USER_CONTRACTS + 1)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let alerts = crate::alerts::of_account(&state, &account, USER_ALERTS).await?;
	if contracts.is_empty() && alerts.is_empty() {
		return Err(ApiError::not_found(format!("no contract or alert of {account} in the index")));
	}
	let truncated = contracts.len() > USER_CONTRACTS as usize;
	let running: Vec<i64> = contracts
		.iter()
		.take(USER_CONTRACTS as usize)
		.filter(|c| c.2.is_none())
		.map(|c| c.0)
		.collect();
	let mut live_contracts = state.live_contracts(&running).await;
	let mut rows = Vec::new();
	let (mut held, mut charged, mut owed) = (0u128, 0u128, 0u128);
	// Ended contracts' books are in the index; the others' are read from the chain.
	for (id, node, ended, closed_charged, closed_owed) in
		contracts.iter().take(USER_CONTRACTS as usize)
	{
		let live = live_contracts.remove(id);
		if let Some(view) = &live {
			held = held.saturating_add(view.held);
			charged = charged.saturating_add(view.charged);
			owed = owed.saturating_add(view.owed);
		}
		charged = charged.saturating_add(closed_charged.as_deref().map_or(0, parse_amount));
		owed = owed.saturating_add(closed_owed.as_deref().map_or(0, parse_amount));
		rows.push((*id, *node, ended.clone(), live));
	}
	let body = html! {
		div {
			(card("contracts", rows.len(), "contracts"))
			(card("held", tokens(&state, held), "held"))
			(card("charged", tokens(&state, charged), "charged"))
			(card("owed", tokens(&state, owed), "owed"))
		}
		@if truncated {
			p.muted { "The first " (USER_CONTRACTS) " contracts only: the command line lists them all." }
		}
		table id="contracts" {
			tr { th { "contract" } th { "node" } th { "state" } th { "held" } th { "paid until" } th { "automatic top-up" } }
			@for (id, node, ended, live) in &rows {
				tr {
					td { a href=(format!("/contract?id={id}")) { (id) } }
					td { (node) }
					td { @if let Some(view) = live { (view.state) } @else { (ended.as_deref().map_or("-".to_string(), |r| format!("ended: {r}"))) } }
					td { @if let Some(view) = live { (tokens(&state, view.held)) } @else { "-" } }
					td { @if let Some(view) = live { (view.paid_until_date.clone().unwrap_or_default()) } @else { "-" } }
					td { @if let Some(auto) = live.as_ref().and_then(|view| view.auto_top_up.as_ref()) { (tokens(&state, auto.amount)) " a top-up, " (tokens(&state, auto.spent)) " of " (tokens(&state, auto.cap)) " spent" } @else { "-" } }
				}
			}
		}
		p { code { "sc4it contract list --owner " (account) } }
		h2 { "Alerts" }
		@if alerts.is_empty() {
			p.muted { "No alert yet." }
		} @else {
			table id="alerts" {
				tr { th { "time" } th { "block" } th { "event" } th { "contract" } th { "node" } th { "details" } }
				@for alert in &alerts {
					tr {
						td { (utc(i64::try_from(alert.time_ms).unwrap_or(i64::MAX))) }
						td { a href=(format!("/block?number={}", alert.block)) { (alert.block) } }
						td { (alert.event) }
						td { @if let Some(id) = alert.contract { a href=(format!("/contract?id={id}")) { (id) } } @else { "-" } }
						td { (alert.node.map_or("-".to_string(), |n| n.to_string())) }
						td { (alert_details(&alert.data)) }
					}
				}
			}
		}
	};
	let (from, to) = statement_range(&query);
	let statement = crate::statements::statement_of(&state, &account, &from, &to).await?;
	let body = html! {
		(body)
		(statement_section(&state, &statement))
	};
	Ok(page(&format!("Account {account}"), body))
}

/// The statement's range: as asked, or the current month so far (UTC).
fn statement_range(query: &AccountQuery) -> (String, String) {
	let now_ms = i64::try_from(crate::alerts::requests::now_ms()).unwrap_or(0);
	let today = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default().date_naive();
	let first = today.with_day(1).unwrap_or(today);
	(
		query.from.clone().unwrap_or_else(|| first.to_string()),
		query.to.clone().unwrap_or_else(|| today.to_string()),
	)
}

/// The account's statement: totals, each contract's charges, a form for another range and the
/// CSV.
fn statement_section(state: &AppState, statement: &AccountStatement) -> Markup {
	let t = &statement.totals;
	let sum = |text: &str| tokens(state, parse_amount(text));
	let csv = format!(
		"/api/accounts/{}/statement?from={}&to={}&format=csv",
		statement.account, statement.from, statement.to
	);
	html! {
		h2 { "Statement" }
		form action="/user" method="get" {
			input type="hidden" name="account" value=(statement.account);
			"From " input name="from" value=(statement.from) size="10";
			" to " input name="to" value=(statement.to) size="10";
			" " button { "Show" }
			" " a href=(csv) { "CSV" }
		}
		table id="statement-totals" {
			tr { th { "deposited" } th { "topped up" } th { "topped up by others" } th { "charged" } th { "refunded" } th { "debt recorded" } th { "debt paid" } }
			tr {
				td id="statement-deposited" { (sum(&t.deposited)) }
				td id="statement-topped-up" { (sum(&t.topped_up)) }
				td { (sum(&t.topped_up_by_others)) }
				td id="statement-charged" { (sum(&t.charged)) }
				td id="statement-refunded" { (sum(&t.refunded)) }
				td { (sum(&t.debt_recorded)) }
				td { (sum(&t.debt_paid)) }
			}
		}
		@if !statement.contracts.is_empty() {
			table id="statement-contracts" {
				tr { th { "contract" } th { "blocks billed" } th { "charged" } }
				@for c in &statement.contracts {
					tr {
						td { a href=(format!("/contract?id={}", c.contract)) { (c.contract) } }
						td { (c.billed_blocks) }
						td { (sum(&c.charged)) }
					}
				}
			}
		}
		p { code { "sc4it account statement " (statement.account) " --from " (statement.from) " --to " (statement.to) " --csv" } }
	}
}
