//! The JSON form of a signed report, as the agent serves it:
//!
//! ```json
//! {"version":"2","genesis":"0x<32 bytes in hex>","node":"0","at_block":"1200","healthy":true,
//!  "contracts":[{"id":"7","state":"deployed","since":"1100","used_bytes":"1048576"},
//!               {"id":"8","state":"failed","reason":"insufficient_disk","at":"1120","used_bytes":"0"},
//!               {"id":"9","state":"removed","at":"1150","used_bytes":"0"}],
//!  "signature":"0x<64 bytes in hex>"}
//! ```
//!
//! Parsing is strict: ASCII only, no escape sequences, every number a canonical decimal string
//! (no sign, no leading zero), no unknown, missing or repeated field. The checks that protect
//! lite-json (size, bare numbers, escapes) run on the raw bytes before it parses anything.

use crate::*;
use alloc::{format, string::String, vec::Vec};
use lite_json::json::JsonValue;

/// The report as its JSON form.
pub fn to_json(signed: &SignedReport) -> String {
	let r = &signed.report;
	let contracts: Vec<String> = r
		.contracts
		.iter()
		.map(|c| {
			let state = match c.state {
				VolumeState::Deployed { since } => {
					format!("\"state\":\"deployed\",\"since\":\"{since}\"")
				},
				VolumeState::Failed { reason, at } => format!(
					"\"state\":\"failed\",\"reason\":\"{}\",\"at\":\"{at}\"",
					reason_name(reason)
				),
				VolumeState::Removed { at } => format!("\"state\":\"removed\",\"at\":\"{at}\""),
			};
			format!("{{\"id\":\"{}\",{state},\"used_bytes\":\"{}\"}}", c.contract, c.used_bytes)
		})
		.collect();
	format!(
		"{{\"version\":\"{}\",\"genesis\":\"0x{}\",\"node\":\"{}\",\"at_block\":\"{}\",\"healthy\":{},\"contracts\":[{}],\"signature\":\"0x{}\"}}",
		r.version,
		hex(r.genesis.as_bytes()),
		r.node,
		r.at_block,
		r.healthy,
		contracts.join(","),
		hex(&signed.signature.0)
	)
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a report's JSON form. Nothing is verified here but the form: see
/// [`SignedReport::check`].
pub fn from_json(body: &[u8]) -> Result<SignedReport, ReportError> {
	if body.len() > MAX_BODY_BYTES {
		return Err(ReportError::TooLarge);
	}
	precheck(body)?;
	let text = core::str::from_utf8(body).map_err(|_| ReportError::Malformed)?;
	let value = lite_json::json_parser::parse_json(text).map_err(|_| ReportError::Malformed)?;
	let mut top = Fields::of(
		&value,
		&["version", "genesis", "node", "at_block", "healthy", "contracts", "signature"],
	)?;

	let version: u16 = top.number("version")?;
	if version != VERSION {
		return Err(ReportError::UnsupportedVersion);
	}
	let genesis = H256(hex_bytes::<32>(&top.string("genesis")?)?);
	let node = top.number("node")?;
	let at_block = top.number("at_block")?;
	let healthy = match top.take("healthy")? {
		JsonValue::Boolean(b) => *b,
		_ => return Err(ReportError::BadField),
	};
	let JsonValue::Array(items) = top.take("contracts")? else { return Err(ReportError::BadField) };
	if items.len() > MAX_CONTRACTS as usize {
		return Err(ReportError::TooManyContracts);
	}
	let contracts: Vec<ContractReport> = items.iter().map(contract).collect::<Result<_, _>>()?;
	let signature = ed25519::Signature::from_raw(hex_bytes::<64>(&top.string("signature")?)?);
	Ok(SignedReport {
		report: Report {
			version,
			genesis,
			node,
			at_block,
			healthy,
			contracts: contracts.try_into().map_err(|_| ReportError::TooManyContracts)?,
		},
		signature,
	})
}

/// Refuses what lite-json would mishandle, before it runs: non-ASCII bytes, escape sequences,
/// and any digit outside a string (a bare JSON number).
fn precheck(body: &[u8]) -> Result<(), ReportError> {
	let mut in_string = false;
	for &b in body {
		match b {
			b'\\' => return Err(ReportError::Malformed),
			b'"' => in_string = !in_string,
			b'0'..=b'9' | b'-' | b'+' | b'.' if !in_string => return Err(ReportError::Malformed),
			_ if !b.is_ascii() || (b.is_ascii_control() && !b" \t\r\n".contains(&b)) => {
				return Err(ReportError::Malformed)
			},
			_ => {},
		}
	}
	if in_string {
		return Err(ReportError::Malformed);
	}
	Ok(())
}

fn contract(value: &JsonValue) -> Result<ContractReport, ReportError> {
	let keys: &[&str] = &["id", "state", "since", "reason", "at", "used_bytes"];
	let mut fields = Fields::of_some(value, keys)?;
	let contract = fields.number("id")?;
	let used_bytes = fields.number("used_bytes")?;
	let state = match fields.string("state")?.as_str() {
		"deployed" => VolumeState::Deployed { since: fields.number("since")? },
		"failed" => VolumeState::Failed {
			reason: reason_from(&fields.string("reason")?)?,
			at: fields.number("at")?,
		},
		"removed" => VolumeState::Removed { at: fields.number("at")? },
		_ => return Err(ReportError::BadField),
	};
	fields.finish()?;
	Ok(ContractReport { contract, state, used_bytes })
}

fn reason_name(reason: FailureReason) -> &'static str {
	match reason {
		FailureReason::InsufficientDisk => "insufficient_disk",
		FailureReason::Unsupported => "unsupported",
		FailureReason::Internal => "internal",
		FailureReason::VolumeLost => "volume_lost",
		FailureReason::VolumeDamaged => "volume_damaged",
	}
}

fn reason_from(name: &str) -> Result<FailureReason, ReportError> {
	match name {
		"insufficient_disk" => Ok(FailureReason::InsufficientDisk),
		"unsupported" => Ok(FailureReason::Unsupported),
		"internal" => Ok(FailureReason::Internal),
		"volume_lost" => Ok(FailureReason::VolumeLost),
		"volume_damaged" => Ok(FailureReason::VolumeDamaged),
		_ => Err(ReportError::BadField),
	}
}

/// `N` bytes from `0x` and `2 N` lowercase hex digits.
fn hex_bytes<const N: usize>(hex: &str) -> Result<[u8; N], ReportError> {
	let digits = hex.strip_prefix("0x").ok_or(ReportError::BadField)?.as_bytes();
	if digits.len() != 2 * N {
		return Err(ReportError::BadField);
	}
	let mut raw = [0u8; N];
	for (i, pair) in digits.chunks(2).enumerate() {
		let high = hex_digit(pair[0])?;
		let low = hex_digit(pair[1])?;
		raw[i] = high << 4 | low;
	}
	Ok(raw)
}

fn hex_digit(c: u8) -> Result<u8, ReportError> {
	match c {
		b'0'..=b'9' => Ok(c - b'0'),
		b'a'..=b'f' => Ok(c - b'a' + 10),
		_ => Err(ReportError::BadField),
	}
}

/// The fields of a JSON object, each taken at most once.
struct Fields<'a> {
	entries: Vec<(String, &'a JsonValue)>,
}

impl<'a> Fields<'a> {
	/// An object with exactly these fields.
	fn of(value: &'a JsonValue, keys: &[&str]) -> Result<Self, ReportError> {
		let fields = Self::of_some(value, keys)?;
		if fields.entries.len() != keys.len() {
			return Err(ReportError::BadField);
		}
		Ok(fields)
	}

	/// An object with some of these fields, none twice and no other.
	fn of_some(value: &'a JsonValue, keys: &[&str]) -> Result<Self, ReportError> {
		let JsonValue::Object(object) = value else { return Err(ReportError::BadField) };
		let mut entries: Vec<(String, &JsonValue)> = Vec::with_capacity(object.len());
		for (key, value) in object {
			let key: String = key.iter().collect();
			if !keys.contains(&key.as_str()) || entries.iter().any(|(k, _)| *k == key) {
				return Err(ReportError::BadField);
			}
			entries.push((key, value));
		}
		Ok(Fields { entries })
	}

	fn take(&mut self, key: &str) -> Result<&'a JsonValue, ReportError> {
		let index = self.entries.iter().position(|(k, _)| k == key).ok_or(ReportError::BadField)?;
		Ok(self.entries.swap_remove(index).1)
	}

	fn string(&mut self, key: &str) -> Result<String, ReportError> {
		match self.take(key)? {
			JsonValue::String(chars) => Ok(chars.iter().collect()),
			_ => Err(ReportError::BadField),
		}
	}

	/// A canonical decimal string: digits only, no leading zero, fitting in `N`.
	fn number<N: TryFrom<u64>>(&mut self, key: &str) -> Result<N, ReportError> {
		let text = self.string(key)?;
		let canonical = !text.is_empty()
			&& text.len() <= 20
			&& text.bytes().all(|b| b.is_ascii_digit())
			&& (text == "0" || !text.starts_with('0'));
		if !canonical {
			return Err(ReportError::BadNumber);
		}
		let value: u64 = text.parse().map_err(|_| ReportError::BadNumber)?;
		N::try_from(value).map_err(|_| ReportError::BadNumber)
	}

	/// Every field must have been taken: a field that the state does not use is an error.
	fn finish(self) -> Result<(), ReportError> {
		if self.entries.is_empty() {
			Ok(())
		} else {
			Err(ReportError::BadField)
		}
	}
}
