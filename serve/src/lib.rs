//! The bounded HTTP/1 server of the agent's report port and of the indexer's API and dashboard:
//! one accept loop and one set of bounds, so that the two daemons cannot drift apart.
//!
//! Nobody holds the server with slow, idle or many connections:
//!
//! - a connection has [`Bounds::head_timeout`] for its request head, counted from its accept
//!   (for a kept-alive connection, from the end of the previous answer), not reset by each byte,
//!   and [`Bounds::connection_timeout`] for its whole life, answers and keep-alive requests
//!   included; it is closed when it misses either, whatever it was waiting for;
//! - a request head is at most [`Bounds::max_head`] bytes (hyper answers 431 past it);
//! - at most [`Bounds::connections_per_address`] connections are open at once from one client
//!   ([`client_of`]: an IPv4 address, an IPv6 address by its /64, the block one host is commonly
//!   given). One more is closed at its accept, before anything is read, so one client holding
//!   all it may leaves the rest of the server to others;
//! - at most [`Bounds::connections`] are open at once. When all are taken, a new connection
//!   takes the place of the oldest one waiting for a request head (a new connection's first,
//!   or a kept-alive one's next), which is closed; only when every open connection is being
//!   answered is the new one closed. Many clients together holding every place with idle
//!   connections therefore never shut anyone out: a client that sends its request as soon as it connects (the oracle does) is
//!   served unless the others open as many connections as the server holds within that moment;
//! - refused connections and failed accepts are logged as counts, at most one line of each every
//!   [`LOGGED_EVERY`], so that a flood of them does not flood the log too.
//!
//! [`serve`] accepts until its future is dropped (the indexer aborts its task when it stops; the
//! agent's runs as long as the process): no new connection is accepted after that, and those
//! open end at their deadlines or with the runtime.

use hyper::{body::Incoming, service::Service, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::{
	collections::{BTreeMap, HashMap},
	error::Error as StdError,
	net::{IpAddr, Ipv6Addr},
	sync::{Arc, Mutex},
	time::Duration,
};
use tokio::{
	net::{TcpListener, TcpStream},
	sync::{Notify, OwnedSemaphorePermit, Semaphore},
	time::Instant,
};

/// How often refused connections and failed accepts are logged, at most (as counts).
pub const LOGGED_EVERY: Duration = Duration::from_secs(10);
/// The pause after a failed accept (out of descriptors, say), so that the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// How long a new connection waits for the place of the idle one it closed (its task only has
/// to notice and drop it).
const EVICTION_WAIT: Duration = Duration::from_millis(200);

/// The server's bounds, and the two HTTP/1 settings its daemons differ in.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
	/// The most connections open at once.
	pub connections: usize,
	/// The most connections open at once from one client ([`client_of`]).
	pub connections_per_address: usize,
	/// The deadline of a connection's request head, from its accept.
	pub head_timeout: Duration,
	/// The deadline of a whole connection, from its accept.
	pub connection_timeout: Duration,
	/// The largest request head read, at least 8 KiB (hyper's smallest buffer).
	pub max_head: usize,
	/// Whether a connection may carry more than one request (else `Connection: close`).
	pub keep_alive: bool,
	/// Whether a client that shut down its write side once its request is sent is still
	/// answered.
	pub half_close: bool,
}

/// Serves `service` on `listener` within `bounds`, until the future is dropped.
pub async fn serve<S, B>(listener: TcpListener, service: S, bounds: Bounds)
where
	S: Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
	S::Future: Send + 'static,
	S::Error: Into<Box<dyn StdError + Send + Sync>> + 'static,
	B: hyper::body::Body + Send + 'static,
	B::Data: Send,
	B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
	let connections = Arc::new(Semaphore::new(bounds.connections));
	let addresses = Arc::new(OpenPerAddress::default());
	let waiting = Arc::new(Waiting::default());
	let mut log = Refusals::default();
	loop {
		let accepted = tokio::select! {
			accepted = listener.accept() => accepted,
			// Counts noted since the last line are logged once their time comes, even when
			// nothing more is refused.
			() = log.due(), if log.pending() => {
				log.report(&bounds);
				continue;
			},
		};
		let (stream, peer) = match accepted {
			Ok(accepted) => accepted,
			Err(e) => {
				log.note(Refused::AcceptFailed(e), &bounds);
				tokio::time::sleep(ACCEPT_BACKOFF).await;
				continue;
			},
		};
		let Some(address) = addresses.take(peer.ip(), bounds.connections_per_address) else {
			log.note(Refused::Address, &bounds);
			continue;
		};
		let permit = match connections.clone().try_acquire_owned() {
			Ok(permit) => permit,
			// Every place taken: the oldest connection still waiting for its head gives its up.
			Err(_) if waiting.close_oldest() => {
				match tokio::time::timeout(EVICTION_WAIT, connections.clone().acquire_owned()).await
				{
					Ok(Ok(permit)) => {
						log.note(Refused::Idle, &bounds);
						permit
					},
					_ => {
						log.note(Refused::All, &bounds);
						continue;
					},
				}
			},
			Err(_) => {
				log.note(Refused::All, &bounds);
				continue;
			},
		};
		let place = Place::enter(&waiting);
		let service = MarkServed { inner: service.clone(), place: place.clone(), bounds };
		tokio::spawn(connection(stream, (permit, address), place, service, bounds));
	}
}

/// One connection, from its accept to its close; holds its places among the open connections,
/// and is closed early if a new connection takes its place while it waits for its head.
async fn connection<S, B>(
	stream: TcpStream,
	_places: (OwnedSemaphorePermit, AddressPlace),
	place: Arc<Place>,
	service: S,
	bounds: Bounds,
) where
	S: Service<Request<Incoming>, Response = Response<B>> + Send + 'static,
	S::Future: Send + 'static,
	S::Error: Into<Box<dyn StdError + Send + Sync>>,
	B: hyper::body::Body + Send + 'static,
	B::Data: Send,
	B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
	let deadline = Instant::now() + bounds.connection_timeout;
	// Answers are written whole: nothing gained by waiting for more to send.
	let _ = stream.set_nodelay(true);
	let connection = hyper::server::conn::http1::Builder::new()
		// The head's deadline, from the first read, i.e. the accept; not reset by each byte.
		.timer(TokioTimer::new())
		.header_read_timeout(bounds.head_timeout)
		.max_buf_size(bounds.max_head)
		.keep_alive(bounds.keep_alive)
		.half_close(bounds.half_close)
		.serve_connection(TokioIo::new(stream), service);
	// Past the whole connection's deadline the connection is dropped, which closes the socket,
	// whatever it was waiting for (a slow reader of the answer, say). So it is when a new
	// connection takes its place while it waits for a request head.
	tokio::select! {
		_ = tokio::time::timeout_at(deadline, connection) => {},
		() = place.closed.notified() => {},
	}
	place.leave();
}

/// The open connections waiting for a request head, in the order they began to wait, each
/// with the means to close it.
#[derive(Default)]
struct Waiting {
	queue: Mutex<WaitingQueue>,
}

#[derive(Default)]
struct WaitingQueue {
	next: u64,
	open: BTreeMap<u64, Arc<Notify>>,
}

impl Waiting {
	/// Closes the connection that has waited longest for its head; `false` if none waits.
	fn close_oldest(&self) -> bool {
		let oldest = self.queue.lock().unwrap_or_else(|e| e.into_inner()).open.pop_first();
		oldest.map(|(_, closed)| closed.notify_one()).is_some()
	}
}

/// One connection's place in [`Waiting`]: held while it waits for a request head.
struct Place {
	waiting: Arc<Waiting>,
	/// Told when a new connection takes the place.
	closed: Arc<Notify>,
	/// Its key in the queue while it waits.
	key: Mutex<Option<u64>>,
}

impl Place {
	/// A newly accepted connection, waiting for its first head.
	fn enter(waiting: &Arc<Waiting>) -> Arc<Place> {
		let place = Arc::new(Place {
			waiting: waiting.clone(),
			closed: Arc::new(Notify::new()),
			key: Mutex::new(None),
		});
		place.wait();
		place
	}

	/// Waits (again) for a request head, last in the queue.
	fn wait(&self) {
		let mut queue = self.waiting.queue.lock().unwrap_or_else(|e| e.into_inner());
		let key = queue.next;
		queue.next = queue.next.wrapping_add(1);
		queue.open.insert(key, self.closed.clone());
		*self.key.lock().unwrap_or_else(|e| e.into_inner()) = Some(key);
	}

	/// A head came, or the connection ended. (The queue's lock is taken before the key's, as
	/// in [`Self::wait`].)
	fn leave(&self) {
		let mut queue = self.waiting.queue.lock().unwrap_or_else(|e| e.into_inner());
		if let Some(key) = self.key.lock().unwrap_or_else(|e| e.into_inner()).take() {
			queue.open.remove(&key);
		}
	}
}

/// The service of one connection: a request takes it out of [`Waiting`]; on a kept-alive
/// connection, its answer puts it back, waiting for the next head.
#[derive(Clone)]
struct MarkServed<S> {
	inner: S,
	place: Arc<Place>,
	bounds: Bounds,
}

impl<S> Service<Request<Incoming>> for MarkServed<S>
where
	S: Service<Request<Incoming>>,
	S::Future: Send + 'static,
	S::Response: 'static,
	S::Error: 'static,
{
	type Response = S::Response;
	type Error = S::Error;
	type Future =
		std::pin::Pin<Box<dyn std::future::Future<Output = Result<S::Response, S::Error>> + Send>>;

	fn call(&self, request: Request<Incoming>) -> Self::Future {
		self.place.leave();
		let answer = self.inner.call(request);
		let again = self.bounds.keep_alive.then(|| self.place.clone());
		Box::pin(async move {
			let answered = answer.await;
			if let Some(place) = again {
				place.wait();
			}
			answered
		})
	}
}

/// The connections open from each client. A client is in the table only while it has a
/// connection open, so the table is never longer than the connections.
#[derive(Default)]
struct OpenPerAddress {
	open: Mutex<HashMap<IpAddr, usize>>,
}

impl OpenPerAddress {
	/// A place for one more connection from `ip`, if its client has fewer than `most` open.
	fn take(self: &Arc<Self>, ip: IpAddr, most: usize) -> Option<AddressPlace> {
		let client = client_of(ip);
		let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
		let count = open.entry(client).or_insert(0);
		if *count >= most {
			if *count == 0 {
				open.remove(&client);
			}
			return None;
		}
		*count += 1;
		Some(AddressPlace { table: self.clone(), client })
	}
}

/// One connection's place among its client's, given back when the connection ends.
struct AddressPlace {
	table: Arc<OpenPerAddress>,
	client: IpAddr,
}

impl Drop for AddressPlace {
	fn drop(&mut self) {
		let mut open = self.table.open.lock().unwrap_or_else(|e| e.into_inner());
		if let Some(count) = open.get_mut(&self.client) {
			*count = count.saturating_sub(1);
			if *count == 0 {
				open.remove(&self.client);
			}
		}
	}
}

/// The client an address belongs to: an IPv4 address itself (an IPv4-mapped IPv6 address too),
/// an IPv6 address by its /64, since one host is commonly given a whole /64.
pub fn client_of(ip: IpAddr) -> IpAddr {
	match ip {
		IpAddr::V4(_) => ip,
		IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
			Some(v4) => IpAddr::V4(v4),
			None => {
				let s = v6.segments();
				IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
			},
		},
	}
}

/// Why a connection was not served.
enum Refused {
	/// Its client had as many open as it may.
	Address,
	/// The server had as many open as it may, every one of them being answered.
	All,
	/// Not refused: it took the place of a connection still waiting for its head, closed.
	Idle,
	/// The accept itself failed.
	AcceptFailed(std::io::Error),
}

/// Counts of refused connections and failed accepts since the last line logged.
#[derive(Default)]
struct Refusals {
	address: u64,
	all: u64,
	idle: u64,
	failed: u64,
	/// The last accept error, for the line that counts them.
	last_error: Option<std::io::Error>,
	logged: Option<Instant>,
}

impl Refusals {
	/// Counts `why`; logs the counts at once if no line was logged for [`LOGGED_EVERY`].
	fn note(&mut self, why: Refused, bounds: &Bounds) {
		match why {
			Refused::Address => self.address += 1,
			Refused::All => self.all += 1,
			Refused::Idle => self.idle += 1,
			Refused::AcceptFailed(e) => {
				self.failed += 1;
				self.last_error = Some(e);
			},
		}
		if self.logged.is_none_or(|at| at.elapsed() >= LOGGED_EVERY) {
			self.report(bounds);
		}
	}

	/// Whether counts wait to be logged.
	fn pending(&self) -> bool {
		self.address + self.all + self.idle + self.failed > 0
	}

	/// When the counts waiting may be logged.
	async fn due(&self) {
		if let Some(at) = self.logged {
			tokio::time::sleep_until(at + LOGGED_EVERY).await;
		}
	}

	/// Logs the counts and starts counting again.
	fn report(&mut self, bounds: &Bounds) {
		if self.address + self.all > 0 {
			log::warn!(
				"http: connections refused since the last report: {} from addresses at their \
				 bound (--max-connections-per-address {}), {} with the server at its bound \
				 (--max-connections {})",
				self.address,
				bounds.connections_per_address,
				self.all,
				bounds.connections
			);
		}
		if self.idle > 0 {
			log::warn!(
				"http: {} connection(s) waiting for their request head closed since the last \
				 report, each for a new one, with the server at its bound (--max-connections {})",
				self.idle,
				bounds.connections
			);
		}
		if self.failed > 0 {
			log::warn!(
				"http: accept failed {} time(s) since the last report, lately: {}",
				self.failed,
				self.last_error.as_ref().map_or_else(String::new, ToString::to_string)
			);
		}
		*self = Refusals { logged: Some(Instant::now()), ..Refusals::default() };
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{convert::Infallible, net::SocketAddr};
	use tokio::{
		io::{AsyncReadExt, AsyncWriteExt},
		net::TcpSocket,
	};

	#[test]
	fn one_address_holds_at_most_its_share_and_gets_it_back() {
		let table = Arc::new(OpenPerAddress::default());
		let alice: IpAddr = "192.0.2.1".parse().unwrap();
		let bob: IpAddr = "192.0.2.2".parse().unwrap();
		let held: Vec<_> =
			(0..3).map(|_| table.take(alice, 3).expect("within the bound")).collect();
		assert!(table.take(alice, 3).is_none(), "a fourth from the same address is refused");
		assert!(table.take(bob, 3).is_some(), "another address is not affected");
		drop(held);
		assert!(table.take(alice, 3).is_some(), "closed connections give their places back");
		assert!(table.open.lock().unwrap().len() <= 1, "addresses with nothing open are forgotten");
	}

	#[test]
	fn an_ipv6_host_is_one_client_by_its_64_and_mapped_ipv4_is_ipv4() {
		let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
		let same_64: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
		let other_64: IpAddr = "2001:db8:1:3::1".parse().unwrap();
		assert_eq!(client_of(one), client_of(same_64));
		assert_ne!(client_of(one), client_of(other_64));
		let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
		assert_eq!(client_of(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
		let table = Arc::new(OpenPerAddress::default());
		let _first = table.take(one, 1).unwrap();
		assert!(table.take(same_64, 1).is_none());
		assert!(table.take(other_64, 1).is_some());
	}

	#[test]
	fn a_bound_of_zero_refuses_and_remembers_nothing() {
		let table = Arc::new(OpenPerAddress::default());
		assert!(table.take("192.0.2.1".parse().unwrap(), 0).is_none());
		assert!(table.open.lock().unwrap().is_empty());
	}

	/// A connection to `server` from the loopback address `from` (any 127.x.y.z is the loopback
	/// on Linux).
	async fn connect(server: SocketAddr, from: [u8; 4]) -> tokio::net::TcpStream {
		let socket = TcpSocket::new_v4().unwrap();
		socket.bind(SocketAddr::from((from, 0))).unwrap();
		socket.connect(server).await.unwrap()
	}

	/// What the server sends on `stream` until it closes it, within `within`; `None` if it is
	/// still open then.
	async fn read_to_close(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<String> {
		let mut answer = Vec::new();
		// Closed with an end of stream or a reset: either way, what was sent before.
		let _closed = tokio::time::timeout(within, stream.read_to_end(&mut answer)).await.ok()?;
		Some(String::from_utf8_lossy(&answer).into_owned())
	}

	/// Bounds of `connections` in all and `per_address` from one client, with deadlines no
	/// test reaches, one request per connection.
	fn bounds(connections: usize, per_address: usize) -> Bounds {
		Bounds {
			connections,
			connections_per_address: per_address,
			head_timeout: Duration::from_secs(30),
			connection_timeout: Duration::from_secs(60),
			max_head: 8 * 1024,
			keep_alive: false,
			half_close: true,
		}
	}

	/// A server within `bounds` on a port of its own, answering "served" (`/slow` after 3 s,
	/// its connection being answered meanwhile): its address and its task.
	async fn start(bounds: Bounds) -> (SocketAddr, tokio::task::JoinHandle<()>) {
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let server = listener.local_addr().unwrap();
		let service = hyper::service::service_fn(|request: Request<Incoming>| async move {
			if request.uri().path() == "/slow" {
				tokio::time::sleep(Duration::from_secs(3)).await;
			}
			Ok::<_, Infallible>(Response::new(String::from("served")))
		});
		(server, tokio::spawn(serve(listener, service, bounds)))
	}

	async fn get(stream: &mut tokio::net::TcpStream) -> Option<String> {
		let request = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
		stream.write_all(request).await.ok()?;
		read_to_close(stream, Duration::from_secs(5)).await
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_client_at_its_bound_is_refused_at_the_accept_and_others_are_served() {
		let (server, task) = start(bounds(5, 2)).await;

		// Two idle connections from 127.0.0.2 are held; a third is closed at once, unanswered.
		let mut held = vec![connect(server, [127, 0, 0, 2]).await];
		held.push(connect(server, [127, 0, 0, 2]).await);
		tokio::time::sleep(Duration::from_millis(200)).await;
		for stream in &mut held {
			assert_eq!(read_to_close(stream, Duration::from_millis(300)).await, None, "held");
		}
		let mut third = connect(server, [127, 0, 0, 2]).await;
		assert_eq!(read_to_close(&mut third, Duration::from_secs(5)).await.as_deref(), Some(""));
		// Another address is served meanwhile.
		let answer = get(&mut connect(server, [127, 0, 0, 1]).await).await.unwrap();
		assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("served"), "{answer}");
		// A closed connection gives its place back to its address.
		held.pop();
		let mut served = None;
		for _ in 0..50 {
			let answer = get(&mut connect(server, [127, 0, 0, 2]).await).await.unwrap();
			if answer.starts_with("HTTP/1.1 200") {
				served = Some(answer);
				break;
			}
			tokio::time::sleep(Duration::from_millis(20)).await;
		}
		assert!(served.is_some(), "127.0.0.2 served again once one of its connections closed");
		// (The server gives a place back as it closes the connection: let it.)
		tokio::time::sleep(Duration::from_millis(200)).await;

		// The bound in all: 2 + 2 + 1 held idle from three addresses. A fourth address's
		// connection takes the place of the one that waited longest (127.0.0.2's first), which is
		// closed unanswered, and is served; the others stay open.
		held.push(connect(server, [127, 0, 0, 2]).await);
		held.push(connect(server, [127, 0, 0, 3]).await);
		held.push(connect(server, [127, 0, 0, 3]).await);
		held.push(connect(server, [127, 0, 0, 4]).await);
		tokio::time::sleep(Duration::from_millis(200)).await;
		let answer = get(&mut connect(server, [127, 0, 0, 5]).await).await.unwrap();
		assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("served"), "{answer}");
		assert_eq!(read_to_close(&mut held[0], Duration::from_secs(5)).await.as_deref(), Some(""));
		for stream in &mut held[1..] {
			assert_eq!(read_to_close(stream, Duration::from_millis(100)).await, None, "held");
		}
		task.abort();
	}

	/// Many addresses holding every place with idle connections shut nobody out: each new
	/// connection takes an idle one's place. Only connections being answered keep theirs.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn idle_connections_from_many_addresses_give_way_and_answers_keep_their_places() {
		let (server, task) = start(bounds(8, 2)).await;
		// Twelve addresses open two idle connections each, one after another: 24 for 8 places.
		// Each new one closes the oldest idle one; 127.0.0.1's requests are served throughout.
		let mut idle = Vec::new();
		for address in 0..12u8 {
			for _ in 0..2 {
				idle.push(connect(server, [127, 0, 1, address]).await);
			}
			let answer = get(&mut connect(server, [127, 0, 0, 1]).await).await.unwrap();
			assert!(answer.starts_with("HTTP/1.1 200"), "served amid the flood: {answer}");
		}
		let mut closed = 0;
		for stream in &mut idle {
			if read_to_close(stream, Duration::from_millis(50)).await.is_some() {
				closed += 1;
			}
		}
		// 24 idle ones and 12 requests through 8 places: at most 8 stay open.
		assert!(closed >= 24 - 8, "{closed} of 24 idle connections closed");
		// Eight slow requests from four addresses fill the places, all being answered: a new
		// connection is closed at its accept, and the slow ones are answered all the same.
		let mut slow = Vec::new();
		for address in 0..4u8 {
			for _ in 0..2 {
				let mut stream = connect(server, [127, 0, 2, address]).await;
				let request = b"GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
				stream.write_all(request).await.unwrap();
				slow.push(stream);
			}
		}
		tokio::time::sleep(Duration::from_millis(300)).await;
		let mut refused = connect(server, [127, 0, 0, 1]).await;
		assert_eq!(read_to_close(&mut refused, Duration::from_secs(2)).await.as_deref(), Some(""));
		for stream in &mut slow {
			let answer = read_to_close(stream, Duration::from_secs(10)).await.unwrap();
			assert!(answer.ends_with("served"), "{answer}");
		}
		task.abort();
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn an_idle_connection_is_closed_at_its_head_deadline() {
		let bounds = Bounds {
			head_timeout: Duration::from_millis(300),
			keep_alive: true,
			half_close: false,
			..bounds(5, 5)
		};
		let (server, task) = start(bounds).await;
		let start = Instant::now();
		let mut idle = connect(server, [127, 0, 0, 1]).await;
		let answer = read_to_close(&mut idle, Duration::from_secs(5)).await;
		assert!(answer.is_some(), "closed");
		let lived = start.elapsed();
		assert!(lived >= Duration::from_millis(250) && lived < Duration::from_secs(3), "{lived:?}");
		task.abort();
	}
}
