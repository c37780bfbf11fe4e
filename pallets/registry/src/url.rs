//! Validation of node report URLs.
//!
//! A report URL is fetched by every validator's offchain worker, so it must be something the
//! offchain HTTP client can fetch and nothing else: `http` or `https`, a host name, an IPv4 address
//! or a bracketed IPv6 address, an optional port, and an optional path of printable ASCII.
//! No user info (`user@host`), no fragment, no whitespace or control characters.

/// Why a report URL was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UrlError {
	/// The URL starts with neither `http://` nor `https://`.
	Scheme,
	/// The host is missing or has characters a host cannot have.
	Host,
	/// The port is not a number between 1 and 65535.
	Port,
	/// The path has whitespace, control characters, non-ASCII bytes or a fragment.
	Path,
}

/// Checks that `url` is an acceptable report URL.
pub fn validate(url: &[u8]) -> Result<(), UrlError> {
	let rest = url
		.strip_prefix(b"http://")
		.or_else(|| url.strip_prefix(b"https://"))
		.ok_or(UrlError::Scheme)?;
	let authority_end = rest.iter().position(|b| *b == b'/' || *b == b'?').unwrap_or(rest.len());
	let (authority, path) = rest.split_at(authority_end);
	let (host, port) = split_host_port(authority)?;
	validate_host(host)?;
	if let Some(port) = port {
		validate_port(port)?;
	}
	validate_path(path)
}

fn split_host_port(authority: &[u8]) -> Result<(&[u8], Option<&[u8]>), UrlError> {
	if authority.first() == Some(&b'[') {
		// [v6]:port
		let close = authority.iter().position(|b| *b == b']').ok_or(UrlError::Host)?;
		let (host, after) = authority.split_at(close + 1);
		return match after {
			[] => Ok((host, None)),
			[b':', port @ ..] => Ok((host, Some(port))),
			_ => Err(UrlError::Host),
		};
	}
	match authority.iter().position(|b| *b == b':') {
		Some(colon) => Ok((&authority[..colon], Some(&authority[colon + 1..]))),
		None => Ok((authority, None)),
	}
}

fn validate_host(host: &[u8]) -> Result<(), UrlError> {
	if let Some(inner) = host.strip_prefix(b"[").and_then(|h| h.strip_suffix(b"]")) {
		let ok = !inner.is_empty()
			&& inner.iter().all(|b| b.is_ascii_hexdigit() || *b == b':' || *b == b'.')
			&& inner.contains(&b':');
		return if ok { Ok(()) } else { Err(UrlError::Host) };
	}
	let labels_ok = !host.is_empty()
		&& host.split(|b| *b == b'.').all(|label| {
			!label.is_empty()
				&& label.len() <= 63
				&& label.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
				&& label.first() != Some(&b'-')
				&& label.last() != Some(&b'-')
		});
	if labels_ok {
		Ok(())
	} else {
		Err(UrlError::Host)
	}
}

fn validate_port(port: &[u8]) -> Result<(), UrlError> {
	if port.is_empty() || port.len() > 5 || !port.iter().all(u8::is_ascii_digit) {
		return Err(UrlError::Port);
	}
	let value = port.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
	if (1..=65535).contains(&value) {
		Ok(())
	} else {
		Err(UrlError::Port)
	}
}

fn validate_path(path: &[u8]) -> Result<(), UrlError> {
	if path.iter().all(|b| b.is_ascii_graphic() && *b != b'#') {
		Ok(())
	} else {
		Err(UrlError::Path)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accepts_report_urls() {
		for url in [
			"http://127.0.0.1:8080",
			"http://localhost:3030/",
			"https://node-1.farm.example.org/sc4it/v1",
			"http://[::1]:9000/report?x=1",
			"https://10.0.0.1",
		] {
			assert_eq!(validate(url.as_bytes()), Ok(()), "{url}");
		}
	}

	#[test]
	fn refuses_bad_urls() {
		for (url, err) in [
			("ftp://host", UrlError::Scheme),
			("host:80", UrlError::Scheme),
			("HTTP://host", UrlError::Scheme),
			("http://", UrlError::Host),
			("http://user@host", UrlError::Host),
			("http://ho st", UrlError::Host),
			("http://-host", UrlError::Host),
			("http://a..b", UrlError::Host),
			("http://[zz]:1", UrlError::Host),
			("http://[::1]x", UrlError::Host),
			("http://host:", UrlError::Port),
			("http://host:0", UrlError::Port),
			("http://host:65536", UrlError::Port),
			("http://host:12a", UrlError::Port),
			("http://host/a b", UrlError::Path),
			("http://host/a#frag", UrlError::Path),
			("http://host/\u{e9}", UrlError::Path),
		] {
			assert_eq!(validate(url.as_bytes()), Err(err), "{url}");
		}
	}
}
