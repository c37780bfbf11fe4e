//! Several connections to one node, each carrying one request at a time: for a reader that
//! sends many requests at once (the indexer's pages).
//!
//! Why not one connection with the requests side by side: a node's RPC server does not set
//! `TCP_NODELAY` on the sockets it accepts, so when a second answer is ready before the client
//! acknowledged the first, the kernel holds it until that acknowledgement, which the client
//! delays by 40 ms. Measured on a dev node: one request at a time answers in 0.1 ms, four side
//! by side in 44 ms (docs/benchmarks.md). One request per connection at a time never leaves an
//! answer waiting behind another.
//!
//! A request waits for an idle connection (first come, first served) and can be abandoned while
//! it waits. Once sent, it keeps its connection until the node answers or [`REQUEST_TIMEOUT`]
//! passes, even if its caller gave up: the next request on that connection never queues behind
//! an unread answer, and the node never has more than one request of the pool per connection.
//! A connection found closed (the node restarted, a proxy dropped it) is opened again when it is
//! next lent. Subscriptions are not served: the pool is for reads.

use std::{collections::VecDeque, sync::Arc, time::Duration};
use subxt::rpcs::client::{
	JsonrpseeRpcClient, RawRpcFuture, RawRpcSubscription, RawValue, RpcClientT,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The longest a request of the pool waits for its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections to one node, lent one request at a time.
pub struct ConnectionPool {
	inner: Arc<Inner>,
}

struct Inner {
	url: String,
	/// The connections no request holds now: as many as `free` has permits.
	idle: std::sync::Mutex<VecDeque<Arc<JsonrpseeRpcClient>>>,
	free: Arc<Semaphore>,
}

impl ConnectionPool {
	/// Opens `connections` (at least one) websocket connections to the node at `url`.
	pub async fn connect(
		url: &str,
		connections: usize,
	) -> Result<ConnectionPool, subxt::rpcs::Error> {
		let mut idle = VecDeque::with_capacity(connections.max(1));
		for _ in 0..connections.max(1) {
			idle.push_back(Arc::new(open(url).await?));
		}
		Ok(ConnectionPool {
			inner: Arc::new(Inner {
				url: url.to_string(),
				free: Arc::new(Semaphore::new(idle.len())),
				idle: std::sync::Mutex::new(idle),
			}),
		})
	}
}

/// A connection of the pool.
async fn open(url: &str) -> Result<JsonrpseeRpcClient, subxt::rpcs::Error> {
	websocket(url, REQUEST_TIMEOUT).await
}

/// A websocket connection to the node at `url` whose requests wait at most `request_timeout`
/// for their answers, with pings: a node that vanished without closing the connection (its
/// machine gone, a network cut) is noticed within about 70 s (a ping every 30 s, 40 s for its
/// answer), and the connection closed, rather than waited for forever.
pub(crate) async fn websocket(
	url: &str,
	request_timeout: Duration,
) -> Result<JsonrpseeRpcClient, subxt::rpcs::Error> {
	jsonrpsee::ws_client::WsClientBuilder::new()
		.request_timeout(request_timeout)
		.enable_ws_ping(jsonrpsee::ws_client::PingConfig::new())
		// As subxt's own client: room for bursts of a subscription's notifications.
		.max_buffer_capacity_per_subscription(4096)
		.build(url)
		.await
		.map_err(|e| subxt::rpcs::Error::Client(Box::new(e)))
}

impl Inner {
	/// The connection idle longest, waiting for one if all are busy (abandoning the wait takes
	/// nothing); a closed one is opened again first.
	async fn lease(self: &Arc<Self>) -> Result<Lease, subxt::rpcs::Error> {
		let permit = self
			.free
			.clone()
			.acquire_owned()
			.await
			.map_err(|e| subxt::rpcs::Error::Client(Box::new(e)))?;
		let client = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
		// A permit is only handed out while a connection is idle, so `client` is `Some`.
		let Some(client) = client else {
			return Err(subxt::rpcs::Error::Client("no idle connection".into()));
		};
		let mut lease = Lease { pool: self.clone(), client, _permit: permit };
		if !lease.client.is_connected() {
			// On failure the closed connection goes back, to be tried again by the next request.
			lease.client = Arc::new(open(&self.url).await?);
		}
		Ok(lease)
	}
}

/// A connection lent to one request; back to the pool when dropped.
struct Lease {
	pool: Arc<Inner>,
	client: Arc<JsonrpseeRpcClient>,
	_permit: OwnedSemaphorePermit,
}

impl Drop for Lease {
	fn drop(&mut self) {
		// Back before the permit is released (fields drop after this body).
		self.pool.idle.lock().unwrap_or_else(|e| e.into_inner()).push_back(self.client.clone());
	}
}

impl RpcClientT for ConnectionPool {
	fn request_raw<'a>(
		&'a self,
		method: &'a str,
		params: Option<Box<RawValue>>,
	) -> RawRpcFuture<'a, Box<RawValue>> {
		Box::pin(async move {
			let lease = self.inner.lease().await?;
			let method = method.to_string();
			// Sent and awaited in a task of its own, which keeps the lease until the answer.
			tokio::spawn(async move {
				let answer = lease.client.request_raw(&method, params).await;
				drop(lease);
				answer
			})
			.await
			.map_err(|e| subxt::rpcs::Error::Client(Box::new(e)))?
		})
	}

	fn subscribe_raw<'a>(
		&'a self,
		sub: &'a str,
		_params: Option<Box<RawValue>>,
		_unsub: &'a str,
	) -> RawRpcFuture<'a, RawRpcSubscription> {
		Box::pin(async move {
			Err(subxt::rpcs::Error::Client(
				format!("{sub}: a connection pool serves reads, not subscriptions").into(),
			))
		})
	}
}
