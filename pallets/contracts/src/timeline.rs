//! The per-node health timeline, and applying the oracle's confirmed health to it.
//!
//! Every node has a count of healthy blocks `H`, confirmed by the oracle up to a block; billing
//! is expressed on this axis. A period of health reaches, in block order, the node's
//! checkpoints (a contract's billing starting or ending at a block whose health was not yet
//! confirmed when the chain learnt of it) and, when healthy, its runway marks (`runway.rs`). The
//! timeline is moved to each in turn; each healthy stretch in between adds the node's summed
//! rate to its earnings (`escrow.rs`).

use crate::{runway::*, *};
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{
	parse_ordered_key, ContractId, HealthRecorded, HealthyBlocksKey, NodeHealth, NodeId, ReportId,
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto},
	SaturatedConversion,
};

/// A period of a node's health being recorded.
struct Period<B> {
	from: B,
	to: B,
	healthy: bool,
	/// The node's healthy-block count at `from`.
	count_at_from: HealthyBlocks,
}

/// The due points one recording of health resolved, by kind: each kind has its own benchmark,
/// and the weight charged is theirs (`reports.rs`).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct WorkDone {
	/// Contracts whose billing started (their runway armed, their stream joined).
	pub starts: u32,
	/// Contracts warned that their runway is low.
	pub warnings: u32,
	/// Contracts whose funds ran out (out of the stream, into grace), a billing start that
	/// found the funds gone already among them.
	pub run_outs: u32,
	/// Contracts that reached their last block: their last charge, refund and close.
	pub finals: u32,
}

impl WorkDone {
	fn add(&mut self, other: WorkDone) {
		self.starts = self.starts.saturating_add(other.starts);
		self.warnings = self.warnings.saturating_add(other.warnings);
		self.run_outs = self.run_outs.saturating_add(other.run_outs);
		self.finals = self.finals.saturating_add(other.finals);
	}
}

/// What [`Pallet::resolve_due_points`] did: how many due points, and of which kinds.
#[derive(Default)]
struct Resolved {
	points: u32,
	kinds: WorkDone,
	/// How many times it read an index (the checkpoints or the runway marks).
	index_reads: u32,
}

/// Which of a node's indexes an entry is in.
#[derive(Clone, Copy)]
enum PointIndex {
	Checkpoints,
	Runway,
}

/// An entry of a node's indexes that a period reaches.
struct DuePoint {
	/// The block it falls at.
	at: u64,
	key: HealthyBlocksKey,
	contract: ContractId,
	index: PointIndex,
	/// Its kind's byte: a [`Checkpoint`] or a [`RunwayMark`], by `index`.
	kind: u8,
}

pub(crate) fn to_u64<T: Config>(b: BlockNumberFor<T>) -> u64 {
	b.saturated_into()
}

pub(crate) fn to_block<T: Config>(n: u64) -> BlockNumberFor<T> {
	n.saturated_into()
}

/// Blocks in `[from, to)`, zero if `to <= from`.
pub(crate) fn blocks_between<T: Config>(from: BlockNumberFor<T>, to: BlockNumberFor<T>) -> u64 {
	to_u64::<T>(to.saturating_sub(from))
}

impl<B: Copy + PartialOrd + Saturating + UniqueSaturatedInto<u64>, Balance>
	NodeTimeline<B, Balance>
{
	/// The healthy-block count at block `b`, if `b` is inside the last known stretch.
	pub fn healthy_at(&self, b: B) -> Option<HealthyBlocks> {
		if b > self.confirmed_until || b < self.segment_start {
			return None;
		}
		if self.segment_healthy {
			let after: u64 = self.confirmed_until.saturating_sub(b).saturated_into();
			Some(self.healthy_blocks.saturating_sub(after))
		} else {
			Some(self.healthy_blocks)
		}
	}

	/// The count at block `b` for billing that starts there. Before the last known stretch the
	/// count is not known exactly: this is the highest it can have been, so that the user pays
	/// the least.
	pub fn count_where_billing_starts(&self, b: B) -> HealthyBlocks {
		self.healthy_at(b).unwrap_or_else(|| self.count_at_last_stretch())
	}

	/// The count at block `b` for billing that ends there: before the last known stretch, the
	/// lowest it can have been (every block in between counted as down), so that the user pays
	/// the least.
	pub fn count_where_billing_ends(&self, b: B) -> HealthyBlocks {
		self.healthy_at(b).unwrap_or_else(|| {
			let gap: u64 = self.segment_start.saturating_sub(b).saturated_into();
			self.count_at_last_stretch().saturating_sub(gap)
		})
	}

	/// Starts recording a period at `from`: a stretch of the same health as the last one
	/// extends it, another starts a new stretch.
	pub(crate) fn begin_period(&mut self, from: B, healthy: bool, report: ReportId)
	where
		B: PartialEq,
	{
		if self.segment_healthy != healthy || self.segment_start == self.confirmed_until {
			self.segment_start = from;
			self.segment_healthy = healthy;
		}
		self.last_report = Some(report);
	}

	/// The count where the last known stretch starts.
	fn count_at_last_stretch(&self) -> HealthyBlocks {
		self.healthy_at(self.segment_start).unwrap_or(self.healthy_blocks)
	}
}

impl<T: Config> Pallet<T> {
	/// Moves a node's timeline to `to`, counting the blocks as healthy or not; healthy ones
	/// add the node's summed rate to its earnings.
	fn advance(tl: &mut TimelineOf<T>, to: BlockNumberFor<T>, healthy: bool) {
		if healthy {
			let span = blocks_between::<T>(tl.confirmed_until, to);
			tl.healthy_blocks = tl.healthy_blocks.saturating_add(span);
			Self::accrue(tl, span);
		}
		if to > tl.confirmed_until {
			tl.confirmed_until = to;
		}
	}

	/// Applies one confirmed period of a node's health. See [`UsageOracle::record_health`].
	pub(crate) fn do_record_health(
		node: NodeId,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
		health: NodeHealth,
		report: ReportId,
		max_work: u32,
	) -> Result<HealthRecorded<BlockNumberFor<T>>, DispatchError> {
		let healthy = health == NodeHealth::Healthy;
		let mut tl = Self::timeline_to_record(node, from, to)?;
		tl.begin_period(from, healthy, report);
		let period = Period { from, to, healthy, count_at_from: tl.healthy_blocks };
		let max_work = max_work.min(T::MaxWorkPerReport::get());
		let (end, done) = Self::resolve_due_points(node, &mut tl, &period, max_work);
		Self::advance(&mut tl, end, healthy);
		Self::count_downtime(node, &mut tl, health, blocks_between::<T>(from, end));
		Self::store_health(node, tl, from, end, health, report);
		// With due points, the index reads are in their kinds' benchmarks; without, the empty
		// recording's benchmark has none (its node's bounds were beyond it).
		let unbenchmarked_reads = if done.points == 0 { done.index_reads } else { 0 };
		let weight = Self::work_weight(done.kinds)
			.saturating_add(T::DbWeight::get().reads(u64::from(unbenchmarked_reads)));
		Ok(HealthRecorded { until: end, work: done.points, weight })
	}

	/// The node's timeline, if the period `[from, to)` of its health is the next to record:
	/// the node exists, the period is not empty, not in the future, and starts where the
	/// node's confirmed health ends.
	fn timeline_to_record(
		node: NodeId,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
	) -> Result<TimelineOf<T>, DispatchError> {
		let tl = Timelines::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(tl.draining != Some(DrainReason::NodeRemoved), Error::<T>::UnknownNode);
		ensure!(to > from, Error::<T>::EmptyPeriod);
		ensure!(to <= frame_system::Pallet::<T>::block_number(), Error::<T>::FutureBlock);
		ensure!(from >= tl.confirmed_until, Error::<T>::AlreadyRecorded);
		ensure!(from == tl.confirmed_until, Error::<T>::HealthGap);
		Ok(tl)
	}

	/// Resolves, in block order, the checkpoints and runway marks the period reaches, moving
	/// the timeline to each; at most `max_work` of them. Returns the block up to which the
	/// period applies (where the work stopped, or its end) and the work done.
	fn resolve_due_points(
		node: NodeId,
		tl: &mut TimelineOf<T>,
		period: &Period<BlockNumberFor<T>>,
		max_work: u32,
	) -> (BlockNumberFor<T>, Resolved) {
		let mut done = Resolved::default();
		while let Some(point) = Self::next_due_point(node, tl, period, &mut done.index_reads) {
			let at = to_block::<T>(point.at);
			if done.points >= max_work {
				return (at, done);
			}
			done.points = done.points.saturating_add(1);
			Self::advance(tl, at, period.healthy);
			Self::resolve_point(node, tl, point, &mut done.kinds);
		}
		(period.to, done)
	}

	/// The earliest entry of the node's indexes that the period reaches: a checkpoint (its
	/// block is in the period) or, in a healthy period, a runway mark (its count is reached).
	/// At the same block, the checkpoint comes first. An index is read only if its lower bound
	/// in the timeline is within reach; what the read finds beyond the period raises the bound.
	fn next_due_point(
		node: NodeId,
		tl: &mut TimelineOf<T>,
		period: &Period<BlockNumberFor<T>>,
		reads: &mut u32,
	) -> Option<DuePoint> {
		let from = to_u64::<T>(period.from);
		let to = to_u64::<T>(period.to);
		let span = blocks_between::<T>(period.from, period.to);
		let checkpoint = if tl.next_checkpoint <= to {
			*reads = reads.saturating_add(1);
			match Checkpoints::<T>::iter_key_prefix(node).next() {
				None => {
					tl.next_checkpoint = u64::MAX;
					None
				},
				Some(key) => {
					let (block, contract, kind) = parse_ordered_key(&key);
					if block > to {
						tl.next_checkpoint = block;
					}
					(block <= to).then_some(DuePoint {
						at: block.max(from),
						key,
						contract,
						index: PointIndex::Checkpoints,
						kind,
					})
				},
			}
		} else {
			None
		};
		let reach = period.count_at_from.saturating_add(span);
		let mark = if period.healthy && tl.next_mark <= reach {
			*reads = reads.saturating_add(1);
			match RunwayIndex::<T>::iter_key_prefix(node).next() {
				None => {
					tl.next_mark = HealthyBlocks::MAX;
					None
				},
				Some(key) => {
					let (count, contract, kind) = parse_ordered_key(&key);
					if count > reach {
						tl.next_mark = count;
					}
					let after = count.saturating_sub(period.count_at_from);
					(after <= span).then_some(DuePoint {
						at: from.saturating_add(after),
						key,
						contract,
						index: PointIndex::Runway,
						kind,
					})
				},
			}
		} else {
			None
		};
		match (checkpoint, mark) {
			(Some(checkpoint), Some(mark)) => {
				Some(if checkpoint.at <= mark.at { checkpoint } else { mark })
			},
			(checkpoint, mark) => checkpoint.or(mark),
		}
	}

	/// Takes a due point out of its index and does what it marks, in its own storage layer: a
	/// failure leaves the contract as it was and becomes an event, and the entry goes anyway,
	/// so that one broken contract cannot stall its node.
	fn resolve_point(node: NodeId, tl: &mut TimelineOf<T>, point: DuePoint, done: &mut WorkDone) {
		let unknown_kind = DispatchError::Other("an index entry of an unknown kind");
		let remove = |point: &DuePoint| match point.index {
			PointIndex::Checkpoints => Checkpoints::<T>::remove(node, point.key),
			PointIndex::Runway => RunwayIndex::<T>::remove(node, point.key),
		};
		// The timeline changes only if the work succeeds, as storage does.
		let mut changed = tl.clone();
		let mut did = WorkDone::default();
		let outcome = with_storage_layer(|| {
			remove(&point);
			match point.index {
				PointIndex::Checkpoints => {
					let kind = Checkpoint::from_byte(point.kind).ok_or(unknown_kind)?;
					Self::resolve_checkpoint(point.contract, kind, &mut changed, &mut did)
				},
				PointIndex::Runway => {
					let mark = RunwayMark::from_byte(point.kind).ok_or(unknown_kind)?;
					Self::fire_runway_mark(point.contract, mark, &mut changed, &mut did)
				},
			}
		});
		if outcome.is_ok() {
			*tl = changed;
			done.add(did);
		}
		if let Err(error) = outcome {
			remove(&point);
			// Charged as the dearest kind: how far it went before failing is not known.
			done.add(WorkDone { finals: 1, ..Default::default() });
			Self::deposit_event(Event::ServiceFailed { contract: point.contract, error });
			if matches!(point.index, PointIndex::Runway)
				&& RunwayMark::from_byte(point.kind) == Some(RunwayMark::Exhausted)
			{
				Self::abandon_exhausted(point.contract, tl);
			}
		}
	}

	/// A contract whose funds ran out but whose running out failed: with its mark gone, it must
	/// not stay in its node's stream, or the node would earn what no funds back.
	fn abandon_exhausted(id: ContractId, tl: &mut TimelineOf<T>) {
		if let Some(mut c) = Contracts::<T>::get(id).filter(|c| c.streaming) {
			Self::abandon_stream(&mut c, tl);
			Self::disarm_runway(id, &mut c);
			Contracts::<T>::insert(id, c);
		}
	}

	/// Counts the period's down blocks towards the node's downtime limit, and starts draining
	/// the node when it is reached. Only blocks recorded down count: blocks of unknown health
	/// (an outage of the oracles themselves) neither drain a node nor forgive its downtime.
	fn count_downtime(node: NodeId, tl: &mut TimelineOf<T>, health: NodeHealth, blocks: u64) {
		match health {
			NodeHealth::Healthy => tl.down_blocks = 0,
			NodeHealth::Unknown => {},
			NodeHealth::Down => {
				tl.down_blocks = tl.down_blocks.saturating_add(blocks);
				// The longest limit of the node's contracts' terms; the policy's for a node
				// that never had a contract.
				let limit = tl.downtime_limit.or_else(|| {
					Policy::<T>::get().map(|p| to_u64::<T>(p.max_node_downtime_blocks))
				});
				if let Some(limit) = limit {
					if tl.draining.is_none() && tl.down_blocks >= limit {
						Self::start_drain(node, DrainReason::NodeDown, tl);
					}
				}
			},
		}
	}

	/// Stores the timeline and says what was recorded.
	fn store_health(
		node: NodeId,
		tl: TimelineOf<T>,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
		health: NodeHealth,
		report: ReportId,
	) {
		let (healthy_blocks, down_blocks) = (tl.healthy_blocks, tl.down_blocks);
		Timelines::<T>::insert(node, tl);
		Self::deposit_event(Event::NodeHealthRecorded {
			node,
			from,
			to,
			healthy: health == NodeHealth::Healthy,
			down: health == NodeHealth::Down,
			down_blocks,
			healthy_blocks,
			report,
		});
	}

	fn resolve_checkpoint(
		id: ContractId,
		kind: Checkpoint,
		tl: &mut TimelineOf<T>,
		kinds: &mut WorkDone,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		match kind {
			Checkpoint::Start => {
				c.settled_count = Some(tl.healthy_blocks);
				Self::arm_runway(id, &mut c, tl)?;
				kinds.starts = kinds.starts.saturating_add(1);
				if matches!(c.state, ContractState::GracePeriod { .. }) {
					kinds.run_outs = kinds.run_outs.saturating_add(1);
				}
				Contracts::<T>::insert(id, c);
				Ok(())
			},
			Checkpoint::Final => {
				kinds.finals = kinds.finals.saturating_add(1);
				let (upto, report) = (tl.healthy_blocks, tl.last_report);
				Self::settle(id, &mut c, tl, upto, report)?;
				Self::close(id, c)
			},
		}
	}

	fn fire_runway_mark(
		id: ContractId,
		mark: RunwayMark,
		tl: &mut TimelineOf<T>,
		kinds: &mut WorkDone,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		let Some(mut marks) = c.runway else {
			return Err(Error::<T>::UnknownContract.into());
		};
		match mark {
			RunwayMark::Low => {
				kinds.warnings = kinds.warnings.saturating_add(1);
				marks.low = None;
				c.runway = Some(marks);
				Self::warn_low_runway(
					id,
					marks.exhausted.saturating_sub(tl.healthy_blocks),
					tl.confirmed_until,
				);
			},
			RunwayMark::Exhausted => {
				kinds.run_outs = kinds.run_outs.saturating_add(1);
				let (at, report) = (tl.confirmed_until, tl.last_report);
				Self::run_out(id, &mut c, marks.exhausted, at, report, tl)?
			},
		}
		Contracts::<T>::insert(id, c);
		Ok(())
	}

	pub(crate) fn start_drain(node: NodeId, reason: DrainReason, tl: &mut TimelineOf<T>) {
		tl.draining = Some(reason);
		Drains::<T>::insert(node, reason);
		Self::deposit_event(Event::NodeDrainStarted { node, reason });
	}
}
