//! What the handlers share (the index, the indexer's progress, the alerts' settings) and the
//! live reads of the chain they make: a contract's state and runway, the grid's prices, the
//! validators and the council. The reads go over connections of their own, bounded in number
//! and in time, so that visitors can neither flood the node nor slow the follower.

use crate::{
	follow::{Progress, SharedProgress},
	store::Store,
};
use sc4it_client::{units::Token, AutoTopUp, Chain, Clock, ContractView};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
};

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
	pub store: Store,
	pub progress: SharedProgress,
	/// A connection to the chain for live state, beside the follower's so that requests never
	/// slow the follower (`None` while disconnected).
	pub chain: Arc<Mutex<Option<Chain>>>,
	/// The chain's token, once read.
	pub token: Arc<Mutex<Option<Token>>>,
	/// How alerts are delivered.
	pub alerts: Arc<crate::alerts::AlertsSettings>,
	/// The time between blocks, in milliseconds, once read.
	pub block_ms: Arc<Mutex<Option<u64>>>,
}

/// The connections of the live reads: the most reads of the chain in flight at once, of one
/// page and of all pages together, so that visitors cannot flood the node; more wait their turn.
pub const LIVE_CONNECTIONS: usize = 8;
/// The longest a page waits for its live reads; past it the page is served without them (its
/// index figures stand), so reads queued behind many visitors' never cost a page its answer.
pub const LIVE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

/// `read`, or `None` if it takes longer than [`LIVE_DEADLINE`].
pub async fn within_live_deadline<T>(
	read: impl std::future::Future<Output = Option<T>>,
) -> Option<T> {
	tokio::time::timeout(LIVE_DEADLINE, read).await.ok().flatten()
}

/// A contract as the chain shows it now, for the pages.
pub struct LiveContract {
	pub state: String,
	pub held: u128,
	pub charged: u128,
	pub owed: u128,
	/// The date its funds last until, if it is billed.
	pub paid_until_date: Option<String>,
	/// Its automatic top-up, if its owner set one.
	pub auto_top_up: Option<LiveAutoTopUp>,
}

/// A contract's automatic top-up as the chain has it now.
pub struct LiveAutoTopUp {
	/// What one top-up moves.
	pub amount: u128,
	/// The most one period's top-ups may move.
	pub cap: u128,
	/// What the current period's top-ups moved.
	pub spent: u128,
	/// When the current period ends (and `spent` starts again from zero), as a date if the
	/// clock was read, else as a block.
	pub period_ends: String,
}

impl AppState {
	pub fn new(store: Store, alerts: crate::alerts::AlertsSettings) -> AppState {
		AppState {
			store,
			progress: Default::default(),
			chain: Default::default(),
			token: Default::default(),
			alerts: Arc::new(alerts),
			block_ms: Default::default(),
		}
	}

	/// The live connection, if there is one.
	fn live(&self) -> Option<Chain> {
		self.chain.lock().unwrap_or_else(|e| e.into_inner()).clone()
	}

	/// How far the indexer is.
	pub fn progress(&self) -> Progress {
		*self.progress.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// The time between blocks, in milliseconds, once read from the chain.
	pub fn block_ms(&self) -> Option<u64> {
		*self.block_ms.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// The grid's prices per GiB and block, (SSD, HDD), as the chain has them now; `None` if
	/// governance set none or the chain cannot be read.
	pub async fn live_pricing(&self) -> Option<(u128, u128)> {
		let chain = self.live()?;
		within_live_deadline(async {
			let pricing = chain.pricing().await.ok()??;
			Some((pricing.ssd_per_gib_block, pricing.hdd_per_gib_block))
		})
		.await
	}

	/// The bounds of farms' own prices, ((SSD, HDD) lowest, (SSD, HDD) highest) per GiB and
	/// block, as the chain has them now; `None` if governance set none or the chain cannot be
	/// read.
	pub async fn live_price_bounds(&self) -> Option<((u128, u128), (u128, u128))> {
		let chain = self.live()?;
		within_live_deadline(async {
			let bounds = chain.price_bounds().await.ok()??;
			let pair =
				|p: &sc4it_client::prices::DiskPrices| (p.ssd_per_gib_block, p.hdd_per_gib_block);
			Some((pair(&bounds.min), pair(&bounds.max)))
		})
		.await
	}

	/// The last block written.
	pub fn progress_indexed(&self) -> Option<u32> {
		self.progress().indexed
	}

	/// The chain's token (planck until it was read).
	pub fn token(&self) -> Token {
		self.token
			.lock()
			.unwrap_or_else(|e| e.into_inner())
			.clone()
			.unwrap_or(Token { symbol: "planck".into(), decimals: 0 })
	}

	/// Called by the follower when its connection ended: no live state until the next one.
	pub fn disconnected(&self) {
		*self.chain.lock().unwrap_or_else(|e| e.into_inner()) = None;
	}

	/// Called by the follower on each connection, with a connection of the API's own.
	pub async fn connected(&self, chain: &Chain) {
		if let Ok(Some(token)) = chain.token().await {
			*self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(token);
		}
		if let Ok(clock) = chain.clock().await {
			*self.block_ms.lock().unwrap_or_else(|e| e.into_inner()) = Some(clock.block_ms);
		}
		*self.chain.lock().unwrap_or_else(|e| e.into_inner()) = Some(chain.clone());
	}

	/// A contract's live state from the chain; `None` if it ended or the chain cannot be read.
	pub async fn live_contract(&self, id: i64) -> Option<LiveContract> {
		let chain = self.live()?;
		let id = u64::try_from(id).ok()?;
		within_live_deadline(async {
			let (view, clock, auto) =
				futures::join!(chain.contract(id), chain.clock(), chain.auto_top_up(id));
			Some(LiveContract::new(&view.ok()??, clock.ok(), auto.ok().flatten()))
		})
		.await
	}

	/// The live state of the contracts `ids`, read from the chain [`LIVE_CONNECTIONS`] at a
	/// time, with one clock: those that ended (or cannot be read) are missing, and all of them if
	/// the reads miss [`LIVE_DEADLINE`].
	pub async fn live_contracts(&self, ids: &[i64]) -> HashMap<i64, LiveContract> {
		use futures::StreamExt;
		let Some(chain) = self.live() else {
			return HashMap::new();
		};
		let chain = &chain;
		let reads = async {
			let clock = chain.clock().await.ok();
			let found: HashMap<i64, LiveContract> = futures::stream::iter(ids.iter().copied())
				.map(|id| async move {
					let id_on_chain = u64::try_from(id).ok()?;
					let (view, auto) =
						futures::join!(chain.contract(id_on_chain), chain.auto_top_up(id_on_chain));
					Some((id, LiveContract::new(&view.ok()??, clock, auto.ok().flatten())))
				})
				.buffer_unordered(LIVE_CONNECTIONS)
				.filter_map(|found| async move { found })
				.collect()
				.await;
			Some(found)
		};
		within_live_deadline(reads).await.unwrap_or_default()
	}
}

impl LiveContract {
	fn new(view: &ContractView, clock: Option<Clock>, auto: Option<AutoTopUp>) -> LiveContract {
		let date = |block: u32| {
			clock.and_then(|clock| {
				chrono::DateTime::from_timestamp_millis(clock.time_of(block))
					.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
			})
		};
		let auto_top_up = auto.map(|auto| {
			let ends = auto.period_start.saturating_add(auto.terms.period);
			LiveAutoTopUp {
				amount: auto.terms.amount,
				cap: auto.terms.cap,
				spent: auto.spent,
				period_ends: date(ends).unwrap_or_else(|| format!("block {ends}")),
			}
		});
		LiveContract {
			state: sc4it_client::words::contract_state(&view.state),
			held: view.held,
			charged: view.charged,
			owed: view.owed,
			paid_until_date: view.paid_until.and_then(date),
			auto_top_up,
		}
	}
}

/// The validators, the council and its open motions as the chain shows them now.
pub struct LiveGovernance {
	/// The set the next planned session takes, each with whether it is active now.
	pub validators: Vec<(String, bool)>,
	pub council: Vec<String>,
	pub motions: Vec<LiveMotion>,
}

/// An open motion, for people.
pub struct LiveMotion {
	pub index: u32,
	pub hash: String,
	/// What it does if carried.
	pub summary: String,
	pub ayes: usize,
	pub nays: usize,
	pub threshold: u32,
	pub end: u32,
}

impl AppState {
	/// The validators, the council and its open motions; `None` if the chain cannot be read.
	pub async fn live_governance(&self) -> Option<LiveGovernance> {
		let chain = self.live()?;
		let (sets, council, motions) = within_live_deadline(async {
			let (sets, council, motions) =
				futures::join!(chain.validator_sets(), chain.council_members(), chain.motions());
			Some((sets.ok()?, council.ok()?, motions.ok()?))
		})
		.await?;
		let (set, active) = sets;
		Some(LiveGovernance {
			validators: set.iter().map(|v| (v.to_string(), active.contains(v))).collect(),
			council: council.iter().map(ToString::to_string).collect(),
			motions: motions
				.iter()
				.map(|m| LiveMotion {
					index: m.index,
					hash: format!("{:?}", m.hash),
					summary: m
						.call
						.as_ref()
						.map_or_else(|| "(call unknown)".into(), sc4it_client::words::call_summary),
					ayes: m.ayes.len(),
					nays: m.nays.len(),
					threshold: m.threshold,
					end: m.end,
				})
				.collect(),
		})
	}
}
