//! `sc4it-node grid-spec`: the chain spec of a real grid, its genesis validators, council and
//! endowments given on the command line (docs/operations.md). The periods and prices are the
//! runtime's grid genesis (`sc4it_runtime::grid_genesis`); nothing about who runs it is built in.

use crate::chain_spec;
use sc4it_runtime::{
	grid_genesis::{grid_genesis, GridGenesisError, GridValidator},
	AccountId, Balance, SessionKeys, UNIT,
};
use sc_service::ChainType;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519};
use std::{io::Write, str::FromStr};

/// Prints a grid's chain spec, plain or raw, to standard output.
#[derive(Debug, clap::Args)]
pub struct GridSpecCmd {
	/// A genesis validator: `ACCOUNT,AURA,GRANDPA,ORACLE`, its account and its three session
	/// keys as SS58 addresses (sr25519, ed25519, sr25519; `sc4it-node key inspect` prints
	/// them). Repeat for each.
	#[arg(long = "validator", value_name = "ACCOUNT,AURA,GRANDPA,ORACLE", required = true)]
	pub validators: Vec<ValidatorArg>,
	/// A council member's account (SS58). Repeat for each; default: the validators' accounts.
	#[arg(long = "council", value_name = "ACCOUNT")]
	pub council: Vec<SsAccount>,
	/// An account funded at genesis: `ACCOUNT=TOKENS` (SS58, then whole or decimal tokens).
	#[arg(long = "endow", value_name = "ACCOUNT=TOKENS")]
	pub endowed: Vec<Endowment>,
	/// The chain's name.
	#[arg(long, default_value = "sc4it grid")]
	pub name: String,
	/// The chain's id, which nodes of different chains tell each other apart by.
	#[arg(long, default_value = "sc4it_grid")]
	pub id: String,
	/// The raw form, the one nodes are started with (storage keys and values).
	#[arg(long)]
	pub raw: bool,
}

/// An SS58 account.
#[derive(Debug, Clone)]
pub struct SsAccount(pub AccountId);

impl FromStr for SsAccount {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		AccountId::from_ss58check(s.trim())
			.map(SsAccount)
			.map_err(|e| format!("{s:?} is not an SS58 account: {e:?}"))
	}
}

/// `ACCOUNT,AURA,GRANDPA,ORACLE`.
#[derive(Debug, Clone)]
pub struct ValidatorArg(pub GridValidator);

impl FromStr for ValidatorArg {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		let parts: Vec<&str> = s.split(',').map(str::trim).collect();
		let [account, aura, grandpa, oracle] = parts[..] else {
			return Err(format!("{s:?}: expected ACCOUNT,AURA,GRANDPA,ORACLE"));
		};
		let key = |what: &str, e: sp_core::crypto::PublicError| format!("{what} of {s:?}: {e:?}");
		let keys = SessionKeys {
			aura: sr25519::Public::from_ss58check(aura).map_err(|e| key("the Aura key", e))?.into(),
			grandpa: ed25519::Public::from_ss58check(grandpa)
				.map_err(|e| key("the GRANDPA key", e))?
				.into(),
			oracle: sr25519::Public::from_ss58check(oracle)
				.map_err(|e| key("the oracle key", e))?
				.into(),
		};
		let account = SsAccount::from_str(account)?.0;
		Ok(ValidatorArg(GridValidator { account, keys }))
	}
}

/// `ACCOUNT=TOKENS`.
#[derive(Debug, Clone)]
pub struct Endowment(pub AccountId, pub Balance);

impl FromStr for Endowment {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		let (account, tokens) =
			s.split_once('=').ok_or_else(|| format!("{s:?}: expected ACCOUNT=TOKENS"))?;
		let account = SsAccount::from_str(account)?.0;
		Ok(Endowment(account, planck(tokens.trim())?))
	}
}

/// Whole or decimal tokens in planck (12 decimals).
fn planck(tokens: &str) -> Result<Balance, String> {
	let bad = || format!("{tokens:?} is not an amount of tokens (say 1000 or 2.5)");
	let (whole, fraction) = tokens.split_once('.').unwrap_or((tokens, ""));
	if whole.is_empty() || fraction.len() > 12 || !fraction.chars().all(|c| c.is_ascii_digit()) {
		return Err(bad());
	}
	let whole: Balance = whole.parse().map_err(|_| bad())?;
	let fraction: Balance = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<12}").parse().map_err(|_| bad())?
	};
	whole.checked_mul(UNIT).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)
}

impl GridSpecCmd {
	pub fn run(&self) -> sc_cli::Result<()> {
		let validators: Vec<GridValidator> = self.validators.iter().map(|v| v.0.clone()).collect();
		let council: Vec<AccountId> = self.council.iter().map(|c| c.0.clone()).collect();
		let endowed: Vec<(AccountId, Balance)> =
			self.endowed.iter().map(|e| (e.0.clone(), e.1)).collect();
		let genesis = grid_genesis(&validators, &council, &endowed).map_err(|e| match e {
			GridGenesisError::NoValidator => "a grid needs at least one --validator".to_string(),
			GridGenesisError::CouncilTooLarge => {
				"more --council members than the council holds".into()
			},
			GridGenesisError::Encoding => "the genesis could not be encoded".into(),
		})?;
		let spec = chain_spec::ChainSpec::builder(chain_spec::wasm()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_chain_type(ChainType::Live)
			.with_genesis_config(genesis)
			.with_properties(chain_spec::properties())
			.build();
		let json = sc_service::ChainSpec::as_json(&spec, self.raw)?;
		std::io::stdout().write_all(json.as_bytes()).map_err(|e| e.to_string())?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tokens_parse_to_planck() {
		assert_eq!(planck("2"), Ok(2 * UNIT));
		assert_eq!(planck("2.5"), Ok(2 * UNIT + UNIT / 2));
		assert_eq!(planck("0.000000000001"), Ok(1));
		for bad in ["", ".5", "1.2.3", "1.0000000000001", "-1", "1e3", "x"] {
			assert!(planck(bad).is_err(), "{bad:?}");
		}
	}

	#[test]
	fn a_validator_needs_four_ss58_keys() {
		let alice = sp_keyring::Sr25519Keyring::Alice.public().to_ss58check();
		let alice_ed = sp_keyring::Ed25519Keyring::Alice.public().to_ss58check();
		let arg = format!("{alice},{alice},{alice_ed},{alice}");
		let v = ValidatorArg::from_str(&arg).expect("a validator").0;
		assert_eq!(v.account, sp_keyring::Sr25519Keyring::Alice.to_account_id());
		assert!(ValidatorArg::from_str(&format!("{alice},{alice},{alice_ed}")).is_err());
		assert!(ValidatorArg::from_str(&format!("{alice},{alice},nope,{alice}")).is_err());
	}
}
