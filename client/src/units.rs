//! What people type and read: amounts in tokens with decimals (or in planck), volume sizes.

/// Decimals of the chain's token: 1 token (UNIT) = 10^12 planck.
pub const DECIMALS: u32 = 12;
/// One token, in planck.
pub const PLANCK_PER_TOKEN: u128 = 10u128.pow(DECIMALS);

/// Why a typed amount or size was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
	#[error("`{0}` is not an amount: write tokens like `1.5` (up to 12 decimals) or planck like `1500000000000planck`")]
	BadAmount(String),
	#[error("`{0}` is not a size: write a whole number of GiB like `10GiB`, `10G` or `10`")]
	BadSize(String),
	#[error("`{0}` is too large")]
	TooLarge(String),
}

/// Parses an amount: tokens with up to 12 decimals (`1`, `0.25`, `1.5UNIT`) or planck (`42planck`).
pub fn parse_amount(text: &str) -> Result<u128, UnitError> {
	let t = text.trim();
	let bad = || UnitError::BadAmount(text.to_string());
	if let Some(planck) = t.strip_suffix("planck") {
		let digits = planck.trim();
		if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
			return Err(bad());
		}
		return digits.parse::<u128>().map_err(|_| UnitError::TooLarge(text.to_string()));
	}
	let t = t.strip_suffix("UNIT").unwrap_or(t).trim();
	let (whole, fraction) = match t.split_once('.') {
		Some((w, f)) => (w, f),
		None => (t, ""),
	};
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty() && fraction.is_empty()
		|| !digits(whole)
		|| !digits(fraction)
		|| fraction.len() > DECIMALS as usize
	{
		return Err(bad());
	}
	let whole: u128 = if whole.is_empty() {
		0
	} else {
		whole.parse().map_err(|_| UnitError::TooLarge(text.to_string()))?
	};
	let scale = 10u128.pow(DECIMALS - fraction.len() as u32);
	let fraction: u128 =
		if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| bad())? };
	whole
		.checked_mul(PLANCK_PER_TOKEN)
		.and_then(|w| w.checked_add(fraction * scale))
		.ok_or_else(|| UnitError::TooLarge(text.to_string()))
}

/// An amount in tokens, with as many decimals as it needs (`1.5 UNIT`, `0.000001 UNIT`).
pub fn format_amount(planck: u128) -> String {
	let whole = planck / PLANCK_PER_TOKEN;
	let fraction = planck % PLANCK_PER_TOKEN;
	if fraction == 0 {
		return format!("{whole} UNIT");
	}
	let digits = format!("{fraction:012}");
	format!("{whole}.{} UNIT", digits.trim_end_matches('0'))
}

/// Parses a volume size in whole GiB: `10GiB`, `10G`, `10gib` or `10`.
pub fn parse_size_gib(text: &str) -> Result<u64, UnitError> {
	let t = text.trim();
	let lower = t.to_ascii_lowercase();
	let number = ["gib", "gb", "g"]
		.iter()
		.find_map(|suffix| lower.strip_suffix(suffix))
		.unwrap_or(&lower)
		.trim();
	if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
		return Err(UnitError::BadSize(text.to_string()));
	}
	let gib: u64 = number.parse().map_err(|_| UnitError::TooLarge(text.to_string()))?;
	if gib == 0 {
		return Err(UnitError::BadSize(text.to_string()));
	}
	Ok(gib)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_in_tokens_and_planck() {
		assert_eq!(parse_amount("1"), Ok(PLANCK_PER_TOKEN));
		assert_eq!(parse_amount("1.5"), Ok(1_500_000_000_000));
		assert_eq!(parse_amount("0.000000000001"), Ok(1));
		assert_eq!(parse_amount(".25"), Ok(250_000_000_000));
		assert_eq!(parse_amount("2UNIT"), Ok(2 * PLANCK_PER_TOKEN));
		assert_eq!(parse_amount("42planck"), Ok(42));
		for bad in ["", ".", "1.2.3", "-1", "1e3", "0.0000000000001", "abc", "planck", "1,5"] {
			assert!(matches!(parse_amount(bad), Err(UnitError::BadAmount(_))), "{bad}");
		}
		assert!(matches!(
			parse_amount("999999999999999999999999999999"),
			Err(UnitError::TooLarge(_))
		));
		assert_eq!(format_amount(1_500_000_000_000), "1.5 UNIT");
		assert_eq!(format_amount(3 * PLANCK_PER_TOKEN), "3 UNIT");
		assert_eq!(format_amount(1), "0.000000000001 UNIT");
		for planck in [0, 1, 7_000_001, u128::from(u64::MAX)] {
			let shown = format_amount(planck);
			assert_eq!(parse_amount(shown.trim_end_matches(" UNIT")), Ok(planck));
		}
	}

	#[test]
	fn sizes_in_gib() {
		assert_eq!(parse_size_gib("10GiB"), Ok(10));
		assert_eq!(parse_size_gib("10G"), Ok(10));
		assert_eq!(parse_size_gib(" 7 gib"), Ok(7));
		assert_eq!(parse_size_gib("3"), Ok(3));
		for bad in ["", "GiB", "0", "1.5GiB", "10TiB", "-1", "ten"] {
			assert!(matches!(parse_size_gib(bad), Err(UnitError::BadSize(_))), "{bad}");
		}
	}
}
