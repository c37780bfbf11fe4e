//! The chains this node knows by name: `dev` (Alice alone) and `local` (Alice, Bob, Charlie and
//! Dave). Both come from the runtime's genesis presets, so the node and the runtime cannot
//! disagree. A real grid's spec is built with its validators by `grid-spec` (`grid_spec.rs`).

use sc4it_runtime::WASM_BINARY;
use sc_service::ChainType;

pub type ChainSpec = sc_service::GenericChainSpec;

pub(crate) fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "SC4".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

pub(crate) fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm was not built: rebuild without SKIP_WASM_BUILD".to_string()
	})
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// A single-validator chain for development and demos.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"sc4it development",
		"sc4it_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// A three-validator chain (Alice, Bob, Charlie) for one machine.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"sc4it local testnet",
		"sc4it_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
