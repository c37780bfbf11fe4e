//! Transactions signed by the client crate, as the CLI and the agent sign theirs: the tests
//! build no transaction extension by hand, so a change of the runtime's extensions reaches
//! them through the metadata like every other client.

use crate::node::{hex, Node};
use codec::Encode;
use sc4it_client::{subxt::utils::H256, subxt_signer::sr25519::Keypair, Chain, Transactions};
use sc4it_runtime::RuntimeCall;
use serde_json::json;
use sp_keyring::Sr25519Keyring;
use std::{
	collections::HashMap,
	sync::{Mutex, OnceLock},
};

/// The tests are synchronous; the client is not. One small runtime serves every test thread.
fn runtime() -> &'static tokio::runtime::Runtime {
	static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
	RUNTIME.get_or_init(|| {
		tokio::runtime::Builder::new_multi_thread()
			.worker_threads(1)
			.enable_all()
			.build()
			.expect("a tokio runtime")
	})
}

/// One connection per node URL, kept between transactions.
fn connections() -> &'static Mutex<HashMap<String, Chain>> {
	static CONNECTIONS: OnceLock<Mutex<HashMap<String, Chain>>> = OnceLock::new();
	CONNECTIONS.get_or_init(Default::default)
}

async fn connection(url: &str) -> Result<Chain, String> {
	if let Some(chain) = connections().lock().unwrap_or_else(|e| e.into_inner()).get(url) {
		return Ok(chain.clone());
	}
	let chain = Chain::connect(url).await.map_err(|e| e.to_string())?;
	connections().lock().unwrap_or_else(|e| e.into_inner()).insert(url.into(), chain.clone());
	Ok(chain)
}

/// Drops a connection that failed (its node was restarted): the next call connects anew.
fn forget(url: &str) {
	connections().lock().unwrap_or_else(|e| e.into_inner()).remove(url);
}

/// The dev keyring's key pairs, derived once each (a derivation from the dev phrase takes
/// milliseconds; some tests sign thousands of transactions).
fn keypair(who: Sr25519Keyring) -> Keypair {
	static KEYS: OnceLock<Mutex<HashMap<Sr25519Keyring, Keypair>>> = OnceLock::new();
	let keys = KEYS.get_or_init(Default::default);
	let mut keys = keys.lock().unwrap_or_else(|e| e.into_inner());
	keys.entry(who)
		.or_insert_with(|| {
			sc4it_client::keys::signer(Some(&who.to_seed()), None).expect("a dev keyring seed")
		})
		.clone()
}

/// Signs against the runtime of a node's best block at the time it was made: make one per
/// batch of transactions, and another after a runtime upgrade.
pub struct Signer {
	transactions: Transactions,
}

impl Signer {
	/// A signer for the runtime of `node`'s best block.
	pub fn at_best(node: &Node) -> Result<Signer, String> {
		let best = H256::from(crate::chain::hash_of(node, None)?.0);
		let url = node.ws_url();
		let attempt = || async {
			let chain = connection(&url).await?;
			chain.transactions_at(Some(best)).await.map_err(|e| e.to_string())
		};
		let transactions = runtime().block_on(async {
			match attempt().await {
				Ok(transactions) => Ok(transactions),
				Err(_) => {
					forget(&url);
					attempt().await
				},
			}
		})?;
		Ok(Signer { transactions })
	}

	/// `call` signed by `who` with `nonce`, immortal.
	pub fn signed(
		&self,
		who: Sr25519Keyring,
		call: &RuntimeCall,
		nonce: u32,
	) -> Result<Vec<u8>, String> {
		self.transactions
			.signed(&call.encode(), &keypair(who), u64::from(nonce))
			.map_err(|e| e.to_string())
	}

	/// `call` as an authorized general transaction: no signer, no fee (an oracle call carries
	/// its authority's signature inside).
	pub fn authorized(&self, call: &RuntimeCall) -> Result<Vec<u8>, String> {
		self.transactions.authorized(&call.encode()).map_err(|e| e.to_string())
	}

	/// Signs `call` as `who` with `nonce` and submits it to `node`'s pool.
	pub fn submit(
		&self,
		node: &Node,
		who: Sr25519Keyring,
		call: &RuntimeCall,
		nonce: u32,
	) -> Result<(), String> {
		submit_encoded(node, &self.signed(who, call, nonce)?)
	}
}

/// Submits an encoded transaction to `node`'s pool; `Err` carries the pool's refusal.
pub fn submit_encoded(node: &Node, transaction: &[u8]) -> Result<(), String> {
	node.rpc("author_submitExtrinsic", json!([format!("0x{}", hex(transaction))])).map(|_| ())
}
