//! Which nodes a run of the offchain worker looks at: the nodes whose **phase** came since the
//! worker's last run, and the ones a run left over.
//!
//! Node `n`'s phase is `n mod P`, `P` the billing period: its report is asked for as of the
//! blocks `b ≡ n (mod P)`, its phase blocks, by runs shortly after them (its turns, below). A
//! run at block `now` after a run at `last` reads only the nodes whose turns came in
//! `(last, now]` (every node when that is a period or more, as at a worker's first run), not the
//! whole registry: its work grows with what is due, `M / P` nodes a block and turn for a grid of
//! `M`, not with the grid. Node ids are given in order and never reused, so the nodes of
//! a phase are `r, r + P, r + 2P, ...` below the registry's next id.
//!
//! A node is fetched by its **committee**: `CommitteeSize` authorities ranked first for it in
//! that period by a hash of the node, the period and their key (a different committee each
//! period, known to every validator). They take **turns**, [`TURN_BLOCKS`] apart, the first
//! [`FIRST_TURN_AFTER`] the phase; each asks for the node's report as of its phase block and
//! submits what still changes something: the node's health if no report of it landed since its
//! phase, and the entries no landed report brought (a report that landed first may have come
//! without them). So one honest member suffices for a node's report and its entries, and as
//! members take turns rather than submit together, about one report transaction lands per node
//! and period. After the committee, every other authority takes the last turn together (the
//! escalation), and fetches the node only if its health is still due: a node none of its
//! committee reported (down, or a committee that did nothing) gets every validator's vote, and
//! "down" still needs the global quorum, never a committee alone. When every authority is in the
//! committee, each has a turn of its own. With a billing period too short for the turns, they
//! come closer ([`Committees::spacing`]), every authority at the first turn at the limit.
//!
//! The pool gives no report a slot of its own (a slot shared by two batches would make one of
//! them, and every other report in it, wait or go): the same report in two batches lands twice,
//! the second time skipped ([`Event::ObservationSkipped`]). Turns make that rare.
//!
//! A report is asked for the node's phase block whoever fetches it (`ocw.rs`), so that the node
//! is due again at its next phase, where its committee looks.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::Get;
use sc4it_primitives::{NodeDirectory, NodeId};
use sp_runtime::offchain::storage::StorageValueRef;

/// Blocks between two turns of a node's committee: time for a report submitted at one turn to
/// land before the next.
pub const TURN_BLOCKS: u32 = 2;

/// Blocks after its phase that a node's first turn comes. Its report is asked for as of its
/// phase block, and a run comes right after its block is imported: the node's agent, which
/// follows the chain through its own connection, may not have seen that block yet, and would
/// answer as of the one before (not due yet, a period after the last report).
pub const FIRST_TURN_AFTER: u32 = 1;

/// Why a run looks at a node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Look {
	/// The last run left it over: fetched.
	Retry,
	/// Turn `turn` for the node whose phase came at block `phase_at`: fetched if this authority
	/// takes that turn in the period of `phase_at` and, after the first turn, if the node's
	/// health is still due as of its phase.
	Turn { phase_at: u32, turn: u32 },
	/// A period or more passed since the worker's last run (or it never ran), so the node's
	/// turns passed unseen: fetched if this authority takes its first turn in the period of
	/// block `at`, or if its health is due.
	CatchUp { at: u32 },
}

/// Who fetches a node when, for one run: the authority set and the committee's size, read once.
pub(crate) struct Committees {
	set: Vec<AuthorityId>,
	size: u32,
	period: u32,
}

impl Committees {
	/// The committees of billing period `period` under the current authority set.
	pub(crate) fn now<T: Config>(period: u32) -> Self {
		Committees {
			set: Authorities::<T>::get().into_inner(),
			size: CommitteeSize::<T>::get().max(1),
			period: period.max(1),
		}
	}

	/// The last turn: the escalation's (the committee's size), or with every authority in the
	/// committee, the last authority's own.
	pub(crate) fn last_turn(&self) -> u32 {
		let authorities = u32::try_from(self.set.len()).unwrap_or(u32::MAX);
		self.size.min(authorities.saturating_sub(1))
	}

	/// Blocks between two turns: [`TURN_BLOCKS`], or less when the turns would not fit in a
	/// billing period after [`FIRST_TURN_AFTER`]; 0 (every authority at the first turn) when
	/// a period is too short for turns a block apart.
	pub(crate) fn spacing(&self) -> u32 {
		let last = self.last_turn();
		let room = self.period.saturating_sub(FIRST_TURN_AFTER.saturating_add(1));
		if last == 0 || last.saturating_mul(TURN_BLOCKS) <= room {
			TURN_BLOCKS
		} else {
			room / last
		}
	}

	/// Whether turn `turn` is a committee member's (the authorities past the committee share the
	/// last turn, when there are any).
	pub(crate) fn is_members(&self, turn: u32) -> bool {
		turn < self.size
	}

	/// Blocks after a node's phase that turn `turn` comes.
	pub(crate) fn turn_offset(&self, turn: u32) -> u32 {
		FIRST_TURN_AFTER.saturating_add(turn.saturating_mul(self.spacing()))
	}

	/// The turn `authority` takes for `node` in the period of block `at`: its rank among the
	/// authorities for that node and period, the ranks past the committee's sharing the last
	/// turn; 0 for every authority when the turns are at the same block.
	pub(crate) fn turn(&self, node: NodeId, at: u32, authority: &AuthorityId) -> u32 {
		if self.spacing() == 0 {
			return 0;
		}
		let index = at / self.period;
		let score = |member: &AuthorityId| {
			sp_io::hashing::blake2_256(&(b"sc4it/committee", node, index, member).encode())
		};
		let own = score(authority);
		let ahead = self.set.iter().filter(|member| score(member) < own).count();
		u32::try_from(ahead).unwrap_or(u32::MAX).min(self.last_turn())
	}
}

/// The last block whose phase this worker scanned.
const SCANNED_KEY: &[u8] = b"sc4it/oracle/scanned";
/// Nodes the last run left over, to be looked at first by the next.
const RETRY_KEY: &[u8] = b"sc4it/oracle/retry";

impl<T: Config> Pallet<T> {
	/// The nodes a run at `now` looks at, and why, in order: the ones left over by the last
	/// run, then those whose turns came since it, first turns first. Records `now` as scanned.
	pub(crate) fn scheduled_nodes(
		now: u32,
		period: u32,
		committees: &Committees,
	) -> Vec<(NodeId, Look)> {
		let period = period.max(1);
		let scanned = StorageValueRef::persistent(SCANNED_KEY);
		let last: Option<u32> = scanned.get().ok().flatten();
		// A block scanned again (another fork at the same height) still looks at its own phase.
		let blocks = last.map_or(period, |last| now.saturating_sub(last).clamp(1, period));
		scanned.set(&now);
		let retry: Vec<NodeId> =
			StorageValueRef::persistent(RETRY_KEY).get().ok().flatten().unwrap_or_default();
		let mut nodes: Vec<(NodeId, Look)> =
			retry.into_iter().map(|node| (node, Look::Retry)).collect();
		let bound = T::Registry::node_id_bound();
		if blocks >= period {
			nodes.extend((0..bound).map(|node| (node, Look::CatchUp { at: now })));
			return nodes;
		}
		let since = now.saturating_sub(blocks).saturating_add(1);
		let turns = if committees.spacing() == 0 { 0 } else { committees.last_turn() };
		for turn in 0..=turns {
			let offset = committees.turn_offset(turn);
			for block in since..=now {
				let Some(phase_at) = block.checked_sub(offset) else { continue };
				nodes.extend(
					phase_nodes(phase_at % period, period, bound)
						.map(|node| (node, Look::Turn { phase_at, turn })),
				);
			}
		}
		nodes
	}

	/// Keeps `nodes` for the next run (at most twice the nodes of a run: the rest wait for their
	/// phase).
	pub(crate) fn retry_next_run(mut nodes: Vec<NodeId>) {
		nodes.truncate((T::MaxNodesPerRun::get() as usize).saturating_mul(2));
		let mut retry = StorageValueRef::persistent(RETRY_KEY);
		if nodes.is_empty() {
			retry.clear();
		} else {
			retry.set(&nodes);
		}
	}
}

/// Blocks a fetch's transaction is given to land before the pool refuses what it carries: the
/// next block, and one more for a slow run (one that waited for an unresponsive node's
/// timeout, the very runs that carry down votes) or a transaction that missed the next author.
pub(crate) const LANDING_BLOCKS: u32 = 2;

/// The block a run at `now` asks a node's report as of, and names in a down vote: the node's
/// `phase` block when its health was due there (`due_at_phase`) and what is asked of the phase
/// still has [`LANDING_BLOCKS`] to land within the transactions' `longevity` (the pool refuses
/// an observation older than that); else `now` (a run catching up on a period, a late turn).
/// So that a report and a verdict that the node was down keep it on its phase: in a period of 5
/// blocks, the turns up to 3 blocks after the phase (a committee of one or two and the
/// authorities after it; the first three members of a larger one, and three votes are the
/// quorum of four), in a period of 16 or more, up to 14.
pub(crate) fn report_block(phase: u32, now: u32, due_at_phase: bool, longevity: u64) -> u32 {
	let recent = u32::try_from(longevity).unwrap_or(u32::MAX).saturating_sub(LANDING_BLOCKS);
	if due_at_phase && phase.saturating_add(recent) >= now {
		phase
	} else {
		now
	}
}

/// The node ids of phase `phase`: `phase, phase + period, ...` below `bound`.
fn phase_nodes(phase: u32, period: u32, bound: u32) -> impl Iterator<Item = NodeId> {
	(phase..bound).step_by(period as usize)
}

#[cfg(test)]
mod tests {
	use super::{phase_nodes, report_block, Committees};
	use crate::mock::authority;

	/// Four authorities' turns for a node in a period of 5 blocks (the presets'): the blocks
	/// after the phase at which they come.
	fn offsets(size: u32) -> Vec<u32> {
		let set = ["//Oracle1", "//Oracle2", "//Oracle3", "//Oracle4"].map(authority).to_vec();
		let committees = Committees { set, size, period: 5 };
		(0..=committees.last_turn()).map(|turn| committees.turn_offset(turn)).collect()
	}

	#[test]
	fn the_turns_of_a_short_period_ask_as_of_the_phase_while_it_can_still_land() {
		let (phase, longevity) = (20, 5);
		let asked = |offset: u32| report_block(phase, phase + offset, true, longevity);
		// A committee of one, then the three others together; a committee of two, then the
		// other two: every turn asks as of the phase, so that a down verdict names it.
		assert_eq!(offsets(1), vec![1, 3]);
		assert_eq!(offsets(2), vec![1, 2, 3]);
		for size in [1, 2] {
			assert!(offsets(size).into_iter().all(|offset| asked(offset) == phase), "{size}");
		}
		// Every authority a member: the first three turns (a quorum of four) as of the phase;
		// the last, too late for what it asks of the phase to land, as of its own block.
		assert_eq!(offsets(4), vec![1, 2, 3, 4]);
		assert_eq!(offsets(4).into_iter().map(asked).collect::<Vec<_>>(), vec![20, 20, 20, 24]);
		// A node whose health was not due at its phase (confirmed past it) is asked as of now.
		assert_eq!(report_block(phase, phase + 1, false, longevity), phase + 1);
		// A long period: the pool's longevity is at most 16 blocks, so up to 14 after.
		assert_eq!(report_block(phase, phase + 14, true, 16), phase);
		assert_eq!(report_block(phase, phase + 15, true, 16), phase + 15);
	}

	#[test]
	fn a_phase_holds_every_period_th_node() {
		assert_eq!(phase_nodes(2, 5, 18).collect::<Vec<_>>(), vec![2, 7, 12, 17]);
		assert_eq!(phase_nodes(4, 5, 4).count(), 0);
		// Every node is in exactly one phase.
		let mut all: Vec<u32> = (0..5).flat_map(|phase| phase_nodes(phase, 5, 23)).collect();
		all.sort();
		assert_eq!(all, (0..23).collect::<Vec<_>>());
	}
}
