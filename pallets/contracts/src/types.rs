//! Storage and query types of the contracts pallet.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible;
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{ContractId, FailureReason, FarmId, NodeId, ReportId, Volume};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A count of blocks in which a node was healthy, since its registration. Billing is expressed
/// on this axis: a contract deployed on a node owes `rate` for every unit it advances.
pub type HealthyBlocks = u64;

/// Where a contract is in its life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ContractState<BlockNumber> {
	/// Waiting for the node to deploy the volume. Pays nothing.
	Created,
	/// The volume is deployed; every block in which the node is healthy is charged.
	Deployed,
	/// Funds ran out at block `since`. The volume is kept read-only and charges become debt until
	/// a top-up pays them; at block `ends` the contract is decommissioned.
	GracePeriod { since: BlockNumber, ends: BlockNumber },
	/// Ended at block `at`. Capacity is released and the volume is to be removed; the record
	/// stays until the node's health is known up to `at` and the last charge is settled.
	Deleted { at: BlockNumber, reason: DeleteReason },
}

/// Why a contract ended.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeleteReason {
	CanceledByUser,
	OutOfFunds,
	/// The node was down longer than the policy's limit.
	NodeDown,
	NodeRemoved,
	DeploymentFailed(FailureReason),
	/// The node removed the volume while the contract was live.
	VolumeRemoved,
	/// The node reported the deployed volume lost or damaged.
	VolumeFailed(FailureReason),
}

/// A contract between a user and a farm for a volume on one node.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Contract<T: Config> {
	pub owner: T::AccountId,
	pub node: NodeId,
	/// The farm the node belonged to at creation: its earnings go there.
	pub farm: FarmId,
	pub volume: Volume,
	/// The price of one billed block: the creation-time price per GiB times the size.
	pub rate: BalanceOf<T>,
	/// The protocol's share of each charge, as it was at creation.
	pub fee: Perbill,
	/// The billing policy's terms as they were at creation: governance changes apply to new
	/// contracts only.
	pub terms: ContractTerms<BlockNumberFor<T>>,
	pub created_at: BlockNumberFor<T>,
	pub state: ContractState<BlockNumberFor<T>>,
	/// The block the node reported the volume deployed at; billing starts there.
	pub deployed_at: Option<BlockNumberFor<T>>,
	/// The node's healthy-block count this contract is settled up to; `None` until the count
	/// at `deployed_at` is known.
	pub settled_count: Option<HealthyBlocks>,
	/// Funds in the escrow for this contract as of `settled_count`, not yet charged. While the
	/// contract is `streaming`, its balance now is less: its rate times the node's healthy
	/// blocks since `settled_count` ([`crate::Pallet::contract_view`] derives it).
	pub held: BalanceOf<T>,
	/// Everything charged as of `settled_count` (earned by its farm and the treasury).
	pub charged: BalanceOf<T>,
	/// Charges the funds could not cover: debt.
	pub owed: BalanceOf<T>,
	/// Where this contract sits in its node's runway index, so it can be taken out again.
	pub runway: Option<RunwayMarks>,
	/// The storage deposit on hold for this contract's records.
	pub storage_deposit: BalanceOf<T>,
	/// Whether its rate is in its node's summed rate: every healthy block the oracle confirms
	/// adds it to the node's earnings, and the contract itself is settled only at its own
	/// events (its funds running out, a top-up, its end). True while it is deployed, billed
	/// and its funds last; false before, in grace and once ended.
	pub streaming: bool,
}

/// A deployed contract's entries in its node's runway index.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RunwayMarks {
	/// Healthy-block count at which the low-runway event fires, if still to come.
	pub low: Option<HealthyBlocks>,
	/// Healthy-block count at which the funds are spent.
	pub exhausted: HealthyBlocks,
}

/// A node's health as far as the oracle has confirmed it.
///
/// Blocks before `confirmed_until` have a known health; `healthy_blocks` counts the healthy ones.
/// The last stretch of equal health, `[segment_start, confirmed_until)`, is kept so that the
/// count at any block inside it can be computed: that is what a deployment or a removal reported
/// a little late is settled against.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct NodeTimeline<BlockNumber, Balance> {
	/// The farm the node belongs to (nodes never change farm): its earnings go there.
	pub farm: FarmId,
	pub confirmed_until: BlockNumber,
	pub healthy_blocks: HealthyBlocks,
	pub segment_start: BlockNumber,
	pub segment_healthy: bool,
	/// Blocks recorded down since the node's last healthy stretch (blocks of unknown health do
	/// not count, nor reset the count): the downtime limit is measured against it.
	pub down_blocks: u64,
	/// The last report applied: charges name it as their evidence.
	pub last_report: Option<ReportId>,
	/// Set while the node's contracts are being decommissioned.
	pub draining: Option<DrainReason>,
	/// The longest downtime limit in the terms of the contracts created on this node: the node
	/// is drained for downtime only when `down_blocks` reaches it, so that no contract ends
	/// before its own limit. `None` until a contract is created; the policy's limit applies.
	pub downtime_limit: Option<u64>,
	/// The summed rate of its streaming contracts: what one more healthy block earns.
	pub rate_sum: Balance,
	/// The sum of its streaming contracts' rates each times its fee in parts per billion:
	/// the protocol fee's share of `rate_sum`, kept this exactly so that the fee is rounded
	/// once per report, not per contract and block.
	pub fee_sum: Balance,
	/// What its contracts paid the farm since the last payout round collected it, net of fees.
	pub earned: Balance,
	/// What its contracts paid the treasury since the last payout round collected it.
	pub fees: Balance,
	/// No checkpoint of this node is at an earlier block: a lower bound, lowered at every
	/// insertion and raised when a report reads the index. A report whose period ends before it
	/// does not read the checkpoints.
	pub next_checkpoint: u64,
	/// No runway mark of this node is at a lower count (kept the same way): a report whose
	/// healthy blocks do not reach it does not read the runway index.
	pub next_mark: HealthyBlocks,
}

/// A node's timeline with the chain's types.
pub type TimelineOf<T> = NodeTimeline<BlockNumberFor<T>, BalanceOf<T>>;

/// Why a node's contracts are being decommissioned.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DrainReason {
	NodeDown,
	NodeRemoved,
}

/// What a contract ended by a drain is recorded as.
impl From<DrainReason> for DeleteReason {
	fn from(reason: DrainReason) -> Self {
		match reason {
			DrainReason::NodeDown => DeleteReason::NodeDown,
			DrainReason::NodeRemoved => DeleteReason::NodeRemoved,
		}
	}
}

/// The billing policy: stored on chain, set in genesis, changed by governance within bounds.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct BillingPolicy<BlockNumber> {
	/// A new contract's deposit must pay for at least this many billed blocks.
	pub min_deposit_blocks: BlockNumber,
	/// `LowRunway` fires when the funds pay for fewer billed blocks than this.
	pub low_runway_blocks: BlockNumber,
	/// How long an out-of-funds contract keeps its volume before it is decommissioned.
	pub grace_period_blocks: BlockNumber,
	/// A node down for this many blocks in a row has its contracts decommissioned.
	pub max_node_downtime_blocks: BlockNumber,
	/// Every this many blocks, contracts are settled and farms are paid.
	pub payout_period_blocks: BlockNumber,
}

/// The terms of the billing policy a contract keeps from its creation.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct ContractTerms<BlockNumber> {
	/// `LowRunway` fires when the funds pay for fewer billed blocks than this.
	pub low_runway_blocks: BlockNumber,
	/// How long the volume is kept after the funds ran out.
	pub grace_period_blocks: BlockNumber,
	/// How many blocks in a row its node may be down before the contract is decommissioned.
	pub max_node_downtime_blocks: BlockNumber,
}

impl<BlockNumber: Copy> From<&BillingPolicy<BlockNumber>> for ContractTerms<BlockNumber> {
	fn from(policy: &BillingPolicy<BlockNumber>) -> Self {
		ContractTerms {
			low_runway_blocks: policy.low_runway_blocks,
			grace_period_blocks: policy.grace_period_blocks,
			max_node_downtime_blocks: policy.max_node_downtime_blocks,
		}
	}
}

/// What a farm has earned.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct FarmLedger<Balance> {
	/// Earned and waiting for the next payout (already net of the protocol fee).
	pub pending: Balance,
	/// Paid out so far.
	pub paid: Balance,
}

/// The payout sweep: collects every node's earnings into its farm's ledger, then pays every
/// farm, a bounded piece per block. Nothing in it is per contract.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum PayoutPhase {
	/// Waiting for the next round.
	Idle,
	/// Collecting nodes' earnings; the last node done.
	Collecting { after: Option<NodeId> },
	/// Paying farms; the last one done.
	Paying { after: Option<FarmId> },
}

/// A contract as a user or an agent sees it: the figures a runtime API returns.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ContractView<AccountId, Balance, BlockNumber> {
	pub id: ContractId,
	pub owner: AccountId,
	pub node: NodeId,
	pub volume: Volume,
	pub state: ContractState<BlockNumber>,
	/// Price of one billed block.
	pub rate: Balance,
	/// Its funds in the escrow, less what its node's confirmed health already made due.
	pub held: Balance,
	/// Everything charged, including what is confirmed and not yet moved.
	pub charged: Balance,
	/// Debt: charges the funds did not cover.
	pub owed: Balance,
	/// The last block the funds pay for if the node stays healthy; `None` once ended.
	pub paid_until: Option<BlockNumber>,
}

/// What a contract for a volume on a node would be created with now: what the runtime API's
/// `quote` returns, for a user to see before signing.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ContractQuote<Balance> {
	/// The node's farm, whose price applies.
	pub farm: FarmId,
	/// The farm's price in force for the volume's disk type, per GiB and block, in planck.
	pub per_gib_block: Balance,
	/// The contract's rate: that price times the volume's size, per billed block.
	pub rate: Balance,
	/// The protocol's share of every charge.
	pub protocol_fee: Perbill,
	/// The least deposit: the policy's minimum runway and the grace reserve at that rate.
	pub min_deposit: Balance,
}

/// A page of a user's funds in the escrow: what `escrow_of` returns.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EscrowPage<Balance> {
	/// The sum of the page's contracts' balances (each less what is confirmed as due).
	pub funds: Balance,
	/// How many contracts the page summed.
	pub contracts: u32,
	/// The last contract of the page, to ask for the next one; `None` when this was the last.
	pub next_after: Option<ContractId>,
}

/// What an owner asks of the chain to keep a contract funded (`set_auto_top_up`): `amount` from
/// their free balance each time its runway gets low, at most `cap` per `period` blocks.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct AutoTopUpTerms<Balance, BlockNumber> {
	/// What one top-up moves, in planck: at least the contract's rate times its
	/// `low_runway_blocks`, so that one top-up lifts the runway above the low mark.
	pub amount: Balance,
	/// The most all top-ups of one period may move, in planck; at least `amount`.
	pub cap: Balance,
	/// The period's length in blocks; the first starts when the terms are first set.
	pub period: BlockNumber,
}

/// A contract's automatic top-up ([`crate::AutoTopUps`]): its terms and what this period spent.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AutoTopUp<Balance, BlockNumber> {
	pub terms: AutoTopUpTerms<Balance, BlockNumber>,
	/// The block the current period started at.
	pub period_start: BlockNumber,
	/// What top-ups moved in the current period, in planck.
	pub spent: Balance,
	/// What the owner has on hold for this record, returned when it goes.
	pub deposit: Balance,
}

/// A contract whose runway got low and whose automatic top-up waits for the next block's
/// service ([`crate::AutoTopUpsDue`]): the `LowRunway` it stands for, sent if the top-up fails
/// or the funds run out first.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct DueTopUp<BlockNumber> {
	pub billed_blocks_left: u64,
	pub paid_until: BlockNumber,
	/// Whether its `LowRunway` was sent already (grace started before the top-up ran).
	pub warned: bool,
}

/// Why an automatic top-up moved nothing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum AutoTopUpFailure {
	/// This period's top-ups reached the cap.
	CapReached,
	/// The owner's free balance is short of the amount.
	FundsShort,
	/// The top-up was refused for another reason: a `ServiceFailed` event before this one has
	/// the error.
	Refused,
}
