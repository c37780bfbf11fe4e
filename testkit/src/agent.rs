//! The workspace's farmer's agent, `sc4it-agent`, as a child process.

use crate::process::{secret_file, workspace_binary, Stoppable};
use std::path::{Path, PathBuf};

/// A running `sc4it-agent`, killed when dropped. Its stderr (its log) is appended to a file, or
/// discarded.
pub struct Agent {
	child: Stoppable,
	args: Vec<String>,
	log: Option<PathBuf>,
}

impl Agent {
	/// The demo node's agent (node 0, report key `//Ferdie`, written to `<dir>/node.key`) against
	/// the chain at `url`, serving reports on `port`, keeping its state and volumes (raw files) in
	/// `data`; its log in `<dir>/agent.log` (see [`agent_log`]).
	pub fn start_demo_node(dir: &Path, url: &str, port: u16, data: &Path) -> Agent {
		Self::start_demo_node_with(dir, url, port, data, &[])
	}

	/// [`Agent::start_demo_node`] with more arguments (`["--max-connections", "100"]`, say).
	pub fn start_demo_node_with(
		dir: &Path,
		url: &str,
		port: u16,
		data: &Path,
		more: &[&str],
	) -> Agent {
		let key = secret_file(dir, "node.key", "//Ferdie", 0o600);
		let mut args = node_args(url, 0, &key, data, port);
		args.extend(more.iter().map(|arg| arg.to_string()));
		Self::start_with_args(args, Some(&dir.join("agent.log")))
	}

	/// The agent of grid node `node`, signing with the key in `key_file`, against the chain at
	/// `url`, serving reports on `127.0.0.1:<port>`, keeping its state and volumes (raw files) in
	/// `data`; its log appended to `log` (`None`: discarded).
	pub fn start_node(
		url: &str,
		node: u32,
		key_file: &Path,
		data: &Path,
		port: u16,
		log: Option<&Path>,
	) -> Agent {
		Self::start_with_args(node_args(url, node, key_file, data, port), log)
	}

	/// `sc4it-agent <args>`, its log appended to `log` (`None`: discarded).
	pub fn start_with_args<S: AsRef<str>>(
		args: impl IntoIterator<Item = S>,
		log: Option<&Path>,
	) -> Agent {
		let args = args.into_iter().map(|a| a.as_ref().to_string()).collect();
		let mut agent =
			Agent { child: Stoppable::default(), args, log: log.map(Path::to_path_buf) };
		agent.restart();
		agent
	}

	/// Starts it again with the same arguments (its log goes on in the same file).
	pub fn restart(&mut self) {
		self.stop();
		self.child = Stoppable::spawn_logged(
			&workspace_binary("sc4it-agent"),
			&self.args,
			self.log.as_deref(),
		);
	}

	/// Kills it (SIGKILL) and waits for it.
	pub fn stop(&mut self) {
		self.child.stop();
	}

	/// Whether it was started and has not exited.
	pub fn is_running(&mut self) -> bool {
		self.child.is_running()
	}

	/// Its log so far (empty when discarded).
	pub fn log(&self) -> String {
		self.log.as_ref().and_then(|path| std::fs::read_to_string(path).ok()).unwrap_or_default()
	}
}

/// The arguments of [`Agent::start_node`].
fn node_args(url: &str, node: u32, key_file: &Path, data: &Path, port: u16) -> Vec<String> {
	vec![
		"--url".into(),
		url.into(),
		"--node".into(),
		node.to_string(),
		"--node-key-file".into(),
		key_file.display().to_string(),
		"--data-dir".into(),
		data.display().to_string(),
		"--listen".into(),
		format!("127.0.0.1:{port}"),
		"--format".into(),
		"raw".into(),
	]
}

/// The log of the demo node's agent started in `dir` ([`Agent::start_demo_node`]), for messages
/// of closures that cannot borrow it.
pub fn agent_log(dir: &Path) -> String {
	std::fs::read_to_string(dir.join("agent.log")).unwrap_or_default()
}
