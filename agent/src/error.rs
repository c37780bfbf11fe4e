//! The agent's errors, by the side that failed: the chain, the disk, the report server or the
//! configuration. The side decides what the agent does: a chain failure is retried by
//! reconnecting, a disk failure on a volume or the state file is logged and retried at the next
//! finalized block, and any failure while starting (configuration, data directory, state file,
//! listening address) stops the agent. The messages are shown to farmers as they are.

use sc4it_client::subxt::error::BlocksError;
use sp_core::H256;
use std::{io, net::SocketAddr, path::PathBuf};

/// What stops the agent, or what it logs, named by the side that failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// Talking to the chain failed.
	#[error("chain: {0}")]
	Chain(#[from] ChainError),
	/// A volume file, the state file or the data directory could not be read or written.
	#[error("disk: {0}")]
	Disk(#[from] DiskError),
	/// The report server could not start.
	#[error("http: {0}")]
	Server(#[from] ServerError),
	/// A flag, an environment variable or the config file is wrong.
	#[error("configuration: {0}")]
	Config(#[from] ConfigError),
	/// The async runtime that runs the server and the chain follower could not start.
	#[error("cannot start the async runtime: {0}")]
	Runtime(#[source] io::Error),
}

/// Why following the chain stopped; the agent reconnects after each of these.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
	/// The node is unreachable, or a query of it failed.
	#[error(transparent)]
	Client(#[from] sc4it_client::ChainError),
	/// The node's stream of blocks could not be opened, or failed. Boxed: subxt's errors are
	/// large, and this one is rare.
	#[error(transparent)]
	Blocks(Box<BlocksError>),
	/// The node closed its stream of finalized blocks.
	#[error("the chain's block stream ended")]
	StreamEnded,
	/// The node serves another chain than the one the agent first connected to: its reports
	/// name and sign that first chain's genesis, so it never switches while it runs.
	#[error(
		"{url} serves another chain (genesis {found:?}) than the one this agent reports to \
		 ({expected:?}): restart the agent to change chains"
	)]
	OtherGenesis {
		/// The node's RPC endpoint.
		url: String,
		/// The genesis hash the node serves.
		found: H256,
		/// The genesis hash of the chain the agent reports to.
		expected: H256,
	},
}

impl From<BlocksError> for ChainError {
	fn from(e: BlocksError) -> Self {
		ChainError::Blocks(Box::new(e))
	}
}

/// What failed on the disk: a volume file, the state file or the data directory.
#[derive(Debug, thiserror::Error)]
pub enum DiskError {
	/// The data directory could not be created.
	#[error("cannot create the data directory {}: {source}", path.display())]
	DataDir {
		/// The data directory.
		path: PathBuf,
		/// Why it could not be created.
		source: io::Error,
	},
	/// The state file exists but could not be read.
	#[error("cannot read {}: {source}", path.display())]
	ReadState {
		/// The state file.
		path: PathBuf,
		/// Why it could not be read.
		source: io::Error,
	},
	/// The state file is not the JSON the agent writes.
	#[error("{} is damaged: {source}", path.display())]
	DamagedState {
		/// The state file.
		path: PathBuf,
		/// Where and why it does not parse.
		source: serde_json::Error,
	},
	/// The state file could not be written.
	#[error("cannot save the state to {}: {source}", path.display())]
	SaveState {
		/// The state file.
		path: PathBuf,
		/// Why it could not be written.
		source: io::Error,
	},
	/// The data disk has less free space than a new volume's size.
	#[error("needs {needed} bytes, {free} free on the data disk")]
	InsufficientDisk {
		/// The volume's size, in bytes.
		needed: u64,
		/// The free space of the volumes' file system, in bytes.
		free: u64,
	},
	/// The free space of the volumes' directory could not be read.
	#[error("cannot read the free space of {}: {source}", path.display())]
	FreeSpace {
		/// The volumes' directory.
		path: PathBuf,
		/// Why it could not be read.
		source: io::Error,
	},
	/// A volume's image (or its directory) could not be made.
	#[error("cannot make volume {}: {source}", path.display())]
	MakeVolume {
		/// The image being made.
		path: PathBuf,
		/// Why it could not be made.
		source: io::Error,
	},
	/// `qemu-img` refused to make a volume's qcow2 image.
	#[error("qemu-img cannot make volume {}: {stderr}", path.display())]
	QemuImg {
		/// The image being made.
		path: PathBuf,
		/// What `qemu-img` said.
		stderr: String,
	},
	/// A volume could not be made read-only (grace period) or writable again.
	#[error(
		"cannot make volume {} {}: {source}",
		path.display(),
		if *read_only { "read-only" } else { "writable again" }
	)]
	SetReadOnly {
		/// The volume's image.
		path: PathBuf,
		/// Whether it was to be made read-only (else writable).
		read_only: bool,
		/// Why its permissions could not be changed.
		source: io::Error,
	},
	/// A volume's image could not be removed.
	#[error("cannot remove volume {}: {source}", path.display())]
	RemoveVolume {
		/// The volume's image.
		path: PathBuf,
		/// Why it could not be removed.
		source: io::Error,
	},
}

/// Why the report server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
	/// The listening address could not be bound.
	#[error("cannot listen on {address}: {source}")]
	Listen {
		/// The address given with `--listen`.
		address: SocketAddr,
		/// Why it could not be bound (in use, not local, not allowed).
		source: io::Error,
	},
}

/// What is wrong with the agent's configuration: its flags, environment, config file or data
/// directory.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
	/// The config file could not be read.
	#[error("cannot read {}: {source}", path.display())]
	ReadFile {
		/// The config file.
		path: PathBuf,
		/// Why it could not be read.
		source: io::Error,
	},
	/// A line of the config file is not `key = value`.
	#[error("{}:{line}: expected `key = value`", path.display())]
	Syntax {
		/// The config file.
		path: PathBuf,
		/// The line, counted from 1.
		line: usize,
	},
	/// A line of the config file names a key the agent does not know.
	#[error("{}:{line}: unknown key `{key}`", path.display())]
	UnknownKey {
		/// The config file.
		path: PathBuf,
		/// The line, counted from 1.
		line: usize,
		/// The unknown key.
		key: String,
	},
	/// A config file value does not parse.
	#[error("{key} = {value}: {expected}")]
	BadValue {
		/// The key, as in the config file.
		key: &'static str,
		/// The value given.
		value: String,
		/// What the value should be.
		expected: &'static str,
	},
	/// No node id was given.
	#[error("no node id: give --node (or node = N in --config)")]
	NoNode,
	/// No report key was given.
	#[error("no node key: give --node-key-file (made by `sc4it node keygen`)")]
	NoNodeKey,
	/// No data directory was given.
	#[error("no data directory: give --data-dir")]
	NoDataDir,
	/// The key file could not be read, or others may read it.
	#[error(transparent)]
	Key(#[from] sc4it_client::keys::KeyError),
	/// The key file holds no ed25519 secret.
	#[error("{} does not hold an ed25519 key", path.display())]
	NotEd25519 {
		/// The key file.
		path: PathBuf,
	},
	/// The demo node's key seed does not parse (a bug of the agent, not of the farmer).
	#[error("the demo key does not parse")]
	DemoKey,
	/// `--request-timeout-ms` is 0.
	#[error("the request timeout must be at least 1 ms")]
	ZeroRequestTimeout,
	/// `--max-connections` is 0.
	#[error("max connections must be at least 1")]
	ZeroConnections,
	/// `--max-connections-per-address` is 0.
	#[error("max connections per address must be at least 1")]
	ZeroConnectionsPerAddress,
	/// The data directory holds the state of another node.
	#[error(
		"{} belongs to node {owner}, not node {node}: use another data directory",
		dir.display()
	)]
	AnotherNodesDataDir {
		/// The data directory.
		dir: PathBuf,
		/// The node its state belongs to.
		owner: u32,
		/// The node this agent was started for.
		node: u32,
	},
}
