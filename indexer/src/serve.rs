//! The HTTP server of the API and the dashboard: axum's router on hyper's HTTP/1 connections,
//! with bounds, so that nobody holds it with slow, idle or many connections.
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
use hyper_util::{
	rt::{TokioIo, TokioTimer},
	service::TowerToHyperService,
};
use std::{
	collections::HashMap,
	net::{IpAddr, Ipv6Addr},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
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
/// The pause after a failed accept (out of descriptors, say), so that it does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// How often refused connections are logged (as a count): a flood of them does not flood the log.
const REFUSALS_LOGGED_EVERY: Duration = Duration::from_secs(10);

/// The server's bounds on open connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The most connections open at once.
	pub connections: usize,
	/// The most connections open at once from one client address.
	pub connections_per_address: usize,
}

/// Serves `app` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) {
	let app = app.layer(axum::middleware::from_fn(deadline));
	let connections = Arc::new(Semaphore::new(limits.connections));
	let addresses = Arc::new(OpenPerAddress::default());
	let mut refusals = Refusals::default();
	loop {
		let (stream, peer) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				log::warn!("http: accept failed: {e}");
				tokio::time::sleep(ACCEPT_BACKOFF).await;
				continue;
			},
		};
		let Some(address) = addresses.take(peer.ip(), limits.connections_per_address) else {
			refusals.note(Refused::Address);
			continue;
		};
		let Ok(permit) = connections.clone().try_acquire_owned() else {
			refusals.note(Refused::All);
			continue;
		};
		tokio::spawn(connection(stream, (permit, address), app.clone()));
	}
}

/// One connection, from its accept to its close; holds its places among the open connections.
async fn connection(stream: TcpStream, _places: (OwnedSemaphorePermit, AddressPlace), app: Router) {
	let connection = hyper::server::conn::http1::Builder::new()
		.timer(TokioTimer::new())
		.header_read_timeout(HEAD_TIMEOUT)
		.max_buf_size(MAX_HEAD)
		.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
	// Dropping the connection at its deadline closes the socket, whatever it waited for.
	let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
}

/// The connections open from each client address. An address is in the table only while it
/// has a connection open, so the table is never longer than the connections.
#[derive(Default)]
struct OpenPerAddress {
	open: Mutex<HashMap<IpAddr, usize>>,
}

impl OpenPerAddress {
	/// A place for one more connection from `ip`, if it has fewer than `most` open.
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

/// One connection's place among its address's, given back when the connection ends.
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
fn client_of(ip: IpAddr) -> IpAddr {
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

/// Why a connection was closed at its accept.
#[derive(Clone, Copy)]
enum Refused {
	/// Its address had as many open as it may.
	Address,
	/// The server had as many open as it may.
	All,
}

/// Counts of refused connections, logged every [`REFUSALS_LOGGED_EVERY`] at most.
#[derive(Default)]
struct Refusals {
	address: u64,
	all: u64,
	logged: Option<Instant>,
}

impl Refusals {
	fn note(&mut self, why: Refused) {
		match why {
			Refused::Address => self.address += 1,
			Refused::All => self.all += 1,
		}
		if self.logged.is_some_and(|at| at.elapsed() < REFUSALS_LOGGED_EVERY) {
			return;
		}
		log::warn!(
			"http: connections refused since the last report: {} from addresses at their bound, \
			 {} with the server at its bound",
			self.address,
			self.all
		);
		*self = Refusals { logged: Some(Instant::now()), ..Refusals::default() };
	}
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

#[cfg(test)]
mod tests {
	use super::*;

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
}
