//! The database: one schema and one code path for SQLite and PostgreSQL (sqlx's Any driver).
//!
//! A block is written in one transaction with the indexer's progress, so a crash leaves either
//! the whole block or none of it: after a restart the indexer goes on from the block after the
//! last one committed, losing no row and writing none twice. Amounts are planck as decimal
//! text (a `u128` fits neither database's integers); they are summed in Rust.

use crate::decode::{FundsKind, Row};
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
	/// A query failed (a full disk, a lost connection, ...).
	#[error("database: {0}")]
	Query(#[from] sqlx::Error),
}

/// The tables, as statements both databases accept.
const SCHEMA: &[&str] = &[
	"CREATE TABLE IF NOT EXISTS progress (
		id BIGINT PRIMARY KEY, genesis TEXT NOT NULL, last_block BIGINT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS blocks (
		number BIGINT PRIMARY KEY, hash TEXT NOT NULL, time_ms BIGINT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS farms (
		id BIGINT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
		payout_account TEXT NOT NULL, created_block BIGINT NOT NULL, paid TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS nodes (
		id BIGINT PRIMARY KEY, farm BIGINT NOT NULL, registered_block BIGINT NOT NULL,
		removed_block BIGINT)",
	"CREATE TABLE IF NOT EXISTS contracts (
		id BIGINT PRIMARY KEY, owner TEXT NOT NULL, node BIGINT NOT NULL,
		size_gib BIGINT NOT NULL, disk TEXT NOT NULL, rate TEXT NOT NULL, deposit TEXT NOT NULL,
		created_block BIGINT NOT NULL, deployed_at BIGINT, deployed_report TEXT,
		ended_at BIGINT, end_reason TEXT, closed_charged TEXT, closed_owed TEXT,
		charged TEXT NOT NULL, topped_up TEXT NOT NULL, refunded TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS charges (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, contract BIGINT NOT NULL,
		amount TEXT NOT NULL, billed_blocks BIGINT NOT NULL, report TEXT,
		PRIMARY KEY (block, event_index))",
	"CREATE INDEX IF NOT EXISTS charges_by_contract ON charges (contract, block)",
	"CREATE INDEX IF NOT EXISTS charges_by_report ON charges (report)",
	"CREATE INDEX IF NOT EXISTS contracts_by_owner ON contracts (owner, id)",
	"CREATE INDEX IF NOT EXISTS nodes_by_farm ON nodes (farm, id)",
	"CREATE TABLE IF NOT EXISTS funds (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, contract BIGINT NOT NULL,
		kind TEXT NOT NULL, account TEXT, amount TEXT NOT NULL,
		PRIMARY KEY (block, event_index))",
	"CREATE INDEX IF NOT EXISTS funds_by_contract ON funds (contract, block)",
	"CREATE TABLE IF NOT EXISTS health (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, node BIGINT NOT NULL,
		from_block BIGINT NOT NULL, to_block BIGINT NOT NULL, healthy BIGINT NOT NULL,
		down BIGINT NOT NULL, report TEXT NOT NULL, PRIMARY KEY (block, event_index))",
	"CREATE INDEX IF NOT EXISTS health_by_node ON health (node, from_block)",
	"CREATE INDEX IF NOT EXISTS health_by_report ON health (report)",
	"CREATE TABLE IF NOT EXISTS verdicts (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, node BIGINT NOT NULL,
		kind TEXT NOT NULL, authority TEXT, cause TEXT, at_block BIGINT NOT NULL,
		PRIMARY KEY (block, event_index))",
	"CREATE INDEX IF NOT EXISTS verdicts_by_kind ON verdicts (kind, block)",
	"CREATE TABLE IF NOT EXISTS payouts (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, farm BIGINT, account TEXT NOT NULL,
		amount TEXT NOT NULL, PRIMARY KEY (block, event_index))",
	"CREATE INDEX IF NOT EXISTS payouts_by_farm ON payouts (farm, block)",
	"CREATE TABLE IF NOT EXISTS motions (
		block BIGINT NOT NULL, event_index BIGINT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL,
		account TEXT, detail TEXT NOT NULL, PRIMARY KEY (block, event_index))",
];

/// The one row of `progress`.
const PROGRESS_ID: i64 = 1;

/// The indexer's database: one connection that writes blocks, and a pool for the API's reads,
/// so that no request can keep the writer waiting for a connection.
#[derive(Clone)]
pub struct Store {
	writer: AnyPool,
	readers: AnyPool,
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

fn int(value: impl Into<i64>) -> i64 {
	value.into()
}

/// Block numbers, ids and counts are below 2^63: stored as the databases' signed integers.
fn big(value: u64) -> i64 {
	i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
	/// Opens (and creates, for SQLite) the database at `url`: `sqlite:<path>` or
	/// `postgres://...`, and creates the tables it lacks.
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
		for statement in SCHEMA {
			sqlx::query(statement).execute(&writer).await?;
		}
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
		Ok(Store { writer, readers })
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
			write_row(&mut tx, number, int(*index), row).await?;
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

async fn write_row(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	block: i64,
	index: i64,
	row: &Row,
) -> Result<(), sqlx::Error> {
	let statement = match row {
		Row::FarmCreated { farm, owner, name, payout_account } => sqlx::query(
			"INSERT INTO farms (id, owner, name, payout_account, created_block, paid)
			 VALUES ($1, $2, $3, $4, $5, '0')",
		)
		.bind(int(*farm))
		.bind(owner.clone())
		.bind(name.clone())
		.bind(payout_account.clone())
		.bind(block),
		Row::NodeRegistered { node, farm } => {
			sqlx::query("INSERT INTO nodes (id, farm, registered_block) VALUES ($1, $2, $3)")
				.bind(int(*node))
				.bind(int(*farm))
				.bind(block)
		},
		Row::NodeRemoved { node } => sqlx::query("UPDATE nodes SET removed_block = $1 WHERE id = $2")
			.bind(block)
			.bind(int(*node)),
		Row::ContractCreated { contract, owner, node, size_gib, disk, rate, deposit } => sqlx::query(
			"INSERT INTO contracts (id, owner, node, size_gib, disk, rate, deposit, created_block,
			 charged, topped_up, refunded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '0', '0', '0')",
		)
		.bind(big(*contract))
		.bind(owner.clone())
		.bind(int(*node))
		.bind(big(*size_gib))
		.bind(disk.clone())
		.bind(rate.to_string())
		.bind(deposit.to_string())
		.bind(block),
		Row::ContractDeployed { contract, at, report } => {
			sqlx::query("UPDATE contracts SET deployed_at = $1, deployed_report = $2 WHERE id = $3")
				.bind(int(*at))
				.bind(report.clone())
				.bind(big(*contract))
		},
		Row::Charged { contract, amount, billed_blocks, report } => sqlx::query(
			"INSERT INTO charges (block, event_index, contract, amount, billed_blocks, report)
			 VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(big(*contract))
		.bind(amount.to_string())
		.bind(big(*billed_blocks))
		.bind(report.clone()),
		Row::Funds { contract, kind, account, amount } => sqlx::query(
			"INSERT INTO funds (block, event_index, contract, kind, account, amount)
			 VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(big(*contract))
		.bind(kind.name())
		.bind(account.clone())
		.bind(amount.to_string()),
		Row::ContractDeleted { contract, at, reason } => {
			sqlx::query("UPDATE contracts SET ended_at = $1, end_reason = $2 WHERE id = $3")
				.bind(int(*at))
				.bind(reason.clone())
				.bind(big(*contract))
		},
		Row::ContractClosed { contract, charged, owed } => {
			sqlx::query("UPDATE contracts SET closed_charged = $1, closed_owed = $2 WHERE id = $3")
				.bind(charged.to_string())
				.bind(owed.to_string())
				.bind(big(*contract))
		},
		Row::Health { node, from, to, healthy, down, report } => sqlx::query(
			"INSERT INTO health (block, event_index, node, from_block, to_block, healthy, down, report)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		)
		.bind(block)
		.bind(index)
		.bind(int(*node))
		.bind(int(*from))
		.bind(int(*to))
		.bind(i64::from(*healthy))
		.bind(i64::from(*down))
		.bind(report.clone()),
		Row::Verdict { node, kind, authority, cause, at } => sqlx::query(
			"INSERT INTO verdicts (block, event_index, node, kind, authority, cause, at_block)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)",
		)
		.bind(block)
		.bind(index)
		.bind(int(*node))
		.bind(kind.name())
		.bind(authority.clone())
		.bind(cause.clone())
		.bind(int(*at)),
		Row::FarmPaid { farm, to, amount } => sqlx::query(
			"INSERT INTO payouts (block, event_index, farm, account, amount) VALUES ($1, $2, $3, $4, $5)",
		)
		.bind(block)
		.bind(index)
		.bind(Some(int(*farm)))
		.bind(to.clone())
		.bind(amount.to_string()),
		Row::TreasuryPaid { to, amount } => sqlx::query(
			"INSERT INTO payouts (block, event_index, farm, account, amount) VALUES ($1, $2, $3, $4, $5)",
		)
		.bind(block)
		.bind(index)
		.bind(None::<i64>)
		.bind(to.clone())
		.bind(amount.to_string()),
		Row::Motion { hash, kind, account, detail } => sqlx::query(
			"INSERT INTO motions (block, event_index, hash, kind, account, detail) VALUES ($1, $2, $3, $4, $5, $6)",
		)
		.bind(block)
		.bind(index)
		.bind(hash.clone())
		.bind(*kind)
		.bind(account.clone())
		.bind(detail.clone()),
	};
	statement.execute(&mut **tx).await?;
	// Running totals, so that no reader sums a long history.
	let total = match row {
		Row::Charged { contract, amount, .. } => Some(("contracts", *contract, "charged", *amount)),
		Row::Funds { contract, kind: FundsKind::TopUp, amount, .. } => {
			Some(("contracts", *contract, "topped_up", *amount))
		},
		Row::Funds { contract, kind: FundsKind::Refund, amount, .. } => {
			Some(("contracts", *contract, "refunded", *amount))
		},
		Row::FarmPaid { farm, amount, .. } => Some(("farms", u64::from(*farm), "paid", *amount)),
		_ => None,
	};
	if let Some((table, id, column, amount)) = total {
		add_to_total(tx, table, id, column, amount).await?;
	}
	Ok(())
}

/// Adds `amount` to the running total `column` of row `id` of `table` (names of this file's,
/// never of input).
async fn add_to_total(
	tx: &mut sqlx::Transaction<'_, sqlx::Any>,
	table: &'static str,
	id: u64,
	column: &'static str,
	amount: u128,
) -> Result<(), sqlx::Error> {
	let read = format!("SELECT {column} FROM {table} WHERE id = $1");
	let Some(row) = sqlx::query(&read).bind(big(id)).fetch_optional(&mut **tx).await? else {
		log::warn!("{table} {id}: money moved for a row the index does not hold");
		return Ok(());
	};
	let before: String = row.try_get(0)?;
	// A total that is not a number was not written by this indexer: stop rather than restart
	// it from zero.
	let before = before.parse::<u128>().map_err(|e| {
		sqlx::Error::Decode(format!("{table} {id}: {column} is not an amount: {e}").into())
	})?;
	let after = before.saturating_add(amount);
	let write = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
	sqlx::query(&write).bind(after.to_string()).bind(big(id)).execute(&mut **tx).await?;
	Ok(())
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
