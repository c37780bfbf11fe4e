//! Fetching node reports over HTTP: every request is started at once, and all of them share one
//! deadline. Answers are collected in short rounds, each request getting its turn, so that one
//! server that never answers or drips its body byte by byte costs the others nothing: it runs
//! into the deadline alone and counts as down (shared/SDK-NOTES.md: a request without deadline
//! can wait forever, and a body cut short must be told from a complete one).

use crate::DownCause;
use alloc::{string::String, vec, vec::Vec};
use sc4it_report::{ReportError, MAX_BODY_BYTES};
use sp_core::offchain::{Duration, HttpError, HttpRequestId, HttpRequestStatus, Timestamp};
use sp_runtime::offchain::http;

/// How long one round waits for any one request before giving the next its turn.
const ROUND_MILLIS: u64 = 20;
/// How much of a body one read takes.
const CHUNK: usize = 16 * 1024;

enum State {
	/// Sent; the status line has not arrived.
	Waiting(HttpRequestId),
	/// Status 200; reading the body.
	Reading(HttpRequestId, Vec<u8>),
	Done(Result<Vec<u8>, DownCause>),
}

/// Fetches every URL with GET, all within `timeout_millis`; returns each body (status 200,
/// complete, at most `MAX_BODY_BYTES`) or why there is none, in the order of `urls`.
pub(crate) fn fetch_all(urls: &[String], timeout_millis: u64) -> Vec<Result<Vec<u8>, DownCause>> {
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(timeout_millis));
	let mut states: Vec<State> = urls
		.iter()
		.map(|url| match http::Request::get(url).deadline(deadline).send() {
			Ok(pending) => State::Waiting(pending.id),
			Err(_) => State::Done(Err(DownCause::Unreachable)),
		})
		.collect();

	loop {
		let waiting: Vec<(usize, HttpRequestId)> = states
			.iter()
			.enumerate()
			.filter_map(|(i, s)| if let State::Waiting(id) = s { Some((i, *id)) } else { None })
			.collect();
		let reading = states.iter().any(|s| matches!(s, State::Reading(..)));
		if waiting.is_empty() && !reading {
			break;
		}
		let now = sp_io::offchain::timestamp();
		if now.unix_millis() >= deadline.unix_millis() {
			break;
		}
		if !waiting.is_empty() {
			let ids: Vec<HttpRequestId> = waiting.iter().map(|(_, id)| *id).collect();
			let round = round_deadline(now, deadline);
			let statuses = sp_io::offchain::http_response_wait(&ids, Some(round));
			for ((i, id), status) in waiting.into_iter().zip(statuses) {
				match status {
					HttpRequestStatus::Finished(200) => states[i] = State::Reading(id, Vec::new()),
					HttpRequestStatus::Finished(code) => {
						states[i] = State::Done(Err(DownCause::HttpStatus(code)))
					},
					HttpRequestStatus::IoError | HttpRequestStatus::Invalid => {
						states[i] = State::Done(Err(DownCause::Unreachable))
					},
					HttpRequestStatus::DeadlineReached => {},
				}
			}
		}
		for state in states.iter_mut() {
			let finished = match state {
				State::Reading(id, body) => {
					let round = round_deadline(sp_io::offchain::timestamp(), deadline);
					read_some(*id, body, round).map(|done| done.map(|()| core::mem::take(body)))
				},
				_ => None,
			};
			if let Some(result) = finished {
				*state = State::Done(result);
			}
		}
	}

	states
		.into_iter()
		.map(|s| match s {
			State::Done(result) => result,
			State::Waiting(_) | State::Reading(..) => Err(DownCause::Timeout),
		})
		.collect()
}

/// The end of this round's wait for one request: soon, and never after the run's deadline.
fn round_deadline(now: Timestamp, deadline: Timestamp) -> Timestamp {
	let round = now.add(Duration::from_millis(ROUND_MILLIS));
	if round.unix_millis() < deadline.unix_millis() {
		round
	} else {
		deadline
	}
}

/// Reads one chunk of a body. `None`: more to come; `Some(Ok)`: the body is complete.
fn read_some(
	id: HttpRequestId,
	body: &mut Vec<u8>,
	until: Timestamp,
) -> Option<Result<(), DownCause>> {
	let mut buffer = vec![0u8; CHUNK];
	match sp_io::offchain::http_response_read_body(id, &mut buffer, Some(until)) {
		Ok(0) => Some(Ok(())),
		Ok(n) => {
			let n = (n as usize).min(CHUNK);
			if body.len().saturating_add(n) > MAX_BODY_BYTES {
				return Some(Err(DownCause::Refused(ReportError::TooLarge)));
			}
			body.extend_from_slice(&buffer[..n]);
			None
		},
		Err(HttpError::DeadlineReached) => None,
		// The connection broke: a body cut short is no body.
		Err(HttpError::IoError) | Err(HttpError::Invalid) => Some(Err(DownCause::Unreachable)),
	}
}
