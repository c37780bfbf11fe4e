//! An account's statement for a range of days: what moved into its contracts (deposits,
//! top-ups, its own and others'), what each period of their nodes' health cost them (derived
//! as the contract's page derives it: `periods`), what came back (refunds) and what was left
//! owing (debts). The range is by the time of the block that recorded each entry, in UTC. As
//! JSON for scripts and the CLI, or CSV for a spreadsheet.

use crate::{
	api::{
		account_id, amount, csv_response, csv_time, date_range, ApiError, AppState, StatementQuery,
		MAX_STATEMENT_ROWS,
	},
	periods::Billing,
};
use axum::{
	extract::{Path, Query, State},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use sc4it_client::indexer_api::{
	AccountStatement, ContractCharges, StatementEntry, StatementTotals,
};
use sqlx::Row as _;
use std::collections::BTreeMap;

/// The statements' routes.
pub fn router() -> Router<AppState> {
	Router::new().route("/api/accounts/{account}/statement", get(account_statement))
}

fn unsigned(value: i64) -> u64 {
	u64::try_from(value).unwrap_or(0)
}

/// The statement of `account` from `from` to `to` (YYYY-MM-DD, both included).
pub async fn statement_of(
	state: &AppState,
	account: &str,
	from: &str,
	to: &str,
) -> Result<AccountStatement, ApiError> {
	let (start, end) = date_range(from, to)?;
	// Each of the three queries below takes the account ($1), the range ($2, $3) and the most
	// rows ($4).
	let rows = |sql: &'static str| {
		sqlx::query(sql)
			.bind(account)
			.bind(start)
			.bind(end)
			.bind(MAX_STATEMENT_ROWS + 1)
			.fetch_all(state.store.pool())
	};
	// Money moved, but no period: (block, time, kind, contract, amount, account).
	let money =
		|block: i64, time_ms: i64, kind: String, contract: i64, amount, account| StatementEntry {
			block: unsigned(block),
			time_ms: unsigned(time_ms),
			kind,
			contract: unsigned(contract),
			amount,
			account,
			from: None,
			to: None,
			billed_blocks: None,
			report: None,
		};
	let mut entries: Vec<(i64, i64, StatementEntry)> = Vec::new();
	// Deposits: its contracts created in the range.
	for r in rows(
		"SELECT c.created_block, b.time_ms, c.id, c.deposit FROM contracts c
		 JOIN blocks b ON b.number = c.created_block
		 WHERE c.owner = $1 AND b.time_ms >= $2 AND b.time_ms < $3 ORDER BY c.id LIMIT $4",
	)
	.await?
	{
		let block: i64 = r.try_get(0)?;
		let deposit = money(
			block,
			r.try_get(1)?,
			"deposit".into(),
			r.try_get(2)?,
			r.try_get(3)?,
			Some(account.to_string()),
		);
		entries.push((block, -1, deposit));
	}
	// Money in and out of its contracts, and its top-ups of others' contracts.
	for r in rows(
		"SELECT f.block, f.event_index, b.time_ms, f.kind, f.contract, f.amount, f.account
		 FROM funds f JOIN blocks b ON b.number = f.block
		 WHERE b.time_ms >= $2 AND b.time_ms < $3
		 AND (f.contract IN (SELECT id FROM contracts WHERE owner = $1)
		      OR (f.kind = 'top_up' AND f.account = $1))
		 ORDER BY f.block, f.event_index LIMIT $4",
	)
	.await?
	{
		let block: i64 = r.try_get(0)?;
		let moved =
			money(block, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?);
		entries.push((block, r.try_get(1)?, moved));
	}
	// Charges: each healthy period of its contracts' nodes, recorded in the range, inside the
	// contract's billing.
	for r in rows(
		"SELECT h.block, h.event_index, b.time_ms, c.id, h.from_block, h.to_block, h.report,
		 c.node, c.rate, c.deployed_at, c.ended_at
		 FROM contracts c JOIN health h ON h.node = c.node JOIN blocks b ON b.number = h.block
		 WHERE c.owner = $1 AND c.deployed_at IS NOT NULL AND h.healthy = 1
		 AND h.to_block > c.deployed_at AND (c.ended_at IS NULL OR h.from_block < c.ended_at)
		 AND b.time_ms >= $2 AND b.time_ms < $3
		 ORDER BY h.block, h.event_index, c.id LIMIT $4",
	)
	.await?
	{
		let rate: String = r.try_get(8)?;
		let billing = Billing {
			node: r.try_get(7)?,
			rate: amount(&rate)?,
			deployed_at: r.try_get(9)?,
			ended_at: r.try_get(10)?,
		};
		let (from, to): (i64, i64) = (r.try_get(4)?, r.try_get(5)?);
		let (billed_blocks, due) = billing.due_in(from, to, true);
		if billed_blocks == 0 {
			continue;
		}
		let block: i64 = r.try_get(0)?;
		let mut charge =
			money(block, r.try_get(2)?, "charge".into(), r.try_get(3)?, due.to_string(), None);
		charge.from = Some(unsigned(from));
		charge.to = Some(unsigned(to));
		charge.billed_blocks = Some(unsigned(billed_blocks));
		charge.report = r.try_get(6)?;
		entries.push((block, r.try_get(1)?, charge));
	}
	if entries.len() > MAX_STATEMENT_ROWS as usize {
		return Err(ApiError::bad_request(format!(
			"more than {MAX_STATEMENT_ROWS} entries from {from} to {to}: ask for a shorter range"
		)));
	}
	entries.sort_by_key(|(block, index, entry)| (*block, *index, entry.contract));
	let entries: Vec<StatementEntry> = entries.into_iter().map(|(_, _, entry)| entry).collect();
	let (totals, contracts) = totals(account, &entries)?;
	Ok(AccountStatement {
		account: account.to_string(),
		from: from.to_string(),
		to: to.to_string(),
		entries,
		contracts,
		totals,
	})
}

/// The totals, and each contract's charges.
fn totals(
	account: &str,
	entries: &[StatementEntry],
) -> Result<(StatementTotals, Vec<ContractCharges>), ApiError> {
	let mut sums: BTreeMap<&str, u128> = BTreeMap::new();
	let mut by_contract: BTreeMap<u64, (u64, u128)> = BTreeMap::new();
	for entry in entries {
		let value = amount(&entry.amount)?;
		let key = match entry.kind.as_str() {
			"top_up" if entry.account.as_deref() != Some(account) => "topped_up_by_others",
			"charge" => {
				let contract = by_contract.entry(entry.contract).or_default();
				contract.0 = contract.0.saturating_add(entry.billed_blocks.unwrap_or(0));
				contract.1 = contract.1.saturating_add(value);
				"charged"
			},
			other => other,
		};
		let sum = sums.entry(key).or_default();
		*sum = sum.saturating_add(value);
	}
	let sum = |key: &str| sums.get(key).copied().unwrap_or(0).to_string();
	let totals = StatementTotals {
		deposited: sum("deposit"),
		topped_up: sum("top_up"),
		topped_up_by_others: sum("topped_up_by_others"),
		charged: sum("charged"),
		refunded: sum("refund"),
		debt_recorded: sum("debt_recorded"),
		debt_paid: sum("debt_paid"),
	};
	let contracts = by_contract
		.into_iter()
		.map(|(contract, (billed_blocks, charged))| ContractCharges {
			contract,
			billed_blocks,
			charged: charged.to_string(),
		})
		.collect();
	Ok((totals, contracts))
}

/// The statement as CSV: a line per entry, then the totals.
fn csv(statement: &AccountStatement) -> String {
	let mut body = String::from(
		"block,time_utc,kind,contract,amount_planck,account,from_block,to_block,billed_blocks,report\n",
	);
	let optional = |value: Option<u64>| value.map(|v| v.to_string()).unwrap_or_default();
	for e in &statement.entries {
		let time = csv_time(i64::try_from(e.time_ms).unwrap_or(0));
		body.push_str(&format!(
			"{},{time},{},{},{},{},{},{},{},{}\n",
			e.block,
			e.kind,
			e.contract,
			e.amount,
			e.account.as_deref().unwrap_or_default(),
			optional(e.from),
			optional(e.to),
			optional(e.billed_blocks),
			e.report.as_deref().unwrap_or_default()
		));
	}
	let t = &statement.totals;
	for (name, value) in [
		("deposited", &t.deposited),
		("topped_up", &t.topped_up),
		("topped_up_by_others", &t.topped_up_by_others),
		("charged", &t.charged),
		("refunded", &t.refunded),
		("debt_recorded", &t.debt_recorded),
		("debt_paid", &t.debt_paid),
	] {
		body.push_str(&format!("total,,{name},,{value},,,,,\n"));
	}
	body
}

/// `GET /api/accounts/{account}/statement?from=&to=[&format=csv]`.
async fn account_statement(
	State(state): State<AppState>,
	Path(account): Path<String>,
	Query(query): Query<StatementQuery>,
) -> Result<Response, ApiError> {
	let account = account_id(&account)?;
	let csv_wanted = query.wants_csv()?;
	let statement = statement_of(&state, &account, &query.from, &query.to).await?;
	if !csv_wanted {
		return Ok(Json(statement).into_response());
	}
	let filename = format!("statement-{account}-{}-{}.csv", statement.from, statement.to);
	Ok(csv_response(&filename, csv(&statement)))
}
