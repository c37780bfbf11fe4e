//! What this pallet needs from the pallet that holds session keys.

use frame_support::weights::Weight;
use sp_runtime::DispatchResult;

/// The session keys of accounts, as the validator set sees them.
///
/// In the runtime this is an adapter over pallet-session (its `SessionInterface`); in the tests a
/// set of accounts. Implementations must not panic.
pub trait ValidatorKeys<AccountId> {
	/// Whether `who` has registered session keys for the next session. pallet-session leaves a
	/// planned validator without keys out of the session, without error: `add_validator` refuses
	/// such an account instead.
	fn has_keys(who: &AccountId) -> bool;

	/// Removes `who`'s session keys and releases their deposit. An error (for example, `who` has
	/// no keys) leaves no change behind: the caller runs it in its own storage layer.
	fn purge_keys(who: &AccountId) -> DispatchResult;

	/// The weight of [`Self::purge_keys`] at its heaviest.
	fn purge_keys_weight() -> Weight;

	/// Gives `who` session keys, so that [`Self::has_keys`] is true for it: for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_keys(who: &AccountId);
}
