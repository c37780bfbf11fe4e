//! The runtime API through which nodes, the agent and the CLI read contracts.

use crate::{ContractQuote, ContractView, EscrowPage, FarmLedger};
use alloc::vec::Vec;
use codec::Codec;
use sc4it_primitives::{ContractId, FarmId, NodeId, Volume};
use sp_runtime::DispatchError;

sp_api::decl_runtime_apis! {
	/// Contracts as users, farmers and agents see them. Version 2 adds `escrow_of`, 3 `quote`.
	#[api_version(2)]
	pub trait ContractsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A contract's state, rate, held, charged, owed and paid-until block.
		fn contract(id: ContractId) -> Option<ContractView<AccountId, Balance, BlockNumber>>;
		/// A user's contracts, a page at a time: those after `after`, at most `limit`.
		fn user_contracts(user: AccountId, after: Option<ContractId>, limit: u32) -> Vec<ContractId>;
		/// A node's contracts, a page at a time.
		fn node_contracts(node: NodeId, after: Option<ContractId>, limit: u32) -> Vec<ContractId>;
		/// What a farm has been paid and what waits for the next payout.
		fn farm_ledger(farm: FarmId) -> FarmLedger<Balance>;
		/// The first block of a node whose health is not yet confirmed.
		fn confirmed_until(node: NodeId) -> Option<BlockNumber>;
		/// A user's funds in the escrow for contracts, a page of contracts at a time: the sum
		/// of the balances of their contracts after `after`, at most `limit` of them, and where
		/// the next page starts.
		#[api_version(2)]
		fn escrow_of(user: AccountId, after: Option<ContractId>, limit: u32) -> EscrowPage<Balance>;
		/// What a contract for `volume` on `node` would be created with now (its farm's price,
		/// its rate and its least deposit), or why it could not be.
		#[api_version(3)]
		fn quote(node: NodeId, volume: Volume) -> Result<ContractQuote<Balance>, DispatchError>;
	}
}
