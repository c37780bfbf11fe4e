-- Alerts: the events that warn (LowRunway, GracePeriodStarted, ContractDeleted, NodeDown,
-- NodeDrainStarted) as the chain names them, with their fields as JSON text; where each
-- account wants them; and each alert's delivery to each channel, written in the transaction of
-- the alert's block, so that a restart neither loses one nor makes one twice.
CREATE TABLE alerts (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, event TEXT NOT NULL,
	contract BIGINT, node BIGINT, data TEXT NOT NULL, PRIMARY KEY (block, event_index));
CREATE INDEX alerts_by_contract ON alerts (contract, block);
CREATE INDEX alerts_by_node ON alerts (node, block);
CREATE TABLE alert_subscriptions (
	account TEXT NOT NULL, channel TEXT NOT NULL, target TEXT NOT NULL,
	from_block BIGINT NOT NULL, PRIMARY KEY (account, channel));
CREATE TABLE alert_deliveries (
	block BIGINT NOT NULL, event_index BIGINT NOT NULL, account TEXT NOT NULL,
	channel TEXT NOT NULL, target TEXT NOT NULL, state TEXT NOT NULL, attempts BIGINT NOT NULL,
	next_attempt_ms BIGINT NOT NULL, last_error TEXT, sent_ms BIGINT,
	PRIMARY KEY (block, event_index, account, channel));
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_ms);
CREATE INDEX alert_deliveries_by_account ON alert_deliveries (account, block);
-- The signed requests accepted in the last ten minutes (a request is valid for ten minutes at
-- most): each account's nonces, each accepted once, and how many it sent.
CREATE TABLE alert_nonces (
	account TEXT NOT NULL, nonce TEXT NOT NULL, received_ms BIGINT NOT NULL,
	PRIMARY KEY (account, nonce));
CREATE INDEX alert_nonces_by_time ON alert_nonces (received_ms);
-- Whom a node's alert concerns: its farm's owner, the owners of the contracts on it.
CREATE INDEX contracts_by_node ON contracts (node, id);
CREATE INDEX farms_by_owner ON farms (owner);
