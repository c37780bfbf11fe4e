//! Read-only views for the runtime API: a contract's figures, and users' and nodes' contracts
//! page by page.

use crate::{timeline::to_block, *};
use alloc::vec::Vec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, NodeId, Volume};
use sp_runtime::traits::{Bounded, Saturating, Zero};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// A contract's state and figures, including what its node confirmed and the sweep has not
	/// settled yet.
	pub fn contract_view(
		id: ContractId,
	) -> Option<ContractView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let c = Contracts::<T>::get(id)?;
		let tl = Timelines::<T>::get(c.node);
		let confirmed_h = tl.as_ref().map(|tl| tl.healthy_blocks).unwrap_or_default();
		let accrued = match c.settled_count {
			Some(s) => Self::cost(c.rate, confirmed_h.saturating_sub(s))
				.unwrap_or_else(BalanceOf::<T>::max_value),
			None => Zero::zero(),
		};
		let due = accrued.min(c.held);
		let held = c.held.saturating_sub(due);
		// Until only the grace reserve is left: grace starts there.
		let blocks_funded = |held: BalanceOf<T>| -> BlockNumberFor<T> {
			to_block::<T>(Self::runway_blocks(&c, held))
		};
		let now = frame_system::Pallet::<T>::block_number();
		let paid_until = match c.state {
			ContractState::Created => Some(now.saturating_add(blocks_funded(c.held))),
			ContractState::Deployed => match (c.settled_count, tl.as_ref()) {
				(Some(_), Some(tl)) => Some(tl.confirmed_until.saturating_add(blocks_funded(held))),
				_ => c.deployed_at.map(|d| d.saturating_add(blocks_funded(c.held))),
			},
			ContractState::GracePeriod { since, .. } => Some(since),
			ContractState::Deleted { .. } => None,
		};
		Some(ContractView {
			id,
			owner: c.owner,
			node: c.node,
			volume: c.volume,
			state: c.state,
			rate: c.rate,
			held,
			charged: c.charged.saturating_add(due),
			owed: c.owed.saturating_add(accrued.saturating_sub(due)),
			paid_until,
		})
	}

	/// A user's contracts in id order of their storage, at most `MaxPageSize`, after `after`.
	pub fn user_contracts(
		user: &T::AccountId,
		after: Option<ContractId>,
		limit: u32,
	) -> Vec<ContractId> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		match after {
			None => UserContracts::<T>::iter_key_prefix(user).take(limit).collect(),
			Some(a) => UserContracts::<T>::iter_key_prefix_from(
				user,
				UserContracts::<T>::hashed_key_for(user, a),
			)
			.take(limit)
			.collect(),
		}
	}

	/// A node's contracts, at most `MaxPageSize`, after `after`.
	pub fn node_contracts(node: NodeId, after: Option<ContractId>, limit: u32) -> Vec<ContractId> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		match after {
			None => NodeContracts::<T>::iter_key_prefix(node).take(limit).collect(),
			Some(a) => NodeContracts::<T>::iter_key_prefix_from(
				node,
				NodeContracts::<T>::hashed_key_for(node, a),
			)
			.take(limit)
			.collect(),
		}
	}

	/// What a contract for `volume` on `node` would be created with now, or why it could not
	/// be (an unknown node, no policy, an overflowing size).
	pub fn quote_for(
		node: NodeId,
		volume: Volume,
	) -> Result<ContractQuote<BalanceOf<T>>, DispatchError> {
		Self::quote(node, volume).map(|(_, quote)| quote)
	}

	/// The funds a user has in the escrow for contracts, a page of contracts at a time: the
	/// sum of their balances (each less what its node's confirmed health made due), over at
	/// most `MaxPageSize` of the user's contracts after `after`.
	pub fn escrow_of(
		user: &T::AccountId,
		after: Option<ContractId>,
		limit: u32,
	) -> EscrowPage<BalanceOf<T>> {
		let limit = limit.clamp(1, T::MaxPageSize::get());
		let page = Self::user_contracts(user, after, limit);
		let funds = page
			.iter()
			.filter_map(|id| Self::contract_view(*id))
			.fold(BalanceOf::<T>::zero(), |sum, view| sum.saturating_add(view.held));
		let next_after = (page.len() as u32 == limit).then(|| page.last().copied()).flatten();
		EscrowPage { funds, contracts: page.len() as u32, next_after }
	}

	/// What a farm has been paid and what waits for the next payout.
	pub fn farm_ledger(farm: FarmId) -> FarmLedger<BalanceOf<T>> {
		FarmPayouts::<T>::get(farm)
	}

	/// What `user` still owes `farm` from ended contracts.
	pub fn debt(user: &T::AccountId, farm: FarmId) -> BalanceOf<T> {
		Debts::<T>::get(user, farm)
	}
}
