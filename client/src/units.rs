//! What people type and read: amounts of the chain's token (in tokens with decimals, or in
//! planck), volume sizes in GiB.
//!
//! The token's symbol and decimals are the chain's (`system_properties`, [`crate::Chain::token`]),
//! never assumed: an [`Amount`] is parsed from what was typed before the chain is known, and
//! turned into planck with the chain's [`Token`].

use std::{fmt, str::FromStr};

/// Why a typed amount or size was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
	/// Not the shape of an amount.
	#[error(
		"`{0}` is not an amount: write tokens like `1.5` or planck like `1500000000000planck`"
	)]
	BadAmount(String),
	/// More decimals than the token has.
	#[error("`{text}` has more decimals than the token's {decimals}")]
	TooPrecise { text: String, decimals: u32 },
	/// A symbol other than the chain's token.
	#[error("`{text}` is not an amount of this chain's token, {symbol}")]
	OtherToken { text: String, symbol: String },
	/// Not the shape of a size.
	#[error("`{0}` is not a size: write a whole number of GiB like `10GiB`, `10G` or `10`")]
	BadSize(String),
	/// A size in gigabytes (10^9 bytes), which would be read 7% short of what was meant.
	#[error("`{0}` is in gigabytes (10^9 bytes); sizes are GiB (2^30 bytes): write `{1}GiB`")]
	DecimalSize(String, String),
	/// Beyond what the chain's types hold.
	#[error("`{0}` is too large")]
	TooLarge(String),
}

/// The chain's token, as its chain spec declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
	/// Its symbol, e.g. `SC4`.
	pub symbol: String,
	/// One token is `10^decimals` planck.
	pub decimals: u32,
}

impl Token {
	/// An amount in tokens, with as many decimals as it needs: `1.5 SC4`, `0.000001 SC4`.
	pub fn format(&self, planck: u128) -> String {
		let Some(one) = 10u128.checked_pow(self.decimals) else {
			return format!("{planck} planck");
		};
		let (whole, fraction) = (planck / one, planck % one);
		if fraction == 0 {
			return format!("{whole} {}", self.symbol);
		}
		let digits = format!("{fraction:0width$}", width = self.decimals as usize);
		format!("{whole}.{} {}", digits.trim_end_matches('0'), self.symbol)
	}
}

/// An amount as typed: planck, or tokens with a decimal fraction (and optionally the symbol).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
	text: String,
	value: AmountValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AmountValue {
	Planck(u128),
	Tokens { whole: u128, fraction: String, symbol: Option<String> },
}

impl FromStr for Amount {
	type Err = UnitError;

	/// `1`, `0.25`, `.5`, `1.5SC4`, `1.5 SC4` or `42planck`.
	fn from_str(text: &str) -> Result<Self, UnitError> {
		let t = text.trim();
		let bad = || UnitError::BadAmount(text.to_string());
		let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
		let lower = t.to_ascii_lowercase();
		let value = if let Some(planck) = lower.strip_suffix("planck") {
			let planck = planck.trim();
			if planck.is_empty() || !digits(planck) {
				return Err(bad());
			}
			AmountValue::Planck(planck.parse().map_err(|_| UnitError::TooLarge(text.into()))?)
		} else {
			let number_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
			let (number, symbol) = t.split_at(number_end);
			let symbol = symbol.trim();
			// A token symbol: a letter, then letters and digits (`SC4`).
			let is_symbol = symbol.starts_with(|c: char| c.is_ascii_alphabetic())
				&& symbol.bytes().all(|b| b.is_ascii_alphanumeric());
			if !symbol.is_empty() && !is_symbol {
				return Err(bad());
			}
			let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
			if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
				return Err(bad());
			}
			AmountValue::Tokens {
				whole: if whole.is_empty() {
					0
				} else {
					whole.parse().map_err(|_| UnitError::TooLarge(text.into()))?
				},
				fraction: fraction.trim_end_matches('0').to_string(),
				symbol: (!symbol.is_empty()).then(|| symbol.to_string()),
			}
		};
		Ok(Amount { text: text.to_string(), value })
	}
}

impl fmt::Display for Amount {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.text)
	}
}

impl Amount {
	/// The amount in planck, in `token`'s decimals.
	pub fn planck(&self, token: &Token) -> Result<u128, UnitError> {
		let too_large = || UnitError::TooLarge(self.text.clone());
		match &self.value {
			AmountValue::Planck(planck) => Ok(*planck),
			AmountValue::Tokens { whole, fraction, symbol } => {
				if let Some(symbol) = symbol {
					if !symbol.eq_ignore_ascii_case(&token.symbol) {
						return Err(UnitError::OtherToken {
							text: self.text.clone(),
							symbol: token.symbol.clone(),
						});
					}
				}
				let places = fraction.len() as u32;
				if places > token.decimals {
					return Err(UnitError::TooPrecise {
						text: self.text.clone(),
						decimals: token.decimals,
					});
				}
				let one = 10u128.checked_pow(token.decimals).ok_or_else(too_large)?;
				let fraction: u128 = if fraction.is_empty() {
					0
				} else {
					fraction.parse().map_err(|_| too_large())?
				};
				let scale = 10u128.pow(token.decimals - places);
				whole
					.checked_mul(one)
					.and_then(|w| w.checked_add(fraction.checked_mul(scale)?))
					.ok_or_else(too_large)
			},
		}
	}
}

/// A volume's size in whole GiB, at least 1: `10GiB`, `10G`, `10gib` or `10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeGib(pub u64);

impl FromStr for SizeGib {
	type Err = UnitError;

	fn from_str(text: &str) -> Result<Self, UnitError> {
		match parse_gib(text)? {
			0 => Err(UnitError::BadSize(text.to_string())),
			gib => Ok(SizeGib(gib)),
		}
	}
}

/// A disk's capacity in whole GiB, 0 allowed: the same forms as [`SizeGib`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityGib(pub u64);

impl FromStr for CapacityGib {
	type Err = UnitError;

	fn from_str(text: &str) -> Result<Self, UnitError> {
		parse_gib(text).map(CapacityGib)
	}
}

fn parse_gib(text: &str) -> Result<u64, UnitError> {
	let lower = text.trim().to_ascii_lowercase();
	if let Some(number) = lower.strip_suffix("gb") {
		return Err(UnitError::DecimalSize(text.to_string(), number.trim().to_string()));
	}
	let number =
		["gib", "g"].iter().find_map(|suffix| lower.strip_suffix(suffix)).unwrap_or(&lower).trim();
	if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
		return Err(UnitError::BadSize(text.to_string()));
	}
	number.parse().map_err(|_| UnitError::TooLarge(text.to_string()))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn token(symbol: &str, decimals: u32) -> Token {
		Token { symbol: symbol.into(), decimals }
	}

	fn planck(text: &str, token: &Token) -> Result<u128, UnitError> {
		text.parse::<Amount>()?.planck(token)
	}

	#[test]
	fn amounts_are_read_in_the_chains_decimals() {
		let sc4 = token("SC4", 12);
		assert_eq!(planck("1", &sc4), Ok(1_000_000_000_000));
		assert_eq!(planck("1.5", &sc4), Ok(1_500_000_000_000));
		assert_eq!(planck("0.000000000001", &sc4), Ok(1));
		assert_eq!(planck(".25", &sc4), Ok(250_000_000_000));
		assert_eq!(planck("2SC4", &sc4), Ok(2_000_000_000_000));
		assert_eq!(planck("2 sc4", &sc4), Ok(2_000_000_000_000));
		assert_eq!(planck("42planck", &sc4), Ok(42));
		assert_eq!(planck("1.10", &token("DOT", 1)), Ok(11), "trailing zeros are not decimals");
		assert_eq!(planck("1.5", &token("X", 3)), Ok(1_500));
		for bad in ["", ".", "1.2.3", "-1", "abc", "planck", "1,5", "1.5 S C", "1 2"] {
			assert!(matches!(bad.parse::<Amount>(), Err(UnitError::BadAmount(_))), "{bad}");
		}
		assert!(matches!(planck("0.0000000000001", &sc4), Err(UnitError::TooPrecise { .. })));
		assert!(matches!(planck("1UNIT", &sc4), Err(UnitError::OtherToken { .. })));
		assert!(planck("1e3", &sc4).is_err(), "no exponents");
		assert!(matches!(
			"999999999999999999999999999999999999999".parse::<Amount>(),
			Err(UnitError::TooLarge(_))
		));
		assert!(matches!(
			planck("999999999999999999999999999999", &sc4),
			Err(UnitError::TooLarge(_))
		));
	}

	#[test]
	fn amounts_are_shown_in_the_chains_symbol_and_read_back() {
		let sc4 = token("SC4", 12);
		assert_eq!(sc4.format(1_500_000_000_000), "1.5 SC4");
		assert_eq!(sc4.format(3_000_000_000_000), "3 SC4");
		assert_eq!(sc4.format(1), "0.000000000001 SC4");
		assert_eq!(token("DOT", 10).format(25_000_000_000), "2.5 DOT");
		for value in [0, 1, 7_000_001, u128::from(u64::MAX)] {
			assert_eq!(planck(&sc4.format(value), &sc4), Ok(value));
		}
	}

	#[test]
	fn sizes_in_gib() {
		assert_eq!("10GiB".parse(), Ok(SizeGib(10)));
		assert_eq!("10G".parse(), Ok(SizeGib(10)));
		assert_eq!(" 7 gib".parse(), Ok(SizeGib(7)));
		assert_eq!("3".parse(), Ok(SizeGib(3)));
		assert_eq!("0".parse(), Ok(CapacityGib(0)));
		assert_eq!("500GiB".parse(), Ok(CapacityGib(500)));
		for bad in ["", "GiB", "0", "1.5GiB", "10TiB", "-1", "ten"] {
			assert!(matches!(bad.parse::<SizeGib>(), Err(UnitError::BadSize(_))), "{bad}");
		}
		// Gigabytes are not GiB: refused with the form to write, never read 7% short.
		let refused = "10GB".parse::<SizeGib>().unwrap_err();
		assert_eq!(refused, UnitError::DecimalSize("10GB".into(), "10".into()));
		assert!(refused.to_string().contains("write `10GiB`"), "{refused}");
	}
}
