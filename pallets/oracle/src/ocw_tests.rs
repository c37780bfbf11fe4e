//! The offchain worker with test doubles: HTTP answers from `TestOffchainExt` (wrapped to add
//! what it cannot do: statuses other than 200, no answer, a body cut short), a memory keystore
//! and a test transaction pool. The node tests cover the same faults against a real HTTP server.

use crate::{mock::*, ocw::LOCK_KEY, *};
use codec::Decode;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, Hooks, UnfilteredDispatchable},
};
use frame_system::RawOrigin;
use parking_lot::RwLock;
use sc4it_report::{json, ReportError, REPORT_PATH};
use sp_core::offchain::{
	testing::{self, OffchainState, PoolState, TestOffchainExt, TestTransactionPoolExt},
	Duration, HttpError, HttpRequestId, HttpRequestStatus, OffchainDbExt, OffchainWorkerExt,
	Timestamp, TransactionPoolExt,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	generic::Preamble,
	offchain::storage_lock::{StorageLock, Time},
};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};

/// What the wrapped HTTP double does instead of answering 200 at once.
#[derive(Clone, Copy)]
pub(crate) enum Fault {
	Status(u16),
	/// Never answers: waiting runs into the deadline.
	NoAnswer,
	/// Answers 200, then the connection breaks after the first chunk of the body.
	CutBody,
	/// Answers 200, sends this many bytes of the body, then nothing more, ever.
	Stall(usize),
}

#[derive(Clone)]
struct FaultyHttp {
	inner: TestOffchainExt,
	faults: Arc<Mutex<BTreeMap<String, Fault>>>,
	uris: Arc<Mutex<BTreeMap<u16, String>>>,
}

impl FaultyHttp {
	fn fault(&self, id: HttpRequestId) -> Option<Fault> {
		let uri = self.uris.lock().unwrap().get(&id.0).cloned()?;
		self.faults.lock().unwrap().get(&uri).copied()
	}
}

impl sp_core::offchain::Externalities for FaultyHttp {
	fn is_validator(&self) -> bool {
		self.inner.is_validator()
	}
	fn network_state(&self) -> Result<sp_core::offchain::OpaqueNetworkState, ()> {
		self.inner.network_state()
	}
	fn timestamp(&mut self) -> Timestamp {
		self.inner.timestamp()
	}
	fn sleep_until(&mut self, deadline: Timestamp) {
		self.inner.sleep_until(deadline)
	}
	fn random_seed(&mut self) -> [u8; 32] {
		self.inner.random_seed()
	}
	fn http_request_start(
		&mut self,
		method: &str,
		uri: &str,
		meta: &[u8],
	) -> Result<HttpRequestId, ()> {
		let id = self.inner.http_request_start(method, uri, meta)?;
		self.uris.lock().unwrap().insert(id.0, uri.to_string());
		Ok(id)
	}
	fn http_request_add_header(
		&mut self,
		id: HttpRequestId,
		name: &str,
		value: &str,
	) -> Result<(), ()> {
		self.inner.http_request_add_header(id, name, value)
	}
	fn http_request_write_body(
		&mut self,
		id: HttpRequestId,
		chunk: &[u8],
		deadline: Option<Timestamp>,
	) -> Result<(), HttpError> {
		self.inner.http_request_write_body(id, chunk, deadline)
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		deadline: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		let statuses = self.inner.http_response_wait(ids, deadline);
		let mut waited = false;
		let out = ids
			.iter()
			.zip(statuses)
			.map(|(id, status)| match self.fault(*id) {
				Some(Fault::Status(code)) => HttpRequestStatus::Finished(code),
				Some(Fault::NoAnswer) => {
					waited = true;
					HttpRequestStatus::DeadlineReached
				},
				_ => status,
			})
			.collect();
		// Waiting for a server that does not answer takes until the deadline.
		if let (true, Some(deadline)) = (waited, deadline) {
			self.inner.sleep_until(deadline);
		}
		out
	}
	fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		self.inner.http_response_headers(id)
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		deadline: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		match self.fault(id) {
			Some(Fault::CutBody) => {
				let len = buffer.len().min(16);
				let cut = &mut buffer[..len];
				match self.inner.http_response_read_body(id, cut, deadline) {
					Ok(n) if n > 0 => {
						self.faults
							.lock()
							.unwrap()
							.insert(self.uris.lock().unwrap()[&id.0].clone(), Fault::Status(0));
						Ok(n)
					},
					other => other,
				}
			},
			// The cut happened: the connection is gone.
			Some(Fault::Status(0)) => Err(HttpError::IoError),
			Some(Fault::Stall(left)) => {
				if left == 0 {
					return Err(HttpError::DeadlineReached);
				}
				let len = buffer.len().min(left);
				let n = self.inner.http_response_read_body(id, &mut buffer[..len], deadline)?;
				let uri = self.uris.lock().unwrap()[&id.0].clone();
				self.faults.lock().unwrap().insert(uri, Fault::Stall(left - n));
				Ok(n)
			},
			_ => self.inner.http_response_read_body(id, buffer, deadline),
		}
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<sp_core::OpaquePeerId>, authorized_only: bool) {
		self.inner.set_authorized_nodes(nodes, authorized_only)
	}
}

pub(crate) struct Harness {
	http: Arc<RwLock<OffchainState>>,
	pub(crate) pool: Arc<RwLock<PoolState>>,
	faults: Arc<Mutex<BTreeMap<String, Fault>>>,
}

/// The mock chain as seen by a validator whose keystore holds the oracle keys of `seeds`, the
/// only authorities: each takes every node's first turn, at its phase, when it is alone; tests
/// of the turns use `harness_with_turns`.
pub(crate) fn harness(seeds: &[&str]) -> (sp_io::TestExternalities, Harness) {
	let (mut ext, h) = harness_with_turns(seeds);
	ext.execute_with(|| {
		let set: Vec<AuthorityId> = seeds.iter().map(|seed| authority(seed)).collect();
		Authorities::<Test>::put(frame_support::BoundedVec::truncate_from(set));
	});
	(ext, h)
}

/// The mock chain, whose authorities are `//Oracle1` and `//Oracle2`, as seen by a validator
/// whose keystore holds the oracle keys of `seeds`.
pub(crate) fn harness_with_turns(seeds: &[&str]) -> (sp_io::TestExternalities, Harness) {
	let mut ext = new_test_ext();
	let (offchain, http) = TestOffchainExt::new();
	let faults = Arc::new(Mutex::new(BTreeMap::new()));
	let worker =
		FaultyHttp { inner: offchain.clone(), faults: faults.clone(), uris: Default::default() };
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	for seed in seeds {
		keystore
			.sr25519_generate_new(sc4it_primitives::oracle::KEY_TYPE, Some(seed))
			.expect("key generated");
	}
	ext.register_extension(OffchainWorkerExt::new(worker));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	(ext, Harness { http, pool: pool_state, faults })
}

impl Harness {
	/// Node `node`'s agent will answer the request for block `at` with `body`.
	pub(crate) fn serve(&self, base: &str, at: u32, body: Vec<u8>) {
		self.http.write().expect_request(testing::PendingRequest {
			method: "GET".into(),
			uri: ocw::report_url(base, at),
			response: Some(body),
			sent: true,
			..Default::default()
		});
	}

	pub(crate) fn serve_report(&self, base: &str, at: u32, report: &sc4it_report::SignedReport) {
		self.serve(base, at, json::to_json(report).into_bytes());
	}

	pub(crate) fn fault(&self, base: &str, at: u32, fault: Fault) {
		self.faults.lock().unwrap().insert(ocw::report_url(base, at), fault);
	}

	/// The oracle transactions submitted so far, decoded; each must be a general transaction.
	pub(crate) fn submitted(&self) -> Vec<crate::Call<Test>> {
		self.pool
			.read()
			.transactions
			.iter()
			.map(|bytes| {
				let xt = Extrinsic::decode(&mut &bytes[..]).expect("a valid extrinsic");
				assert!(matches!(xt.preamble, Preamble::General(..)), "an authorized transaction");
				match xt.function {
					RuntimeCall::Oracle(call) => call,
					other => panic!("not an oracle call: {other:?}"),
				}
			})
			.collect()
	}
}

/// The observations of a submit call.
pub(crate) fn observations(call: &crate::Call<Test>) -> Vec<Observation<Test>> {
	match call {
		crate::Call::submit { batch, .. } => batch.to_vec(),
		other => panic!("not a submission: {other:?}"),
	}
}

/// The OCW of block `n`, after the chain reached it.
pub(crate) fn run_ocw_at(n: u32) {
	run_to(n);
	Oracle::offchain_worker(n);
}

/// What a block does with the call.
pub(crate) fn apply(call: crate::Call<Test>) {
	call.authorize(TransactionSource::External)
		.expect("an authorized call")
		.expect("valid in the pool");
	call.dispatch_bypass_filter(RawOrigin::Authorized.into()).expect("dispatched");
}

pub(crate) fn create(node: u32) -> u64 {
	let id = pallet_sc4it_contracts::NextContractId::<Test>::get();
	Contracts::create_contract(RuntimeOrigin::signed(ALICE), node, ssd(2), 10_000)
		.expect("contract created");
	id
}

#[test]
fn good_reports_become_one_authorized_transaction_that_bills_exactly() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		let id = create(0);
		let report0 = signed_report(0, 10, true, vec![deployed(id, 4)]);
		let report1 = signed_report(1, 10, true, vec![]);
		h.serve_report(URL0, 10, &report0);
		h.serve_report(URL1, 10, &report1);
		run_ocw_at(10);

		let calls = h.submitted();
		assert_eq!(calls.len(), 1, "both nodes fit in one batch");
		let expected = vec![
			Observation::Report {
				report: report0.signed_header(),
				entries: vec![report0.prove(0).unwrap()].try_into().unwrap(),
			},
			Observation::Report { report: report1.signed_header(), entries: Default::default() },
		];
		assert_eq!(observations(&calls[0]), expected);
		let crate::Call::submit { authority: who, .. } = &calls[0] else { unreachable!() };
		assert_eq!(who, &authority("//Oracle1"));

		apply(calls[0].clone());
		assert_eq!(Contracts::contract_view(id).unwrap().charged, 60, "blocks 4..10 at 10");
	});
}

/// What a node's server answers the request for a block with.
type Serve = Box<dyn Fn(&Harness, u32)>;

#[test]
fn every_kind_of_bad_answer_counts_as_down_with_its_cause() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		// One vote is a verdict, as on the one-validator dev chain: each case starts afresh.
		DownQuorum::<Test>::put(sp_runtime::Perbill::zero());
		// Each case: what node 0 answers at block `at`, and the cause expected.
		let cases: Vec<(Serve, DownCause)> = vec![
			(
				Box::new(|h, at| h.serve(URL0, at, b"{\"version\":\"1\",".to_vec())),
				DownCause::Refused(ReportError::Malformed),
			),
			(
				Box::new(|h, at| h.serve(URL0, at, vec![b' '; sc4it_report::MAX_BODY_BYTES + 1])),
				DownCause::Refused(ReportError::TooLarge),
			),
			(
				Box::new(|h, at| {
					let forged = signed_by(&node_pair(1), 0, at, true, vec![]);
					h.serve_report(URL0, at, &forged)
				}),
				DownCause::Refused(ReportError::BadSignature),
			),
			(
				Box::new(|h, at| h.serve_report(URL0, at, &signed_report(1, at, true, vec![]))),
				DownCause::Refused(ReportError::WrongNode),
			),
			(
				// A report no newer than what is confirmed: stale, or a replay.
				Box::new(|h, at| {
					let old = <Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0)
						.unwrap();
					h.serve_report(URL0, at, &signed_report(0, old, true, vec![]))
				}),
				DownCause::Refused(ReportError::Stale),
			),
			(
				Box::new(|h, at| h.serve_report(URL0, at, &signed_report(0, at + 1, true, vec![]))),
				DownCause::Refused(ReportError::FromTheFuture),
			),
			(
				Box::new(|h, at| {
					h.serve(URL0, at, b"Internal Server Error".to_vec());
					h.fault(URL0, at, Fault::Status(500));
				}),
				DownCause::HttpStatus(500),
			),
			(
				Box::new(|h, at| {
					h.serve(URL0, at, Vec::new());
					h.fault(URL0, at, Fault::NoAnswer);
				}),
				DownCause::Timeout,
			),
			(
				Box::new(|h, at| {
					h.serve_report(URL0, at, &signed_report(0, at, true, vec![]));
					h.fault(URL0, at, Fault::CutBody);
				}),
				DownCause::Unreachable,
			),
		];
		let mut at = 0;
		for (serve, cause) in cases {
			at += PERIOD;
			serve(&h, at);
			// Node 1 answers well every time: one node's fault costs the others nothing.
			h.serve_report(URL1, at, &signed_report(1, at, true, vec![]));
			h.pool.write().transactions.clear();
			run_ocw_at(at);
			let calls = h.submitted();
			assert_eq!(calls.len(), 1, "{cause:?}");
			let seen = observations(&calls[0]);
			// Reports go first in a batch, votes after.
			assert!(matches!(seen[0], Observation::Report { .. }), "{cause:?}");
			assert_eq!(seen[1], Observation::Down { node: 0, until: at, cause }, "{cause:?}");
			apply(calls[0].clone());
		}
	});
}

#[test]
fn a_run_holding_the_lock_stops_a_second_run() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		run_to(10);
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(60_000));
		let guard = lock.try_lock().expect("the lock is free");
		// No request may be made: none is expected, and the double panics on an unexpected one.
		Oracle::offchain_worker(10);
		assert!(h.submitted().is_empty());
		drop(guard);

		h.serve_report(URL0, 10, &signed_report(0, 10, true, vec![]));
		h.serve_report(URL1, 10, &signed_report(1, 10, true, vec![]));
		Oracle::offchain_worker(10);
		assert_eq!(h.submitted().len(), 1);
	});
}

#[test]
fn a_node_is_fetched_once_a_period_whether_its_report_landed_or_not() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		h.serve_report(URL0, 10, &signed_report(0, 10, true, vec![]));
		h.serve_report(URL1, 10, &signed_report(1, 10, true, vec![]));
		// The first run serves node 0's period of phase 10 and node 1's of phase 1.
		run_ocw_at(10);
		// The same block again (a re-org), and the next: nothing to do.
		Oracle::offchain_worker(10);
		run_ocw_at(11);
		assert_eq!(h.submitted().len(), 1);
		// The transaction never landed: each node is fetched again at its next phase's turn,
		// once: node 1 at 12, seen by the run of 19 (as of its phase 11: what is asked of it
		// still has two blocks to land within the transactions' longevity, 10), node 0 at 21
		// as of 20.
		h.serve_report(URL1, 11, &signed_report(1, 11, true, vec![]));
		run_ocw_at(19);
		assert_eq!(nodes_in(&h, 1), vec![1]);
		h.serve_report(URL0, 20, &signed_report(0, 20, true, vec![]));
		run_ocw_at(20);
		run_ocw_at(21);
		assert_eq!(nodes_in(&h, 2), vec![0]);
		// They land: confirmed up to 11 and 20, both on their phase. Node 1 is due again at its
		// phase 21, fetched at its turn, 22, as of 21; node 0 is not due before 30.
		apply(h.submitted()[1].clone());
		apply(h.submitted()[2].clone());
		h.serve_report(URL1, 21, &signed_report(1, 21, true, vec![]));
		for at in 22..31 {
			run_ocw_at(at);
		}
		assert_eq!(h.submitted().len(), 4);
		assert_eq!(nodes_in(&h, 3), vec![1]);
	});
}

#[test]
fn skipped_runs_are_caught_up_from_chain_state() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		let id = create(0);
		// No run for 35 blocks: the first one covers everything since genesis, and asks each
		// node's report at its last phase block (node 0: 30, node 1: 31).
		h.serve_report(URL0, 30, &signed_report(0, 30, true, vec![deployed(id, 2)]));
		h.serve_report(URL1, 31, &signed_report(1, 31, true, vec![]));
		run_ocw_at(35);
		apply(h.submitted()[0].clone());
		assert_eq!(<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(0), Some(30));
		// The report speaks for its span, two periods: blocks 10..30 at 10. Before that nobody
		// looked: unknown, not charged (an outage of the oracles charges nothing).
		assert_eq!(Oracle::report_span(), 20);
		assert_eq!(Contracts::contract_view(id).unwrap().charged, 200);
	});
}

#[test]
fn only_entries_that_change_something_go_on_chain() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		MaxEntries::set(2);
		let live = create(0);
		let waiting = [create(0), create(0), create(0)];
		let elsewhere = create(1);
		let report = signed_report(0, 10, true, vec![deployed(live, 1)]);
		run_to(10);
		apply(submit_call("//Oracle1", vec![observe(&report, &[0])]));

		let entries = vec![
			deployed(live, 1),        // already deployed: nothing changes
			deployed(elsewhere, 3),   // another node's contract
			deployed(waiting[0], 12), // changes
			removed(999, 12),         // no such contract
			deployed(waiting[1], 12), // changes
			deployed(waiting[2], 12), // changes, but MaxEntries is 2: next period
		];
		let report = signed_report(0, 20, true, entries);
		// Node 1, never confirmed, is the most overdue: fetched first, as of this run's block
		// (its phase block 11 is more than half the transactions' longevity back).
		h.serve_report(URL1, 20, &signed_report(1, 20, true, vec![]));
		h.serve_report(URL0, 20, &report);
		run_ocw_at(20);
		let seen = observations(&h.submitted()[0]);
		let Observation::Report { entries, .. } = &seen[1] else { panic!("a report") };
		let indices: Vec<u32> = entries.iter().map(|e| e.index).collect();
		assert_eq!(indices, vec![2, 4]);
	});
}

#[test]
fn a_validator_without_an_authority_key_submits_nothing_and_says_so_once() {
	for seeds in [&[][..], &["//NotInTheSet"][..]] {
		let (mut ext, h) = harness_with_turns(seeds);
		ext.execute_with(|| {
			// No request expected: the double would panic on one.
			run_ocw_at(10);
			run_ocw_at(20);
			assert!(h.submitted().is_empty());
			let said = sp_runtime::offchain::storage::StorageValueRef::persistent(
				b"sc4it/oracle/not-an-oracle",
			)
			.get::<bool>()
			.unwrap();
			assert_eq!(said, Some(true));
		});
	}
}

#[test]
fn overdue_decommissions_are_submitted() {
	let (mut ext, h) = harness(&["//Oracle2"]);
	ext.execute_with(|| {
		let id = pallet_sc4it_contracts::NextContractId::<Test>::get();
		Contracts::create_contract(RuntimeOrigin::signed(ALICE), 0, ssd(2), 300).unwrap();
		h.serve_report(URL0, 10, &signed_report(0, 10, true, vec![deployed(id, 0)]));
		h.serve_report(URL1, 10, &signed_report(1, 10, true, vec![]));
		run_ocw_at(10);
		apply(h.submitted()[0].clone());
		h.serve_report(URL0, 20, &signed_report(0, 20, true, vec![]));
		h.serve_report(URL1, 20, &signed_report(1, 20, true, vec![]));
		run_ocw_at(20);
		apply(h.submitted()[1].clone());
		// In grace until 30 or so; blocks pass without the per-block service.
		System::set_block_number(45);
		// Each report asked at its node's last phase block.
		h.serve_report(URL0, 40, &signed_report(0, 40, true, vec![]));
		h.serve_report(URL1, 41, &signed_report(1, 41, true, vec![]));
		Oracle::offchain_worker(45);
		let calls = h.submitted();
		let decommission = calls.last().unwrap();
		assert!(matches!(decommission, crate::Call::decommission { at: 45, .. }));
		apply(decommission.clone());
		assert!(matches!(
			pallet_sc4it_contracts::Contracts::<Test>::get(id).map(|c| c.state),
			Some(pallet_sc4it_contracts::ContractState::Deleted { .. }) | None
		));
	});
}

#[test]
fn no_run_waits_on_a_name_lookup() {
	assert_eq!(ocw::fetchable("http://1.2.3.4:80/x").as_deref(), Some("http://1.2.3.4:80/x"));
	assert_eq!(
		ocw::fetchable("http://[2001:db9::1]:80").as_deref(),
		Some("http://[2001:db9::1]:80")
	);
	assert_eq!(
		ocw::fetchable("http://localhost:8700/a").as_deref(),
		Some("http://127.0.0.1:8700/a")
	);
	assert_eq!(ocw::fetchable("http://LOCALHOST").as_deref(), Some("http://127.0.0.1"));
	assert_eq!(ocw::fetchable("http://node.example:8700"), None);
	assert_eq!(ocw::fetchable("http://a1.example.invalid/"), None);
	assert_eq!(ocw::fetchable("no scheme"), None);
}

#[test]
fn the_report_path_is_under_the_registered_url() {
	assert_eq!(ocw::report_url("http://h:1", 7), format!("http://h:1{REPORT_PATH}?at=7"));
	assert_eq!(ocw::report_url("http://h:1/", 7), format!("http://h:1{REPORT_PATH}?at=7"));
}

#[test]
fn a_body_that_stalls_midway_costs_the_other_nodes_nothing() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		let good = signed_report(1, 10, true, vec![]);
		// Node 0 sends 100 bytes of a large body, then nothing.
		h.serve(URL0, 10, vec![b' '; 3_000]);
		h.fault(URL0, 10, Fault::Stall(100));
		h.serve_report(URL1, 10, &good);
		run_to(10);
		let summary = Oracle::observe_and_submit(10, PERIOD, &authority("//Oracle1"));
		assert_eq!((summary.due, summary.ok), (2, 1));
		assert_eq!(summary.down, vec![(0, DownCause::Timeout)]);
		let calls = h.submitted();
		assert!(observations(&calls[0]).contains(&Observation::Report {
			report: good.signed_header(),
			entries: Default::default()
		}));
	});
}

#[test]
fn a_run_never_holds_more_unfinished_bodies_than_its_budget() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		let good = signed_report(1, 10, true, vec![]);
		let good_len = json::to_json(&good).len();
		// Node 0 holds 200 bytes and stalls; the budget leaves node 1 less room than its body.
		RunBuffer::set(200 + good_len as u32 - 1);
		h.serve(URL0, 10, vec![b' '; 3_000]);
		h.fault(URL0, 10, Fault::Stall(200));
		h.serve_report(URL1, 10, &good);
		run_to(10);
		let summary = Oracle::observe_and_submit(10, PERIOD, &authority("//Oracle1"));
		assert!(summary.peak_buffered <= u64::from(RunBuffer::get()), "{summary:?}");
		// Node 0, stalled mid-body, gave way: node 1 was read in the room it freed, and node
		// 0 timed out, as it would have at the deadline.
		assert_eq!((summary.ok, summary.unread, summary.gave_way), (1, 0, 1), "{summary:?}");
		assert_eq!(summary.down, vec![(0, DownCause::Timeout)]);
	});
}

#[test]
fn a_node_without_contracts_may_send_only_a_small_body() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		// What a node with no contract on chain may send: room for 16 entries.
		let limit = sc4it_report::body_limit(16);
		h.serve(URL0, 10, vec![b' '; limit + 1]);
		h.serve(URL1, 10, vec![b' '; limit]);
		run_to(10);
		let summary = Oracle::observe_and_submit(10, PERIOD, &authority("//Oracle1"));
		assert_eq!(
			summary.down,
			vec![
				(0, DownCause::Refused(ReportError::TooLarge)),
				(1, DownCause::Refused(ReportError::Malformed))
			]
		);
	});
}

#[test]
fn entries_land_even_when_another_authority_confirmed_the_health_without_them() {
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		confirm_both_at(&h, 10);
		// A contract comes; another authority confirms node 0's health at 20 without its entry,
		// so the chain does not say node 0 is due before 30.
		let id = create(0);
		run_to(20);
		let stripped = signed_report(0, 20, true, vec![deployed(id, 15)]);
		let alone = Authorities::<Test>::get();
		let with_another = [authority("//Oracle1"), authority("//Oracle2")];
		Authorities::<Test>::put(frame_support::BoundedVec::truncate_from(with_another.to_vec()));
		apply(submit_call("//Oracle2", vec![observe(&stripped, &[])]));
		Authorities::<Test>::put(alone);
		assert_eq!(pallet_sc4it_contracts::Contracts::<Test>::get(id).unwrap().deployed_at, None);
		// This worker fetches node 0 on its own schedule all the same, and submits the entry.
		let report = signed_report(0, 20, true, vec![deployed(id, 15)]);
		// Node 1 is due on chain: fetched first.
		h.serve_report(URL1, 20, &signed_report(1, 20, true, vec![]));
		h.serve_report(URL0, 20, &report);
		Oracle::offchain_worker(20);
		lands_with_its_first_entry(&h, &report, id, 15);
	});
}

#[test]
fn a_worker_that_reaches_too_few_nodes_casts_no_down_votes() {
	use frame_support::assert_ok;
	let (mut ext, h) = harness(&["//Oracle1"]);
	ext.execute_with(|| {
		// Its own network is down: no node answers at all. (Node 1's phase blocks, 11 and 21,
		// are more than half the transactions' longevity before these runs: asked as of the
		// run's block.)
		for at in [10, 20] {
			for (url, asked) in [(URL0, at), (URL1, at)] {
				h.serve(url, asked, Vec::new());
				h.fault(url, asked, Fault::NoAnswer);
			}
			run_ocw_at(at);
		}
		assert!(h.submitted().is_empty(), "no vote from a worker that reached nobody");
		// One node answers, the other does not: half reached, the default share; the vote goes.
		h.serve(URL0, 30, Vec::new());
		h.fault(URL0, 30, Fault::NoAnswer);
		h.serve_report(URL1, 30, &signed_report(1, 30, true, vec![]));
		run_to(30);
		let summary = Oracle::observe_and_submit(30, PERIOD, &authority("//Oracle1"));
		assert_eq!(summary.blind, None, "{summary}");
		let calls = h.submitted();
		assert!(observations(&calls[0]).contains(&Observation::Down {
			node: 0,
			until: 30,
			cause: DownCause::Timeout
		}));
		// With a share above half, the same answers are too few: no vote, and the log says so.
		assert_ok!(Oracle::set_oracle_limits(
			RuntimeOrigin::root(),
			OracleBlockShare::<Test>::get(),
			sp_runtime::Perbill::from_percent(60),
			OutageShare::<Test>::get()
		));
		h.pool.write().transactions.clear();
		h.serve(URL0, 40, Vec::new());
		h.fault(URL0, 40, Fault::NoAnswer);
		h.serve_report(URL1, 40, &signed_report(1, 40, true, vec![]));
		run_to(40);
		let summary = Oracle::observe_and_submit(40, PERIOD, &authority("//Oracle1"));
		assert_eq!(summary.blind, Some((1, 2)), "{summary}");
		assert!(summary.to_string().contains("no down votes"), "{summary}");
		let calls = h.submitted();
		assert!(calls
			.iter()
			.flat_map(observations)
			.all(|o| matches!(o, Observation::Report { .. })));
	});
}

/// A worker's first run at `at` finds both nodes healthy; its batch lands.
pub(crate) fn confirm_both_at(h: &Harness, at: u32) {
	let (at0, at1) = (asked_at(0, at), asked_at(1, at));
	h.serve_report(URL0, at0, &signed_report(0, at0, true, vec![]));
	h.serve_report(URL1, at1, &signed_report(1, at1, true, vec![]));
	run_ocw_at(at);
	apply(h.submitted()[0].clone());
}

/// The nodes of the observations a worker submitted in its `n`-th transaction.
pub(crate) fn nodes_in(h: &Harness, n: usize) -> Vec<sc4it_primitives::NodeId> {
	observations(&h.submitted()[n]).iter().map(|o| o.node()).collect()
}

/// The block a run at `at` asks `node`'s report as of: its last phase block when its health is
/// due there and it is within half the transactions' longevity, else `at`.
pub(crate) fn asked_at(node: u32, at: u32) -> u32 {
	let phase = crate::ocw::phase_block(node, at, PERIOD);
	let confirmed =
		<Contracts as sc4it_primitives::UsageOracle<u32>>::confirmed_until(node).unwrap_or(0);
	let recent = (Oracle::longevity() / 2) as u32;
	if confirmed + PERIOD <= phase && phase + recent >= at {
		phase
	} else {
		at
	}
}

/// The worker's last batch carries `report` with its first entry, contract `id`'s deployment
/// at `since`, and landing, deploys it.
pub(crate) fn lands_with_its_first_entry(
	h: &Harness,
	report: &sc4it_report::SignedReport,
	id: u64,
	since: u32,
) {
	let batch = h.submitted().last().cloned().expect("this worker's batch");
	assert!(observations(&batch).contains(&Observation::Report {
		report: report.signed_header(),
		entries: vec![report.prove(0).unwrap()].try_into().unwrap(),
	}));
	apply(batch);
	assert_eq!(
		pallet_sc4it_contracts::Contracts::<Test>::get(id).unwrap().deployed_at,
		Some(since)
	);
}
