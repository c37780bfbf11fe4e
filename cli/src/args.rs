//! The command line's shape: the options every command takes, and the command groups (each
//! group's commands are in its own module).

use crate::{
	account::AccountCommand, alerts::AlertsCommand, contract::ContractCommand, farm::FarmCommand,
	gov::GovCommand, node::NodeCommand, team::TeamCommand, validator::ValidatorCommand,
};
use clap::{Args, Parser, Subcommand};
use sc4it_client::AccountId;
use std::{path::PathBuf, str::FromStr};

#[derive(Parser)]
#[command(
	name = "sc4it",
	version,
	about = "Contracts, farms, nodes, validators and council motions on the sc4it chain",
	after_help = "Exit codes: 0 done; 2 bad input (nothing sent); 3 chain unreachable; \
	              4 refused by the chain (nothing changed); 5 no such thing."
)]
pub struct Cli {
	#[command(flatten)]
	pub globals: Globals,
	#[command(subcommand)]
	pub command: Command,
}

/// The options every command takes.
#[derive(Args, Clone)]
pub struct Globals {
	/// The node's RPC endpoint.
	#[arg(long, global = true, env = "SC4IT_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The signing account: a dev name (//Alice), a secret phrase, or a 0x seed.
	#[arg(long, global = true, env = "SC4IT_SURI", hide_env_values = true)]
	pub suri: Option<String>,
	/// A file holding the signing account's secret (mode 600).
	#[arg(long, global = true, env = "SC4IT_KEY_FILE")]
	pub key_file: Option<PathBuf>,
	/// The indexer's HTTP API, for histories, statements and alerts (`sc4it-indexer`): `http://host:port`,
	/// with a path if a reverse proxy serves it under one.
	#[arg(long, global = true, env = "SC4IT_INDEXER", default_value = "http://127.0.0.1:8090")]
	pub indexer: String,
	/// Machine-readable output on stdout: one JSON object (errors too), no progress lines.
	#[arg(long, global = true)]
	pub json: bool,
	/// Act for this account (an SS58 address) through the signer's proxy of it: the signer pays
	/// the fee, the account's proxy type decides what is allowed (`sc4it team proxy add`).
	#[arg(long, global = true, value_parser = account, conflicts_with = "multisig")]
	pub on_behalf_of: Option<AccountId>,
	/// Act for a multisig: `THRESHOLD:OTHER,OTHER,...` (the other signatories' SS58 addresses).
	/// The signer approves the call; the approval that reaches the threshold runs it.
	#[arg(long, global = true, value_parser = multisig)]
	pub multisig: Option<Multisig>,
}

/// A multisig the signer is one signatory of: `--multisig 2:ADDR,ADDR`.
#[derive(Clone, Debug)]
pub struct Multisig {
	pub threshold: u16,
	pub others: Vec<AccountId>,
}

/// A multisig from `THRESHOLD:ADDR,ADDR,...`, for clap.
pub fn multisig(text: &str) -> Result<Multisig, String> {
	let (threshold, others) = text
		.split_once(':')
		.ok_or_else(|| format!("`{text}` is not THRESHOLD:ADDR,ADDR,... (e.g. 2:5F...,5G...)"))?;
	let threshold: u16 = threshold
		.trim()
		.parse()
		.map_err(|_| format!("`{threshold}` is not a threshold (a whole number)"))?;
	let mut others = others.split(',').map(account).collect::<Result<Vec<_>, _>>()?;
	others.sort_by_key(|a| a.0);
	others.dedup();
	if threshold == 0 || usize::from(threshold) > others.len() + 1 {
		return Err(format!(
			"a threshold of {threshold} with {} signatories in all cannot be met",
			others.len() + 1
		));
	}
	Ok(Multisig { threshold, others })
}

#[derive(Subcommand)]
pub enum Command {
	/// A user's contracts: create, top up, cancel, show, list.
	#[command(subcommand)]
	Contract(ContractCommand),
	/// An account's books: its statement for a range of days (from the indexer).
	#[command(subcommand)]
	Account(AccountCommand),
	/// A farmer's farms and their payouts.
	#[command(subcommand)]
	Farm(FarmCommand),
	/// A farmer's nodes, and their report keys.
	#[command(subcommand)]
	Node(NodeCommand),
	/// Council motions: members propose and vote, anyone closes (docs/governance.md).
	#[command(subcommand)]
	Gov(GovCommand),
	/// A validator's keys and standing (docs/governance.md: becoming a validator).
	#[command(subcommand)]
	Validator(ValidatorCommand),
	/// Team accounts: proxies that act for an account, multisig addresses.
	#[command(subcommand)]
	Team(TeamCommand),
	/// Where an account's alerts go: a webhook, an e-mail address (kept by the indexer,
	/// `--indexer`; signed by the account's key).
	#[command(subcommand)]
	Alerts(AlertsCommand),
}

/// An account from its SS58 address, for clap.
pub fn account(text: &str) -> Result<AccountId, String> {
	AccountId::from_str(text.trim()).map_err(|_| format!("`{text}` is not an SS58 address"))
}
