//! Bytes as people and JSON-RPC write them: `0x` and two hex digits a byte.

/// `0x` and two lowercase hex digits a byte.
pub fn encode(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
	format!("0x{digits}")
}

/// The bytes of hex digits, with or without `0x`; anything but pairs of hex digits is refused.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let not_hex = || format!("`{text}` is not hex");
	if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
		return Err(not_hex());
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| not_hex()))
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_both_ways() {
		assert_eq!(encode(&[0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(decode("0x00ab10"), Ok(vec![0, 0xab, 0x10]));
		assert_eq!(decode("00AB10"), Ok(vec![0, 0xab, 0x10]));
		assert_eq!(decode("0x"), Ok(vec![]));
		for bad in ["0x1", "0x+f", "0xzz", "0x 1"] {
			assert!(decode(bad).is_err(), "{bad}");
		}
	}
}
