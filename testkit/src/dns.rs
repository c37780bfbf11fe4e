//! A DNS resolver that never answers: a UDP socket on port 53 of a loopback address of its own,
//! which reads every query, keeps its name and replies nothing, and a `resolv.conf` naming it.
//! A process started under [`BlackHoleResolver::unshare_prefix`] sees that `resolv.conf` as
//! `/etc/resolv.conf` (a private mount namespace: nothing else on the machine is touched), so
//! every name it looks up waits for the resolver's timeouts and then fails. Needs root, as
//! mounts and port 53 do.

use std::{
	net::{Ipv4Addr, UdpSocket},
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
	time::Duration,
};

pub struct BlackHoleResolver {
	address: Ipv4Addr,
	resolv_conf: PathBuf,
	queries: Arc<Mutex<Vec<String>>>,
}

impl BlackHoleResolver {
	/// Binds a free loopback address's port 53 and writes `resolv.conf` into `dir`.
	pub fn start(dir: &Path) -> BlackHoleResolver {
		let pid = std::process::id();
		let (socket, address) = (0..=255u8)
			.find_map(|i| {
				let address = Ipv4Addr::new(127, 53, (pid % 251) as u8, i);
				UdpSocket::bind((address, 53)).ok().map(|s| (s, address))
			})
			.expect("a loopback address with port 53 free (the test needs root)");
		socket.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
		let queries = Arc::new(Mutex::new(Vec::new()));
		let seen = queries.clone();
		std::thread::spawn(move || {
			let mut packet = [0u8; 512];
			// Ends with the test process.
			loop {
				if let Ok((n, _)) = socket.recv_from(&mut packet) {
					seen.lock().unwrap().push(query_name(&packet[..n]));
				}
			}
		});
		let resolv_conf = dir.join("resolv.conf");
		// Long timeouts and several attempts: a lookup waits half a minute before it fails.
		let conf = format!("nameserver {address}\noptions timeout:10 attempts:3\n");
		std::fs::write(&resolv_conf, conf).unwrap();
		BlackHoleResolver { address, resolv_conf, queries }
	}

	/// The resolver's address.
	pub fn address(&self) -> Ipv4Addr {
		self.address
	}

	/// The names asked so far.
	pub fn queries(&self) -> Vec<String> {
		self.queries.lock().unwrap().clone()
	}

	/// A command prefix that runs the rest of its command line with this resolver as
	/// `/etc/resolv.conf`, in a mount namespace of its own (`Node::start_under`).
	pub fn unshare_prefix(&self) -> Vec<String> {
		let script = r#"mount --bind "$0" /etc/resolv.conf && exec "$@""#;
		[
			"unshare",
			"--mount",
			"--propagation",
			"private",
			"--",
			"sh",
			"-c",
			script,
			self.resolv_conf.to_str().expect("a UTF-8 path"),
		]
		.map(String::from)
		.to_vec()
	}
}

/// The name a DNS query asks for (its first question), dotted; `?` for what does not parse.
fn query_name(packet: &[u8]) -> String {
	let mut labels = Vec::new();
	let mut at = 12;
	while let Some(&len) = packet.get(at) {
		if len == 0 || len & 0xc0 != 0 {
			break;
		}
		let label = packet.get(at + 1..at + 1 + len as usize).unwrap_or(b"?");
		labels.push(String::from_utf8_lossy(label).into_owned());
		at += 1 + len as usize;
	}
	labels.join(".")
}
