//! The HTTP server of the API and the dashboard: axum's router on the workspace's bounded
//! HTTP/1 server (`sc4it_serve`, shared with the agent), so that nobody holds it with slow, idle
//! or many connections.
//!
//! A connection has [`HEAD_TIMEOUT`] for its request head (counted from its accept, and for a
//! kept-alive connection from the end of the previous answer; not reset by each byte), a head of
//! at most [`MAX_HEAD`] bytes (431 past it), and [`CONNECTION_TIMEOUT`] for its whole life,
//! keep-alive requests and slow reading of answers included; it is closed when it misses either.
//! At most [`Limits::connections`] are open at once, and at most
//! [`Limits::connections_per_address`] from one client address (an IPv6 client by its /64, the
//! block one host is given): one more is closed at once, before anything is read, so one client
//! holding all it may leaves the rest to others. A request that takes longer than
//! [`REQUEST_TIMEOUT`] to answer (a page over a very large index) is answered 503.

use axum::{
	extract::Request,
	http::StatusCode,
	middleware::Next,
	response::{IntoResponse, Response},
	Router,
};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;

/// The deadline of a connection's request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The deadline of a whole connection, from its accept.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest a request may take to be answered.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest request head read.
pub const MAX_HEAD: usize = 16 * 1024;

/// The server's bounds on open connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The most connections open at once.
	pub connections: usize,
	/// The most connections open at once from one client address.
	pub connections_per_address: usize,
}

/// Serves `app` on `listener` until the future is dropped.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) {
	let app = app.layer(axum::middleware::from_fn(deadline));
	let bounds = sc4it_serve::Bounds {
		connections: limits.connections,
		connections_per_address: limits.connections_per_address,
		head_timeout: HEAD_TIMEOUT,
		connection_timeout: CONNECTION_TIMEOUT,
		max_head: MAX_HEAD,
		// A browser loads a page and its links over one connection.
		keep_alive: true,
		half_close: false,
	};
	sc4it_serve::serve(listener, TowerToHyperService::new(app), bounds).await
}

/// Answers 503 for a request not answered within [`REQUEST_TIMEOUT`].
async fn deadline(request: Request, next: Next) -> Response {
	match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
		Ok(response) => response,
		Err(_) => (
			StatusCode::SERVICE_UNAVAILABLE,
			axum::Json(serde_json::json!({
				"error": format!("not answered within {REQUEST_TIMEOUT:?}: narrow the request")
			})),
		)
			.into_response(),
	}
}
