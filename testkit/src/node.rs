//! A running `sc4it-node`: its ports, JSON-RPC over plain HTTP, its log, and waiting on it.

use crate::process::{binary, free_port, Stoppable};
use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::TcpStream,
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// A running node. Its output goes to a log file that a failing test prints.
pub struct Node {
	pub name: String,
	pub rpc_port: u16,
	pub p2p_port: u16,
	child: Stoppable,
	log: PathBuf,
}

impl Node {
	/// The node process's id.
	pub fn pid(&self) -> u32 {
		self.child.pid()
	}

	/// A one-validator chain from the chain spec at `spec` (Alice authoring, and as the oracle;
	/// state in a temporary directory), once it has made its first block. A custom spec is
	/// not a development chain, so the node needs a network key: a fixed one (the tests' nodes
	/// never peer).
	pub fn start_chain(name: &str, dir: &Path, spec: &Path) -> Node {
		Self::start_chain_under(name, dir, spec, &[])
	}

	/// The same, with the node run under the command `prefix` (see [`Node::start_under`]).
	pub fn start_chain_under(name: &str, dir: &Path, spec: &Path, prefix: &[&str]) -> Node {
		let args = [
			"--chain",
			spec.to_str().expect("a UTF-8 path"),
			"--alice",
			"--force-authoring",
			"--tmp",
			"--node-key",
			"0000000000000000000000000000000000000000000000000000000000000011",
		];
		let mut node = Self::spawn(name, dir, prefix, &args, free_port());
		node.wait_for("block 1", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 1);
		node
	}

	/// Starts `sc4it-node` with `args`, plus free RPC, P2P and Prometheus ports.
	pub fn start(name: &str, dir: &Path, args: &[&str]) -> Node {
		Self::start_with_rpc_port(name, dir, args, free_port())
	}

	/// The same with a given RPC port: a node restarted on it keeps its clients' URL.
	pub fn start_with_rpc_port(name: &str, dir: &Path, args: &[&str], rpc_port: u16) -> Node {
		Self::spawn(name, dir, &[], args, rpc_port)
	}

	/// Starts `sc4it-node` with `args` as the last arguments of the command `prefix` (a program
	/// that sets something up and then runs the rest of its command line, such as `unshare`).
	pub fn start_under(name: &str, dir: &Path, prefix: &[&str], args: &[&str]) -> Node {
		Self::spawn(name, dir, prefix, args, free_port())
	}

	fn spawn(name: &str, dir: &Path, prefix: &[&str], args: &[&str], rpc_port: u16) -> Node {
		let p2p_port = free_port();
		let prometheus_port = free_port();
		let log = dir.join(format!("{name}.log"));
		let out = std::fs::File::create(&log).unwrap();
		let mut command = match prefix.split_first() {
			Some((program, rest)) => {
				let mut command = Command::new(program);
				command.args(rest).arg(binary());
				command
			},
			None => Command::new(binary()),
		};
		let child = command
			.args(args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns", "--rpc-methods", "unsafe"])
			.stdout(Stdio::null())
			.stderr(out)
			.spawn()
			.expect("the node binary starts");
		Node { name: name.into(), rpc_port, p2p_port, child: Stoppable::new(child), log }
	}

	/// The node's WebSocket RPC URL, as the agent and the CLI take it.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Calls a JSON-RPC method; `Err` carries the connection or RPC error.
	pub fn rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		rpc_call(self.rpc_port, method, params)
	}

	pub fn best_number(&self) -> Option<u64> {
		let header = self.rpc("chain_getHeader", json!([])).ok()?;
		hex_number(header.get("number")?)
	}

	pub fn finalized_number(&self) -> Option<u64> {
		let hash = self.rpc("chain_getFinalizedHead", json!([])).ok()?;
		let header = self.rpc("chain_getHeader", json!([hash])).ok()?;
		hex_number(header.get("number")?)
	}

	pub fn peers(&self) -> Option<u64> {
		self.rpc("system_health", json!([])).ok()?.get("peers")?.as_u64()
	}

	/// Calls a runtime API function with SCALE-encoded arguments; returns the SCALE result.
	pub fn state_call(&self, function: &str, args: &[u8]) -> Result<Vec<u8>, String> {
		let result = self.rpc("state_call", json!([function, format!("0x{}", hex(args))]))?;
		unhex(result.as_str().ok_or("state_call result is not a string")?)
	}

	/// Kills the node (SIGKILL: the harshest stop) and waits for it.
	pub fn kill(&mut self) {
		self.child.stop();
	}

	/// Whether the node process is alive.
	pub fn is_running(&mut self) -> bool {
		self.child.is_running()
	}

	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// Waits until `condition` holds, or fails the test with the node's log.
	pub fn wait_for(
		&mut self,
		what: &str,
		timeout: Duration,
		mut condition: impl FnMut(&Node) -> bool,
	) {
		let start = Instant::now();
		while start.elapsed() < timeout {
			if condition(self) {
				return;
			}
			assert!(
				self.is_running(),
				"{} exited while waiting for {what}; log:\n{}",
				self.name,
				self.tail()
			);
			std::thread::sleep(Duration::from_millis(250));
		}
		panic!(
			"{}: timed out after {timeout:?} waiting for {what}; log:\n{}",
			self.name,
			self.tail()
		);
	}

	/// The last lines of the node's log.
	pub fn tail(&self) -> String {
		let log = self.log();
		let lines: Vec<_> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}
}

fn rpc_call(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
	let request = format!(
		// Outside `--dev` the server checks the Host header, port included.
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let json = response.split("\r\n\r\n").nth(1).ok_or("no HTTP body")?;
	let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
	if let Some(error) = value.get("error") {
		return Err(error.to_string());
	}
	value.get("result").cloned().ok_or_else(|| format!("no result: {value}"))
}

fn hex_number(v: &Value) -> Option<u64> {
	u64::from_str_radix(v.as_str()?.trim_start_matches("0x"), 16).ok()
}

/// `bytes` in lower-case hex, without `0x`.
pub fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of hex `s`, with or without `0x`.
pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
		.collect()
}
