//! The offchain worker: every billing period, fetch the reports of the nodes due, verify them,
//! and submit what was seen as fee-less authorized transactions.
//!
//! A run does nothing unless the validator's keystore holds an oracle key (`sc4o`) that is in
//! the authority set (it says so once in the log). Which nodes are due comes from chain state:
//! a node is due when its health is confirmed less than a billing period ago... or more, however
//! many runs were skipped. Locally, the worker remembers when it last submitted for each node,
//! so that it does not submit again before the first submission had a period to land, and holds
//! a storage lock so that overlapping runs do not submit twice. Each run ends with one log line.

use crate::*;
use alloc::{format, string::String, vec::Vec};
use codec::Encode;
use frame_support::traits::Get;
use frame_system::{
	offchain::{CreateAuthorizedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sc4it_primitives::{ContractPhase, NodeDirectory, NodeId, UsageOracle};
use sc4it_report::{json, ContractReport, ProvenEntry, ReportError, VolumeState, REPORT_PATH};
use sp_core::{ed25519, offchain::Duration};
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
	},
	traits::Zero,
	RuntimeAppPublic, SaturatedConversion,
};

/// The offchain storage lock that keeps two runs of one validator from overlapping.
pub const LOCK_KEY: &[u8] = b"sc4it/oracle/lock";
/// Set once the worker has said it is not an oracle.
const NOT_AN_ORACLE_KEY: &[u8] = b"sc4it/oracle/not-an-oracle";
/// Prefix of the per-node record of the block the worker last submitted at.
const SENT_PREFIX: &[u8] = b"sc4it/oracle/sent/";
/// How many node ids the worker reads from the registry at a time.
const PAGE: u32 = 256;
/// How many down nodes the run's log line names.
const LOGGED_DOWN: usize = 8;

/// A node the run fetches.
struct Due {
	node: NodeId,
	confirmed: u32,
	key: ed25519::Public,
	url: String,
}

/// What one run did: its log line.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct RunSummary {
	pub at: u32,
	pub due: u32,
	pub answered: u32,
	pub ok: u32,
	pub down: Vec<(NodeId, DownCause)>,
	pub transactions: u32,
	pub failed_transactions: u32,
	pub decommission: bool,
	/// Wall time of the fetch (all requests at once), of verification, and of the whole run,
	/// in milliseconds: what a validator's oracle costs it per period.
	pub fetch_ms: u64,
	pub verify_ms: u64,
	pub total_ms: u64,
}

impl core::fmt::Display for RunSummary {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(
			f,
			"block {}: {} node(s) due, {} answered, {} ok, {} down",
			self.at,
			self.due,
			self.answered,
			self.ok,
			self.down.len()
		)?;
		if !self.down.is_empty() {
			let named: Vec<String> = self
				.down
				.iter()
				.take(LOGGED_DOWN)
				.map(|(node, cause)| format!("node {node}: {}", describe(cause)))
				.collect();
			write!(f, " ({}", named.join(", "))?;
			if self.down.len() > LOGGED_DOWN {
				write!(f, ", and {} more", self.down.len() - LOGGED_DOWN)?;
			}
			write!(f, ")")?;
		}
		write!(f, "; {} transaction(s) submitted", self.transactions)?;
		if self.failed_transactions > 0 {
			write!(f, ", {} failed to submit", self.failed_transactions)?;
		}
		if self.decommission {
			write!(f, "; overdue decommissions submitted")?;
		}
		write!(
			f,
			"; fetched in {} ms, verified in {} ms, {} ms in all",
			self.fetch_ms, self.verify_ms, self.total_ms
		)
	}
}

/// A down cause in words, for the log.
pub fn describe(cause: &DownCause) -> String {
	match cause {
		DownCause::Unreachable => "unreachable".into(),
		DownCause::Timeout => "no complete answer before the deadline".into(),
		DownCause::HttpStatus(code) => format!("HTTP status {code}"),
		DownCause::Refused(error) => format!("report refused: {error:?}"),
	}
}

impl<T: Config> Pallet<T> {
	pub(crate) fn run_offchain_worker(now: BlockNumberFor<T>) {
		let Some(authority) = Self::local_authority() else {
			return;
		};
		let period = BillingPeriod::<T>::get();
		if period.is_zero() {
			log::debug!(target: "sc4it-oracle", "the billing period is zero: the oracle is off");
			return;
		}
		// Longer than any run: the fetch deadline plus time to verify and submit.
		let longest_fetch = Self::fetch_deadline(T::MaxNodesPerRun::get());
		let expiry = longest_fetch.saturating_add(10_000);
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(expiry));
		let Ok(_guard) = lock.try_lock() else {
			log::info!(
				target: "sc4it-oracle",
				"oracle: block {now:?}: the previous run is still going; this one does nothing"
			);
			return;
		};
		let summary = Self::bill(now, period, &authority);
		if summary.due == 0 && !summary.decommission {
			log::debug!(target: "sc4it-oracle", "oracle: {summary}");
		} else {
			log::info!(target: "sc4it-oracle", "oracle: {summary}");
		}
	}

	/// How long a run fetching `nodes` reports waits for them, in milliseconds.
	pub(crate) fn fetch_deadline(nodes: u32) -> u64 {
		T::FetchMillisPerNode::get()
			.saturating_mul(u64::from(nodes))
			.saturating_add(T::FetchTimeoutMillis::get())
	}

	/// The first local oracle key that is in the authority set. Without one, says once that
	/// this node is not an oracle.
	fn local_authority() -> Option<AuthorityId> {
		let local = AuthorityId::all();
		let set = Authorities::<T>::get();
		let mut flag = StorageValueRef::persistent(NOT_AN_ORACLE_KEY);
		match local.iter().find(|key| set.contains(key)) {
			Some(key) => {
				flag.clear();
				Some(key.clone())
			},
			None => {
				if flag.get::<bool>().ok().flatten() != Some(true) {
					if local.is_empty() {
						log::info!(
							target: "sc4it-oracle",
							"oracle: this node is not an oracle: no key of type sc4o in its keystore \
							 (docs/oracle.md: key insert --key-type sc4o)"
						);
					} else {
						log::info!(
							target: "sc4it-oracle",
							"oracle: this node is not an oracle: none of its {} sc4o key(s) is in the \
							 oracle's authority set",
							local.len()
						);
					}
					flag.set(&true);
				}
				None
			},
		}
	}

	/// One run: fetch, verify, submit. Returns what it did.
	pub(crate) fn bill(
		now: BlockNumberFor<T>,
		period: BlockNumberFor<T>,
		authority: &AuthorityId,
	) -> RunSummary {
		let started = sp_io::offchain::timestamp();
		let at: u32 = now.saturated_into();
		let due = Self::due_nodes(now, period);
		let urls: Vec<String> = due.iter().map(|d| report_url(&d.url, at)).collect();
		let fetch_started = sp_io::offchain::timestamp();
		let bodies = fetch::fetch_all(&urls, Self::fetch_deadline(urls.len() as u32));
		let fetched = sp_io::offchain::timestamp();

		let mut summary = RunSummary { at, due: due.len() as u32, ..Default::default() };
		let mut observations = Vec::with_capacity(due.len());
		for (d, body) in due.iter().zip(bodies) {
			if body.is_ok() {
				summary.answered += 1;
			}
			match body.and_then(|body| Self::verify(d, &body, at)) {
				Ok(observation) => {
					summary.ok += 1;
					observations.push(observation);
				},
				Err(cause) => {
					summary.down.push((d.node, cause));
					observations.push(Observation::Down { node: d.node, until: now, cause });
				},
			}
		}
		let verified = sp_io::offchain::timestamp();
		summary.fetch_ms = fetched.diff(&fetch_started).millis();
		summary.verify_ms = verified.diff(&fetched).millis();

		for chunk in observations.chunks(T::MaxBatch::get().max(1) as usize) {
			let nodes: Vec<NodeId> = chunk.iter().map(|o| o.node()).collect();
			match Self::submit_batch(chunk.to_vec(), authority) {
				Ok(()) => {
					summary.transactions += 1;
					for node in nodes {
						StorageValueRef::persistent(&sent_key(node)).set(&at);
					}
				},
				Err(why) => {
					summary.failed_transactions += 1;
					log::warn!(target: "sc4it-oracle", "oracle: block {at}: a batch was not submitted: {why}");
				},
			}
		}

		if T::Contracts::decommissions_overdue() {
			match Self::submit_decommission(now, authority) {
				Ok(()) => summary.decommission = true,
				Err(why) => log::warn!(
					target: "sc4it-oracle",
					"oracle: block {at}: the decommission transaction was not submitted: {why}"
				),
			}
		}
		summary.total_ms = sp_io::offchain::timestamp().diff(&started).millis();
		summary
	}

	/// The nodes whose health was confirmed, and which this worker last submitted for, a billing
	/// period or more ago; the most overdue first, at most `MaxNodesPerRun`.
	fn due_nodes(now: BlockNumberFor<T>, period: BlockNumberFor<T>) -> Vec<Due> {
		let now: u32 = now.saturated_into();
		let period: u32 = period.saturated_into();
		let mut due = Vec::new();
		let mut after = None;
		loop {
			let page = T::Registry::nodes_after(after, PAGE);
			let Some(last) = page.last().copied() else {
				break;
			};
			for node in page {
				let Some(confirmed) = T::Contracts::confirmed_until(node) else {
					continue;
				};
				let confirmed: u32 = confirmed.saturated_into();
				let sent = StorageValueRef::persistent(&sent_key(node))
					.get::<u32>()
					.ok()
					.flatten()
					.unwrap_or(0);
				if confirmed.max(sent).saturating_add(period) > now {
					continue;
				}
				let (Some(key), Some(url)) =
					(T::Registry::report_key(node), T::Registry::report_url(node))
				else {
					continue;
				};
				let Ok(url) = String::from_utf8(url) else {
					continue;
				};
				due.push(Due { node, confirmed, key, url });
			}
			after = Some(last);
		}
		due.sort_by_key(|d| (d.confirmed, d.node));
		due.truncate(T::MaxNodesPerRun::get() as usize);
		due
	}

	/// Parses and verifies a node's answer; keeps the entries that change something on chain.
	fn verify(due: &Due, body: &[u8], now: u32) -> Result<Observation<T>, DownCause> {
		let signed = json::from_json(body).map_err(DownCause::Refused)?;
		signed.check(due.node, &due.key, due.confirmed, now).map_err(DownCause::Refused)?;
		let mut entries: Vec<ProvenEntry> = Vec::new();
		for (index, entry) in signed.report.contracts.iter().enumerate() {
			if entries.len() >= T::MaxEntries::get() as usize {
				break;
			}
			if Self::entry_matters(due.node, entry) {
				if let Some(proven) = signed.prove(index as u32) {
					entries.push(proven);
				}
			}
		}
		Ok(Observation::Report {
			report: signed.signed_header(),
			entries: entries.try_into().map_err(|_| DownCause::Refused(ReportError::BadField))?,
		})
	}

	/// Whether a report entry would change the contract's state on chain.
	fn entry_matters(node: NodeId, entry: &ContractReport) -> bool {
		let Some((on, phase)) = T::Contracts::contract_phase(entry.contract) else {
			return false;
		};
		if on != node {
			return false;
		}
		match (entry.state, phase) {
			(VolumeState::Deployed { .. } | VolumeState::Failed { .. }, phase) => {
				phase == ContractPhase::AwaitingDeployment
			},
			(VolumeState::Removed { .. }, ContractPhase::AwaitingDeployment) => true,
			(VolumeState::Removed { .. }, ContractPhase::Live) => true,
			(VolumeState::Removed { at }, ContractPhase::Ending { at: end }) => {
				BlockNumberFor::<T>::from(at) < end
			},
		}
	}

	fn submit_batch(
		observations: Vec<Observation<T>>,
		authority: &AuthorityId,
	) -> Result<(), &'static str> {
		let batch: Batch<T> = observations.try_into().map_err(|_| "batch above MaxBatch")?;
		let signature = Self::sign(authority, &submit_payload::<T>(&batch))?;
		Self::submit_authorized(Call::submit { batch, authority: authority.clone(), signature })
	}

	fn submit_decommission(
		now: BlockNumberFor<T>,
		authority: &AuthorityId,
	) -> Result<(), &'static str> {
		let signature = Self::sign(authority, &decommission_payload::<T>(&now))?;
		Self::submit_authorized(Call::decommission {
			at: now,
			authority: authority.clone(),
			signature,
		})
	}

	fn sign(authority: &AuthorityId, payload: &[u8]) -> Result<AuthoritySignature, &'static str> {
		authority.sign(&payload).ok_or("the keystore could not sign with the oracle key")
	}

	/// Puts `call` in the local pool as a fee-less authorized transaction.
	fn submit_authorized(call: Call<T>) -> Result<(), &'static str> {
		let xt =
			<T as CreateAuthorizedTransaction<Call<T>>>::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt)
			.map_err(|()| "the transaction pool refused it")
	}
}

/// Where a node serves its report as of block `at`: `REPORT_PATH` under its registered URL.
pub fn report_url(base: &str, at: u32) -> String {
	format!("{}{REPORT_PATH}?at={at}", base.trim_end_matches('/'))
}

fn sent_key(node: NodeId) -> Vec<u8> {
	let mut key = SENT_PREFIX.to_vec();
	node.encode_to(&mut key);
	key
}
