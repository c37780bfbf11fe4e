-- Farms' own prices per GiB and block (planck as decimal text), as the chain keeps them: the
-- prices in force, and a rise to come with the block it applies from. A farm without a row
-- charges the grid's price.
CREATE TABLE farm_prices (
	farm BIGINT PRIMARY KEY, ssd TEXT NOT NULL, hdd TEXT NOT NULL, rise_ssd TEXT, rise_hdd TEXT,
	rise_from BIGINT, set_block BIGINT NOT NULL);
