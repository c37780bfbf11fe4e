//! `sc4it`: the command line of users (contracts), farmers (farms, nodes, validators) and council
//! members (motions).
//!
//! Exit codes: 0 done; 2 bad input (nothing sent); 3 chain unreachable; 4 the chain refused the
//! transaction or the call failed (nothing changed); 5 no such thing.

mod args;
mod gov;
mod run;
mod validator;

use clap::Parser;

#[tokio::main]
async fn main() {
	let cli = args::Cli::parse();
	let json = cli.json;
	match run::run(cli).await {
		Ok(reply) => match (json, reply.text) {
			(true, _) => println!("{}", reply.data),
			(false, Some(text)) => println!("{text}"),
			(false, None) => {
				println!("{}", serde_json::to_string_pretty(&reply.data).unwrap_or_default())
			},
		},
		Err(failure) => {
			if json {
				println!(
					"{}",
					serde_json::json!({ "error": failure.message(), "code": failure.code() })
				);
			}
			eprintln!("error: {}", failure.message());
			std::process::exit(failure.code());
		},
	}
}
