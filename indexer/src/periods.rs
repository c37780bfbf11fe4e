//! A contract's charge per period of its node's health, derived from the index.
//!
//! A streaming contract is charged no event per period: its node's earnings grow by the summed
//! rate of its contracts with each report, and the contract's own figures are settled only at its
//! events (its funds running out, a top-up, its end). What it paid in a period is still exact:
//! its rate times the blocks of the period that were healthy and inside its billing (from its
//! deployment to its end). This module derives that from the node's `health` rows, so that the
//! audit trail of every charge stays browsable, period by period, each with its report.

pub use sc4it_client::indexer_api::ContractPeriod;
use sqlx::{AnyPool, Row as _};

/// A contract's billing, as the index knows it.
#[derive(Debug, Clone, Copy)]
pub struct Billing {
	pub node: i64,
	pub rate: u128,
	/// Where billing starts: its deployment's block.
	pub deployed_at: i64,
	/// Where it stops: its end's block, if it ended.
	pub ended_at: Option<i64>,
}

impl Billing {
	/// The blocks of `[from, to)` billed to the contract if the node was `healthy`, and their
	/// cost. Saturating: a cost past `u128` cannot come from a real rate and period.
	pub fn due_in(&self, from: i64, to: i64, healthy: bool) -> (i64, u128) {
		if !healthy {
			return (0, 0);
		}
		let start = from.max(self.deployed_at);
		let end = self.ended_at.map_or(to, |ended| to.min(ended));
		let blocks = end.saturating_sub(start).max(0);
		(blocks, self.rate.saturating_mul(u128::try_from(blocks).unwrap_or(0)))
	}
}

/// The last `rows` periods of the contract's node that overlap its billing, oldest first, each
/// with what it cost the contract.
pub async fn contract_periods(
	pool: &AnyPool,
	billing: Billing,
	rows: i64,
) -> Result<Vec<ContractPeriod>, sqlx::Error> {
	let mut periods: Vec<ContractPeriod> = sqlx::query(
		"SELECT block, from_block, to_block, healthy, report FROM health
		 WHERE node = $1 AND to_block > $2 AND from_block < $3
		 ORDER BY from_block DESC, block DESC, event_index DESC LIMIT $4",
	)
	.bind(billing.node)
	.bind(billing.deployed_at)
	.bind(billing.ended_at.unwrap_or(i64::MAX))
	.bind(rows)
	.fetch_all(pool)
	.await?
	.into_iter()
	.map(|r| {
		let (from, to): (i64, i64) = (r.try_get(1)?, r.try_get(2)?);
		let healthy = r.try_get::<i64, _>(3)? != 0;
		let (billed_blocks, due) = billing.due_in(from, to, healthy);
		Ok(ContractPeriod {
			block: r.try_get(0)?,
			from,
			to,
			healthy,
			billed_blocks,
			due: due.to_string(),
			report: r.try_get(4)?,
		})
	})
	.collect::<Result<_, sqlx::Error>>()?;
	periods.reverse();
	Ok(periods)
}

#[cfg(test)]
mod tests {
	use super::*;

	const BILLING: Billing = Billing { node: 1, rate: 50, deployed_at: 5, ended_at: Some(31) };

	#[test]
	fn a_period_costs_its_healthy_blocks_inside_the_billing() {
		// Straddling the deployment: blocks 5-10.
		assert_eq!(BILLING.due_in(0, 11, true), (6, 300));
		// Inside: every block.
		assert_eq!(BILLING.due_in(16, 21, true), (5, 250));
		// Straddling the end: blocks 21-30.
		assert_eq!(BILLING.due_in(21, 35, true), (10, 500));
	}

	#[test]
	fn a_down_period_or_one_outside_the_billing_costs_nothing() {
		assert_eq!(BILLING.due_in(11, 16, false), (0, 0));
		assert_eq!(BILLING.due_in(0, 5, true), (0, 0));
		assert_eq!(BILLING.due_in(31, 40, true), (0, 0));
		let live = Billing { ended_at: None, ..BILLING };
		assert_eq!(live.due_in(100, 110, true), (10, 500));
	}
}
