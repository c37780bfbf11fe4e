//! `sc4it team`: team accounts. A proxy acts for an account within its type (every command
//! takes `--on-behalf-of`); a multisig is an account of several signatories (every command
//! takes `--multisig`). Both are FRAME's pallets: wallets such as polkadot.js use the same.

use crate::{
	args::account,
	context::Context,
	failure::Failure,
	output::{table, Reply},
};
use clap::{Subcommand, ValueEnum};
use sc4it_client::{
	runtime,
	subxt::utils::MultiAddress,
	teams::{multisig_account, ProxyType},
	AccountId,
};
use serde_json::json;

#[derive(Subcommand)]
pub enum TeamCommand {
	/// Proxies: accounts that may act for the signer's account (or the one it acts for).
	#[command(subcommand)]
	Proxy(ProxyCommand),
	/// The address of a multisig: its signatories and how many must approve a call.
	MultisigAddress {
		/// How many signatories must approve each call.
		#[arg(long)]
		threshold: u16,
		/// Every signatory's SS58 address, in any order.
		#[arg(required = true, num_args = 2.., value_parser = account)]
		signatories: Vec<AccountId>,
	},
}

#[derive(Subcommand)]
pub enum ProxyCommand {
	/// Lets DELEGATE act for the account; a deposit is held from it while the proxy exists.
	Add {
		#[arg(value_parser = account)]
		delegate: AccountId,
		/// What the delegate may do: contracts only (create, top up, cancel, pay debts, automatic
		/// top-ups), anything but moving funds, or anything but council votes.
		#[arg(long = "type", value_enum, default_value = "contracts")]
		kind: Kind,
	},
	/// Takes a proxy away; its deposit comes back.
	Remove {
		#[arg(value_parser = account)]
		delegate: AccountId,
		#[arg(long = "type", value_enum, default_value = "contracts")]
		kind: Kind,
	},
	/// The account's proxies (default: the account the signer acts as).
	List {
		#[arg(value_parser = account)]
		account: Option<AccountId>,
	},
}

/// A proxy's type, as the CLI spells it.
#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
	Any,
	NonTransfer,
	Contracts,
}

impl Kind {
	fn proxy_type(self) -> ProxyType {
		match self {
			Kind::Any => ProxyType::Any,
			Kind::NonTransfer => ProxyType::NonTransfer,
			Kind::Contracts => ProxyType::Contracts,
		}
	}
}

fn kind_text(kind: &ProxyType) -> &'static str {
	match kind {
		ProxyType::Any => "any",
		ProxyType::NonTransfer => "non-transfer",
		ProxyType::Contracts => "contracts",
	}
}

pub async fn run(ctx: &Context, command: TeamCommand) -> Result<Reply, Failure> {
	match command {
		TeamCommand::Proxy(ProxyCommand::Add { delegate, kind }) => {
			let signer = ctx.signer()?;
			let call = runtime::transactions().proxy().add_proxy(
				MultiAddress::Id(delegate),
				kind.proxy_type(),
				0,
			);
			ctx.submit(&call, &signer).await?;
			let real = ctx.acting_as()?;
			let kind = kind_text(&kind.proxy_type());
			Ok(Reply::new(
				format!("{delegate} may now act for {real} ({kind})"),
				json!({ "account": real.to_string(), "delegate": delegate.to_string(), "type": kind }),
			))
		},
		TeamCommand::Proxy(ProxyCommand::Remove { delegate, kind }) => {
			let signer = ctx.signer()?;
			let call = runtime::transactions().proxy().remove_proxy(
				MultiAddress::Id(delegate),
				kind.proxy_type(),
				0,
			);
			ctx.submit(&call, &signer).await?;
			let real = ctx.acting_as()?;
			Ok(Reply::new(
				format!("{delegate} no longer acts for {real}"),
				json!({ "account": real.to_string(), "removed": delegate.to_string() }),
			))
		},
		TeamCommand::Proxy(ProxyCommand::List { account }) => {
			let account = ctx.account_or_signer(account)?;
			let proxies = ctx.chain.proxies(&account).await?;
			let text = if proxies.is_empty() {
				format!("{account} has no proxies")
			} else {
				table(
					&["delegate", "type", "delay"],
					proxies.iter().map(|(delegate, kind, delay)| {
						vec![delegate.to_string(), kind_text(kind).into(), delay.to_string()]
					}),
				)
			};
			let data: Vec<_> = proxies
				.iter()
				.map(|(delegate, kind, delay)| {
					json!({ "delegate": delegate.to_string(), "type": kind_text(kind), "delay": delay })
				})
				.collect();
			Ok(Reply::new(text, json!({ "account": account.to_string(), "proxies": data })))
		},
		TeamCommand::MultisigAddress { threshold, mut signatories } => {
			// Funds sent to a multisig whose threshold its signatories cannot meet are lost:
			// count each signatory once.
			signatories.sort_by_key(|a| a.0);
			signatories.dedup();
			if signatories.len() < 2 {
				return Err(Failure::Input("a multisig needs two signatories or more".into()));
			}
			if threshold == 0 || usize::from(threshold) > signatories.len() {
				return Err(Failure::Input(format!(
					"a threshold of {threshold} with {} signatories cannot be met",
					signatories.len()
				)));
			}
			let address = multisig_account(&signatories, threshold);
			Ok(Reply::new(
				address.to_string(),
				json!({
					"address": address.to_string(),
					"threshold": threshold,
					"signatories": signatories.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
				}),
			))
		},
	}
}
