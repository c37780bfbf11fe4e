//! Following the chain: on every finalized block, the contracts on this node are compared with
//! the volumes the agent has, and the difference is acted on — deploy a volume for a new
//! contract, make it read-only during grace (writable again after a top-up), remove it when the
//! contract ends. The same comparison after a restart picks up what happened while the agent was
//! down. Best blocks are followed too: a report is made as of the latest block the agent has seen.

use crate::{state::Volume, volumes, Shared};
use sc4it_client::{runtime::runtime_types::pallet_sc4it_contracts::types::ContractState, Chain};
use std::{collections::BTreeSet, sync::atomic::Ordering, sync::Arc, time::Duration};

/// Follows the chain for ever, reconnecting after a failure.
pub async fn run(shared: Arc<Shared>) {
	loop {
		if let Err(e) = follow(&shared).await {
			log::warn!("chain: {e}; reconnecting in 3 s");
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
}

async fn follow(shared: &Arc<Shared>) -> Result<(), String> {
	let chain = Chain::connect(&shared.config.url).await.map_err(|e| e.to_string())?;
	let genesis = sp_core::H256(chain.api().genesis_hash().0);
	if *shared.genesis.get_or_init(|| genesis) != genesis {
		return Err(format!(
			"{} serves another chain (genesis {genesis:?}) than the one this agent reports to \
			 ({:?}): restart the agent to change chains",
			shared.config.url,
			shared.genesis.get()
		));
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
	let mut finalized = chain.api().stream_blocks().await.map_err(|e| e.to_string())?;
	let outcome = loop {
		match finalized.next().await {
			Some(Ok(block)) => {
				let number = block.number() as u32;
				shared.latest.fetch_max(number, Ordering::SeqCst);
				if let Err(e) = reconcile(&chain, shared, number).await {
					break Err(e);
				}
			},
			Some(Err(e)) => break Err(e.to_string()),
			None => break Err("the chain's block stream ended".to_string()),
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

/// Brings the volumes in line with the contracts on the node at finalized block `at`.
pub async fn reconcile(chain: &Chain, shared: &Shared, at: u32) -> Result<(), String> {
	let node = shared.config.node;
	let views = chain.node_contracts(node).await.map_err(|e| e.to_string())?;
	let dir = shared.config.data_dir.join("volumes");
	let mut state = shared.state.lock().map_err(|_| "the state lock is poisoned".to_string())?;
	let before = state.clone();
	for view in &views {
		let id = view.id;
		let known = state.volumes.get(&id).cloned();
		match (&view.state, known) {
			(ContractState::Created, None) => {
				let size = view.volume.size_gib;
				let volume = match volumes::create(&dir, id, size, shared.qcow2) {
					Ok(file) => {
						log::info!("contract {id}: deployed {size} GiB at {}", file.display());
						Volume::Deployed { since: at, size_gib: size, file, read_only: false }
					},
					Err(volumes::VolumeError::InsufficientDisk { needed, free }) => {
						log::warn!(
							"contract {id}: refused: needs {needed} bytes, {free} free on the data disk"
						);
						Volume::Failed { reason: "insufficient_disk".into(), at }
					},
					Err(volumes::VolumeError::Io(e)) => {
						log::warn!("contract {id}: refused: {e}");
						Volume::Failed { reason: "internal".into(), at }
					},
				};
				state.volumes.insert(id, volume);
			},
			(
				ContractState::Created
				| ContractState::Deployed
				| ContractState::GracePeriod { .. },
				Some(Volume::Deployed { since, size_gib, file, read_only }),
			) => {
				// A volume that is gone or damaged is never made again silently: its data is
				// lost, and the report says so, which ends the contract's billing there.
				if let Err(fault) = volumes::check(&file, size_gib, shared.qcow2) {
					log::error!(
						"contract {id}: volume {} {}; reported failed ({}) at block {at}",
						file.display(),
						fault.describe(),
						fault.reason()
					);
					// What is left of a damaged image is kept for the farmer to look at until
					// the contract ends.
					state.volumes.insert(id, Volume::Failed { reason: fault.reason().into(), at });
					continue;
				}
				let grace = matches!(view.state, ContractState::GracePeriod { .. });
				if grace != read_only {
					volumes::set_read_only(&file, grace).map_err(|e| e.to_string())?;
					log::info!(
						"contract {id}: volume {}",
						if grace { "read-only (grace period)" } else { "writable again" }
					);
				}
				state
					.volumes
					.insert(id, Volume::Deployed { since, size_gib, file, read_only: grace });
			},
			(ContractState::Deleted { .. }, Some(Volume::Deployed { file, .. })) => {
				volumes::remove(&file).map_err(|e| e.to_string())?;
				log::info!("contract {id}: ended; volume removed");
				state.volumes.insert(id, Volume::Removed { at });
			},
			// Failed or removed already, or ended before it was deployed here.
			_ => {},
		}
	}
	// Contracts the chain no longer has are settled: their volumes go, and so does the record.
	let live: BTreeSet<u64> = views.iter().map(|v| v.id).collect();
	let gone: Vec<u64> = state.volumes.keys().filter(|id| !live.contains(id)).copied().collect();
	for id in gone {
		match state.volumes.remove(&id) {
			Some(Volume::Deployed { file, .. }) => {
				volumes::remove(&file).map_err(|e| e.to_string())?;
				log::info!("contract {id}: gone from the chain; volume removed");
			},
			Some(Volume::Failed { .. }) => {
				// What is left of a damaged image goes with the contract.
				let file = volumes::path(&dir, id, shared.qcow2);
				volumes::remove(&file).map_err(|e| e.to_string())?;
			},
			_ => {},
		}
	}
	if *state != before {
		state.save(&shared.config.data_dir).map_err(|e| format!("saving the state: {e}"))?;
	}
	Ok(())
}
