//! What the oracle reports of contracts: a volume deployed, failed or removed, and the
//! [`UsageOracle`] implementation through which it reports them and the nodes' health.

use crate::{runway::*, timeline::*, *};
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{
	ContractId, ContractPhase, FailureReason, HealthRecorded, NodeHealth, NodeId, ReportId,
	UsageOracle,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_record_deployed(
		id: ContractId,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		ensure!(c.state == ContractState::Created, Error::<T>::NotAwaitingDeployment);
		ensure!(at <= frame_system::Pallet::<T>::block_number(), Error::<T>::FutureBlock);
		let mut tl = Timelines::<T>::get(c.node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(tl.draining.is_none(), Error::<T>::NodeDraining);
		let at = at.max(c.created_at);
		c.state = ContractState::Deployed;
		c.deployed_at = Some(at);
		Self::deposit_event(Event::ContractDeployed { contract: id, at, report });
		if at > tl.confirmed_until {
			Self::add_checkpoint(c.node, &mut tl, to_u64::<T>(at), id, Checkpoint::Start);
		} else {
			c.settled_count = Some(tl.count_where_billing_starts(at));
			Self::arm_runway(id, &mut c, &mut tl)?;
		}
		Timelines::<T>::insert(c.node, tl);
		Contracts::<T>::insert(id, c);
		Ok(())
	}

	/// The node could not deploy the volume (the contract ends with a full refund), or a
	/// deployed volume was lost or damaged at block `at` (billing ends there, the rest is
	/// refunded).
	pub(crate) fn do_record_failed(
		id: ContractId,
		reason: FailureReason,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		let c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(at <= now, Error::<T>::FutureBlock);
		if c.state == ContractState::Created {
			return Self::end(id, c, now, DeleteReason::DeploymentFailed(reason));
		}
		let at = at.max(c.deployed_at.unwrap_or(c.created_at));
		Self::deposit_event(Event::VolumeFailed { contract: id, at, reason, report });
		Self::end_volume_at(id, c, at, DeleteReason::VolumeFailed(reason))
	}

	pub(crate) fn do_record_removed(
		id: ContractId,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		let c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(at <= now, Error::<T>::FutureBlock);
		let at = at.max(c.deployed_at.unwrap_or(c.created_at));
		Self::deposit_event(Event::VolumeRemoved { contract: id, at, report });
		Self::end_volume_at(id, c, at, DeleteReason::VolumeRemoved)
	}

	/// The contract's volume is gone since block `at`: a live contract ends there for `why`; an
	/// ended one whose end is later has its end moved back to `at`.
	fn end_volume_at(
		id: ContractId,
		mut c: Contract<T>,
		at: BlockNumberFor<T>,
		why: DeleteReason,
	) -> DispatchResult {
		match c.state {
			ContractState::Deleted { at: final_at, reason } => {
				// The volume went before the contract's end: billing stops at the earlier block.
				if at < final_at {
					let node = c.node;
					let mut tl = Timelines::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
					Checkpoints::<T>::remove(
						node,
						key_of(to_u64::<T>(final_at), id, Checkpoint::Final),
					);
					c.state = ContractState::Deleted { at, reason };
					Self::schedule_final(id, c, at, &mut tl)?;
					Timelines::<T>::insert(node, tl);
				}
				Ok(())
			},
			_ => Self::end(id, c, at, why),
		}
	}
}

/// The weight of recording health, from the benchmark of each kind of due point.
impl<T: Config> Pallet<T> {
	/// What a recording of health that did `done` weighs: the empty recording, and each kind's
	/// slope times how many of it there were.
	pub(crate) fn work_weight(done: WorkDone) -> Weight {
		let w = |f: fn(u32) -> Weight, n: u32| f(n).saturating_sub(f(0));
		T::WeightInfo::record_health(0)
			.saturating_add(w(T::WeightInfo::record_health_starts, done.starts))
			.saturating_add(w(T::WeightInfo::record_health_warnings, done.warnings))
			.saturating_add(w(T::WeightInfo::record_health_run_outs, done.run_outs))
			.saturating_add(w(T::WeightInfo::record_health, done.finals))
	}

	/// The most a recording of health resolving `points` due points can weigh: each the
	/// dearest a point can be, a last charge or a billing start that finds the funds gone. (A
	/// recording that finds nothing due may read the two indexes: far less than one point, so
	/// within what a caller reserves for at least one.)
	pub(crate) fn most_work_weight(points: u32) -> Weight {
		let one = |done: WorkDone| {
			Self::work_weight(done).saturating_sub(Self::work_weight(WorkDone::default()))
		};
		let last_charge = one(WorkDone { finals: 1, ..Default::default() });
		let start_run_out = one(WorkDone { starts: 1, run_outs: 1, ..Default::default() });
		let warning = one(WorkDone { warnings: 1, ..Default::default() });
		let dearest = last_charge.max(start_run_out).max(warning);
		T::WeightInfo::record_health(0).saturating_add(dearest.saturating_mul(u64::from(points)))
	}
}

impl<T: Config> UsageOracle<BlockNumberFor<T>> for Pallet<T> {
	fn confirmed_until(node: NodeId) -> Option<BlockNumberFor<T>> {
		Timelines::<T>::get(node).map(|tl| tl.confirmed_until)
	}

	fn record_health(
		node: NodeId,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
		health: NodeHealth,
		report: ReportId,
		max_work: u32,
	) -> Result<HealthRecorded<BlockNumberFor<T>>, DispatchError> {
		with_storage_layer(|| Self::do_record_health(node, from, to, health, report, max_work))
	}

	fn record_deployed(
		contract: ContractId,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		with_storage_layer(|| Self::do_record_deployed(contract, at, report))
	}

	fn record_failed(
		contract: ContractId,
		reason: FailureReason,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		with_storage_layer(|| Self::do_record_failed(contract, reason, at, report))
	}

	fn record_removed(
		contract: ContractId,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		with_storage_layer(|| Self::do_record_removed(contract, at, report))
	}

	fn contracts_on(node: NodeId, cap: u32) -> u32 {
		NodeContractCount::<T>::get(node).min(cap)
	}

	fn contract_phase(contract: ContractId) -> Option<(NodeId, ContractPhase<BlockNumberFor<T>>)> {
		let c = Contracts::<T>::get(contract)?;
		let phase = match c.state {
			// As `do_record_deployed` refuses it. (The node's timeline is the one the oracle's
			// check has read already.)
			ContractState::Created
				if Timelines::<T>::get(c.node).is_some_and(|tl| tl.draining.is_some()) =>
			{
				ContractPhase::AwaitingDrain
			},
			ContractState::Created => ContractPhase::AwaitingDeployment,
			ContractState::Deployed | ContractState::GracePeriod { .. } => ContractPhase::Live,
			// As `do_record_failed` and `do_record_removed` move an end.
			ContractState::Deleted { at, .. } => {
				ContractPhase::Ending { at, from: c.deployed_at.unwrap_or(c.created_at) }
			},
		};
		Some((c.node, phase))
	}

	fn decommissions_overdue() -> bool {
		Self::service_behind(frame_system::Pallet::<T>::block_number())
	}

	fn decommission_overdue(budget: Weight) -> Weight {
		Self::catch_up(frame_system::Pallet::<T>::block_number(), budget)
	}

	fn max_work_per_report() -> u32 {
		T::MaxWorkPerReport::get()
	}

	fn record_health_weight(work: u32) -> Weight {
		Self::most_work_weight(work)
	}

	fn record_deployed_weight() -> Weight {
		T::WeightInfo::record_deployed()
	}

	fn record_event_weight() -> Weight {
		T::WeightInfo::record_event()
	}
}
