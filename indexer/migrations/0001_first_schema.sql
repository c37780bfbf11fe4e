-- The schema of the indexer's first release, which kept no version: every statement is
-- idempotent, so that this migration adopts a database that release made.
CREATE TABLE IF NOT EXISTS progress (
	id BIGINT PRIMARY KEY, genesis TEXT NOT NULL, last_block BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
	number BIGINT PRIMARY KEY, hash TEXT NOT NULL, time_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS farms (
	id BIGINT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
	payout_account TEXT NOT NULL, created_block BIGINT NOT NULL, paid TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
	id BIGINT PRIMARY KEY, farm BIGINT NOT NULL, registered_block BIGINT NOT NULL,
	removed_block BIGINT);
CREATE TABLE IF NOT EXISTS contracts (
	id BIGINT PRIMARY KEY, owner TEXT NOT NULL, node BIGINT NOT NULL,
	size_gib BIGINT NOT NULL, disk TEXT NOT NULL, rate TEXT NOT NULL, deposit TEXT NOT NULL,
	created_block BIGINT NOT NULL, deployed_at BIGINT, deployed_report TEXT,
	ended_at BIGINT, end_reason TEXT, closed_charged TEXT, closed_owed TEXT,
	charged TEXT NOT NULL, topped_up TEXT NOT NULL, refunded TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS charges (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, contract BIGINT NOT NULL,
	amount TEXT NOT NULL, billed_blocks BIGINT NOT NULL, report TEXT,
	PRIMARY KEY (block, event_index));
CREATE INDEX IF NOT EXISTS charges_by_contract ON charges (contract, block);
CREATE INDEX IF NOT EXISTS charges_by_report ON charges (report);
CREATE INDEX IF NOT EXISTS contracts_by_owner ON contracts (owner, id);
CREATE INDEX IF NOT EXISTS nodes_by_farm ON nodes (farm, id);
CREATE TABLE IF NOT EXISTS funds (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, contract BIGINT NOT NULL,
	kind TEXT NOT NULL, account TEXT, amount TEXT NOT NULL,
	PRIMARY KEY (block, event_index));
CREATE INDEX IF NOT EXISTS funds_by_contract ON funds (contract, block);
CREATE TABLE IF NOT EXISTS health (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, node BIGINT NOT NULL,
	from_block BIGINT NOT NULL, to_block BIGINT NOT NULL, healthy BIGINT NOT NULL,
	down BIGINT NOT NULL, report TEXT NOT NULL, PRIMARY KEY (block, event_index));
CREATE INDEX IF NOT EXISTS health_by_node ON health (node, from_block);
CREATE INDEX IF NOT EXISTS health_by_report ON health (report);
CREATE TABLE IF NOT EXISTS verdicts (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, node BIGINT NOT NULL,
	kind TEXT NOT NULL, authority TEXT, cause TEXT, at_block BIGINT NOT NULL,
	PRIMARY KEY (block, event_index));
CREATE INDEX IF NOT EXISTS verdicts_by_kind ON verdicts (kind, block);
CREATE TABLE IF NOT EXISTS payouts (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, farm BIGINT, account TEXT NOT NULL,
	amount TEXT NOT NULL, PRIMARY KEY (block, event_index));
CREATE INDEX IF NOT EXISTS payouts_by_farm ON payouts (farm, block);
CREATE TABLE IF NOT EXISTS motions (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL,
	account TEXT, detail TEXT NOT NULL, PRIMARY KEY (block, event_index));
