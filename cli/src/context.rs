//! What every command that talks to the chain needs: the connection, the chain's token and
//! clock, the signer, and how to show a transaction's progress.

use crate::{
	args::Globals,
	failure::{input, Failure},
};
use sc4it_client::{
	keys,
	subxt::{events::DecodeAsEvent, tx::Payload},
	subxt_signer::sr25519::Keypair,
	teams::{multisig_account, MultisigOutcome},
	units::{Amount, Token},
	AccountId, Chain, Clock, Included, Stage,
};
use serde_json::{json, Value};

/// A connected command's surroundings.
pub struct Context {
	pub chain: Chain,
	/// The chain's token (symbol and decimals from its chain spec).
	pub token: Token,
	globals: Globals,
}

impl Context {
	/// Connects to the node at `--url` and reads the chain's token. A chain spec that declares
	/// no token gets amounts in planck.
	pub async fn connect(globals: Globals) -> Result<Context, Failure> {
		let chain = Chain::connect(&globals.url).await?;
		let token = chain
			.token()
			.await
			.map_err(|e| Failure::Unreachable(format!("cannot read the chain's token: {e}")))?
			.unwrap_or(Token { symbol: "planck".into(), decimals: 0 });
		Ok(Context { chain, token, globals })
	}

	/// The options every command takes.
	pub fn globals(&self) -> &Globals {
		&self.globals
	}

	/// The indexer's base URL (`--indexer`).
	pub fn indexer(&self) -> &str {
		&self.globals.indexer
	}

	/// The chain's clock, for dates; `None` if it cannot be read (a date is never worth
	/// failing a command for, least of all after its transaction went through).
	pub async fn clock(&self) -> Option<Clock> {
		self.chain.clock().await.ok()
	}

	/// The signing account, from `--suri` or `--key-file`.
	pub fn signer(&self) -> Result<Keypair, Failure> {
		keys::signer(self.globals.suri.as_deref(), self.globals.key_file.as_deref()).map_err(input)
	}

	/// `account`, or the one the signer acts as when none was given: the `--on-behalf-of`
	/// account, the `--multisig` account, or the signer's own.
	pub fn account_or_signer(&self, account: Option<AccountId>) -> Result<AccountId, Failure> {
		match account {
			Some(account) => Ok(account),
			None => self.acting_as(),
		}
	}

	/// The account the signer's transactions act for (see [`Context::account_or_signer`]).
	pub fn acting_as(&self) -> Result<AccountId, Failure> {
		let me = self.signer()?.public_key().to_account_id();
		Ok(match (&self.globals.on_behalf_of, &self.globals.multisig) {
			(Some(real), _) => *real,
			(None, Some(multisig)) => {
				let mut all = multisig.others.clone();
				all.push(me);
				multisig_account(&all, multisig.threshold)
			},
			(None, None) => me,
		})
	}

	/// Signs and submits `call`, showing its progress on stderr (unless `--json`), and waits for
	/// finality. A call that would fail is refused by a dry run first, at no cost. With
	/// `--on-behalf-of` the call goes through the signer's proxy of that account; with
	/// `--multisig` it is the signer's approval, and runs with the last one needed (until
	/// then, [`Failure::Awaiting`] says how many there are).
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<Included, Failure> {
		let progress: fn(Stage) = if self.globals.json { |_| {} } else { show_progress };
		if let Some(real) = &self.globals.on_behalf_of {
			return Ok(self.chain.submit_proxied(call, signer, real, progress).await?);
		}
		let Some(multisig) = &self.globals.multisig else {
			return Ok(self.chain.submit(call, signer, progress).await?);
		};
		let outcome = self
			.chain
			.submit_multisig(call, signer, multisig.threshold, &multisig.others, progress)
			.await?;
		match outcome {
			MultisigOutcome::Executed(included) => Ok(included),
			MultisigOutcome::Approved { account, approvals, threshold } => {
				Err(Failure::Awaiting(format!(
					"approved for multisig {account}: {approvals} of {threshold} approvals; the \
					 call runs when the other signatories approve it (the same command, signed \
					 by each)"
				)))
			},
		}
	}

	/// Submits `call` as [`Context::submit`] does and returns the event `E` it must have caused
	/// (the id of what it created, the amount it moved).
	pub async fn submit_for<Call: Payload, E: DecodeAsEvent>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<E, Failure> {
		let included = self.submit(call, signer).await?;
		included.events.find_first::<E>().and_then(Result::ok).ok_or_else(|| {
			let name = std::any::type_name::<E>().rsplit("::").next().unwrap_or("its event");
			Failure::Refused(format!("the transaction went through but the chain said no {name}"))
		})
	}

	/// A typed amount in planck, in the chain's decimals.
	pub fn planck(&self, amount: &Amount) -> Result<u128, Failure> {
		Ok(amount.planck(&self.token)?)
	}

	/// An amount for people: `1.5 SC4`.
	pub fn tokens(&self, planck: u128) -> String {
		self.token.format(planck)
	}

	/// An amount for scripts: planck as a decimal string (it may exceed JSON's safe integers),
	/// and the same for people.
	pub fn amount_json(&self, planck: u128) -> Value {
		json!({ "planck": planck.to_string(), "tokens": self.tokens(planck) })
	}
}

fn show_progress(stage: Stage) {
	let what = match stage {
		Stage::Submitted => "submitted",
		Stage::InBlock => "in a block",
		Stage::Finalized => "finalized",
	};
	eprintln!("… {what}");
}
