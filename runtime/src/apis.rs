//! The runtime APIs: the usual ones a Substrate node needs, sc4it's contracts API, and a dry run
//! that lets clients find out whether a call would fail before they pay for it.

use super::*;
use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use pallet_sc4it_contracts::{ContractView, EscrowPage, FarmLedger};
use sc4it_primitives::{ContractId, FarmId, NodeId, UsageOracle};
use sp_api::impl_runtime_apis;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};

sp_api::decl_runtime_apis! {
	/// Runs a call as a signed account would, against the state of the block it is called at,
	/// and keeps nothing: the command line checks a transaction with it before submitting, so
	/// that bad input costs no fee and changes nothing on chain. Fees, nonces and signatures are
	/// not checked: only what the call itself does.
	pub trait DryRunApi {
		fn dry_run(who: AccountId, call: RuntimeCall) -> Result<(), sp_runtime::DispatchError>;
	}
}

impl Runtime {
	/// What `DryRunApi::dry_run` does. The node throws away a runtime API call's state changes.
	/// A call that runs another (a proxy's, a multisig's, a batch's) succeeds itself and tells
	/// of the other's failure in an event: that failure is the dry run's answer too, so that a
	/// command acting through a proxy or a multisig is refused before it costs a fee.
	pub fn dry_run(who: AccountId, call: RuntimeCall) -> Result<(), sp_runtime::DispatchError> {
		use sp_runtime::traits::Dispatchable;
		System::reset_events();
		call.dispatch(RuntimeOrigin::signed(who)).map_err(|e| e.error)?;
		System::read_events_no_consensus()
			.find_map(|record| inner_failure(&record.event))
			.map_or(Ok(()), Err)
	}
}

/// The failure of a call that another ran, as its event tells it.
fn inner_failure(event: &RuntimeEvent) -> Option<sp_runtime::DispatchError> {
	match event {
		RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result: Err(error) })
		| RuntimeEvent::Multisig(pallet_multisig::Event::MultisigExecuted {
			result: Err(error),
			..
		})
		| RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { error, .. })
		| RuntimeEvent::Utility(pallet_utility::Event::ItemFailed { error }) => Some(*error),
		_ => None,
	}
}

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			opaque::SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			opaque::SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// No session pallet: there is nothing to prove key ownership against.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[api_version(3)]
	impl pallet_sc4it_contracts::runtime_api::ContractsApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn contract(id: ContractId) -> Option<ContractView<AccountId, Balance, BlockNumber>> {
			Contracts::contract_view(id)
		}

		fn user_contracts(user: AccountId, after: Option<ContractId>, limit: u32) -> Vec<ContractId> {
			Contracts::user_contracts(&user, after, limit)
		}

		fn node_contracts(node: NodeId, after: Option<ContractId>, limit: u32) -> Vec<ContractId> {
			Contracts::node_contracts(node, after, limit)
		}

		fn farm_ledger(farm: FarmId) -> FarmLedger<Balance> {
			Contracts::farm_ledger(farm)
		}

		fn confirmed_until(node: NodeId) -> Option<BlockNumber> {
			<Contracts as UsageOracle<BlockNumber>>::confirmed_until(node)
		}

		fn escrow_of(user: AccountId, after: Option<ContractId>, limit: u32) -> EscrowPage<Balance> {
			Contracts::escrow_of(&user, after, limit)
		}

		fn quote(
			node: NodeId,
			volume: Volume,
		) -> Result<pallet_sc4it_contracts::ContractQuote<Balance>, sp_runtime::DispatchError> {
			Contracts::quote_for(node, volume)
		}
	}

	impl self::DryRunApi<Block> for Runtime {
		fn dry_run(who: AccountId, call: RuntimeCall) -> Result<(), sp_runtime::DispatchError> {
			Runtime::dry_run(who, call)
		}
	}

	/// For try-runtime-cli: the migrations and every pallet's `try_state` checks. A failure
	/// panics, the only way this API reports one; it exists only in a runtime built with
	/// `--features try-runtime`, which no chain runs.
	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			match Executive::try_runtime_upgrade(checks) {
				Ok(weight) => (weight, RuntimeBlockWeights::get().max_block),
				Err(e) => panic!("try-runtime: the upgrade failed its checks: {e:?}"),
			}
		}

		fn execute_block(
			block: <Block as sp_runtime::traits::Block>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			match Executive::try_execute_block(block, state_root_check, signature_check, select) {
				Ok(weight) => weight,
				Err(e) => panic!("try-runtime: the block failed: {e:?}"),
			}
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}
}
