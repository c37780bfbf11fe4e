//! `/contract?id=`: one contract's page.

use super::{bar_chart, card, page, parse_amount, short, tokens, utc, IdQuery, PAGE_ROWS};
use crate::{
	api::{self, ApiError, AppState},
	periods::{self, ContractPeriod},
};
use axum::extract::{Query, State};
use maud::{html, Markup};
use sqlx::Row as _;

/// `/contract?id=`: its state and runway (live, from the chain), its charges over time and
/// each one's block and report, its top-ups and refunds (from the index).
pub async fn contract(
	State(state): State<AppState>,
	Query(query): Query<IdQuery>,
) -> Result<Markup, ApiError> {
	let id = api::number(query.id.trim(), "contract id")?;
	let pool = state.store.pool();
	let row = sqlx::query(
		"SELECT owner, node, size_gib, disk, rate, deposit, created_block, deployed_at, ended_at,
		        end_reason, charged FROM contracts WHERE id = $1",
	)
	.bind(id)
	.fetch_optional(pool)
	.await?
	.ok_or_else(|| ApiError::not_found(format!("no contract {id} in the index")))?;
	let owner: String = row.try_get(0)?;
	// The most recent charges, oldest first; the total is the index's running one.
	let charges = api::recent_charges(&state, id, PAGE_ROWS).await?;
	let charged = parse_amount(&row.try_get::<String, _>(10)?);
	let periods = match api::billing_of(&row)? {
		Some(billing) => periods::contract_periods(pool, billing, PAGE_ROWS).await?,
		None => Vec::new(),
	};
	let live = state.live_contract(id).await;
	let state_text = match (&live, row.try_get::<Option<String>, _>(9)?) {
		(Some(view), _) => view.state.clone(),
		(None, Some(reason)) => format!("ended: {reason}"),
		(None, None) => "unknown (the chain cannot be read)".into(),
	};
	let body = html! {
		div {
			(card("state", &state_text, "state"))
			(card("owner", &owner, "owner"))
			// A live contract's charges include those confirmed and not yet moved (no event yet).
			(card("charged", tokens(&state, live.as_ref().map_or(charged, |view| view.charged)), "charged"))
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
			h2 { "Automatic top-up" }
			p id="auto-top-up" {
				@if let Some(auto) = &view.auto_top_up {
					(tokens(&state, auto.amount)) " each time its runway gets low, at most "
					(tokens(&state, auto.cap)) " a period; " (tokens(&state, auto.spent))
					" spent in the period that ends " (auto.period_ends)
				} @else {
					"none: its owner funds it by hand (" code { "sc4it contract auto-top-up" } ")"
				}
			}
		}
		h2 { "Charges over time" }
		(bar_chart(&charges.iter().map(|c| (c.block, parse_amount(&c.amount))).collect::<Vec<_>>()))
		table id="charges" {
			tr { th { "block" } th { "time" } th { "charged" } th { "blocks billed" } th { "report" } }
			@for charge in &charges {
				tr {
					td { a href=(format!("/block?number={}", charge.block)) { (charge.block) } }
					td { (utc(charge.time_ms)) }
					td { (tokens(&state, parse_amount(&charge.amount))) }
					td { (charge.billed_blocks) }
					td {
						@if let Some(report) = &charge.report {
							a href=(format!("/report?hash={report}")) { code { (short(report)) } }
						} @else { "-" }
					}
				}
			}
		}
		h2 { "Per period of its node's health" }
		p.muted {
			"A contract in its node's stream is charged no event per period: each period of "
			"health its node's report confirmed costs its rate times the healthy blocks of its "
			"billing, settled into the figures above at its next event."
		}
		(periods_table(&state, &periods))
		h2 { "Act on it (signed, in the command line)" }
		p { code { "sc4it --suri <owner or anyone> contract top-up " (id) " --amount <SC4>" } }
		p { code { "sc4it --suri <owner> contract cancel " (id) } }
		p { code { "sc4it contract history " (id) } }
	};
	Ok(page(&format!("Contract {id}"), body))
}

/// The periods of the contract's node's health that overlap its billing, with what each cost it.
fn periods_table(state: &AppState, periods: &[ContractPeriod]) -> Markup {
	html! {
		table id="periods" {
			tr {
				th { "blocks" } th { "health" } th { "blocks billed" } th { "cost" } th { "recorded at" }
				th { "report" }
			}
			@for period in periods {
				tr {
					td { (period.from) "–" (period.to) }
					td { @if period.healthy { "healthy" } @else { "down or unknown" } }
					td { (period.billed_blocks) }
					td { (tokens(state, parse_amount(&period.due))) }
					td { a href=(format!("/block?number={}", period.block)) { (period.block) } }
					td { a href=(format!("/report?hash={}", period.report)) { code { (short(&period.report)) } } }
				}
			}
		}
	}
}
