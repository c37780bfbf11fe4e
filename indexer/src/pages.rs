//! The dashboard: HTML pages rendered on the server (maud), charts as inline SVG, the styles in
//! the page: nothing is fetched from elsewhere, so it works on an offline machine. Pages read;
//! what signs (create, top up, cancel) stays in the CLI, whose exact command each page shows.

mod account;
mod contract;
mod nodes;
mod records;

pub use account::user;
pub use contract::contract;
pub use nodes::nodes;
pub use records::{block, report};

use crate::api::{self, ApiError, AppState};
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
					a href="/nodes" { "Nodes" }
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

/// The most rows of a history a page shows (charges, a node's health periods, a report's or a
/// block's rows): the most recent.
const PAGE_ROWS: i64 = 500;
/// The most nodes a farm's page shows.
const FARM_NODES: i64 = 100;
/// The most payouts a farm's page lists (the statement has them all).
const FARM_PAYOUTS: i64 = 100;
/// The blocks over which the network page counts the oracle's verdicts.
const VERDICT_BLOCKS: i64 = 1_000;

/// Bars of `values` over blocks, scaled to the largest.
fn bar_chart(values: &[(i64, u128)]) -> Markup {
	let (width, height) = (640.0, 140.0);
	let largest = values.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1) as f64;
	// A bar is at most 24 px wide, so that a few charges do not look like a wall.
	let step = (width / values.len().max(1) as f64).min(24.0);
	html! {
		svg width=(width) height=(height + 20.0) role="img" aria-label="charges over time" {
			@for (i, (block, value)) in values.iter().enumerate() {
				@let h = (*value as f64 / largest) * height;
				rect x=(i as f64 * step) y=(height - h) width=((step - 1.0).max(1.0)) height=(h) fill="#2f7bbf" {
					title { "block " (block) ": " (value) " planck" }
				}
			}
			line x1="0" y1=(height) x2=(width) y2=(height) stroke="#55606b" {}
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
			// SVG elements are closed explicitly: `<rect>` alone would hold the next ones.
			rect x="0" y="0" width=(width) height="24" fill="#c9ced4" {}
			@for (from, to, healthy, down) in periods {
				@let colour = if *healthy { "#2e9d5b" } else if *down { "#c8402f" } else { "#c9ced4" };
				@let (class, verdict) = if *healthy { ("healthy", "healthy") } else if *down { ("down", "down") } else { ("no-report", "no report") };
				rect x=(x(*from)) y="0" width=((x(*to) - x(*from)).max(1.0)) height="24" fill=(colour)
					class=(class) {
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

/// `/farm?id=`: its nodes with their uptime timelines, its payouts, and a CSV statement.
pub async fn farm(
	State(state): State<AppState>,
	Query(query): Query<IdQuery>,
) -> Result<Markup, ApiError> {
	let id = api::number(query.id.trim(), "farm id")?;
	let pool = state.store.pool();
	let farm_row = sqlx::query("SELECT name, paid FROM farms WHERE id = $1")
		.bind(id)
		.fetch_optional(pool)
		.await?
		.ok_or_else(|| ApiError::not_found(format!("no farm {id} in the index")))?;
	let (name, paid): (String, String) = (farm_row.try_get(0)?, farm_row.try_get(1)?);
	let nodes: Vec<i64> = sqlx::query("SELECT id FROM nodes WHERE farm = $1 ORDER BY id LIMIT $2")
		.bind(id)
		.bind(FARM_NODES)
		.fetch_all(pool)
		.await?
		.into_iter()
		.map(|r| r.try_get(0))
		.collect::<Result<_, sqlx::Error>>()?;
	let last: i64 = state.progress_indexed().map_or(0, i64::from);
	let mut timelines = Vec::new();
	for node in &nodes {
		// The most recent periods, oldest first.
		let mut periods: Vec<(i64, i64, bool, bool)> = sqlx::query(
			"SELECT from_block, to_block, healthy, down FROM health WHERE node = $1
			 ORDER BY from_block DESC LIMIT $2",
		)
		.bind(*node)
		.bind(PAGE_ROWS)
		.fetch_all(pool)
		.await?
		.into_iter()
		.map(|r| {
			Ok((
				r.try_get(0)?,
				r.try_get(1)?,
				r.try_get::<i64, _>(2)? != 0,
				r.try_get::<i64, _>(3)? != 0,
			))
		})
		.collect::<Result<_, sqlx::Error>>()?;
		periods.reverse();
		timelines.push((*node, periods));
	}
	// The most recent payouts, newest first; the total is the index's running one.
	let payouts: Vec<(i64, i64, String)> = sqlx::query(
		"SELECT p.block, b.time_ms, p.amount FROM payouts p JOIN blocks b ON b.number = p.block
		 WHERE p.farm = $1 ORDER BY p.block DESC, p.event_index DESC LIMIT $2",
	)
	.bind(id)
	.bind(FARM_PAYOUTS)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let paid = parse_amount(&paid);
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
			(timeline(periods, periods.first().map_or(0, |p| p.0), last))
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

/// `/network`: the oracle's verdicts, the recent down verdicts with their causes.
pub async fn network(State(state): State<AppState>) -> Result<Markup, ApiError> {
	let pool = state.store.pool();
	let progress = state.progress();
	let counts: Vec<(String, i64)> = sqlx::query(
		"SELECT kind, COUNT(*) FROM verdicts WHERE block > $1 GROUP BY kind ORDER BY kind",
	)
	.bind(i64::from(progress.indexed.unwrap_or(0)) - VERDICT_BLOCKS)
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
	let motions: Vec<(i64, String, String, Option<String>, String)> = sqlx::query(
		"SELECT block, hash, kind, account, detail FROM motions ORDER BY block DESC, event_index DESC LIMIT 50",
	)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
	.collect::<Result<_, sqlx::Error>>()?;
	let governance = state.live_governance().await;
	let body = html! {
		div {
			(card("indexed block", progress.indexed.map_or("-".to_string(), |b| b.to_string()), "indexed"))
			(card("finalized block", progress.finalized, "finalized"))
			(card("blocks behind", progress.behind(), "behind"))
		}
		@if let Some(governance) = &governance {
			h2 { "Validators" }
			table id="validators" {
				tr { th { "account" } th { "now" } }
				@for (account, active) in &governance.validators {
					tr { td { code { (account) } } td { @if *active { "active" } @else { "joins at the next session" } } }
				}
			}
			h2 { "Council" }
			table id="council" {
				tr { th { "member" } }
				@for member in &governance.council { tr { td { code { (member) } } } }
			}
			h2 { "Open motions" }
			table id="motions" {
				tr { th { "#" } th { "if carried" } th { "ayes" } th { "nays" } th { "closes after block" } th { "vote, close" } }
				@for m in &governance.motions {
					tr {
						td { (m.index) }
						td { (m.summary) br; span.muted { code { (short(&m.hash)) } } }
						td { (m.ayes) "/" (m.threshold) }
						td { (m.nays) }
						td { (m.end) }
						td {
							code { "sc4it --suri <member> gov vote " (m.hash) " --index " (m.index) " [--nay]" }
							br;
							code { "sc4it --suri <anyone> gov close " (m.hash) " --index " (m.index) }
						}
					}
				}
			}
		} @else {
			p.muted { "The chain cannot be read now: validators, council and motions are not shown." }
		}
		h2 { "Motions, as they happened" }
		table id="motion-history" {
			tr { th { "block" } th { "motion" } th { "step" } th { "by" } th { "" } }
			@for (block, hash, kind, account, detail) in &motions {
				tr {
					td { a href=(format!("/block?number={block}")) { (block) } }
					td { code { (short(hash)) } }
					td { (kind.replace('_', " ")) }
					td { (account.as_deref().unwrap_or("")) }
					td { (detail) }
				}
			}
		}
		h2 { "The oracle's verdicts, last " (VERDICT_BLOCKS) " blocks" }
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
		p { code { "sc4it validator status --account <validator>" } " · " code { "sc4it gov motions" } }
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

/// The first and last characters of a long hash.
fn short(hash: &str) -> String {
	if hash.len() <= 18 {
		return hash.to_string();
	}
	format!("{}…{}", &hash[..10], &hash[hash.len() - 6..])
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_timeline_draws_each_period_in_its_colour() {
		let drawn =
			timeline(&[(0, 10, true, false), (11, 20, false, true), (21, 30, false, false)], 0, 30)
				.into_string();
		// Closed, so that no period's rectangle sits inside another's.
		assert_eq!(drawn.matches("<rect").count(), drawn.matches("</rect>").count(), "{drawn}");
		assert_eq!(drawn.matches("fill=\"#2e9d5b\"").count(), 1, "{drawn}");
		assert_eq!(drawn.matches("class=\"down\"").count(), 1, "{drawn}");
		assert_eq!(drawn.matches("class=\"no-report\"").count(), 1, "{drawn}");
	}
}
