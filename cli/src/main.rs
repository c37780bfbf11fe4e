//! `sc4it`: the command line of users (contracts, alerts), farmers (farms, nodes, validators) and
//! council members (motions). Each command group is a module; every command prints a table or sentences
//! for people, or one JSON object with `--json`.
//!
//! Exit codes: 0 done; 2 bad input (nothing sent); 3 chain unreachable; 4 the chain refused the
//! transaction or the call failed (nothing changed); 5 no such thing.

mod account;
mod alerts;
mod args;
mod auto_top_up;
mod context;
mod contract;
mod failure;
mod farm;
mod finder;
mod gov;
mod indexer;
mod node;
mod output;
mod team;
mod validator;

use args::{Cli, Command};
use clap::{error::ErrorKind, Parser};
use context::Context;
use failure::Failure;
use output::Reply;

#[tokio::main]
async fn main() {
	let cli = match Cli::try_parse() {
		Ok(cli) => cli,
		Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
			e.exit()
		},
		Err(e) => {
			// Bad arguments: clap's message for people; for scripts, the same as any failure.
			if std::env::args_os().any(|a| a == "--json") {
				fail(true, &Failure::Input(clap_message(&e)));
			}
			e.exit()
		},
	};
	let json = cli.globals.json;
	match run(cli).await {
		Ok(reply) if json => println!("{}", reply.data),
		Ok(reply) => println!("{}", reply.text),
		Err(failure) => fail(json, &failure),
	}
}

async fn run(cli: Cli) -> Result<Reply, Failure> {
	// What needs no chain runs without connecting.
	match cli.command {
		Command::Node(node::NodeCommand::Keygen { out }) => node::keygen(&out),
		Command::Alerts(command) => alerts::run(&cli.globals, command).await,
		command => run_connected(&Context::connect(cli.globals).await?, command).await,
	}
}

async fn run_connected(ctx: &Context, command: Command) -> Result<Reply, Failure> {
	match command {
		Command::Contract(command) => contract::run(ctx, command).await,
		Command::Account(command) => account::run(ctx, command).await,
		Command::Farm(command) => farm::run(ctx, command).await,
		Command::Node(command) => node::run(ctx, command).await,
		Command::Gov(command) => gov::run(ctx, command).await,
		Command::Validator(command) => validator::run(ctx, command).await,
		Command::Team(command) => team::run(ctx, command).await,
		Command::Alerts(command) => alerts::run(ctx.globals(), command).await,
	}
}

/// Clap's message without its usage and help lines: what was wrong, in one line.
fn clap_message(e: &clap::Error) -> String {
	let text = e.to_string();
	let message: Vec<&str> = text
		.lines()
		.take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
		.map(str::trim)
		.filter(|line| !line.is_empty())
		.collect();
	message.join(" ").trim_start_matches("error: ").to_string()
}

/// Says why on stderr (and as JSON on stdout with `--json`), and exits with the failure's code.
fn fail(json: bool, failure: &Failure) -> ! {
	if let Failure::Awaiting(message) = failure {
		match json {
			true => println!("{}", serde_json::json!({ "awaiting": message })),
			false => println!("{message}"),
		}
		std::process::exit(0)
	}
	if json {
		println!("{}", serde_json::json!({ "error": failure.to_string(), "code": failure.code() }));
	}
	eprintln!("error: {failure}");
	std::process::exit(failure.code())
}
