//! # sc4it oracle
//!
//! The billing oracle. Validators whose keystore holds an oracle key (key type `sc4o`) that is in
//! this pallet's authority set run an offchain worker (OCW) that, every billing period, fetches the
//! signed report of each node due over HTTP, verifies it, and submits what it saw as a fee-less
//! authorized transaction. On dispatch the runtime verifies the node's signature again and passes
//! the facts to the contracts pallet through [`UsageOracle`]: a validator can neither invent nor
//! inflate usage, only say that a node did not answer.
//!
//! ## Progress and duplicates
//! Which node is due is read from chain state (the block up to which its health is confirmed),
//! never from "this block's number": a skipped run is caught up by the next, and any one honest
//! authority is enough. Every observation provides the pool tag `(node, block)`: two authorities
//! submitting the same node's period yield one transaction, and an observation that is no longer
//! fresh is refused by the pool and skipped on dispatch. An offchain storage lock keeps
//! overlapping runs of one validator from submitting twice.
//!
//! ## Files
//! - [`types`]: observations, batches, why a node counts as down.
//! - `authorize.rs`: what makes a submission valid (used by the pool and again on dispatch).
//! - `apply.rs`: applying a verified observation to the contracts pallet.
//! - `ocw.rs`: the offchain worker: which nodes are due, verification, batching, submission.
//! - `fetch.rs`: fetching reports over HTTP, all at once, under one deadline.
//! - [`weights`]: weights (placeholders until the benchmarks issue).
//!
//! docs/oracle.md tells validators how to run it; docs/report-protocol.md specifies the reports.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod apply;
mod authorize;
mod fetch;
mod ocw;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod ocw_tests;
#[cfg(test)]
mod tests;

pub use sc4it_primitives::oracle::{AuthorityId, Signature as AuthoritySignature};
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, weights::Weight};
	use frame_system::{
		ensure_authorized, offchain::CreateAuthorizedTransaction, pallet_prelude::*,
	};
	use sc4it_primitives::{ContractId, NodeDirectory, NodeId, ReportId, UsageOracle};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config + CreateAuthorizedTransaction<Call<Self>> {
		/// Where nodes serve their reports and the keys that sign them.
		type Registry: NodeDirectory;
		/// Where verified reports go.
		type Contracts: UsageOracle<BlockNumberFor<Self>>;
		/// The largest authority set.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;
		/// The most observations (one per node) in one transaction.
		#[pallet::constant]
		type MaxBatch: Get<u32>;
		/// The most contract entries of one report put on chain in one observation: the entries
		/// whose state changes something. Further changes wait for the next period.
		#[pallet::constant]
		type MaxEntries: Get<u32>;
		/// The most nodes one OCW run fetches; the most overdue go first.
		#[pallet::constant]
		type MaxNodesPerRun: Get<u32>;
		/// How long one OCW run waits for all its reports, in milliseconds.
		#[pallet::constant]
		type FetchTimeoutMillis: Get<u64>;
		/// The longest billing period root may set.
		#[pallet::constant]
		type MaxBillingPeriod: Get<BlockNumberFor<Self>>;
		/// The pool priority of oracle transactions.
		#[pallet::constant]
		type Priority: Get<TransactionPriority>;
		/// The weight one decommission transaction may spend.
		#[pallet::constant]
		type DecommissionBudget: Get<Weight>;
		type WeightInfo: WeightInfo;
	}

	/// The oracle authorities: the keys whose submissions the pool accepts.
	#[pallet::storage]
	pub type Authorities<T: Config> =
		StorageValue<_, BoundedVec<AuthorityId, T::MaxAuthorities>, ValueQuery>;

	/// How often each node's report is fetched and billed, in blocks. Zero: the oracle is off.
	#[pallet::storage]
	pub type BillingPeriod<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub authorities: Vec<AuthorityId>,
		pub billing_period: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec that cannot build fails here, before the chain exists: the only
			// panics of this pallet.
			let set = Pallet::<T>::checked_set(self.authorities.clone())
				.unwrap_or_else(|e| panic!("oracle genesis: invalid authorities: {e:?}"));
			Authorities::<T>::put(set);
			if self.billing_period > T::MaxBillingPeriod::get() {
				panic!("oracle genesis: billing period above MaxBillingPeriod");
			}
			BillingPeriod::<T>::put(self.billing_period);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A node's signed report was applied: its health up to `applied_until` (short of
		/// `at_block` when the contracts pallet's per-report work bound was reached) and
		/// `entries` contract events.
		ReportApplied {
			node: NodeId,
			report: ReportId,
			at_block: BlockNumberFor<T>,
			healthy: bool,
			applied_until: BlockNumberFor<T>,
			entries: u32,
		},
		/// A node gave no valid report for a period: it counts as down up to `applied_until`.
		NodeDown {
			node: NodeId,
			until: BlockNumberFor<T>,
			applied_until: BlockNumberFor<T>,
			cause: DownCause,
		},
		/// A contract entry of a report was not applied.
		EntryRefused { node: NodeId, contract: ContractId, error: DispatchError },
		/// An observation of a batch was not applied (it became stale, or the contracts pallet
		/// refused it); the rest of the batch was.
		ObservationSkipped { node: NodeId, error: DispatchError },
		/// Overdue decommissions were done by an oracle transaction.
		DecommissionsCaughtUp { weight_used: Weight },
		/// Root changed the authority set.
		AuthoritiesChanged { count: u32 },
		/// Root changed the billing period.
		BillingPeriodChanged { period: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// More authorities than `MaxAuthorities`.
		TooManyAuthorities,
		/// The same key twice in the authority set.
		DuplicateAuthority,
		/// The billing period is above `MaxBillingPeriod`.
		PeriodTooLong,
		/// The node is not registered, or has no billing timeline.
		UnknownNode,
		/// The report or claim covers no block that is not already confirmed.
		Stale,
		/// The report or claim is about a block that has not happened yet.
		FromTheFuture,
		/// The node's report does not verify (version, node or signature).
		BadReport,
		/// A contract entry is not covered by the report's signed root.
		BadProof,
		/// The contract is not on the reporting node.
		WrongNode,
		/// The contract does not exist (any more).
		UnknownContract,
		/// The same node twice in one batch, or entries out of order.
		Duplicate,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Submits what the oracle saw in one billing period: per node, a signed report with
		/// the contract entries that change something, or that the node gave no valid report.
		///
		/// Fee-less: valid only when signed by an authority and when every observation is fresh
		/// and verifies (`authorize.rs`). Each observation is applied in its own storage layer;
		/// one that fails is skipped with an event.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::submit_weight(batch))]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_submit_weight(batch))]
		#[pallet::authorize(Pallet::<T>::authorize_submit)]
		pub fn submit(
			origin: OriginFor<T>,
			batch: Batch<T>,
			authority: AuthorityId,
			signature: AuthoritySignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			let _ = (authority, signature);
			let now = frame_system::Pallet::<T>::block_number();
			for observation in batch {
				Self::apply_observation(observation, now);
			}
			Ok(())
		}

		/// Does grace expiries and node drains the contracts pallet's per-block service has not
		/// reached, with at most `DecommissionBudget` of weight. Fee-less: valid only when signed
		/// by an authority, for a recent block, while decommissions are overdue.
		#[pallet::call_index(1)]
		#[pallet::weight(T::DecommissionBudget::get())]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_decommission())]
		#[pallet::authorize(Pallet::<T>::authorize_decommission)]
		pub fn decommission(
			origin: OriginFor<T>,
			at: BlockNumberFor<T>,
			authority: AuthorityId,
			signature: AuthoritySignature,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let _ = (at, authority, signature);
			let used = T::Contracts::decommission_overdue(T::DecommissionBudget::get());
			Self::deposit_event(Event::DecommissionsCaughtUp { weight_used: used });
			Ok(Some(used.saturating_add(T::WeightInfo::authorize_decommission())).into())
		}

		/// Replaces the authority set. Root only. docs/oracle.md: how it follows the validators.
		#[pallet::call_index(2)]
		pub fn set_authorities(
			origin: OriginFor<T>,
			authorities: Vec<AuthorityId>,
		) -> DispatchResult {
			ensure_root(origin)?;
			let set = Self::checked_set(authorities)?;
			let count = set.len() as u32;
			Authorities::<T>::put(set);
			Self::deposit_event(Event::AuthoritiesChanged { count });
			Ok(())
		}

		/// Sets the billing period in blocks (zero turns the oracle off). Root only.
		#[pallet::call_index(3)]
		pub fn set_billing_period(
			origin: OriginFor<T>,
			period: BlockNumberFor<T>,
		) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(period <= T::MaxBillingPeriod::get(), Error::<T>::PeriodTooLong);
			BillingPeriod::<T>::put(period);
			Self::deposit_event(Event::BillingPeriodChanged { period });
			Ok(())
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Runs on a validator after it imports a new best block: see `ocw.rs`.
		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_offchain_worker(now);
		}
	}

	impl<T: Config> Pallet<T> {
		/// The authority set from a list: no duplicates, within the bound.
		pub(crate) fn checked_set(
			authorities: Vec<AuthorityId>,
		) -> Result<BoundedVec<AuthorityId, T::MaxAuthorities>, Error<T>> {
			let mut sorted = authorities.clone();
			sorted.sort();
			sorted.dedup();
			ensure!(sorted.len() == authorities.len(), Error::<T>::DuplicateAuthority);
			BoundedVec::try_from(authorities).map_err(|_| Error::<T>::TooManyAuthorities)
		}

		/// The weight of dispatching `batch`: its own verification, and the most the contracts
		/// pallet may spend on it.
		pub(crate) fn submit_weight(batch: &Batch<T>) -> Weight {
			let (observations, entries) = Self::batch_size(batch);
			T::WeightInfo::submit(observations, entries)
				.saturating_add(
					T::Contracts::record_health_weight().saturating_mul(u64::from(observations)),
				)
				.saturating_add(
					T::Contracts::record_event_weight().saturating_mul(u64::from(entries)),
				)
		}

		/// The weight of validating `batch` in the pool.
		pub(crate) fn authorize_submit_weight(batch: &Batch<T>) -> Weight {
			let (observations, entries) = Self::batch_size(batch);
			T::WeightInfo::authorize_submit(observations, entries)
		}

		fn batch_size(batch: &Batch<T>) -> (u32, u32) {
			let entries = batch.iter().map(|o| o.entry_count()).fold(0u32, u32::saturating_add);
			(batch.len() as u32, entries)
		}
	}
}
