//! Fetching node reports over HTTP: every request is started at once, and all of them share one
//! deadline. Nothing waits on one server: statuses are polled for all requests in one call, and
//! bodies are read without blocking, whatever is there, request after request; only when no
//! request made progress does the run wait a few milliseconds, for all of them at once. So a
//! server that stalls (before its status line, after its headers or mid-body), or drips its
//! body byte by byte, runs into the deadline alone and counts as down, while every other answer
//! is read as it arrives (shared knowledge of the offchain HTTP API: a request without deadline
//! can wait for ever, and a body cut short must be told from a complete one).
//!
//! Memory is bounded by design: each request may send at most its own body limit (set by the
//! caller from what the chain knows of the node), the bytes held in unfinished bodies never
//! exceed the run's buffer budget (reads take at most the room left; a request finding none
//! waits, its data left with the host, until finished bodies free room), and a finished body is
//! handed to the caller at once and dropped: it never outlives its verification.
//!
//! The budget is shared fairly: when a request finds no room, the slowest reader holding the
//! most bytes gives way, the one whose server had nothing to send the last time it was read.
//! It is counted as timed out, as it would have been at the deadline. So servers that send part
//! of a body and stall cannot fill the budget and keep the others from being read; readers that
//! are all sending only wait for each other.

use crate::DownCause;
use alloc::{string::String, vec, vec::Vec};
use sc4it_report::ReportError;
use sp_core::offchain::{Duration, HttpError, HttpRequestId, HttpRequestStatus, Timestamp};
use sp_runtime::offchain::http;

/// How long the run waits when no request made progress, before polling them all again.
const IDLE_MILLIS: u64 = 5;
/// How much of a body one read takes.
const CHUNK: usize = 16 * 1024;

/// One report to fetch.
pub(crate) struct Fetch {
	pub url: String,
	/// The most bytes its body may have.
	pub body_limit: usize,
}

/// Whether a body being read was kept from it by the run's budget, and not by its server.
#[derive(Default, Clone, Copy)]
struct Starving {
	/// The run's budget left it no room at least once.
	denied: bool,
	/// The run's budget left it no room in the last round: it waits for room now.
	waiting_for_room: bool,
	/// The last time it had room, its server had nothing to send: it stalls by itself.
	idle: bool,
}

enum State {
	/// Sent; the status line has not arrived.
	Waiting(HttpRequestId),
	/// Status 200; reading the body.
	Reading(HttpRequestId, Vec<u8>, Starving),
	Done,
}

/// What a fetch of many reports cost, for the run's log line.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FetchStats {
	/// The most bytes held in unfinished bodies at any time.
	pub peak_buffered: usize,
	/// How many servers answered at all (an HTTP status line, whatever it said): a run that
	/// reached few of them may be blind itself (docs/oracle.md).
	pub reached: u32,
	/// How many stalled readers gave way to readers waiting for room.
	pub evicted: u32,
}

/// Fetches every report with GET, all within `timeout_millis`, holding at most `budget` bytes
/// of unfinished bodies at a time. Calls `done(i, answer)` once for each request `i`, as soon as
/// its answer is known: the body (status 200, complete, within its limit) or why there is none;
/// `None` when the run's own budget kept it from being read in time, which says nothing of the
/// node (other servers filled the budget), so that no verdict is drawn from it.
pub(crate) fn fetch_all(
	fetches: &[Fetch],
	timeout_millis: u64,
	budget: usize,
	mut done: impl FnMut(usize, Option<Result<Vec<u8>, DownCause>>),
) -> FetchStats {
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(timeout_millis));
	let mut stats = FetchStats::default();
	let mut states: Vec<State> = fetches
		.iter()
		.enumerate()
		.map(|(i, fetch)| match http::Request::get(&fetch.url).deadline(deadline).send() {
			Ok(pending) => State::Waiting(pending.id),
			Err(_) => {
				done(i, Some(Err(DownCause::Unreachable)));
				State::Done
			},
		})
		.collect();
	let mut buffered = 0usize;
	let mut chunk = vec![0u8; CHUNK];

	loop {
		let now = sp_io::offchain::timestamp();
		let waiting: Vec<(usize, HttpRequestId)> = states
			.iter()
			.enumerate()
			.filter_map(|(i, s)| if let State::Waiting(id) = s { Some((i, *id)) } else { None })
			.collect();
		let reading = states.iter().any(|s| matches!(s, State::Reading(..)));
		if (waiting.is_empty() && !reading) || now.unix_millis() >= deadline.unix_millis() {
			break;
		}
		let mut progressed = false;

		// Statuses, of all waiting requests in one call that does not wait.
		if !waiting.is_empty() {
			let ids: Vec<HttpRequestId> = waiting.iter().map(|(_, id)| *id).collect();
			let statuses = sp_io::offchain::http_response_wait(&ids, Some(now));
			for ((i, id), status) in waiting.into_iter().zip(statuses) {
				let Some(state) = states.get_mut(i) else { continue };
				let answer = match status {
					HttpRequestStatus::DeadlineReached => continue,
					HttpRequestStatus::Finished(200) => {
						*state = State::Reading(id, Vec::new(), Starving::default());
						stats.reached = stats.reached.saturating_add(1);
						progressed = true;
						continue;
					},
					HttpRequestStatus::Finished(code) => {
						stats.reached = stats.reached.saturating_add(1);
						DownCause::HttpStatus(code)
					},
					HttpRequestStatus::IoError | HttpRequestStatus::Invalid => {
						DownCause::Unreachable
					},
				};
				*state = State::Done;
				progressed = true;
				done(i, Some(Err(answer)));
			}
		}

		// Room for whoever waits for it, from the slowest reader holding the most bytes.
		if let Some((victim, held)) = reader_to_give_way(&states) {
			buffered = buffered.saturating_sub(held);
			if let Some(state) = states.get_mut(victim) {
				*state = State::Done;
			}
			stats.evicted = stats.evicted.saturating_add(1);
			progressed = true;
			done(victim, Some(Err(DownCause::Timeout)));
		}

		// Bodies: what has arrived, from each request in turn, without waiting.
		for (i, (state, fetch)) in states.iter_mut().zip(fetches).enumerate() {
			let State::Reading(id, body, starving) = state else { continue };
			let limit = fetch.body_limit;
			let outcome = loop {
				// At most the run's room, and one byte past the body's limit (to tell a body
				// that is too large from one that is just complete).
				let room = CHUNK
					.min(budget.saturating_sub(buffered))
					.min(limit.saturating_add(1).saturating_sub(body.len()));
				if room == 0 {
					// The run's budget is spent: this one waits for finished bodies, or a
					// stalled reader giving way, to free room.
					starving.denied = true;
					starving.waiting_for_room = true;
					break None;
				}
				starving.waiting_for_room = false;
				let into = &mut chunk[..room];
				match sp_io::offchain::http_response_read_body(*id, into, Some(now)) {
					Ok(0) => break Some(Ok(())),
					Ok(n) => {
						progressed = true;
						starving.idle = false;
						let n = (n as usize).min(room);
						if body.len().saturating_add(n) > limit {
							break Some(Err(DownCause::Refused(ReportError::TooLarge)));
						}
						body.extend_from_slice(&chunk[..n]);
						buffered = buffered.saturating_add(n);
						stats.peak_buffered = stats.peak_buffered.max(buffered);
					},
					Err(HttpError::DeadlineReached) => {
						starving.idle = true;
						break None;
					},
					// The connection broke: a body cut short is no body.
					Err(HttpError::IoError) | Err(HttpError::Invalid) => {
						break Some(Err(DownCause::Unreachable))
					},
				}
			};
			if let Some(result) = outcome {
				let body = core::mem::take(body);
				buffered = buffered.saturating_sub(body.len());
				*state = State::Done;
				progressed = true;
				done(i, Some(result.map(|()| body)));
			}
		}

		if !progressed {
			sp_io::offchain::sleep_until(idle_until(now, deadline));
		}
	}

	for (i, state) in states.into_iter().enumerate() {
		match state {
			State::Done => {},
			// Kept from reading by the others, never seen stalling by itself: no verdict.
			State::Reading(_, _, Starving { denied: true, idle: false, .. }) => done(i, None),
			State::Waiting(_) | State::Reading(..) => done(i, Some(Err(DownCause::Timeout))),
		}
	}
	stats
}

/// When a reader waits for room: the reader that gives way, and the bytes it frees. It is the
/// one holding the most bytes among those whose server had nothing to send the last time they
/// were read (a server still sending is never cut off), and never one waiting for room itself.
fn reader_to_give_way(states: &[State]) -> Option<(usize, usize)> {
	let waits = states
		.iter()
		.any(|s| matches!(s, State::Reading(_, _, Starving { waiting_for_room: true, .. })));
	if !waits {
		return None;
	}
	states
		.iter()
		.enumerate()
		.filter_map(|(i, s)| match s {
			State::Reading(_, body, st) if st.idle && !st.waiting_for_room && !body.is_empty() => {
				Some((i, body.len()))
			},
			_ => None,
		})
		.max_by_key(|(_, held)| *held)
}

/// When an idle round ends: soon, and never after the run's deadline.
fn idle_until(now: Timestamp, deadline: Timestamp) -> Timestamp {
	let round = now.add(Duration::from_millis(IDLE_MILLIS));
	if round.unix_millis() < deadline.unix_millis() {
		round
	} else {
		deadline
	}
}
