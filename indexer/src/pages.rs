//! The dashboard: HTML pages rendered on the server (maud), charts as inline SVG, the styles in
//! the page: nothing is fetched from elsewhere, so it works on an offline machine. Pages read;
//! what signs (create, top up, cancel) stays in the CLI, whose exact command each page shows.

use crate::api::{ApiError, AppState};
use axum::extract::{Query, State};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use sqlx::Row as _;

const STYLE: &str = "
body { font-family: system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
header { background: #1d3b53; color: white; padding: 0.6rem 1.2rem; }
header a { color: white; margin-right: 1.2rem; text-decoration: none; }
main { padding: 1rem 1.2rem; max-width: 70rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; background: white; }
th, td { text-align: left; padding: 0.25rem 0.7rem; border-bottom: 1px solid #dde1e6; }
th { font-size: 0.8rem; text-transform: uppercase; color: #55606b; }
code { background: #e9edf1; padding: 0.1rem 0.35rem; border-radius: 3px; }
.figure { font-size: 1.4rem; font-weight: 600; }
.card { display: inline-block; background: white; padding: 0.6rem 1rem; margin: 0 0.8rem 0.8rem 0;
        border: 1px solid #dde1e6; border-radius: 4px; min-width: 9rem; }
.muted { color: #6b7680; }
";

/// Every page's frame: the navigation and the styles.
fn page(title: &str, body: Markup) -> Markup {
	html! {
		(DOCTYPE)
		html lang="en" {
			head {
				meta charset="utf-8";
				title { (title) " · sc4it" }
				style { (PreEscaped(STYLE)) }
			}
			body {
				header {
					a href="/" { "sc4it" }
					a href="/network" { "Network" }
					form action="/contract" method="get" style="display:inline" {
						input name="id" placeholder="contract id" size="10";
					}
					" "
					form action="/farm" method="get" style="display:inline" {
						input name="id" placeholder="farm id" size="8";
					}
					" "
					form action="/user" method="get" style="display:inline" {
						input name="account" placeholder="account (SS58)" size="30";
					}
				}
				main { h1 { (title) } (body) }
			}
		}
	}
}

fn card(label: &str, value: impl maud::Render, id: &str) -> Markup {
	html! { div.card { div.muted { (label) } div.figure id=(id) { (value) } } }
}

/// An amount of planck (decimal text) in the chain's token.
fn tokens(state: &AppState, planck: u128) -> String {
	state.token().format(planck)
}

fn utc(time_ms: i64) -> String {
	chrono::DateTime::from_timestamp_millis(time_ms)
		.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
		.unwrap_or_default()
}

fn parse_amount(text: &str) -> u128 {
	text.parse().unwrap_or(0)
}

/// Bars of `values` over blocks, scaled to the largest.
fn bar_chart(values: &[(i64, u128)]) -> Markup {
	let (width, height) = (640.0, 140.0);
	let largest = values.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1) as f64;
	let step = width / values.len().max(1) as f64;
	html! {
		svg width=(width) height=(height + 20.0) role="img" aria-label="charges over time" {
			@for (i, (block, value)) in values.iter().enumerate() {
				@let h = (*value as f64 / largest) * height;
				rect x=(i as f64 * step) y=(height - h) width=((step - 1.0).max(1.0)) height=(h) fill="#2f7bbf" {
					title { "block " (block) ": " (value) " planck" }
				}
			}
			line x1="0" y1=(height) x2=(width) y2=(height) stroke="#55606b";
		}
	}
}

/// A node's health timeline from block `start` to `end`: healthy green, down red, unknown grey.
fn timeline(periods: &[(i64, i64, bool, bool)], start: i64, end: i64) -> Markup {
	let width = 640.0;
	let span = (end - start).max(1) as f64;
	let x = |block: i64| ((block - start) as f64 / span) * width;
	html! {
		svg width=(width) height="24" role="img" aria-label="health timeline" {
			rect x="0" y="0" width=(width) height="24" fill="#c9ced4";
			@for (from, to, healthy, down) in periods {
				@let colour = if *healthy { "#2e9d5b" } else if *down { "#c8402f" } else { "#c9ced4" };
				@let verdict = if *healthy { "healthy" } else if *down { "down" } else { "no report" };
				rect x=(x(*from)) y="0" width=((x(*to) - x(*from)).max(1.0)) height="24" fill=(colour)
					class=(verdict) {
					title { "blocks " (from) "–" (to) ": " (verdict) }
				}
			}
		}
	}
}

#[derive(Deserialize)]
pub struct IdQuery {
	pub id: String,
}

/// `/contract?id=`: its state and runway (live, from the chain), its charges over time and
/// each one's block and report, its top-ups and refunds (from the index).
pub async fn contract(
	State(state): State<AppState>,
	Query(query): Query<IdQuery>,
) -> Result<Markup, ApiError> {
	let id: i64 = query
		.id
		.trim()
		.parse()
		.map_err(|_| ApiError::bad_request(format!("not a contract id: {}", query.id)))?;
	let pool = state.store.pool();
	let row = sqlx::query("SELECT owner, node, size_gib, disk, rate, deposit, ended_at, end_reason FROM contracts WHERE id = $1")
		.bind(id)
		.fetch_optional(pool)
		.await?
		.ok_or_else(|| ApiError::not_found(format!("no contract {id} in the index")))?;
	let owner: String = row.try_get(0)?;
	let charges: Vec<(i64, i64, String, i64, Option<String>)> = sqlx::query(
		"SELECT c.block, b.time_ms, c.amount, c.billed_blocks, c.report FROM charges c
		 JOIN blocks b ON b.number = c.block WHERE c.contract = $1 ORDER BY c.block, c.event_index",
	)
	.bind(id)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let charged: u128 = charges.iter().map(|c| parse_amount(&c.2)).sum();
	let live = state.live_contract(id).await;
	let state_text = match (&live, row.try_get::<Option<String>, _>(7)?) {
		(Some(view), _) => view.state.clone(),
		(None, Some(reason)) => format!("ended: {reason}"),
		(None, None) => "unknown (the chain cannot be read)".into(),
	};
	let body = html! {
		div {
			(card("state", &state_text, "state"))
			(card("owner", &owner, "owner"))
			(card("charged", tokens(&state, charged), "charged"))
			@if let Some(view) = &live {
				(card("held", tokens(&state, view.held), "held"))
				(card("paid until", view.paid_until_date.clone().unwrap_or_else(|| "-".into()), "paid-until"))
			}
		}
		@if let Some(view) = &live {
			@let total = (view.held + view.charged).max(1);
			@let left = (view.held as f64 / total as f64 * 100.0).round();
			h2 { "Runway" }
			div style="background:#c9ced4;width:640px;height:18px" {
				div id="runway" style=(format!("background:#2e9d5b;width:{left}%;height:18px")) {}
			}
			p.muted { (left) "% of its funds left; paid until " (view.paid_until_date.clone().unwrap_or_default()) }
		}
		h2 { "Charges over time" }
		(bar_chart(&charges.iter().map(|c| (c.0, parse_amount(&c.2))).collect::<Vec<_>>()))
		table id="charges" {
			tr { th { "block" } th { "time" } th { "charged" } th { "blocks billed" } th { "report" } }
			@for (block, time, amount, billed, report) in &charges {
				tr {
					td { (block) }
					td { (utc(*time)) }
					td { (tokens(&state, parse_amount(amount))) }
					td { (billed) }
					td { code { (report.as_deref().unwrap_or("-")) } }
				}
			}
		}
		h2 { "Act on it (signed, in the command line)" }
		p { code { "sc4it --suri <owner or anyone> contract top-up " (id) " --amount <SC4>" } }
		p { code { "sc4it --suri <owner> contract cancel " (id) } }
		p { code { "sc4it contract history " (id) } }
	};
	Ok(page(&format!("Contract {id}"), body))
}

/// `/farm?id=`: its nodes with their uptime timelines, its payouts, and a CSV statement.
pub async fn farm(
	State(state): State<AppState>,
	Query(query): Query<IdQuery>,
) -> Result<Markup, ApiError> {
	let id: i64 = query
		.id
		.trim()
		.parse()
		.map_err(|_| ApiError::bad_request(format!("not a farm id: {}", query.id)))?;
	let pool = state.store.pool();
	let name: String = sqlx::query("SELECT name FROM farms WHERE id = $1")
		.bind(id)
		.fetch_optional(pool)
		.await?
		.ok_or_else(|| ApiError::not_found(format!("no farm {id} in the index")))?
		.try_get(0)?;
	let nodes: Vec<i64> = sqlx::query("SELECT id FROM nodes WHERE farm = $1 ORDER BY id")
		.bind(id)
		.fetch_all(pool)
		.await?
		.into_iter()
		.map(|r| r.try_get(0))
		.collect::<Result<_, sqlx::Error>>()?;
	let last: i64 = state.progress_indexed().map_or(0, i64::from);
	let mut timelines = Vec::new();
	for node in &nodes {
		let periods: Vec<(i64, i64, bool, bool)> = sqlx::query(
			"SELECT from_block, to_block, healthy, down FROM health WHERE node = $1 ORDER BY from_block",
		)
		.bind(*node)
		.fetch_all(pool)
		.await?
		.into_iter()
		.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? != 0, r.try_get::<i64, _>(3)? != 0)))
		.collect::<Result<_, sqlx::Error>>()?;
		timelines.push((*node, periods));
	}
	let payouts: Vec<(i64, i64, String)> = sqlx::query(
		"SELECT p.block, b.time_ms, p.amount FROM payouts p JOIN blocks b ON b.number = p.block
		 WHERE p.farm = $1 ORDER BY p.block, p.event_index",
	)
	.bind(id)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let paid: u128 = payouts.iter().map(|p| parse_amount(&p.2)).sum();
	let body = html! {
		div {
			(card("name", &name, "name"))
			(card("nodes", nodes.len(), "nodes"))
			(card("paid", tokens(&state, paid), "paid"))
		}
		h2 { "Uptime" }
		@for (node, periods) in &timelines {
			@let down: Vec<_> = periods.iter().filter(|p| p.3).collect();
			h3 { "Node " (node) }
			(timeline(periods, 0, last))
			p.muted { (periods.len()) " periods; " span class="down-periods" { (down.len()) } " down" }
		}
		h2 { "Payouts" }
		table id="payouts" {
			tr { th { "block" } th { "time" } th { "amount" } }
			@for (block, time, amount) in &payouts {
				tr { td { (block) } td { (utc(*time)) } td { (tokens(&state, parse_amount(amount))) } }
			}
		}
		h2 { "Statement" }
		form action=(format!("/api/farms/{id}/statement")) method="get" {
			input type="hidden" name="format" value="csv";
			"From " input type="date" name="from" required;
			" to " input type="date" name="to" required;
			" " button { "Download CSV" }
		}
		p { code { "sc4it farm statement " (id) " --from <YYYY-MM-DD> --to <YYYY-MM-DD> --csv" } }
	};
	Ok(page(&format!("Farm {id}"), body))
}

#[derive(Deserialize)]
pub struct AccountQuery {
	pub account: String,
}

/// `/user?account=`: the account's contracts, with what they hold, were charged and owe.
pub async fn user(
	State(state): State<AppState>,
	Query(query): Query<AccountQuery>,
) -> Result<Markup, ApiError> {
	let account = query.account.trim().to_string();
	let pool = state.store.pool();
	let contracts: Vec<(i64, i64, Option<String>)> =
		sqlx::query("SELECT id, node, end_reason FROM contracts WHERE owner = $1 ORDER BY id")
			.bind(&account)
			.fetch_all(pool)
			.await?
			.into_iter()
			.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
			.collect::<Result<_, sqlx::Error>>()?;
	if contracts.is_empty() {
		return Err(ApiError::not_found(format!("no contract of {account} in the index")));
	}
	let mut rows = Vec::new();
	let (mut held, mut charged, mut owed) = (0u128, 0u128, 0u128);
	for (id, node, ended) in &contracts {
		let live = state.live_contract(*id).await;
		if let Some(view) = &live {
			held += view.held;
			charged += view.charged;
			owed += view.owed;
		}
		rows.push((*id, *node, ended.clone(), live));
	}
	let body = html! {
		div {
			(card("contracts", contracts.len(), "contracts"))
			(card("held", tokens(&state, held), "held"))
			(card("charged (live contracts)", tokens(&state, charged), "charged"))
			(card("owed", tokens(&state, owed), "owed"))
		}
		table id="contracts" {
			tr { th { "contract" } th { "node" } th { "state" } th { "held" } th { "paid until" } }
			@for (id, node, ended, live) in &rows {
				tr {
					td { a href=(format!("/contract?id={id}")) { (id) } }
					td { (node) }
					td { @if let Some(view) = live { (view.state) } @else { (ended.as_deref().map_or("-".to_string(), |r| format!("ended: {r}"))) } }
					td { @if let Some(view) = live { (tokens(&state, view.held)) } @else { "-" } }
					td { @if let Some(view) = live { (view.paid_until_date.clone().unwrap_or_default()) } @else { "-" } }
				}
			}
		}
		p { code { "sc4it contract list --owner " (account) } }
	};
	Ok(page(&format!("Account {account}"), body))
}

/// `/network`: the oracle's verdicts, the recent down verdicts with their causes.
pub async fn network(State(state): State<AppState>) -> Result<Markup, ApiError> {
	let pool = state.store.pool();
	let counts: Vec<(String, i64)> =
		sqlx::query("SELECT kind, COUNT(*) FROM verdicts GROUP BY kind ORDER BY kind")
			.fetch_all(pool)
			.await?
			.into_iter()
			.map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
			.collect::<Result<_, sqlx::Error>>()?;
	let downs: Vec<(i64, i64, Option<String>, i64)> = sqlx::query(
		"SELECT block, node, cause, at_block FROM verdicts WHERE kind = 'down' ORDER BY block DESC LIMIT 50",
	)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let progress = state.progress();
	let body = html! {
		div {
			(card("indexed block", progress.indexed.map_or("-".to_string(), |b| b.to_string()), "indexed"))
			(card("finalized block", progress.finalized, "finalized"))
			(card("blocks behind", progress.behind(), "behind"))
		}
		h2 { "The oracle's verdicts" }
		table id="verdicts" {
			tr { th { "verdict" } th { "count" } }
			@for (kind, count) in &counts { tr { td { (kind.replace('_', " ")) } td { (count) } } }
		}
		h2 { "Recent down verdicts" }
		table id="downs" {
			tr { th { "block" } th { "node" } th { "cause" } th { "down until" } }
			@for (block, node, cause, until) in &downs {
				tr { td { (block) } td { (node) } td { (cause.as_deref().unwrap_or("-")) } td { (until) } }
			}
		}
		p { code { "sc4it validator status" } " · " code { "sc4it gov list" } }
	};
	Ok(page("Network", body))
}

/// `/`: where the index is, and where to look.
pub async fn home(State(state): State<AppState>) -> Markup {
	let progress = state.progress();
	page(
		"sc4it dashboard",
		html! {
			div {
				(card("indexed block", progress.indexed.map_or("-".to_string(), |b| b.to_string()), "indexed"))
				(card("blocks behind", progress.behind(), "behind"))
				(card("blocks per second", format!("{:.1}", progress.blocks_per_second), "speed"))
			}
			p { "Look up a contract, a farm or an account above; " a href="/network" { "the network" } "." }
		},
	)
}
