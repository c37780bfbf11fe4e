//! The agent's configuration: flags, then environment variables, then a file of `key = value`
//! lines (`--config`), then defaults (`--demo` supplies the dev chain's demo node).

use crate::error::ConfigError;
use clap::{Parser, ValueEnum};
use sp_core::{ed25519, Pair};
use std::{
	collections::BTreeMap,
	net::SocketAddr,
	path::{Path, PathBuf},
	time::Duration,
};

#[derive(Parser, Debug)]
#[command(
	name = "sc4it-agent",
	version,
	about = "The sc4it node agent: volumes and signed reports"
)]
pub struct Args {
	/// A file of `key = value` lines: url, node, node_key_file, data_dir, listen, format,
	/// request_timeout_ms, max_connections, max_connections_per_address.
	#[arg(long, env = "SC4IT_AGENT_CONFIG")]
	pub config: Option<PathBuf>,
	/// The chain node's RPC endpoint.
	#[arg(long, env = "SC4IT_URL")]
	pub url: Option<String>,
	/// This node's id in the registry.
	#[arg(long, env = "SC4IT_NODE")]
	pub node: Option<u32>,
	/// The node's report key (ed25519 secret), a file of mode 600 (`sc4it node keygen`).
	#[arg(long, env = "SC4IT_NODE_KEY_FILE")]
	pub node_key_file: Option<PathBuf>,
	/// Where volumes and the agent's state live.
	#[arg(long, env = "SC4IT_DATA_DIR")]
	pub data_dir: Option<PathBuf>,
	/// Where to serve reports and /health.
	#[arg(long, env = "SC4IT_LISTEN")]
	pub listen: Option<SocketAddr>,
	/// Volume image format: qcow2 when qemu-img is installed, raw otherwise (auto).
	#[arg(long, env = "SC4IT_FORMAT", value_enum)]
	pub format: Option<Format>,
	/// How long a client has to send its whole request head, in milliseconds (default 2000);
	/// the connection is closed when it has not. The answer gets 5 s more.
	#[arg(long, env = "SC4IT_AGENT_REQUEST_TIMEOUT_MS")]
	pub request_timeout_ms: Option<u64>,
	/// The most HTTP connections open at once (default 4096; lowered to what the descriptor
	/// limit allows). A connection beyond it is closed at once.
	#[arg(long, env = "SC4IT_AGENT_MAX_CONNECTIONS")]
	pub max_connections: Option<usize>,
	/// The most HTTP connections open at once from one client address, an IPv6 client by its
	/// /64 (default 32). A connection beyond it is closed at once. Every validator's oracle
	/// needs one at a time.
	#[arg(long, env = "SC4IT_AGENT_MAX_CONNECTIONS_PER_ADDRESS")]
	pub max_connections_per_address: Option<usize>,
	/// The dev chain's demo node: node 0, key //Ferdie, ws://127.0.0.1:9944, 127.0.0.1:8700.
	#[arg(long)]
	pub demo: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
	Auto,
	Raw,
	Qcow2,
}

pub struct Config {
	pub url: String,
	pub node: u32,
	pub key: ed25519::Pair,
	pub data_dir: PathBuf,
	pub listen: SocketAddr,
	pub format: Format,
	/// The deadline for a connection's request head, from its accept.
	pub request_timeout: Duration,
	/// The most HTTP connections open at once, before the descriptor limit is applied.
	pub max_connections: usize,
	/// The most HTTP connections open at once from one client address.
	pub max_connections_per_address: usize,
}

/// The default of `--request-timeout-ms`.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 2_000;
/// The default of `--max-connections`.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4_096;
/// The default of `--max-connections-per-address` (the indexer's too).
pub const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS: usize = 32;

/// The demo node's key seed: the dev genesis registers `//Ferdie`'s ed25519 key for node 0.
pub const DEMO_KEY: &str = "//Ferdie";

impl Config {
	pub fn from_args(args: Args) -> Result<Config, ConfigError> {
		let file = match &args.config {
			Some(path) => read_file(path)?,
			None => BTreeMap::new(),
		};
		let get = |key: &str| file.get(key).cloned();
		let url = args
			.url
			.or_else(|| get("url"))
			.or_else(|| args.demo.then(|| "ws://127.0.0.1:9944".to_string()))
			.unwrap_or_else(|| "ws://127.0.0.1:9944".to_string());
		let node = match args.node {
			Some(n) => n,
			None => match get("node") {
				Some(n) => parse("node", n, "not a node id")?,
				None if args.demo => 0,
				None => return Err(ConfigError::NoNode),
			},
		};
		let key_file = args.node_key_file.or_else(|| get("node_key_file").map(PathBuf::from));
		let key = match key_file {
			Some(path) => {
				let secret = sc4it_client::keys::read_private(&path)?;
				ed25519::Pair::from_string(&secret, None)
					.map_err(|_| ConfigError::NotEd25519 { path })?
			},
			None if args.demo => {
				ed25519::Pair::from_string(DEMO_KEY, None).map_err(|_| ConfigError::DemoKey)?
			},
			None => return Err(ConfigError::NoNodeKey),
		};
		let data_dir = args
			.data_dir
			.or_else(|| get("data_dir").map(PathBuf::from))
			.or_else(|| args.demo.then(|| std::env::temp_dir().join("sc4it-demo-agent")))
			.ok_or(ConfigError::NoDataDir)?;
		let listen = match args.listen {
			Some(a) => a,
			None => match get("listen") {
				Some(a) => parse("listen", a, "not an address")?,
				None => SocketAddr::from(([127, 0, 0, 1], 8700)),
			},
		};
		let format = match args.format {
			Some(f) => f,
			None => match get("format").as_deref() {
				None | Some("auto") => Format::Auto,
				Some("raw") => Format::Raw,
				Some("qcow2") => Format::Qcow2,
				Some(other) => {
					return Err(ConfigError::BadValue {
						key: "format",
						value: other.to_string(),
						expected: "auto, raw or qcow2",
					})
				},
			},
		};
		let request_timeout_ms = match args.request_timeout_ms {
			Some(ms) => ms,
			None => match get("request_timeout_ms") {
				Some(ms) => parse("request_timeout_ms", ms, "not a number of ms")?,
				None => DEFAULT_REQUEST_TIMEOUT_MS,
			},
		};
		if request_timeout_ms == 0 {
			return Err(ConfigError::ZeroRequestTimeout);
		}
		let max_connections = match args.max_connections {
			Some(n) => n,
			None => match get("max_connections") {
				Some(n) => parse("max_connections", n, "not a number")?,
				None => DEFAULT_MAX_CONNECTIONS,
			},
		};
		if max_connections == 0 {
			return Err(ConfigError::ZeroConnections);
		}
		let max_connections_per_address = match args.max_connections_per_address {
			Some(n) => n,
			None => match get("max_connections_per_address") {
				Some(n) => parse("max_connections_per_address", n, "not a number")?,
				None => DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
			},
		};
		if max_connections_per_address == 0 {
			return Err(ConfigError::ZeroConnectionsPerAddress);
		}
		Ok(Config {
			url,
			node,
			key,
			data_dir,
			listen,
			format,
			request_timeout: Duration::from_millis(request_timeout_ms),
			max_connections,
			max_connections_per_address,
		})
	}
}

/// A config file value of `key`, or what it should have been.
fn parse<T: std::str::FromStr>(
	key: &'static str,
	value: String,
	expected: &'static str,
) -> Result<T, ConfigError> {
	value.parse().map_err(|_| ConfigError::BadValue { key, value, expected })
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
	let text = std::fs::read_to_string(path)
		.map_err(|source| ConfigError::ReadFile { path: path.to_path_buf(), source })?;
	let mut map = BTreeMap::new();
	for (n, line) in text.lines().enumerate() {
		let line = line.trim();
		if line.is_empty() || line.starts_with('#') {
			continue;
		}
		let (key, value) = line
			.split_once('=')
			.ok_or_else(|| ConfigError::Syntax { path: path.to_path_buf(), line: n + 1 })?;
		let key = key.trim();
		const KEYS: [&str; 9] = [
			"url",
			"node",
			"node_key_file",
			"data_dir",
			"listen",
			"format",
			"request_timeout_ms",
			"max_connections",
			"max_connections_per_address",
		];
		if !KEYS.contains(&key) {
			return Err(ConfigError::UnknownKey {
				path: path.to_path_buf(),
				line: n + 1,
				key: key.to_string(),
			});
		}
		map.insert(key.to_string(), value.trim().to_string());
	}
	Ok(map)
}
