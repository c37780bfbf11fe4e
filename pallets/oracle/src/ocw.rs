//! The offchain worker: every billing period, fetch the reports of the nodes due, verify them,
//! and submit what was seen as fee-less authorized transactions.
//!
//! A run does nothing unless the validator's keystore holds an oracle key (`sc4o`) that is in
//! the authority set (it says so once in the log). The worker fetches each node once per billing
//! period, at its turn after the node's phase (`schedule.rs`: the members of its committee one
//! after the other, then the other authorities together if its health is still due; a run reads
//! only the nodes whose turns came), whatever other authorities submitted: a node's entries (a
//! deployment, a lost volume) land at the next member's turn even when another authority
//! confirmed the node's health without them. Whether the node's
//! health is due comes from chain state (confirmed a billing period ago or more): only then does
//! the worker submit the report's health, or a down vote. A worker that reached fewer than
//! `MinReachedShare` of the nodes it fetched in the last period casts no down votes: the fault
//! is more likely its own network. It submits at most one batch per run, within the oracle's
//! share of a block; what does not fit is fetched again by the next run. A storage lock keeps
//! overlapping runs from submitting twice. Each run ends with one log line.

use crate::schedule::{self, Committees, Look};
use crate::*;
use alloc::{format, string::String, vec::Vec};
use codec::Encode;
use frame_support::traits::Get;
use frame_system::{
	offchain::{CreateAuthorizedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sc4it_primitives::{NodeDirectory, NodeId, UsageOracle};
use sc4it_report::{body_limit, json, ProvenEntry, ReportError, MAX_CONTRACTS, REPORT_PATH};
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
/// Prefix of the per-node record of the phase block of the period the worker last fetched the
/// node for (and submitted what there was to submit): not fetched again before its next phase.
const SENT_PREFIX: &[u8] = b"sc4it/oracle/sent/";
/// The worker's recent runs: how many nodes each fetched and reached (`ReachRecord`).
const REACH_KEY: &[u8] = b"sc4it/oracle/reach";
/// The most runs that record keeps.
const REACH_RUNS: usize = 64;
/// How many down nodes the run's log line names.
const LOGGED_DOWN: usize = 8;
/// How many more contracts than the chain has on a node its report may list: contracts the agent
/// has not forgotten yet, or that it saw before this validator's state did.
const BODY_SLACK_CONTRACTS: u32 = 16;

/// A node the run fetches.
struct Due {
	node: NodeId,
	confirmed: u32,
	key: ed25519::Public,
	url: String,
	/// The largest report the node may send: what its contracts on chain need, and a little.
	body_limit: usize,
	/// Whether this authority already voted the node down since its confirmed block.
	voted: bool,
	/// Whether the node's health is due on chain: confirmed a billing period or more ago.
	health_due: bool,
	/// The block whose report is asked for: the node's latest phase block when its health is
	/// due as of it, so that the report keeps the node due at its phases; else this run's.
	report_at: u32,
	/// The node's latest phase block: the period this fetch serves.
	phase: u32,
}

/// The last block no later than `now` that is `node`'s phase (`node mod period`), or `now` before
/// the first one.
pub(crate) fn phase_block(node: NodeId, now: u32, period: u32) -> u32 {
	let period = period.max(1);
	let since_phase = (now % period).wrapping_add(period).wrapping_sub(node % period) % period;
	now.checked_sub(since_phase).unwrap_or(now)
}

/// One run's reach, kept for a period: `(block, nodes fetched, nodes that answered at all)`.
type ReachRecord = Vec<(u32, u32, u32)>;

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
	/// The most bytes of unfinished report bodies the run held at once (bounded by
	/// `RunBufferBytes`).
	pub peak_buffered: u64,
	/// Nodes whose answer the run could not read for want of room in its buffer: nothing is
	/// submitted for them, and they are fetched again by the next run.
	pub unread: u32,
	/// Readers that stalled mid-body and gave way to readers waiting for room in the buffer
	/// (counted down, timed out, among `down`).
	pub gave_way: u32,
	/// When the worker reached too few nodes in the last period to cast down votes: how many
	/// answered at all, of how many fetched.
	pub blind: Option<(u32, u32)>,
	/// Observations left for a later run: the batch was full (`MaxBatch` or the oracle's share
	/// of a block).
	pub deferred: u32,
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
		if self.unread > 0 {
			write!(f, ", {} not read (the run's buffer was full)", self.unread)?;
		}
		if self.gave_way > 0 {
			write!(f, ", {} stalled mid-body gave way in the buffer", self.gave_way)?;
		}
		if let Some((reached, fetched)) = self.blind {
			write!(
				f,
				"; only {reached} of {fetched} node(s) fetched in the last period answered at all: \
				 no down votes (is this validator's outbound network working?)"
			)?;
		}
		if self.deferred > 0 {
			write!(f, "; {} left for the next run (the batch was full)", self.deferred)?;
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
			"; fetched in {} ms, verified in {} ms, {} ms in all; at most {} bytes buffered",
			self.fetch_ms, self.verify_ms, self.total_ms, self.peak_buffered
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
		let summary = Self::observe_and_submit(now, period, &authority);
		if summary.due == 0 && !summary.decommission {
			log::debug!(target: "sc4it-oracle", "oracle: {summary}");
		} else {
			log::info!(target: "sc4it-oracle", "oracle: {summary}");
		}
	}

	/// How many nodes a run at `now` would fetch as `authority`, chosen as a run chooses them
	/// (its schedule, the committees, what it sent lately), and records `now` as scanned. Not
	/// used by the chain: the scale benchmark times it with a large grid registered
	/// (docs/benchmarks.md: choosing what is due).
	#[doc(hidden)]
	pub fn nodes_chosen(now: BlockNumberFor<T>, authority: &AuthorityId) -> usize {
		let (due, overflow) = Self::due_nodes(now, BillingPeriod::<T>::get(), authority);
		due.len().saturating_add(overflow.len())
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
	pub(crate) fn observe_and_submit(
		now: BlockNumberFor<T>,
		period: BlockNumberFor<T>,
		authority: &AuthorityId,
	) -> RunSummary {
		let started = sp_io::offchain::timestamp();
		let at: u32 = now.saturated_into();
		let (due, overflow) = Self::due_nodes(now, period, authority);
		let fetches: Vec<fetch::Fetch> = due
			.iter()
			.map(|d| fetch::Fetch {
				url: report_url(&d.url, d.report_at),
				body_limit: d.body_limit,
			})
			.collect();

		let mut summary = RunSummary { at, due: due.len() as u32, ..Default::default() };
		// Each answer is verified as soon as it is complete, and only what goes on chain is
		// kept: the run never holds more than one finished body.
		let mut answers: Vec<Option<Observation<T>>> = due.iter().map(|_| None).collect();
		let mut entries_left = T::MaxEntriesPerRun::get() as usize;
		// Nodes fetched with nothing to submit (found down again after this authority's vote,
		// down while not due, or healthy with nothing new): not fetched again for a period.
		let mut nothing_to_submit: Vec<NodeId> = Vec::new();
		let mut verify_ms = 0u64;
		let fetch_started = sp_io::offchain::timestamp();
		let stats = fetch::fetch_all(
			&fetches,
			Self::fetch_deadline(fetches.len() as u32),
			T::RunBufferBytes::get() as usize,
			|i, body| {
				let Some(d) = due.get(i) else { return };
				let Some(body) = body else {
					// Not read for want of room: no verdict, and fetched again next run.
					summary.unread += 1;
					return;
				};
				let verifying = sp_io::offchain::timestamp();
				if body.is_ok() {
					summary.answered += 1;
				}
				let observation =
					match body.and_then(|b| Self::verify(d, &b, d.report_at, &mut entries_left)) {
						Ok(observation) => {
							summary.ok += 1;
							observation
						},
						Err(cause) => {
							summary.down.push((d.node, cause));
							// A vote only against a node whose health is due, and once per
							// confirmed block: the other authorities' votes decide.
							// Down up to the block whose report it could not give: its phase
							// block when it was asked for that, so that a verdict keeps the
							// node on its phase (and its next period's turns).
							(d.health_due && !d.voted).then_some(Observation::Down {
								node: d.node,
								until: d.report_at.into(),
								cause,
							})
						},
					};
				if observation.is_none() {
					nothing_to_submit.push(d.node);
				}
				if let Some(slot) = answers.get_mut(i) {
					*slot = observation;
				}
				verify_ms = verify_ms
					.saturating_add(sp_io::offchain::timestamp().diff(&verifying).millis());
			},
		);
		let fetched = sp_io::offchain::timestamp();
		summary.peak_buffered = stats.peak_buffered as u64;
		summary.gave_way = stats.evicted;
		summary.verify_ms = verify_ms;
		summary.fetch_ms = fetched.diff(&fetch_started).millis().saturating_sub(verify_ms);
		let mut observations: Vec<Observation<T>> = answers.into_iter().flatten().collect();
		let fetched = (due.len() as u32).saturating_sub(summary.unread);
		let reached = stats.reached.saturating_sub(summary.unread);
		if let Some(blind) = Self::too_few_reached(at, period.saturated_into(), fetched, reached) {
			summary.blind = Some(blind);
			// The votes are dropped, and their nodes not fetched again before a period.
			observations.retain(|o| {
				let report = matches!(o, Observation::Report { .. });
				if !report {
					nothing_to_submit.push(o.node());
				}
				report
			});
		}
		// The nodes this run is done with: not fetched again before their next phase, whatever
		// the turn this run took (a member with a late turn keeps an early one the next period).
		let served: alloc::collections::BTreeMap<NodeId, u32> =
			due.iter().map(|d| (d.node, d.phase)).collect();
		let mark_sent = |node: NodeId| {
			let block = served.get(&node).copied().unwrap_or(at);
			StorageValueRef::persistent(&sent_key(node)).set(&block);
		};
		let mut finished = alloc::collections::BTreeSet::new();
		for node in nothing_to_submit {
			mark_sent(node);
			finished.insert(node);
		}

		// One batch a run (one lands per authority and block), within the oracle's share of a
		// block; the rest are fetched again by the next run. Reports first: they are what bills
		// honest nodes, and a vote loses nothing by waiting a block.
		observations.sort_by_key(|o| matches!(o, Observation::Down { .. }));
		let batch = Self::fill_batch(&mut observations);
		summary.deferred = observations.len() as u32;
		if !batch.is_empty() {
			let nodes: Vec<NodeId> = batch.iter().map(|o| o.node()).collect();
			match Self::submit_batch(batch, now, authority) {
				Ok(()) => {
					summary.transactions += 1;
					for node in nodes {
						mark_sent(node);
						finished.insert(node);
					}
				},
				Err(why) => {
					summary.failed_transactions += 1;
					log::warn!(target: "sc4it-oracle", "oracle: block {at}: a batch was not submitted: {why}");
				},
			}
		}

		// What this run looked at and did not finish is looked at again by the next run: the
		// nodes beyond its bound, and those neither submitted nor found with nothing to submit.
		let unfinished = due.iter().map(|d| d.node).filter(|node| !finished.contains(node));
		Self::retry_next_run(unfinished.chain(overflow).collect());

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

	/// Of the nodes scheduled for this run (`schedule.rs`: their turns came, or the last run left
	/// them over), those this worker has not fetched since their latest phase: those whose health
	/// is due on chain first, the most overdue first; at most `MaxNodesPerRun`, and the rest,
	/// left for the next run.
	fn due_nodes(
		now: BlockNumberFor<T>,
		period: BlockNumberFor<T>,
		authority: &AuthorityId,
	) -> (Vec<Due>, Vec<NodeId>) {
		let now: u32 = now.saturated_into();
		let period: u32 = period.saturated_into();
		let mut due = Vec::new();
		let mut taken = alloc::collections::BTreeSet::new();
		let committees = Committees::now::<T>(period);
		let longevity = Self::longevity();
		for (node, look) in Self::scheduled_nodes(now, period, &committees) {
			if taken.contains(&node) {
				continue;
			}
			let Some(confirmed) = T::Contracts::confirmed_until(node) else {
				continue;
			};
			let confirmed: u32 = confirmed.saturated_into();
			let health_due = confirmed.saturating_add(period) <= now;
			// A report asked at the node's phase block confirms its health up to there, so it is
			// due again at its next phase, where its committee's first turn is, whoever fetched
			// it and however late: asked at a later block, it would move the node's due block
			// past its phase, and its later turns would fetch it period after period.
			let phase = phase_block(node, now, period);
			let due_at_phase = confirmed.saturating_add(period) <= phase;
			// Only while a report of its phase block still has time to land: the pool refuses
			// one older than the transactions' longevity (a run catching up on a period).
			let report_at = schedule::report_block(phase, now, due_at_phase, longevity);
			let fetch = match look {
				Look::Retry => true,
				// A member's turn fetches whatever the node's health (its entries: a report that
				// landed before may have come without them); the others' only if its health is
				// still due, whatever block it was confirmed up to (a down verdict's, or a report
				// asked off its phase). (Whose turn it is costs a hash per authority: asked last.)
				Look::Turn { phase_at, turn } => {
					(committees.is_members(turn) || health_due)
						&& committees.turn(node, phase_at, authority) == turn
				},
				Look::CatchUp { at } => health_due || committees.turn(node, at, authority) == 0,
			};
			if !fetch {
				continue;
			}
			let sent = StorageValueRef::persistent(&sent_key(node))
				.get::<u32>()
				.ok()
				.flatten()
				.unwrap_or(0);
			if sent.saturating_add(period) > now {
				continue;
			}
			let (Some(key), Some(url)) =
				(T::Registry::report_key(node), T::Registry::report_url(node))
			else {
				continue;
			};
			let Some(url) = String::from_utf8(url).ok().and_then(|url| fetchable(&url)) else {
				log::warn!(
					target: "sc4it-oracle",
					"oracle: node {node}: its report URL names a host, not an address: not \
					 fetched (a name's lookup cannot be cut short; docs/oracle.md)"
				);
				continue;
			};
			let listed = T::Contracts::contracts_on(node, MAX_CONTRACTS)
				.saturating_add(BODY_SLACK_CONTRACTS);
			let voted = DownVotes::<T>::get(node).is_some_and(|tally| {
				tally.confirmed == confirmed.into()
					&& tally.votes.iter().any(|vote| &vote.authority == authority)
			});
			taken.insert(node);
			due.push(Due {
				node,
				confirmed,
				key,
				url,
				body_limit: body_limit(listed),
				voted,
				health_due,
				report_at,
				phase,
			});
		}
		due.sort_by_key(|d| (!d.health_due, d.confirmed, d.node));
		let overflow = due.split_off(due.len().min(T::MaxNodesPerRun::get() as usize));
		(due, overflow.into_iter().map(|d| d.node).collect())
	}

	/// Parses and verifies a node's answer; keeps the entries that change something on chain
	/// and are no later than the report, as many as `entries_left` allows (the rest go with a
	/// later period's report). `None`: the node's health is not due and no entry changes
	/// anything, so there is nothing to submit.
	fn verify(
		due: &Due,
		body: &[u8],
		now: u32,
		entries_left: &mut usize,
	) -> Result<Option<Observation<T>>, DownCause> {
		let signed = json::from_json(body).map_err(DownCause::Refused)?;
		let expected = sc4it_report::Expected {
			genesis: Self::genesis_hash(),
			node: due.node,
			key: due.key,
			// A node not due is fetched for its entries: any recent report of it will do.
			confirmed_until: if due.health_due { due.confirmed } else { 0 },
		};
		signed.check(&expected, now).map_err(DownCause::Refused)?;
		let mut entries: Vec<ProvenEntry> = Vec::new();
		for (index, entry) in signed.report.contracts.iter().enumerate() {
			if entries.len() >= T::MaxEntries::get() as usize || *entries_left == 0 {
				break;
			}
			if crate::authorize::entry_block(entry) <= signed.report.at_block
				&& Self::entry_matters(due.node, entry)
			{
				if let Some(proven) = signed.prove(index as u32) {
					entries.push(proven);
					*entries_left = entries_left.saturating_sub(1);
				}
			}
		}
		if !due.health_due && entries.is_empty() {
			return Ok(None);
		}
		Ok(Some(Observation::Report {
			report: signed.signed_header(),
			entries: entries.try_into().map_err(|_| DownCause::Refused(ReportError::BadField))?,
		}))
	}

	/// Takes from `observations` (in order) what fits one batch: at most `MaxBatch`, and a
	/// declared weight within the oracle's share of a block. Leaves the rest.
	fn fill_batch(observations: &mut Vec<Observation<T>>) -> Batch<T> {
		let budget = Self::oracle_block_budget();
		let mut batch = Batch::<T>::default();
		let mut taken = 0;
		for observation in observations.iter() {
			let mut candidate = batch.clone();
			if candidate.try_push(observation.clone()).is_err()
				|| !Self::declared_weight(&candidate).all_lte(budget)
			{
				break;
			}
			batch = candidate;
			taken += 1;
		}
		observations.drain(..taken);
		batch
	}

	/// Records this run's reach and says whether the worker reached fewer than
	/// `MinReachedShare` of the nodes it fetched over the last period, with how many it
	/// reached and fetched.
	fn too_few_reached(at: u32, period: u32, fetched: u32, reached: u32) -> Option<(u32, u32)> {
		let store = StorageValueRef::persistent(REACH_KEY);
		let mut record: ReachRecord = store.get().ok().flatten().unwrap_or_default();
		record.retain(|(block, _, _)| block.saturating_add(period) > at && *block < at);
		if fetched > 0 {
			record.push((at, fetched, reached));
		}
		while record.len() > REACH_RUNS {
			record.remove(0);
		}
		store.set(&record);
		let (fetched, reached) =
			record.iter().fold((0u32, 0u32), |(f, r), (_, fetched, reached)| {
				(f.saturating_add(*fetched), r.saturating_add(*reached))
			});
		let needed = MinReachedShare::<T>::get().mul_ceil(fetched);
		(fetched > 0 && reached < needed).then_some((reached, fetched))
	}

	fn submit_batch(
		batch: Batch<T>,
		at: BlockNumberFor<T>,
		authority: &AuthorityId,
	) -> Result<(), &'static str> {
		let signature = Self::sign(authority, &submit_payload::<T>(&batch, &at))?;
		Self::submit_authorized(Call::submit { batch, at, authority: authority.clone(), signature })
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

/// The URL to fetch for a registered report URL, so that no run ever waits on a name lookup:
/// the registry accepts IP addresses only, and `localhost` where loopback is allowed, which is
/// fetched as `127.0.0.1`. `None` for a host name (registered before the registry refused them):
/// such a node is not fetched, and gets no verdict.
pub fn fetchable(url: &str) -> Option<String> {
	let (scheme, rest) = url.split_once("://")?;
	let end = rest.find('/').unwrap_or(rest.len());
	let (authority, path) = rest.split_at(end);
	let host = if authority.starts_with('[') {
		authority.split(']').next().map(|h| h.trim_start_matches('['))?
	} else {
		authority.split(':').next()?
	};
	if host.eq_ignore_ascii_case("localhost") {
		let port = &authority[host.len()..];
		return Some(format!("{scheme}://127.0.0.1{port}{path}"));
	}
	let is_address = host.parse::<core::net::Ipv4Addr>().is_ok()
		|| (authority.starts_with('[') && host.parse::<core::net::Ipv6Addr>().is_ok());
	is_address.then(|| url.into())
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
