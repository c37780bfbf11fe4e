//! Choosing what is due: how long one offchain worker's run takes to choose the nodes it fetches
//! with a large grid registered (the oracle's `nodes_chosen`, its schedule and committees, on
//! the runtime compiled for the host). The grid has `nodes` registered nodes, every one's health
//! due (confirmed more than a period ago, the dearest case: every node of a phase that comes
//! two blocks later is looked at again), and `AUTHORITIES` oracle authorities, so that a node's
//! committee is ranked among that many keys.
//!
//! Timed: the worker's first run, which catches up with a whole period and so looks at every
//! node, and `RUNS` runs at consecutive blocks after it, each looking at the phases that came
//! since the last. `sc4it-scale --choose N` prints both and writes them to `choose.txt`.

use crate::{at, build_grid_policy, confirm, register_nodes, PERIOD, START};
use frame_support::traits::Get;
use sc4it_primitives::oracle::AuthorityId;
use sc4it_runtime::{BlockNumber, Runtime};
use sp_core::{
	offchain::{testing::TestOffchainExt, OffchainDbExt, OffchainWorkerExt},
	Pair,
};
use std::time::{Duration, Instant};

/// The authorities of the measurement (at most the runtime's bound).
const AUTHORITIES: u32 = 32;
/// Runs timed after the first.
const RUNS: u32 = 200;

type Oracle = pallet_sc4it_oracle::Pallet<Runtime>;

/// What choosing took.
pub(crate) struct Chosen {
	pub nodes: u32,
	pub authorities: u32,
	pub first_run: Duration,
	pub first_run_nodes: usize,
	pub steady_runs: Vec<(Duration, usize)>,
}

/// Builds a grid of `nodes` nodes and times the choice of what is due.
pub(crate) fn measure(nodes: u32) -> Chosen {
	let mut ext = sp_io::TestExternalities::new(Default::default());
	let (offchain, _state) = TestOffchainExt::new();
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.execute_with(|| {
		build_grid_policy();
		let registered = register_nodes(nodes);
		let confirmed = START + 20;
		at(confirmed);
		for (node, _) in &registered {
			confirm(*node, confirmed);
		}
		let bound: u32 = <Runtime as pallet_sc4it_oracle::Config>::MaxAuthorities::get();
		let keys: Vec<AuthorityId> = (0..AUTHORITIES.min(bound))
			.map(|i| {
				sc4it_primitives::oracle::Pair::from_string(&format!("//Oracle{i}"), None)
					.expect("a seed")
					.public()
			})
			.collect();
		let authorities = keys.len() as u32;
		pallet_sc4it_oracle::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			keys.clone(),
		));
		let own = &keys[0];
		// Every node's health due: confirmed a period ago and more.
		let first_at: BlockNumber = confirmed + 2 * PERIOD;
		let started = Instant::now();
		let first_run_nodes = Oracle::nodes_chosen(first_at, own);
		let first_run = started.elapsed();
		let steady_runs = (1..=RUNS)
			.map(|k| {
				let started = Instant::now();
				let chosen = Oracle::nodes_chosen(first_at + k, own);
				(started.elapsed(), chosen)
			})
			.collect();
		Chosen { nodes, authorities, first_run, first_run_nodes, steady_runs }
	})
}

impl Chosen {
	/// The lines `--choose` prints.
	pub fn lines(&self) -> String {
		let mut times: Vec<Duration> = self.steady_runs.iter().map(|(t, _)| *t).collect();
		times.sort();
		let median = times.get(times.len() / 2).copied().unwrap_or_default();
		let slowest = times.last().copied().unwrap_or_default();
		let chosen: usize = self.steady_runs.iter().map(|(_, n)| n).sum();
		let per_run = chosen as f64 / self.steady_runs.len().max(1) as f64;
		format!(
			"choosing what is due, {} registered nodes, {} authorities, billing period {} blocks, \
			 every node's health due:\n\
			 a run at its phases: median {:.2} ms, slowest {:.2} ms of {} runs ({:.1} nodes \
			 chosen a run)\n\
			 the first run (a whole period to catch up, every node looked at): {:.1} ms ({} nodes \
			 chosen, at most MaxNodesPerRun fetched)\n",
			self.nodes,
			self.authorities,
			PERIOD,
			median.as_secs_f64() * 1e3,
			slowest.as_secs_f64() * 1e3,
			self.steady_runs.len(),
			per_run,
			self.first_run.as_secs_f64() * 1e3,
			self.first_run_nodes,
		)
	}
}
