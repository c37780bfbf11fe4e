//! The end-to-end tests' harness, shared by the node's and the agent's tests: starts the
//! workspace's real binaries (`sc4it-node`, `sc4it-agent`, `sc4it`) on free loopback ports,
//! talks JSON-RPC to the node over plain HTTP, reads and writes the chain with the runtime's own
//! types, and kills every process it started when its handle is dropped. No mocks: real
//! consensus, real database, real wasm.
//!
//! `use sc4it_testkit::*;` brings the handles ([`Node`], [`Agent`], [`StandInAgent`], [`Cli`], [`TempDir`],
//! [`Process`]), the process helpers ([`workspace_binary`], [`free_port`], [`wait`], ...), the
//! [`chain`], [`escrow`] and [`readme`] modules, a real SMTP server ([`MailServer`]) and webhook
//! receiver ([`WebhookReceiver`]), the [`Ledger`] of a range of blocks, the oracle's runs in a
//! validator's log ([`OracleRun`]), the attacker's
//! [`SlowConnection`]s, and `serde_json`'s `json!` and `Value`.
//!
//! The binaries are found next to the test executable (`target/<profile>/`), or in
//! `SC4IT_BIN_DIR`: `cargo build --workspace --bins` first.

mod agent;
mod browser;
pub mod chain;
mod cli;
mod dns;
pub mod escrow;
mod indexer;
pub mod ledger;
mod node;
mod oracle_log;
mod postgres;
mod process;
pub mod readme;
mod signing;
mod slow;
mod smtp;
mod stand_in;
pub mod testnet;
mod webhook;

pub use agent::{agent_log, Agent};
pub use browser::Browser;
pub use cli::Cli;
pub use dns::BlackHoleResolver;
pub use indexer::{http_get, http_request, Indexer};
pub use ledger::{ContractBooks, Ledger, Period};
pub use node::{hex, unhex, Node};
pub use oracle_log::OracleRun;
pub use postgres::Postgres;
pub use process::{
	binary, build_spec, free_port, peer_id, run_to_end, secret_file, wait, workspace_binary,
	Process, TempDir,
};
pub use serde_json::{json, Value};
pub use signing::{submit_encoded, Signer};
pub use slow::{connect_from, raise_descriptor_limit, SlowConnection, SlowKind};
pub use smtp::{Mail, MailServer};
pub use stand_in::{Mode, StandInAgent};
pub use webhook::{Received, WebhookReceiver};
