//! The node's HTTP server: `GET /sc4it/v2/report[?at=<block>]` (the report protocol,
//! docs/report-protocol.md) and `GET /health`, on the agent's tokio runtime with hyper.
//!
//! Nobody can hold the server with slow or idle connections: every connection has one deadline
//! for its whole request head (`--request-timeout-ms`, 2 s, counted from its accept, not per
//! read) and one for its whole life, answer included (the same plus [`ANSWER_TIMEOUT`]); it is
//! closed when it misses either. A request head is at most [`MAX_HEAD`] bytes (431 past it). One
//! request per connection. At most `--max-connections` connections are open at once (capped below
//! the descriptor limit, see [`connection_cap`]); a connection beyond that is closed at once.
//! Connections cost a task and a few KiB each, so thousands of slow ones leave the report
//! promptly served.

use crate::{
	report::{healthy, report},
	Shared,
};
use http_body_util::Full;
use hyper::{body::Bytes, header, Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use sc4it_report::REPORT_PATH;
use std::{
	convert::Infallible,
	sync::{atomic::Ordering, Arc},
	time::Duration,
};
use tokio::{
	net::{TcpListener, TcpStream},
	sync::{OwnedSemaphorePermit, Semaphore},
	time::Instant,
};

/// The largest request head read (hyper's smallest buffer bound); a longer one is answered 431.
const MAX_HEAD: usize = 8 * 1024;
/// How long a connection has, after its request head's deadline, to be answered and closed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// Descriptors kept for the rest of the agent (the chain's connection, state and volume files,
/// `qemu-img`, the runtime's own) when the connection bound is derived from the limit.
pub const RESERVED_DESCRIPTORS: u64 = 256;
/// The pause after a failed accept (out of descriptors, say), so that it does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The server's bounds.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The deadline of a connection's request head, from its accept.
	pub request_timeout: Duration,
	/// The most connections open at once.
	pub max_connections: usize,
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
	let connections = Arc::new(Semaphore::new(limits.max_connections));
	// Reports and /health take the state's lock, which the chain follower holds while it makes or
	// removes volumes and syncs the state file (milliseconds, longer on a slow disk or with
	// `qemu-img`), and a report stats every volume file and signs. That may block, so it runs on
	// tokio's blocking pool, never on the workers that drive the connections. At most this many
	// at once: a request waiting for its turn waits asynchronously and is dropped with its
	// connection at the deadline, so abandoned requests never pile up work.
	let builders = Arc::new(Semaphore::new(
		std::thread::available_parallelism().map_or(2, |n| n.get()).max(2),
	));
	let (mut failed, mut refused) = (Refusals::default(), Refusals::default());
	loop {
		let stream = match listener.accept().await {
			Ok((stream, _)) => stream,
			Err(e) => {
				failed.note(|n| format!("http: accept failed ({n} time(s) lately): {e}"));
				tokio::time::sleep(ACCEPT_BACKOFF).await;
				continue;
			},
		};
		let Ok(permit) = connections.clone().try_acquire_owned() else {
			// Over the bound: closed at once (dropped), before anything is read.
			refused.note(|n| {
				format!(
					"http: {n} connection(s) refused lately: {} open, the most allowed \
					 (--max-connections)",
					limits.max_connections
				)
			});
			continue;
		};
		tokio::spawn(connection(stream, permit, shared.clone(), builders.clone(), limits));
	}
}

/// One connection, from its accept to its close; holds its place among the open connections.
async fn connection(
	stream: TcpStream,
	_permit: OwnedSemaphorePermit,
	shared: Arc<Shared>,
	builders: Arc<Semaphore>,
	limits: Limits,
) {
	let deadline = Instant::now() + limits.connection_timeout();
	let _ = stream.set_nodelay(true);
	let service = hyper::service::service_fn(move |request| {
		let (shared, builders) = (shared.clone(), builders.clone());
		async move { Ok::<_, Infallible>(answer(request, shared, builders).await) }
	});
	let connection = hyper::server::conn::http1::Builder::new()
		// The head's deadline, from the first read, i.e. the accept; not reset by each byte.
		.timer(TokioTimer::new())
		.header_read_timeout(limits.request_timeout)
		.max_buf_size(MAX_HEAD)
		// One request per connection, then `Connection: close`, as the oracle asks.
		.keep_alive(false)
		// A client may shut down its write side once its request is sent, and still be answered.
		.half_close(true)
		.serve_connection(TokioIo::new(stream), service);
	// Past the whole connection's deadline the connection is dropped, which closes the socket,
	// whatever it was waiting for (a slow reader of the answer, say).
	let _ = tokio::time::timeout_at(deadline, connection).await;
}

/// The answer to one request.
async fn answer(
	request: Request<hyper::body::Incoming>,
	shared: Arc<Shared>,
	builders: Arc<Semaphore>,
) -> Response<Full<Bytes>> {
	if request.method() != Method::GET {
		return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "only GET\n".into());
	}
	let path = request.uri().path();
	let query = request.uri().query().unwrap_or("");
	if path == "/health" {
		let body = blocking(&builders, move || {
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
		return respond(StatusCode::NOT_FOUND, "text/plain", "not found\n".into());
	}
	let at = query.split('&').find_map(|kv| kv.strip_prefix("at="));
	let at = match at.map(str::parse::<u32>) {
		None => None,
		Some(Ok(n)) => Some(n),
		Some(Err(_)) => {
			return respond(StatusCode::BAD_REQUEST, "text/plain", "at: a block number\n".into())
		},
	};
	match blocking(&builders, move || report(&shared, at)).await {
		Some(Some(body)) => respond(StatusCode::OK, "application/json", body),
		Some(None) => {
			respond(StatusCode::SERVICE_UNAVAILABLE, "text/plain", "not synced yet\n".into())
		},
		None => internal_error(),
	}
}

/// Runs `work` on the blocking pool once one of the `builders` permits is free; `None` if it
/// panicked.
async fn blocking<T: Send + 'static>(
	builders: &Arc<Semaphore>,
	work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
	let permit = builders.clone().acquire_owned().await.ok()?;
	tokio::task::spawn_blocking(move || {
		let _permit = permit;
		work()
	})
	.await
	.ok()
}

fn internal_error() -> Response<Full<Bytes>> {
	respond(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "internal error\n".into())
}

fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
	let mut response = Response::new(Full::new(Bytes::from(body)));
	*response.status_mut() = status;
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(content_type));
	response
}

/// Counts refused or failed accepts and logs them at most every ten seconds, so that a flood
/// does not flood the log too.
#[derive(Default)]
struct Refusals {
	count: u64,
	last_log: Option<Instant>,
}

impl Refusals {
	fn note(&mut self, message: impl FnOnce(u64) -> String) {
		self.count += 1;
		let now = Instant::now();
		if self.last_log.is_none_or(|at| now.duration_since(at) >= Duration::from_secs(10)) {
			log::warn!("{}", message(self.count));
			self.count = 0;
			self.last_log = Some(now);
		}
	}
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
