//! The storage migrations an upgrade to this runtime version runs, once, in the first block the
//! new code executes (before any pallet's hooks).
//!
//! Every migration is a `frame_support::migrations::VersionedMigration`: it runs only when the
//! pallet's storage version on chain is the one it migrates from, and then writes the version it
//! migrates to, so that an upgrade applied twice, or a migration left registered in a later
//! version, changes nothing. Every pallet declares its storage version
//! (`#[pallet::storage_version]`). A migration that cannot finish within a block belongs in
//! pallet-migrations (multi-block) instead. docs/governance.md: how an upgrade is made.
//!
//! This version moves contracts' funds to the contracts pallet's escrow (its storage version 0
//! to 1) and has the oracle count the nodes with waiting stretches (its storage version 0 to 1);
//! a chain started from this version is at 1 from genesis, and the migrations do nothing there. The feature `upgrade-test` builds the next version that the upgrade test
//! applies to a running network, with a marker migration (`upgrade_test`).

/// The contracts pallet's move to the escrow, once.
pub type ContractsToEscrow = pallet_sc4it_contracts::migrations::v1::MigrateV0ToV1<crate::Runtime>;

/// The oracle's count of nodes with waiting stretches, once.
pub type OracleCountsWaitingNodes =
	pallet_sc4it_oracle::migrations::v1::MigrateV0ToV1<crate::Runtime>;

/// The migrations of this version, in order.
#[cfg(not(feature = "upgrade-test"))]
pub type Migrations = (ContractsToEscrow, OracleCountsWaitingNodes);

/// The upgrade test's migrations: the marker, from the governance pallet's storage version 0 to 1.
/// (The pallet's in-code version stays 0 in that build, which try-runtime's version check would
/// flag: the build only ever runs in the upgrade test, never on a chain.)
#[cfg(feature = "upgrade-test")]
pub type Migrations = (
	ContractsToEscrow,
	OracleCountsWaitingNodes,
	frame_support::migrations::VersionedMigration<
		0,
		1,
		upgrade_test::CountRuns,
		crate::Governance,
		<crate::Runtime as frame_system::Config>::DbWeight,
	>,
);

/// The upgrade test's marker migration.
#[cfg(feature = "upgrade-test")]
pub mod upgrade_test {
	use frame_support::{traits::UncheckedOnRuntimeUpgrade, weights::Weight};

	/// Where the marker migration counts its runs: the upgrade test reads it to see that the
	/// migration ran exactly once.
	pub const RUNS_KEY: &[u8] = b"sc4it/upgrade-test/migration-runs";

	/// Adds one to the count at [`RUNS_KEY`].
	pub struct CountRuns;

	impl UncheckedOnRuntimeUpgrade for CountRuns {
		fn on_runtime_upgrade() -> Weight {
			let runs: u32 = frame_support::storage::unhashed::get_or_default(RUNS_KEY);
			frame_support::storage::unhashed::put(RUNS_KEY, &runs.saturating_add(1));
			<crate::Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1)
		}
	}
}
