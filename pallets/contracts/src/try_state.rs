//! The pallet's invariants, checked by try-runtime and after every step of the property tests.

use crate::timeline::to_u64;
use crate::*;
use frame_support::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Automatic top-ups belong to live contracts, their deposits are on hold from the
	/// contracts' owners, and only they are queued.
	fn check_auto_top_ups() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut held = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, record) in AutoTopUps::<T>::iter() {
			let c = Contracts::<T>::get(id).ok_or("an automatic top-up of no contract")?;
			ensure!(
				!matches!(c.state, ContractState::Deleted { .. }),
				"an automatic top-up of an ended contract"
			);
			let sum = held.entry(c.owner).or_default();
			*sum = sum.saturating_add(record.deposit);
		}
		for (owner, deposits) in held {
			let on_hold =
				T::Currency::balance_on_hold(&HoldReason::AutoTopUpStorage.into(), &owner);
			ensure!(on_hold == deposits, "automatic top-up deposits differ from their records");
		}
		for id in AutoTopUpsDue::<T>::iter_keys() {
			ensure!(AutoTopUps::<T>::contains_key(id), "a top-up queued without its record");
		}
		Ok(())
	}

	/// Checks the pallet's invariants (try-runtime, and every step of the property tests).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		Self::check_escrow()?;
		for (id, c) in Contracts::<T>::iter() {
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
		let mut storage_by_user = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for c in Contracts::<T>::iter_values() {
			let sum = storage_by_user.entry(c.owner.clone()).or_default();
			*sum = sum.saturating_add(c.storage_deposit);
		}
		for (user, deposits) in storage_by_user {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ContractStorage.into(), &user);
			ensure!(on_hold == deposits, "storage deposits differ from the contracts' records");
		}
		Self::check_auto_top_ups()?;
		let mut per_farm = alloc::collections::BTreeMap::<sc4it_primitives::FarmId, u32>::new();
		for c in Contracts::<T>::iter_values() {
			*per_farm.entry(c.farm).or_default() += 1;
		}
		let counted: alloc::collections::BTreeMap<_, _> = FarmContractCount::<T>::iter().collect();
		ensure!(per_farm == counted, "per-farm contract counts differ from the records");
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
		ensure!(
			to_u64::<T>(GraceCursor::<T>::get())
				<= to_u64::<T>(frame_system::Pallet::<T>::block_number()).saturating_add(1),
			"grace cursor ahead of the chain"
		);
		Ok(())
	}

	/// The escrow: every node's summed rate is that of the contracts streaming on it, every
	/// streaming contract's funds cover what it accrued, and the pot holds its existential
	/// deposit, every contract's balance, every node's earnings and every pending payout.
	fn check_escrow() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::Inspect;
		let mut sums = alloc::collections::BTreeMap::<_, (BalanceOf<T>, BalanceOf<T>)>::new();
		let mut balances = BalanceOf::<T>::zero();
		for c in Contracts::<T>::iter_values() {
			let mut balance = c.held;
			if c.streaming {
				ensure!(
					c.state == ContractState::Deployed && c.runway.is_some(),
					"a streaming contract that is not deployed with a runway"
				);
				let tl =
					Timelines::<T>::get(c.node).ok_or("a stream on a node without timeline")?;
				let settled = c.settled_count.ok_or("a streaming contract never settled")?;
				let accrued = Self::cost(c.rate, tl.healthy_blocks.saturating_sub(settled))
					.ok_or("a stream's accrual overflows")?;
				balance = c.held.checked_sub(&accrued).ok_or("a stream beyond its funds")?;
				let (rate, weighted) = Self::stream_parts(&c);
				let sum = sums.entry(c.node).or_default();
				*sum = (sum.0.saturating_add(rate), sum.1.saturating_add(weighted));
			}
			balances = balances.saturating_add(balance);
		}
		let mut earnings = BalanceOf::<T>::zero();
		for (node, tl) in Timelines::<T>::iter() {
			if let Some(key) = Checkpoints::<T>::iter_key_prefix(node).next() {
				let (block, _, _) = sc4it_primitives::parse_ordered_key(&key);
				ensure!(tl.next_checkpoint <= block, "a checkpoint before its node's bound");
			}
			if let Some(key) = RunwayIndex::<T>::iter_key_prefix(node).next() {
				let (count, _, _) = sc4it_primitives::parse_ordered_key(&key);
				ensure!(tl.next_mark <= count, "a runway mark below its node's bound");
			}
			let sum = sums.remove(&node).unwrap_or_default();
			ensure!(
				(tl.rate_sum, tl.fee_sum) == sum,
				"a node's summed rate differs from its streams"
			);
			earnings = earnings.saturating_add(tl.earned).saturating_add(tl.fees);
		}
		ensure!(sums.is_empty(), "streams on nodes without timeline");
		let pending = FarmPayouts::<T>::iter_values()
			.fold(TreasuryPayouts::<T>::get().pending, |acc, l| acc.saturating_add(l.pending));
		let expected = T::Currency::minimum_balance()
			.saturating_add(balances)
			.saturating_add(earnings)
			.saturating_add(pending);
		ensure!(
			T::Currency::balance(&Self::pot()) == expected,
			"the escrow differs from contracts' balances, nodes' earnings and pending payouts"
		);
		Ok(())
	}
}
