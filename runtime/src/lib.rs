//! # The sc4it runtime
//!
//! System, Timestamp, Balances, TransactionPayment; consensus (Aura and GRANDPA, whose authorities
//! follow pallet-session, driven by sc4it's validator set, with Authorship counting blocks);
//! governance (a council: pallet-collective with pallet-membership, and sc4it's governance pallet
//! for Root calls and treasury spends; there is no sudo); and sc4it's registry, contracts and
//! oracle pallets.
//!
//! Files: this one (types, pallet configuration, `construct_runtime`), `governance.rs` (the
//! council, who may do what, the call filter), `apis.rs` (the runtime APIs),
//! `genesis_config_presets.rs` (the `development` and `local_testnet` presets), `grid_genesis.rs`
//! (a real grid's genesis, its validators and council given at build time), `migrations.rs`
//! (storage migrations run by an upgrade), `offchain.rs` (what the offchain worker needs to
//! create transactions).
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` expands to a large recursive type.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod genesis_config_presets;
pub mod governance;
pub mod grid_genesis;
pub mod migrations;
mod offchain;
#[cfg(test)]
mod origins_tests;
pub mod teams;
#[cfg(test)]
mod teams_tests;
#[cfg(test)]
mod tests;

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{ExtrinsicBaseWeight, ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		ConstantMultiplier, Weight, WeightToFeeCoefficient, WeightToFeeCoefficients,
		WeightToFeePolynomial,
	},
	PalletId,
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::transaction_validity::TransactionPriority;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{AccountIdConversion, BlakeTwo256, IdentifyAccount, Verify},
	FixedPointNumber, MultiAddress, MultiSignature, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

pub use pallet_sc4it_contracts::BillingPolicy;
pub use sc4it_primitives::{Capacity, DiskPrices, DiskType, PriceBounds, PricingPolicy, Volume};

/// A signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account: the public key behind a signature.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
pub type Balance = u128;
pub type Nonce = u32;
pub type Hash = sp_core::H256;
pub type BlockNumber = u32;
pub type Address = MultiAddress<AccountId, ()>;
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, in order. `AuthorizeCall` comes first so that the oracle's
/// fee-less authorized transactions are validated by their pallet (`#[pallet::authorize]`).
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// What the node needs to know of the runtime without its types.
pub mod opaque {
	use super::*;
	#[allow(unused_imports)]
	use alloc::vec::Vec;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// A validator's keys: block authoring, finality, and the billing oracle.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
			pub oracle: Oracle,
		}
	}
}
pub use opaque::SessionKeys;

/// 103: `create_contract_with_max_rate`; weights measured with automatic top-ups.
/// 102: team accounts (utility, multisig, proxy), farms' own prices, automatic top-ups.
/// 101: the escrow (the contracts pallet's storage version 1); 100 held contracts' funds in
/// their owners' accounts. node/tests/escrow_upgrade.rs upgrades a chain of 100 to this one.
#[cfg(not(feature = "upgrade-test"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("sc4it"),
	impl_name: alloc::borrow::Cow::Borrowed("sc4it-node"),
	authoring_version: 1,
	spec_version: 103,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The upgrade test's next version of this runtime: the same but for `spec_version`.
#[cfg(feature = "upgrade-test")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("sc4it"),
	impl_name: alloc::borrow::Cow::Borrowed("sc4it-node"),
	authoring_version: 1,
	spec_version: 104,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time. Short, so that a person can watch a contract's whole life in minutes.
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// The token has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = UNIT / 1_000;
pub const MICRO_UNIT: Balance = MILLI_UNIT / 1_000;
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Up to 75% of a block's weight and length for normal transactions; 2 s of computation.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2), u64::MAX);

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockWeights: BlockWeights =
		BlockWeights::with_sensible_defaults(MAXIMUM_BLOCK_WEIGHT, NORMAL_DISPATCH_RATIO);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_LENGTH
		})
		.build();
	pub const BlockHashCount: BlockNumber = 2400;
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node uses ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// Calls nobody may make (governance.rs).
	type BaseCallFilter = governance::CallFilter;
	/// The storage migrations of this runtime version, each a `VersionedMigration`
	/// (`migrations.rs`).
	type SingleBlockMigrations = migrations::Migrations;
}

/// The most validators: Aura's, GRANDPA's and the oracle's authority sets are as large.
pub type MaxValidators = ConstU32<32>;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxValidators;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxValidators;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// What a validator's session keys hold while registered: the keys record and an owner entry for
/// each of its three keys.
pub const SESSION_KEY_DEPOSIT: Balance = deposit(4, 200);

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// Any account may register keys (with their deposit); governance decides who validates.
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	type SessionManager = Validators;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ConstU128<SESSION_KEY_DEPOSIT>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	/// Counts each validator's blocks per session.
	type EventHandler = Validators;
}

/// The validator set's keys, as pallet-session keeps them.
pub struct SessionValidatorKeys;

impl pallet_sc4it_validators::ValidatorKeys<AccountId> for SessionValidatorKeys {
	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}

	/// As the validator would purge them itself: its keys are gone from the next session on and
	/// their deposit is released to it.
	fn purge_keys(who: &AccountId) -> sp_runtime::DispatchResult {
		Session::purge_keys(RuntimeOrigin::signed(who.clone()))
	}

	fn purge_keys_weight() -> Weight {
		<pallet_session::weights::SubstrateWeight<Runtime> as pallet_session::WeightInfo>::purge_keys()
	}

	/// As the validator would set them itself (`session.set_keys`): keys generated in the
	/// benchmark's keystore with their proof of ownership, the key deposit held and a consumer
	/// reference taken, so that `purge_keys` is measured releasing them.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_keys(who: &AccountId) {
		use codec::Encode;
		use frame_support::traits::fungible::Mutate;
		let generated = SessionKeys::generate(&who.encode(), None);
		// The deposit to hold, and the existential deposit beside it.
		if let Err(error) = Balances::mint_into(who, SESSION_KEY_DEPOSIT + EXISTENTIAL_DEPOSIT) {
			panic!("the benchmark mints the key deposit: {error:?}");
		}
		let origin = RuntimeOrigin::signed(who.clone());
		if let Err(error) = Session::set_keys(origin, generated.keys, generated.proof.encode()) {
			panic!("a benchmark's generated keys are set: {error:?}");
		}
	}
}

impl pallet_sc4it_validators::Config for Runtime {
	type GovernanceOrigin = governance::EnsureGovernance;
	type Keys = SessionValidatorKeys;
	type MaxValidators = MaxValidators;
	/// One validator keeps the chain producing blocks; GRANDPA needs four to survive one
	/// failure (docs/governance.md).
	type MinValidators = ConstU32<1>;
	/// A week of sessions' authored-block counts at the presets' session length.
	type KeptSessions = ConstU32<28>;
	/// Shorter sessions would rotate keys faster than GRANDPA finalizes the changes.
	type MinSessionBlocks = ConstU32<10>;
	type WeightInfo = pallet_sc4it_validators::weights::SubstrateWeight<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<0>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// Fees: every transaction pays for its weight, through a degree-one polynomial that makes the
/// base weight of an extrinsic cost 1 mUNIT, and for its length, 10 µUNIT a byte; a multiplier
/// that rises while blocks are fuller than a quarter and falls (to a tenth, no lower) while they
/// are emptier, so that filling blocks gets dearer the longer it lasts (docs/security.md has what
/// the attacks of the threat model cost at these prices).
pub struct WeightToFee;

impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Balance> {
		let base = Balance::from(ExtrinsicBaseWeight::get().ref_time()).max(1);
		let per_extrinsic = MILLI_UNIT;
		core::iter::once(WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_integer: per_extrinsic / base,
			coeff_frac: Perbill::from_rational(per_extrinsic % base, base),
		})
		.collect()
	}
}

parameter_types! {
	pub const TransactionByteFee: Balance = 10 * MICRO_UNIT;
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Multiplier::saturating_from_integer(1_000_000u128);
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// What an item of chain state puts on hold, and what a byte of it adds.
pub const DEPOSIT_PER_ITEM: Balance = 10 * MILLI_UNIT;
pub const DEPOSIT_PER_BYTE: Balance = 100 * MICRO_UNIT;

/// The storage deposit of `items` items and `bytes` bytes of chain state.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * DEPOSIT_PER_ITEM + bytes as Balance * DEPOSIT_PER_BYTE
}

/// What a node costs the validators besides its storage: every billing period each oracle
/// fetches and verifies its report and the chain applies it, fee-less, whether it has contracts
/// or not. Its deposit holds about a day of that work at the fee schedule (a report transaction's
/// share is about 13 mUNIT at period 5 blocks: 5,760 periods a day), rounded up.
pub const NODE_ORACLE_DEPOSIT: Balance = 100 * UNIT;

/// What a contract holds for its records: the record and its four index entries, up to about
/// 256 bytes.
pub const CONTRACT_DEPOSIT: Balance = deposit(5, 256);

/// The deposits of farms and nodes in the genesis presets: a farm's three records (its record and
/// name, up to about 256 bytes, and its own prices, about 96), a node's three (up to about 512
/// bytes with its URL) and its share of the oracle's work.
pub fn grid_deposits() -> pallet_sc4it_registry::DepositPolicy<Balance> {
	pallet_sc4it_registry::DepositPolicy {
		farm: deposit(3, 352),
		node: deposit(3, 512).saturating_add(NODE_ORACLE_DEPOSIT),
	}
}

/// The bounds of farms' own prices in the presets: a tenth to ten times the grid's.
pub fn farm_price_bounds(grid: &PricingPolicy<Balance>) -> PriceBounds<Balance> {
	let prices = |scale: fn(Balance) -> Balance| DiskPrices {
		ssd_per_gib_block: scale(grid.ssd_per_gib_block).max(1),
		hdd_per_gib_block: scale(grid.hdd_per_gib_block).max(1),
	};
	PriceBounds { min: prices(|p| p / 10), max: prices(|p| p.saturating_mul(10)) }
}

parameter_types! {
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(20);
	pub const ContractsPalletId: PalletId = PalletId(*b"sc4/ctrs");
	pub const TreasuryPalletId: PalletId = PalletId(*b"sc4/trsy");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// A tenth of a block's weight for grace expiry, node drains and the payout sweep.
	pub ContractsServiceWeight: Weight = Perbill::from_percent(10) * RuntimeBlockWeights::get().max_block;
}

impl pallet_sc4it_registry::Config for Runtime {
	type Balance = Balance;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// A farmer with more machines makes more farms: the bound keeps a farm's records and the
	/// work of removing one bounded.
	type MaxNodesPerFarm = ConstU32<1_000>;
	/// The contracts pallet ends a removed node's contracts; the oracle forgets its down votes.
	type NodeLifecycle = (Contracts, Oracle);
	type MaxFarmNameLen = ConstU32<64>;
	type MaxUrlLen = ConstU32<256>;
	type MaxProtocolFee = MaxProtocolFee;
	type GovernanceOrigin = governance::EnsureGovernance;
	/// Ten minutes: what a user shown a farm's price has to get their contract created at it.
	type PriceNotice = ConstU32<{ 10 * MINUTES }>;
	type WeightInfo = pallet_sc4it_registry::weights::SubstrateWeight<Runtime>;
}

impl pallet_sc4it_contracts::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ContractDeposit = ConstU128<CONTRACT_DEPOSIT>;
	type Registry = Registry;
	type PalletId = ContractsPalletId;
	type TreasuryAccount = TreasuryAccount;
	type MaxWorkPerReport = ConstU32<64>;
	// What a report can list (`sc4it_report::MAX_CONTRACTS`, 1,024), less the 16 the oracle
	// allows for contracts an agent has not forgotten yet: every contract on a node is in its
	// reports (a test checks the sum).
	type MaxContractsPerNode = ConstU32<1_008>;
	type ServiceWeight = ContractsServiceWeight;
	/// About a year of blocks.
	type MaxPolicyBlocks = ConstU32<{ 365 * DAYS }>;
	type MaxPageSize = ConstU32<100>;
	/// Its record and its place in the queue, up to about 96 bytes.
	type AutoTopUpDeposit = ConstU128<{ deposit(2, 96) }>;
	type GovernanceOrigin = governance::EnsureGovernance;
	type WeightInfo = pallet_sc4it_contracts::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type GridSetup = Registry;
}

parameter_types! {
	/// A tenth of a block's weight for one decommission transaction of the oracle.
	pub OracleDecommissionBudget: Weight = Perbill::from_percent(10) * RuntimeBlockWeights::get().max_block;
}

impl pallet_sc4it_oracle::Config for Runtime {
	type Registry = Registry;
	type Contracts = Contracts;
	/// Every validator is an authority.
	type MaxAuthorities = MaxValidators;
	type MaxBatch = ConstU32<16>;
	type MaxEntries = ConstU32<64>;
	type MaxNodesPerRun = ConstU32<2048>;
	// Three of the validators fetch each node each period, in turns after its phase; the others,
	// only when it is still due after their turns (docs/oracle.md).
	type OracleCommittee = ConstU32<3>;
	/// 16 MiB of unfinished report bodies at most per run, whatever the servers send.
	type RunBufferBytes = ConstU32<{ 16 * 1024 * 1024 }>;
	/// 4,096 entries (about 2.5 MiB with their proofs) kept for submission per run at most.
	type MaxEntriesPerRun = ConstU32<4096>;
	/// Shorter than a block, so that a run ends before the next block's run starts.
	type FetchTimeoutMillis = ConstU64<2_000>;
	/// 1,000 nodes due add 2 s: measured, a run over 1,000 local report servers takes 0.7 to
	/// 1 s on 2 cores, and twice that on a loaded machine (docs/benchmarks.md).
	type FetchMillisPerNode = ConstU64<2>;
	/// A day of blocks.
	type MaxBillingPeriod = ConstU32<DAYS>;
	/// Above any user transaction: billing must not wait behind them.
	type Priority = ConstU64<{ TransactionPriority::MAX / 2 }>;
	type DecommissionBudget = OracleDecommissionBudget;
	type GovernanceOrigin = governance::EnsureGovernance;
	type WeightInfo = pallet_sc4it_oracle::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type GridSetup = Registry;
	#[cfg(feature = "runtime-benchmarks")]
	type ContractsSetup = Contracts;
}

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// Declared in the order their genesis builds and their hooks run: balances before the
	// session (which takes a reference on each validator account), the validator set before the
	// session (whose genesis asks it for the first validators), the session before Aura and
	// GRANDPA (it gives them their authorities), the collective before its membership.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(7)]
	pub type Validators = pallet_sc4it_validators;
	#[runtime::pallet_index(8)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(13)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(14)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(15)]
	pub type Governance = pallet_sc4it_governance;
	#[runtime::pallet_index(10)]
	pub type Registry = pallet_sc4it_registry;
	#[runtime::pallet_index(11)]
	pub type Contracts = pallet_sc4it_contracts;
	#[runtime::pallet_index(12)]
	pub type Oracle = pallet_sc4it_oracle;
	#[runtime::pallet_index(16)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(17)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(18)]
	pub type Proxy = pallet_proxy;
}
