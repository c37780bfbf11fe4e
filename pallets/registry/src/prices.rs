//! Farms' own prices, within governance's bounds.
//!
//! A farm may set its price per GiB and block for each disk type ([`FarmPrices`]), within the
//! bounds governance sets ([`FarmPriceBounds`]); a farm that set none charges the grid's
//! ([`Pricing`]). A contract's rate is fixed at its creation from its node's farm's price in
//! force then, so a change applies to new contracts only.
//!
//! A price that goes down applies at once. One that goes up applies `PriceNotice` blocks later:
//! a farmer who sees a user's creation in the pool cannot raise the price under it, and the
//! price a user is shown holds while their transaction waits (the CLI and the node finder show
//! a rise to come). Governance's bounds apply to every price a new contract pays, the grid's
//! included, so that what a farm's prices are compared with is what contracts pay.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sc4it_primitives::{DiskPrices, FarmId, PriceBounds, PricingPolicy};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The grid's per-GiB prices, if it has a pricing policy.
	fn grid_prices() -> Option<DiskPrices<T::Balance>> {
		Pricing::<T>::get().map(|p| DiskPrices {
			ssd_per_gib_block: p.ssd_per_gib_block,
			hdd_per_gib_block: p.hdd_per_gib_block,
		})
	}

	/// The prices a contract created at block `now` on a node of `farm` pays per GiB and
	/// block: the farm's own in force then, or the grid's, within governance's bounds.
	fn prices_in_force(farm: FarmId, now: BlockNumberFor<T>) -> Option<DiskPrices<T::Balance>> {
		let prices = match FarmPrices::<T>::get(farm) {
			Some(prices) => prices.in_force(now),
			None => Self::grid_prices()?,
		};
		Some(match FarmPriceBounds::<T>::get() {
			Some(bounds) => prices.within(&bounds),
			None => prices,
		})
	}

	/// What a contract created now on a node of `farm` pays per GiB and block, and the grid's
	/// protocol fee.
	pub fn pricing_of(farm: FarmId) -> Option<PricingPolicy<T::Balance>> {
		let grid = Pricing::<T>::get()?;
		let now = frame_system::Pallet::<T>::block_number();
		let prices = Self::prices_in_force(farm, now)?;
		Some(PricingPolicy {
			ssd_per_gib_block: prices.ssd_per_gib_block,
			hdd_per_gib_block: prices.hdd_per_gib_block,
			protocol_fee: grid.protocol_fee,
		})
	}

	/// Sets a farm's prices. Each price at or below the one in force applies at once; if any is
	/// above, the new prices apply whole from `PriceNotice` blocks on, and until then the
	/// lower of the old and new price of each disk type.
	pub(crate) fn do_set_farm_prices(
		who: T::AccountId,
		farm_id: FarmId,
		prices: DiskPrices<T::Balance>,
	) -> DispatchResult {
		let farm = Farms::<T>::get(farm_id).ok_or(Error::<T>::UnknownFarm)?;
		ensure!(farm.owner == who, Error::<T>::NotFarmOwner);
		let bounds = FarmPriceBounds::<T>::get().ok_or(Error::<T>::NoPriceBounds)?;
		ensure!(bounds.contain(&prices), Error::<T>::PriceOutOfBounds);
		let now = frame_system::Pallet::<T>::block_number();
		// What new contracts pay now, as they pay it: within the bounds.
		let in_force = Self::prices_in_force(farm_id, now).ok_or(Error::<T>::NoPricing)?;
		let (entry, from) = if prices.none_above(&in_force) {
			(FarmPrice { prices, rise: None }, now)
		} else {
			let from = now.saturating_add(T::PriceNotice::get());
			let meanwhile = DiskPrices {
				ssd_per_gib_block: prices.ssd_per_gib_block.min(in_force.ssd_per_gib_block),
				hdd_per_gib_block: prices.hdd_per_gib_block.min(in_force.hdd_per_gib_block),
			};
			(FarmPrice { prices: meanwhile, rise: Some(PriceRise { prices, from }) }, from)
		};
		let until_then = entry.prices;
		FarmPrices::<T>::insert(farm_id, entry);
		Self::deposit_event(Event::FarmPricesSet { farm: farm_id, prices, from, until_then });
		Ok(())
	}

	pub(crate) fn do_set_price_bounds(bounds: PriceBounds<T::Balance>) -> DispatchResult {
		ensure!(
			!bounds.min.ssd_per_gib_block.is_zero() && !bounds.min.hdd_per_gib_block.is_zero(),
			Error::<T>::ZeroPrice
		);
		ensure!(bounds.min.none_above(&bounds.max), Error::<T>::PriceOutOfBounds);
		FarmPriceBounds::<T>::put(bounds);
		Self::deposit_event(Event::PriceBoundsChanged { bounds });
		Ok(())
	}
}

impl<Balance: Copy + Ord, BlockNumber: PartialOrd> FarmPrice<Balance, BlockNumber> {
	/// The prices in force at block `now`: the rise, once its block has come.
	pub fn in_force(&self, now: BlockNumber) -> DiskPrices<Balance> {
		match &self.rise {
			Some(rise) if rise.from <= now => rise.prices,
			_ => self.prices,
		}
	}
}
