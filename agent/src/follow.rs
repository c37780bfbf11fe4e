//! Following the chain: on every finalized block, the contracts on this node are compared with
//! the volumes the agent has, and the difference is acted on — deploy a volume for a new
//! contract, make it read-only during grace (writable again after a top-up), remove it when the
//! contract ends. The same comparison after a restart picks up what happened while the agent was
//! down. Best blocks are followed too: a report is made as of the latest block the agent has seen.
//!
//! Only a chain failure ends a connection (the agent reconnects). A disk failure is logged and
//! the rest goes on; the next finalized block decides again, so it retries what failed.

use crate::{
	decide::{decide, Action, Contract, Leftover, Phase},
	error::{ChainError, DiskError, Error},
	state::{State, Volume},
	volumes, Shared,
};
use sc4it_client::{
	runtime::runtime_types::pallet_sc4it_contracts::types::ContractState, Chain, ContractView,
};
use std::{
	collections::BTreeMap,
	sync::{atomic::Ordering, Arc, PoisonError},
	time::Duration,
};

/// Follows the chain for ever, reconnecting after a chain failure.
pub async fn run(shared: Arc<Shared>) {
	// Whether the state file is behind the state, after a failed save: it outlives a connection.
	let mut unsaved = false;
	loop {
		if let Err(e) = follow(&shared, &mut unsaved).await {
			log::warn!("{}; reconnecting in 3 s", Error::from(e));
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
}

async fn follow(shared: &Arc<Shared>, unsaved: &mut bool) -> Result<(), ChainError> {
	let chain = Chain::connect(&shared.config.url).await?;
	let genesis = sp_core::H256(chain.api().genesis_hash().0);
	let expected = *shared.genesis.get_or_init(|| genesis);
	if expected != genesis {
		let url = shared.config.url.clone();
		return Err(ChainError::OtherGenesis { url, found: genesis, expected });
	}
	log::info!("connected to {} (genesis {genesis:?})", shared.config.url);
	check_registration(&chain, shared).await;
	let best_api = chain.api().clone();
	let best_shared = shared.clone();
	let best = tokio::spawn(async move {
		let Ok(mut blocks) = best_api.stream_best_blocks().await else { return };
		while let Some(Ok(block)) = blocks.next().await {
			best_shared.latest.fetch_max(block.number() as u32, Ordering::SeqCst);
		}
	});
	let mut finalized = chain.api().stream_blocks().await?;
	let outcome = loop {
		match finalized.next().await {
			Some(Ok(block)) => {
				let number = block.number() as u32;
				shared.latest.fetch_max(number, Ordering::SeqCst);
				if let Err(e) = reconcile(&chain, shared, number, unsaved).await {
					break Err(e);
				}
			},
			Some(Err(e)) => break Err(e.into()),
			None => break Err(ChainError::StreamEnded),
		}
	};
	best.abort();
	outcome
}

/// Says loudly when this node is not registered, or not with this agent's key: the oracle would
/// then refuse every report (the node counts as down) until the farmer fixes it.
async fn check_registration(chain: &Chain, shared: &Shared) {
	use sp_core::Pair;
	let node = shared.config.node;
	match chain.node(node).await {
		Ok(Some(record)) if record.public_key == shared.config.key.public().0 => {
			log::info!("node {node} is registered with this agent's key")
		},
		Ok(Some(_)) => log::error!(
			"node {node} is registered with another report key: the oracle will refuse this \
			 agent's reports (sc4it node update {node} --node-key <this agent's key file>)"
		),
		Ok(None) => log::error!("node {node} is not registered on this chain"),
		Err(e) => log::warn!("cannot read node {node}'s registration: {e}"),
	}
}

/// Brings the volumes in line with the contracts on the node at finalized block `at`. Fails only
/// when the chain cannot be read; disk failures are logged, and retried at the next block.
async fn reconcile(
	chain: &Chain,
	shared: &Shared,
	at: u32,
	unsaved: &mut bool,
) -> Result<(), ChainError> {
	let views = chain.node_contracts(shared.config.node).await?;
	let contracts: Vec<Contract> = views.iter().map(contract).collect();
	// Only this follower changes the state, and a panic of it ends the agent: a poisoned lock
	// means a report panicked while reading it, which left it whole.
	let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
	// A node behind what this agent has already seen (re-syncing, or restored from an older
	// database) would show contracts as missing that are not: nothing is decided until it
	// catches up, so that no volume is removed on its word.
	let seen = state.volumes.values().map(Volume::block).max().unwrap_or(0);
	if at < seen {
		log::warn!(
			"chain: {} is at finalized block {at}, behind block {seen} this agent has seen; \
			 waiting for it to catch up",
			shared.config.url
		);
		return Ok(());
	}
	let faults = faults(&contracts, &state.volumes, shared.qcow2);
	let actions = decide(&contracts, &state.volumes, &faults);
	apply(actions, shared, at, &mut state, unsaved);
	Ok(())
}

/// A contract as the decision sees it.
fn contract(view: &ContractView) -> Contract {
	let phase = match view.state {
		ContractState::Created => Phase::Created,
		ContractState::Deployed => Phase::Live { grace: false },
		ContractState::GracePeriod { .. } => Phase::Live { grace: true },
		ContractState::Deleted { .. } => Phase::Ended,
	};
	Contract { id: view.id, phase, size_gib: view.volume.size_gib }
}

/// What is wrong with the deployed volumes of the contracts still running: a volume that is gone
/// or damaged is reported failed, never made again.
fn faults(
	contracts: &[Contract],
	known: &BTreeMap<u64, Volume>,
	qcow2: bool,
) -> BTreeMap<u64, volumes::Fault> {
	contracts
		.iter()
		.filter(|c| c.phase != Phase::Ended)
		.filter_map(|c| match known.get(&c.id) {
			Some(Volume::Deployed { file, size_gib, .. }) => {
				volumes::check(file, *size_gib, qcow2).err().map(|fault| (c.id, fault))
			},
			_ => None,
		})
		.collect()
}

/// Performs `actions` at finalized block `at`, logs each, records them in `state` and saves it
/// if it changed (or an earlier save failed). A read-only change that fails on the disk is
/// logged and left unrecorded, so that the next block tries again; a file that cannot be
/// removed is logged and left on disk, and the contract is recorded as done with, so that it is
/// not reported for ever; the other actions go on.
fn apply(actions: Vec<Action>, shared: &Shared, at: u32, state: &mut State, unsaved: &mut bool) {
	let before = state.clone();
	for action in actions {
		let id = action.contract();
		if let Err(e) = perform(action, shared, at, state) {
			log::error!("disk: contract {id}: {e}");
		}
	}
	if *state != before {
		// Reports kept in memory were made from the state before: they are made again.
		shared.reports.clear();
	}
	if *state != before || *unsaved {
		*unsaved = false;
		if let Err(e) = state.save(&shared.config.data_dir) {
			log::error!("{}", Error::from(e));
			*unsaved = true;
		}
	}
}

/// Performs one action and records it in `state`.
fn perform(action: Action, shared: &Shared, at: u32, state: &mut State) -> Result<(), DiskError> {
	match action {
		Action::Create { id, size_gib } => {
			let volume = create(shared, id, size_gib, at);
			state.volumes.insert(id, volume);
		},
		Action::Fail { id, file, fault } => {
			log::error!(
				"contract {id}: volume {} {}; reported failed ({}) at block {at}",
				file.display(),
				fault.describe(),
				fault.reason()
			);
			state.volumes.insert(id, Volume::Failed { reason: fault.reason().into(), at });
		},
		Action::SetReadOnly { id, file, read_only } => {
			volumes::set_read_only(&file, read_only)?;
			log::info!(
				"contract {id}: volume {}",
				if read_only { "read-only (grace period)" } else { "writable again" }
			);
			if let Some(Volume::Deployed { read_only: recorded, .. }) = state.volumes.get_mut(&id) {
				*recorded = read_only;
			}
		},
		Action::Remove { id, file } => {
			state.volumes.insert(id, Volume::Removed { at });
			volumes::remove(&file)?;
			log::info!("contract {id}: ended; volume removed");
		},
		Action::Forget { id, leftover } => {
			state.volumes.remove(&id);
			match leftover {
				Leftover::Nothing => {},
				Leftover::Volume(file) => {
					volumes::remove(&file)?;
					log::info!("contract {id}: gone from the chain; volume removed");
				},
				Leftover::Remains => {
					let dir = shared.config.data_dir.join("volumes");
					volumes::remove(&volumes::path(&dir, id, shared.qcow2))?;
				},
			}
		},
	}
	Ok(())
}

/// Makes a new contract's volume: deployed since `at`, or failed when it cannot be made (the
/// report then refuses the contract, which ends it with a full refund).
fn create(shared: &Shared, id: u64, size_gib: u64, at: u32) -> Volume {
	let dir = shared.config.data_dir.join("volumes");
	match volumes::create(&dir, id, size_gib, shared.qcow2) {
		Ok(file) => {
			log::info!("contract {id}: deployed {size_gib} GiB at {}", file.display());
			Volume::Deployed { since: at, size_gib, file, read_only: false }
		},
		Err(e) => {
			log::warn!("contract {id}: refused: {e}");
			let reason = match e {
				DiskError::InsufficientDisk { .. } => "insufficient_disk",
				_ => "internal",
			};
			Volume::Failed { reason: reason.into(), at }
		},
	}
}
