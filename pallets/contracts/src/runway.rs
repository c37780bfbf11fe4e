//! The runway: where each deployed contract's funds run out on its node's healthy-block axis,
//! kept per node in ascending order (`RunwayIndex`) so that a health report finds the
//! contracts it exhausts without looking at the others; and the keys of that index and of the
//! checkpoints.
//!
//! A deployed contract settled up to count `s` has funds beyond its grace reserve for
//! `(held − reserve) / rate` more healthy blocks: they run out when the node's count reaches
//! `s + (held − reserve) / rate`, a point that does not move when the contract is settled.

use crate::{timeline::*, *};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ordered_key, ContractId, HealthyBlocksKey, NodeId, ReportId};
use sp_runtime::{
	traits::{Bounded, Saturating, Zero},
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

impl<T: Config> Pallet<T> {
	/// Puts `contract`'s checkpoint of `kind` at block `at` into its node's index, keeping the
	/// node's lower bound. The caller stores `tl`.
	pub(crate) fn add_checkpoint(
		node: NodeId,
		tl: &mut TimelineOf<T>,
		at: u64,
		contract: ContractId,
		kind: Checkpoint,
	) {
		Checkpoints::<T>::insert(node, key_of(at, contract, kind), ());
		tl.next_checkpoint = tl.next_checkpoint.min(at);
	}

	/// Puts `contract`'s runway mark of `kind` at count `count` into its node's index, keeping
	/// the node's lower bound. The caller stores `tl`.
	fn add_mark(
		node: NodeId,
		tl: &mut TimelineOf<T>,
		count: HealthyBlocks,
		contract: ContractId,
		kind: RunwayMark,
	) {
		RunwayIndex::<T>::insert(node, key_of(count, contract, kind), ());
		tl.next_mark = tl.next_mark.min(count);
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
	/// its runway gets low and where its funds run out, and into its node's stream. A point
	/// already passed fires at once. The caller stores `tl`.
	pub(crate) fn arm_runway(
		id: ContractId,
		c: &mut Contract<T>,
		tl: &mut TimelineOf<T>,
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
			let (at, report) = (tl.confirmed_until, tl.last_report);
			return Self::run_out(id, c, exhausted, at, report, tl);
		}
		let low = if low_blocks == 0 {
			None
		} else {
			let low = exhausted.saturating_sub(low_blocks);
			if low <= now_h {
				Self::warn_low_runway(id, exhausted - now_h, tl.confirmed_until);
				None
			} else {
				Self::add_mark(c.node, tl, low, id, RunwayMark::Low);
				Some(low)
			}
		};
		Self::add_mark(c.node, tl, exhausted, id, RunwayMark::Exhausted);
		c.runway = Some(RunwayMarks { low, exhausted });
		Self::start_stream(c, tl)
	}

	/// The contract's runway got low: its automatic top-up is queued if it has one
	/// (`auto_top_up.rs`), and `LowRunway` sent if not.
	pub(crate) fn warn_low_runway(id: ContractId, billed_blocks_left: u64, at: BlockNumberFor<T>) {
		let paid_until = at.saturating_add(to_block::<T>(billed_blocks_left));
		if !Self::queue_auto_top_up(id, billed_blocks_left, paid_until) {
			Self::deposit_event(Event::LowRunway { contract: id, billed_blocks_left, paid_until });
		}
	}

	/// The contract's funds ran out when its node's count reached `exhausted`, at block `at`:
	/// it leaves its node's stream, is charged up to there, and its grace period starts. In
	/// grace it is charged from its reserve when it is next settled (a top-up, its end).
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
		tl: &mut TimelineOf<T>,
	) -> DispatchResult {
		Self::disarm_runway(id, c);
		Self::stop_stream(id, c, tl, exhausted, report)?;
		let now = frame_system::Pallet::<T>::block_number();
		// Queue the end of grace no earlier than the expiry cursor, so it is never skipped.
		let ends =
			now.max(at).saturating_add(c.terms.grace_period_blocks).max(GraceCursor::<T>::get());
		c.state = ContractState::GracePeriod { since: at, ends };
		GraceEnds::<T>::insert(ends, id, ());
		// The warning always comes before grace, also when a top-up stood for it.
		Self::warn_before_grace(id);
		Self::deposit_event(Event::GracePeriodStarted { contract: id, since: at, ends });
		Ok(())
	}
}
