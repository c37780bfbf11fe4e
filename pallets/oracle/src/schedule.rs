//! Which nodes a run of the offchain worker looks at: the nodes whose **phase** came since the
//! worker's last run, and the ones a run left over.
//!
//! Node `n`'s phase is `n mod P`, `P` the billing period: it is fetched in the runs at blocks
//! `b ≡ n (mod P)`. A run at block `now` after a run at `last` reads only the nodes of the
//! phases of `(last, now]` (every node when that is a period or more, as at a worker's first
//! run), not the whole registry: its work grows with what is due, `M / P` nodes a block for a
//! grid of `M`, not with the grid. Node ids are given in order and never reused, so the nodes of
//! a phase are `r, r + P, r + 2P, ...` below the registry's next id.
//!
//! Every validator fetches a node at the same block, so their reports of it are the same report
//! (an agent signs one per block): one pool slot, one transaction per node and period, however
//! many validators. The rule for submitting is unchanged (a node's health is due when confirmed
//! a billing period ago or more): the phase only says when to look.
//!
//! At its phase a node is fetched by its **committee**: `CommitteeSize` authorities ranked
//! first for it in that period by a hash of the node, the period and their key (a different
//! committee each period, known to every validator). One honest member suffices for its report.
//! [`ESCALATION_BLOCKS`] later, every authority looks at the node again and fetches it if its
//! health is still due: a node its committee did not report (down, or a committee that did
//! nothing) gets every validator's vote, and "down" still needs the global quorum, never a
//! committee alone. With a billing period too short for that (`P <= 2 * ESCALATION_BLOCKS`), or
//! no more authorities than the committee's size, every authority is in every committee.
//!
//! Nodes a run looked at and did not finish (beyond the run's bound, not read for want of
//! buffer, left out of the batch, or not submitted) are kept in a bounded retry list and looked
//! at again by the next run, before the new phases.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::Get;
use sc4it_primitives::{NodeDirectory, NodeId};
use sp_runtime::offchain::storage::StorageValueRef;

/// How many blocks after a node's phase every authority looks at it, if its health is still due.
pub const ESCALATION_BLOCKS: u32 = 2;

/// Why a run looks at a node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Look {
	/// The last run left it over: fetched.
	Retry,
	/// Its phase came at block `at`: fetched if this authority is in its committee for the
	/// period of that block.
	Phase { at: u32 },
	/// Its phase came [`ESCALATION_BLOCKS`] ago: fetched if its health is still due.
	Escalation,
	/// A period or more passed since the worker's last run (or it never ran), so its phase and
	/// escalation both passed unseen: fetched if this authority is in its committee for the
	/// period of block `at`, or if its health is due.
	CatchUp { at: u32 },
}

/// Who fetches a node at its phase, for one run: the authority set and the committee size, read
/// once.
pub(crate) struct Committees {
	set: Vec<AuthorityId>,
	size: usize,
	period: u32,
}

impl Committees {
	/// The committees of billing period `period` under the current authority set.
	pub(crate) fn now<T: Config>(period: u32) -> Self {
		Committees {
			set: Authorities::<T>::get().into_inner(),
			size: CommitteeSize::<T>::get().max(1) as usize,
			period: period.max(1),
		}
	}

	/// Whether `authority` fetches `node` at its phase in the period of block `at`: it is one
	/// of the node's committee for that period, or every authority is (no more authorities than
	/// a committee, or a period too short to wait for one).
	pub(crate) fn include(&self, node: NodeId, at: u32, authority: &AuthorityId) -> bool {
		if self.set.len() <= self.size || self.period <= ESCALATION_BLOCKS.saturating_mul(2) {
			return true;
		}
		let index = at / self.period;
		let score = |member: &AuthorityId| {
			sp_io::hashing::blake2_256(&(b"sc4it/committee", node, index, member).encode())
		};
		let own = score(authority);
		let ahead = self.set.iter().filter(|member| score(member) < own).count();
		ahead < self.size
	}
}

/// The last block whose phase this worker scanned.
const SCANNED_KEY: &[u8] = b"sc4it/oracle/scanned";
/// Nodes the last run left over, to be looked at first by the next.
const RETRY_KEY: &[u8] = b"sc4it/oracle/retry";

impl<T: Config> Pallet<T> {
	/// The nodes a run at `now` looks at, and why, in order: the ones left over by the last
	/// run, then those whose phase came since it, then those whose escalation came. Records
	/// `now` as scanned.
	pub(crate) fn scheduled_nodes(now: u32, period: u32) -> Vec<(NodeId, Look)> {
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
		for at in since..=now {
			nodes.extend(phase_nodes(at % period, period, bound).map(|n| (n, Look::Phase { at })));
		}
		for block in since..=now {
			let phase = block.wrapping_add(period).saturating_sub(ESCALATION_BLOCKS) % period;
			nodes.extend(phase_nodes(phase, period, bound).map(|n| (n, Look::Escalation)));
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

/// The node ids of phase `phase`: `phase, phase + period, ...` below `bound`.
fn phase_nodes(phase: u32, period: u32, bound: u32) -> impl Iterator<Item = NodeId> {
	(phase..bound).step_by(period as usize)
}

#[cfg(test)]
mod tests {
	use super::phase_nodes;

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
