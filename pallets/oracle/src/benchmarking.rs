//! Benchmarks of the oracle's calls and of their validation in the pool, on the worst paths:
//! a full batch of reports from the largest report a node may serve (`MAX_CONTRACTS` entries,
//! so the deepest Merkle proofs), each changed entry proven; the largest authority set.
//!
//! `submit_*` dispatch the whole call, so they hold what the contracts pallet does for it with
//! nothing to do: two calls recording health with no due point (unknown blocks, then the
//! report's), and entries whose contracts have moved on (each checked, proven and refused, none
//! applied). What the contracts pallet does beyond that is weighed by its own benchmarks, once
//! (`Pallet::most_contracts_weight`).
//!
//! Keys come from the benchmark's keystore (`sp_io::crypto`), so that the signatures checked are
//! real ones, made in the runtime that is measured.

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sc4it_primitives::{
	benchmarking::{ContractsSetup, GridSetup},
	ContractId, NodeId, ReportId,
};
use sc4it_report::{
	ContractReport, ProvenEntry, Report, SignedReport, VolumeState, MAX_CONTRACTS, VERSION,
};
use sp_core::{crypto::KeyTypeId, ed25519, sr25519};

/// Where the benchmark keeps its node keys.
const NODE_KEYS: KeyTypeId = KeyTypeId(*b"sc4n");
/// The block the reports are made at; nodes are registered before it.
const REPORT_AT: u32 = 10;

fn go_to<T: Config>(n: u32) {
	frame_system::Pallet::<T>::set_block_number(n.into());
}

/// An authority key in the keystore, made the only authority... or one of `others + 1`.
fn authority<T: Config>(others: u32) -> AuthorityId {
	let key = sp_io::crypto::sr25519_generate(sc4it_primitives::oracle::KEY_TYPE, None);
	let mut set: Vec<AuthorityId> = (0..others)
		.map(|i| {
			let mut raw = [0u8; 32];
			raw[..4].copy_from_slice(&i.to_le_bytes());
			raw[31] = 0xa0;
			AuthorityId::from(sr25519::Public::from_raw(raw))
		})
		.collect();
	set.push(AuthorityId::from(key));
	Authorities::<T>::put(BoundedVec::truncate_from(set));
	AuthorityId::from(key)
}

fn sign(authority: &AuthorityId, payload: &[u8]) -> AuthoritySignature {
	let public: sr25519::Public = authority.clone().into();
	let signature =
		sp_io::crypto::sr25519_sign(sc4it_primitives::oracle::KEY_TYPE, &public, payload)
			.expect("the key is in the keystore");
	AuthoritySignature::from(signature)
}

/// A registered node with its report key in the keystore.
fn node<T: Config>(seed: u32) -> (NodeId, ed25519::Public) {
	let key = sp_io::crypto::ed25519_generate(NODE_KEYS, None);
	let farmer: T::AccountId = account("farmer", seed, 0);
	let node = T::GridSetup::node_with_key(&farmer, key).expect("a benchmark node registers");
	(node, key)
}

/// The report of `node` at [`REPORT_AT`], listing `deployed` first and then as many other
/// contracts as the largest report holds; the observation carries the entries of `deployed`.
fn observation<T: Config>(
	node: NodeId,
	key: &ed25519::Public,
	deployed: &[ContractId],
) -> Observation<T> {
	let listed = if deployed.is_empty() { 0 } else { MAX_CONTRACTS as u64 };
	let contracts: Vec<ContractReport> = deployed
		.iter()
		.copied()
		.chain((deployed.len() as u64..listed).map(|i| u64::MAX - i))
		.map(|contract| ContractReport {
			contract,
			state: VolumeState::Deployed { since: REPORT_AT - 5 },
			used_bytes: 1 << 30,
		})
		.collect();
	let report = Report {
		version: VERSION,
		genesis: Pallet::<T>::genesis_hash(),
		node,
		at_block: REPORT_AT,
		healthy: true,
		contracts: BoundedVec::truncate_from(contracts),
	};
	let payload = report.header().signing_payload();
	let signature =
		sp_io::crypto::ed25519_sign(NODE_KEYS, key, &payload).expect("the key is in the keystore");
	let signed = SignedReport { report, signature };
	let entries: Vec<ProvenEntry> =
		(0..deployed.len() as u32).map(|i| signed.prove(i).expect("the entry is listed")).collect();
	Observation::Report {
		report: signed.signed_header(),
		entries: BoundedVec::truncate_from(entries),
	}
}

/// What the entries of a benchmark's batch are about.
#[derive(Clone, Copy, PartialEq)]
enum Entries {
	/// Contracts waiting for their deployment: each entry changes something (what the pool
	/// asks of a fresh report's entries).
	Awaited,
	/// Contracts already deployed: each entry is checked, proven and refused, not applied (the
	/// contracts pallet's own benchmarks weigh applying one).
	Done,
}

/// A batch of `o` nodes' reports, the first carrying `e` deployments (see [`Entries`]); signed
/// by a new authority.
fn batch<T: Config>(
	o: u32,
	e: u32,
	entries: Entries,
) -> (Batch<T>, BlockNumberFor<T>, AuthorityId, AuthoritySignature) {
	go_to::<T>(1);
	let user: T::AccountId = account("user", 0, 0);
	let observations: Vec<Observation<T>> = (0..o)
		.map(|i| {
			let (node, key) = node::<T>(i);
			let count = if i == 0 { e } else { 0 };
			let ids: Vec<ContractId> = (0..count)
				.map(|_| {
					let id = T::ContractsSetup::awaiting_deployment(&user, node)
						.expect("a benchmark contract is created");
					if entries == Entries::Done {
						<T::Contracts as sc4it_primitives::UsageOracle<_>>::record_deployed(
							id,
							1u32.into(),
							ReportId::repeat_byte(0x5c),
						)
						.expect("a new contract is deployed");
					}
					id
				})
				.collect();
			(node, key, ids)
		})
		.collect::<Vec<_>>()
		.into_iter()
		.map(|(node, key, ids)| observation::<T>(node, &key, &ids))
		.collect();
	// Each node's first recording reads its contracts' indexes once; later ones read them only
	// when something is due there, as in a running grid.
	go_to::<T>(2);
	for observation in &observations {
		<T::Contracts as sc4it_primitives::UsageOracle<_>>::record_health(
			observation.node(),
			1u32.into(),
			2u32.into(),
			sc4it_primitives::NodeHealth::Healthy,
			ReportId::repeat_byte(0x5c),
			0,
		)
		.expect("a node's first blocks are recorded");
	}
	go_to::<T>(REPORT_AT);
	// Every node due at the report's block (a report lands only then), with unknown blocks
	// before its span: the worst path, two stretches of health.
	BillingPeriod::<T>::put(BlockNumberFor::<T>::from(1u32));
	let batch: Batch<T> = BoundedVec::truncate_from(observations);
	let authority = authority::<T>(0);
	let at: BlockNumberFor<T> = REPORT_AT.into();
	let signature = sign(&authority, &types::submit_payload::<T>(&batch, &at));
	(batch, at, authority, signature)
}

fn recorded_until<T: Config>(node: NodeId) -> Option<BlockNumberFor<T>> {
	<T::Contracts as sc4it_primitives::UsageOracle<_>>::confirmed_until(node)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The yardstick of this run: fixed work that the weights' ratios are taken to
	/// (`sc4it_primitives::benchmarking::reference_kernel`).
	#[benchmark]
	fn reference() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	/// A full batch's worth of reports, `o` of them, none carrying entries.
	#[benchmark]
	fn submit_reports(o: Linear<1, { T::MaxBatch::get() }>) {
		let (batch, at, authority, signature) = batch::<T>(o, 0, Entries::Awaited);
		let nodes: Vec<NodeId> = batch.iter().map(|o| o.node()).collect();
		#[extrinsic_call]
		submit(RawOrigin::Authorized, batch, at, authority, signature);
		assert!(nodes.iter().all(|n| recorded_until::<T>(*n) == Some(REPORT_AT.into())));
	}

	/// One report of the largest size carrying `e` entries, each a deployment of a contract
	/// already deployed: checked, proven and refused.
	#[benchmark]
	fn submit_entries(e: Linear<0, { T::MaxEntries::get() }>) {
		let (batch, at, authority, signature) = batch::<T>(1, e, Entries::Done);
		let node = batch.iter().map(|o| o.node()).next().expect("one observation");
		#[extrinsic_call]
		submit(RawOrigin::Authorized, batch, at, authority, signature);
		assert_eq!(recorded_until::<T>(node), Some(REPORT_AT.into()));
	}

	#[benchmark]
	fn authorize_reports(o: Linear<1, { T::MaxBatch::get() }>) {
		let (batch, at, authority, signature) = batch::<T>(o, 0, Entries::Awaited);
		let call = Call::<T>::submit { batch, at, authority, signature };
		#[block]
		{
			let validity = call.authorize(TransactionSource::External);
			assert!(matches!(validity, Some(Ok(_))));
		}
	}

	#[benchmark]
	fn authorize_entries(e: Linear<0, { T::MaxEntries::get() }>) {
		let (batch, at, authority, signature) = batch::<T>(1, e, Entries::Awaited);
		let call = Call::<T>::submit { batch, at, authority, signature };
		#[block]
		{
			let validity = call.authorize(TransactionSource::External);
			assert!(matches!(validity, Some(Ok(_))));
		}
	}

	#[benchmark]
	fn authorize_decommission() {
		go_to::<T>(REPORT_AT);
		let at: BlockNumberFor<T> = REPORT_AT.into();
		let authority = authority::<T>(T::MaxAuthorities::get().saturating_sub(1));
		let signature = sign(&authority, &types::decommission_payload::<T>(&at));
		assert!(<T::Contracts as sc4it_primitives::UsageOracle<_>>::decommissions_overdue());
		let call = Call::<T>::decommission { at, authority, signature };
		#[block]
		{
			let validity = call.authorize(TransactionSource::External);
			assert!(matches!(validity, Some(Ok(_))));
		}
	}

	/// The call around the contracts pallet's catch-up, which weighs its own work.
	#[benchmark]
	fn decommission() {
		go_to::<T>(REPORT_AT);
		let at: BlockNumberFor<T> = REPORT_AT.into();
		let authority = authority::<T>(0);
		let signature = sign(&authority, &types::decommission_payload::<T>(&at));
		#[extrinsic_call]
		_(RawOrigin::Authorized, at, authority, signature);
		assert!(!<T::Contracts as sc4it_primitives::UsageOracle<_>>::decommissions_overdue());
	}

	#[benchmark]
	fn set_billing_period() {
		let period = T::MaxBillingPeriod::get();
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, period);
		assert_eq!(BillingPeriod::<T>::get(), period);
	}

	#[benchmark]
	fn set_down_quorum() {
		let quorum = sp_runtime::Perbill::from_percent(66);
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, quorum);
		assert_eq!(DownQuorum::<T>::get(), quorum);
	}

	#[benchmark]
	fn set_oracle_limits() {
		let share = sp_runtime::Perbill::from_percent(30);
		let reached = sp_runtime::Perbill::from_percent(60);
		let outage = sp_runtime::Perbill::from_percent(40);
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, share, reached, outage);
		assert_eq!(
			(OracleBlockShare::<T>::get(), MinReachedShare::<T>::get(), OutageShare::<T>::get()),
			(share, reached, outage)
		);
	}

	#[benchmark]
	fn set_committee_size() {
		let size = T::MaxAuthorities::get();
		#[extrinsic_call]
		_(governance::<T>() as T::RuntimeOrigin, size);
		assert_eq!(CommitteeSize::<T>::get(), size);
	}

	/// The yardstick again, timed last: a run whose two timings of it differ by more than 10% saw
	/// the machine change under it, and `scripts/benchmark-weights.sh` takes that run again.
	#[benchmark]
	fn reference_end() {
		#[block]
		{
			let hash = sc4it_primitives::benchmarking::reference_kernel();
			assert_ne!(hash, [0u8; 32]);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

/// The origin of a governance call (a carried council motion in the runtime).
fn governance<T: Config>() -> T::RuntimeOrigin {
	use frame_support::traits::EnsureOrigin;
	match T::GovernanceOrigin::try_successful_origin() {
		Ok(origin) => origin,
		Err(()) => panic!("the governance origin has a successful origin for benchmarks"),
	}
}
