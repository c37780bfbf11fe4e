//! Acting for a team account: through a proxy (`Proxy::proxy`, FRAME's proxy pallet) or as one
//! signatory of a multisig (`Multisig::as_multi`), as wallets do.

use crate::{
	chain::{dry_run_error, read_optional, Included, Stage},
	governance::RuntimeCall,
	runtime, AccountId, Chain, ChainError,
};
use codec::{Compact, Decode, Encode};
use subxt::{tx::Payload, utils::MultiAddress};
use subxt_signer::sr25519::Keypair;

/// What a proxy may do for the account that added it (the runtime's `ProxyType`).
pub use runtime::runtime_types::sc4it_runtime::teams::ProxyType;

/// The account of the multisig of `signatories` (in any order, without repeats) and
/// `threshold`: what the multisig pallet derives, so that every signatory finds the same one.
pub fn multisig_account(signatories: &[AccountId], threshold: u16) -> AccountId {
	let mut sorted: Vec<[u8; 32]> = signatories.iter().map(|a| a.0).collect();
	sorted.sort();
	sorted.dedup();
	let entropy =
		(b"modlpy/utilisuba", sorted, threshold).using_encoded(sp_crypto_hashing::blake2_256);
	AccountId::from(entropy)
}

/// Where a multisig call is after one signatory's approval.
pub enum MultisigOutcome {
	/// It ran: this approval was the last one needed.
	Executed(Included),
	/// The approval is recorded; the call runs when `threshold` signatories approved it.
	Approved {
		/// The multisig account the call is for.
		account: AccountId,
		/// Approvals so far, this one included.
		approvals: u32,
		/// Approvals the call needs.
		threshold: u16,
	},
}

impl Chain {
	/// The SCALE-encoded call of a payload, and the call itself as the runtime's type.
	async fn runtime_call<Call: Payload>(
		&self,
		call: &Call,
	) -> Result<(Vec<u8>, RuntimeCall), ChainError> {
		let at = self.at_finalized().await?;
		let data =
			at.transactions().call_data(call).map_err(|e| ChainError::Other(e.to_string()))?;
		let decoded = self.decode_call(&data).await?;
		Ok((data, decoded))
	}

	/// The weight of the call `data` (`TransactionPaymentCallApi::query_call_info`): what a
	/// multisig's last approval must allow it.
	async fn call_weight(
		&self,
		data: &[u8],
	) -> Result<runtime::runtime_types::sp_weights::weight_v2::Weight, ChainError> {
		let at = self.at_finalized().await?;
		let mut args = data.to_vec();
		(data.len() as u32).encode_to(&mut args);
		let info = at
			.runtime_apis()
			.call_raw("TransactionPaymentCallApi_query_call_info", Some(&args))
			.await
			.map_err(|e| ChainError::Other(e.to_string()))?;
		// `RuntimeDispatchInfo` starts with its weight: two compact numbers.
		let (ref_time, proof_size) = <(Compact<u64>, Compact<u64>)>::decode(&mut &info[..])
			.map_err(|e| ChainError::Other(e.to_string()))?;
		Ok(runtime::runtime_types::sp_weights::weight_v2::Weight {
			ref_time: ref_time.0,
			proof_size: proof_size.0,
		})
	}

	/// Signs and submits `call` for the account `real`, through the signer's proxy of it: the
	/// signer pays the fee; what `real`'s proxy type allows decides the rest. The call's own
	/// failure (`ProxyExecuted` with an error) fails this too.
	pub async fn submit_proxied<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
		real: &AccountId,
		progress: impl FnMut(Stage),
	) -> Result<Included, ChainError> {
		let (_, inner) = self.runtime_call(call).await?;
		let proxied = runtime::transactions().proxy().proxy(MultiAddress::Id(*real), None, inner);
		let included = self.submit(&proxied, signer, progress).await?;
		let at = self.at_finalized().await?;
		for executed in included.events.find::<runtime::proxy::events::ProxyExecuted>() {
			let executed = executed.map_err(|e| ChainError::Other(e.to_string()))?;
			if let Err(error) = &executed.result {
				return Err(described(error, &at));
			}
		}
		Ok(included)
	}

	/// The signer approves `call` for the multisig of itself, `others` and `threshold`; the
	/// approval that completes the threshold runs it. The first approval holds the multisig
	/// pallet's deposit from the signer until the call runs or is cancelled.
	pub async fn submit_multisig<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
		threshold: u16,
		others: &[AccountId],
		progress: impl FnMut(Stage),
	) -> Result<MultisigOutcome, ChainError> {
		let me = signer.public_key().to_account_id();
		let mut others: Vec<AccountId> = others.iter().filter(|a| **a != me).copied().collect();
		others.sort_by_key(|a| a.0);
		others.dedup();
		if others.is_empty() || usize::from(threshold) > others.len() + 1 || threshold == 0 {
			return Err(ChainError::Other(format!(
				"a threshold of {threshold} cannot be met by {} signatories",
				others.len() + 1
			)));
		}
		let mut all = others.clone();
		all.push(me);
		let account = multisig_account(&all, threshold);
		let (data, inner) = self.runtime_call(call).await?;
		let hash = sp_crypto_hashing::blake2_256(&data);
		// The call as the multisig would make it, dry-run before the first approval holds its
		// deposit (the approval itself succeeds whatever the call would do).
		let at = self.at_finalized().await?;
		let mut args = account.encode();
		args.extend(&data);
		let result = at
			.runtime_apis()
			.call_raw("DryRunApi_dry_run", Some(&args))
			.await
			.map_err(|e| ChainError::Other(e.to_string()))?;
		if let Some(error) = dry_run_error(&result, at.metadata_ref()) {
			return Err(error);
		}
		let included = if threshold <= 1 {
			let single = runtime::transactions().multisig().as_multi_threshold_1(others, inner);
			self.submit(&single, signer, progress).await?
		} else {
			let at = self.at_finalized().await?;
			let open = read_optional(
				&at.storage(),
				runtime::storage().multisig().multisigs(),
				(account, hash),
			)
			.await?;
			let max_weight = self.call_weight(&data).await?;
			let approve = runtime::transactions().multisig().as_multi(
				threshold,
				others,
				open.map(|m| m.when),
				inner,
				max_weight,
			);
			self.submit(&approve, signer, progress).await?
		};
		let at = self.at_finalized().await?;
		let executed = included
			.events
			.find_first::<runtime::multisig::events::MultisigExecuted>()
			.transpose()
			.map_err(|e| ChainError::Other(e.to_string()))?;
		if let Some(executed) = executed {
			if let Err(error) = &executed.result {
				return Err(described(error, &at));
			}
			return Ok(MultisigOutcome::Executed(included));
		}
		if threshold <= 1 {
			return Ok(MultisigOutcome::Executed(included));
		}
		let approvals = read_optional(
			&at.storage(),
			runtime::storage().multisig().multisigs(),
			(account, hash),
		)
		.await?
		.map_or(0, |m| m.approvals.0.len() as u32);
		Ok(MultisigOutcome::Approved { account, approvals, threshold })
	}

	/// `account`'s proxies: each delegate, its type and its delay in blocks.
	pub async fn proxies(
		&self,
		account: &AccountId,
	) -> Result<Vec<(AccountId, ProxyType, u32)>, ChainError> {
		let at = self.at_finalized().await?;
		let entry =
			read_optional(&at.storage(), runtime::storage().proxy().proxies(), (*account,)).await?;
		Ok(entry
			.map(|(list, _deposit)| {
				list.0.into_iter().map(|p| (p.delegate, p.proxy_type, p.delay)).collect()
			})
			.unwrap_or_default())
	}
}

/// A dispatch error as the generated types give it (the error of a call that a proxy or a
/// multisig ran, or of a runtime API), in words: a pallet's error by its name and documentation.
pub(crate) fn described(
	error: &runtime::runtime_types::sp_runtime::DispatchError,
	at: &crate::chain::AtBlock,
) -> ChainError {
	use runtime::runtime_types::sp_runtime::DispatchError;
	if let DispatchError::Module(module) = error {
		// As a failed `Result<(), DispatchError>` of a module error, which the dry run's
		// reader names.
		let mut encoded = vec![1u8, 3, module.index];
		encoded.extend(module.error);
		if let Some(named) = dry_run_error(&encoded, at.metadata_ref()) {
			return named;
		}
	}
	ChainError::Failed { name: format!("{error:?}"), docs: String::new() }
}
