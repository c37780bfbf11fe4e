//! The workspace's indexer, `sc4it-indexer`, as a child process, and its HTTP API.

use crate::process::{free_port, workspace_binary, Stoppable};
use serde_json::Value;
use std::{
	io::{Read, Write},
	net::TcpStream,
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

/// A running `sc4it-indexer` on a free port, killed when dropped; its log goes to a file.
pub struct Indexer {
	child: Stoppable,
	args: Vec<String>,
	log: PathBuf,
	/// The port of its HTTP API.
	pub port: u16,
}

impl Indexer {
	/// Follows the chain at `url` into `database` (`sqlite:<file>` or a PostgreSQL URL), its log
	/// in `dir/<name>.log`.
	pub fn start(name: &str, url: &str, database: &str, dir: &Path) -> Indexer {
		Indexer::start_with_args(name, url, database, dir, &[])
	}

	/// As [`Indexer::start`], with `extra` arguments after those. Its alerts' webhook key is
	/// `dir/<name>.key` unless `extra` names one.
	pub fn start_with_args(
		name: &str,
		url: &str,
		database: &str,
		dir: &Path,
		extra: &[&str],
	) -> Indexer {
		let port = free_port();
		let mut args = vec![
			"--url".into(),
			url.into(),
			"--database".into(),
			database.into(),
			"--listen".into(),
			format!("127.0.0.1:{port}"),
		];
		if !extra.contains(&"--alerts-key-file") {
			args.push("--alerts-key-file".into());
			args.push(dir.join(format!("{name}.key")).display().to_string());
		}
		args.extend(extra.iter().map(|arg| arg.to_string()));
		let mut indexer = Indexer {
			child: Stoppable::default(),
			args,
			log: dir.join(format!("{name}.log")),
			port,
		};
		indexer.restart();
		indexer
	}

	/// Starts it again with the same arguments, its log going on in the same file.
	pub fn restart(&mut self) {
		self.child.stop();
		self.child = Stoppable::spawn_logged(
			&workspace_binary("sc4it-indexer"),
			&self.args,
			Some(&self.log),
		);
	}

	/// Kills it (SIGKILL: a crash, as far as its database can tell).
	pub fn kill(&mut self) {
		self.child.stop();
	}

	/// Whether it is running.
	pub fn is_running(&mut self) -> bool {
		self.child.is_running()
	}

	/// Waits until it exits by itself: its exit code (`None` if a signal ended it).
	pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<i32> {
		let start = Instant::now();
		while self.child.is_running() {
			assert!(
				start.elapsed() < timeout,
				"the indexer still runs after {timeout:?}; log:\n{}",
				self.log()
			);
			std::thread::sleep(Duration::from_millis(100));
		}
		self.child.exit_code()
	}

	/// The base URL of its HTTP API and dashboard.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}

	/// Its log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// `GET path` on its API: the status code and the body.
	pub fn get(&self, path: &str) -> Result<(u16, String), String> {
		http_get(self.port, path)
	}

	/// `POST path` with a JSON body: the status code and the body.
	pub fn post(&self, path: &str, body: &Value) -> Result<(u16, String), String> {
		http_request(self.port, "POST", path, Some(body.to_string().as_bytes()))
	}

	/// `GET path`, which must answer 200 with JSON: that JSON.
	pub fn get_json(&self, path: &str) -> Value {
		let (status, body) = self.get(path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
		assert_eq!(status, 200, "GET {path}: {body}\n{}", self.log());
		serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
	}

	/// The last block it wrote (`None` before the first, or while its API is not up).
	pub fn indexed(&self) -> Option<u64> {
		let (status, body) = self.get("/api/status").ok()?;
		let status_json: Value = (status == 200).then(|| serde_json::from_str(&body).ok())??;
		status_json["indexed"].as_u64()
	}

	/// Waits until it has written block `block`.
	pub fn wait_for_block(&mut self, block: u64, timeout: Duration) {
		let start = Instant::now();
		while start.elapsed() < timeout {
			if self.indexed().is_some_and(|i| i >= block) {
				return;
			}
			assert!(self.is_running(), "the indexer exited; log:\n{}", self.log());
			std::thread::sleep(Duration::from_millis(250));
		}
		panic!("the indexer did not reach block {block} in {timeout:?}; log:\n{}", self.log());
	}
}

/// A plain HTTP/1.1 `GET` on the loopback: the status code and the body.
pub fn http_get(port: u16, path: &str) -> Result<(u16, String), String> {
	http_request(port, "GET", path, None)
}

/// A plain HTTP/1.1 request on the loopback, with a JSON body if given: the status code and
/// the body. Written by hand, as an attacker's client would be: nothing in it is the server's.
pub fn http_request(
	port: u16,
	method: &str,
	path: &str,
	body: Option<&[u8]>,
) -> Result<(u16, String), String> {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
	let mut request =
		format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
	if let Some(body) = body {
		request.push_str(&format!(
			"Content-Type: application/json\r\nContent-Length: {}\r\n",
			body.len()
		));
	}
	request.push_str("\r\n");
	let mut request = request.into_bytes();
	request.extend_from_slice(body.unwrap_or_default());
	stream.write_all(&request).map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let (head, body) = response.split_once("\r\n\r\n").ok_or("no HTTP body")?;
	let status = head
		.split_whitespace()
		.nth(1)
		.and_then(|code| code.parse().ok())
		.ok_or_else(|| format!("no status line: {head}"))?;
	Ok((status, body.to_string()))
}
