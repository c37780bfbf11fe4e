//! The workspace's command line, `sc4it`, run against a chain with `--json`.

use crate::{node::Node, process::workspace_binary};
use serde_json::Value;
use std::{
	path::Path,
	process::{Command, Output},
};

/// `sc4it --url <url> --json ...`: the user's and the farmer's command line against one chain.
#[derive(Clone, Debug)]
pub struct Cli {
	url: String,
}

impl Cli {
	/// Against the chain at `url` (any URL, an unreachable one too).
	pub fn new(url: impl Into<String>) -> Cli {
		Cli { url: url.into() }
	}

	/// Against `node`'s RPC port.
	pub fn of(node: &Node) -> Cli {
		Cli::new(node.ws_url())
	}

	/// The URL it runs against.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Runs `sc4it --url <url> --json <args>` to completion; returns (exit code, JSON output,
	/// stderr). The code is -1 when the process was killed by a signal; the JSON is `null` when
	/// stdout is not JSON.
	pub fn run(&self, args: &[&str]) -> (i32, Value, String) {
		let out = self.output(args);
		let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
		(out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
	}

	/// [`run`](Self::run), asserting that it succeeded and printed JSON: that JSON.
	pub fn run_ok(&self, args: &[&str]) -> Value {
		let out = self.output(args);
		assert!(
			out.status.success(),
			"sc4it {args:?} failed: {}",
			String::from_utf8_lossy(&out.stderr)
		);
		serde_json::from_slice(&out.stdout).expect("JSON output")
	}

	/// The farmer's registration of a node, as a farmer does it: `node keygen` writes a new
	/// key to `key`, then `suri` registers it on `farm` with its report URL and SSD capacity
	/// (`"100GiB"`). Returns the node's id.
	pub fn register_node(
		&self,
		suri: &str,
		farm: u32,
		key: &Path,
		report_url: &str,
		ssd: &str,
	) -> u32 {
		let key = key.to_str().expect("a UTF-8 path");
		self.run_ok(&["node", "keygen", "--out", key]);
		let farm = farm.to_string();
		let registered = self.run_ok(&[
			"--suri",
			suri,
			"node",
			"register",
			"--farm",
			&farm,
			"--node-key",
			key,
			"--report-url",
			report_url,
			"--ssd",
			ssd,
		]);
		let id = registered["registered"].as_u64().expect("the node's id");
		u32::try_from(id).expect("a node id")
	}

	/// Runs `sc4it --url <url> <args>` without `--json`, as a person does: (exit code, stdout,
	/// stderr).
	pub fn run_text(&self, args: &[&str]) -> (i32, String, String) {
		let out = Command::new(workspace_binary("sc4it"))
			.args(["--url", &self.url])
			.args(args)
			.output()
			.expect("the CLI runs");
		(
			out.status.code().unwrap_or(-1),
			String::from_utf8_lossy(&out.stdout).into_owned(),
			String::from_utf8_lossy(&out.stderr).into_owned(),
		)
	}

	fn output(&self, args: &[&str]) -> Output {
		Command::new(workspace_binary("sc4it"))
			.args(["--url", &self.url, "--json"])
			.args(args)
			.output()
			.expect("the CLI runs")
	}
}
