//! Team accounts: FRAME's multisig, proxy and utility pallets, unmodified, so that wallets
//! (polkadot.js and others) work with them as on any Substrate chain.
//!
//! - **Multisig**: an account of several signatories and a threshold; a call is dispatched when
//!   enough of them approve it. Its first approver holds a deposit until it executes or is
//!   cancelled.
//! - **Proxy**: an account lets another act for it, within a [`ProxyType`]. The proxied account
//!   holds a deposit per proxy.
//! - **Utility**: `batch`, `batch_all` and `force_batch` of calls from one origin.
//!
//! Every call these pallets dispatch goes through the runtime's base filter
//! ([`crate::governance::CallFilter`]). A proxy's calls go through its type's filter too, and
//! batches keep it; a proxy's own proxy or multisig calls would run their calls with a fresh
//! origin outside it, so no type but `Any` may make them.
//!
//! A council seat is not delegated: no proxy type, `Any` included, may propose or vote in the
//! council. A seat is one person's, and the council closes `change_key` for the same reason.
//! Their weights are FRAME's own, measured upstream on its reference machine; docs/benchmarks.md
//! says how they compare.

use crate::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::InstanceFilter;
use scale_info::TypeInfo;

/// What a proxy may do for the account that added it.
#[derive(
	Copy,
	Clone,
	Default,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ProxyType {
	/// Everything the account may do, but vote or propose in the council.
	#[default]
	Any,
	/// Everything `Any` may, but spend the account's funds: no transfer, no contract created
	/// or topped up for another (`create_contract` could size a volume on the proxy's own node
	/// to pay its farm everything, `top_up` would fund another's contract, refunded to its
	/// owner), no automatic top-up set, no farm created or payout account changed (a farm's
	/// payouts sent elsewhere), and no proxy or multisig call of the account's (their calls run
	/// with a fresh origin, outside this filter). For a farmer's day-to-day key: nodes,
	/// capacities, URLs.
	NonTransfer,
	/// Only the account's existing contracts: top up its own (`top_up_own`), cancel, pay its
	/// debts, alone or in a batch. It chooses no farm and no price: what it adds funds
	/// contracts the account made, at their rates.
	Contracts,
}

/// Whether a proxy of any type may make `call`: never a council vote or motion.
fn delegable(call: &RuntimeCall) -> bool {
	!matches!(
		call,
		RuntimeCall::Council(
			pallet_collective::Call::propose { .. } | pallet_collective::Call::vote { .. }
		)
	)
}

/// Whether `call` spends the account's funds, or runs a call outside the proxy's filter.
fn spends(call: &RuntimeCall) -> bool {
	match call {
		RuntimeCall::Balances(..) | RuntimeCall::Multisig(..) => true,
		RuntimeCall::Proxy(call) => matches!(
			call,
			pallet_proxy::Call::proxy { .. }
				| pallet_proxy::Call::proxy_announced { .. }
				| pallet_proxy::Call::announce { .. }
		),
		RuntimeCall::Contracts(call) => contract_call_spends(call),
		RuntimeCall::Registry(call) => registry_call_spends(call),
		_ => false,
	}
}

// The sc4it pallets' calls are matched one by one, with no wildcard: a call added to either
// pallet does not compile until it is decided here. (`__Ignore` is FRAME's hidden variant,
// never constructed.)

/// Whether a contracts call spends the account's funds beyond its own contracts.
fn contract_call_spends(call: &pallet_sc4it_contracts::Call<Runtime>) -> bool {
	use pallet_sc4it_contracts::Call::*;
	match call {
		create_contract { .. }
		| create_contract_with_max_rate { .. }
		| top_up { .. }
		| set_auto_top_up { .. } => true,
		top_up_own { .. } | cancel { .. } | pay_debt { .. } | set_policy { .. } => false,
		__Ignore(..) => false,
	}
}

/// Whether a registry call sends the account's or its farms' money elsewhere.
fn registry_call_spends(call: &pallet_sc4it_registry::Call<Runtime>) -> bool {
	use pallet_sc4it_registry::Call::*;
	match call {
		create_farm { .. } | set_payout_account { .. } => true,
		remove_farm { .. }
		| register_node { .. }
		| update_node { .. }
		| set_node_capacity { .. }
		| remove_node { .. }
		| set_pricing { .. }
		| set_deposits { .. }
		| set_url_policy { .. }
		| set_farm_prices { .. }
		| set_price_bounds { .. } => false,
		__Ignore(..) => false,
	}
}

/// Whether `call` keeps the account's existing contracts, or is a batch (whose calls the
/// proxy filter checks again).
fn contracts_only(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Contracts(
			pallet_sc4it_contracts::Call::top_up_own { .. }
				| pallet_sc4it_contracts::Call::cancel { .. }
				| pallet_sc4it_contracts::Call::pay_debt { .. }
		) | RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
				| pallet_utility::Call::batch_all { .. }
				| pallet_utility::Call::force_batch { .. }
		)
	)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		delegable(call)
			&& match self {
				ProxyType::Any => true,
				ProxyType::NonTransfer => !spends(call),
				ProxyType::Contracts => contracts_only(call),
			}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::Contracts) => true,
			_ => false,
		}
	}
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A multisig operation's record: its account, call hash, timepoint and deposit.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Each approver adds an account to the record.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
	/// A proxied account's record of its proxies.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Each proxy adds an account and its type.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	/// A proxy's record of announcements.
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	/// Each announcement adds an account, a hash and a block number.
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<20>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}
