//! A runtime with balances, the real registry and contracts pallets and the oracle, whose
//! transactions carry `AuthorizeCall`; helpers that play the node's agent.

use crate as pallet_oracle;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Hooks},
	weights::Weight,
	PalletId,
};
use sc4it_primitives::{Capacity, DiskType, NodeId, PricingPolicy, Volume};
use sc4it_report::{ContractReport, Report, SignedReport, VolumeState, VERSION};
use sp_core::{ed25519, Pair};
use sp_runtime::{generic, traits::BlakeTwo256, BuildStorage, Perbill};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u32;
pub type Extension = (frame_system::AuthorizeCall<Test>,);
pub type Extrinsic = generic::UncheckedExtrinsic<AccountId, RuntimeCall, (), Extension>;
type Block = generic::Block<generic::Header<BlockNumber, BlakeTwo256>, Extrinsic>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_sc4it_registry,
		Contracts: pallet_sc4it_contracts,
		Oracle: pallet_oracle,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	/// The run's buffer budget; tests of the budget make it small.
	pub static RunBuffer: u32 = 64 * 1024;
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(50);
	pub const ContractsPalletId: PalletId = PalletId(*b"sc4/ctrs");
	pub const Treasury: AccountId = TREASURY;
	pub const ServiceWeight: Weight = Weight::from_parts(50_000_000_000, u64::MAX);
	/// Enough for every decommission the tests make overdue, at the measured weights.
	pub const DecommissionBudget: Weight = Weight::from_parts(50_000_000_000, u64::MAX);
	pub static MaxEntries: u32 = 8;
	/// The contracts pallet's work bound per health call; tests of cut-short reports make it small.
	pub static MaxWorkPerReport: u32 = 64;
}

impl pallet_sc4it_registry::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Balance = Balance;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxNodesPerFarm = ConstU32<16>;
	type NodeLifecycle = Contracts;
	type MaxFarmNameLen = ConstU32<32>;
	type MaxUrlLen = ConstU32<128>;
	type MaxProtocolFee = MaxProtocolFee;
	type WeightInfo = ();
	type PriceNotice = frame_support::traits::ConstU32<10>;
}

impl pallet_sc4it_contracts::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ContractDeposit = ConstU128<0>;
	type Registry = Registry;
	type PalletId = ContractsPalletId;
	type TreasuryAccount = Treasury;
	type MaxWorkPerReport = MaxWorkPerReport;
	type MaxContractsPerNode = ConstU32<1_008>;
	type ServiceWeight = ServiceWeight;
	type MaxPolicyBlocks = ConstU32<1_000_000>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type GridSetup = Registry;
	type AutoTopUpDeposit = frame_support::traits::ConstU128<7>;
}

impl pallet_oracle::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type Registry = Registry;
	type Contracts = Contracts;
	type MaxAuthorities = ConstU32<4>;
	type MaxBatch = ConstU32<2>;
	type MaxEntries = MaxEntries;
	type MaxNodesPerRun = ConstU32<8>;
	type OracleCommittee = ConstU32<2>;
	type RunBufferBytes = RunBuffer;
	type MaxEntriesPerRun = ConstU32<256>;
	type FetchTimeoutMillis = ConstU64<2_000>;
	type FetchMillisPerNode = ConstU64<2>;
	type MaxBillingPeriod = ConstU32<1_000>;
	type Priority = ConstU64<1_000_000>;
	type DecommissionBudget = DecommissionBudget;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type GridSetup = Registry;
	#[cfg(feature = "runtime-benchmarks")]
	type ContractsSetup = Contracts;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extension = Extension;
	fn create_transaction(call: RuntimeCall, extension: Extension) -> Extrinsic {
		Extrinsic::new_transaction(call, extension)
	}
}

impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_extension() -> Extension {
		(frame_system::AuthorizeCall::new(),)
	}
}

pub const ALICE: AccountId = 1;
pub const FARMER: AccountId = 10;
pub const PAYOUT: AccountId = 11;
pub const TREASURY: AccountId = 99;
pub const INITIAL: Balance = 1_000_000;
/// Price of one GiB of SSD for one block.
pub const SSD_PRICE: Balance = 5;
/// The billing period of the tests, in blocks.
pub const PERIOD: BlockNumber = 10;
/// Node 0's report URL, and node 1's.
pub const URL0: &str = "http://127.0.0.1:8700";
pub const URL1: &str = "http://127.0.0.1:8701/";

/// The key node `n` signs its reports with.
pub fn node_pair(n: NodeId) -> ed25519::Pair {
	ed25519::Pair::from_string(&format!("//Node{n}"), None).expect("valid dev seed")
}

/// An oracle authority's key, from a dev seed.
pub fn authority(seed: &str) -> crate::AuthorityId {
	crate::AuthorityId::from(
		sc4it_primitives::oracle::Pair::from_string(seed, None).expect("valid dev seed").public(),
	)
}

/// Genesis: ALICE funded; one farm (FARMER, paid to PAYOUT) with nodes 0 and 1 (100 GiB SSD
/// each); the oracle's authorities are `//Oracle1` and `//Oracle2`; billing period `PERIOD`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MaxEntries::set(8);
	RunBuffer::set(64 * 1024);
	MaxWorkPerReport::set(64);
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![(ALICE, INITIAL), (FARMER, INITIAL)],
			..Default::default()
		},
		registry: pallet_sc4it_registry::GenesisConfig {
			farms: vec![(FARMER, b"farm".to_vec(), PAYOUT)],
			nodes: vec![
				(0, node_pair(0).public(), URL0.as_bytes().to_vec(), capacity()),
				(0, node_pair(1).public(), URL1.as_bytes().to_vec(), capacity()),
			],
			pricing: Some(PricingPolicy {
				ssd_per_gib_block: SSD_PRICE,
				hdd_per_gib_block: 2,
				protocol_fee: Perbill::from_percent(10),
			}),
			// The nodes' test URLs are on loopback.
			url_policy: pallet_sc4it_registry::url::UrlPolicy {
				allow_loopback: true,
				allow_private: false,
			},
			// Deposits are the registry's tests' concern: none here, so that balances are the
			// contracts' alone.
			deposits: Default::default(),
			price_bounds: None,
		},
		contracts: pallet_sc4it_contracts::GenesisConfig {
			policy: Some(pallet_sc4it_contracts::BillingPolicy {
				min_deposit_blocks: 10,
				low_runway_blocks: 5,
				grace_period_blocks: 20,
				max_node_downtime_blocks: 1_000,
				payout_period_blocks: 1_000,
			}),
		},
		oracle: pallet_oracle::GenesisConfig {
			authorities: vec![authority("//Oracle1"), authority("//Oracle2")],
			billing_period: PERIOD,
			down_quorum: None,
		},
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// [`new_test_ext`] with a keystore, in which the benchmarks make their keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let mut ext = new_test_ext();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext
}

fn capacity() -> Capacity {
	Capacity { ssd_gib: 100, hdd_gib: 0 }
}

pub fn ssd(size_gib: u64) -> Volume {
	Volume { size_gib, disk_type: DiskType::Ssd }
}

/// Produces blocks up to `n`, running the contracts pallet's per-block work in each.
pub fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Contracts::on_initialize(next);
	}
}

/// A report of `node` at `at_block`, signed with the node's key.
pub fn signed_report(
	node: NodeId,
	at_block: u32,
	healthy: bool,
	contracts: Vec<ContractReport>,
) -> SignedReport {
	signed_by(&node_pair(node), node, at_block, healthy, contracts)
}

/// The same, signed with any key (a forgery when it is not the node's).
pub fn signed_by(
	pair: &ed25519::Pair,
	node: NodeId,
	at_block: u32,
	healthy: bool,
	contracts: Vec<ContractReport>,
) -> SignedReport {
	Report {
		version: VERSION,
		genesis: crate::Pallet::<Test>::genesis_hash(),
		node,
		at_block,
		healthy,
		contracts: contracts.try_into().expect("within the bound"),
	}
	.sign(pair)
}

pub fn deployed(contract: u64, since: u32) -> ContractReport {
	ContractReport { contract, state: VolumeState::Deployed { since }, used_bytes: 4096 }
}

pub fn removed(contract: u64, at: u32) -> ContractReport {
	ContractReport { contract, state: VolumeState::Removed { at }, used_bytes: 0 }
}

pub fn oracle_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Oracle(e) = r.event { Some(e) } else { None })
		.collect()
}

/// A report observation carrying the entries at `indices`, each with its proof.
pub fn observe(signed: &SignedReport, indices: &[u32]) -> crate::Observation<Test> {
	let entries: Vec<_> = indices.iter().map(|i| signed.prove(*i).expect("entry exists")).collect();
	crate::Observation::Report {
		report: signed.signed_header(),
		entries: entries.try_into().expect("within MaxEntries"),
	}
}

/// The submit call, signed by the authority with dev seed `seed` as observed at the current
/// block.
pub fn submit_call(seed: &str, observations: Vec<crate::Observation<Test>>) -> crate::Call<Test> {
	submit_call_at(seed, System::block_number(), observations)
}

/// The submit call, signed by the authority with dev seed `seed` as observed at block `at`.
pub fn submit_call_at(
	seed: &str,
	at: BlockNumber,
	observations: Vec<crate::Observation<Test>>,
) -> crate::Call<Test> {
	let batch: crate::Batch<Test> = observations.try_into().expect("within MaxBatch");
	let pair = sc4it_primitives::oracle::Pair::from_string(seed, None).expect("dev seed");
	let signature = pair.sign(&crate::types::submit_payload::<Test>(&batch, &at));
	crate::Call::submit { batch, at, authority: pair.public(), signature }
}
