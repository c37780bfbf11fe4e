//! sc4it against tfchain, per contract and billing period.
//!
//! Two ways, both printed by `--compare`:
//! - **from the weights**: the benchmarked weights of `pallets/*/src/weights.rs`, split into
//!   computation, reads and writes and priced at tfchain's database weights (RocksDB: 25 µs a
//!   read, 100 µs a write), against tfchain's benchmarked bill (81.7 µs + 16 reads + 4 writes);
//! - **natively, side by side in one state**: one period's reports of every node against a
//!   tfchain-shaped bill of every contract (16 reads of distinct keys sized like tfchain's items,
//!   4 writes, one of them a balance lock extended), run in turn five times (ABABABABAB) on the
//!   state the measurement built; the median of the five ratios. The payout round and the grace
//!   expiries measured once before are added to sc4it's side at their share of a period. A
//!   reference kernel (`sc4it_primitives::benchmarking::reference_kernel`) is timed before and
//!   after: when it moved by more than 10%, the machine was busy and the run says so.

use crate::{db_weights::Parts, parts, Measured, Point, LIFE, PAYOUT, PERIOD};
use frame_support::{
	traits::{Get, LockableCurrency, WithdrawReasons},
	weights::constants::RocksDbWeight,
};
use pallet_sc4it_contracts::weights::WeightInfo as _;
use pallet_sc4it_oracle::weights::WeightInfo as _;
use sc4it_runtime::{AccountId, Balances, Runtime, DAYS};
use std::{
	fmt::Write as _,
	time::{Duration, Instant},
};

/// tfchain's weight of one contract bill (docs/prior-art.md): 81.7 µs + 16 reads + 4 writes.
pub(crate) const TFCHAIN_BILL: Parts = Parts { compute_ps: 81_700_000.0, reads: 16.0, writes: 4.0 };

/// How many side-by-side pairs a native comparison runs.
const PAIRS: usize = 5;

/// The parts of sc4it's cost per contract, from the benchmarked weights.
struct WeightParts {
	/// One node's report in one period, as the block is charged for it.
	report: Parts,
	/// Collecting one node's earnings in a payout round and paying its farm, one farm a node
	/// (the dearest: a farm's payment is shared by its nodes); nothing in it is per contract.
	collect: Parts,
	/// One grace expiry.
	expire: Parts,
	/// A contract's four changes of a health period's work in its life.
	life_events: Parts,
}

impl WeightParts {
	fn of_runtime() -> Self {
		type ContractsWeights<T> = pallet_sc4it_contracts::weights::SubstrateWeight<T>;
		type OracleWeights<T> = pallet_sc4it_oracle::weights::SubstrateWeight<T>;
		let max_batch = <Runtime as pallet_sc4it_oracle::Config>::MaxBatch::get();
		let max_work = <Runtime as pallet_sc4it_contracts::Config>::MaxWorkPerReport::get();
		WeightParts {
			// Its share of a full batch, whose benchmark holds the health period with no
			// contract changing (what changes is counted per contract below).
			report: parts!(|T| OracleWeights::<T>::submit_reports(max_batch))
				.scaled(1.0 / f64::from(max_batch)),
			collect: parts!(|T| ContractsWeights::<T>::collect_earnings(1)
				.saturating_sub(ContractsWeights::<T>::collect_earnings(0)))
			.plus(parts!(|T| ContractsWeights::<T>::pay_farms(1)
				.saturating_sub(ContractsWeights::<T>::pay_farms(0)))),
			expire: parts!(|T| ContractsWeights::<T>::expire_graces(1)
				.saturating_sub(ContractsWeights::<T>::expire_graces(0))),
			// Billing starts, its runway gets low, its funds run out, its last charge: one
			// due point of each kind, each charged its own benchmark's slope.
			life_events: parts!(|T| ContractsWeights::<T>::record_health_starts(max_work)
				.saturating_sub(ContractsWeights::<T>::record_health_starts(0)))
			.plus(parts!(|T| ContractsWeights::<T>::record_health_warnings(max_work)
				.saturating_sub(ContractsWeights::<T>::record_health_warnings(0))))
			.plus(parts!(|T| ContractsWeights::<T>::record_health_run_outs(max_work)
				.saturating_sub(ContractsWeights::<T>::record_health_run_outs(0))))
			.plus(parts!(|T| ContractsWeights::<T>::record_health(max_work)
				.saturating_sub(ContractsWeights::<T>::record_health(0))))
			.scaled(1.0 / f64::from(max_work)),
		}
	}

	/// One contract's cost per billing period with `per_node` contracts a node and payouts
	/// every `payout_days`; with `recurring` only, the report and the payout (no per-life work).
	fn per_contract_period(&self, per_node: u32, payout_days: u32, recurring: bool) -> Parts {
		let payout = f64::from(payout_days) * f64::from(DAYS);
		let steady = self
			.report
			.plus(self.collect.scaled(f64::from(PERIOD) / payout))
			.scaled(1.0 / f64::from(per_node));
		if recurring {
			return steady;
		}
		steady
			.plus(self.expire.scaled(f64::from(PERIOD) / f64::from(LIFE)))
			.plus(self.life_events.scaled(f64::from(PERIOD) / f64::from(LIFE)))
	}

	/// How many times tfchain's bill is dearer, at tfchain's database weights.
	fn ratio(&self, per_node: u32, payout_days: u32, recurring: bool) -> f64 {
		let rocks = RocksDbWeight::get();
		TFCHAIN_BILL.priced_ps(rocks)
			/ self.per_contract_period(per_node, payout_days, recurring).priced_ps(rocks)
	}
}

/// The table of docs/benchmarks.md: sc4it per contract-period against tfchain's bill, from
/// the weights.
pub(crate) fn table() -> String {
	let parts = WeightParts::of_runtime();
	let rocks = RocksDbWeight::get();
	let tf_ps = TFCHAIN_BILL.priced_ps(rocks);
	let mut text = String::from(
		"\n**Against tfchain**, at tfchain's database weights (25 µs a read, 100 µs a write): \
		 what billing one contract for one hourly period costs, all recurring and per-life work \
		 included (tfchain's figure is its bill alone):\n\n\
		 | contracts per node | payouts every | sc4it per contract-period | tfchain per bill | ratio | contracts billed per block (tfchain: about 1,500) |\n|---:|---:|---:|---:|---:|---:|\n",
	);
	for (per_node, payout_days) in
		[(1u32, 1u32), (10, 1), (100, 1), (1_000, 1), (100, 7), (1_000, 7), (100, 30)]
	{
		let ours_ps = parts.per_contract_period(per_node, payout_days, false).priced_ps(rocks);
		let _ = writeln!(
			text,
			"| {per_node} | {payout_days} day(s) | {:.2} µs | {:.1} µs | {:.1}x | {:.0} |",
			ours_ps / 1e6,
			tf_ps / 1e6,
			tf_ps / ours_ps,
			1_500.0 * tf_ps / ours_ps,
		);
	}
	let describe = |p: Parts| {
		format!("{:.1} µs + {:.1} reads + {:.1} writes", p.compute_ps / 1e6, p.reads, p.writes)
	};
	let _ = writeln!(
		text,
		"\nAssumed: reports hourly ({PERIOD} blocks), a contract's life 30 days ending in grace \
		 expiry. Parts: a node's report {}; collecting one node's earnings and paying its farm {}; one grace expiry \
		 {}; a contract's four changes in a life {}.",
		describe(parts.report),
		describe(parts.collect),
		describe(parts.expire),
		describe(parts.life_events),
	);
	text
}

/// Where docs/benchmarks.md holds [`table`].
const DOC_BEGIN: &str =
	"<!-- tfchain-table: generated by `sc4it-scale --doc docs/benchmarks.md` from the committed weights -->";
const DOC_END: &str = "<!-- /tfchain-table -->";

/// `page` with [`table`] between its markers, or `None` if it has none.
fn with_table(page: &str) -> Option<String> {
	let start = page.find(DOC_BEGIN)? + DOC_BEGIN.len();
	let end = start + page[start..].find(DOC_END)?;
	Some(format!("{}\n{}\n{}", &page[..start], table().trim(), &page[end..]))
}

/// Writes [`table`] into `page` between its markers.
pub(crate) fn write_doc(page: &std::path::Path) {
	let text = std::fs::read_to_string(page).expect("the page is readable");
	let written = with_table(&text).unwrap_or_else(|| {
		eprintln!("{} has no {DOC_BEGIN} ... {DOC_END}", page.display());
		std::process::exit(1)
	});
	std::fs::write(page, written).expect("the page is writable");
}

/// The `--compare` lines from the weights: all-in and recurring at 100 contracts a node, and
/// all-in at 10, each with daily payouts.
pub(crate) fn weight_lines() -> Vec<String> {
	let parts = WeightParts::of_runtime();
	vec![
		format!(
			"all-in vs tfchain, 100 contracts a node, daily payouts: {:.1}x (weights at tfchain's database weights)",
			parts.ratio(100, 1, false)
		),
		format!(
			"recurring vs tfchain, 100 contracts a node, daily payouts: {:.1}x (weights at tfchain's database weights)",
			parts.ratio(100, 1, true)
		),
		format!(
			"all-in vs tfchain, 10 contracts a node, daily payouts: {:.1}x (weights at tfchain's database weights)",
			parts.ratio(10, 1, false)
		),
	]
}

/// What a native comparison measured.
pub(crate) struct Native {
	/// sc4it's side of each pair: one period's reports, plus its share of a payout round and
	/// of the grace expiries.
	pub ours: Vec<Duration>,
	/// tfchain's side of each pair: one bill of every contract.
	pub theirs: Vec<Duration>,
	/// How much the reference kernel's time moved from before to after, as a fraction.
	pub reference_moved: f64,
}

impl Native {
	/// The median of the pairs' ratios (tfchain's time over sc4it's).
	pub fn median_ratio(&self) -> f64 {
		let mut ratios: Vec<f64> = self
			.ours
			.iter()
			.zip(&self.theirs)
			.map(|(ours, theirs)| theirs.as_secs_f64() / ours.as_secs_f64().max(1e-12))
			.collect();
		ratios.sort_by(f64::total_cmp);
		ratios.get(ratios.len() / 2).copied().unwrap_or(0.0)
	}

	/// The `--compare` line of this state.
	pub fn line(&self, point: &Point) -> String {
		let per_node = f64::from(point.contracts) / f64::from(point.nodes.max(1));
		let noisy = if self.reference_moved > 0.10 { ", NOISY: discard this run" } else { "" };
		format!(
			"all-in vs tfchain, this state ({} contracts on {} nodes, {per_node:.0} a node), daily payouts: {:.1}x natively (median of {PAIRS} pairs; the reference moved {:.1}%{noisy})",
			point.contracts,
			point.nodes,
			self.median_ratio(),
			self.reference_moved * 100.0,
		)
	}
}

/// The reference kernel's time: the fastest of a few runs.
pub(crate) fn reference_time() -> Duration {
	(0..5)
		.map(|_| {
			let started = Instant::now();
			std::hint::black_box(sc4it_primitives::benchmarking::reference_kernel());
			started.elapsed()
		})
		.min()
		.unwrap_or_default()
}

/// Runs the native pairs: `report_round(k)` is sc4it's reports of period `k`; `bills` the
/// tfchain-shaped bills of every contract; `m` what the measurement found for the payout round
/// and the expiries (added to sc4it's side at their share of a period).
pub(crate) fn native_pairs(
	point: &Point,
	m: &Measured,
	mut report_round: impl FnMut(usize) -> Duration,
	mut bills: impl FnMut() -> Duration,
) -> Native {
	let before = reference_time();
	let expiries = if m.expired == 0 {
		0.0
	} else {
		m.expiry_native.as_secs_f64() / f64::from(m.expired)
			* f64::from(point.contracts)
			* f64::from(PERIOD)
			/ f64::from(LIFE)
	};
	let shares = Duration::from_secs_f64(
		m.sweep_native.as_secs_f64() * f64::from(PERIOD) / f64::from(PAYOUT) + expiries,
	);
	let mut ours = Vec::with_capacity(PAIRS);
	let mut theirs = Vec::with_capacity(PAIRS);
	for k in 0..PAIRS {
		ours.push(report_round(k) + shares);
		theirs.push(bills());
	}
	let after = reference_time();
	let reference_moved =
		(after.as_secs_f64() - before.as_secs_f64()).abs() / before.as_secs_f64().max(1e-12);
	Native { ours, theirs, reference_moved }
}

/// A tfchain-shaped contract store beside sc4it's state: per contract its record, billing
/// information, lock and resources; per node, farm and user theirs; shared items (pricing, the
/// billing loop's index).
pub(crate) struct TfchainShape {
	contracts: u32,
	nodes: u32,
	per_user: u32,
}

/// The lock tfchain extends on a bill.
const TF_LOCK: frame_support::traits::LockIdentifier = *b"tfbill00";

fn tf_key(kind: &[u8], id: u32) -> Vec<u8> {
	let mut key = b"tfchain/".to_vec();
	key.extend_from_slice(kind);
	key.extend_from_slice(&sp_io::hashing::twox_128(&id.to_le_bytes()));
	key
}

impl TfchainShape {
	/// Writes the store for `contracts` contracts on `nodes` nodes (round robin), `per_user` of
	/// them to a user.
	pub fn seed(contracts: u32, nodes: u32, per_user: u32) -> Self {
		let per_user = per_user.max(1);
		let users = contracts.div_ceil(per_user);
		let item = |size: usize, seed: u32| {
			let mut value = vec![0u8; size];
			value[..4].copy_from_slice(&seed.to_le_bytes());
			value
		};
		for id in 0..contracts {
			sp_io::storage::set(&tf_key(b"contract", id), &item(256, id));
			sp_io::storage::set(&tf_key(b"billing", id), &item(64, id));
			sp_io::storage::set(&tf_key(b"lock", id), &item(80, id));
			sp_io::storage::set(&tf_key(b"resources", id), &item(100, id));
			sp_io::storage::set(&tf_key(b"ips", id), &item(48, id));
			sp_io::storage::set(&tf_key(b"usage", id), &item(32, id));
		}
		for node in 0..nodes {
			sp_io::storage::set(&tf_key(b"node", node), &item(400, node));
			sp_io::storage::set(&tf_key(b"power", node), &item(16, node));
			sp_io::storage::set(&tf_key(b"farm", node / 10), &item(200, node));
			sp_io::storage::set(&tf_key(b"policy", node / 10), &item(100, node));
		}
		for user in 0..users {
			sp_io::storage::set(&tf_key(b"twin", user), &item(150, user));
		}
		sp_io::storage::set(b"tfchain/pricing", &item(300, 0));
		sp_io::storage::set(b"tfchain/timestamp", &item(8, 0));
		sp_io::storage::set(b"tfchain/loop", &item(8 * (contracts as usize / 600 + 1), 0));
		TfchainShape { contracts, nodes, per_user }
	}

	/// One bill of every contract, as tfchain's `bill_contract_for_block` touches the state:
	/// 16 reads of distinct items (14 of its own store, the owner's account and locks), 4
	/// writes (its billing information, its lock record, and the balance lock of its owner: the
	/// locks and the account).
	pub fn bill_all(&self, owner_of: impl Fn(u32) -> AccountId, round: u32) -> Duration {
		let started = Instant::now();
		for id in 0..self.contracts {
			let node = id % self.nodes.max(1);
			let user = id / self.per_user;
			let mut read = 0usize;
			for key in [
				tf_key(b"contract", id),
				tf_key(b"billing", id),
				tf_key(b"lock", id),
				tf_key(b"resources", id),
				tf_key(b"ips", id),
				tf_key(b"usage", id),
				tf_key(b"node", node),
				tf_key(b"power", node),
				tf_key(b"farm", node / 10),
				tf_key(b"policy", node / 10),
				tf_key(b"twin", user),
			] {
				read += sp_io::storage::get(&key).map_or(0, |v| v.len());
			}
			for key in [&b"tfchain/pricing"[..], b"tfchain/timestamp", b"tfchain/loop"] {
				read += sp_io::storage::get(key).map_or(0, |v| v.len());
			}
			std::hint::black_box(read);
			let mut billing = sp_io::storage::get(&tf_key(b"billing", id))
				.map(|b| b.to_vec())
				.unwrap_or_default();
			if let Some(byte) = billing.get_mut(8) {
				*byte = byte.wrapping_add(1);
			}
			sp_io::storage::set(&tf_key(b"billing", id), &billing);
			sp_io::storage::set(&tf_key(b"lock", id), &round.to_le_bytes().repeat(20));
			// The owner's balance lock extended: System::Account and Balances::Locks read and
			// written.
			let owner = owner_of(id);
			<Balances as LockableCurrency<AccountId>>::extend_lock(
				TF_LOCK,
				&owner,
				u128::from(round).saturating_add(1),
				WithdrawReasons::all(),
			);
		}
		started.elapsed()
	}
}

#[cfg(test)]
mod tests {
	/// docs/benchmarks.md's comparison with tfchain is the committed weights' (regenerated by
	/// `sc4it-scale --doc docs/benchmarks.md`, which `scripts/scale-bench.sh` runs).
	#[test]
	fn the_docs_comparison_with_tfchain_is_the_committed_weights() {
		let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/benchmarks.md");
		let page = std::fs::read_to_string(path).expect("docs/benchmarks.md");
		let expected = super::with_table(&page).expect("docs/benchmarks.md has the markers");
		assert!(
			page == expected,
			"docs/benchmarks.md's comparison with tfchain is not the committed weights': run \
			 `cargo run --release -p sc4it-benches --bin sc4it-scale -- --doc docs/benchmarks.md`"
		);
	}
}
