//! The pallet's invariants, checked by try-runtime and after every step of the property tests.

use crate::billing::to_u64;
use crate::*;
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants (try-runtime, and every step of the property tests).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::{Inspect, InspectHold};
		let mut held_by_user = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, c) in Contracts::<T>::iter() {
			let sum = held_by_user.entry(c.owner.clone()).or_default();
			*sum = sum.saturating_add(c.held);
			ensure!(
				UserContracts::<T>::contains_key(&c.owner, id),
				"contract missing from its user's list"
			);
			ensure!(
				NodeContracts::<T>::contains_key(c.node, id),
				"contract missing from its node's list"
			);
			if let Some(settled) = c.settled_count {
				let tl =
					Timelines::<T>::get(c.node).ok_or("contract on a node without timeline")?;
				ensure!(settled <= tl.healthy_blocks, "contract settled beyond its node's count");
			}
		}
		for id in BilledContracts::<T>::iter_keys() {
			let c = Contracts::<T>::get(id).ok_or("a billed contract without its record")?;
			ensure!(c.deployed_at.is_some(), "a billed contract that was never deployed");
		}
		for (id, c) in Contracts::<T>::iter() {
			ensure!(
				c.deployed_at.is_none() || BilledContracts::<T>::contains_key(id),
				"a deployed contract missing from the billed ones"
			);
		}
		let mut storage_by_user = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for c in Contracts::<T>::iter_values() {
			let sum = storage_by_user.entry(c.owner.clone()).or_default();
			*sum = sum.saturating_add(c.storage_deposit);
		}
		for (user, deposits) in storage_by_user {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ContractStorage.into(), &user);
			ensure!(on_hold == deposits, "storage deposits differ from the contracts' records");
		}
		let mut per_farm = alloc::collections::BTreeMap::<sc4it_primitives::FarmId, u32>::new();
		for c in Contracts::<T>::iter_values() {
			*per_farm.entry(c.farm).or_default() += 1;
		}
		let counted: alloc::collections::BTreeMap<_, _> = FarmContractCount::<T>::iter().collect();
		ensure!(per_farm == counted, "per-farm contract counts differ from the records");
		for (user, held) in held_by_user {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ContractFunds.into(), &user);
			ensure!(on_hold == held, "funds on hold differ from the contracts' records");
		}
		let mut per_node: alloc::collections::BTreeMap<sc4it_primitives::NodeId, u32> =
			Default::default();
		for (node, _, ()) in NodeContracts::<T>::iter() {
			*per_node.entry(node).or_default() += 1;
		}
		let counted: alloc::collections::BTreeMap<_, _> = NodeContractCount::<T>::iter().collect();
		ensure!(per_node == counted, "per-node contract counts differ from the node lists");
		for (farm, ledger) in FarmPayouts::<T>::iter() {
			ensure!(
				ledger.pending.is_zero() || PendingFarms::<T>::contains_key(farm),
				"a farm owed payouts is not in the payout round's list"
			);
		}
		let pending = FarmPayouts::<T>::iter_values()
			.fold(TreasuryPayouts::<T>::get().pending, |acc, l| acc.saturating_add(l.pending));
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot == pending.saturating_add(T::Currency::minimum_balance()),
			"the pot differs from the pending payouts"
		);
		ensure!(
			to_u64::<T>(GraceCursor::<T>::get())
				<= to_u64::<T>(frame_system::Pallet::<T>::block_number()).saturating_add(1),
			"grace cursor ahead of the chain"
		);
		Ok(())
	}
}
