//! `sc4it-agent`: runs beside a farmer's node. It follows the chain and keeps one volume (a real
//! file) per contract on its node, and serves the node's signed reports over HTTP for the
//! validators' oracle. `--demo` runs it as the dev chain's demo node.

mod cache;
mod config;
mod decide;
mod error;
mod follow;
mod report;
mod server;
mod state;
mod volumes;

use clap::Parser;
use error::{DiskError, Error, ServerError};
use sp_core::H256;
use std::sync::{atomic::AtomicU32, Arc, Mutex, OnceLock};

/// What the chain follower and the HTTP server share.
pub struct Shared {
	pub config: config::Config,
	/// Whether volumes are qcow2 images (else raw).
	pub qcow2: bool,
	pub state: Mutex<state::State>,
	/// The latest block the agent has seen: reports are made as of it.
	pub latest: AtomicU32,
	/// The genesis hash of the chain the agent follows, which every report names and signs;
	/// unset until the agent has connected.
	pub genesis: OnceLock<H256>,
	/// The signed reports of the last few blocks, by block, as served; forgotten when the
	/// follower changes the state.
	pub reports: cache::Cache<u32, hyper::body::Bytes>,
}

fn main() {
	env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
	let args = config::Args::parse();
	if let Err(e) = run(args) {
		eprintln!("error: {e}");
		std::process::exit(2);
	}
}

fn run(args: config::Args) -> Result<(), Error> {
	let config = config::Config::from_args(args)?;
	std::fs::create_dir_all(&config.data_dir)
		.map_err(|source| DiskError::DataDir { path: config.data_dir.clone(), source })?;
	let state = state::State::load(&config.data_dir, config.node)?;
	let qcow2 = volumes::qcow2(config.format);
	{
		use sp_core::Pair;
		log::info!(
			"node {}: report key {}, {} volume(s) known, {} images in {}, serving on http://{}",
			config.node,
			sc4it_client::hex::encode(&config.key.public().0),
			state.volumes.len(),
			if qcow2 { "qcow2" } else { "raw" },
			config.data_dir.display(),
			config.listen
		);
	}
	let descriptors = raise_descriptor_limit();
	let limits = server::Limits {
		request_timeout: config.request_timeout,
		max_connections: server::connection_cap(config.max_connections, descriptors),
		max_connections_per_address: config.max_connections_per_address,
	};
	log::info!(
		"http: at most {} connection(s) at once (descriptor limit {descriptors}, --max-connections \
		 {}), {} from one client address; request head within {} ms, whole connection within \
		 {} ms",
		limits.max_connections,
		config.max_connections,
		limits.max_connections_per_address,
		limits.request_timeout.as_millis(),
		limits.connection_timeout().as_millis()
	);
	let runtime =
		tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(Error::Runtime)?;
	let listener = {
		let _runtime = runtime.enter();
		let address = config.listen;
		listen(address).map_err(|source| ServerError::Listen { address, source })?
	};
	let shared = Arc::new(Shared {
		config,
		qcow2,
		state: Mutex::new(state),
		latest: AtomicU32::new(0),
		genesis: OnceLock::new(),
		reports: cache::Cache::new(server::REPORTS_KEPT),
	});
	// The server is a task on the same runtime as the chain follower.
	runtime.spawn(server::serve(listener, shared.clone(), limits));
	runtime.block_on(follow::run(shared));
	Ok(())
}

/// The server's listening socket, with a backlog of 1,024 (std's is 128) so that a burst of
/// connections waits for the accept loop instead of being refused by the kernel.
fn listen(address: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
	let socket = match address {
		std::net::SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
		std::net::SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
	};
	socket.set_reuseaddr(true)?;
	socket.bind(address)?;
	socket.listen(1024)
}

/// Raises the soft limit of open descriptors to the hard limit (every connection is one), and
/// returns the soft limit in force.
fn raise_descriptor_limit() -> u64 {
	let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
	// SAFETY: getrlimit and setrlimit only read and write the `rlimit` given.
	unsafe {
		if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
			log::warn!("cannot read the descriptor limit: {}", std::io::Error::last_os_error());
			return 1024;
		}
		if limit.rlim_cur < limit.rlim_max {
			let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
			if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
				limit = raised;
			} else {
				log::warn!(
					"cannot raise the descriptor limit from {} to {}: {}",
					limit.rlim_cur,
					limit.rlim_max,
					std::io::Error::last_os_error()
				);
			}
		}
	}
	limit.rlim_cur
}
