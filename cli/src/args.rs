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
	/// Council motions: members propose and vote, anyone closes (docs/governance.md).
	#[command(subcommand)]
	Gov(GovCommand),
	/// A validator's keys and standing (docs/governance.md: becoming a validator).
	#[command(subcommand)]
	Validator(ValidatorCommand),
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

#[derive(Subcommand)]
pub enum GovCommand {
	/// The council's members and the open motions, with their calls and votes.
	Motions,
	/// Proposes a motion and votes aye on it (council members only).
	Propose {
		#[command(subcommand)]
		proposal: Proposal,
		/// The ayes that carry it; default: two thirds of the members, rounded up (fewer is
		/// refused at dispatch: docs/governance.md).
		#[arg(long, global = true)]
		threshold: Option<u32>,
	},
	/// Votes on an open motion (council members only).
	Vote {
		/// The motion's hash (0x...), as `gov motions` shows it.
		hash: String,
		/// The motion's index.
		#[arg(long)]
		index: u32,
		/// Against; the vote is for unless given.
		#[arg(long)]
		nay: bool,
	},
	/// Closes a motion its votes decided, or whose time ran out (anyone).
	Close {
		hash: String,
		#[arg(long)]
		index: u32,
	},
	/// Applies runtime code the council authorized (anyone).
	ApplyUpgrade {
		/// The runtime's wasm file.
		wasm: PathBuf,
	},
}

#[derive(Subcommand)]
pub enum Proposal {
	/// Any call, SCALE-encoded (0x..., polkadot.js apps' "encoded call data").
	Call {
		hex: String,
		/// Runs it as Root (`governance.dispatch_as_root`), for calls only Root may make.
		#[arg(long)]
		as_root: bool,
	},
	/// Adds a validator (its session keys must be registered first).
	AddValidator { account: String },
	/// Removes a validator; its session keys are purged.
	RemoveValidator { account: String },
	/// Adds a council member.
	AddMember { account: String },
	/// Removes a council member.
	RemoveMember { account: String },
	/// Sets the oracle's billing period in blocks (0 stops billing).
	BillingPeriod { blocks: u32 },
	/// Pays from the treasury.
	Spend {
		to: String,
		/// Tokens (1.5) or planck (1500000000000planck).
		amount: String,
	},
	/// Authorizes a runtime upgrade to the code in the wasm file: its hash goes on chain, and
	/// anyone then applies the code (`gov apply-upgrade`).
	AuthorizeUpgrade { wasm: PathBuf },
}

#[derive(Subcommand)]
pub enum ValidatorCommand {
	/// Makes new session keys in the keystore of the validator's own node (its RPC must allow
	/// unsafe methods, as on localhost) and registers them for the signer with their proof.
	SetKeys {
		/// The RPC endpoint of the validator's own node; default: --url. The transaction goes
		/// through --url, so a node still syncing can make the keys.
		#[arg(long)]
		node: Option<String>,
	},
	/// The addresses at which the node at --url accepts other nodes, for their `--bootnodes`.
	Bootnode,
	/// Whether an account is a validator, has keys, and the blocks it authored.
	Status {
		/// An SS58 address; default: the signer.
		#[arg(long)]
		account: Option<String>,
	},
}
