//! The connection to a node, submission with progress, and the queries the agent and the CLI
//! make. Errors say what went wrong in words: the runtime's error names and documentation for
//! failed calls, the pool's reason for refused ones, the URL for an unreachable node.

use crate::runtime;
use subxt::{tx::Payload, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

/// The chain's configuration: the runtime uses the same account, address, signature and hash
/// types as Polkadot.
pub type Config = PolkadotConfig;
/// An account id on the chain.
pub type AccountId = subxt::utils::AccountId32;
/// A contract's automatic top-up: its terms, the period's start and what it spent.
pub type AutoTopUp = runtime::runtime_types::pallet_sc4it_contracts::types::AutoTopUp<u128, u32>;
/// A contract as the runtime API shows it.
pub type ContractView =
	runtime::runtime_types::pallet_sc4it_contracts::types::ContractView<AccountId, u128, u32>;

/// What can go wrong talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
	#[error("cannot reach the chain at {url}: {reason}")]
	Unreachable { url: String, reason: String },
	#[error("the transaction was refused before inclusion: {0}")]
	Refused(String),
	#[error("the chain refused the call: {name}: {docs}")]
	Failed { name: String, docs: String },
	#[error("{0}")]
	Other(String),
}

impl ChainError {
	fn other(e: impl std::fmt::Display) -> Self {
		ChainError::Other(e.to_string())
	}
}

/// Where a submitted transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
	Submitted,
	InBlock,
	Finalized,
}

/// A transaction in a finalized block, and its events.
pub struct Included {
	pub block_hash: subxt::utils::H256,
	pub events: subxt::extrinsics::ExtrinsicEvents<Config>,
}

/// A connection to a node.
#[derive(Clone)]
pub struct Chain {
	api: OnlineClient<Config>,
	rpc: subxt::rpcs::RpcClient,
	/// The client at the last finalized block seen, with when it was last confirmed as the last,
	/// reused while it is.
	finalized: std::sync::Arc<std::sync::Mutex<Option<(std::time::Instant, AtBlock)>>>,
	/// How long the last finalized block is taken as still the last without asking the node
	/// again: zero (always ask) unless [`Chain::reuse_finalized_for`] set it.
	finalized_ttl: std::time::Duration,
}

/// The chain at one block.
pub(crate) type AtBlock = subxt::client::OnlineClientAtBlock<Config>;

/// The longest a request of a [`Chain::connect`] connection waits for its answer (jsonrpsee's
/// default): a read of a busy node, or a transaction's submission, well within it.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Chain {
	/// Connects to a node's RPC (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Chain, ChainError> {
		let unreachable = |e: &dyn std::fmt::Display| ChainError::Unreachable {
			url: url.to_string(),
			reason: e.to_string(),
		};
		let client =
			crate::pool::websocket(url, REQUEST_TIMEOUT).await.map_err(|e| unreachable(&e))?;
		let rpc = subxt::rpcs::RpcClient::new(client);
		let api = OnlineClient::<Config>::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| unreachable(&e))?;
		Ok(Chain { api, rpc, finalized: Default::default(), finalized_ttl: Default::default() })
	}

	/// Connects to a node's RPC over `connections` websocket connections, each carrying one
	/// request at a time ([`crate::pool`]), and reads with the methods that answer each request
	/// in its own response (`state_call`, `state_getStorage`): for a reader that sends many
	/// requests at once. (subxt's default reads a node like this one through `chainHead_v1`,
	/// whose answers all come back as notifications over one connection.)
	pub async fn connect_pooled(url: &str, connections: usize) -> Result<Chain, ChainError> {
		let unreachable = |e: &dyn std::fmt::Display| ChainError::Unreachable {
			url: url.to_string(),
			reason: e.to_string(),
		};
		let pool = crate::pool::ConnectionPool::connect(url, connections)
			.await
			.map_err(|e| unreachable(&e))?;
		let rpc = subxt::rpcs::RpcClient::new(pool);
		let backend = subxt::backend::LegacyBackend::<Config>::builder().build(rpc.clone());
		let api = OnlineClient::<Config>::from_backend(std::sync::Arc::new(backend))
			.await
			.map_err(|e| unreachable(&e))?;
		Ok(Chain { api, rpc, finalized: Default::default(), finalized_ttl: Default::default() })
	}

	/// The subxt client, for what this crate does not wrap.
	pub fn api(&self) -> &OnlineClient<Config> {
		&self.api
	}

	/// The node's JSON-RPC, for the methods subxt does not wrap.
	pub fn rpc(&self) -> &subxt::rpcs::RpcClient {
		&self.rpc
	}

	/// Signs and submits `call`, reports each stage to `progress`, and waits for finality.
	///
	/// First the call is dry-run against the last finalized block (`DryRunApi`): a call that
	/// would fail is not submitted, so it costs no fee and changes nothing.
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
		mut progress: impl FnMut(Stage),
	) -> Result<Included, ChainError> {
		use codec::Encode;
		use subxt::transactions::TransactionStatus;
		let at = self.at_finalized().await?;
		// The arguments of `dry_run(who, call)`: the call data is the call's SCALE encoding.
		let mut args = signer.public_key().to_account_id().encode();
		args.extend(at.transactions().call_data(call).map_err(ChainError::other)?);
		let result = at
			.runtime_apis()
			.call_raw("DryRunApi_dry_run", Some(&args))
			.await
			.map_err(ChainError::other)?;
		if let Some(error) = dry_run_error(&result, at.metadata_ref()) {
			return Err(error);
		}
		let nonce = self.next_nonce(&signer.public_key().to_account_id()).await?;
		let params =
			subxt::config::PolkadotExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
		let mut tx = at
			.transactions()
			.sign_and_submit_then_watch(call, signer, params)
			.await
			.map_err(|e| ChainError::Refused(e.to_string()))?;
		progress(Stage::Submitted);
		while let Some(status) = tx.next().await {
			match status.map_err(ChainError::other)? {
				TransactionStatus::InBestBlock(_) => progress(Stage::InBlock),
				TransactionStatus::InFinalizedBlock(in_block) => {
					progress(Stage::Finalized);
					let events = in_block.wait_for_success().await.map_err(failed)?;
					return Ok(Included { block_hash: in_block.block_hash(), events });
				},
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => return Err(ChainError::Refused(message)),
				_ => {},
			}
		}
		Err(ChainError::Other("the node stopped reporting on the transaction".into()))
	}

	/// The nonce of `account`'s next transaction as the node counts it: its best block's, past
	/// the account's transactions waiting in the node's pool (`system_accountNextIndex`). The last
	/// finalized block's would repeat the nonce of a transaction that another client (a wallet, a
	/// script) got into a block or the pool since, and the node would refuse ours as outdated.
	pub async fn next_nonce(&self, account: &AccountId) -> Result<u64, ChainError> {
		self.rpc
			.request("system_accountNextIndex", subxt::rpcs::rpc_params![account])
			.await
			.map_err(ChainError::other)
	}

	/// A contract as the runtime sees it at the last finalized block.
	pub async fn contract(&self, id: u64) -> Result<Option<ContractView>, ChainError> {
		let at = self.at_finalized().await?;
		at.runtime_apis()
			.call(runtime::runtime_apis().contracts_api().contract(id))
			.await
			.map_err(ChainError::other)
	}

	/// A contract's automatic top-up, if its owner set one: its terms and this period's spend.
	pub async fn auto_top_up(&self, id: u64) -> Result<Option<AutoTopUp>, ChainError> {
		let at = self.at_finalized().await?;
		read_optional(&at.storage(), runtime::storage().contracts().auto_top_ups(), (id,)).await
	}
}

/// Transactions built offline against one block's runtime (its metadata, versions and the
/// chain's genesis): for callers that sign many transactions ahead of their inclusion, with
/// nonces they count themselves, or that hold calls already SCALE-encoded.
pub struct Transactions {
	at: subxt::client::OnlineClientAtBlock<Config>,
}

impl Chain {
	/// A builder of transactions against the runtime of block `at`, or of the last finalized
	/// block. A block after a runtime upgrade signs for the new version.
	pub async fn transactions_at(
		&self,
		at: Option<subxt::utils::H256>,
	) -> Result<Transactions, ChainError> {
		let at = match at {
			Some(hash) => self.api.at_block(hash).await.map_err(ChainError::other)?,
			None => self.at_finalized().await?,
		};
		Ok(Transactions { at })
	}
}

impl Transactions {
	/// `call` (a runtime call's SCALE encoding) signed by `signer` with `nonce`, immortal and
	/// without tip, as the bytes `author_submitExtrinsic` takes.
	pub fn signed(&self, call: &[u8], signer: &Keypair, nonce: u64) -> Result<Vec<u8>, ChainError> {
		let transactions = self.at.transactions();
		let payload = transactions.from_call_data_bytes(call).map_err(ChainError::other)?;
		let params = subxt::config::PolkadotExtrinsicParamsBuilder::<Config>::new()
			.immortal()
			.nonce(nonce)
			.build();
		let mut signable =
			transactions.create_signable_offline(&payload, params).map_err(ChainError::other)?;
		Ok(signable.sign(signer).map_err(ChainError::other)?.into_encoded())
	}

	/// `call` as a general transaction without a signer: the form of the calls the runtime
	/// authorizes by their content (the oracle's batches carry their authority's signature
	/// inside the call) and that pay no fee.
	pub fn authorized(&self, call: &[u8]) -> Result<Vec<u8>, ChainError> {
		let transactions = self.at.transactions();
		let payload = transactions.from_call_data_bytes(call).map_err(ChainError::other)?;
		let params =
			subxt::config::PolkadotExtrinsicParamsBuilder::<Config>::new().immortal().build();
		let mut general =
			transactions.create_v5_signable_offline(&payload, params).map_err(ChainError::other)?;
		// subxt builds a version-5 general transaction only through its signing step, which
		// hands the account and signature to the extensions that verify one. The runtime has
		// none (an authorized call's origin comes from `AuthorizeCall`), so neither is encoded:
		// placeholders stand in for them.
		let nobody = AccountId::from([0u8; 32]);
		let no_signature = subxt::utils::MultiSignature::Sr25519([0u8; 64]);
		Ok(general
			.sign_with_account_and_signature(&nobody, &no_signature)
			.map_err(ChainError::other)?
			.into_encoded())
	}
}

/// Ids per page of the contracts API's paged queries (the runtime's `MaxPageSize`).
const PAGE: u32 = 100;

/// The chain's time at its last finalized block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
	/// The last finalized block.
	pub block: u32,
	/// Its timestamp, in milliseconds since the Unix epoch.
	pub now_ms: u64,
	/// The time between two blocks, in milliseconds.
	pub block_ms: u64,
}

impl Clock {
	/// When `block` comes (or came), in milliseconds since the Unix epoch, if blocks keep their
	/// pace from the last finalized one.
	pub fn time_of(&self, block: u32) -> i64 {
		let blocks = i64::from(block) - i64::from(self.block);
		(self.now_ms as i64).saturating_add(blocks.saturating_mul(self.block_ms as i64))
	}
}

/// A node as the registry stores it.
pub type NodeRecord = runtime::runtime_types::pallet_sc4it_registry::types::Node;

/// A farm's earnings: waiting for the next payout, and paid so far.
pub type FarmLedger = runtime::runtime_types::pallet_sc4it_contracts::types::FarmLedger<u128>;

impl Chain {
	/// The chain at its last finalized block, as the node says now (one RPC call); the client
	/// made at that block is reused while it is still the last, since making one costs several
	/// more round trips.
	pub async fn at_finalized(&self) -> Result<AtBlock, ChainError> {
		let cached = self.finalized.lock().unwrap_or_else(|e| e.into_inner()).clone();
		if let Some((seen, at)) = &cached {
			if seen.elapsed() < self.finalized_ttl {
				return Ok(at.clone());
			}
		}
		let hash: subxt::utils::H256 = self
			.rpc
			.request("chain_getFinalizedHead", subxt::rpcs::rpc_params![])
			.await
			.map_err(ChainError::other)?;
		let at = match cached.filter(|(_, at)| at.block_hash() == hash) {
			Some((_, at)) => at,
			None => self.api.at_block(hash).await.map_err(ChainError::other)?,
		};
		*self.finalized.lock().unwrap_or_else(|e| e.into_inner()) =
			Some((std::time::Instant::now(), at.clone()));
		Ok(at)
	}

	/// Takes the last finalized block as still the last for `ttl` without asking the node: for
	/// a long-lived reader that answers many requests (the indexer's pages), where a view up to
	/// `ttl` old is as good and a round trip per read is not.
	pub fn reuse_finalized_for(mut self, ttl: std::time::Duration) -> Chain {
		self.finalized_ttl = ttl;
		self
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<u32, ChainError> {
		let at = self.at_finalized().await?;
		Ok(at.block_number() as u32)
	}

	/// The chain's token, as its chain spec declares it (`system_properties`: `tokenSymbol`,
	/// `tokenDecimals`); `None` if it declares none.
	pub async fn token(&self) -> Result<Option<crate::units::Token>, ChainError> {
		let properties: serde_json::Map<String, serde_json::Value> = self
			.rpc
			.request("system_properties", subxt::rpcs::rpc_params![])
			.await
			.map_err(ChainError::other)?;
		// A chain spec may give one symbol or a list (the first is the native token).
		let first = |key: &str| match properties.get(key) {
			Some(serde_json::Value::Array(items)) => items.first().cloned(),
			other => other.cloned(),
		};
		let symbol = first("tokenSymbol").and_then(|v| v.as_str().map(str::to_string));
		let decimals = first("tokenDecimals")
			.and_then(|v| v.as_u64())
			.and_then(|d| u32::try_from(d).ok())
			// 10^38 is the largest power of ten a u128 holds.
			.filter(|d| *d <= 38);
		Ok(symbol.zip(decimals).map(|(symbol, decimals)| crate::units::Token { symbol, decimals }))
	}

	/// The last finalized block, its time, and the time between blocks (the runtime's slot
	/// duration): what turns a future block number into a date.
	pub async fn clock(&self) -> Result<Clock, ChainError> {
		let at = self.at_finalized().await?;
		let now_ms = read_value(&at.storage(), runtime::storage().timestamp().now(), ()).await?;
		let block_ms = at
			.runtime_apis()
			.call(runtime::runtime_apis().aura_api().slot_duration())
			.await
			.map_err(ChainError::other)?
			.0;
		Ok(Clock { block: at.block_number() as u32, now_ms, block_ms })
	}

	/// Every contract of `owner`, read at one block.
	pub async fn user_contracts(&self, owner: &AccountId) -> Result<Vec<ContractView>, ChainError> {
		let owner = *owner;
		self.contracts_paged(|after| {
			runtime::runtime_apis().contracts_api().user_contracts(owner, after, PAGE)
		})
		.await
	}

	/// What `owner` has in the escrow for contracts, every page of `escrow_of` summed at one
	/// block: each contract's funds less what its node's confirmed health made due.
	pub async fn escrow_of(&self, owner: &AccountId) -> Result<u128, ChainError> {
		let at = self.at_finalized().await?;
		let (mut total, mut after) = (0u128, None);
		loop {
			let page = at
				.runtime_apis()
				.call(runtime::runtime_apis().contracts_api().escrow_of(*owner, after, PAGE))
				.await
				.map_err(ChainError::other)?;
			total = total.saturating_add(page.funds);
			match page.next_after {
				Some(last) => after = Some(last),
				None => return Ok(total),
			}
		}
	}

	/// Every contract on a grid node, read at one block.
	pub async fn node_contracts(&self, node: u32) -> Result<Vec<ContractView>, ChainError> {
		self.contracts_paged(|after| {
			runtime::runtime_apis().contracts_api().node_contracts(node, after, PAGE)
		})
		.await
	}

	/// The contracts a paged id query names, page after page, all read at the last finalized
	/// block: one consistent picture, and one look-up of that block for all of them.
	async fn contracts_paged<P>(
		&self,
		page: impl Fn(Option<u64>) -> P,
	) -> Result<Vec<ContractView>, ChainError>
	where
		P: subxt::runtime_apis::Payload<ReturnType = Vec<u64>>,
	{
		let at = self.at_finalized().await?;
		let mut views = Vec::new();
		let mut after = None;
		loop {
			let ids = at.runtime_apis().call(page(after)).await.map_err(ChainError::other)?;
			let Some(last) = ids.last().copied() else { break };
			for id in ids {
				let view = at
					.runtime_apis()
					.call(runtime::runtime_apis().contracts_api().contract(id))
					.await
					.map_err(ChainError::other)?;
				views.extend(view);
			}
			after = Some(last);
		}
		Ok(views)
	}

	/// A registered node (its farm, report key, URL, capacity and what is reserved of it).
	pub async fn node(&self, id: u32) -> Result<Option<NodeRecord>, ChainError> {
		let at = self.at_finalized().await?;
		let value = at
			.storage()
			.try_fetch(runtime::storage().registry().nodes(), (id,))
			.await
			.map_err(ChainError::other)?;
		value.map(|v| v.decode().map_err(ChainError::other)).transpose()
	}

	/// The grid's prices (per GiB and block, per disk type) and its protocol fee, if governance
	/// set them.
	pub async fn pricing(
		&self,
	) -> Result<Option<runtime::runtime_types::sc4it_primitives::PricingPolicy<u128>>, ChainError>
	{
		let at = self.at_finalized().await?;
		let value = at
			.storage()
			.try_fetch(runtime::storage().registry().pricing(), ())
			.await
			.map_err(ChainError::other)?;
		value.map(|v| v.decode().map_err(ChainError::other)).transpose()
	}

	/// A farm's earnings.
	pub async fn farm_ledger(&self, farm: u32) -> Result<FarmLedger, ChainError> {
		let at = self.at_finalized().await?;
		at.runtime_apis()
			.call(runtime::runtime_apis().contracts_api().farm_ledger(farm))
			.await
			.map_err(ChainError::other)
	}
}

/// The value at `addr` (a value with a default: the default when the entry is empty, as the
/// runtime reads it), decoded.
pub(crate) async fn read_value<'a, C, Addr>(
	storage: &subxt::storage::StorageClient<'a, Config, C>,
	addr: Addr,
	keys: Addr::KeyParts,
) -> Result<Addr::Value, ChainError>
where
	C: subxt::client::OnlineClientAtBlockT<Config>,
	Addr: subxt::storage::Address,
{
	storage.fetch(addr, keys).await.map_err(ChainError::other)?.decode().map_err(ChainError::other)
}

/// The value at `addr` if there is one (an entry without a default), decoded: `None` when the
/// entry is empty.
pub(crate) async fn read_optional<'a, C, Addr>(
	storage: &subxt::storage::StorageClient<'a, Config, C>,
	addr: Addr,
	keys: Addr::KeyParts,
) -> Result<Option<Addr::Value>, ChainError>
where
	C: subxt::client::OnlineClientAtBlockT<Config>,
	Addr: subxt::storage::Address,
{
	let value = storage.try_fetch(addr, keys).await.map_err(ChainError::other)?;
	value.map(|v| v.decode().map_err(ChainError::other)).transpose()
}

/// A pallet's error in words: `Pallet::Error` and its documentation.
fn module_error(pallet: &str, error: &str, docs: &[String]) -> ChainError {
	ChainError::Failed {
		name: format!("{pallet}::{error}"),
		docs: docs.join(" ").trim().to_string(),
	}
}

/// The error of a dry run's `Result<(), DispatchError>`, in words, or `None` if the call would
/// succeed. A module error is named from the metadata (`Pallet::Error: its documentation`).
pub(crate) fn dry_run_error(
	result: &[u8],
	metadata: &subxt::metadata::Metadata,
) -> Option<ChainError> {
	// DispatchError's variants, in declaration order (sp_runtime::DispatchError).
	const NAMES: [&str; 15] = [
		"Other",
		"CannotLookup",
		"BadOrigin",
		"Module",
		"ConsumerRemaining",
		"NoProviders",
		"TooManyConsumers",
		"Token",
		"Arithmetic",
		"Transactional",
		"Exhausted",
		"Corruption",
		"Unavailable",
		"RootNotAllowed",
		"Trie",
	];
	match result {
		[0] => None,
		[1, 3, pallet_index, error_index, ..] => {
			let named = metadata.pallet_by_error_index(*pallet_index).and_then(|pallet| {
				pallet
					.error_variant_by_index(*error_index)
					.map(|variant| module_error(pallet.name(), &variant.name, &variant.docs))
			});
			Some(named.unwrap_or(ChainError::Failed {
				name: format!("module error {pallet_index}/{error_index}"),
				docs: String::new(),
			}))
		},
		[1, variant, ..] => Some(ChainError::Failed {
			name: NAMES.get(*variant as usize).unwrap_or(&"unknown error").to_string(),
			docs: String::new(),
		}),
		_ => Some(ChainError::Other("the dry run gave an unreadable answer".into())),
	}
}

/// A failed transaction's error in words: `Pallet::Error: its documentation`.
fn failed(e: subxt::error::TransactionEventsError) -> ChainError {
	use subxt::error::{DispatchError, TransactionEventsError};
	match e {
		TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
			match module.details() {
				Ok(details) => module_error(
					details.pallet.name(),
					&details.variant.name,
					&details.variant.docs,
				),
				Err(_) => ChainError::Failed { name: module.details_string(), docs: String::new() },
			}
		},
		TransactionEventsError::ExtrinsicFailed(other) => {
			ChainError::Failed { name: format!("{other:?}"), docs: other.to_string() }
		},
		other => ChainError::other(other),
	}
}
