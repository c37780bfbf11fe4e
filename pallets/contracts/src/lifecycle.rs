//! A contract's life: creation, top-up, cancellation and every other way it ends, and what the
//! registry tells this pallet about nodes and farms.

use crate::{timeline::*, *};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::Preservation,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, GridRegistry, NodeId, NodeLifecycle, Volume};
use sp_runtime::traits::{Saturating, Zero};

/// The billing policy of a runtime.
type PolicyOf<T> = BillingPolicy<BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// Lists contract `id` on `node`, counted.
	pub(crate) fn add_to_node(node: NodeId, id: ContractId) {
		NodeContracts::<T>::insert(node, id, ());
		NodeContractCount::<T>::mutate(node, |n| *n = n.saturating_add(1));
	}

	/// Takes contract `id` off `node`'s list, counted.
	pub(crate) fn remove_from_node(node: NodeId, id: ContractId) {
		if NodeContracts::<T>::take(node, id).is_some() {
			NodeContractCount::<T>::mutate_exists(node, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
		}
	}

	pub(crate) fn do_create_contract(
		who: T::AccountId,
		node: NodeId,
		volume: Volume,
		deposit: BalanceOf<T>,
		max_rate: Option<BalanceOf<T>>,
	) -> Result<ContractId, DispatchError> {
		let (policy, quote) = Self::quote(node, volume)?;
		let (farm, rate) = (quote.farm, quote.rate);
		ensure!(max_rate.is_none_or(|max| rate <= max), Error::<T>::RateAboveLimit);
		let mut tl = Timelines::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(tl.draining.is_none(), Error::<T>::NodeDraining);
		ensure!(
			NodeContractCount::<T>::get(node) < T::MaxContractsPerNode::get(),
			Error::<T>::NodeFull
		);
		// Debt left by an ended contract is paid before any new one (`pay_debt`).
		ensure!(Debts::<T>::iter_key_prefix(&who).next().is_none(), Error::<T>::OutstandingDebt);
		ensure!(!deposit.is_zero() && deposit >= quote.min_deposit, Error::<T>::DepositTooSmall);

		T::Registry::reserve_capacity(node, &volume)?;
		Self::escrow_in(&who, deposit)?;
		let storage_deposit = T::ContractDeposit::get();
		if !storage_deposit.is_zero() {
			T::Currency::hold(&HoldReason::ContractStorage.into(), &who, storage_deposit)?;
		}

		let terms = ContractTerms::from(&policy);
		let downtime_limit = to_u64::<T>(terms.max_node_downtime_blocks);
		if tl.downtime_limit.is_none_or(|longest| longest < downtime_limit) {
			tl.downtime_limit = Some(downtime_limit);
			Timelines::<T>::insert(node, tl);
		}
		let id = NextContractId::<T>::get();
		NextContractId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let contract = Contract::<T> {
			owner: who.clone(),
			node,
			farm,
			volume,
			rate,
			fee: quote.protocol_fee,
			terms,
			created_at: frame_system::Pallet::<T>::block_number(),
			state: ContractState::Created,
			deployed_at: None,
			settled_count: None,
			held: deposit,
			charged: Zero::zero(),
			owed: Zero::zero(),
			runway: None,
			storage_deposit,
			streaming: false,
		};
		FarmContractCount::<T>::try_mutate(farm, |n| {
			*n = n.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Ok::<_, DispatchError>(())
		})?;
		Contracts::<T>::insert(id, contract);
		UserContracts::<T>::insert(&who, id, ());
		Self::add_to_node(node, id);
		Self::deposit_event(Event::ContractCreated {
			contract: id,
			owner: who,
			node,
			volume,
			rate,
			deposit,
		});
		Ok(id)
	}

	/// What a contract for `volume` on `node` is created with now: its node's farm, the farm's
	/// price in force, the rate, the protocol fee and the least deposit.
	pub(crate) fn quote(
		node: NodeId,
		volume: Volume,
	) -> Result<(PolicyOf<T>, ContractQuote<BalanceOf<T>>), DispatchError> {
		let policy = Policy::<T>::get().ok_or(Error::<T>::NoPolicy)?;
		let farm = T::Registry::node_farm(node).ok_or(Error::<T>::UnknownNode)?;
		let pricing = T::Registry::farm_pricing(farm).ok_or(Error::<T>::NoPolicy)?;
		let per_gib_block = pricing.per_gib_block(volume.disk_type);
		let size = BalanceOf::<T>::try_from(volume.size_gib).map_err(|_| Error::<T>::Overflow)?;
		let rate = per_gib_block.checked_mul(&size).ok_or(Error::<T>::Overflow)?;
		// The minimum runway, and the grace period's reserve beside it.
		let min_blocks = to_u64::<T>(policy.min_deposit_blocks)
			.checked_add(to_u64::<T>(policy.grace_period_blocks))
			.ok_or(Error::<T>::Overflow)?;
		let min_deposit = Self::cost(rate, min_blocks).ok_or(Error::<T>::Overflow)?;
		let protocol_fee = pricing.protocol_fee;
		Ok((policy, ContractQuote { farm, per_gib_block, rate, protocol_fee, min_deposit }))
	}

	pub(crate) fn do_top_up(
		who: T::AccountId,
		id: ContractId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		ensure!(!matches!(c.state, ContractState::Deleted { .. }), Error::<T>::ContractEnded);
		// Anyone may fund a contract: a gift to its owner, to whom what is unused is refunded.
		Self::escrow_in(&who, amount)?;
		c.held = c.held.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		let mut tl = Timelines::<T>::get(c.node).ok_or(Error::<T>::UnknownNode)?;

		// Settle what is confirmed, then pay the debt first.
		let (upto, report) = (tl.healthy_blocks, tl.last_report);
		Self::settle(id, &mut c, &mut tl, upto, report)?;
		let debt_paid = c.owed.min(c.held);
		if !debt_paid.is_zero() {
			// Only a contract out of its node's stream owes: its charges go to its node's
			// earnings directly.
			Self::credit(&mut tl, c.fee, debt_paid);
			c.held = c.held.saturating_sub(debt_paid);
			c.charged = c.charged.checked_add(&debt_paid).ok_or(Error::<T>::Overflow)?;
			c.owed = c.owed.saturating_sub(debt_paid);
			Self::deposit_event(Event::DebtPaid { contract: id, amount: debt_paid });
		}
		match c.state {
			// Back to active as soon as the debt is paid, the grace reserve is whole again and
			// at least one block is funded beside it.
			ContractState::GracePeriod { ends, .. }
				if c.owed.is_zero() && Self::runway_blocks(&c, c.held) > 0 =>
			{
				GraceEnds::<T>::remove(ends, id);
				c.state = ContractState::Deployed;
				Self::deposit_event(Event::ContractReactivated { contract: id });
				Self::arm_runway(id, &mut c, &mut tl)?;
			},
			ContractState::Deployed => Self::arm_runway(id, &mut c, &mut tl)?,
			_ => {},
		}
		Timelines::<T>::insert(c.node, tl);
		let held = c.held;
		if matches!(c.state, ContractState::Deleted { .. }) {
			// Unreachable through the guards above; kept so a future change cannot lose funds.
			return Err(Error::<T>::ContractEnded.into());
		}
		Contracts::<T>::insert(id, c);
		Self::deposit_event(Event::ToppedUp { contract: id, by: who, amount, held });
		Ok(())
	}

	/// Pays what `who` owes `farm` from ended contracts, from `who`'s free balance, to the
	/// farm's payout account (to the treasury if the farm is gone).
	pub(crate) fn do_pay_debt(who: T::AccountId, farm: FarmId) -> DispatchResult {
		let amount = Debts::<T>::get(&who, farm);
		ensure!(!amount.is_zero(), Error::<T>::NoDebt);
		let to = T::Registry::farm_payout_account(farm).unwrap_or_else(T::TreasuryAccount::get);
		T::Currency::transfer(&who, &to, amount, Preservation::Preserve)?;
		Debts::<T>::remove(&who, farm);
		Self::deposit_event(Event::DebtSettled { user: who, farm, to, amount });
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: ContractId) -> DispatchResult {
		let c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		ensure!(c.owner == who, Error::<T>::NotOwner);
		if !NodeContracts::<T>::contains_key(c.node, id) {
			// A drain could not end it: its node may be gone, and nothing else will close it.
			return Self::close_stranded(id, DeleteReason::CanceledByUser);
		}
		let now = frame_system::Pallet::<T>::block_number();
		Self::end(id, c, now, DeleteReason::CanceledByUser)
	}

	/// Closes a contract that a drain failed to end and took off its node's list: nothing more
	/// is charged, what it holds goes back to its owner and what it owes becomes a debt. Its
	/// capacity is released if the registry can; if not, that failure is an event and the
	/// contract closes anyway: the owner's funds never wait on the registry's bookkeeping.
	pub(crate) fn close_stranded(id: ContractId, reason: DeleteReason) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		Self::remove_checkpoints(id, &c);
		if !matches!(c.state, ContractState::Deleted { .. }) {
			if let Err(error) = T::Registry::release_capacity(c.node, &c.volume) {
				Self::deposit_event(Event::ServiceFailed { contract: id, error });
			}
			let now = frame_system::Pallet::<T>::block_number();
			Self::mark_ended(id, &mut c, now, reason);
		}
		// What its node confirmed is charged if that still works; if not, the farm forgoes it.
		// (A node's timeline stays while a contract streams on it, so a streaming contract
		// always finds it.)
		if let Some(tl) = Timelines::<T>::get(c.node) {
			let (mut settled, mut after) = (c.clone(), tl.clone());
			let settle = || {
				let (h, report) = (after.healthy_blocks, after.last_report);
				Self::stop_stream(id, &mut settled, &mut after, h, report)
			};
			match frame_support::storage::with_storage_layer(settle) {
				Ok(()) => {
					c = settled;
					Timelines::<T>::insert(c.node, after);
				},
				Err(error) => Self::deposit_event(Event::ServiceFailed { contract: id, error }),
			}
		}
		if c.streaming {
			// Settling failed: it leaves its node's stream with what the node accrued for it
			// charged (the event above said why).
			match Timelines::<T>::get(c.node) {
				Some(mut tl) => {
					Self::abandon_stream(&mut c, &mut tl);
					Timelines::<T>::insert(c.node, tl);
				},
				None => c.streaming = false,
			}
		}
		Self::close(id, c)
	}

	/// Ends a live contract at block `at`: capacity is released, it leaves the runway index and
	/// the grace queue, and its last charge is arranged.
	pub(crate) fn end(
		id: ContractId,
		mut c: Contract<T>,
		at: BlockNumberFor<T>,
		reason: DeleteReason,
	) -> DispatchResult {
		ensure!(!matches!(c.state, ContractState::Deleted { .. }), Error::<T>::ContractEnded);
		Self::mark_deleted(id, &mut c, at, reason)?;
		let node = c.node;
		let mut tl = Timelines::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
		Self::schedule_final(id, c, at, &mut tl)?;
		Timelines::<T>::insert(node, tl);
		Ok(())
	}

	/// Marks a live contract ended at `at`: capacity released, out of the runway index and the
	/// grace queue.
	fn mark_deleted(
		id: ContractId,
		c: &mut Contract<T>,
		at: BlockNumberFor<T>,
		reason: DeleteReason,
	) -> DispatchResult {
		T::Registry::release_capacity(c.node, &c.volume)?;
		Self::mark_ended(id, c, at, reason);
		Ok(())
	}

	/// The same, but for the capacity: out of the runway index and the grace queue, ended.
	fn mark_ended(
		id: ContractId,
		c: &mut Contract<T>,
		at: BlockNumberFor<T>,
		reason: DeleteReason,
	) {
		Self::disarm_runway(id, c);
		if let ContractState::GracePeriod { ends, .. } = c.state {
			GraceEnds::<T>::remove(ends, id);
		}
		c.state = ContractState::Deleted { at, reason };
		// Its automatic top-up ends with it. A deposit that cannot be released is an event;
		// the contract ends all the same.
		if let Err(error) = Self::drop_auto_top_up(id, &c.owner) {
			Self::deposit_event(Event::ServiceFailed { contract: id, error });
		}
		Self::deposit_event(Event::ContractDeleted { contract: id, at, reason });
	}

	/// Takes a contract about to close out of its node's checkpoints: its last charge, if it had
	/// ended and waited for it, and its billing start, if that was never confirmed.
	fn remove_checkpoints(id: ContractId, c: &Contract<T>) {
		if let ContractState::Deleted { at, .. } = c.state {
			Checkpoints::<T>::remove(
				c.node,
				runway::key_of(to_u64::<T>(at), id, runway::Checkpoint::Final),
			);
		}
		if let (Some(deployed_at), None) = (c.deployed_at, c.settled_count) {
			Checkpoints::<T>::remove(
				c.node,
				runway::key_of(to_u64::<T>(deployed_at), id, runway::Checkpoint::Start),
			);
		}
	}

	/// Ends a contract of a node being drained, at once: what the node confirmed is charged,
	/// nothing after it, and the rest is refunded.
	pub(crate) fn end_now(node: NodeId, id: ContractId, reason: DrainReason) -> DispatchResult {
		let Some(mut c) = Contracts::<T>::get(id) else {
			// An index entry without its contract: drop it so the drain can go on.
			Self::remove_from_node(node, id);
			return Err(Error::<T>::UnknownContract.into());
		};
		let mut tl = Timelines::<T>::get(c.node).ok_or(Error::<T>::UnknownNode)?;
		Self::remove_checkpoints(id, &c);
		if !matches!(c.state, ContractState::Deleted { .. }) {
			Self::mark_deleted(id, &mut c, tl.confirmed_until, reason.into())?;
		}
		let (h, report) = (tl.healthy_blocks, tl.last_report);
		Self::stop_stream(id, &mut c, &mut tl, h, report)?;
		Timelines::<T>::insert(c.node, tl);
		Self::close(id, c)
	}

	pub(crate) fn do_set_policy(policy: BillingPolicy<BlockNumberFor<T>>) -> DispatchResult {
		let max = T::MaxPolicyBlocks::get();
		let positive = [
			policy.min_deposit_blocks,
			policy.grace_period_blocks,
			policy.max_node_downtime_blocks,
			policy.payout_period_blocks,
		];
		ensure!(
			positive.iter().all(|b| !b.is_zero() && *b <= max) && policy.low_runway_blocks <= max,
			Error::<T>::PolicyOutOfBounds
		);
		Policy::<T>::put(policy);
		let now = frame_system::Pallet::<T>::block_number();
		if NextPayoutAt::<T>::get().is_zero() {
			NextPayoutAt::<T>::put(now.saturating_add(policy.payout_period_blocks));
		}
		Self::deposit_event(Event::BillingPolicyChanged { policy });
		Ok(())
	}
}

impl<T: Config> NodeLifecycle for Pallet<T> {
	fn on_node_registered(node: NodeId, farm: FarmId) {
		let now = frame_system::Pallet::<T>::block_number();
		Timelines::<T>::insert(
			node,
			NodeTimeline {
				farm,
				confirmed_until: now,
				healthy_blocks: 0,
				segment_start: now,
				segment_healthy: false,
				down_blocks: 0,
				last_report: None,
				draining: None,
				downtime_limit: None,
				rate_sum: Zero::zero(),
				fee_sum: Zero::zero(),
				earned: Zero::zero(),
				fees: Zero::zero(),
				next_checkpoint: 0,
				next_mark: 0,
			},
		);
	}

	fn on_node_removed(node: NodeId) {
		if let Some(mut tl) = Timelines::<T>::get(node) {
			// A removed node earns nothing more: its earnings go to its farm's ledger now, so
			// that the farm cannot be removed with them still on the node.
			Self::collect_node(node, &mut tl);
			Self::start_drain(node, DrainReason::NodeRemoved, &mut tl);
			Timelines::<T>::insert(node, tl);
		}
	}

	fn ensure_farm_removable(farm: FarmId) -> DispatchResult {
		ensure!(FarmContractCount::<T>::get(farm) == 0, Error::<T>::FarmHasContracts);
		ensure!(FarmPayouts::<T>::get(farm).pending.is_zero(), Error::<T>::FarmHasPendingPayouts);
		Ok(())
	}

	fn on_farm_removed(farm: FarmId) {
		// Nothing is pending (`ensure_farm_removable`); what it was paid lives on in events.
		FarmPayouts::<T>::remove(farm);
		PendingFarms::<T>::remove(farm);
	}
}
