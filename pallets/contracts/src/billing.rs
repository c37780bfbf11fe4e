//! Health-gated billing: the per-node healthy-block timeline, settlement, the runway index and
//! what the oracle tells this pallet.
//!
//! Every node has a count of healthy blocks `H`, confirmed by the oracle up to a block. A
//! deployed contract is settled up to some `H = s`; it owes `rate × (H − s)`. Its funds beyond
//! its grace reserve pay for `(held − reserve) / rate` more healthy blocks, so they run out when
//! the node's count reaches `s + (held − reserve) / rate`: a point on the node's own axis, which
//! does not move when the contract is settled. The runway index keeps these points per node in ascending order, so a health report
//! finds the contracts it exhausts without looking at the others.
//!
//! Events that need the count at a block not yet confirmed (a cancellation now, a deployment the
//! oracle reports before the health of its block) are queued per node as checkpoints, in block
//! order, and resolved when the timeline reaches them.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{
	ordered_key, parse_ordered_key, ContractId, ContractPhase, FailureReason, HealthRecorded,
	HealthyBlocksKey, NodeHealth, NodeId, ReportId, UsageOracle,
};
use sp_runtime::{
	traits::{Bounded, Saturating, UniqueSaturatedInto, Zero},
	SaturatedConversion,
};

/// What a contract's entry in its node's [`Checkpoints`] marks. Stored as the key's last byte.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Checkpoint {
	/// Billing starts: the block the volume was deployed at.
	Start,
	/// Billing ends: the contract's final block.
	Final,
}

/// What a contract's entry in its node's [`RunwayIndex`] fires. Stored as the key's last byte.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RunwayMark {
	/// The low-runway warning.
	Low,
	/// The funds run out: the grace period starts.
	Exhausted,
}

/// The kind of entry in an index of [`HealthyBlocksKey`]s, as the key's last byte.
pub(crate) trait KeyKind: Copy + Sized {
	const ALL: [Self; 2];
	fn byte(self) -> u8;
	fn from_byte(byte: u8) -> Option<Self> {
		Self::ALL.into_iter().find(|kind| kind.byte() == byte)
	}
}

impl KeyKind for Checkpoint {
	const ALL: [Self; 2] = [Checkpoint::Start, Checkpoint::Final];
	fn byte(self) -> u8 {
		match self {
			Checkpoint::Start => 0,
			Checkpoint::Final => 1,
		}
	}
}

impl KeyKind for RunwayMark {
	const ALL: [Self; 2] = [RunwayMark::Low, RunwayMark::Exhausted];
	fn byte(self) -> u8 {
		match self {
			RunwayMark::Low => 0,
			RunwayMark::Exhausted => 1,
		}
	}
}

/// The index key of `contract`'s entry of `kind` at `number` (a block, or a healthy-block
/// count).
pub(crate) fn key_of(number: u64, contract: ContractId, kind: impl KeyKind) -> HealthyBlocksKey {
	ordered_key(number, contract, kind.byte())
}

/// A period of a node's health being recorded.
struct Period<B> {
	from: B,
	to: B,
	healthy: bool,
	/// The node's healthy-block count at `from`.
	count_at_from: HealthyBlocks,
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

impl<B: Copy + PartialOrd + Saturating + UniqueSaturatedInto<u64>> NodeTimeline<B> {
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
	/// Moves a node's timeline to `to`, counting the blocks as healthy or not.
	fn advance(tl: &mut NodeTimeline<BlockNumberFor<T>>, to: BlockNumberFor<T>, healthy: bool) {
		if healthy {
			let span = blocks_between::<T>(tl.confirmed_until, to);
			tl.healthy_blocks = tl.healthy_blocks.saturating_add(span);
		}
		if to > tl.confirmed_until {
			tl.confirmed_until = to;
		}
	}

	/// What `blocks` billed blocks cost at `rate`, or `None` if it does not fit a balance.
	pub(crate) fn cost(rate: BalanceOf<T>, blocks: u64) -> Option<BalanceOf<T>> {
		BalanceOf::<T>::try_from(blocks).ok().and_then(|n| rate.checked_mul(&n))
	}

	/// What a contract keeps of its funds for its grace period: its rate for every block of
	/// grace its terms give. Held from creation (the minimum deposit includes it), it is not
	/// runway: the funds run out, and grace starts, when only the reserve is left, so that the
	/// grace blocks are paid for instead of becoming debt. Unused, it is refunded with the rest.
	pub(crate) fn grace_reserve(c: &Contract<T>) -> BalanceOf<T> {
		Self::cost(c.rate, to_u64::<T>(c.terms.grace_period_blocks))
			.unwrap_or_else(BalanceOf::<T>::max_value)
	}

	/// How many billed blocks `funds` pay for before only the grace reserve is left.
	pub(crate) fn runway_blocks(c: &Contract<T>, funds: BalanceOf<T>) -> u64 {
		if c.rate.is_zero() {
			return u64::MAX;
		}
		(funds.saturating_sub(Self::grace_reserve(c)) / c.rate).saturated_into()
	}

	/// Charges `c` for the healthy blocks from its settled count up to `upto`: what its funds
	/// cover moves to the pot, the rest becomes debt. Nothing is ever silently dropped: a charge
	/// too large to compute is capped at the maximum balance, which takes everything held.
	pub(crate) fn settle(
		id: ContractId,
		c: &mut Contract<T>,
		upto: HealthyBlocks,
		report: Option<ReportId>,
	) -> DispatchResult {
		let Some(settled) = c.settled_count else {
			return Ok(());
		};
		if upto <= settled {
			return Ok(());
		}
		let billed_blocks = upto - settled;
		let accrued = Self::cost(c.rate, billed_blocks).unwrap_or_else(|| {
			Self::deposit_event(Event::ChargeOverflow { contract: id });
			BalanceOf::<T>::max_value()
		});
		let paid = accrued.min(c.held);
		Self::collect(c, paid)?;
		let debt = accrued.saturating_sub(paid);
		c.settled_count = Some(upto);
		if !paid.is_zero() {
			Self::deposit_event(Event::Charged {
				contract: id,
				amount: paid,
				billed_blocks,
				report,
			});
		}
		if !debt.is_zero() {
			c.owed = c.owed.checked_add(&debt).ok_or(Error::<T>::Overflow)?;
			Self::deposit_event(Event::DebtAccrued { contract: id, amount: debt });
		}
		Ok(())
	}

	/// Moves `amount` of `c`'s held funds to the pot, credited to its farm and to the treasury.
	pub(crate) fn collect(c: &mut Contract<T>, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		ensure!(amount <= c.held, Error::<T>::HoldMismatch);
		T::Currency::transfer_on_hold(
			&HoldReason::ContractFunds.into(),
			&c.owner,
			&Self::pot(),
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::HoldMismatch)?;
		let fee = c.fee.mul_floor(amount);
		let farmer = amount.saturating_sub(fee);
		FarmPayouts::<T>::try_mutate(c.farm, |l| {
			l.pending = l.pending.checked_add(&farmer).ok_or(Error::<T>::Overflow)?;
			Ok::<_, DispatchError>(())
		})?;
		PendingFarms::<T>::insert(c.farm, ());
		TreasuryPayouts::<T>::try_mutate(|l| {
			l.pending = l.pending.checked_add(&fee).ok_or(Error::<T>::Overflow)?;
			Ok::<_, DispatchError>(())
		})?;
		c.held = c.held.saturating_sub(amount);
		c.charged = c.charged.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Ok(())
	}

	/// Takes a contract out of its node's runway index.
	pub(crate) fn disarm_runway(id: ContractId, c: &mut Contract<T>) {
		if let Some(marks) = c.runway.take() {
			if let Some(low) = marks.low {
				RunwayIndex::<T>::remove(c.node, key_of(low, id, RunwayMark::Low));
			}
			RunwayIndex::<T>::remove(c.node, key_of(marks.exhausted, id, RunwayMark::Exhausted));
		}
	}

	/// Puts a deployed, settled-from contract into its node's runway index, at the counts where
	/// its runway gets low and where its funds run out. A point already passed fires at once.
	pub(crate) fn arm_runway(
		id: ContractId,
		c: &mut Contract<T>,
		tl: &NodeTimeline<BlockNumberFor<T>>,
	) -> DispatchResult {
		Self::disarm_runway(id, c);
		let (ContractState::Deployed, Some(settled)) = (c.state, c.settled_count) else {
			return Ok(());
		};
		let exhausted = settled.saturating_add(Self::runway_blocks(c, c.held));
		let now_h = tl.healthy_blocks;
		let low_blocks = to_u64::<T>(c.terms.low_runway_blocks);
		if exhausted <= now_h {
			// The warning always comes before the grace period, even when both are due at once.
			if low_blocks > 0 {
				Self::warn_low_runway(id, 0, tl.confirmed_until);
			}
			return Self::run_out(id, c, exhausted, tl.confirmed_until, tl.last_report);
		}
		let low = if low_blocks == 0 {
			None
		} else {
			let low = exhausted.saturating_sub(low_blocks);
			if low <= now_h {
				Self::warn_low_runway(id, exhausted - now_h, tl.confirmed_until);
				None
			} else {
				RunwayIndex::<T>::insert(c.node, key_of(low, id, RunwayMark::Low), ());
				Some(low)
			}
		};
		RunwayIndex::<T>::insert(c.node, key_of(exhausted, id, RunwayMark::Exhausted), ());
		c.runway = Some(RunwayMarks { low, exhausted });
		Ok(())
	}

	fn warn_low_runway(id: ContractId, billed_blocks_left: u64, at: BlockNumberFor<T>) {
		let paid_until = at.saturating_add(to_block::<T>(billed_blocks_left));
		Self::deposit_event(Event::LowRunway { contract: id, billed_blocks_left, paid_until });
	}

	/// The contract's funds ran out when its node's count reached `exhausted`, at block `at`:
	/// charge what is left, and start the grace period.
	///
	/// Grace lasts its full length from now, when the chain learns of it, not from `at`: a
	/// report may reveal the exhaustion up to a report span late, and the user must still get
	/// the whole grace period to top up.
	pub(crate) fn run_out(
		id: ContractId,
		c: &mut Contract<T>,
		exhausted: HealthyBlocks,
		at: BlockNumberFor<T>,
		report: Option<ReportId>,
	) -> DispatchResult {
		Self::disarm_runway(id, c);
		Self::settle(id, c, exhausted, report)?;
		let now = frame_system::Pallet::<T>::block_number();
		// Queue the end of grace no earlier than the expiry cursor, so it is never skipped.
		let ends =
			now.max(at).saturating_add(c.terms.grace_period_blocks).max(GraceCursor::<T>::get());
		c.state = ContractState::GracePeriod { since: at, ends };
		GraceEnds::<T>::insert(ends, id, ());
		Self::deposit_event(Event::GracePeriodStarted { contract: id, since: at, ends });
		Ok(())
	}

	/// Arranges the last charge of a contract that ended at block `at` (its state already says
	/// so): at once if the node's health is known up to `at`, otherwise when it is. Funds beyond
	/// what the unconfirmed blocks could cost are released now.
	pub(crate) fn schedule_final(
		id: ContractId,
		mut c: Contract<T>,
		at: BlockNumberFor<T>,
		tl: &NodeTimeline<BlockNumberFor<T>>,
	) -> DispatchResult {
		let Some(deployed_at) = c.deployed_at else {
			return Self::close(id, c);
		};
		match c.settled_count {
			None if at <= deployed_at => {
				// Ended before the block billing would have started.
				Checkpoints::<T>::remove(
					c.node,
					key_of(to_u64::<T>(deployed_at), id, Checkpoint::Start),
				);
				c.deployed_at = None;
				return Self::close(id, c);
			},
			Some(settled) if at <= tl.confirmed_until => {
				let h = tl.count_where_billing_ends(at);
				if h < settled {
					// Blocks past the end were settled already (`late_end.rs`).
					Self::reverse_settlement(id, &mut c, h)?;
				} else {
					Self::settle(id, &mut c, h, tl.last_report)?;
				}
				return Self::close(id, c);
			},
			Some(_) => Self::settle(id, &mut c, tl.healthy_blocks, tl.last_report)?,
			None => {},
		}
		Checkpoints::<T>::insert(c.node, key_of(to_u64::<T>(at), id, Checkpoint::Final), ());
		let unconfirmed = Self::cost(c.rate, blocks_between::<T>(tl.confirmed_until, at))
			.unwrap_or_else(BalanceOf::<T>::max_value);
		let surplus = c.held.saturating_sub(unconfirmed);
		Self::refund(id, &mut c, surplus)?;
		Contracts::<T>::insert(id, c);
		Ok(())
	}

	/// Releases `amount` of the contract's held funds to its owner.
	pub(crate) fn refund(
		id: ContractId,
		c: &mut Contract<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		ensure!(amount <= c.held, Error::<T>::HoldMismatch);
		Self::release(&c.owner, amount).map_err(|_| Error::<T>::HoldMismatch)?;
		c.held = c.held.saturating_sub(amount);
		Self::deposit_event(Event::Refunded { contract: id, to: c.owner.clone(), amount });
		Ok(())
	}

	/// The contract is fully settled: release what it still holds, record its debt, and remove
	/// its record.
	pub(crate) fn close(id: ContractId, mut c: Contract<T>) -> DispatchResult {
		let rest = c.held;
		Self::refund(id, &mut c, rest)?;
		if !c.owed.is_zero() {
			Debts::<T>::try_mutate(&c.owner, c.farm, |d| {
				*d = d.checked_add(&c.owed).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::DebtRecorded {
				contract: id,
				user: c.owner.clone(),
				farm: c.farm,
				amount: c.owed,
			});
		}
		if !c.storage_deposit.is_zero() {
			T::Currency::release(
				&HoldReason::ContractStorage.into(),
				&c.owner,
				c.storage_deposit,
				Precision::Exact,
			)
			.map_err(|_| Error::<T>::HoldMismatch)?;
		}
		Contracts::<T>::remove(id);
		BilledContracts::<T>::remove(id);
		FarmContractCount::<T>::mutate_exists(c.farm, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		UserContracts::<T>::remove(&c.owner, id);
		Self::remove_from_node(c.node, id);
		Self::deposit_event(Event::ContractClosed {
			contract: id,
			charged: c.charged,
			owed: c.owed,
		});
		Ok(())
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
		let (end, work) = Self::resolve_due_points(node, &mut tl, &period, max_work);
		Self::advance(&mut tl, end, healthy);
		Self::count_downtime(node, &mut tl, health, blocks_between::<T>(from, end));
		Self::store_health(node, tl, from, end, health, report);
		Ok(HealthRecorded { until: end, work, weight: T::WeightInfo::record_health(work) })
	}

	/// The node's timeline, if the period `[from, to)` of its health is the next to record:
	/// the node exists, the period is not empty, not in the future, and starts where the
	/// node's confirmed health ends.
	fn timeline_to_record(
		node: NodeId,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
	) -> Result<NodeTimeline<BlockNumberFor<T>>, DispatchError> {
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
		tl: &mut NodeTimeline<BlockNumberFor<T>>,
		period: &Period<BlockNumberFor<T>>,
		max_work: u32,
	) -> (BlockNumberFor<T>, u32) {
		let mut work = 0u32;
		while let Some(point) = Self::next_due_point(node, period) {
			let at = to_block::<T>(point.at);
			if work >= max_work {
				return (at, work);
			}
			work = work.saturating_add(1);
			Self::advance(tl, at, period.healthy);
			Self::resolve_point(node, tl, point);
		}
		(period.to, work)
	}

	/// The earliest entry of the node's indexes that the period reaches: a checkpoint (its
	/// block is in the period) or, in a healthy period, a runway mark (its count is reached).
	/// At the same block, the checkpoint comes first.
	fn next_due_point(node: NodeId, period: &Period<BlockNumberFor<T>>) -> Option<DuePoint> {
		let from = to_u64::<T>(period.from);
		let to = to_u64::<T>(period.to);
		let span = blocks_between::<T>(period.from, period.to);
		let checkpoint = Checkpoints::<T>::iter_key_prefix(node).next().and_then(|key| {
			let (block, contract, kind) = parse_ordered_key(&key);
			(block <= to).then_some(DuePoint {
				at: block.max(from),
				key,
				contract,
				index: PointIndex::Checkpoints,
				kind,
			})
		});
		let mark = period
			.healthy
			.then(|| RunwayIndex::<T>::iter_key_prefix(node).next())
			.flatten()
			.and_then(|key| {
				let (count, contract, kind) = parse_ordered_key(&key);
				let after = count.saturating_sub(period.count_at_from);
				(after <= span).then_some(DuePoint {
					at: from.saturating_add(after),
					key,
					contract,
					index: PointIndex::Runway,
					kind,
				})
			});
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
	fn resolve_point(node: NodeId, tl: &NodeTimeline<BlockNumberFor<T>>, point: DuePoint) {
		let unknown_kind = DispatchError::Other("an index entry of an unknown kind");
		let remove = |point: &DuePoint| match point.index {
			PointIndex::Checkpoints => Checkpoints::<T>::remove(node, point.key),
			PointIndex::Runway => RunwayIndex::<T>::remove(node, point.key),
		};
		let outcome = with_storage_layer(|| {
			remove(&point);
			match point.index {
				PointIndex::Checkpoints => {
					let kind = Checkpoint::from_byte(point.kind).ok_or(unknown_kind)?;
					Self::resolve_checkpoint(point.contract, kind, tl)
				},
				PointIndex::Runway => {
					let mark = RunwayMark::from_byte(point.kind).ok_or(unknown_kind)?;
					Self::fire_runway_mark(point.contract, mark, tl)
				},
			}
		});
		if let Err(error) = outcome {
			remove(&point);
			Self::deposit_event(Event::ServiceFailed { contract: point.contract, error });
		}
	}

	/// Counts the period's down blocks towards the node's downtime limit, and starts draining
	/// the node when it is reached. Only blocks recorded down count: blocks of unknown health
	/// (an outage of the oracles themselves) neither drain a node nor forgive its downtime.
	fn count_downtime(
		node: NodeId,
		tl: &mut NodeTimeline<BlockNumberFor<T>>,
		health: NodeHealth,
		blocks: u64,
	) {
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
		tl: NodeTimeline<BlockNumberFor<T>>,
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
		tl: &NodeTimeline<BlockNumberFor<T>>,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		match kind {
			Checkpoint::Start => {
				c.settled_count = Some(tl.healthy_blocks);
				Self::arm_runway(id, &mut c, tl)?;
				Contracts::<T>::insert(id, c);
				Ok(())
			},
			Checkpoint::Final => {
				Self::settle(id, &mut c, tl.healthy_blocks, tl.last_report)?;
				Self::close(id, c)
			},
		}
	}

	fn fire_runway_mark(
		id: ContractId,
		mark: RunwayMark,
		tl: &NodeTimeline<BlockNumberFor<T>>,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		let Some(mut marks) = c.runway else {
			return Err(Error::<T>::UnknownContract.into());
		};
		match mark {
			RunwayMark::Low => {
				marks.low = None;
				c.runway = Some(marks);
				Self::warn_low_runway(
					id,
					marks.exhausted.saturating_sub(tl.healthy_blocks),
					tl.confirmed_until,
				);
			},
			RunwayMark::Exhausted => {
				Self::run_out(id, &mut c, marks.exhausted, tl.confirmed_until, tl.last_report)?
			},
		}
		Contracts::<T>::insert(id, c);
		Ok(())
	}

	pub(crate) fn start_drain(
		node: NodeId,
		reason: DrainReason,
		tl: &mut NodeTimeline<BlockNumberFor<T>>,
	) {
		tl.draining = Some(reason);
		Drains::<T>::insert(node, reason);
		Self::deposit_event(Event::NodeDrainStarted { node, reason });
	}

	pub(crate) fn do_record_deployed(
		id: ContractId,
		at: BlockNumberFor<T>,
		report: ReportId,
	) -> DispatchResult {
		let mut c = Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)?;
		ensure!(c.state == ContractState::Created, Error::<T>::NotAwaitingDeployment);
		ensure!(at <= frame_system::Pallet::<T>::block_number(), Error::<T>::FutureBlock);
		let tl = Timelines::<T>::get(c.node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(tl.draining.is_none(), Error::<T>::NodeDraining);
		let at = at.max(c.created_at);
		c.state = ContractState::Deployed;
		c.deployed_at = Some(at);
		BilledContracts::<T>::insert(id, ());
		Self::deposit_event(Event::ContractDeployed { contract: id, at, report });
		if at > tl.confirmed_until {
			Checkpoints::<T>::insert(c.node, key_of(to_u64::<T>(at), id, Checkpoint::Start), ());
		} else {
			c.settled_count = Some(tl.count_where_billing_starts(at));
			Self::arm_runway(id, &mut c, &tl)?;
		}
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
					let tl = Timelines::<T>::get(c.node).ok_or(Error::<T>::UnknownNode)?;
					Checkpoints::<T>::remove(
						c.node,
						key_of(to_u64::<T>(final_at), id, Checkpoint::Final),
					);
					c.state = ContractState::Deleted { at, reason };
					Self::schedule_final(id, c, at, &tl)?;
				}
				Ok(())
			},
			_ => Self::end(id, c, at, why),
		}
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
		NodeContracts::<T>::iter_key_prefix(node).take(cap as usize).count() as u32
	}

	fn contract_phase(contract: ContractId) -> Option<(NodeId, ContractPhase<BlockNumberFor<T>>)> {
		let c = Contracts::<T>::get(contract)?;
		let phase = match c.state {
			ContractState::Created => ContractPhase::AwaitingDeployment,
			ContractState::Deployed | ContractState::GracePeriod { .. } => ContractPhase::Live,
			ContractState::Deleted { at, .. } => ContractPhase::Ending { at },
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
		T::WeightInfo::record_health(work)
	}

	fn record_deployed_weight() -> Weight {
		T::WeightInfo::record_deployed()
	}

	fn record_event_weight() -> Weight {
		T::WeightInfo::record_event()
	}
}
