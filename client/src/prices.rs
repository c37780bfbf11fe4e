//! What a contract would cost before anything is signed: a node's quote (its farm's price in
//! force, the rate and the least deposit), farms' own prices and the bounds governance sets.

use crate::{chain::read_optional, runtime, Chain, ChainError};

/// What a contract would be created with now (the runtime's `ContractsApi::quote`).
pub type ContractQuote = runtime::runtime_types::pallet_sc4it_contracts::types::ContractQuote<u128>;
/// A farm's own prices, and a rise to come (the registry's `FarmPrices`).
pub type FarmPrice = runtime::runtime_types::pallet_sc4it_registry::types::FarmPrice<u128, u32>;
/// Higher prices a farm set, and the first block they apply at.
pub type PriceRise = runtime::runtime_types::pallet_sc4it_registry::types::PriceRise<u128, u32>;
/// Prices per GiB and block for SSD and HDD.
pub type DiskPrices = runtime::runtime_types::sc4it_primitives::DiskPrices<u128>;
/// The lowest and highest prices a farm may set.
pub type PriceBounds = runtime::runtime_types::sc4it_primitives::PriceBounds<u128>;
/// A volume: its size in GiB and its disk type.
pub type Volume = runtime::runtime_types::sc4it_primitives::Volume;

impl Chain {
	/// What a contract for `volume` on `node` would be created with at the last finalized
	/// block, or why it could not be (the runtime's error, in words).
	pub async fn quote(&self, node: u32, volume: Volume) -> Result<ContractQuote, ChainError> {
		let at = self.at_finalized().await?;
		let answer = at
			.runtime_apis()
			.call(runtime::runtime_apis().contracts_api().quote(node, volume))
			.await
			.map_err(|e| ChainError::Other(e.to_string()))?;
		answer.map_err(|error| crate::teams::described(&error, &at))
	}

	/// A farm's own prices, if it set any (without them it charges the grid's).
	pub async fn farm_prices(&self, farm: u32) -> Result<Option<FarmPrice>, ChainError> {
		let at = self.at_finalized().await?;
		read_optional(&at.storage(), runtime::storage().registry().farm_prices(), (farm,)).await
	}

	/// The bounds of farms' prices, if governance set them.
	pub async fn price_bounds(&self) -> Result<Option<PriceBounds>, ChainError> {
		let at = self.at_finalized().await?;
		read_optional(&at.storage(), runtime::storage().registry().farm_price_bounds(), ()).await
	}
}
