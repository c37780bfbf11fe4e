//! Slow HTTP clients, as an attacker holds them against a server: connections that send nothing,
//! drip a request head a byte at a time, send half of it, or shut their write side at once. The
//! end-to-end tests of the agent's and the indexer's servers hold a thousand of them.

use std::{
	io::{ErrorKind, Read, Write},
	net::{IpAddr, Shutdown, SocketAddr, TcpStream},
	time::{Duration, Instant},
};

/// Raises this process's soft limit of open descriptors to its hard limit, and returns it: an
/// attacking test holds thousands of connections.
pub fn raise_descriptor_limit() -> u64 {
	let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
	// SAFETY: getrlimit and setrlimit only read and write the `rlimit` given.
	unsafe {
		assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
		limit.rlim_cur = limit.rlim_max;
		assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
	}
	limit.rlim_cur
}

/// A connection to `server` from the address `source`, if given (any 127.x.y.z is the loopback
/// on Linux), waiting at most `timeout`; blocking.
pub fn connect_from(
	server: SocketAddr,
	source: Option<IpAddr>,
	timeout: Duration,
) -> std::io::Result<TcpStream> {
	let socket =
		socket2::Socket::new(socket2::Domain::for_address(server), socket2::Type::STREAM, None)?;
	if let Some(source) = source {
		socket.bind(&SocketAddr::new(source, 0).into())?;
	}
	socket.connect_timeout(&server.into(), timeout)?;
	Ok(socket.into())
}

/// What a slow connection does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlowKind {
	/// Connects and sends nothing.
	Idle,
	/// Sends the head one byte at a time, a pause between bytes.
	Drip,
	/// Sends half of the head at once, then nothing.
	Partial,
	/// Shuts its write side down at once.
	HalfOpen,
}

impl SlowKind {
	/// Every kind, in the order of [`SlowKind::index`].
	pub const ALL: [SlowKind; 4] =
		[SlowKind::Idle, SlowKind::Drip, SlowKind::Partial, SlowKind::HalfOpen];

	/// Its place in [`SlowKind::ALL`], for per-kind tallies.
	pub fn index(self) -> usize {
		self as usize
	}
}

/// One slow connection, non-blocking.
pub struct SlowConnection {
	pub kind: SlowKind,
	stream: TcpStream,
	/// When it was connected.
	pub opened: Instant,
	/// The bytes of the head it has sent.
	pub sent: usize,
	next_byte: Instant,
}

impl SlowConnection {
	/// Connects to `server` (from the address `source`, if given: any 127.x.y.z is the loopback
	/// on Linux), waiting at most `connect_timeout`, and does at once what `kind` does first:
	/// half of the head for a partial one, shutting the write side for a half-open one (a
	/// dripping one sends its first byte at its first [`SlowConnection::drip`]).
	pub fn open(
		server: SocketAddr,
		source: Option<IpAddr>,
		kind: SlowKind,
		head: &[u8],
		connect_timeout: Duration,
	) -> std::io::Result<SlowConnection> {
		let mut stream = connect_from(server, source, connect_timeout)?;
		stream.set_nonblocking(true)?;
		let sent = match kind {
			SlowKind::Idle | SlowKind::Drip => 0,
			SlowKind::Partial => stream.write(&head[..head.len() / 2])?,
			SlowKind::HalfOpen => {
				stream.shutdown(Shutdown::Write)?;
				0
			},
		};
		let now = Instant::now();
		Ok(SlowConnection { kind, stream, opened: now, sent, next_byte: now })
	}

	/// Whether the server closed it (end of stream or reset); whatever it sent before is read
	/// and dropped.
	pub fn closed(&mut self) -> bool {
		let mut buffer = [0u8; 4096];
		loop {
			match self.stream.read(&mut buffer) {
				Ok(0) => return true,
				Ok(_) => continue,
				Err(e) if e.kind() == ErrorKind::WouldBlock => return false,
				Err(e) if e.kind() == ErrorKind::Interrupted => continue,
				Err(_) => return true,
			}
		}
	}

	/// A dripping connection sends the next byte of `head` if its pause is over, then pauses
	/// `pause`; `true` once the whole head is out (the server never closed it).
	pub fn drip(&mut self, head: &[u8], pause: Duration) -> bool {
		let now = Instant::now();
		if self.kind == SlowKind::Drip && now >= self.next_byte && self.sent < head.len() {
			if let Ok(sent) = self.stream.write(&head[self.sent..self.sent + 1]) {
				self.sent += sent;
			}
			self.next_byte = now + pause;
		}
		self.sent == head.len()
	}
}
