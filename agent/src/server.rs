//! The node's HTTP server: `GET /sc4it/v2/report[?at=<block>]` (the report protocol,
//! docs/report-protocol.md) and `GET /health`, on the agent's tokio runtime with the workspace's
//! bounded HTTP/1 server (`sc4it_serve`, shared with the indexer).
//!
//! Nobody can hold the server with slow, idle or many connections: every connection has one
//! deadline for its whole request head (`--request-timeout-ms`, 2 s, counted from its accept, not
//! per read) and one for its whole life, answer included (the same plus [`ANSWER_TIMEOUT`]); it
//! is closed when it misses either. A request head is at most [`MAX_HEAD`] bytes (431 past it).
//! One request per connection. At most `--max-connections` connections are open at once (capped
//! below the descriptor limit, see [`connection_cap`]), and at most
//! `--max-connections-per-address` from one client address (an IPv6 client by its /64); a
//! connection beyond either is closed at once. Connections cost a task and a few KiB each, so
//! thousands of slow ones leave the report promptly served, and one address flooding the port
//! holds only its own few places.
//!
//! A block's report is built and signed once ([`REPORTS_KEPT`] blocks are kept in memory) and
//! every request for it is answered with the same bytes, so a flood of report requests costs a
//! copy each, not a build. Reports of older blocks, which are not kept, and `/health` are built
//! in a lane of their own, one at a time ([`Builders`]), so that nobody's requests delay the
//! builds the oracle waits for.

use crate::{
	report::{healthy, report, report_block},
	Shared,
};
use http_body_util::Full;
use hyper::{body::Bytes, header, Method, Request, Response, StatusCode};
use sc4it_report::REPORT_PATH;
use std::{
	convert::Infallible,
	sync::{atomic::Ordering, Arc},
	time::Duration,
};
use tokio::{net::TcpListener, sync::Semaphore};

/// The largest request head read (hyper's smallest buffer bound); a longer one is answered 431.
const MAX_HEAD: usize = 8 * 1024;
/// How long a connection has, after its request head's deadline, to be answered and closed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// Descriptors kept for the rest of the agent (the chain's connection, state and volume files,
/// `qemu-img`, the runtime's own) when the connection bound is derived from the limit.
pub const RESERVED_DESCRIPTORS: u64 = 256;
/// How many blocks' signed reports are kept in memory: the oracle asks for the block it runs
/// at, near the latest.
pub const REPORTS_KEPT: usize = 8;

/// The server's bounds.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The deadline of a connection's request head, from its accept.
	pub request_timeout: Duration,
	/// The most connections open at once.
	pub max_connections: usize,
	/// The most connections open at once from one client address.
	pub max_connections_per_address: usize,
}

impl Limits {
	/// The deadline of a whole connection, from its accept.
	pub fn connection_timeout(&self) -> Duration {
		self.request_timeout + ANSWER_TIMEOUT
	}
}

/// `wanted` connections, lowered so that they and [`RESERVED_DESCRIPTORS`] fit in a descriptor
/// limit of `descriptors` (at least one connection).
pub fn connection_cap(wanted: usize, descriptors: u64) -> usize {
	let room = descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(1);
	wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
}

/// Serves on `listener` until the process ends.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, limits: Limits) {
	// Reports and /health take the state's lock, which the chain follower holds while it makes or
	// removes volumes and syncs the state file (milliseconds, longer on a slow disk or with
	// `qemu-img`), and a report stats every volume file and signs. That may block, so it runs on
	// tokio's blocking pool, never on the workers that drive the connections, a few at once: a
	// request waiting for its turn waits asynchronously and is dropped with its connection at the
	// deadline, so abandoned requests never pile up work.
	let builders = Arc::new(Builders {
		recent: Arc::new(Semaphore::new(
			std::thread::available_parallelism().map_or(2, |n| n.get()).max(2),
		)),
		other: Arc::new(Semaphore::new(1)),
	});
	let service = hyper::service::service_fn(move |request| {
		let (shared, builders) = (shared.clone(), builders.clone());
		async move { Ok::<_, Infallible>(answer(request, shared, builders).await) }
	});
	let bounds = sc4it_serve::Bounds {
		connections: limits.max_connections,
		connections_per_address: limits.max_connections_per_address,
		head_timeout: limits.request_timeout,
		connection_timeout: limits.connection_timeout(),
		max_head: MAX_HEAD,
		// One request per connection, then `Connection: close`, as the oracle asks.
		keep_alive: false,
		// A client may shut down its write side once its request is sent, and still be answered.
		half_close: true,
	};
	sc4it_serve::serve(listener, service, bounds).await
}

/// The turns on the blocking pool, in two lanes. The reports of the last [`REPORTS_KEPT`] blocks,
/// the ones the oracle asks for, are built at most once each per block and per change of the
/// state (they are kept), so their lane never holds more than a few builds. Anybody may ask for
/// the reports of older blocks (one build each, as they are not kept) and for `/health`: those
/// take turns in a lane of their own, one at a time, so that they never delay the oracle's.
struct Builders {
	recent: Arc<Semaphore>,
	other: Arc<Semaphore>,
}

/// The answer to one request.
async fn answer(
	request: Request<hyper::body::Incoming>,
	shared: Arc<Shared>,
	builders: Arc<Builders>,
) -> Response<Full<Bytes>> {
	if request.method() != Method::GET {
		return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "only GET\n");
	}
	let path = request.uri().path();
	let query = request.uri().query().unwrap_or("");
	if path == "/health" {
		let body = blocking(&builders.other, move || {
			serde_json::json!({
				"node": shared.config.node,
				"latest_block": shared.latest.load(Ordering::SeqCst),
				"healthy": healthy(&shared),
				"volumes": shared.state.lock().map(|s| s.volumes.len()).unwrap_or(0),
			})
			.to_string()
		})
		.await;
		return match body {
			Some(body) => respond(StatusCode::OK, "application/json", body),
			None => internal_error(),
		};
	}
	if path != REPORT_PATH {
		return respond(StatusCode::NOT_FOUND, "text/plain", "not found\n");
	}
	let at = query.split('&').find_map(|kv| kv.strip_prefix("at="));
	let at = match at.map(str::parse::<u32>) {
		None => None,
		Some(Ok(n)) => Some(n),
		Some(Err(_)) => {
			return respond(StatusCode::BAD_REQUEST, "text/plain", "at: a block number\n")
		},
	};
	let Some(at_block) = report_block(&shared, at) else { return not_synced() };
	let recent =
		at_block.saturating_add(REPORTS_KEPT as u32) > shared.latest.load(Ordering::SeqCst);
	// Built once per block; requests for a block being built wait for that build.
	let reports = shared.clone();
	let built = reports
		.reports
		.get_or_build(at_block, || async move {
			let lane = if recent { &builders.recent } else { &builders.other };
			match blocking(lane, move || report(&shared, at_block)).await {
				Some(Some(body)) => Ok(Bytes::from(body)),
				Some(None) => Err(Unbuilt::NotSynced),
				None => Err(Unbuilt::Failed),
			}
		})
		.await;
	match built {
		Ok(body) => respond(StatusCode::OK, "application/json", body),
		Err(Unbuilt::NotSynced) => not_synced(),
		Err(Unbuilt::Failed) => internal_error(),
	}
}

/// Why a report was not built.
enum Unbuilt {
	/// The agent has not connected to its chain yet.
	NotSynced,
	/// The build panicked.
	Failed,
}

fn not_synced() -> Response<Full<Bytes>> {
	respond(StatusCode::SERVICE_UNAVAILABLE, "text/plain", "not synced yet\n")
}

/// Runs `work` on the blocking pool once one of the `lane`'s permits is free; `None` if it
/// panicked.
async fn blocking<T: Send + 'static>(
	lane: &Arc<Semaphore>,
	work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
	// The permit is held until the work ends, even if the request is dropped meanwhile.
	let permit = lane.clone().acquire_owned().await.ok()?;
	tokio::task::spawn_blocking(move || {
		let _permit = permit;
		work()
	})
	.await
	.ok()
}

fn internal_error() -> Response<Full<Bytes>> {
	respond(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "internal error\n")
}

fn respond(
	status: StatusCode,
	content_type: &'static str,
	body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
	let mut response = Response::new(Full::new(body.into()));
	*response.status_mut() = status;
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(content_type));
	response
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_connection_bound_leaves_room_for_the_rest_of_the_agent() {
		assert_eq!(connection_cap(4096, 1_048_576), 4096);
		assert_eq!(connection_cap(4096, 1024), 1024 - RESERVED_DESCRIPTORS as usize);
		assert_eq!(connection_cap(4096, 10), 1);
		assert_eq!(connection_cap(100, 20_000), 100);
	}
}
