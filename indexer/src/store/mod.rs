//! The database: one schema and one code path for SQLite and PostgreSQL (sqlx's Any driver).
//!
//! A block is written in one transaction with the indexer's progress, so a crash leaves either
//! the whole block or none of it: after a restart the indexer goes on from the block after the
//! last one committed, losing no row and writing none twice. Amounts are planck as decimal
//! text (a `u128` fits neither database's integers); they are summed in Rust.

mod alerts;
mod finder;
mod migrations;
mod rows;

pub use alerts::DueDelivery;
pub use finder::{FarmPrices, NodeRecord, MARK_BLOCKS};

use crate::decode::Row;
use sqlx::{any::AnyPoolOptions, AnyPool, Row as _};

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
	/// The database could not be opened or reached.
	#[error("cannot open the database {url}: {reason}")]
	Unreachable { url: String, reason: String },
	/// The database holds another chain's blocks.
	#[error("the database holds the chain with genesis {found}, not this chain's {expected}")]
	OtherChain { found: String, expected: String },
	/// The progress moved under this indexer: another one writes the same database.
	#[error("block {block} was not the next to write: another indexer writes this database")]
	SecondWriter { block: u32 },
	/// The database's schema could not be brought to this indexer's version: it was migrated
	/// by a newer indexer, or a migration failed (and was rolled back).
	#[error("the database's schema: {0}")]
	Schema(#[from] sqlx::migrate::MigrateError),
	/// A query failed (a full disk, a lost connection, ...).
	#[error("database: {0}")]
	Query(#[from] sqlx::Error),
}

/// The one row of `progress`.
pub(crate) const PROGRESS_ID: i64 = 1;

/// The indexer's database: one connection that writes blocks, and a pool for the API's reads,
/// so that no request can keep the writer waiting for a connection.
#[derive(Clone)]
pub struct Store {
	writer: AnyPool,
	readers: AnyPool,
	/// SQLite (rather than PostgreSQL): where the two lock differently.
	sqlite: bool,
}

/// Connections the API's reads share.
const READERS: u32 = 8;
/// How long one of the API's queries may run on PostgreSQL before the server cancels it.
const READ_TIMEOUT_MS: u32 = 15_000;

/// A block with the rows of its events, ready to be written.
pub struct IndexedBlock {
	pub number: u32,
	pub hash: String,
	pub time_ms: u64,
	/// Each kept event with its index in the block.
	pub rows: Vec<(u32, Row)>,
}

pub(super) fn int(value: impl Into<i64>) -> i64 {
	value.into()
}

/// Block numbers, ids and counts are below 2^63: stored as the databases' signed integers.
pub(super) fn big(value: u64) -> i64 {
	i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
	/// Opens (and creates, for SQLite) the database at `url`: `sqlite:<path>` or
	/// `postgres://...`, and brings its schema to this indexer's version.
	pub async fn open(url: &str) -> Result<Store, StoreError> {
		Store::open_with(url, AnyPoolOptions::new()).await
	}

	/// [`open`](Self::open), the writer's connection made with `writer` (a test sets limits).
	async fn open_with(url: &str, writer: AnyPoolOptions) -> Result<Store, StoreError> {
		sqlx::any::install_default_drivers();
		let unreachable =
			|e: sqlx::Error| StoreError::Unreachable { url: redact(url), reason: e.to_string() };
		let sqlite = url.starts_with("sqlite:");
		let url = if sqlite && !url.contains("mode=") {
			let separator = if url.contains('?') { '&' } else { '?' };
			format!("{url}{separator}mode=rwc")
		} else {
			url.to_string()
		};
		let writer = writer.max_connections(1).connect(&url).await.map_err(unreachable)?;
		if sqlite {
			// Readers never block the writer, nor the writer them (SQLite's write-ahead log).
			sqlx::query("PRAGMA journal_mode = WAL").execute(&writer).await?;
		}
		migrations::migrator().await?.run(&writer).await?;
		finder::rebuild_health_totals(&writer).await?;
		let readers = AnyPoolOptions::new()
			.max_connections(READERS)
			.after_connect(move |connection, _| {
				Box::pin(async move {
					if !sqlite {
						let timeout = format!("SET statement_timeout = {READ_TIMEOUT_MS}");
						sqlx::query(&timeout).execute(connection).await?;
					}
					Ok(())
				})
			})
			.connect(&url)
			.await
			.map_err(unreachable)?;
		Ok(Store { writer, readers, sqlite })
	}

	/// The last block written, after checking that the database is this chain's (a new
	/// database is claimed for it): `None` before the first block.
	pub async fn resume(&self, genesis: &str) -> Result<Option<u32>, StoreError> {
		let row = sqlx::query("SELECT genesis, last_block FROM progress WHERE id = $1")
			.bind(PROGRESS_ID)
			.fetch_optional(&self.writer)
			.await?;
		match row {
			Some(row) => {
				let found: String = row.try_get(0)?;
				if found != genesis {
					return Err(StoreError::OtherChain { found, expected: genesis.into() });
				}
				let last: i64 = row.try_get(1)?;
				Ok(u32::try_from(last).ok())
			},
			None => {
				sqlx::query("INSERT INTO progress (id, genesis, last_block) VALUES ($1, $2, $3)")
					.bind(PROGRESS_ID)
					.bind(genesis)
					.bind(-1i64)
					.execute(&self.writer)
					.await?;
				Ok(None)
			},
		}
	}

	/// The genesis hash of the chain the database holds, once the indexer claimed it.
	pub async fn genesis(&self) -> Result<Option<String>, sqlx::Error> {
		let row = sqlx::query("SELECT genesis FROM progress WHERE id = $1")
			.bind(PROGRESS_ID)
			.fetch_optional(&self.readers)
			.await?;
		row.map(|r| r.try_get(0)).transpose()
	}

	/// Writes a block and its rows, and moves the progress to it, in one transaction.
	pub async fn write_block(&self, block: &IndexedBlock) -> Result<(), StoreError> {
		let mut tx = self.writer.begin().await?;
		let number = int(block.number);
		sqlx::query("INSERT INTO blocks (number, hash, time_ms) VALUES ($1, $2, $3)")
			.bind(number)
			.bind(&block.hash)
			.bind(big(block.time_ms))
			.execute(&mut *tx)
			.await?;
		for (index, row) in &block.rows {
			rows::write_row(&mut tx, number, int(*index), row).await?;
		}
		// What new contracts reserve of their nodes, one update per node and disk of the block
		// (a block of hundreds of creations is a few updates, not hundreds).
		let mut reserved: std::collections::BTreeMap<(u32, &str), u64> = Default::default();
		for (_, row) in &block.rows {
			if let Row::ContractCreated { node, size_gib, disk, .. } = row {
				let total = reserved.entry((*node, disk.as_str())).or_default();
				*total = total.saturating_add(*size_gib);
			}
		}
		for ((node, disk), gib) in reserved {
			finder::reserve(&mut tx, int(node), disk, big(gib)).await?;
		}
		// Only from the block before: another indexer writing the same database is caught here.
		let moved =
			sqlx::query("UPDATE progress SET last_block = $1 WHERE id = $2 AND last_block = $3")
				.bind(number)
				.bind(PROGRESS_ID)
				.bind(number - 1)
				.execute(&mut *tx)
				.await?;
		if moved.rows_affected() != 1 {
			return Err(StoreError::SecondWriter { block: block.number });
		}
		tx.commit().await?;
		Ok(())
	}

	/// The pool of the API's reads.
	pub fn pool(&self) -> &AnyPool {
		&self.readers
	}
}

/// A PostgreSQL URL without its password (in the credentials or as a parameter), for
/// messages.
fn redact(url: &str) -> String {
	let mut url = match (url.find("://"), url.rfind('@')) {
		(Some(scheme), Some(at)) if at > scheme => {
			let credentials = &url[scheme + 3..at];
			match credentials.find(':') {
				Some(colon) => {
					format!("{}{}:***{}", &url[..scheme + 3], &credentials[..colon], &url[at..])
				},
				None => url.to_string(),
			}
		},
		_ => url.to_string(),
	};
	if let Some(start) = url.find("password=") {
		let value = start + "password=".len();
		let end = url[value..].find('&').map_or(url.len(), |e| value + e);
		url.replace_range(value..end, "***");
	}
	url
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::decode::Row;

	/// A block of `charges` charges of contract 1.
	fn block(number: u32, charges: u32) -> IndexedBlock {
		let rows = (0..charges)
			.map(|index| {
				let charge = Row::Charged {
					contract: 1,
					amount: 1_000_000_000_000,
					billed_blocks: 1,
					report: Some(format!("0x{:064x}", u64::from(number) << 32 | u64::from(index))),
				};
				(index, charge)
			})
			.collect();
		IndexedBlock { number, hash: format!("0x{number:064x}"), time_ms: 1_000, rows }
	}

	async fn count(store: &Store, sql: &str) -> i64 {
		sqlx::query(sql).fetch_one(store.pool()).await.unwrap().try_get(0).unwrap()
	}

	/// A database that fills up refuses the block that does not fit, whole: the blocks before
	/// it stay, with their rows, and the progress names the last of them.
	#[tokio::test]
	async fn a_full_database_keeps_every_whole_block_and_none_of_the_one_that_failed() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-full-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}", dir.join("index.db").display());
		// SQLite's page limit fails a write exactly as a full disk does (SQLITE_FULL); one
		// connection, so that the limit holds for every write.
		let options = AnyPoolOptions::new().max_connections(1).after_connect(|connection, _| {
			Box::pin(async move {
				sqlx::query("PRAGMA max_page_count = 60").execute(connection).await?;
				Ok(())
			})
		});
		let store = Store::open_with(&url, options).await.unwrap();
		assert_eq!(store.resume("0xgenesis").await.unwrap(), None);
		let mut written = 0u32;
		let error = loop {
			match store.write_block(&block(written, 50)).await {
				Ok(()) => written += 1,
				Err(e) => break e,
			}
			assert!(written < 10_000, "the limit never bit");
		};
		assert!(written > 0, "no block fit: {error}");
		assert!(error.to_string().contains("full"), "{error}");
		assert_eq!(store.resume("0xgenesis").await.unwrap(), Some(written - 1));
		assert_eq!(count(&store, "SELECT COUNT(*) FROM blocks").await, i64::from(written));
		assert_eq!(count(&store, "SELECT COUNT(*) FROM charges").await, i64::from(written) * 50);
		let _ = std::fs::remove_dir_all(&dir);
	}

	/// The progress moves only from the block before: a block that is not the next one (another
	/// indexer's, writing the same database) is refused whole.
	#[tokio::test]
	async fn only_the_next_block_is_written() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-next-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}", dir.join("index.db").display());
		let store = Store::open(&url).await.unwrap();
		store.resume("0xgenesis").await.unwrap();
		store.write_block(&block(0, 2)).await.unwrap();
		let error = store.write_block(&block(2, 2)).await.unwrap_err();
		assert!(matches!(error, StoreError::SecondWriter { block: 2 }), "{error}");
		assert_eq!(store.resume("0xgenesis").await.unwrap(), Some(0));
		assert_eq!(count(&store, "SELECT COUNT(*) FROM charges").await, 2);
		store.write_block(&block(1, 2)).await.unwrap();
		let _ = std::fs::remove_dir_all(&dir);
	}

	/// A database the unversioned first schema made (the indexer before migrations), with a
	/// block in it, is adopted and upgraded: its rows stay, the alerts' table is added and the
	/// indexer goes on from its last block.
	#[tokio::test]
	async fn a_database_of_the_first_schema_is_upgraded_in_place() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-upgrade-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}?mode=rwc", dir.join("index.db").display());
		{
			let old = AnyPoolOptions::new().max_connections(1);
			sqlx::any::install_default_drivers();
			let old = old.connect(&url).await.unwrap();
			// What the first release ran on opening a database, statement by statement.
			for statement in include_str!("../../migrations/0001_first_schema.sql").split(';') {
				if statement.trim().lines().any(|l| !l.starts_with("--")) {
					sqlx::query(statement).execute(&old).await.unwrap();
				}
			}
			sqlx::query(
				"INSERT INTO progress (id, genesis, last_block) VALUES (1, '0xgenesis', 0)",
			)
			.execute(&old)
			.await
			.unwrap();
			sqlx::query("INSERT INTO blocks (number, hash, time_ms) VALUES (0, '0x00', 0)")
				.execute(&old)
				.await
				.unwrap();
			// A node with two periods of health, across a mark.
			for statement in [
				"INSERT INTO nodes (id, farm, registered_block) VALUES (3, 0, 0)",
				"INSERT INTO health (block, event_index, node, from_block, to_block, healthy, down, report)
				 VALUES (0, 0, 3, 500, 700, 1, 0, '0x01')",
				"INSERT INTO health (block, event_index, node, from_block, to_block, healthy, down, report)
				 VALUES (0, 1, 3, 700, 750, 0, 1, '0x02')",
			] {
				sqlx::query(statement).execute(&old).await.unwrap();
			}
			old.close().await;
		}
		let store = Store::open(&url).await.unwrap();
		assert_eq!(store.resume("0xgenesis").await.unwrap(), Some(0));
		assert_eq!(count(&store, "SELECT COUNT(*) FROM blocks").await, 1);
		assert_eq!(count(&store, "SELECT COUNT(*) FROM alerts").await, 0);
		// The node finder's totals, from the health rows the old schema kept.
		let nodes = store.nodes_for_finder(None, 1).await.unwrap();
		let window = nodes[0].window;
		assert_eq!((window.healthy, window.down, window.unknown), (100, 50, 0), "from block 600");
		let applied = count(&store, "SELECT MAX(version) FROM _sqlx_migrations").await;
		assert_eq!(applied, migrations::latest());
		store.write_block(&block(1, 2)).await.unwrap();
		// Opening it again applies nothing twice.
		drop(store);
		let store = Store::open(&url).await.unwrap();
		assert_eq!(store.resume("0xgenesis").await.unwrap(), Some(1));
		assert_eq!(
			count(&store, "SELECT COUNT(*) FROM _sqlx_migrations").await,
			migrations::latest()
		);
		let _ = std::fs::remove_dir_all(&dir);
	}

	/// A database a newer indexer migrated further is refused, not written with an older
	/// schema's rows.
	#[tokio::test]
	async fn a_database_of_a_newer_indexer_is_refused() {
		let dir = std::env::temp_dir().join(format!("sc4it-index-newer-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let url = format!("sqlite:{}", dir.join("index.db").display());
		let store = Store::open(&url).await.unwrap();
		sqlx::query(
			"INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
			 VALUES ($1, 'from the future', TRUE, X'00', 0)",
		)
		.bind(migrations::latest() + 1)
		.execute(&store.writer)
		.await
		.unwrap();
		drop(store);
		let error = Store::open(&url).await.err().expect("refused");
		assert!(matches!(error, StoreError::Schema(_)), "{error}");
		let _ = std::fs::remove_dir_all(&dir);
	}

	#[test]
	fn a_postgres_password_never_reaches_a_message() {
		assert_eq!(
			redact("postgres://indexer:secret@db:5432/sc4it"),
			"postgres://indexer:***@db:5432/sc4it"
		);
		assert_eq!(redact("sqlite:/var/lib/sc4it/index.db"), "sqlite:/var/lib/sc4it/index.db");
		assert_eq!(
			redact("postgres://indexer@db/sc4it?password=secret&sslmode=require"),
			"postgres://indexer@db/sc4it?password=***&sslmode=require"
		);
	}
}
