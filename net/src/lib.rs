//! Which addresses a URL that a stranger gives may reach. A node's report URL is fetched by
//! every validator, and an alert's webhook by the indexer: either would let anyone make those
//! machines probe their own host or network (loopback, private, link-local addresses) unless the
//! address is public. The runtime checks report URLs with it; the indexer checks each address a
//! webhook's name resolves to before it connects.
//!
//! Special-purpose ranges count as what they reach: benchmarking (198.18.0.0/15), shared
//! (100.64.0.0/10) and local-use NAT64 (64:ff9b:1::/48) as private, the IETF's protocol
//! assignments (192.0.0.0/24), multicast, reserved and IPv6 documentation (2001:db8::/32) as
//! nowhere.

#![cfg_attr(not(feature = "std"), no_std)]

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What kind of place an address reaches.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reach {
	/// The internet.
	Public,
	/// The machine itself: 127.0.0.0/8, `::1`.
	Loopback,
	/// A private, shared, link-local or benchmarking network.
	Private,
	/// Nothing a server listens on: unspecified, multicast, broadcast, reserved, IETF protocol
	/// or documentation addresses.
	Nowhere,
}

/// What `ip` reaches.
pub fn reach(ip: IpAddr) -> Reach {
	match ip {
		IpAddr::V4(ip) => reach_v4(ip),
		IpAddr::V6(ip) => reach_v6(ip),
	}
}

/// What an IPv4 address reaches.
pub fn reach_v4(ip: Ipv4Addr) -> Reach {
	let [a, b, c, _] = ip.octets();
	if ip.is_loopback() {
		Reach::Loopback
	} else if ip.is_private()
		|| ip.is_link_local()
		|| (a == 100 && (64..128).contains(&b))
		|| (a == 198 && (b == 18 || b == 19))
	{
		// Besides RFC 1918 and link-local: 100.64/10 shared (carrier NAT) and 198.18/15
		// benchmarking, which labs and some proxies' fake-IP DNS use as local space.
		Reach::Private
	} else if a == 0 || ip.is_multicast() || a >= 240 || (a == 192 && b == 0 && c == 0) {
		// 0/8 "this network", 224/4 multicast, 240/4 reserved and the broadcast address;
		// 192.0.0.0/24, the IETF's protocol assignments (DS-Lite's tunnel ends, NAT64 discovery,
		// the PCP and TURN anycast addresses): none of them a node's report server.
		Reach::Nowhere
	} else {
		Reach::Public
	}
}

/// What an IPv6 address reaches: an IPv4 address it carries (mapped, compatible, NAT64,
/// 6to4) counts as that address.
pub fn reach_v6(ip: Ipv6Addr) -> Reach {
	if ip.is_loopback() {
		return Reach::Loopback;
	}
	let segments = ip.segments();
	// IPv6 forms that carry an IPv4 address reach it: mapped and compatible (`::a.b.c.d`),
	// NAT64 (64:ff9b::/96) and 6to4 (2002::/16, the address in the next 32 bits).
	let embedded = |high: u16, low: u16| {
		let [a, b] = high.to_be_bytes();
		let [c, d] = low.to_be_bytes();
		Ipv4Addr::new(a, b, c, d)
	};
	if let Some(v4) = ip.to_ipv4() {
		if !ip.is_unspecified() {
			return reach_v4(v4);
		}
	}
	if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
		return reach_v4(embedded(segments[6], segments[7]));
	}
	if segments[0] == 0x2002 {
		return reach_v4(embedded(segments[1], segments[2]));
	}
	let first = segments[0];
	// fc00::/7 unique local, fe80::/10 link-local, fec0::/10 the former site-local, and
	// 64:ff9b:1::/48, local-use NAT64 (RFC 8215): what it reaches is the local translator's
	// choice (private IPv4 addresses included), and where in it the IPv4 address sits depends on
	// the prefix length the network chose.
	if (first & 0xfe00) == 0xfc00
		|| (first & 0xffc0) == 0xfe80
		|| (first & 0xffc0) == 0xfec0
		|| segments[..3] == [0x64, 0xff9b, 1]
	{
		Reach::Private
	} else if ip.is_unspecified() || ip.is_multicast() || segments[..2] == [0x2001, 0xdb8] {
		// 2001:db8::/32 is for documentation: never routed.
		Reach::Nowhere
	} else {
		Reach::Public
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn of(text: &str) -> Reach {
		reach(text.parse().unwrap())
	}

	#[test]
	fn addresses_reach_what_they_name() {
		for public in ["1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"] {
			assert_eq!(of(public), Reach::Public, "{public}");
		}
		for loopback in ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "2002:7f00:1::"] {
			assert_eq!(of(loopback), Reach::Loopback, "{loopback}");
		}
		for private in [
			"10.0.0.1",
			"172.16.5.4",
			"192.168.1.1",
			"169.254.169.254",
			"100.64.0.1",
			"198.18.0.1",
			"fc00::1",
			"fe80::1",
			"64:ff9b:1::a00:1",
			"::ffff:10.0.0.1",
		] {
			assert_eq!(of(private), Reach::Private, "{private}");
		}
		for nowhere in ["0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.0.8", "::", "2001:db8::1"]
		{
			assert_eq!(of(nowhere), Reach::Nowhere, "{nowhere}");
		}
	}
}
