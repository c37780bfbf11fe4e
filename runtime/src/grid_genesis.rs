//! The genesis of a real grid: the periods a grid of thousands of nodes would bill and pay at,
//! with its validators, council and endowments given when the chain spec is built
//! (`sc4it-node grid-spec`), not written here. docs/operations.md explains each figure.
//!
//! Unlike the `development` and `local_testnet` presets, it has no dev account, no demo farm or
//! node, and report URLs must be public addresses.

use crate::*;
use alloc::vec::Vec;
use serde_json::Value;

/// How often the oracle fetches and bills each node: hourly. Reports cost the chain per node
/// and period, so at 100,000 nodes a period much shorter than half an hour would fill blocks
/// with reports alone (docs/benchmarks.md).
pub const GRID_BILLING_PERIOD: BlockNumber = HOURS;

/// A session: an hour, so that a validator the council adds authors within about two.
pub const GRID_SESSION_BLOCKS: BlockNumber = HOURS;

/// Prices: 0.1 token per GiB of SSD and 0.02 per GiB of HDD a month of 30 days, 10% to the
/// treasury. Governance changes them (`set_pricing`) for contracts created afterwards.
pub fn grid_pricing() -> PricingPolicy<Balance> {
	let month = Balance::from(30 * DAYS);
	PricingPolicy {
		ssd_per_gib_block: UNIT / 10 / month,
		hdd_per_gib_block: UNIT / 50 / month,
		protocol_fee: Perbill::from_percent(10),
	}
}

/// The billing policy of a real grid:
/// - a new contract pays for at least a day beside its grace reserve;
/// - `LowRunway` three days before the funds run out: reports are hourly, so the warning comes
///   with dozens of reports to spare, and a person has a weekend to top up;
/// - a week of grace, paid by the reserve, before an unfunded volume is removed;
/// - a node three days down in a row (recorded down by a quorum of validators, not unknown) has
///   its contracts decommissioned: long enough to replace a disk or a power supply;
/// - farms paid daily: a payout round walks nodes and farms, so its cost does not depend on
///   how often contracts are billed.
pub fn grid_billing_policy() -> BillingPolicy<BlockNumber> {
	BillingPolicy {
		min_deposit_blocks: DAYS,
		low_runway_blocks: 3 * DAYS,
		grace_period_blocks: 7 * DAYS,
		max_node_downtime_blocks: 3 * DAYS,
		payout_period_blocks: DAYS,
	}
}

/// A genesis validator: its account and its session keys.
#[derive(Clone, Debug)]
pub struct GridValidator {
	pub account: AccountId,
	pub keys: SessionKeys,
}

/// Why a grid genesis cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridGenesisError {
	/// A chain needs at least one validator to author blocks.
	NoValidator,
	/// More council members than the council holds.
	CouncilTooLarge,
	/// The configuration could not be encoded as JSON.
	Encoding,
}

/// The genesis of a grid with these validators, council (the validators' accounts if empty)
/// and endowed accounts.
pub fn grid_genesis(
	validators: &[GridValidator],
	council: &[AccountId],
	endowed: &[(AccountId, Balance)],
) -> Result<Value, GridGenesisError> {
	if validators.is_empty() {
		return Err(GridGenesisError::NoValidator);
	}
	let council: Vec<AccountId> = if council.is_empty() {
		validators.iter().map(|v| v.account.clone()).collect()
	} else {
		council.to_vec()
	};
	let config = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: endowed
				.iter()
				.cloned()
				// The treasury exists from the start, so that the first fee payout reaches it.
				.chain([(TreasuryAccount::get(), EXISTENTIAL_DEPOSIT)])
				.collect(),
			..Default::default()
		},
		validators: pallet_sc4it_validators::GenesisConfig {
			validators: validators.iter().map(|v| v.account.clone()).collect(),
			session_blocks: GRID_SESSION_BLOCKS,
		},
		session: pallet_session::GenesisConfig {
			keys: validators
				.iter()
				.map(|v| (v.account.clone(), v.account.clone(), v.keys.clone()))
				.collect(),
			..Default::default()
		},
		council_membership: pallet_membership::GenesisConfig {
			members: council.try_into().map_err(|_| GridGenesisError::CouncilTooLarge)?,
			..Default::default()
		},
		registry: pallet_sc4it_registry::GenesisConfig {
			farms: Vec::new(),
			nodes: Vec::new(),
			pricing: Some(grid_pricing()),
			// Report URLs must be public addresses.
			url_policy: Default::default(),
			deposits: grid_deposits(),
			price_bounds: Some(farm_price_bounds(&grid_pricing())),
		},
		contracts: pallet_sc4it_contracts::GenesisConfig { policy: Some(grid_billing_policy()) },
		oracle: pallet_sc4it_oracle::GenesisConfig {
			authorities: Vec::new(),
			billing_period: GRID_BILLING_PERIOD,
			down_quorum: None,
		},
		..Default::default()
	};
	serde_json::to_value(config).map_err(|_| GridGenesisError::Encoding)
}
