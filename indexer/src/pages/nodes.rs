//! `/nodes`: the node finder, with the same filters as the API and sortable columns.

use super::{page, tokens};
use crate::{
	api::{ApiError, AppState},
	finder::{self, FinderQuery},
};
use axum::extract::{Query, State};
use maud::{html, Markup};

/// A column header that sorts by `key`, keeping the other filters.
fn sort_link(query: &FinderQuery, key: &str, label: &str) -> Markup {
	let keep = |name: &str, value: &Option<String>| {
		value
			.as_deref()
			.filter(|v| !v.is_empty())
			.map(|v| format!("&{name}={v}"))
			.unwrap_or_default()
	};
	let href = format!(
		"/nodes?sort={key}{}{}{}{}{}{}",
		keep("disk", &query.disk),
		keep("size", &query.size),
		keep("min_uptime", &query.min_uptime),
		keep("days", &query.days),
		keep("farm", &query.farm),
		keep("limit", &query.limit)
	);
	html! { a href=(href) { (label) } }
}

/// `/nodes?disk=&size=&min_uptime=&days=&farm=&sort=`.
pub async fn nodes(
	State(state): State<AppState>,
	Query(query): Query<FinderQuery>,
) -> Result<Markup, ApiError> {
	let filters = query.filters()?;
	let found = finder::find(&state, &filters).await?;
	let value = |v: &Option<String>| v.clone().unwrap_or_default();
	let gib = |v: Option<u64>| v.map_or("-".to_string(), |g| g.to_string());
	let body = html! {
		form action="/nodes" method="get" id="filters" {
			"Disk " select name="disk" {
				option value="" { "any" }
				option value="ssd" selected[filters.disk.as_deref() == Some("ssd")] { "SSD" }
				option value="hdd" selected[filters.disk.as_deref() == Some("hdd")] { "HDD" }
			}
			" free GiB ≥ " input name="size" value=(value(&query.size)) size="6";
			" uptime % ≥ " input name="min_uptime" value=(value(&query.min_uptime)) size="5";
			" over " input name="days" value=(filters.days) size="3"; " days"
			" farm " input name="farm" value=(value(&query.farm)) size="5";
			input type="hidden" name="sort" value=(filters.sort);
			" " button { "Find" }
		}
		p.muted {
			(found.matched) " nodes match; uptime over blocks " span id="window-from" { (found.from_block) } " to " span id="window-to" { (found.to_block) }
			" (the last " (found.days) " days, from the chain's health records): healthy blocks over blocks recorded healthy or down."
		}
		table id="nodes" {
			tr {
				th { (sort_link(&query, "node", "node")) }
				th { "farm" }
				th { (sort_link(&query, "free", "free SSD / HDD GiB")) }
				th { (sort_link(&query, "price", "price per GiB-block")) }
				th { (sort_link(&query, "uptime", "uptime")) }
				th { "healthy" } th { "down" } th { "unknown" } th { "not yet recorded" }
			}
			@for node in &found.nodes {
				tr {
					td { (node.node) }
					td { a href=(format!("/farm?id={}", node.farm)) { (node.farm) " " (node.farm_name) } }
					td { (gib(node.ssd_free_gib)) " / " (gib(node.hdd_free_gib)) }
					td id=(format!("price-{}", node.node)) {
						(node.price_per_gib_block.as_deref().and_then(|p| p.parse().ok()).map_or("-".to_string(), |p| tokens(&state, p)))
						@if node.own_price { " (the farm's)" }
						@if let Some(rise) = &node.price_rise {
							br; span.muted { "rises to " (rise.price_per_gib_block.parse().map_or("-".to_string(), |p| tokens(&state, p))) " from block " (rise.from_block) }
						}
					}
					td id=(format!("uptime-{}", node.node)) { (node.uptime.map_or("-".to_string(), |u| format!("{u:.2}%"))) }
					td id=(format!("healthy-{}", node.node)) { (node.healthy_blocks) }
					td id=(format!("down-{}", node.node)) { (node.down_blocks) }
					td { (node.unknown_blocks) } td { (node.unrecorded_blocks) }
				}
			}
		}
		p { code { "sc4it node find" (filters.disk.as_deref().map(|d| format!(" --disk {d}")).unwrap_or_default())
			(if filters.size > 0 { format!(" --size {}GiB", filters.size) } else { String::new() })
			(filters.min_uptime.map(|u| format!(" --min-uptime {u}")).unwrap_or_default())
			" --days " (filters.days) " --sort " (filters.sort) } }
	};
	Ok(page("Nodes", body))
}
