//! The chain's books, read from its events: one pass over a range of blocks that every test
//! queries (a contract's money and life cycle, a node's health timeline, fees, payouts),
//! instead of each test walking the events with its own loop.
//!
//! The ledger reads events only: a test compares it with the chain's state (balances, the
//! contracts API) to show that what happened and what is left agree.

use crate::{
	chain::{self, EventRecord},
	node::Node,
};
use pallet_sc4it_contracts::{DeleteReason, Event as ContractsEvent};
use sc4it_runtime::{AccountId, Balance, BlockNumber, RuntimeEvent};
use std::{collections::BTreeMap, ops::RangeInclusive};

/// One contract's money and life cycle, as its events tell them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ContractBooks {
	/// The rate per block it was created with.
	pub rate: Balance,
	/// The deposit put on hold at creation.
	pub deposit: Balance,
	/// Everything added by top-ups, by anyone.
	pub topped_up: Balance,
	/// Every charge, in order.
	pub charges: Vec<Balance>,
	/// Everything returned to its owner.
	pub refunded: Balance,
	/// Usage recorded as debt once it ended unpaid.
	pub debt: Balance,
	/// `(charged, owed)` when it closed.
	pub closed: Option<(Balance, Balance)>,
	/// The block from which its volume was deployed.
	pub deployed: Option<BlockNumber>,
	/// The block it ended at, and why.
	pub ended: Option<(BlockNumber, DeleteReason)>,
	/// Whether it was warned of a low runway.
	pub low_runway: bool,
	/// Whether it entered its grace period.
	pub grace: bool,
}

impl ContractBooks {
	/// The sum of its charges.
	pub fn charged(&self) -> Balance {
		self.charges.iter().sum()
	}
}

/// A period of a node's health timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
	pub from: BlockNumber,
	pub to: BlockNumber,
	pub healthy: bool,
	/// Whether the oracle found the node down (rather than without a report).
	pub down: bool,
}

/// The books of a range of blocks.
#[derive(Debug, Default)]
pub struct Ledger {
	/// Every event read, with its block number, for what the books do not sum up.
	pub events: Vec<(u64, RuntimeEvent)>,
	contracts: BTreeMap<u64, ContractBooks>,
	periods: BTreeMap<u32, Vec<Period>>,
	fees: BTreeMap<AccountId, Balance>,
	farm_paid: BTreeMap<u32, Balance>,
}

impl Ledger {
	/// The books of blocks `1..=` the node's best block.
	pub fn up_to_best(node: &Node) -> Ledger {
		let best = node.best_number().expect("the node's best block");
		Ledger::read(node, 1..=best)
	}

	/// The books of the blocks in `blocks`.
	pub fn read(node: &Node, blocks: RangeInclusive<u64>) -> Ledger {
		let mut ledger = Ledger::default();
		for number in blocks {
			for EventRecord { event, .. } in chain::events(node, number) {
				ledger.enter(&event);
				ledger.events.push((number, event));
			}
		}
		ledger
	}

	fn enter(&mut self, event: &RuntimeEvent) {
		use ContractsEvent as C;
		match event {
			RuntimeEvent::Contracts(event) => match event {
				C::ContractCreated { contract, rate, deposit, .. } => {
					let books = self.contracts.entry(*contract).or_default();
					books.rate = *rate;
					books.deposit = *deposit;
				},
				C::ToppedUp { contract, amount, .. } => {
					self.contracts.entry(*contract).or_default().topped_up += amount
				},
				C::Charged { contract, amount, .. } => {
					self.contracts.entry(*contract).or_default().charges.push(*amount)
				},
				C::Refunded { contract, amount, .. } => {
					self.contracts.entry(*contract).or_default().refunded += amount
				},
				C::DebtRecorded { contract, amount, .. } => {
					self.contracts.entry(*contract).or_default().debt += amount
				},
				C::ContractClosed { contract, charged, owed } => {
					self.contracts.entry(*contract).or_default().closed = Some((*charged, *owed))
				},
				C::ContractDeployed { contract, at, .. } => {
					self.contracts.entry(*contract).or_default().deployed = Some(*at)
				},
				C::ContractDeleted { contract, at, reason } => {
					self.contracts.entry(*contract).or_default().ended = Some((*at, *reason))
				},
				C::LowRunway { contract, .. } => {
					self.contracts.entry(*contract).or_default().low_runway = true
				},
				C::GracePeriodStarted { contract, .. } => {
					self.contracts.entry(*contract).or_default().grace = true
				},
				C::FarmPaid { farm, amount, .. } => {
					*self.farm_paid.entry(*farm).or_default() += amount
				},
				C::NodeHealthRecorded { node, from, to, healthy, down, .. } => self
					.periods
					.entry(*node)
					.or_default()
					.push(Period { from: *from, to: *to, healthy: *healthy, down: *down }),
				_ => {},
			},
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. },
			) => *self.fees.entry(who.clone()).or_default() += actual_fee,
			_ => {},
		}
	}

	/// A contract's books (empty if no event named it).
	pub fn contract(&self, id: u64) -> ContractBooks {
		self.contracts.get(&id).cloned().unwrap_or_default()
	}

	/// Every contract's books, by id.
	pub fn contracts(&self) -> &BTreeMap<u64, ContractBooks> {
		&self.contracts
	}

	/// A node's health timeline, in order.
	pub fn periods(&self, node: u32) -> &[Period] {
		self.periods.get(&node).map_or(&[], Vec::as_slice)
	}

	/// Every node's health timeline, by node.
	pub fn all_periods(&self) -> &BTreeMap<u32, Vec<Period>> {
		&self.periods
	}

	/// The blocks of `[from, to)` in which the node was recorded healthy.
	pub fn healthy_blocks(&self, node: u32, from: BlockNumber, to: BlockNumber) -> u128 {
		self.periods(node)
			.iter()
			.filter(|period| period.healthy)
			.map(|period| u128::from(period.to.min(to).saturating_sub(period.from.max(from))))
			.sum()
	}

	/// Panics unless the node's timeline records every block once: no gap, no overlap.
	pub fn assert_contiguous(&self, node: u32) {
		for pair in self.periods(node).windows(2) {
			assert_eq!(
				pair[0].to, pair[1].from,
				"node {node}'s periods must follow each other: {pair:?}"
			);
		}
	}

	/// The fees `who` paid.
	pub fn fees_of(&self, who: &AccountId) -> Balance {
		self.fees.get(who).copied().unwrap_or(0)
	}

	/// The fees every payer paid, by payer.
	pub fn fees(&self) -> &BTreeMap<AccountId, Balance> {
		&self.fees
	}

	/// All the fees paid.
	pub fn total_fees(&self) -> Balance {
		self.fees.values().sum()
	}

	/// What payout rounds paid a farm.
	pub fn farm_paid(&self, farm: u32) -> Balance {
		self.farm_paid.get(&farm).copied().unwrap_or(0)
	}

	/// What `pick` picks of the events, in order.
	pub fn find<T>(&self, mut pick: impl FnMut(&RuntimeEvent) -> Option<T>) -> Vec<T> {
		self.events.iter().filter_map(|(_, event)| pick(event)).collect()
	}

	/// The same with each pick's block number.
	pub fn find_with_block<T>(
		&self,
		mut pick: impl FnMut(&RuntimeEvent) -> Option<T>,
	) -> Vec<(u64, T)> {
		self.events.iter().filter_map(|(number, event)| Some((*number, pick(event)?))).collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_sc4it_contracts::Event as C;

	fn health(node: u32, from: u32, to: u32, healthy: bool) -> RuntimeEvent {
		RuntimeEvent::Contracts(C::NodeHealthRecorded {
			node,
			from,
			to,
			healthy,
			down: !healthy,
			down_blocks: 0,
			healthy_blocks: 0,
			report: Default::default(),
		})
	}

	#[test]
	fn healthy_blocks_count_only_healthy_periods_clipped_to_the_range() {
		let mut ledger = Ledger::default();
		for event in [health(0, 1, 5, true), health(0, 5, 8, false), health(0, 8, 12, true)] {
			ledger.enter(&event);
		}
		// [3, 10): blocks 3 and 4 of the first period, 8 and 9 of the third.
		assert_eq!(ledger.healthy_blocks(0, 3, 10), 4);
		assert_eq!(ledger.healthy_blocks(1, 0, 100), 0);
		ledger.assert_contiguous(0);
	}

	#[test]
	#[should_panic(expected = "must follow each other")]
	fn a_gap_in_a_timeline_is_caught() {
		let mut ledger = Ledger::default();
		for event in [health(0, 1, 5, true), health(0, 6, 8, true)] {
			ledger.enter(&event);
		}
		ledger.assert_contiguous(0);
	}

	#[test]
	fn charges_and_refunds_add_up_per_contract() {
		let mut ledger = Ledger::default();
		for event in [
			C::Charged { contract: 7, amount: 3, billed_blocks: 1, report: None },
			C::Charged { contract: 7, amount: 4, billed_blocks: 1, report: None },
			C::Charged { contract: 8, amount: 100, billed_blocks: 1, report: None },
			C::Refunded { contract: 7, to: AccountId::new([1; 32]), amount: 9 },
		] {
			ledger.enter(&RuntimeEvent::Contracts(event));
		}
		assert_eq!(ledger.contract(7).charges, vec![3, 4]);
		assert_eq!(ledger.contract(7).charged(), 7);
		assert_eq!(ledger.contract(7).refunded, 9);
		assert_eq!(ledger.contract(9), ContractBooks::default());
	}
}
