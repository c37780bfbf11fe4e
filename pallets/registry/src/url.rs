//! Validation of node report URLs.
//!
//! A report URL is fetched by every validator's offchain worker, so it must be something the
//! offchain HTTP client can fetch and nothing else: `http` or `https`, an IPv4 address in its
//! four decimal parts or a bracketed IPv6 address, an optional port, and an optional path of
//! printable ASCII. No user info (`user@host`), no fragment, no whitespace or control characters.
//!
//! The host must be an IP address, not a name ([`UrlError::HostName`]): the node's offchain HTTP
//! client connects to an address literal at once, but hands a name to `getaddrinfo` on a shared
//! pool of blocking threads, where an oracle run's deadline cannot cancel it; a few hundred nodes
//! whose names never resolve would hold that pool and stall every validator's oracle. The one
//! name accepted is `localhost`, as a loopback host, where the chain's policy allows loopback (the
//! dev chain's demo node); resolvers answer it from the hosts file.
//!
//! And it must be a public address: otherwise anyone registering a node could make every
//! validator probe its own machine or network (loopback, private, link-local, unspecified
//! addresses, `localhost`) and publish the result on chain. The chain's [`UrlPolicy`] may allow
//! loopback (the dev chain does, for its demo node) or private addresses (a private test grid).
//! Special-purpose ranges count as what they reach: benchmarking (198.18.0.0/15) and local-use
//! NAT64 (64:ff9b:1::/48) as private, the IETF's protocol assignments (192.0.0.0/24) and IPv6
//! documentation (2001:db8::/32) as never a node. Names that resolvers would read as a number
//! (`2130706433`, `127.1`, `0x7f.0.0.1`) are refused as malformed.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::net::{Ipv4Addr, Ipv6Addr};
use scale_info::TypeInfo;

/// Which non-public report hosts the chain accepts.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct UrlPolicy {
	/// Loopback hosts: `localhost`, 127.0.0.0/8, `[::1]`.
	pub allow_loopback: bool,
	/// Private, shared, link-local and benchmarking hosts: 10/8, 172.16/12, 192.168/16,
	/// 100.64/10, 169.254/16, 198.18/15, fc00::/7, fe80::/10, fec0::/10, 64:ff9b:1::/48.
	pub allow_private: bool,
}

/// Why a report URL was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UrlError {
	/// The URL starts with neither `http://` nor `https://`.
	Scheme,
	/// The host is missing, has characters a host cannot have, or is a number that is not an
	/// IPv4 address in four decimal parts.
	Host,
	/// The port is not a number between 1 and 65535.
	Port,
	/// The path has whitespace, control characters, non-ASCII bytes or a fragment.
	Path,
	/// The host is loopback (`localhost`, 127.0.0.0/8, `[::1]`), which the chain does not allow.
	LoopbackHost,
	/// The host is a private, shared, link-local or benchmarking address (or local-use NAT64),
	/// which the chain does not allow.
	PrivateHost,
	/// The host is an unspecified, multicast, broadcast, reserved, IETF protocol (192.0.0.0/24)
	/// or documentation (2001:db8::/32) address: never a node.
	NotAHost,
	/// The host is a name (other than `localhost`), not an IP address. Validators would resolve
	/// it on a blocking pool that their oracle's deadline cannot cancel, so names that never
	/// resolve could stall every oracle: report URLs give the node's IPv4 address or its IPv6
	/// address in brackets.
	HostName,
}

/// What kind of address a host is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reach {
	/// An IP address (or `localhost`), and what it reaches.
	Address(sc4it_net::Reach),
	/// A host name other than `localhost`: refused whatever the policy ([`UrlError::HostName`]).
	Name,
}

/// Checks that `url` is an acceptable report URL under `policy`.
pub fn validate(url: &[u8], policy: UrlPolicy) -> Result<(), UrlError> {
	let rest = url
		.strip_prefix(b"http://")
		.or_else(|| url.strip_prefix(b"https://"))
		.ok_or(UrlError::Scheme)?;
	let authority_end = rest.iter().position(|b| *b == b'/' || *b == b'?').unwrap_or(rest.len());
	let (authority, path) = rest.split_at(authority_end);
	let (host, port) = split_host_port(authority)?;
	let reach = validate_host(host)?;
	if let Some(port) = port {
		validate_port(port)?;
	}
	validate_path(path)?;
	use sc4it_net::Reach as R;
	match reach {
		Reach::Address(R::Public) => Ok(()),
		Reach::Address(R::Loopback) if policy.allow_loopback => Ok(()),
		Reach::Address(R::Loopback) => Err(UrlError::LoopbackHost),
		Reach::Address(R::Private) if policy.allow_private => Ok(()),
		Reach::Address(R::Private) => Err(UrlError::PrivateHost),
		Reach::Address(R::Nowhere) => Err(UrlError::NotAHost),
		Reach::Name => Err(UrlError::HostName),
	}
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

fn validate_host(host: &[u8]) -> Result<Reach, UrlError> {
	if let Some(inner) = host.strip_prefix(b"[").and_then(|h| h.strip_suffix(b"]")) {
		let text = core::str::from_utf8(inner).map_err(|_| UrlError::Host)?;
		let ip: Ipv6Addr = text.parse().map_err(|_| UrlError::Host)?;
		return Ok(Reach::Address(sc4it_net::reach_v6(ip)));
	}
	let labels_ok = !host.is_empty()
		&& host.split(|b| *b == b'.').all(|label| {
			!label.is_empty()
				&& label.len() <= 63
				&& label.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
				&& label.first() != Some(&b'-')
				&& label.last() != Some(&b'-')
		});
	if !labels_ok {
		return Err(UrlError::Host);
	}
	// A last label of digits (or `0x...`) is an IPv4 address to resolvers: it must be one, in
	// four canonical decimal parts, or it is refused (`127.1` and `2130706433` are loopback).
	let last = host.rsplit(|b| *b == b'.').next().unwrap_or(host);
	let numeric = last.iter().all(u8::is_ascii_digit)
		|| (last.len() > 1 && last[0] == b'0' && (last[1] == b'x' || last[1] == b'X'));
	if numeric {
		let text = core::str::from_utf8(host).map_err(|_| UrlError::Host)?;
		// core's parser takes exactly four decimal parts without leading zeros.
		let ip: Ipv4Addr = text.parse().map_err(|_| UrlError::Host)?;
		return Ok(Reach::Address(sc4it_net::reach_v4(ip)));
	}
	// A name: only `localhost` itself, which resolvers answer from the hosts file, and which
	// stays subject to the loopback policy. Its subdomains (`node.localhost`) may go to DNS.
	if host.eq_ignore_ascii_case(b"localhost") {
		return Ok(Reach::Address(sc4it_net::Reach::Loopback));
	}
	Ok(Reach::Name)
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

	const STRICT: UrlPolicy = UrlPolicy { allow_loopback: false, allow_private: false };

	#[test]
	fn accepts_public_report_urls() {
		for url in [
			"https://93.184.215.14/sc4it/v2",
			"http://203.0.113.7:8080",
			"http://[2a01:4f8:c17:1::7]:9000/report?x=1",
			"https://8.8.8.8",
			"http://100.128.0.1",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Ok(()), "{url}");
		}
	}

	#[test]
	fn refuses_host_names_but_localhost_where_loopback_is_allowed() {
		let all = UrlPolicy { allow_loopback: true, allow_private: true };
		for url in [
			"https://node-1.farm.example.org/sc4it/v2",
			"http://example.org:8700",
			"http://node",
			"http://never-resolves.invalid",
			"http://node.localhost",
			"http://localhost.example.org",
			"http://1.2.3.4.nip.io",
			"http://0x7f.example",
			"http://xn--nxasmq6b.example",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::HostName), "{url}");
			assert_eq!(validate(url.as_bytes(), all), Err(UrlError::HostName), "{url}");
		}
		// Malformed URLs say what is wrong with them before their host is refused as a name.
		assert_eq!(validate(b"http://example.org:0", all), Err(UrlError::Port));
		assert_eq!(validate(b"http://example.org/a b", all), Err(UrlError::Path));
		// `localhost` is loopback, subject to the policy as 127.0.0.1 is.
		for url in ["http://localhost", "http://LocalHost:8700/r"] {
			assert_eq!(validate(url.as_bytes(), all), Ok(()), "{url}");
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::LoopbackHost), "{url}");
		}
	}

	#[test]
	fn special_purpose_ranges_are_not_public() {
		let loopback = UrlPolicy { allow_loopback: true, allow_private: false };
		let private = UrlPolicy { allow_loopback: false, allow_private: true };
		let all = UrlPolicy { allow_loopback: true, allow_private: true };
		// 198.18.0.0/15 (benchmarking) and 64:ff9b:1::/48 (local-use NAT64): private.
		for url in [
			"http://198.18.0.0",
			"http://198.18.0.1:8700",
			"http://198.19.255.255",
			"http://[::ffff:198.18.7.7]",
			"http://[2002:c612:1::1]",
			"http://[64:ff9b::c613:101]",
			"http://[64:ff9b:1::]",
			"http://[64:ff9b:1::c633:6407]",
			"http://[64:ff9b:1:ffff:ffff:ffff:ffff:ffff]:8700",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::PrivateHost), "{url}");
			assert_eq!(validate(url.as_bytes(), loopback), Err(UrlError::PrivateHost), "{url}");
			assert_eq!(validate(url.as_bytes(), private), Ok(()), "{url}");
		}
		// 192.0.0.0/24 (IETF protocol assignments) and 2001:db8::/32 (documentation): nowhere.
		for url in [
			"http://192.0.0.0",
			"http://192.0.0.1",
			"http://192.0.0.9",
			"http://192.0.0.170:80",
			"http://192.0.0.255",
			"http://[::ffff:192.0.0.8]",
			"http://[64:ff9b::c000:a]",
			"http://[2002:c000:1::1]",
			"http://[2001:db8::]",
			"http://[2001:db8::1]:9000/report?x=1",
			"http://[2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::NotAHost), "{url}");
			assert_eq!(validate(url.as_bytes(), all), Err(UrlError::NotAHost), "{url}");
		}
		// Their neighbours stay public.
		for url in [
			"http://198.17.255.255",
			"http://198.20.0.0",
			"http://191.255.255.255",
			"http://192.0.1.0",
			"http://[64:ff9b:0:1::1]",
			"http://[64:ff9b:2::1]",
			"http://[64:ff9b::808:808]",
			"http://[2001:db7:ffff:ffff::1]",
			"http://[2001:db9::1]",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Ok(()), "{url}");
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
			("http://[1:2:3]", UrlError::Host),
			("http://host:", UrlError::Port),
			("http://host:0", UrlError::Port),
			("http://host:65536", UrlError::Port),
			("http://host:12a", UrlError::Port),
			("http://host/a b", UrlError::Path),
			("http://host/a#frag", UrlError::Path),
			("http://host/\u{e9}", UrlError::Path),
			// Numbers that resolvers would read as addresses.
			("http://2130706433", UrlError::Host),
			("http://127.1", UrlError::Host),
			("http://0x7f.0.0.1", UrlError::Host),
			("http://0177.0.0.1", UrlError::Host),
			("http://1.2.3.256", UrlError::Host),
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(err), "{url}");
		}
	}

	#[test]
	fn refuses_hosts_that_are_not_public_unless_the_chain_allows_them() {
		let loopback = UrlPolicy { allow_loopback: true, allow_private: false };
		let private = UrlPolicy { allow_loopback: false, allow_private: true };
		for url in [
			"http://127.0.0.1:8080",
			"http://127.255.0.9",
			"http://localhost:3030/",
			"http://LOCALHOST",
			"http://[::1]:9000",
			"http://[::ffff:127.0.0.1]",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::LoopbackHost), "{url}");
			assert_eq!(validate(url.as_bytes(), loopback), Ok(()), "{url}");
			assert_eq!(validate(url.as_bytes(), private), Err(UrlError::LoopbackHost), "{url}");
		}
		for url in [
			"http://10.0.0.1",
			"http://172.16.5.4",
			"http://172.31.255.255",
			"http://192.168.1.1:80",
			"http://169.254.169.254/latest/meta-data",
			"http://100.64.0.1",
			"http://[fd00::1]",
			"http://[fe80::1]",
			"http://[::ffff:10.1.2.3]",
			"http://[fec0::1]",
			"http://[64:ff9b::a00:1]",
			"http://[2002:c0a8:101::1]",
			"http://[::10.0.0.1]",
		] {
			assert_eq!(validate(url.as_bytes(), STRICT), Err(UrlError::PrivateHost), "{url}");
			assert_eq!(validate(url.as_bytes(), private), Ok(()), "{url}");
			assert_eq!(validate(url.as_bytes(), loopback), Err(UrlError::PrivateHost), "{url}");
		}
		let all = UrlPolicy { allow_loopback: true, allow_private: true };
		for url in [
			"http://0.0.0.0:80",
			"http://0.1.2.3",
			"http://[::]",
			"http://224.0.0.1",
			"http://255.255.255.255",
			"http://240.0.0.1",
			"http://[ff02::1]",
		] {
			assert_eq!(validate(url.as_bytes(), all), Err(UrlError::NotAHost), "{url}");
		}
		assert_eq!(validate(b"http://172.32.0.1", STRICT), Ok(()));
	}
}
