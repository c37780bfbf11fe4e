//! The contracts pallet's escrow read from outside, at a given block: what the pot account
//! holds against what the pallet's records say it holds for, the holds on a user's account, and
//! a pallet's storage version. For tests of money across upgrades and hostile runs: they compare
//! the chain's balances with its records, not with the pallet's own sums.

use crate::{
	chain::{self, plain_key, storage},
	node::Node,
};
use codec::Encode;
use frame_support::traits::tokens::IdAmount;
use sc4it_runtime::{AccountId, Balance, Runtime, RuntimeHoldReason};
use sp_io::hashing::{blake2_128, twox_128, twox_64};

/// The contracts pallet's escrow account.
pub fn pot() -> AccountId {
	pallet_sc4it_contracts::Pallet::<Runtime>::pot()
}

/// The holds on `who`'s account at block `number`, by reason.
pub fn holds_at(node: &Node, who: &AccountId, number: u64) -> Vec<(RuntimeHoldReason, Balance)> {
	let mut key = plain_key("Balances", "Holds");
	let who = who.encode();
	key.extend(blake2_128(&who));
	key.extend(who);
	storage::<Vec<IdAmount<RuntimeHoldReason, Balance>>>(node, &key, Some(number))
		.unwrap_or_default()
		.into_iter()
		.map(|hold| (hold.id, hold.amount))
		.collect()
}

/// The storage version `pallet` (its name in the runtime) has on chain at block `number`.
pub fn storage_version_at(node: &Node, pallet: &str, number: u64) -> u16 {
	let key = [twox_128(pallet.as_bytes()), twox_128(b":__STORAGE_VERSION__:")].concat();
	storage(node, &key, Some(number)).unwrap_or(0)
}

/// The escrow at one block: the pot's balance and what the records say it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EscrowBooks {
	/// The pot account's balance.
	pub pot: Balance,
	/// The sum of the contracts' balances: its funds, less what it accrued in its node's stream
	/// if it streams.
	pub contracts: Balance,
	/// The nodes' earnings not yet collected into their farms' ledgers.
	pub earnings: Balance,
	/// The farms' and the treasury's payouts waiting for a round.
	pub pending: Balance,
}

impl EscrowBooks {
	/// The escrow at block `number` of a chain whose nodes are `0..nodes` and farms `0..farms`.
	pub fn at(node: &Node, number: u64, nodes: u32, farms: u32) -> EscrowBooks {
		let next_contract: u64 =
			storage(node, &plain_key("Contracts", "NextContractId"), Some(number)).unwrap_or(0);
		let timeline = |id: u32| chain::timeline_at(node, id, Some(number));
		// As the pallet's own check counts them: a contract's funds, less what it accrued in its
		// node's stream when it streams (a contract that does not stream is charged only when
		// settled, so all its funds are still its own).
		let contracts: Balance = (0..next_contract)
			.filter_map(|id| {
				let mut key = plain_key("Contracts", "Contracts");
				key.extend(twox_64(&id.encode()));
				key.extend(id.encode());
				storage::<pallet_sc4it_contracts::Contract<Runtime>>(node, &key, Some(number))
			})
			.map(|c| {
				let accrued = match (c.streaming, c.settled_count, timeline(c.node)) {
					(true, Some(settled), Some(tl)) => {
						c.rate * Balance::from(tl.healthy_blocks.saturating_sub(settled))
					},
					_ => 0,
				};
				c.held.checked_sub(accrued).expect("a stream beyond its contract's funds")
			})
			.sum();
		let earnings: Balance = (0..nodes).filter_map(timeline).map(|tl| tl.earned + tl.fees).sum();
		let ledger = |key: Vec<u8>| {
			storage::<pallet_sc4it_contracts::FarmLedger<Balance>>(node, &key, Some(number))
				.map_or(0, |ledger| ledger.pending)
		};
		let farms: Balance = (0..farms)
			.map(|farm| {
				let mut key = plain_key("Contracts", "FarmPayouts");
				key.extend(twox_64(&farm.encode()));
				key.extend(farm.encode());
				ledger(key)
			})
			.sum();
		let pending = farms + ledger(plain_key("Contracts", "TreasuryPayouts"));
		EscrowBooks {
			pot: chain::free_balance_at(node, &pot(), number),
			contracts,
			earnings,
			pending,
		}
	}

	/// What the pot should hold: its existential deposit and everything the records count.
	pub fn owed(&self) -> Balance {
		sc4it_runtime::EXISTENTIAL_DEPOSIT + self.contracts + self.earnings + self.pending
	}
}
