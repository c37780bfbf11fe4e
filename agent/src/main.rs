//! `sc4it-agent`: runs beside a farmer's node. It follows the chain and keeps one volume (a real
//! file) per contract on its node, and serves the node's signed reports over HTTP for the
//! validators' oracle. `--demo` runs it as the dev chain's demo node.

mod config;
mod follow;
mod report;
mod server;
mod state;
mod volumes;

use clap::Parser;
use std::sync::{atomic::AtomicU32, Arc, Mutex};

/// What the chain follower and the HTTP server share.
pub struct Shared {
	pub config: config::Config,
	/// Whether volumes are qcow2 images (else raw).
	pub qcow2: bool,
	pub state: Mutex<state::State>,
	/// The latest block the agent has seen: reports are made as of it.
	pub latest: AtomicU32,
}

fn main() {
	env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
	let args = config::Args::parse();
	if let Err(e) = run(args) {
		eprintln!("error: {e}");
		std::process::exit(2);
	}
}

fn run(args: config::Args) -> Result<(), String> {
	let config = config::Config::from_args(args)?;
	std::fs::create_dir_all(&config.data_dir)
		.map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
	let state = state::State::load(&config.data_dir, config.node)?;
	let listener = std::net::TcpListener::bind(config.listen)
		.map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
	let qcow2 = volumes::qcow2(config.format);
	{
		use sp_core::Pair;
		log::info!(
			"node {}: report key 0x{}, {} volume(s) known, {} images in {}, serving on http://{}",
			config.node,
			config.key.public().0.iter().map(|b| format!("{b:02x}")).collect::<String>(),
			state.volumes.len(),
			if qcow2 { "qcow2" } else { "raw" },
			config.data_dir.display(),
			config.listen
		);
	}
	let shared =
		Arc::new(Shared { config, qcow2, state: Mutex::new(state), latest: AtomicU32::new(0) });
	let server_shared = shared.clone();
	std::thread::spawn(move || server::serve(listener, server_shared));
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.enable_all()
		.build()
		.map_err(|e| e.to_string())?;
	runtime.block_on(follow::run(shared));
	Ok(())
}
