//! Several connections to one node, each carrying one request at a time: for a reader that
//! sends many requests at once (the indexer's pages).
//!
//! Why not one connection with the requests side by side: a node's RPC server does not set
//! `TCP_NODELAY` on the sockets it accepts, so when a second answer is ready before the client
//! acknowledged the first, the kernel holds it until that acknowledgement, which the client
//! delays by 40 ms. Measured on a dev node: one request at a time answers in 0.1 ms, four side
//! by side in 44 ms (docs/benchmarks.md). One request per connection at a time never leaves an
//! answer waiting behind another.

use std::sync::{Arc, Mutex};
use subxt::rpcs::client::{
	jsonrpsee_client, JsonrpseeRpcClient, RawRpcFuture, RawRpcSubscription, RawValue, RpcClientT,
};
use tokio::sync::Semaphore;

/// Connections to one node, lent one request at a time.
pub struct ConnectionPool {
	/// The connections no request holds now: as many as `free` has permits.
	idle: Mutex<Vec<Arc<JsonrpseeRpcClient>>>,
	free: Semaphore,
	/// The connection subscriptions go through (they are long-lived and pushed by the node).
	subscriptions: Arc<JsonrpseeRpcClient>,
}

impl ConnectionPool {
	/// Opens `connections` (at least one) websocket connections to the node at `url`.
	pub async fn connect(
		url: &str,
		connections: usize,
	) -> Result<ConnectionPool, subxt::rpcs::Error> {
		let mut idle = Vec::with_capacity(connections.max(1));
		for _ in 0..connections.max(1) {
			idle.push(Arc::new(jsonrpsee_client(url).await?));
		}
		let subscriptions = idle[0].clone();
		Ok(ConnectionPool {
			free: Semaphore::new(idle.len()),
			idle: Mutex::new(idle),
			subscriptions,
		})
	}

	/// An idle connection, waiting for one if all are busy; it goes back when the lease drops,
	/// also when the request is abandoned half-way.
	async fn lease(&self) -> Result<Lease<'_>, subxt::rpcs::Error> {
		let permit =
			self.free.acquire().await.map_err(|e| subxt::rpcs::Error::Client(Box::new(e)))?;
		let client = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
		// A permit is only handed out while a connection is idle, so `client` is `Some`.
		match client {
			Some(client) => Ok(Lease { pool: self, client: Some(client), _permit: permit }),
			None => Err(subxt::rpcs::Error::Client("no idle connection".into())),
		}
	}
}

/// A connection lent to one request.
struct Lease<'a> {
	pool: &'a ConnectionPool,
	client: Option<Arc<JsonrpseeRpcClient>>,
	_permit: tokio::sync::SemaphorePermit<'a>,
}

impl Drop for Lease<'_> {
	fn drop(&mut self) {
		// Back before the permit is released (fields drop after this body).
		if let Some(client) = self.client.take() {
			self.pool.idle.lock().unwrap_or_else(|e| e.into_inner()).push(client);
		}
	}
}

impl RpcClientT for ConnectionPool {
	fn request_raw<'a>(
		&'a self,
		method: &'a str,
		params: Option<Box<RawValue>>,
	) -> RawRpcFuture<'a, Box<RawValue>> {
		Box::pin(async move {
			let lease = self.lease().await?;
			let client = lease.client.clone().ok_or_else(|| {
				subxt::rpcs::Error::Client("the lease holds no connection".into())
			})?;
			client.request_raw(method, params).await
		})
	}

	fn subscribe_raw<'a>(
		&'a self,
		sub: &'a str,
		params: Option<Box<RawValue>>,
		unsub: &'a str,
	) -> RawRpcFuture<'a, RawRpcSubscription> {
		self.subscriptions.subscribe_raw(sub, params, unsub)
	}
}
