//! The schema's versions: each migration is a file of `indexer/migrations/`, built into the
//! binary, applied in order and once, each in its own transaction, by sqlx's migrator (which
//! records them in `_sqlx_migrations`). A migration that shipped never changes: the migrator
//! refuses a database whose applied migration differs from this binary's, and one migrated by a
//! newer indexer.

use futures::future::BoxFuture;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use std::borrow::Cow;

/// The migrations, in order: (version, description, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
	(1, "first schema", include_str!("../../migrations/0001_first_schema.sql")),
	(2, "alerts", include_str!("../../migrations/0002_alerts.sql")),
	(3, "node finder", include_str!("../../migrations/0003_node_finder.sql")),
	(4, "farm prices", include_str!("../../migrations/0004_farm_prices.sql")),
	(5, "health marks by bucket", include_str!("../../migrations/0005_health_marks_by_bucket.sql")),
];

/// The migrations built into this binary.
#[derive(Debug)]
struct BuiltIn;

impl<'s> MigrationSource<'s> for BuiltIn {
	fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
		Box::pin(async {
			Ok(MIGRATIONS
				.iter()
				.map(|(version, description, sql)| {
					Migration::new(
						*version,
						Cow::Borrowed(*description),
						MigrationType::Simple,
						Cow::Borrowed(*sql),
						false,
					)
				})
				.collect())
		})
	}
}

/// The migrator of the built-in migrations.
pub async fn migrator() -> Result<Migrator, sqlx::migrate::MigrateError> {
	Migrator::new(BuiltIn).await
}

/// The schema version this binary brings a database to.
#[cfg(test)]
pub fn latest() -> i64 {
	MIGRATIONS.last().map_or(0, |(version, ..)| *version)
}
