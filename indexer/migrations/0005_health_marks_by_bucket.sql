-- The node finder's marks are dropped by age (every mark before a bucket, for all nodes at once),
-- so they are indexed by bucket too.
CREATE INDEX node_health_marks_bucket ON node_health_marks (bucket);
