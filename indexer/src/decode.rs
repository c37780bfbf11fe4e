//! What the indexer keeps of the chain's events: each event it cares for becomes one [`Row`];
//! the rest (system, fees, sessions) is skipped. Decoding uses the client crate's types, which
//! are generated from the runtime's metadata.

use sc4it_client::{
	runtime::{
		contracts::events as contracts, council::events as council, oracle::events as oracle,
		registry::events as registry,
	},
	subxt::{self, events::DecodeAsEvent},
	Config,
};

/// One event, as the indexer stores it. Amounts are planck; accounts SS58 text; report ids
/// `0x` hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
	/// A farm was created.
	FarmCreated { farm: u32, owner: String, name: String, payout_account: String },
	/// A node was registered on a farm.
	NodeRegistered { node: u32, farm: u32 },
	/// A node was removed.
	NodeRemoved { node: u32 },
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

/// The row of `event`, or `None` for an event the indexer does not keep.
pub fn row(event: &subxt::events::Event<'_, Config>) -> Result<Option<Row>, DecodeError> {
	fn decode<E: DecodeAsEvent>(
		event: &subxt::events::Event<'_, Config>,
	) -> Result<E, DecodeError> {
		match event.decode_fields_as::<E>() {
			Some(Ok(decoded)) => Ok(decoded),
			Some(Err(e)) => Err(DecodeError {
				pallet: event.pallet_name().into(),
				event: event.event_name().into(),
				reason: e.to_string(),
			}),
			None => Err(DecodeError {
				pallet: event.pallet_name().into(),
				event: event.event_name().into(),
				reason: "not the event its name says".into(),
			}),
		}
	}
	let row = match (event.pallet_name(), event.event_name()) {
		("Registry", "FarmCreated") => {
			let e: registry::FarmCreated = decode(event)?;
			Row::FarmCreated {
				farm: e.farm,
				owner: e.owner.to_string(),
				name: String::from_utf8_lossy(&e.name.0).into_owned(),
				payout_account: e.payout_account.to_string(),
			}
		},
		("Registry", "NodeRegistered") => {
			let e: registry::NodeRegistered = decode(event)?;
			Row::NodeRegistered { node: e.node, farm: e.farm }
		},
		("Registry", "NodeRemoved") => {
			let e: registry::NodeRemoved = decode(event)?;
			Row::NodeRemoved { node: e.node }
		},
		("Contracts", "ContractCreated") => {
			let e: contracts::ContractCreated = decode(event)?;
			Row::ContractCreated {
				contract: e.contract,
				owner: e.owner.to_string(),
				node: e.node,
				size_gib: e.volume.size_gib,
				disk: format!("{:?}", e.volume.disk_type).to_lowercase(),
				rate: e.rate,
				deposit: e.deposit,
			}
		},
		("Contracts", "ContractDeployed") => {
			let e: contracts::ContractDeployed = decode(event)?;
			Row::ContractDeployed { contract: e.contract, at: e.at, report: hex(&e.report.0) }
		},
		("Contracts", "Charged") => {
			let e: contracts::Charged = decode(event)?;
			Row::Charged {
				contract: e.contract,
				amount: e.amount,
				billed_blocks: e.billed_blocks,
				report: e.report.map(|r| hex(&r.0)),
			}
		},
		("Contracts", "ToppedUp") => {
			let e: contracts::ToppedUp = decode(event)?;
			Row::Funds {
				contract: e.contract,
				kind: FundsKind::TopUp,
				account: Some(e.by.to_string()),
				amount: e.amount,
			}
		},
		("Contracts", "Refunded") => {
			let e: contracts::Refunded = decode(event)?;
			Row::Funds {
				contract: e.contract,
				kind: FundsKind::Refund,
				account: Some(e.to.to_string()),
				amount: e.amount,
			}
		},
		("Contracts", "DebtRecorded") => {
			let e: contracts::DebtRecorded = decode(event)?;
			Row::Funds {
				contract: e.contract,
				kind: FundsKind::DebtRecorded,
				account: Some(e.user.to_string()),
				amount: e.amount,
			}
		},
		("Contracts", "DebtPaid") => {
			let e: contracts::DebtPaid = decode(event)?;
			Row::Funds {
				contract: e.contract,
				kind: FundsKind::DebtPaid,
				account: None,
				amount: e.amount,
			}
		},
		("Contracts", "ContractDeleted") => {
			let e: contracts::ContractDeleted = decode(event)?;
			Row::ContractDeleted {
				contract: e.contract,
				at: e.at,
				reason: sc4it_client::words::delete_reason(&e.reason),
			}
		},
		("Contracts", "ContractClosed") => {
			let e: contracts::ContractClosed = decode(event)?;
			Row::ContractClosed { contract: e.contract, charged: e.charged, owed: e.owed }
		},
		("Contracts", "NodeHealthRecorded") => {
			let e: contracts::NodeHealthRecorded = decode(event)?;
			Row::Health {
				node: e.node,
				from: e.from,
				to: e.to,
				healthy: e.healthy,
				down: e.down,
				report: hex(&e.report.0),
			}
		},
		("Contracts", "FarmPaid") => {
			let e: contracts::FarmPaid = decode(event)?;
			Row::FarmPaid { farm: e.farm, to: e.to.to_string(), amount: e.amount }
		},
		("Contracts", "TreasuryPaid") => {
			let e: contracts::TreasuryPaid = decode(event)?;
			Row::TreasuryPaid { to: e.to.to_string(), amount: e.amount }
		},
		("Oracle", "ReportApplied") => {
			let e: oracle::ReportApplied = decode(event)?;
			Row::Verdict {
				node: e.node,
				kind: VerdictKind::ReportApplied { healthy: e.healthy },
				authority: None,
				cause: None,
				at: e.at_block,
			}
		},
		("Oracle", "DownVoted") => {
			let e: oracle::DownVoted = decode(event)?;
			Row::Verdict {
				node: e.node,
				kind: VerdictKind::DownVote,
				authority: Some(hex(&e.authority.0)),
				cause: Some(format!("{:?}", e.cause)),
				at: e.at,
			}
		},
		("Oracle", "NodeDown") => {
			let e: oracle::NodeDown = decode(event)?;
			Row::Verdict {
				node: e.node,
				kind: VerdictKind::Down,
				authority: None,
				cause: Some(format!("{:?}", e.cause)),
				at: e.until,
			}
		},
		("Council", "Proposed") => {
			let e: council::Proposed = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: "proposed",
				account: Some(e.account.to_string()),
				detail: format!("motion #{}, {} ayes carry it", e.proposal_index, e.threshold),
			}
		},
		("Council", "Voted") => {
			let e: council::Voted = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: if e.voted { "voted_aye" } else { "voted_nay" },
				account: Some(e.account.to_string()),
				detail: format!("{} ayes, {} nays", e.yes, e.no),
			}
		},
		("Council", "Approved") => {
			let e: council::Approved = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: "approved",
				account: None,
				detail: String::new(),
			}
		},
		("Council", "Disapproved") => {
			let e: council::Disapproved = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: "disapproved",
				account: None,
				detail: String::new(),
			}
		},
		("Council", "Executed") => {
			let e: council::Executed = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: "executed",
				account: None,
				detail: match e.result {
					Ok(()) => "ok".into(),
					Err(error) => format!("failed: {error:?}"),
				},
			}
		},
		("Council", "Closed") => {
			let e: council::Closed = decode(event)?;
			Row::Motion {
				hash: format!("{:?}", e.proposal_hash),
				kind: "closed",
				account: None,
				detail: format!("{} ayes, {} nays", e.yes, e.no),
			}
		},
		_ => return Ok(None),
	};
	Ok(Some(row))
}
