//! Who may do what: there is no sudo key. A council governs.
//!
//! - **The council** is a pallet-collective whose members pallet-membership keeps. Members
//!   propose motions and vote; anyone may close a motion once its votes decide it.
//! - **Two thirds decide.** Every call that changes the chain's rules requires
//!   [`EnsureGovernance`]: a motion carried by at least two thirds of the members, or Root. The
//!   proportion is the runtime's, never the proposer's: a motion proposed with a threshold of one
//!   executes at once with the origin "1 of n members", which two thirds refuses unless the
//!   council is one member (the dev chain's).
//! - **Root** exists only through `Governance::dispatch_as_root`, itself two thirds: upgrades
//!   (`System::authorize_upgrade`, then anyone applies the code), `Grandpa::note_stalled`, and
//!   the other calls of FRAME's pallets that only Root may make.
//! - **Membership** changes only by motion: adding, removing, swapping and resetting members
//!   require two thirds; a member cannot hand their seat to another key ([`CallFilter`]); there
//!   is no prime member (whose vote would count for the absent); and the collective's own
//!   `set_members` is closed (membership calls it).
//! - **Validators** cannot purge their own session keys (pallet-session's `purge_keys` is
//!   closed; `Validators::purge_keys` serves accounts outside the set): the last ones with keys
//!   would leave the chain without authors.
//! - **The treasury** (where protocol fees go) is spent only by `Governance::spend`.
//!
//! docs/governance.md is the council's and the validators' guide.

use crate::*;
use frame_support::traits::{Contains, EitherOf, EnsureOrigin};

/// The council's instance of pallet-collective and pallet-membership.
pub type CouncilInstance = pallet_collective::Instance1;

/// A council motion carried by at least two thirds of the members.
pub type CouncilTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilInstance, 2, 3>;

/// Who may change the chain's rules: a two-thirds council motion, or Root (which only a
/// two-thirds motion reaches, through `Governance::dispatch_as_root`).
pub type EnsureGovernance = EitherOf<frame_system::EnsureRoot<AccountId>, CouncilTwoThirds>;

/// Calls nobody may make, whatever their origin's filter would allow.
pub struct CallFilter;

impl Contains<RuntimeCall> for CallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			// A member replacing themselves by another account is a membership change by one key.
			RuntimeCall::CouncilMembership(pallet_membership::Call::change_key { .. })
				// The last validators with keys purging them would leave the chain without
				// authors: a validator's keys go with its removal, others use
				// `Validators::purge_keys`.
				| RuntimeCall::Session(pallet_session::Call::purge_keys { .. })
		)
	}
}

/// When a motion's time ends, members who did not vote count as against it, always.
pub struct AbsentIsNay;

impl pallet_collective::DefaultVote for AbsentIsNay {
	fn default_vote(_prime_vote: Option<bool>, _yes_votes: u32, _no_votes: u32, _len: u32) -> bool {
		false
	}
}

parameter_types! {
	/// How long a motion stays open for votes; when it ends, members who did not vote count as
	/// against (`AbsentIsNay`).
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	pub const CouncilMaxProposals: u32 = 32;
	pub const CouncilMaxMembers: u32 = 32;
	/// A motion may carry at most half a block's weight (upgrades go through
	/// `authorize_upgrade`, which is light; the code itself never sits in a motion).
	pub CouncilMaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = AbsentIsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership sets the members; nobody else.
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = EnsureGovernance;
	type KillOrigin = EnsureGovernance;
	/// Only members propose, and at most `CouncilMaxProposals` motions are open.
	type Consideration = ();
}

impl pallet_membership::Config<CouncilInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureGovernance;
	type RemoveOrigin = EnsureGovernance;
	type SwapOrigin = EnsureGovernance;
	type ResetOrigin = EnsureGovernance;
	/// No prime member: a prime's vote would stand in for every absent member's, so that one
	/// key could carry a motion by waiting for its end.
	type PrimeOrigin = frame_system::EnsureNever<AccountId>;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_sc4it_governance::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type CouncilOrigin = CouncilTwoThirds;
	type Currency = Balances;
	type TreasuryAccount = TreasuryAccount;
	type WeightInfo = pallet_sc4it_governance::weights::SubstrateWeight<Runtime>;
}

/// Whether `origin` may change the chain's rules (for tests and tools that check a motion
/// before it is proposed).
pub fn is_governance(origin: RuntimeOrigin) -> bool {
	EnsureGovernance::try_origin(origin).is_ok()
}
