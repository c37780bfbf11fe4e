//! Following the chain: every finalized block from the one after the last written, in order,
//! from genesis on a new database; then each new finalized block as the node announces it.

use crate::{
	decode::{self, DecodeError, Row},
	finder,
	store::{IndexedBlock, Store, StoreError, MARK_BLOCKS},
};
use sc4it_client::{runtime, Chain, ChainError};
use std::{
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// Why following stopped.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
	/// The chain could not be read.
	#[error("chain: {0}")]
	Chain(#[from] ChainError),
	/// The database refused a write or a read.
	#[error(transparent)]
	Store(#[from] StoreError),
	/// An event did not decode with this indexer's types.
	#[error("block {block}: {source}")]
	Decode { block: u32, source: DecodeError },
}

/// How far the indexer is, for its log and its API.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Progress {
	/// The last block written to the database (`None` before the first).
	pub indexed: Option<u32>,
	/// The last finalized block the node announced.
	pub finalized: u32,
	/// Blocks written per second, over the last interval.
	pub blocks_per_second: f64,
}

impl Progress {
	/// Finalized blocks not yet written.
	pub fn behind(&self) -> u32 {
		self.finalized.saturating_sub(self.indexed.map_or(0, |i| i + 1))
	}
}

/// Progress shared between the follower and the API.
pub type SharedProgress = Arc<Mutex<Progress>>;

/// Reads block `number`: its hash, time and the rows of its events.
async fn read_block(chain: &Chain, number: u32) -> Result<IndexedBlock, FollowError> {
	let other = |e: &dyn std::fmt::Display| ChainError::Other(format!("block {number}: {e}"));
	let at = chain.api().at_block(number).await.map_err(|e| other(&e))?;
	let hash = format!("{:?}", at.block_hash());
	let time_ms = match at
		.storage()
		.try_fetch(runtime::storage().timestamp().now(), ())
		.await
		.map_err(|e| other(&e))?
	{
		Some(value) => value.decode().map_err(|e| other(&e))?,
		// Genesis has no timestamp yet.
		None if number == 0 => 0,
		None => return Err(other(&"no timestamp").into()),
	};
	let events = at.events().fetch().await.map_err(|e| other(&e))?;
	let mut rows = if number == 0 { genesis_rows(&at).await? } else { Vec::new() };
	for event in events.iter() {
		let event = event.map_err(|e| other(&e))?;
		let kept =
			decode::rows(&event).map_err(|source| FollowError::Decode { block: number, source })?;
		rows.extend(kept.into_iter().map(|row| (event.index(), row)));
	}
	Ok(IndexedBlock { number, hash, time_ms, rows })
}

/// The farms and nodes of the genesis state, which no event announced, as the rows their
/// registration would have made (indexes past any event's, so none collides).
async fn genesis_rows(
	at: &sc4it_client::subxt::client::OnlineClientAtBlock<sc4it_client::Config>,
) -> Result<Vec<(u32, Row)>, FollowError> {
	let other = |e: &dyn std::fmt::Display| ChainError::Other(format!("genesis state: {e}"));
	let registry = runtime::storage().registry();
	let storage = at.storage();
	let next_farm: u32 = storage
		.fetch(registry.next_farm_id(), ())
		.await
		.map_err(|e| other(&e))?
		.decode()
		.map_err(|e| other(&e))?;
	let next_node: u32 = storage
		.fetch(registry.next_node_id(), ())
		.await
		.map_err(|e| other(&e))?
		.decode()
		.map_err(|e| other(&e))?;
	let mut rows = Vec::new();
	let mut index = u32::MAX / 2;
	for farm in 0..next_farm {
		let Some(value) =
			storage.try_fetch(registry.farms(), (farm,)).await.map_err(|e| other(&e))?
		else {
			continue;
		};
		let record = value.decode().map_err(|e| other(&e))?;
		rows.push((
			index,
			Row::FarmCreated {
				farm,
				owner: record.owner.to_string(),
				name: String::from_utf8_lossy(&record.name.0).into_owned(),
				payout_account: record.payout_account.to_string(),
			},
		));
		index += 1;
	}
	for node in 0..next_node {
		let Some(value) =
			storage.try_fetch(registry.nodes(), (node,)).await.map_err(|e| other(&e))?
		else {
			continue;
		};
		let record = value.decode().map_err(|e| other(&e))?;
		rows.push((
			index,
			Row::NodeRegistered {
				node,
				farm: record.farm,
				ssd_gib: record.capacity.ssd_gib,
				hdd_gib: record.capacity.hdd_gib,
			},
		));
		index += 1;
	}
	Ok(rows)
}

/// The capacity of nodes indexed before the index kept capacities, as the chain has it now
/// (later `NodeCapacityChanged` events keep it).
async fn fill_capacities(chain: &Chain, store: &Store) -> Result<(), FollowError> {
	for node in store.nodes_without_capacity().await.map_err(StoreError::from)? {
		if let Some(record) = chain.node(node).await? {
			let (ssd, hdd) = (record.capacity.ssd_gib, record.capacity.hdd_gib);
			store.set_capacity(node, ssd, hdd).await.map_err(StoreError::from)?;
		}
	}
	Ok(())
}

/// Writes every finalized block after `indexed` up to `finalized`, updating `progress`; at
/// every mark, drops the node finder's marks no window reads any more (the chain's blocks last
/// `block_ms`).
async fn catch_up(
	chain: &Chain,
	store: &Store,
	progress: &SharedProgress,
	finalized: u32,
	block_ms: u64,
) -> Result<(), FollowError> {
	let mut interval = (Instant::now(), 0u32);
	loop {
		let next = {
			let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
			p.finalized = p.finalized.max(finalized);
			p.indexed.map_or(0, |i| i + 1)
		};
		if next > finalized {
			return Ok(());
		}
		let block = read_block(chain, next).await?;
		store.write_block(&block).await?;
		if i64::from(next) % MARK_BLOCKS == 0 {
			let before = finder::window_bucket(u64::from(next), finder::MARKS_KEPT_DAYS, block_ms);
			store.prune_health_marks(before).await.map_err(StoreError::from)?;
		}
		interval.1 += 1;
		let elapsed = interval.0.elapsed();
		let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
		p.indexed = Some(next);
		if elapsed >= Duration::from_secs(10) {
			p.blocks_per_second = f64::from(interval.1) / elapsed.as_secs_f64();
			log::info!(
				"indexed block {next}; finalized {}, {} behind, {:.1} blocks/s",
				p.finalized,
				p.behind(),
				p.blocks_per_second
			);
			interval = (Instant::now(), 0);
		}
	}
}

/// Follows the chain at `chain` into `store` until an error: first every block after the
/// last one written (from genesis on a new database), then each new finalized block.
pub async fn follow(
	chain: &Chain,
	store: &Store,
	progress: &SharedProgress,
) -> Result<(), FollowError> {
	let genesis = format!("{:?}", chain.api().genesis_hash());
	let indexed = store.resume(&genesis).await?;
	progress.lock().unwrap_or_else(|e| e.into_inner()).indexed = indexed;
	log::info!(
		"following {genesis}: {}",
		match indexed {
			Some(block) => format!("resuming after block {block}"),
			None => "from genesis".to_string(),
		}
	);
	fill_capacities(chain, store).await?;
	let block_ms = chain.clock().await?.block_ms;
	let mut finalized =
		chain.api().stream_blocks().await.map_err(|e| ChainError::Other(e.to_string()))?;
	let head = chain.finalized_number().await?;
	catch_up(chain, store, progress, head, block_ms).await?;
	while let Some(block) = futures::StreamExt::next(&mut finalized).await {
		let block = block.map_err(|e| ChainError::Other(e.to_string()))?;
		catch_up(chain, store, progress, block.number() as u32, block_ms).await?;
	}
	Err(ChainError::Other("the node closed its stream of finalized blocks".into()).into())
}
