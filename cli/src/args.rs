//! The command line's shape.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "sc4it", version, about = "Contracts, farms and nodes on the sc4it chain")]
pub struct Cli {
	/// The node's RPC endpoint.
	#[arg(long, global = true, env = "SC4IT_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The signing account: a dev name (//Alice), a secret phrase, or a 0x seed.
	#[arg(long, global = true, env = "SC4IT_SURI")]
	pub suri: Option<String>,
	/// A file holding the signing account's secret (mode 600).
	#[arg(long, global = true, env = "SC4IT_KEY_FILE")]
	pub key_file: Option<PathBuf>,
	/// Machine-readable output on stdout, one JSON object.
	#[arg(long, global = true)]
	pub json: bool,
	#[command(subcommand)]
	pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
	/// A user's contracts.
	#[command(subcommand)]
	Contract(ContractCommand),
	/// A farmer's farms.
	#[command(subcommand)]
	Farm(FarmCommand),
	/// A farmer's nodes.
	#[command(subcommand)]
	Node(NodeCommand),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Disk {
	Ssd,
	Hdd,
}

#[derive(Subcommand)]
pub enum ContractCommand {
	/// Creates a contract for a volume on a node, with a deposit put on hold.
	Create {
		#[arg(long)]
		node: u32,
		/// Whole GiB: 10GiB, 10G or 10.
		#[arg(long)]
		size: String,
		#[arg(long, value_enum)]
		disk: Disk,
		/// Tokens (1.5) or planck (1500000000000planck).
		#[arg(long)]
		deposit: String,
	},
	/// Adds funds to a contract (anyone may).
	TopUp {
		id: u64,
		#[arg(long)]
		amount: String,
	},
	/// Cancels a contract: unused funds come back.
	Cancel { id: u64 },
	/// Pays what the signer owes a farm from ended contracts (needed before a new contract).
	PayDebt {
		#[arg(long)]
		farm: u32,
	},
	/// A contract's state, rate, held, charged, owed and paid-until.
	Show { id: u64 },
	/// The signing account's contracts (or another's).
	List {
		/// Whose contracts (an SS58 address); default: the signer's.
		#[arg(long)]
		owner: Option<String>,
	},
}

#[derive(Subcommand)]
pub enum FarmCommand {
	/// Creates a farm owned by the signer.
	Create {
		#[arg(long)]
		name: String,
		/// Where payouts go (SS58 address); default: the signer.
		#[arg(long)]
		payout: Option<String>,
	},
	/// A farm's payouts: paid so far and waiting for the next payout.
	Show { id: u32 },
}

#[derive(Args)]
pub struct CapacityArgs {
	/// SSD capacity in whole GiB.
	#[arg(long, default_value = "0")]
	pub ssd: String,
	/// HDD capacity in whole GiB.
	#[arg(long, default_value = "0")]
	pub hdd: String,
}

#[derive(Subcommand)]
pub enum NodeCommand {
	/// Registers a node of the signer's farm.
	Register {
		#[arg(long)]
		farm: u32,
		/// The node's report key: a file made by `node keygen`.
		#[arg(long)]
		node_key: PathBuf,
		/// Where the node's agent serves its reports (http:// or https://).
		#[arg(long)]
		report_url: String,
		#[command(flatten)]
		capacity: CapacityArgs,
	},
	/// Changes a node's report URL, key or capacity.
	Update {
		id: u32,
		#[arg(long)]
		report_url: Option<String>,
		#[arg(long)]
		node_key: Option<PathBuf>,
		/// New SSD capacity in whole GiB (HDD unchanged unless --hdd).
		#[arg(long)]
		ssd: Option<String>,
		/// New HDD capacity in whole GiB (SSD unchanged unless --ssd).
		#[arg(long)]
		hdd: Option<String>,
	},
	/// Removes a node: its contracts end with refunds.
	Remove { id: u32 },
	/// Makes a node's report key (ed25519) in a new file, mode 600.
	Keygen {
		#[arg(long)]
		out: PathBuf,
	},
}
