-- The node finder: each node's capacity and what its live contracts reserve of it, and its
-- health record as running totals (blocks recorded healthy, down, of unknown health; the first
-- block recorded and the block recorded up to), with the totals at every bucket boundary (every
-- 600 blocks) its timeline crossed, so that the totals over a bucket-aligned window are two
-- lookups. A database made before this version gets its totals and marks from its health rows
-- when the indexer opens it, and its nodes' capacity from the chain when it connects.
ALTER TABLE nodes ADD COLUMN ssd_gib BIGINT;
ALTER TABLE nodes ADD COLUMN hdd_gib BIGINT;
ALTER TABLE nodes ADD COLUMN ssd_reserved BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN hdd_reserved BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN healthy_blocks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN down_blocks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN unknown_blocks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN first_recorded BIGINT;
ALTER TABLE nodes ADD COLUMN recorded_until BIGINT;
UPDATE nodes SET
	ssd_reserved = COALESCE((SELECT SUM(size_gib) FROM contracts c
		WHERE c.node = nodes.id AND c.disk = 'ssd' AND c.ended_at IS NULL), 0),
	hdd_reserved = COALESCE((SELECT SUM(size_gib) FROM contracts c
		WHERE c.node = nodes.id AND c.disk = 'hdd' AND c.ended_at IS NULL), 0);
CREATE TABLE node_health_marks (
	node BIGINT NOT NULL, bucket BIGINT NOT NULL, healthy_blocks BIGINT NOT NULL,
	down_blocks BIGINT NOT NULL, unknown_blocks BIGINT NOT NULL, PRIMARY KEY (node, bucket));
