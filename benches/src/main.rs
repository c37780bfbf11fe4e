//! # Billing at scale
//!
//! Builds the runtime's state with `N` contracts on `M` nodes, natively (the runtime compiled
//! for the host, in memory), and measures what billing costs per block: the reports of one
//! billing period applied through the oracle's `submit` call, one payout round (every node's
//! earnings collected, every farm paid), and grace expiries. Each is measured twice: native wall time here, and the weight
//! the runtime charges for it (the benchmarked weights of `pallets/*/src/weights.rs`), as a share
//! of the block's weight. Then the same weights priced at tfchain's database weights give the
//! comparison of docs/benchmarks.md (the table: docs/scale/table.md).
//!
//! `scripts/scale-bench.sh` runs it for N = 1,000 … 1,000,000 and plots the result.
//!
//! With `--compare`, each point is also compared with tfchain per contract and period, from the
//! weights and natively side by side in its state (`compare.rs`), one line per case.
//!
//! With `--choose NODES`, it measures instead how long an offchain worker's run takes to choose
//! the nodes it fetches with `NODES` registered (`choose.rs`).
//!
//! Usage: `sc4it-scale [--points N:M,N:M,...] [--out DIR] [--compare]`,
//! `sc4it-scale --choose NODES [--out DIR]`, or `sc4it-scale --doc docs/benchmarks.md` to write the comparison from the committed weights
//! into that page (between its markers) and nothing else: a test fails when the page differs.

mod choose;
mod compare;
mod db_weights;

use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{fungible::Mutate, Get, Hooks},
	weights::Weight,
};
use pallet_sc4it_contracts::{
	BillingPolicy, GraceCursor, GraceEnds, NextPayoutAt, PayoutPhase, PayoutSweep,
};
use sc4it_primitives::{Capacity, DiskType, NodeId, ReportId, UsageOracle, Volume};
use sc4it_report::{Report, VERSION};
use sc4it_runtime::{
	AccountId, BlockNumber, Contracts, Runtime, RuntimeCall, RuntimeOrigin, System, DAYS, HOURS,
};
use sp_core::{ed25519, Pair};
use sp_runtime::traits::Dispatchable;
use std::{
	fmt::Write as _,
	io::Write as _,
	time::{Duration, Instant},
};

/// Contracts per user (accounts are cheap; the number only spreads the holds).
const CONTRACTS_PER_USER: u32 = 100;
/// Nodes per farm.
const NODES_PER_FARM: u32 = 10;
/// The billing period of the measurement: hourly, as tfchain bills.
const PERIOD: BlockNumber = HOURS;
/// The payout period: daily.
const PAYOUT: BlockNumber = DAYS;
/// The assumed average life of a contract, for the expiry rate: 30 days, each contract ending
/// through grace expiry (the most expensive end).
const LIFE: BlockNumber = 30 * DAYS;
/// The block everything starts at.
const START: BlockNumber = 10;
/// Grace period of the measurement's policy.
const GRACE: BlockNumber = 20;

struct Point {
	contracts: u32,
	nodes: u32,
}

#[derive(Default)]
struct Measured {
	build: Duration,
	report_calls: u32,
	reports_native: Duration,
	reports_weight: Weight,
	reports_declared: Weight,
	expired: u32,
	expiry_native: Duration,
	expiry_weight: Weight,
	expiry_blocks: u32,
	sweep_native: Duration,
	sweep_weight: Weight,
	sweep_blocks: u32,
	idle_native: Duration,
	idle_weight: Weight,
}

fn main() {
	let mut points = vec![
		Point { contracts: 1_000, nodes: 10 },
		Point { contracts: 10_000, nodes: 100 },
		Point { contracts: 100_000, nodes: 1_000 },
		Point { contracts: 1_000_000, nodes: 10_000 },
	];
	let mut out = std::path::PathBuf::from("docs/scale");
	let mut compare = false;
	let mut choose: Option<u32> = None;
	let mut args = std::env::args().skip(1);
	while let Some(arg) = args.next() {
		match arg.as_str() {
			"--points" => {
				let value = args.next().unwrap_or_default();
				points = value
					.split(',')
					.map(|p| {
						let (n, m) = p.split_once(':').unwrap_or_else(|| usage(p));
						Point {
							contracts: n.parse().unwrap_or_else(|_| usage(p)),
							nodes: m.parse().unwrap_or_else(|_| usage(p)),
						}
					})
					.collect();
			},
			"--out" => out = args.next().unwrap_or_else(|| usage("--out")).into(),
			"--doc" => {
				let page = args.next().unwrap_or_else(|| usage("--doc"));
				compare::write_doc(std::path::Path::new(&page));
				return;
			},
			"--compare" => compare = true,
			"--choose" => {
				let value = args.next().unwrap_or_default();
				choose = Some(value.parse().unwrap_or_else(|_| usage(&value)));
			},
			other => usage(other),
		}
	}
	std::fs::create_dir_all(&out).expect("output directory");
	if let Some(nodes) = choose {
		eprintln!("registering {nodes} nodes ...");
		let text = choose::measure(nodes).lines();
		write(&out.join("choose.txt"), &text);
		print!("{text}");
		return;
	}

	let max_block = sc4it_runtime::RuntimeBlockWeights::get().max_block;
	let mut csv = String::from(
		"contracts,nodes,build_s,reports_native_ms,reports_weight_ms,expired,expiry_native_ms,\
		 expiry_weight_ms,expiry_blocks,sweep_native_ms,sweep_weight_ms,sweep_blocks,\
		 per_block_native_us,per_block_weight_us,block_share_pct\n",
	);
	let mut table = String::from(
		"| contracts N | nodes M | build | reports of a period: native / weight charged | payout round: native / weight (blocks) | grace expiry burst: native / weight (blocks) | per block, steady state: native / weight | share of block weight |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n",
	);
	let mut natives = Vec::new();
	for point in &points {
		eprintln!("building {} contracts on {} nodes ...", point.contracts, point.nodes);
		let (m, native) = measure(point, compare);
		if let Some(native) = native {
			natives.push((point, native));
		}
		let steady = SteadyState::of(point, &m);
		let share = steady.weight.ref_time() as f64 / max_block.ref_time() as f64 * 100.0;
		eprintln!(
			"  built in {:.1?}; per block {:.1} µs native, {:.1} µs of weight, {:.3}% of a block",
			m.build,
			steady.native.as_secs_f64() * 1e6,
			steady.weight.ref_time() as f64 / 1e6,
			share
		);
		let _ = writeln!(
			csv,
			"{},{},{:.1},{:.3},{:.3},{},{:.3},{:.3},{},{:.3},{:.3},{},{:.3},{:.3},{:.5}",
			point.contracts,
			point.nodes,
			m.build.as_secs_f64(),
			ms(m.reports_native),
			wms(m.reports_weight),
			m.expired,
			ms(m.expiry_native),
			wms(m.expiry_weight),
			m.expiry_blocks,
			ms(m.sweep_native),
			wms(m.sweep_weight),
			m.sweep_blocks,
			steady.native.as_secs_f64() * 1e6,
			steady.weight.ref_time() as f64 / 1e6,
			share,
		);
		let _ = writeln!(
			table,
			"| {} | {} | {:.0} s | {:.1} ms / {:.1} ms ({:.0} ms declared, {} calls) | {:.1} ms / {:.1} ms ({}) | {} contracts: {:.1} ms / {:.1} ms ({}) | {:.1} µs / {:.1} µs | {:.3} % |",
			point.contracts,
			point.nodes,
			m.build.as_secs_f64(),
			ms(m.reports_native),
			wms(m.reports_weight),
			wms(m.reports_declared),
			m.report_calls,
			ms(m.sweep_native),
			wms(m.sweep_weight),
			m.sweep_blocks,
			m.expired,
			ms(m.expiry_native),
			wms(m.expiry_weight),
			m.expiry_blocks,
			steady.native.as_secs_f64() * 1e6,
			steady.weight.ref_time() as f64 / 1e6,
			share,
		);
	}
	table.push_str(&compare::table());
	write(&out.join("scale.csv"), &csv);
	write(&out.join("table.md"), &table);
	print!("{table}");
	if compare {
		let mut lines = compare::weight_lines();
		lines.extend(natives.iter().map(|(point, native)| native.line(point)));
		let text = lines.join("\n") + "\n";
		write(&out.join("compare.txt"), &text);
		print!("\n{text}");
	}
}

fn usage(bad: &str) -> ! {
	eprintln!(
		"bad argument {bad:?}\nusage: sc4it-scale [--points N:M,N:M,...] [--out DIR] [--compare] | --choose NODES [--out DIR] | --doc PAGE"
	);
	std::process::exit(2)
}

fn write(path: &std::path::Path, text: &str) {
	let mut f = std::fs::File::create(path).expect("create output");
	f.write_all(text.as_bytes()).expect("write output");
	eprintln!("wrote {}", path.display());
}

fn ms(d: Duration) -> f64 {
	d.as_secs_f64() * 1e3
}

/// A weight's computation time in milliseconds.
fn wms(w: Weight) -> f64 {
	w.ref_time() as f64 / 1e9
}

/// What billing costs per block on average, under the measurement's periods.
struct SteadyState {
	native: Duration,
	weight: Weight,
}

impl SteadyState {
	fn of(point: &Point, m: &Measured) -> Self {
		// Reports arrive once per period per node; a payout round once per payout period; each
		// contract expires once per life.
		let expiries_per_block = f64::from(point.contracts) / f64::from(LIFE);
		let per_expiry = |x: f64| if m.expired == 0 { 0.0 } else { x / f64::from(m.expired) };
		let native = m.reports_native.as_secs_f64() / f64::from(PERIOD)
			+ m.sweep_native.as_secs_f64() / f64::from(PAYOUT)
			+ per_expiry(m.expiry_native.as_secs_f64()) * expiries_per_block
			+ m.idle_native.as_secs_f64();
		let weight = m.reports_weight.ref_time() as f64 / f64::from(PERIOD)
			+ m.sweep_weight.ref_time() as f64 / f64::from(PAYOUT)
			+ per_expiry(m.expiry_weight.ref_time() as f64) * expiries_per_block
			+ m.idle_weight.ref_time() as f64;
		SteadyState {
			native: Duration::from_secs_f64(native),
			weight: Weight::from_parts(weight as u64, 0),
		}
	}
}

fn at(n: BlockNumber) {
	System::set_block_number(n);
}

fn report_id() -> ReportId {
	ReportId::repeat_byte(0x5c)
}

fn node_pair(i: u32) -> ed25519::Pair {
	let mut seed = [7u8; 32];
	seed[..4].copy_from_slice(&i.to_le_bytes());
	ed25519::Pair::from_seed(&seed)
}

fn account(kind: u8, i: u32) -> AccountId {
	let mut raw = [kind; 32];
	raw[..4].copy_from_slice(&i.to_le_bytes());
	AccountId::from(raw)
}

fn ok<E: std::fmt::Debug>(what: &str, r: Result<impl Sized, E>) {
	if let Err(e) = r {
		panic!("{what}: {e:?}");
	}
}

fn dispatch(what: &str, call: RuntimeCall, origin: RuntimeOrigin) {
	ok(what, call.dispatch(origin).map_err(|e| e.error));
}

/// One billing period's reports of `nodes`, all healthy with nothing changed, at `report_at`: a
/// batch of `MaxBatch` nodes per transaction, signed by the dev chain's oracle (Alice).
pub(crate) fn report_round(
	nodes: &[(NodeId, ed25519::Pair)],
	report_at: BlockNumber,
) -> Vec<RuntimeCall> {
	let genesis = pallet_sc4it_oracle::Pallet::<Runtime>::genesis_hash();
	let authority = sc4it_primitives::oracle::Pair::from_string("//Alice", None).expect("dev seed");
	let max_batch: u32 = <Runtime as pallet_sc4it_oracle::Config>::MaxBatch::get();
	let max_batch = max_batch as usize;
	nodes
		.chunks(max_batch)
		.map(|chunk| {
			let observations: Vec<_> = chunk
				.iter()
				.map(|(node, pair)| {
					let signed = Report {
						version: VERSION,
						genesis,
						node: *node,
						at_block: report_at,
						healthy: true,
						contracts: Default::default(),
					}
					.sign(pair);
					pallet_sc4it_oracle::Observation::<Runtime>::Report {
						report: signed.signed_header(),
						entries: Default::default(),
					}
				})
				.collect();
			let batch: pallet_sc4it_oracle::Batch<Runtime> =
				observations.try_into().expect("within MaxBatch");
			let signature = authority
				.sign(&pallet_sc4it_oracle::types::submit_payload::<Runtime>(&batch, &report_at));
			RuntimeCall::Oracle(pallet_sc4it_oracle::Call::submit {
				batch,
				at: report_at,
				authority: authority.public(),
				signature,
			})
		})
		.collect()
}

/// Confirms `node` healthy up to `to` (as many calls as the per-report work cap needs).
fn confirm(node: NodeId, to: BlockNumber) {
	while let Some(from) = <Contracts as UsageOracle<BlockNumber>>::confirmed_until(node) {
		if from >= to {
			break;
		}
		ok(
			"record health",
			<Contracts as UsageOracle<BlockNumber>>::record_health(
				node,
				from,
				to,
				sc4it_primitives::NodeHealth::Healthy,
				report_id(),
				u32::MAX,
			),
		);
	}
}

/// The dev preset's genesis with the measurement's billing policy and period, at block `START`.
fn build_grid_policy() {
	let preset = sc4it_runtime::genesis_config_presets::get_preset(&"development".into())
		.expect("the dev preset");
	ok(
		"genesis",
		frame_support::genesis_builder_helper::build_state::<sc4it_runtime::RuntimeGenesisConfig>(
			preset,
		),
	);
	at(START);
	let root = RuntimeOrigin::root();
	dispatch(
		"policy",
		pallet_sc4it_contracts::Call::set_policy {
			policy: BillingPolicy {
				min_deposit_blocks: 10,
				low_runway_blocks: 0,
				grace_period_blocks: GRACE,
				max_node_downtime_blocks: 10 * PAYOUT,
				payout_period_blocks: PAYOUT,
			},
		}
		.into(),
		root.clone(),
	);
	NextPayoutAt::<Runtime>::put(BlockNumber::MAX);
	dispatch(
		"billing period",
		pallet_sc4it_oracle::Call::set_billing_period { period: PERIOD }.into(),
		root,
	);
}

/// Registers `count` nodes, `NODES_PER_FARM` a farm, each farmer funded: their ids and keys.
fn register_nodes(count: u32) -> Vec<(NodeId, ed25519::Pair)> {
	// Farms and nodes (the dev genesis' demo node 0 stays idle).
	let mut nodes: Vec<(NodeId, ed25519::Pair)> = Vec::with_capacity(count as usize);
	let mut farm = 0;
	for i in 0..count {
		let farmer = account(1, i / NODES_PER_FARM);
		if i % NODES_PER_FARM == 0 {
			farm = pallet_sc4it_registry::NextFarmId::<Runtime>::get();
			ok("fund farmer", <sc4it_runtime::Balances as Mutate<_>>::mint_into(&farmer, 1 << 60));
			dispatch(
				"farm",
				pallet_sc4it_registry::Call::create_farm {
					name: format!("farm-{i}").into_bytes(),
					payout_account: farmer.clone(),
				}
				.into(),
				RuntimeOrigin::signed(farmer.clone()),
			);
		}
		let pair = node_pair(i);
		let id = pallet_sc4it_registry::NextNodeId::<Runtime>::get();
		dispatch(
			"node",
			pallet_sc4it_registry::Call::register_node {
				farm,
				public_key: pair.public(),
				key_proof: pair.sign(&sc4it_primitives::node_key::proof_payload(
					&frame_system::Pallet::<Runtime>::block_hash(0).to_fixed_bytes(),
					&farmer,
				)),
				// Public addresses (the registry refuses private ones); never fetched here.
				report_url: format!(
					"http://44.{}.{}.{}:8700",
					(i >> 16) & 0xff,
					(i >> 8) & 0xff,
					i & 0xff
				)
				.into_bytes(),
				capacity: Capacity { ssd_gib: 1 << 30, hdd_gib: 0 },
			}
			.into(),
			RuntimeOrigin::signed(farmer),
		);
		nodes.push((id, pair));
	}
	nodes
}

/// Builds the state of `point` and measures each part of billing in it; with `compare`, also
/// sc4it against tfchain side by side in that state.
fn measure(point: &Point, compare: bool) -> (Measured, Option<compare::Native>) {
	let mut ext = sp_io::TestExternalities::new(Default::default());
	let mut m = Measured::default();
	let mut native = None;
	ext.execute_with(|| {
		let started = Instant::now();
		build_grid_policy();
		let nodes = register_nodes(point.nodes);

		// Contracts, round robin over the nodes: one in a hundred pays for its minimum only
		// and runs out, the others for far more than the measurement lasts.
		let rate = sc4it_runtime::genesis_config_presets::dev_pricing().ssd_per_gib_block;
		for i in 0..point.contracts {
			let user = account(2, i / CONTRACTS_PER_USER);
			if i % CONTRACTS_PER_USER == 0 {
				ok("fund user", <sc4it_runtime::Balances as Mutate<_>>::mint_into(&user, 1 << 100));
			}
			let node = nodes[(i % point.nodes) as usize].0;
			let blocks = if i % 100 == 99 { 10 } else { 10 * PAYOUT };
			let id = pallet_sc4it_contracts::NextContractId::<Runtime>::get();
			ok(
				"contract",
				Contracts::create_contract(
					RuntimeOrigin::signed(user),
					node,
					Volume { size_gib: 1, disk_type: DiskType::Ssd },
					// The runway, and the grace reserve beside it.
					rate * u128::from(blocks + GRACE),
				),
			);
			ok(
				"deploy",
				<Contracts as UsageOracle<BlockNumber>>::record_deployed(id, START, report_id()),
			);
			if i % 10_000 == 9_999 {
				System::reset_events();
			}
		}
		// Everything billed up to START + 20: the short contracts ran out at START + 10.
		let confirmed = START + 20;
		at(confirmed);
		for (node, _) in &nodes {
			confirm(*node, confirmed);
		}
		System::reset_events();
		m.build = started.elapsed();

		// Grace expiry: the short contracts' grace ends at one block, a grace period after the
		// chain learnt their funds ran out (the report of `confirmed`).
		let ends = confirmed + GRACE;
		at(ends);
		GraceCursor::<Runtime>::put(ends);
		m.expired = GraceEnds::<Runtime>::iter_prefix(ends).count() as u32;
		assert_eq!(m.expired, point.contracts / 100, "the short contracts are in grace");
		let mut block = ends;
		let started = Instant::now();
		while GraceCursor::<Runtime>::get() <= ends {
			at(block);
			m.expiry_weight += Contracts::on_initialize(block);
			m.expiry_blocks += 1;
			block += 1;
		}
		m.expiry_native = started.elapsed();
		System::reset_events();

		// One billing period's reports, all healthy, nothing changed: a batch of
		// `MaxBatch` nodes per transaction, signed by the dev chain's oracle (Alice).
		let report_at = confirmed + PERIOD;
		at(report_at);
		let calls = report_round(&nodes, report_at);
		m.report_calls = calls.len() as u32;
		// What the block is charged: each call's actual weight after the refund of what the
		// contracts pallet did not use (its declared weight reserves the most a period may do).
		let declared: Vec<Weight> =
			calls.iter().map(|c| c.get_dispatch_info().call_weight).collect();
		let started = Instant::now();
		let mut posts = Vec::with_capacity(calls.len());
		for call in calls {
			let post = call.dispatch(frame_system::RawOrigin::Authorized.into());
			posts.push(post.unwrap_or_else(|e| panic!("submit: {:?}", e.error)));
		}
		m.reports_native = started.elapsed();
		m.reports_weight =
			posts.iter().zip(&declared).fold(Weight::zero(), |w, (post, declared)| {
				w.saturating_add(post.actual_weight.unwrap_or(*declared))
			});
		m.reports_declared = declared.iter().fold(Weight::zero(), |w, d| w.saturating_add(*d));
		let applied = System::events()
			.iter()
			.filter(|e| {
				matches!(
					e.event,
					sc4it_runtime::RuntimeEvent::Oracle(
						pallet_sc4it_oracle::Event::ReportApplied { .. }
					)
				)
			})
			.count();
		assert_eq!(applied, nodes.len(), "every node's report was applied");
		System::reset_events();

		// A payout round: every node's earnings collected, every farm paid.
		let mut block = report_at + 1;
		NextPayoutAt::<Runtime>::put(block);
		let started = Instant::now();
		loop {
			at(block);
			m.sweep_weight += Contracts::on_initialize(block);
			m.sweep_blocks += 1;
			block += 1;
			if PayoutSweep::<Runtime>::get() == PayoutPhase::Idle {
				break;
			}
			if m.sweep_blocks % 100 == 0 {
				System::reset_events();
			}
		}
		m.sweep_native = started.elapsed();

		// An idle block's service.
		at(block);
		let started = Instant::now();
		m.idle_weight = Contracts::on_initialize(block);
		m.idle_native = started.elapsed();

		if compare {
			let tfchain =
				compare::TfchainShape::seed(point.contracts, point.nodes, CONTRACTS_PER_USER);
			let mut round = 0u32;
			let first_period = block + PERIOD;
			native = Some(compare::native_pairs(
				point,
				&m,
				|k| {
					// The next period's reports: every node due again.
					let report_at = first_period + PERIOD * k as BlockNumber;
					at(report_at);
					let calls = report_round(&nodes, report_at);
					let started = Instant::now();
					for call in calls {
						let post = call.dispatch(frame_system::RawOrigin::Authorized.into());
						ok("submit", post.map_err(|e| e.error));
					}
					let took = started.elapsed();
					System::reset_events();
					took
				},
				|| {
					round += 1;
					tfchain.bill_all(|id| account(2, id / CONTRACTS_PER_USER), round)
				},
			));
		}
	});
	(m, native)
}
