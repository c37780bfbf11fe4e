//! `sc4it-indexer`: follows the chain's finalized blocks into a SQL database (an SQLite file by
//! default, PostgreSQL by URL) and serves what it holds over HTTP (docs/dashboard.md).
//!
//! It backfills from genesis on a new database and resumes after the last block written after
//! a restart or a crash. A lost connection to the node is retried; a database that fails
//! (unreachable, full) stops it with a non-zero exit, since going on would lose rows; so does an
//! event that does not decode (a runtime newer than this indexer).

mod alerts;
mod api;
mod decode;
mod finder;
mod follow;
mod live;
mod pages;
mod periods;
mod serve;
mod statements;
mod store;

use clap::Parser;
use follow::FollowError;
use std::{net::SocketAddr, time::Duration};

/// Follows an sc4it chain into a SQL database and serves it over HTTP.
#[derive(Debug, Parser)]
#[command(name = "sc4it-indexer", version)]
struct Args {
	/// The node's RPC (WebSocket) URL.
	#[arg(long, env = "SC4IT_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The database: `sqlite:<file>` (created if missing) or `postgres://user:password@host/db`.
	/// Its value is never printed (`--help` included): a PostgreSQL URL may hold a password.
	#[arg(
		long,
		env = "SC4IT_INDEXER_DATABASE",
		default_value = "sqlite:sc4it-index.db",
		hide_env_values = true
	)]
	database: String,
	/// Where the HTTP API listens.
	#[arg(long, env = "SC4IT_INDEXER_LISTEN", default_value = "127.0.0.1:8090")]
	listen: SocketAddr,
	/// The most HTTP connections open at once (each takes a file descriptor: keep it below the
	/// process's limit, `ulimit -n`).
	#[arg(
		long,
		env = "SC4IT_INDEXER_MAX_CONNECTIONS",
		default_value_t = 256,
		value_parser = clap::value_parser!(u32).range(1..=1_000_000)
	)]
	max_connections: u32,
	/// The most HTTP connections open at once from one client address (an IPv6 client by its
	/// /64). Behind a reverse proxy every visitor has the proxy's address: raise it to
	/// --max-connections there and bound visitors in the proxy.
	#[arg(
		long,
		env = "SC4IT_INDEXER_MAX_CONNECTIONS_PER_ADDRESS",
		default_value_t = 32,
		value_parser = clap::value_parser!(u32).range(1..=1_000_000)
	)]
	max_connections_per_address: u32,
	/// The file of the key the alerts' webhooks are signed with (ed25519, made on first start;
	/// its public half is at /api/alerts/key).
	#[arg(long, env = "SC4IT_INDEXER_ALERTS_KEY_FILE", default_value = "sc4it-indexer-alerts.key")]
	alerts_key_file: std::path::PathBuf,
	/// Let webhooks go to loopback and private addresses (a private grid, a test): by default
	/// the indexer calls public addresses only.
	#[arg(long, env = "SC4IT_INDEXER_ALERTS_ALLOW_PRIVATE")]
	alerts_allow_private: bool,
	/// The SMTP server alerts are mailed through: `smtp://host:port` (clear),
	/// `smtp://user:password@host?tls=required` (STARTTLS), `smtps://host` (TLS). Without it,
	/// alerts go to webhooks only. Its value is never printed.
	#[arg(long, env = "SC4IT_INDEXER_SMTP_URL", hide_env_values = true, requires = "smtp_from")]
	smtp_url: Option<String>,
	/// The address alerts are mailed from.
	#[arg(long, env = "SC4IT_INDEXER_SMTP_FROM")]
	smtp_from: Option<String>,
}

#[tokio::main]
async fn main() {
	env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
	let args = Args::parse();
	if let Err(e) = run(args).await {
		eprintln!("error: {e}");
		std::process::exit(1);
	}
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
	let store = store::Store::open(&args.database).await?;
	let key = std::sync::Arc::new(alerts::load_or_create_key(&args.alerts_key_file)?);
	let mail = match (&args.smtp_url, &args.smtp_from) {
		(Some(url), Some(from)) => Some(alerts::mail::Mailer::new(url, from)?),
		_ => None,
	};
	let settings = alerts::AlertsSettings {
		key: key.clone(),
		mail: mail.clone(),
		allow_private: args.alerts_allow_private,
	};
	let state = api::AppState::new(store.clone(), settings);
	let deliverer = alerts::deliver::Deliverer {
		store: store.clone(),
		webhooks: alerts::webhook::WebhookClient::new(args.alerts_allow_private),
		mail,
		key,
	};
	let deliveries = tokio::spawn(deliverer.run());
	let listener = tokio::net::TcpListener::bind(args.listen)
		.await
		.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
	log::info!("API on http://{}", listener.local_addr()?);
	let app = api::router(state.clone());
	let limits = serve::Limits {
		connections: args.max_connections as usize,
		connections_per_address: args.max_connections_per_address as usize,
	};
	let server = tokio::spawn(serve::serve(listener, app, limits));
	let outcome = follow_forever(&args.url, &store, &state).await;
	server.abort();
	deliveries.abort();
	outcome
}

/// Follows the chain, connecting again after a chain failure; returns on a database failure.
async fn follow_forever(
	url: &str,
	store: &store::Store,
	state: &api::AppState,
) -> Result<(), Box<dyn std::error::Error>> {
	let mut delay = Duration::from_secs(1);
	loop {
		// The API's live reads get connections of their own, never the follower's: visitors'
		// reads are bounded by their number and cannot slow the follower. Pages may show the
		// chain as it was up to a second ago (blocks come every 3 s).
		let connected = futures::try_join!(
			sc4it_client::Chain::connect(url),
			sc4it_client::Chain::connect_pooled(url, api::LIVE_CONNECTIONS)
		);
		let outcome = match connected {
			Ok((chain, live)) => {
				state.connected(&live.reuse_finalized_for(Duration::from_secs(1))).await;
				let outcome = follow::follow(&chain, store, &state.progress).await;
				state.disconnected();
				outcome
			},
			Err(e) => Err(FollowError::Chain(e)),
		};
		match outcome {
			Err(FollowError::Chain(e)) => {
				log::warn!("{e}; connecting again in {}s", delay.as_secs());
				tokio::time::sleep(delay).await;
				delay = (delay * 2).min(Duration::from_secs(30));
			},
			Err(e) => return Err(e.into()),
			Ok(()) => return Ok(()),
		}
	}
}
