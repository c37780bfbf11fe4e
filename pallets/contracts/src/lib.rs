//! # sc4it contracts
//!
//! Contracts between users and farms for a storage volume on one node: their funds on hold,
//! per-block billing gated by the node's measured health, grace, decommission and farm payouts.
//!
//! ## Billing in one paragraph
//! A contract pays its `rate` for every block in which its volume was deployed and its node was
//! healthy, and for no other block. The oracle confirms each node's health as a contiguous
//! timeline ([`sc4it_primitives::UsageOracle`]); the pallet keeps, per node, the count of healthy
//! blocks so far ([`NodeTimeline`]). A contract stores the count it is settled up to, so what it
//! owes is `rate × (count now − count settled)`: O(1), whatever the number of contracts. The
//! block at which a contract's funds run out is a point on the same axis; contracts are indexed
//! by it per node, so a report touches only the contracts that change. docs/billing.md has the
//! model with a worked example.
//!
//! ## Files
//! - [`types`]: storage and query types.
//! - `lifecycle.rs`: the calls (create, top up, cancel), the end of a contract, and the
//!   [`sc4it_primitives::NodeLifecycle`] implementation.
//! - `billing.rs`: the health timeline, settlement, runway marks and the
//!   [`sc4it_primitives::UsageOracle`] implementation.
//! - `tick.rs`: the per-block work (grace expiry, node drains, payout sweep) under a weight meter.
//! - `queries.rs` and [`runtime_api`]: what nodes, agents and the CLI read.
//! - [`weights`]: weights (placeholders until the benchmarks issue).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod billing;
mod lifecycle;
mod queries;
pub mod runtime_api;
mod tick;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sc4it_primitives::{
		ContractId, FarmId, GridRegistry, HealthyBlocksKey, NodeId, ReportId, Volume,
	};
	use sp_runtime::traits::AccountIdConversion;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The funds of a user's contracts, not yet charged.
		ContractFunds,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency contracts are paid in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		type RuntimeHoldReason: From<HoldReason>;
		/// Farms, nodes, capacity and pricing.
		type Registry: GridRegistry<Self::AccountId, BalanceOf<Self>>;
		/// Derives the account that holds charged funds until they are paid out.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Receives the protocol fee.
		type TreasuryAccount: Get<Self::AccountId>;
		/// The most contracts one health report may settle or expire before it stops early.
		#[pallet::constant]
		type MaxWorkPerReport: Get<u32>;
		/// The weight each block may spend on grace expiry, node drains and the payout sweep.
		#[pallet::constant]
		type ServiceWeight: Get<Weight>;
		/// The upper bound of every block count in the billing policy.
		#[pallet::constant]
		type MaxPolicyBlocks: Get<BlockNumberFor<Self>>;
		/// The most ids a paged query returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		type WeightInfo: WeightInfo;
	}

	/// Contracts by id. A record goes once its last charge is settled.
	#[pallet::storage]
	pub type Contracts<T: Config> = StorageMap<_, Twox64Concat, ContractId, Contract<T>>;

	/// The id the next contract gets.
	#[pallet::storage]
	pub type NextContractId<T> = StorageValue<_, ContractId, ValueQuery>;

	/// The contracts of each user.
	#[pallet::storage]
	pub type UserContracts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ContractId, ()>;

	/// The contracts on each node.
	#[pallet::storage]
	pub type NodeContracts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NodeId, Twox64Concat, ContractId, ()>;

	/// Each node's health, as far as the oracle confirmed it.
	#[pallet::storage]
	pub type Timelines<T: Config> =
		StorageMap<_, Twox64Concat, NodeId, NodeTimeline<BlockNumberFor<T>>>;

	/// Per node, the blocks at which a contract's billing starts or ends but whose health is not
	/// yet confirmed, in block order (the key is big-endian: see [`CheckpointKey`]).
	#[pallet::storage]
	pub type Checkpoints<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NodeId, Identity, HealthyBlocksKey, ()>;

	/// Per node, the healthy-block counts at which a contract's runway gets low or its funds run
	/// out, in ascending order (big-endian keys: see [`RunwayKey`]).
	#[pallet::storage]
	pub type RunwayIndex<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NodeId, Identity, HealthyBlocksKey, ()>;

	/// Contracts in grace, by the block their grace ends.
	#[pallet::storage]
	pub type GraceEnds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, ContractId, ()>;

	/// The first block whose grace expiries are not yet processed.
	#[pallet::storage]
	pub type GraceCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Nodes whose contracts are being decommissioned.
	#[pallet::storage]
	pub type Drains<T: Config> = StorageMap<_, Twox64Concat, NodeId, DrainReason>;

	/// How many contract records each farm has, ended ones awaiting their last charge included:
	/// a farm with any cannot be removed, since their charges are still to be paid to it.
	#[pallet::storage]
	pub type FarmContractCount<T: Config> = StorageMap<_, Twox64Concat, FarmId, u32, ValueQuery>;

	/// What each farm has earned and been paid.
	#[pallet::storage]
	pub type FarmPayouts<T: Config> =
		StorageMap<_, Twox64Concat, FarmId, FarmLedger<BalanceOf<T>>, ValueQuery>;

	/// What the treasury has earned in protocol fees and been paid.
	#[pallet::storage]
	pub type TreasuryPayouts<T: Config> = StorageValue<_, FarmLedger<BalanceOf<T>>, ValueQuery>;

	/// Debt left by ended contracts, per user and farm. Never dropped.
	#[pallet::storage]
	pub type Debts<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		FarmId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Where the payout sweep is.
	#[pallet::storage]
	pub type PayoutSweep<T: Config> = StorageValue<_, PayoutPhase, ValueQuery, DefaultPayoutPhase>;

	/// When the next payout round starts.
	#[pallet::storage]
	pub type NextPayoutAt<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The billing policy in force.
	#[pallet::storage]
	pub type Policy<T: Config> = StorageValue<_, BillingPolicy<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::type_value]
	pub fn DefaultPayoutPhase() -> PayoutPhase {
		PayoutPhase::Idle
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		ContractCreated {
			contract: ContractId,
			owner: T::AccountId,
			node: NodeId,
			volume: Volume,
			rate: BalanceOf<T>,
			deposit: BalanceOf<T>,
		},
		ToppedUp {
			contract: ContractId,
			by: T::AccountId,
			amount: BalanceOf<T>,
			held: BalanceOf<T>,
		},
		/// The node deployed the volume; billing starts at block `at`.
		ContractDeployed {
			contract: ContractId,
			at: BlockNumberFor<T>,
			report: ReportId,
		},
		/// `amount` was charged for `billed_blocks` healthy blocks; `report` is the node's last
		/// report, which confirmed them.
		Charged {
			contract: ContractId,
			amount: BalanceOf<T>,
			billed_blocks: u64,
			report: Option<ReportId>,
		},
		/// Charges the funds could not cover became debt.
		DebtAccrued {
			contract: ContractId,
			amount: BalanceOf<T>,
		},
		/// A charge too large to compute was capped: the contract is charged all it holds.
		ChargeOverflow {
			contract: ContractId,
		},
		/// The funds pay for fewer than `low_runway_blocks` more billed blocks.
		LowRunway {
			contract: ContractId,
			billed_blocks_left: u64,
			paid_until: BlockNumberFor<T>,
		},
		/// Funds ran out: the volume goes read-only until a top-up or the end of grace.
		GracePeriodStarted {
			contract: ContractId,
			since: BlockNumberFor<T>,
			ends: BlockNumberFor<T>,
		},
		/// Debt paid from a top-up.
		DebtPaid {
			contract: ContractId,
			amount: BalanceOf<T>,
		},
		/// A top-up paid the debt: the contract is active again.
		ContractReactivated {
			contract: ContractId,
		},
		/// The contract ended; capacity is released and the volume is to be removed.
		ContractDeleted {
			contract: ContractId,
			at: BlockNumberFor<T>,
			reason: DeleteReason,
		},
		/// The node removed the contract's volume at block `at`; billing stops there at the latest.
		VolumeRemoved {
			contract: ContractId,
			at: BlockNumberFor<T>,
			report: ReportId,
		},
		/// Unused funds went back to the owner.
		Refunded {
			contract: ContractId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// An ended contract's debt was recorded against its owner.
		DebtRecorded {
			contract: ContractId,
			user: T::AccountId,
			farm: FarmId,
			amount: BalanceOf<T>,
		},
		/// The contract's last charge is settled and its record removed.
		ContractClosed {
			contract: ContractId,
			charged: BalanceOf<T>,
			owed: BalanceOf<T>,
		},
		/// The oracle confirmed a node's health for blocks `[from, to)`.
		NodeHealthRecorded {
			node: NodeId,
			from: BlockNumberFor<T>,
			to: BlockNumberFor<T>,
			healthy: bool,
			healthy_blocks: u64,
			report: ReportId,
		},
		/// The node's contracts are being decommissioned.
		NodeDrainStarted {
			node: NodeId,
			reason: DrainReason,
		},
		NodeDrainFinished {
			node: NodeId,
		},
		PayoutRoundStarted {
			at: BlockNumberFor<T>,
		},
		PayoutRoundFinished {
			at: BlockNumberFor<T>,
		},
		FarmPaid {
			farm: FarmId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		TreasuryPaid {
			to: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// A payout could not be made; the amount stays owed and is retried next round.
		PayoutFailed {
			farm: Option<FarmId>,
			amount: BalanceOf<T>,
			error: DispatchError,
		},
		/// Per-block work on a contract failed; the contract is left as it was.
		ServiceFailed {
			contract: ContractId,
			error: DispatchError,
		},
		BillingPolicyChanged {
			policy: BillingPolicy<BlockNumberFor<T>>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No contract has this id (or it has ended and been settled).
		UnknownContract,
		/// The registry knows no such node, or it has no billing timeline.
		UnknownNode,
		/// Only the contract's owner may do this.
		NotOwner,
		/// The deposit pays for fewer blocks than the policy's `min_deposit_blocks`.
		DepositTooSmall,
		/// A top-up of zero.
		ZeroAmount,
		/// The contract has ended.
		ContractEnded,
		/// The contract is not waiting for deployment.
		NotAwaitingDeployment,
		/// The node's contracts are being decommissioned: it takes no new contracts.
		NodeDraining,
		/// No pricing or billing policy is set.
		NoPolicy,
		/// A policy value is zero or above `MaxPolicyBlocks`.
		PolicyOutOfBounds,
		/// The price times the size, or a sum of funds, overflows.
		Overflow,
		/// A health report for blocks that are already confirmed: nothing to do.
		AlreadyRecorded,
		/// A health report that does not start where the node's timeline ends.
		HealthGap,
		/// A health report for an empty range of blocks.
		EmptyPeriod,
		/// A report about a block that has not happened yet.
		FutureBlock,
		/// The funds on hold are less than this pallet's records: a broken invariant.
		HoldMismatch,
		/// The farm is still owed payouts: it cannot be removed before they are made.
		FarmHasPendingPayouts,
		/// The farm still has contracts, perhaps ending: it cannot be removed before they close.
		FarmHasContracts,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The billing policy; required for contracts to be created.
		pub policy: Option<BillingPolicy<BlockNumberFor<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// The pot must exist before the first charge reaches it: give it the existential
			// deposit. (The only panics of this pallet are here: a chain spec that cannot build
			// must refuse to start.)
			let pot = Pallet::<T>::pot();
			let ed = T::Currency::minimum_balance();
			if T::Currency::balance(&pot) < ed {
				T::Currency::mint_into(&pot, ed)
					.unwrap_or_else(|e| panic!("contracts genesis: cannot fund the pot: {e:?}"));
			}
			if let Some(policy) = self.policy {
				Pallet::<T>::do_set_policy(policy)
					.unwrap_or_else(|e| panic!("contracts genesis: invalid policy: {e:?}"));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::service(now)
		}

		fn integrity_test() {
			// With no work allowed per report, a report that has work to do could never progress.
			assert!(T::MaxWorkPerReport::get() > 0, "MaxWorkPerReport must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a contract for `volume` on `node`, putting `deposit` on hold from the caller
		/// and reserving the node's capacity. It pays nothing until the volume is deployed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_contract())]
		pub fn create_contract(
			origin: OriginFor<T>,
			node: NodeId,
			volume: Volume,
			deposit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_contract(who, node, volume, deposit).map(|_| ())
		}

		/// Adds funds to a contract, from anyone: the funds go on hold in the owner's account.
		/// A contract in grace first pays its debt, and is active again if that is paid.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			contract: ContractId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, contract, amount)
		}

		/// Ends a contract. Confirmed usage is settled now and unused funds are released at
		/// once, except what the not-yet-confirmed blocks up to now could cost at most; that
		/// part is settled when the node's report for them arrives.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, contract: ContractId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, contract)
		}

		/// Sets the billing policy. Root only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_policy())]
		pub fn set_policy(
			origin: OriginFor<T>,
			policy: BillingPolicy<BlockNumberFor<T>>,
		) -> DispatchResult {
			ensure_root(origin)?;
			Self::do_set_policy(policy)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account that holds charged funds until they are paid out.
		pub fn pot() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Releases `amount` of `who`'s contract funds back to them.
		pub(crate) fn release(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::release(&HoldReason::ContractFunds.into(), who, amount, Precision::Exact)
				.map(|_| ())
		}
	}
}
