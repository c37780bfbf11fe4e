//! Genesis presets: `development` (Alice alone) and `local_testnet` (Alice, Bob, Charlie and
//! Dave: four validators, so that finality survives one of them stopping).
//!
//! Both have funded dev accounts, the validators as the council (so on the dev chain Alice's
//! motions pass at once), a demo farm owned by Charlie with one demo node
//! whose report URL is the local agent's default address, a pricing policy and a billing policy
//! with short periods, so that a person can watch a contract's whole life in minutes.

use crate::*;
use alloc::{vec, vec::Vec};
use serde_json::Value;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The demo farm's name.
pub const DEMO_FARM_NAME: &str = "demo-farm";
/// Where the demo node's agent serves its reports: the agent's default listen address.
pub const DEMO_NODE_REPORT_URL: &str = "http://127.0.0.1:8700";
/// The seed of the demo node's report key (ed25519): the well-known dev key `//Ferdie`, so that
/// `sc4it-agent --demo` can sign with the key the dev genesis registered.
pub const DEMO_NODE_KEY_SEED: &str = "//Ferdie";

/// The demo node's report-signing public key.
pub fn demo_node_key() -> sp_core::ed25519::Public {
	Ed25519Keyring::Ferdie.public()
}

/// The demo farm's owner, who also receives its payouts.
pub fn demo_farmer() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}

/// Prices: 10 µUNIT per GiB of SSD per block, 2 µUNIT for HDD, 10% to the treasury.
pub fn dev_pricing() -> PricingPolicy<Balance> {
	PricingPolicy {
		ssd_per_gib_block: 10 * MICRO_UNIT,
		hdd_per_gib_block: 2 * MICRO_UNIT,
		protocol_fee: Perbill::from_percent(10),
	}
}

/// Short periods for watching a contract's life: with 3 s blocks, a minute is 20 blocks.
pub fn dev_billing_policy() -> BillingPolicy<BlockNumber> {
	BillingPolicy {
		min_deposit_blocks: MINUTES,
		low_runway_blocks: MINUTES,
		grace_period_blocks: 2 * MINUTES,
		max_node_downtime_blocks: 2 * MINUTES,
		payout_period_blocks: MINUTES,
	}
}

/// How often the oracle fetches and bills each node: every 5 blocks (15 s).
pub const DEV_BILLING_PERIOD: BlockNumber = 5;

/// What each dev account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// A validator's dev keys: sr25519 for its account, Aura and the oracle, ed25519 for GRANDPA,
/// all from `//<Name>` (what `--dev`, `--alice`, ... insert into the keystore).
type Validator = (Sr25519Keyring, Ed25519Keyring);

/// A validator's session keys from its dev keys.
pub fn dev_session_keys((sr, ed): Validator) -> SessionKeys {
	SessionKeys {
		aura: AuraId::from(sr.public()),
		grandpa: GrandpaId::from(ed.public()),
		oracle: sc4it_primitives::oracle::AuthorityId::from(sr.public()),
	}
}

/// How long a session lasts in the presets: 20 blocks (a minute), so that a validator added by
/// the council starts authoring within about three minutes.
pub const DEV_SESSION_BLOCKS: BlockNumber = MINUTES;

fn genesis(validators: Vec<Validator>) -> Option<Value> {
	let farmer = demo_farmer();
	let config = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: Sr25519Keyring::iter()
				.map(|k| (k.to_account_id(), ENDOWMENT))
				// The treasury exists from the start, so that the first fee payout reaches it.
				.chain([(TreasuryAccount::get(), EXISTENTIAL_DEPOSIT)])
				.collect(),
			..Default::default()
		},
		// Aura's, GRANDPA's and the oracle's authorities come from the session's keys.
		validators: pallet_sc4it_validators::GenesisConfig {
			validators: validators.iter().map(|(sr, _)| sr.to_account_id()).collect(),
			session_blocks: DEV_SESSION_BLOCKS,
		},
		session: pallet_session::GenesisConfig {
			keys: validators
				.iter()
				.map(|&v| (v.0.to_account_id(), v.0.to_account_id(), dev_session_keys(v)))
				.collect(),
			..Default::default()
		},
		council_membership: pallet_membership::GenesisConfig {
			members: validators
				.iter()
				.map(|(sr, _)| sr.to_account_id())
				.collect::<Vec<_>>()
				.try_into()
				.ok()?,
			..Default::default()
		},
		registry: pallet_sc4it_registry::GenesisConfig {
			farms: vec![(farmer.clone(), DEMO_FARM_NAME.as_bytes().to_vec(), farmer)],
			nodes: vec![(
				0,
				demo_node_key(),
				DEMO_NODE_REPORT_URL.as_bytes().to_vec(),
				Capacity { ssd_gib: 1_000, hdd_gib: 4_000 },
			)],
			pricing: Some(dev_pricing()),
			// Both presets run every node on one machine: the demo node's agent, and the nodes
			// farmers register in the README, listen on loopback. A public chain's spec leaves
			// this out, and report URLs must then be public addresses.
			url_policy: pallet_sc4it_registry::url::UrlPolicy {
				allow_loopback: true,
				allow_private: false,
			},
			deposits: grid_deposits(),
			price_bounds: Some(farm_price_bounds(&dev_pricing())),
		},
		contracts: pallet_sc4it_contracts::GenesisConfig { policy: Some(dev_billing_policy()) },
		// Every validator is an oracle authority, through its session keys (docs/oracle.md).
		oracle: pallet_sc4it_oracle::GenesisConfig {
			authorities: Vec::new(),
			billing_period: DEV_BILLING_PERIOD,
			// More than half of the authorities must agree that a node is down.
			down_quorum: None,
		},
		..Default::default()
	};
	serde_json::to_value(config).ok()
}

/// The genesis of a preset, as JSON bytes.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let value = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => {
			genesis(vec![(Sr25519Keyring::Alice, Ed25519Keyring::Alice)])?
		},
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => genesis(vec![
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		])?,
		_ => return None,
	};
	serde_json::to_string(&value).ok().map(|s| s.into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
