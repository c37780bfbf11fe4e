//! Chain access with the runtime's own types: signed extrinsics, council motions, storage,
//! runtime APIs, events, chain specs, and the dev chain's prices.

use crate::{
	node::{hex, unhex, Node},
	process::build_spec,
	signing::{submit_encoded, Signer},
};
use codec::{Decode, Encode};
use sc4it_runtime::{AccountId, Balance, BlockNumber, Hash, RuntimeCall, RuntimeEvent};
use serde_json::{json, Value};
use sp_io::hashing::{blake2_128, twox_128};
use sp_keyring::Sr25519Keyring;
use std::{
	path::{Path, PathBuf},
	time::Duration,
};

pub type ContractView = pallet_sc4it_contracts::ContractView<AccountId, Balance, BlockNumber>;
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// The hash of block `number`, or of the best block.
pub(crate) fn hash_of(node: &Node, number: Option<u64>) -> Result<Hash, String> {
	let params = match number {
		Some(n) => json!([n]),
		None => json!([]),
	};
	let hash = node.rpc("chain_getBlockHash", params)?;
	let bytes = unhex(hash.as_str().ok_or("no block hash")?)?;
	Hash::decode(&mut &bytes[..]).map_err(|e| e.to_string())
}

/// Signs `call` as `who` (immortal, next nonce) and submits it to the node's pool.
pub fn submit(node: &Node, who: Sr25519Keyring, call: RuntimeCall) -> Result<(), String> {
	let nonce = pool_nonce(node, &who.to_account_id())?;
	submit_with_nonce(node, who, call, nonce)
}

/// A motion of a one-member council (the dev chain's: Alice) that runs `call` at once: a
/// proposal with threshold one executes when proposed, and one of one member is two thirds.
pub fn council_motion(call: RuntimeCall) -> RuntimeCall {
	let length_bound = call.encoded_size() as u32;
	RuntimeCall::Council(pallet_collective::Call::propose {
		threshold: 1,
		proposal: Box::new(call),
		length_bound,
	})
}

/// On a grid of one node a validator cannot tell the node's death from its own blindness, so by
/// default its oracle casts no down vote (docs/oracle.md: `MinReachedShare`). A dev-chain test
/// about a dead or failing node turns that check off, and the bound on the share of the grid
/// found down at once (`OutageShare`), with a motion of the one-member council.
pub fn vote_down_on_a_grid_of_one(node: &Node) {
	let limits = RuntimeCall::Oracle(pallet_sc4it_oracle::Call::set_oracle_limits {
		block_share: sp_runtime::Perbill::from_percent(25),
		min_reached: sp_runtime::Perbill::zero(),
		outage_share: sp_runtime::Perbill::one(),
	});
	submit(node, Sr25519Keyring::Alice, council_motion(limits)).expect("the motion is submitted");
	// In force and final before the test goes on: tools that take Alice's next nonce from the
	// finalized state (the CLI) must not collide with the motion.
	let key = plain_key("Oracle", "MinReachedShare");
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
	loop {
		let finalized = node.finalized_number().unwrap_or(0);
		let share: Option<sp_runtime::Perbill> = storage(node, &key, Some(finalized));
		if share == Some(sp_runtime::Perbill::zero()) {
			return;
		}
		assert!(std::time::Instant::now() < deadline, "the oracle limits were not finalized");
		std::thread::sleep(std::time::Duration::from_millis(500));
	}
}

/// A motion of a one-member council that runs `call` as Root (see [`council_motion`]).
pub fn council_motion_as_root(call: RuntimeCall) -> RuntimeCall {
	council_motion(RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
		call: Box::new(call),
	}))
}

/// A council motion's calls and state, for tests that take its steps one at a time (a test
/// that sends other transactions between them) or all at once ([`carried_motion`]).
pub struct Motion {
	call: RuntimeCall,
	hash: Hash,
	index: u32,
	threshold: u32,
	length_bound: u32,
	proposal_weight_bound: frame_support::weights::Weight,
}

impl Motion {
	/// The motion to run `call`, carried by `threshold` ayes; its index is the council's next.
	pub fn new(node: &Node, call: RuntimeCall, threshold: u32) -> Motion {
		use frame_support::dispatch::GetDispatchInfo;
		use sp_runtime::traits::Hash as _;
		Motion {
			length_bound: call.encoded_size() as u32,
			proposal_weight_bound: call.get_dispatch_info().call_weight,
			hash: <sc4it_runtime::Runtime as frame_system::Config>::Hashing::hash_of(&call),
			index: storage(node, &plain_key("Council", "ProposalCount"), None).unwrap_or(0),
			threshold,
			call,
		}
	}

	/// `council.propose` of the motion.
	pub fn propose(&self) -> RuntimeCall {
		RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: self.threshold,
			proposal: Box::new(self.call.clone()),
			length_bound: self.length_bound,
		})
	}

	/// An aye.
	pub fn vote(&self) -> RuntimeCall {
		RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: self.hash,
			index: self.index,
			approve: true,
		})
	}

	/// `council.close`, which anyone may send once the ayes are in.
	pub fn close(&self) -> RuntimeCall {
		RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: self.hash,
			index: self.index,
			proposal_weight_bound: self.proposal_weight_bound,
			length_bound: self.length_bound,
		})
	}

	/// Whether the motion is open (proposed, not closed) at the best block.
	pub fn is_open(&self, node: &Node) -> bool {
		storage::<Vec<Hash>>(node, &plain_key("Council", "Proposals"), None)
			.unwrap_or_default()
			.contains(&self.hash)
	}

	/// Its ayes at the best block.
	pub fn ayes(&self, node: &Node) -> u32 {
		// pallet-collective's `Votes`, whose fields are private to it.
		#[derive(Decode)]
		struct Votes {
			_index: u32,
			_threshold: u32,
			ayes: Vec<AccountId>,
			_nays: Vec<AccountId>,
			_end: BlockNumber,
		}
		let mut key = plain_key("Council", "Voting");
		key.extend(self.hash.encode());
		storage::<Votes>(node, &key, None).map_or(0, |v| v.ayes.len() as u32)
	}

	/// Whether the motion carried `threshold` ayes.
	pub fn threshold(&self) -> u32 {
		self.threshold
	}
}

/// A motion carried by the council of a multi-member chain: `proposer` proposes `call` with
/// a threshold of `1 + voters.len()`, the proposer and the voters vote aye (proposing is not
/// voting), and `closer` (anyone) closes it. Each step waits for the previous one to be in a
/// block.
pub fn carried_motion(
	node: &mut Node,
	proposer: Sr25519Keyring,
	voters: &[Sr25519Keyring],
	closer: Sr25519Keyring,
	call: RuntimeCall,
) {
	let motion = Motion::new(node, call, 1 + voters.len() as u32);
	submit(node, proposer, motion.propose()).unwrap();
	node.wait_for("the motion", Duration::from_secs(60), |n| motion.is_open(n));
	for voter in std::iter::once(&proposer).chain(voters) {
		submit(node, *voter, motion.vote()).unwrap();
	}
	node.wait_for("the votes", Duration::from_secs(60), |n| motion.ayes(n) >= motion.threshold());
	assert!(motion.is_open(node), "the motion is open until closed");
	submit(node, closer, motion.close()).unwrap();
	node.wait_for("the motion closed", Duration::from_secs(60), |n| !motion.is_open(n));
}

/// The genesis hash, which every signed extrinsic, node report and authority batch names.
pub fn genesis_hash(node: &Node) -> Result<Hash, String> {
	hash_of(node, Some(0))
}

/// `who` creates a contract for `size_gib` GiB of SSD on the demo node (node 0), with
/// `deposit` on hold; submitted, not waited for.
pub fn create_ssd_contract(node: &Node, who: Sr25519Keyring, size_gib: u64, deposit: Balance) {
	let call = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
		node: 0,
		volume: sc4it_primitives::Volume { size_gib, disk_type: sc4it_primitives::DiskType::Ssd },
		deposit,
	});
	submit(node, who, call).expect("the contract's creation is submitted");
}

/// Submits an oracle call as the runtime's offchain worker would: an authorized general
/// transaction, no signer, no fee (the call carries the authority's own signature).
pub fn submit_authorized(node: &Node, call: RuntimeCall) -> Result<(), String> {
	submit_encoded(node, &Signer::at_best(node)?.authorized(&call)?)
}

/// [`submit`] with the nonce given: many transactions of one account without waiting (for
/// thousands, sign with one [`Signer`]).
pub fn submit_with_nonce(
	node: &Node,
	who: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
) -> Result<(), String> {
	Signer::at_best(node)?.submit(node, who, &call, nonce)
}

/// A storage value at the best block (or at block `number`), SCALE-decoded.
pub fn storage<T: Decode>(node: &Node, key: &[u8], number: Option<u64>) -> Option<T> {
	let bytes = raw_storage(node, key, number)?;
	T::decode(&mut &bytes[..]).ok()
}

/// A storage value's bytes at the best block (or at block `number`).
pub fn raw_storage(node: &Node, key: &[u8], number: Option<u64>) -> Option<Vec<u8>> {
	let hash = hash_of(node, number).ok()?;
	let value = node
		.rpc("state_getStorage", json!([format!("0x{}", hex(key)), format!("{hash:?}")]))
		.ok()?;
	unhex(value.as_str()?).ok()
}

pub fn plain_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// How many contracts were ever created (the id the next one gets).
pub fn next_contract_id(node: &Node) -> u64 {
	storage(node, &plain_key("Contracts", "NextContractId"), None).unwrap_or(0)
}

/// Whether a transaction in blocks `numbers` failed on dispatch with `error` (an
/// `ExtrinsicFailed` event; module errors compare by pallet and index).
pub fn failed_with(
	node: &Node,
	numbers: std::ops::RangeInclusive<u64>,
	error: impl Into<sp_runtime::DispatchError>,
) -> bool {
	let error = error.into();
	numbers.flat_map(|number| events(node, number)).any(|record| {
		matches!(record.event, RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error, ..
		}) if dispatch_error == error)
	})
}

/// The events of block `number`.
pub fn events(node: &Node, number: u64) -> Vec<EventRecord> {
	storage(node, &plain_key("System", "Events"), Some(number)).unwrap_or_default()
}

fn account_info(
	node: &Node,
	who: &AccountId,
) -> Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<Balance>>> {
	account_info_at(node, who, None)
}

fn account_info_at(
	node: &Node,
	who: &AccountId,
	number: Option<u64>,
) -> Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<Balance>>> {
	let mut key = plain_key("System", "Account");
	let encoded = who.encode();
	key.extend(blake2_128(&encoded));
	key.extend(encoded);
	storage(node, &key, number)
}

/// An account's nonce at block `number`: its transactions included up to it.
pub fn nonce_at(node: &Node, who: &AccountId, number: u64) -> u32 {
	account_info_at(node, who, Some(number)).map(|info| info.nonce).unwrap_or(0)
}

/// The nonce of an account's next transaction as the node's pool counts it.
pub fn pool_nonce(node: &Node, who: &AccountId) -> Result<u32, String> {
	let next = node.rpc("system_accountNextIndex", json!([who.to_string()]))?;
	Ok(next.as_u64().ok_or("no nonce")? as u32)
}

/// An account's free balance at the best block.
pub fn free_balance(node: &Node, who: &AccountId) -> Balance {
	account_info(node, who).map(|info| info.data.free).unwrap_or(0)
}

/// The runtime's events and errors at block `number`, by pallet and index: what a client that
/// reads that block's events and failures decodes each index as. An upgrade that keeps
/// older blocks readable keeps every index's name.
pub fn event_and_error_indices_at(
	node: &Node,
	number: u64,
) -> std::collections::BTreeMap<(String, &'static str, u8), String> {
	let hash = hash_of(node, Some(number)).expect("the block's hash");
	let hex_metadata = node.rpc("state_getMetadata", json!([format!("{hash:?}")])).unwrap();
	let bytes = unhex(hex_metadata.as_str().expect("metadata as hex")).unwrap();
	let metadata = sc4it_client::subxt::metadata::Metadata::decode_from(&bytes).unwrap();
	let mut indices = std::collections::BTreeMap::new();
	for pallet in metadata.pallets() {
		let kinds = [("event", pallet.event_variants()), ("error", pallet.error_variants())];
		for (kind, variants) in kinds {
			for variant in variants.unwrap_or_default() {
				indices
					.insert((pallet.name().to_string(), kind, variant.index), variant.name.clone());
			}
		}
	}
	indices
}

/// An account's free balance at block `number`.
pub fn free_balance_at(node: &Node, who: &AccountId, number: u64) -> Balance {
	account_info_at(node, who, Some(number)).map(|info| info.data.free).unwrap_or(0)
}

/// An account's nonce at the best block: its transactions included so far.
pub fn nonce(node: &Node, who: &AccountId) -> u32 {
	account_info(node, who).map(|info| info.nonce).unwrap_or(0)
}

/// The total issuance of the chain's token.
pub fn total_issuance(node: &Node) -> Balance {
	storage(node, &plain_key("Balances", "TotalIssuance"), None).unwrap_or(0)
}

/// A farm's payouts: paid so far, and waiting for the next round.
pub fn farm_ledger(node: &Node, farm: u32) -> pallet_sc4it_contracts::FarmLedger<Balance> {
	let bytes = node.state_call("ContractsApi_farm_ledger", &farm.encode()).unwrap_or_default();
	Decode::decode(&mut &bytes[..]).unwrap_or_default()
}

/// What node `id` earned for its farm and the treasury since the last payout round collected
/// it (its contracts' charges wait there until the round moves them to the farm's ledger).
pub fn node_earnings(node: &Node, id: u32) -> Balance {
	timeline_at(node, id, None).map_or(0, |tl| tl.earned + tl.fees)
}

/// Node `id`'s billing timeline at the best block (or at block `number`).
pub fn timeline_at(
	node: &Node,
	id: u32,
	number: Option<u64>,
) -> Option<pallet_sc4it_contracts::TimelineOf<sc4it_runtime::Runtime>> {
	let mut key = plain_key("Contracts", "Timelines");
	let id = id.encode();
	key.extend(sp_io::hashing::twox_64(&id));
	key.extend(id);
	storage(node, &key, number)
}

/// What `user` owes `farm` from ended contracts.
pub fn debt(node: &Node, user: &AccountId, farm: u32) -> Balance {
	let mut key = plain_key("Contracts", "Debts");
	let user = user.encode();
	key.extend(blake2_128(&user));
	key.extend(user);
	let farm = farm.encode();
	key.extend(sp_io::hashing::twox_64(&farm));
	key.extend(farm);
	storage(node, &key, None).unwrap_or(0)
}

/// The contracts runtime API's view of a contract.
pub fn contract(node: &Node, id: u64) -> Option<ContractView> {
	let bytes = node.state_call("ContractsApi_contract", &id.encode()).ok()?;
	Option::<ContractView>::decode(&mut &bytes[..]).ok().flatten()
}

/// The same at block `number`: compare it with the events of blocks up to `number`.
pub fn contract_at(node: &Node, id: u64, number: u64) -> Option<ContractView> {
	let hash = hash_of(node, Some(number)).ok()?;
	let args = format!("0x{}", hex(&id.encode()));
	let result =
		node.rpc("state_call", json!(["ContractsApi_contract", args, format!("{hash:?}")])).ok()?;
	let bytes = unhex(result.as_str()?).ok()?;
	Option::<ContractView>::decode(&mut &bytes[..]).ok().flatten()
}

/// The block up to which a node's health is confirmed.
pub fn confirmed_until(node: &Node, grid_node: u32) -> Option<BlockNumber> {
	let bytes = node.state_call("ContractsApi_confirmed_until", &grid_node.encode()).ok()?;
	Option::<BlockNumber>::decode(&mut &bytes[..]).ok().flatten()
}

/// The dev chain spec with the demo node's report URL replaced: the test's own report
/// server, on a free port, instead of the shared default address.
pub fn dev_spec_with_demo_url(dir: &Path, url: &str) -> PathBuf {
	spec_with_demo_url(dir, "dev", url)
}

/// The same for any built-in chain (`dev`, `local`).
pub fn spec_with_demo_url(dir: &Path, chain: &str, url: &str) -> PathBuf {
	let spec = build_spec(chain, dir);
	let mut spec: Value = serde_json::from_str(&spec).expect("the spec is JSON");
	let replaced = replace_demo_url(&mut spec, url);
	assert!(replaced, "no registry node in the dev spec");
	let path = dir.join(format!("{chain}-spec.json"));
	std::fs::write(&path, spec.to_string()).unwrap();
	path
}

fn replace_demo_url(value: &mut Value, url: &str) -> bool {
	let Some(nodes) = registry_nodes(value) else { return false };
	for node in nodes.iter_mut() {
		node[2] = json!(url.as_bytes());
	}
	!nodes.is_empty()
}

/// The registry's genesis nodes in a chain spec, wherever the spec's format puts them.
pub(crate) fn registry_nodes(value: &mut Value) -> Option<&mut Vec<Value>> {
	match value {
		Value::Object(map) => {
			if map.get("registry").and_then(|r| r.get("nodes")).is_some_and(Value::is_array) {
				return map.get_mut("registry")?.get_mut("nodes")?.as_array_mut();
			}
			map.values_mut().find_map(registry_nodes)
		},
		Value::Array(items) => items.iter_mut().find_map(registry_nodes),
		_ => None,
	}
}

/// What a contract on the dev chain (and the local testnet: both presets have the same
/// pricing) pays per GiB of SSD per block: the genesis presets' own pricing, so the tests follow
/// when it changes.
pub fn dev_ssd_rate_per_gib_block() -> Balance {
	sc4it_runtime::genesis_config_presets::dev_pricing().ssd_per_gib_block
}
