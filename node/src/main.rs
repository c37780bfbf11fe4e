//! The sc4it validator node.
//!
//! Files: `chain_spec.rs` (the dev and local chains), `grid_spec.rs` (a real grid's chain spec,
//! `grid-spec`), `cli.rs` (arguments and subcommands), `command.rs` (what each subcommand does),
//! `rpc.rs` (the RPC methods beyond Substrate's), `service.rs` (Aura + GRANDPA, offchain
//! workers, ParityDB).

// Every subcommand returns sc-cli's error type, which is large; it is not ours to shrink.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod grid_spec;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
