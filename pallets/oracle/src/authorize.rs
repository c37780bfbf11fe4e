//! What makes an oracle transaction valid. The pool runs this before a transaction may enter
//! (so a non-authority's transaction costs the chain nothing), and `AuthorizeCall` runs it again
//! when the transaction is applied in a block.

use crate::*;
use alloc::collections::BTreeSet;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{NodeDirectory, UsageOracle};
use sc4it_report::ReportError;
use sp_runtime::{traits::Saturating, RuntimeAppPublic, SaturatedConversion};

/// `InvalidTransaction::Custom` codes of oracle transactions.
pub mod invalid {
	/// The observed node is unknown.
	pub const UNKNOWN_NODE: u8 = 1;
	/// The same node twice in a batch, or contract entries out of order.
	pub const DUPLICATE: u8 = 2;
	/// A contract entry is not covered by the report's signature.
	pub const BAD_ENTRY: u8 = 3;
	/// Nothing to do: no decommission is overdue, or the batch is empty.
	pub const NOTHING_TO_DO: u8 = 4;
}

impl<T: Config> Pallet<T> {
	pub(crate) fn authorize_submit(
		_source: TransactionSource,
		batch: &Batch<T>,
		authority: &AuthorityId,
		signature: &AuthoritySignature,
	) -> TransactionValidityWithRefund {
		Self::check_authority(authority, signature, &submit_payload::<T>(batch))?;
		if batch.is_empty() {
			return Err(InvalidTransaction::Custom(invalid::NOTHING_TO_DO).into());
		}
		let now = frame_system::Pallet::<T>::block_number();
		let mut nodes = BTreeSet::new();
		let mut reports = 0u64;
		let mut validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.longevity(Self::longevity())
			.propagate(true);
		for observation in batch {
			let node = observation.node();
			if !nodes.insert(node) {
				return Err(InvalidTransaction::Custom(invalid::DUPLICATE).into());
			}
			Self::check_observation(observation, now).map_err(Self::invalid)?;
			// Two authorities submitting the same node's period provide the same tag: the pool
			// keeps one of them.
			validity = validity.and_provides((b"period", node, observation.until()));
			if matches!(observation, Observation::Report { .. }) {
				reports = reports.saturating_add(1);
			}
		}
		// A signed report replaces a "down" claim for the same period in the pool.
		let validity = validity.priority(T::Priority::get().saturating_add(reports)).build()?;
		Ok((validity, Weight::zero()))
	}

	pub(crate) fn authorize_decommission(
		_source: TransactionSource,
		at: &BlockNumberFor<T>,
		authority: &AuthorityId,
		signature: &AuthoritySignature,
	) -> TransactionValidityWithRefund {
		Self::check_authority(authority, signature, &decommission_payload::<T>(at))?;
		let now = frame_system::Pallet::<T>::block_number();
		if *at > now {
			return Err(InvalidTransaction::Future.into());
		}
		let longevity: BlockNumberFor<T> = Self::longevity().saturated_into();
		if at.saturating_add(longevity) < now {
			return Err(InvalidTransaction::Stale.into());
		}
		if !T::Contracts::decommissions_overdue() {
			return Err(InvalidTransaction::Custom(invalid::NOTHING_TO_DO).into());
		}
		let validity = ValidTransaction::with_tag_prefix("sc4it-oracle")
			.and_provides((b"decommission", *at))
			.priority(T::Priority::get())
			.longevity(Self::longevity())
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// The authority is in the set and signed `payload`.
	fn check_authority(
		authority: &AuthorityId,
		signature: &AuthoritySignature,
		payload: &[u8],
	) -> Result<(), TransactionValidityError> {
		if !Authorities::<T>::get().contains(authority) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		if !authority.verify(&payload, signature) {
			return Err(InvalidTransaction::BadProof.into());
		}
		Ok(())
	}

	/// Whether an observation can be applied at block `now`: the node is known, the report is
	/// fresh, about that node, signed by its key and covers each entry; a "down" claim covers
	/// blocks not yet confirmed and not in the future.
	pub(crate) fn check_observation(
		observation: &Observation<T>,
		now: BlockNumberFor<T>,
	) -> Result<(), Error<T>> {
		let node = observation.node();
		let confirmed = T::Contracts::confirmed_until(node).ok_or(Error::<T>::UnknownNode)?;
		match observation {
			Observation::Report { report, entries } => {
				let key = T::Registry::report_key(node).ok_or(Error::<T>::UnknownNode)?;
				report
					.check(node, &key, confirmed.saturated_into(), now.saturated_into())
					.map_err(|e| match e {
						ReportError::Stale => Error::<T>::Stale,
						ReportError::FromTheFuture => Error::<T>::FromTheFuture,
						_ => Error::<T>::BadReport,
					})?;
				let mut last_index = None;
				for entry in entries {
					ensure!(last_index < Some(entry.index), Error::<T>::Duplicate);
					last_index = Some(entry.index);
					ensure!(entry.verify(&report.header), Error::<T>::BadProof);
				}
			},
			Observation::Down { until, .. } => {
				ensure!(*until > confirmed, Error::<T>::Stale);
				ensure!(*until <= now, Error::<T>::FromTheFuture);
			},
		}
		Ok(())
	}

	fn invalid(error: Error<T>) -> TransactionValidityError {
		match error {
			Error::<T>::Stale => InvalidTransaction::Stale,
			Error::<T>::FromTheFuture => InvalidTransaction::Future,
			Error::<T>::BadReport => InvalidTransaction::BadProof,
			Error::<T>::UnknownNode => InvalidTransaction::Custom(invalid::UNKNOWN_NODE),
			Error::<T>::Duplicate => InvalidTransaction::Custom(invalid::DUPLICATE),
			_ => InvalidTransaction::Custom(invalid::BAD_ENTRY),
		}
		.into()
	}

	/// How long an oracle transaction stays valid in the pool: one billing period (at least 4
	/// blocks), after which the next run submits a fresh one.
	pub(crate) fn longevity() -> u64 {
		BillingPeriod::<T>::get().saturated_into::<u64>().max(4)
	}
}
