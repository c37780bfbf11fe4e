//! What each command does. Transactions wait for finality, showing their progress on stderr
//! (unless `--json`), then print the outcome; queries read the last finalized block.

use crate::args::*;
use sc4it_client::subxt_signer::sr25519::Keypair;
use sc4it_client::{
	keys, runtime,
	runtime::runtime_types::{
		pallet_sc4it_contracts::types::ContractState,
		sc4it_primitives::{Capacity, DiskType, Volume},
	},
	units::{format_amount, parse_amount, parse_size_gib},
	AccountId, Chain, ChainError, ContractView, Stage,
};
use serde_json::{json, Value};
use sp_core::Pair;
use std::{path::Path, str::FromStr};

/// Why a command failed, and the exit code scripts can rely on.
#[derive(Debug)]
pub enum Failure {
	/// Bad input: nothing was sent. Exit code 2.
	Input(String),
	/// The chain could not be reached. Exit code 3.
	Unreachable(String),
	/// The chain refused the transaction or the call failed; nothing changed. Exit code 4.
	Refused(String),
	/// What was asked for does not exist. Exit code 5.
	NotFound(String),
}

impl Failure {
	pub fn code(&self) -> i32 {
		match self {
			Failure::Input(_) => 2,
			Failure::Unreachable(_) => 3,
			Failure::Refused(_) => 4,
			Failure::NotFound(_) => 5,
		}
	}
	pub fn message(&self) -> &str {
		match self {
			Failure::Input(m)
			| Failure::Unreachable(m)
			| Failure::Refused(m)
			| Failure::NotFound(m) => m,
		}
	}
}

impl From<ChainError> for Failure {
	fn from(e: ChainError) -> Self {
		match e {
			ChainError::Unreachable { .. } => Failure::Unreachable(e.to_string()),
			_ => Failure::Refused(e.to_string()),
		}
	}
}

pub(crate) fn input(e: impl std::fmt::Display) -> Failure {
	Failure::Input(e.to_string())
}

/// Reports a transaction's progress on stderr (unless `--json`).
pub(crate) type Progress = fn(Stage);

fn progress_shown(stage: Stage) {
	let what = match stage {
		Stage::Submitted => "submitted",
		Stage::InBlock => "in a block",
		Stage::Finalized => "finalized",
	};
	eprintln!("… {what}");
}

fn progress_silent(_: Stage) {}

/// An account from its SS58 address.
pub(crate) fn account(address: &str) -> Result<AccountId, Failure> {
	AccountId::from_str(address).map_err(|_| input(format!("`{address}` is not an SS58 address")))
}

/// What a command prints: `data` with `--json` (and, for now, for people when `text` is `None`),
/// `text` for people.
pub struct Reply {
	pub data: Value,
	pub text: Option<String>,
}

impl From<Value> for Reply {
	fn from(data: Value) -> Self {
		Reply { data, text: None }
	}
}

pub async fn run(cli: Cli) -> Result<Reply, Failure> {
	// Check everything that can be checked offline before connecting.
	match &cli.command {
		Command::Node(NodeCommand::Keygen { out }) => return keygen(out).map(Reply::from),
		Command::Contract(ContractCommand::Create { size, deposit, .. }) => {
			parse_size_gib(size).map_err(input)?;
			parse_amount(deposit).map_err(input)?;
		},
		Command::Contract(ContractCommand::TopUp { amount, .. }) => {
			parse_amount(amount).map_err(input)?;
		},
		_ => {},
	}
	let chain = Chain::connect(&cli.url).await?;
	let signer = || keys::signer(cli.suri.as_deref(), cli.key_file.as_deref()).map_err(input);
	let progress: Progress = if cli.json { progress_silent } else { progress_shown };

	match cli.command {
		Command::Validator(command) => {
			crate::validator::run(&chain, command, signer, progress).await
		},
		Command::Gov(command) => {
			crate::gov::run(&chain, command, signer, progress).await.map(Reply::from)
		},
		Command::Contract(command) => {
			contract(&chain, command, signer, progress).await.map(Reply::from)
		},
		Command::Farm(command) => farm(&chain, command, signer, progress).await.map(Reply::from),
		Command::Node(command) => node(&chain, command, signer, progress).await.map(Reply::from),
	}
}

async fn contract(
	chain: &Chain,
	command: ContractCommand,
	signer: impl Fn() -> Result<Keypair, Failure>,
	progress: Progress,
) -> Result<Value, Failure> {
	match command {
		ContractCommand::Create { node, size, disk, deposit } => {
			let signer = signer()?;
			let volume = Volume {
				size_gib: parse_size_gib(&size).map_err(input)?,
				disk_type: match disk {
					Disk::Ssd => DiskType::Ssd,
					Disk::Hdd => DiskType::Hdd,
				},
			};
			let deposit = parse_amount(&deposit).map_err(input)?;
			let call = runtime::transactions().contracts().create_contract(node, volume, deposit);
			let included = chain.submit(&call, &signer, progress).await?;
			let created = included
				.events
				.find_first::<runtime::contracts::events::ContractCreated>()
				.and_then(Result::ok)
				.ok_or_else(|| Failure::Refused("no ContractCreated event".into()))?;
			let view = chain.contract(created.contract).await?;
			Ok(json!({ "created": created.contract, "contract": view.map(|v| contract_json(&v)) }))
		},
		ContractCommand::TopUp { id, amount } => {
			let signer = signer()?;
			let amount = parse_amount(&amount).map_err(input)?;
			let call = runtime::transactions().contracts().top_up(id, amount);
			chain.submit(&call, &signer, progress).await?;
			show(chain, id).await
		},
		ContractCommand::Cancel { id } => {
			let signer = signer()?;
			let call = runtime::transactions().contracts().cancel(id);
			chain.submit(&call, &signer, progress).await?;
			Ok(
				json!({ "cancelled": id, "contract": chain.contract(id).await?.map(|v| contract_json(&v)) }),
			)
		},
		ContractCommand::PayDebt { farm } => {
			let signer = signer()?;
			let call = runtime::transactions().contracts().pay_debt(farm);
			let included = chain.submit(&call, &signer, progress).await?;
			let paid = included
				.events
				.find_first::<runtime::contracts::events::DebtSettled>()
				.and_then(Result::ok)
				.ok_or_else(|| Failure::Refused("no DebtSettled event".into()))?;
			Ok(json!({ "farm": farm, "paid": amount_json(paid.amount) }))
		},
		ContractCommand::Show { id } => show(chain, id).await,
		ContractCommand::List { owner } => {
			let owner = match owner {
				Some(address) => AccountId::from_str(&address)
					.map_err(|_| input(format!("`{address}` is not an SS58 address")))?,
				None => signer()?.public_key().to_account_id(),
			};
			let contracts: Vec<Value> =
				chain.user_contracts(&owner).await?.iter().map(contract_json).collect();
			Ok(json!({ "owner": owner.to_string(), "contracts": contracts }))
		},
	}
}

async fn farm(
	chain: &Chain,
	command: FarmCommand,
	signer: impl Fn() -> Result<Keypair, Failure>,
	progress: Progress,
) -> Result<Value, Failure> {
	match command {
		FarmCommand::Create { name, payout } => {
			let signer = signer()?;
			let payout = match payout {
				Some(address) => AccountId::from_str(&address)
					.map_err(|_| input(format!("`{address}` is not an SS58 address")))?,
				None => signer.public_key().to_account_id(),
			};
			let call = runtime::transactions().registry().create_farm(name.into_bytes(), payout);
			let included = chain.submit(&call, &signer, progress).await?;
			let farm = included
				.events
				.find_first::<runtime::registry::events::FarmCreated>()
				.and_then(Result::ok)
				.ok_or_else(|| Failure::Refused("no FarmCreated event".into()))?;
			Ok(json!({ "created": farm.farm }))
		},
		FarmCommand::Show { id } => {
			let ledger = chain.farm_ledger(id).await?;
			Ok(json!({
				"farm": id,
				"paid": amount_json(ledger.paid),
				"pending": amount_json(ledger.pending),
			}))
		},
	}
}

async fn node(
	chain: &Chain,
	command: NodeCommand,
	signer: impl Fn() -> Result<Keypair, Failure>,
	progress: Progress,
) -> Result<Value, Failure> {
	match command {
		NodeCommand::Register { farm, node_key, report_url, capacity } => {
			let signer = signer()?;
			let key = node_public_key(&node_key)?;
			let capacity = Capacity {
				ssd_gib: gib_or_zero(&capacity.ssd)?,
				hdd_gib: gib_or_zero(&capacity.hdd)?,
			};
			let call = runtime::transactions().registry().register_node(
				farm,
				key,
				report_url.into_bytes(),
				capacity,
			);
			let included = chain.submit(&call, &signer, progress).await?;
			let node = included
				.events
				.find_first::<runtime::registry::events::NodeRegistered>()
				.and_then(Result::ok)
				.ok_or_else(|| Failure::Refused("no NodeRegistered event".into()))?;
			Ok(json!({ "registered": node.node, "farm": node.farm }))
		},
		NodeCommand::Update { id, report_url, node_key, ssd, hdd } => {
			let signer = signer()?;
			let mut done = Vec::new();
			if report_url.is_some() || node_key.is_some() {
				let key = node_key.as_deref().map(node_public_key).transpose()?;
				let call = runtime::transactions().registry().update_node(
					id,
					report_url.map(String::into_bytes),
					key,
				);
				chain.submit(&call, &signer, progress).await?;
				done.push("report url/key");
			}
			if ssd.is_some() || hdd.is_some() {
				// A disk type not named keeps its capacity.
				let current = chain
					.node(id)
					.await?
					.ok_or_else(|| Failure::NotFound(format!("there is no node {id}")))?
					.capacity;
				let capacity = Capacity {
					ssd_gib: ssd
						.as_deref()
						.map(gib_or_zero)
						.transpose()?
						.unwrap_or(current.ssd_gib),
					hdd_gib: hdd
						.as_deref()
						.map(gib_or_zero)
						.transpose()?
						.unwrap_or(current.hdd_gib),
				};
				let call = runtime::transactions().registry().set_node_capacity(id, capacity);
				chain.submit(&call, &signer, progress).await?;
				done.push("capacity");
			}
			if done.is_empty() {
				return Err(input(
					"nothing to update: give --report-url, --node-key, --ssd or --hdd",
				));
			}
			Ok(json!({ "updated": id, "what": done }))
		},
		NodeCommand::Remove { id } => {
			let signer = signer()?;
			let call = runtime::transactions().registry().remove_node(id);
			chain.submit(&call, &signer, progress).await?;
			Ok(json!({ "removed": id }))
		},
		NodeCommand::Keygen { out } => keygen(&out),
	}
}

async fn show(chain: &Chain, id: u64) -> Result<Value, Failure> {
	let view = chain.contract(id).await?.ok_or_else(|| {
		Failure::NotFound(format!(
			"there is no contract {id} (it never existed, or it ended and was settled)"
		))
	})?;
	let now = chain.finalized_number().await?;
	let mut out = contract_json(&view);
	if let Some(until) = view.paid_until {
		out["paid_until_date"] = json!(block_date(now, until));
	}
	Ok(out)
}

fn gib_or_zero(text: &str) -> Result<u64, Failure> {
	if text.trim() == "0" {
		return Ok(0);
	}
	parse_size_gib(text).map_err(input)
}

/// A node's report key (ed25519) as the chain's calls take it.
type NodeKey = [u8; 32];

/// A node's report key from a key file (`node keygen`), as registered on chain.
fn node_public_key(path: &Path) -> Result<NodeKey, Failure> {
	let secret = keys::read_private(path).map_err(input)?;
	let pair = sp_core::ed25519::Pair::from_string(&secret, None)
		.map_err(|_| input(format!("{} does not hold an ed25519 key", path.display())))?;
	Ok(pair.public().0)
}

fn keygen(out: &Path) -> Result<Value, Failure> {
	use std::io::Write;
	let (pair, seed) = sp_core::ed25519::Pair::generate();
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(0o600);
	}
	let mut file =
		options.open(out).map_err(|e| input(format!("cannot create {}: {e}", out.display())))?;
	writeln!(file, "{}", sc4it_client::hex::encode(&seed)).map_err(|e| input(e.to_string()))?;
	Ok(
		json!({ "key_file": out.display().to_string(), "public_key": sc4it_client::hex::encode(&pair.public().0) }),
	)
}

pub(crate) fn amount_json(planck: u128) -> Value {
	json!({ "planck": planck.to_string(), "tokens": format_amount(planck) })
}

fn contract_json(v: &ContractView) -> Value {
	let state = match &v.state {
		ContractState::Created => json!({ "name": "created" }),
		ContractState::Deployed => json!({ "name": "deployed" }),
		ContractState::GracePeriod { since, ends } => {
			json!({ "name": "grace_period", "since": since, "ends": ends })
		},
		ContractState::Deleted { at, reason } => {
			json!({ "name": "deleted", "at": at, "reason": format!("{reason:?}") })
		},
	};
	json!({
		"id": v.id,
		"owner": v.owner.to_string(),
		"node": v.node,
		"size_gib": v.volume.size_gib,
		"disk": format!("{:?}", v.volume.disk_type).to_lowercase(),
		"state": state,
		"rate_per_block": amount_json(v.rate),
		"held": amount_json(v.held),
		"charged": amount_json(v.charged),
		"owed": amount_json(v.owed),
		"paid_until_block": v.paid_until,
	})
}

/// When block `until` comes, from the finalized block `now`, at 3 s per block: a UTC date.
fn block_date(now: u32, until: u32) -> String {
	let secs_now = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs() as i64)
		.unwrap_or(0);
	let at = secs_now + (i64::from(until) - i64::from(now)) * 3;
	let (days, rem) = (at.div_euclid(86_400), at.rem_euclid(86_400));
	// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rem / 3600, (rem % 3600) / 60)
}

#[cfg(test)]
mod tests {
	#[test]
	fn dates_of_blocks() {
		// Whatever the clock says, a block 0 blocks away is today, formatted.
		let today = super::block_date(10, 10);
		assert_eq!(today.len(), "2026-11-24 10:00 UTC".len());
		assert!(today.ends_with(" UTC"));
	}
}
