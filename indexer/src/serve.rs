//! The HTTP server of the API and the dashboard: axum's router on hyper's HTTP/1 connections,
//! with bounds, so that nobody holds it with slow, idle or many connections.
//!
//! A connection has [`HEAD_TIMEOUT`] for its request head (counted from the first read, not
//! reset by each byte), a head of at most [`MAX_HEAD`] bytes (431 past it), and [`CONNECTION_TIMEOUT`]
//! for its whole life, keep-alive requests and slow reading of answers included; it is closed
//! when it misses either. At most [`MAX_CONNECTIONS`] are open at once; one more is closed at
//! once, before anything is read. A request that takes longer than [`REQUEST_TIMEOUT`] to answer
//! (a page over a very large index) is answered 503.

use axum::{
	extract::Request,
	http::StatusCode,
	middleware::Next,
	response::{IntoResponse, Response},
	Router,
};
use hyper_util::{
	rt::{TokioIo, TokioTimer},
	service::TowerToHyperService,
};
use std::{sync::Arc, time::Duration};
use tokio::{
	net::{TcpListener, TcpStream},
	sync::{OwnedSemaphorePermit, Semaphore},
};

/// The deadline of a connection's request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The deadline of a whole connection, from its accept.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest a request may take to be answered.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest request head read.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most connections open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// The pause after a failed accept (out of descriptors, say), so that it does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, app: Router) {
	let app = app.layer(axum::middleware::from_fn(deadline));
	let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	loop {
		let stream = match listener.accept().await {
			Ok((stream, _)) => stream,
			Err(e) => {
				log::warn!("http: accept failed: {e}");
				tokio::time::sleep(ACCEPT_BACKOFF).await;
				continue;
			},
		};
		let Ok(permit) = connections.clone().try_acquire_owned() else {
			log::warn!("http: a connection refused: {MAX_CONNECTIONS} open, the most allowed");
			continue;
		};
		tokio::spawn(connection(stream, permit, app.clone()));
	}
}

/// One connection, from its accept to its close; holds its place among the open connections.
async fn connection(stream: TcpStream, _permit: OwnedSemaphorePermit, app: Router) {
	let connection = hyper::server::conn::http1::Builder::new()
		.timer(TokioTimer::new())
		.header_read_timeout(HEAD_TIMEOUT)
		.max_buf_size(MAX_HEAD)
		.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
	// Dropping the connection at its deadline closes the socket, whatever it waited for.
	let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
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
