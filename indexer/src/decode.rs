//! What the indexer keeps of the chain's events: each event it cares for becomes its
//! [`Row`]s; the rest (system, fees, sessions) is skipped. An event is decoded whole into the
//! client crate's runtime event (`runtime::Event`, generated from the runtime's metadata) and
//! matched by its variants, so a renamed or reshaped event fails to compile here rather than
//! to index.

use sc4it_client::{
	runtime::{self, contracts, council, oracle, registry},
	subxt, Config,
};

/// One event, as the indexer stores it. Amounts are planck; accounts SS58 text; report ids
/// `0x` hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
	/// A farm was created.
	FarmCreated { farm: u32, owner: String, name: String, payout_account: String },
	/// A node was registered on a farm, offering `ssd_gib` and `hdd_gib`.
	NodeRegistered { node: u32, farm: u32, ssd_gib: u64, hdd_gib: u64 },
	/// A node's farmer changed what it offers.
	NodeCapacityChanged { node: u32, ssd_gib: u64, hdd_gib: u64 },
	/// A node was removed.
	NodeRemoved { node: u32 },
	/// A farm set its prices per GiB and block: in force from block `from`, `until_then` before.
	FarmPricesSet { farm: u32, prices: (u128, u128), from: u32, until_then: (u128, u128) },
	/// A contract was created, its deposit in the escrow.
	ContractCreated {
		contract: u64,
		owner: String,
		node: u32,
		size_gib: u64,
		disk: String,
		rate: u128,
		deposit: u128,
	},
	/// The node deployed the contract's volume from block `at`.
	ContractDeployed { contract: u64, at: u32, report: String },
	/// A charge for confirmed healthy blocks.
	Charged { contract: u64, amount: u128, billed_blocks: u64, report: Option<String> },
	/// Money into or out of a contract other than a charge.
	Funds { contract: u64, kind: FundsKind, account: Option<String>, amount: u128 },
	/// The contract ended at block `at`.
	ContractDeleted { contract: u64, at: u32, reason: String },
	/// The contract's books closed: what it paid and what it still owes.
	ContractClosed { contract: u64, charged: u128, owed: u128 },
	/// A period of a node's health timeline.
	Health { node: u32, from: u32, to: u32, healthy: bool, down: bool, report: String },
	/// An oracle verdict on a node: a report applied, a vote that it is down, or the verdict.
	Verdict {
		node: u32,
		kind: VerdictKind,
		authority: Option<String>,
		cause: Option<String>,
		at: u32,
	},
	/// A payout round paid a farm.
	FarmPaid { farm: u32, to: String, amount: u128 },
	/// A payout round paid the treasury its share.
	TreasuryPaid { to: String, amount: u128 },
	/// A step of a council motion: proposed, voted, approved or not, executed, closed.
	Motion { hash: String, kind: &'static str, account: Option<String>, detail: String },
	/// An event that warns a contract's owner or a node's farmer (see [`AlertKind`]).
	Alert(Alert),
}

/// An event that warns someone, as the chain names it: what the alerts deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
	/// The chain's event.
	pub kind: AlertKind,
	/// The contract it is about (its owner is told).
	pub contract: Option<u64>,
	/// The node it is about (its farm's owner and its contracts' owners are told).
	pub node: Option<u32>,
	/// The event's fields, as JSON text, for the webhook's body and the account's page.
	pub data: String,
}

/// The events that warn, each named as the chain names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
	/// A contract's funds pay for less than its low-runway mark.
	LowRunway,
	/// A contract's funds ran out: its grace period started.
	GracePeriodStarted,
	/// A contract ended, and why.
	ContractDeleted,
	/// A quorum of the oracle's authorities found a node down.
	NodeDown,
	/// A node's contracts are being decommissioned.
	NodeDrainStarted,
}

impl AlertKind {
	/// The chain's name of the event: stored, shown and sent as is.
	pub fn name(self) -> &'static str {
		match self {
			AlertKind::LowRunway => "LowRunway",
			AlertKind::GracePeriodStarted => "GracePeriodStarted",
			AlertKind::ContractDeleted => "ContractDeleted",
			AlertKind::NodeDown => "NodeDown",
			AlertKind::NodeDrainStarted => "NodeDrainStarted",
		}
	}
}

/// The kinds of [`Row::Funds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundsKind {
	/// Added to the contract's hold, by anyone.
	TopUp,
	/// Returned to the owner.
	Refund,
	/// Usage left unpaid at the end, owed to the farm.
	DebtRecorded,
	/// A debt paid.
	DebtPaid,
}

impl FundsKind {
	/// The name stored in the database and shown by the API.
	pub fn name(self) -> &'static str {
		match self {
			FundsKind::TopUp => "top_up",
			FundsKind::Refund => "refund",
			FundsKind::DebtRecorded => "debt_recorded",
			FundsKind::DebtPaid => "debt_paid",
		}
	}
}

/// The kinds of [`Row::Verdict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
	/// A node's report was applied (healthy or not, as the report says).
	ReportApplied { healthy: bool },
	/// One authority voted that the node is down.
	DownVote,
	/// Enough votes: the node is down.
	Down,
}

impl VerdictKind {
	/// The name stored in the database and shown by the API.
	pub fn name(self) -> &'static str {
		match self {
			VerdictKind::ReportApplied { healthy: true } => "report_healthy",
			VerdictKind::ReportApplied { healthy: false } => "report_unhealthy",
			VerdictKind::DownVote => "down_vote",
			VerdictKind::Down => "down",
		}
	}
}

/// A decoding failure: the chain's events do not match the client's types (a runtime newer
/// than this indexer).
#[derive(Debug, thiserror::Error)]
#[error("cannot decode {pallet}::{event}: {reason}")]
pub struct DecodeError {
	pub pallet: String,
	pub event: String,
	pub reason: String,
}

fn hex(bytes: &[u8]) -> String {
	sc4it_client::hex::encode(bytes)
}

/// The pallets whose events the index keeps: only their events are decoded, and one of theirs
/// that does not decode stops the indexer (a runtime newer than it), rather than be lost.
const KEPT_PALLETS: [&str; 4] = ["Registry", "Contracts", "Oracle", "Council"];

/// The rows of `event`: none for an event the indexer does not keep, two for an event that is
/// both kept and an alert (a contract's end).
pub fn rows(event: &subxt::events::Event<'_, Config>) -> Result<Vec<Row>, DecodeError> {
	// Most of a block's events are fees, transfers and the system's, of which nothing is kept:
	// they are not decoded at all (and a pallet a newer runtime added is no reason to stop).
	if !KEPT_PALLETS.contains(&event.pallet_name()) {
		return Ok(Vec::new());
	}
	let decoded: runtime::Event = event.decode_as().map_err(|e| DecodeError {
		pallet: event.pallet_name().into(),
		event: event.event_name().into(),
		reason: e.to_string(),
	})?;
	Ok(match decoded {
		runtime::Event::Registry(event) => registry_rows(event),
		runtime::Event::Contracts(event) => contracts_rows(event),
		runtime::Event::Oracle(event) => oracle_rows(event),
		runtime::Event::Council(event) => council_rows(event),
		_ => Vec::new(),
	})
}

fn registry_rows(event: registry::Event) -> Vec<Row> {
	use registry::Event as E;
	let row = match event {
		E::FarmCreated { farm, owner, name, payout_account } => Row::FarmCreated {
			farm,
			owner: owner.to_string(),
			name: String::from_utf8_lossy(&name.0).into_owned(),
			payout_account: payout_account.to_string(),
		},
		E::NodeRegistered { node, farm, capacity, .. } => {
			Row::NodeRegistered { node, farm, ssd_gib: capacity.ssd_gib, hdd_gib: capacity.hdd_gib }
		},
		E::NodeCapacityChanged { node, capacity } => {
			Row::NodeCapacityChanged { node, ssd_gib: capacity.ssd_gib, hdd_gib: capacity.hdd_gib }
		},
		E::NodeRemoved { node, .. } => Row::NodeRemoved { node },
		E::FarmPricesSet { farm, prices, from, until_then } => Row::FarmPricesSet {
			farm,
			prices: (prices.ssd_per_gib_block, prices.hdd_per_gib_block),
			from,
			until_then: (until_then.ssd_per_gib_block, until_then.hdd_per_gib_block),
		},
		_ => return Vec::new(),
	};
	vec![row]
}

fn contracts_rows(event: contracts::Event) -> Vec<Row> {
	use contracts::Event as E;
	let funds = |contract, kind, account: Option<String>, amount| Row::Funds {
		contract,
		kind,
		account,
		amount,
	};
	let row = match event {
		E::ContractCreated { contract, owner, node, volume, rate, deposit } => {
			Row::ContractCreated {
				contract,
				owner: owner.to_string(),
				node,
				size_gib: volume.size_gib,
				disk: format!("{:?}", volume.disk_type).to_lowercase(),
				rate,
				deposit,
			}
		},
		E::ContractDeployed { contract, at, report } => {
			Row::ContractDeployed { contract, at, report: hex(&report.0) }
		},
		E::Charged { contract, amount, billed_blocks, report } => {
			Row::Charged { contract, amount, billed_blocks, report: report.map(|r| hex(&r.0)) }
		},
		E::ToppedUp { contract, by, amount, .. } => {
			funds(contract, FundsKind::TopUp, Some(by.to_string()), amount)
		},
		E::Refunded { contract, to, amount } => {
			funds(contract, FundsKind::Refund, Some(to.to_string()), amount)
		},
		E::DebtRecorded { contract, user, amount, .. } => {
			funds(contract, FundsKind::DebtRecorded, Some(user.to_string()), amount)
		},
		E::DebtPaid { contract, amount } => funds(contract, FundsKind::DebtPaid, None, amount),
		E::ContractDeleted { contract, at, reason } => {
			let reason = sc4it_client::words::delete_reason(&reason);
			let alert = Alert {
				kind: AlertKind::ContractDeleted,
				contract: Some(contract),
				node: None,
				data: serde_json::json!({ "contract": contract, "at": at, "reason": reason })
					.to_string(),
			};
			return vec![Row::ContractDeleted { contract, at, reason }, Row::Alert(alert)];
		},
		E::ContractClosed { contract, charged, owed } => {
			Row::ContractClosed { contract, charged, owed }
		},
		E::NodeHealthRecorded { node, from, to, healthy, down, report, .. } => {
			Row::Health { node, from, to, healthy, down, report: hex(&report.0) }
		},
		E::FarmPaid { farm, to, amount } => Row::FarmPaid { farm, to: to.to_string(), amount },
		E::TreasuryPaid { to, amount } => Row::TreasuryPaid { to: to.to_string(), amount },
		E::LowRunway { contract, billed_blocks_left, paid_until } => Row::Alert(Alert {
			kind: AlertKind::LowRunway,
			contract: Some(contract),
			node: None,
			data: serde_json::json!({
				"contract": contract,
				"billed_blocks_left": billed_blocks_left,
				"paid_until": paid_until,
			})
			.to_string(),
		}),
		E::GracePeriodStarted { contract, since, ends } => Row::Alert(Alert {
			kind: AlertKind::GracePeriodStarted,
			contract: Some(contract),
			node: None,
			data: serde_json::json!({ "contract": contract, "since": since, "ends": ends })
				.to_string(),
		}),
		E::NodeDrainStarted { node, reason } => Row::Alert(Alert {
			kind: AlertKind::NodeDrainStarted,
			contract: None,
			node: Some(node),
			data: serde_json::json!({ "node": node, "reason": format!("{reason:?}") }).to_string(),
		}),
		_ => return Vec::new(),
	};
	vec![row]
}

fn oracle_rows(event: oracle::Event) -> Vec<Row> {
	use oracle::Event as E;
	let verdict =
		|node, kind, authority, cause, at| Row::Verdict { node, kind, authority, cause, at };
	match event {
		E::ReportApplied { node, healthy, at_block, .. } => {
			vec![verdict(node, VerdictKind::ReportApplied { healthy }, None, None, at_block)]
		},
		E::DownVoted { node, authority, at, cause, .. } => {
			let cause = Some(format!("{cause:?}"));
			vec![verdict(node, VerdictKind::DownVote, Some(hex(&authority.0)), cause, at)]
		},
		E::NodeDown { node, until, cause, votes, .. } => {
			let cause = format!("{cause:?}");
			let alert = Alert {
				kind: AlertKind::NodeDown,
				contract: None,
				node: Some(node),
				data: serde_json::json!({
					"node": node,
					"until": until,
					"cause": cause,
					"votes": votes,
				})
				.to_string(),
			};
			vec![verdict(node, VerdictKind::Down, None, Some(cause), until), Row::Alert(alert)]
		},
		_ => Vec::new(),
	}
}

fn council_rows(event: council::Event) -> Vec<Row> {
	use council::Event as E;
	fn motion(
		hash: impl std::fmt::Debug,
		kind: &'static str,
		account: Option<String>,
		detail: String,
	) -> Row {
		Row::Motion { hash: format!("{hash:?}"), kind, account, detail }
	}
	let row = match event {
		E::Proposed { account, proposal_index, proposal_hash, threshold } => motion(
			proposal_hash,
			"proposed",
			Some(account.to_string()),
			format!("motion #{proposal_index}, {threshold} ayes carry it"),
		),
		E::Voted { account, proposal_hash, voted, yes, no } => motion(
			proposal_hash,
			if voted { "voted_aye" } else { "voted_nay" },
			Some(account.to_string()),
			format!("{yes} ayes, {no} nays"),
		),
		E::Approved { proposal_hash } => motion(proposal_hash, "approved", None, String::new()),
		E::Disapproved { proposal_hash } => {
			motion(proposal_hash, "disapproved", None, String::new())
		},
		E::Executed { proposal_hash, result } => motion(
			proposal_hash,
			"executed",
			None,
			match result {
				Ok(()) => "ok".into(),
				Err(error) => format!("failed: {error:?}"),
			},
		),
		E::Closed { proposal_hash, yes, no } => {
			motion(proposal_hash, "closed", None, format!("{yes} ayes, {no} nays"))
		},
		_ => return Vec::new(),
	};
	vec![row]
}
