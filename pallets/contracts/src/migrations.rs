//! Storage migrations of the contracts pallet.
//!
//! [`v1::MigrateToEscrow`], storage version 0 to 1: contracts' funds move from holds in their
//! owners' accounts to the pallet's escrow, each deployed contract whose funds last joins its
//! node's stream, and the list of billed contracts the old payout sweep walked goes. It runs in
//! one block, a few reads and writes per contract and node (docs/governance.md gives the bound
//! and the multi-block path for a chain past it).

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage_alias,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		UncheckedOnRuntimeUpgrade,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FarmId, GridRegistry, NodeId, ReportId, Volume};
use sp_runtime::{traits::Zero, Perbill};

/// Storage version 0, as the migration reads it.
pub mod v0 {
	use super::*;

	/// A contract before the escrow: no `streaming` flag; `held` was on hold in the owner's
	/// account.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Contract<T: Config> {
		pub owner: T::AccountId,
		pub node: NodeId,
		pub farm: FarmId,
		pub volume: Volume,
		pub rate: BalanceOf<T>,
		pub fee: Perbill,
		pub terms: ContractTerms<BlockNumberFor<T>>,
		pub created_at: BlockNumberFor<T>,
		pub state: ContractState<BlockNumberFor<T>>,
		pub deployed_at: Option<BlockNumberFor<T>>,
		pub settled_count: Option<HealthyBlocks>,
		pub held: BalanceOf<T>,
		pub charged: BalanceOf<T>,
		pub owed: BalanceOf<T>,
		pub runway: Option<RunwayMarks>,
		pub storage_deposit: BalanceOf<T>,
	}

	/// A node's timeline before the escrow: no farm, summed rate or earnings.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	pub struct NodeTimeline<BlockNumber> {
		pub confirmed_until: BlockNumber,
		pub healthy_blocks: HealthyBlocks,
		pub segment_start: BlockNumber,
		pub segment_healthy: bool,
		pub down_blocks: u64,
		pub last_report: Option<ReportId>,
		pub draining: Option<DrainReason>,
		pub downtime_limit: Option<u64>,
	}

	/// The payout sweep before the escrow: it settled contracts.
	#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	pub enum PayoutPhase {
		Idle,
		Settling { after: Option<ContractId> },
		Paying { after: Option<FarmId> },
	}

	#[storage_alias]
	pub type Contracts<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ContractId, Contract<T>>;

	#[storage_alias]
	pub type Timelines<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, NodeId, NodeTimeline<BlockNumberFor<T>>>;

	/// The contracts the old payout sweep settled.
	#[storage_alias]
	pub type BilledContracts<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ContractId, ()>;

	#[storage_alias]
	pub type PayoutSweep<T: Config> = StorageValue<Pallet<T>, PayoutPhase>;
}

/// Storage version 1: the escrow.
pub mod v1 {
	use super::*;

	/// Moves every contract's funds from its owner's hold to the escrow and starts the streams.
	/// Wrapped in `VersionedMigration<0, 1, ..>` ([`MigrateV0ToV1`]) it runs once.
	pub struct MigrateToEscrow<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MigrateToEscrow<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			// Nodes first: a contract joining its node's stream needs the new timeline.
			let farms: alloc::collections::BTreeMap<NodeId, FarmId> =
				v0::Contracts::<T>::iter_values().map(|c| (c.node, c.farm)).collect();
			reads = reads.saturating_add(farms.len() as u64);
			Timelines::<T>::translate::<v0::NodeTimeline<BlockNumberFor<T>>, _>(|node, old| {
				reads = reads.saturating_add(2);
				writes = writes.saturating_add(1);
				// A removed node's farm is known only from its contracts; one without any
				// earns nothing, so its farm is never used.
				let farm = farms
					.get(&node)
					.copied()
					.or_else(|| T::Registry::node_farm(node))
					.unwrap_or_default();
				Some(NodeTimeline {
					farm,
					confirmed_until: old.confirmed_until,
					healthy_blocks: old.healthy_blocks,
					segment_start: old.segment_start,
					segment_healthy: old.segment_healthy,
					down_blocks: old.down_blocks,
					last_report: old.last_report,
					draining: old.draining,
					downtime_limit: old.downtime_limit,
					rate_sum: Zero::zero(),
					fee_sum: Zero::zero(),
					earned: Zero::zero(),
					fees: Zero::zero(),
					// Not known yet: the first report reads the indexes.
					next_checkpoint: 0,
					next_mark: 0,
				})
			});
			let mut owners = alloc::collections::BTreeSet::new();
			Contracts::<T>::translate::<v0::Contract<T>, _>(|id, old| {
				reads = reads.saturating_add(3);
				writes = writes.saturating_add(4);
				owners.insert(old.owner.clone());
				Some(Self::migrate_contract(id, old))
			});
			// A hold left beyond its contracts' records (a broken invariant of version 0) goes
			// back to its owner: nothing holds for this reason any more.
			for owner in owners {
				let reason = HoldReason::ContractFunds.into();
				let left = T::Currency::balance_on_hold(&reason, &owner);
				if !left.is_zero() {
					let _ = T::Currency::release(&reason, &owner, left, Precision::BestEffort);
					writes = writes.saturating_add(1);
				}
				reads = reads.saturating_add(1);
			}
			let billed = v0::BilledContracts::<T>::clear(u32::MAX, None);
			writes = writes.saturating_add(u64::from(billed.backend));
			if let Some(v0::PayoutPhase::Settling { .. }) = v0::PayoutSweep::<T>::get() {
				// The round goes on by collecting nodes' earnings instead.
				PayoutSweep::<T>::put(PayoutPhase::Collecting { after: None });
			}
			T::DbWeight::get().reads_writes(reads.saturating_add(1), writes.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use frame_support::traits::fungible::Inspect;
			use sp_runtime::traits::Saturating;
			let held = v0::Contracts::<T>::iter_values()
				.fold(BalanceOf::<T>::zero(), |sum, c| sum.saturating_add(c.held));
			let pot = T::Currency::balance(&Pallet::<T>::pot());
			Ok((held, pot).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use frame_support::traits::fungible::Inspect;
			use sp_runtime::traits::Saturating;
			let (held, pot): (BalanceOf<T>, BalanceOf<T>) =
				Decode::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state")?;
			ensure!(
				T::Currency::balance(&Pallet::<T>::pot()) == pot.saturating_add(held),
				"the escrow did not receive every contract's funds"
			);
			Pallet::<T>::do_try_state()
		}
	}

	impl<T: Config> MigrateToEscrow<T> {
		/// One contract: its funds to the escrow, and into its node's stream if it was billing
		/// with funds left. What cannot move (a hold smaller than the record, a broken invariant
		/// of version 0) is what the contract keeps: its record follows the money.
		fn migrate_contract(id: ContractId, old: v0::Contract<T>) -> Contract<T> {
			let reason = HoldReason::ContractFunds.into();
			let on_hold = T::Currency::balance_on_hold(&reason, &old.owner);
			let moved = T::Currency::transfer_on_hold(
				&reason,
				&old.owner,
				&Pallet::<T>::pot(),
				old.held.min(on_hold),
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_else(|error| {
				log::error!(target: "runtime::contracts", "contract {id}: funds not moved: {error:?}");
				Zero::zero()
			});
			let mut c = Contract::<T> {
				owner: old.owner,
				node: old.node,
				farm: old.farm,
				volume: old.volume,
				rate: old.rate,
				fee: old.fee,
				terms: old.terms,
				created_at: old.created_at,
				state: old.state,
				deployed_at: old.deployed_at,
				settled_count: old.settled_count,
				held: moved,
				charged: old.charged,
				owed: old.owed,
				runway: old.runway,
				storage_deposit: old.storage_deposit,
				streaming: false,
			};
			let Some(settled) = c.settled_count else { return c };
			let funds_last = settled.saturating_add(Pallet::<T>::runway_blocks(&c, c.held));
			if c.state == ContractState::Deployed && c.runway.is_some() {
				// Not on a node being drained (its contracts end there, charged directly), nor
				// with funds that no longer cover what its node confirmed (a short hold).
				let tl = Timelines::<T>::get(c.node)
					.filter(|tl| tl.draining.is_none() && funds_last > tl.healthy_blocks);
				if let Some(mut tl) = tl {
					match Pallet::<T>::start_stream(&mut c, &mut tl) {
						Ok(()) => Timelines::<T>::insert(c.node, tl),
						Err(error) => log::error!(
							target: "runtime::contracts",
							"contract {id}: not streaming: {error:?}"
						),
					}
				}
			}
			c
		}
	}

	/// [`MigrateToEscrow`] from storage version 0 to 1, once.
	pub type MigrateV0ToV1<T> = frame_support::migrations::VersionedMigration<
		0,
		1,
		MigrateToEscrow<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
