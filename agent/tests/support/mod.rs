//! The demo node's agent as a child process, shared by the agent's end-to-end tests.

use crate::common::{secret_file, workspace_binary};
use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
};

/// The demo node's agent (node 0, report key `//Ferdie`), its log in `<dir>/agent.log`.
pub struct Agent {
	child: Option<Child>,
	args: Vec<String>,
	log: PathBuf,
}

impl Agent {
	/// Starts it against the chain at `url`, serving reports on `port`, keeping its state and
	/// volumes in `data`.
	pub fn start(dir: &Path, url: &str, port: u16, data: &Path) -> Agent {
		let key = secret_file(dir, "node.key", "//Ferdie", 0o600);
		let args = vec![
			"--url".into(),
			url.into(),
			"--node".into(),
			"0".into(),
			"--node-key-file".into(),
			key.display().to_string(),
			"--data-dir".into(),
			data.display().to_string(),
			"--listen".into(),
			format!("127.0.0.1:{port}"),
			"--format".into(),
			"raw".into(),
		];
		let mut agent = Agent { child: None, args, log: dir.join("agent.log") };
		agent.restart();
		agent
	}

	/// Starts it again with the same arguments (its log goes on in the same file).
	pub fn restart(&mut self) {
		self.stop();
		let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
		self.child = Some(
			Command::new(workspace_binary("sc4it-agent"))
				.args(&self.args)
				.stdout(Stdio::null())
				.stderr(log)
				.spawn()
				.expect("the agent starts"),
		);
	}

	pub fn stop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	pub fn log(&self) -> String {
		agent_log(self.log.parent().unwrap_or(Path::new(".")))
	}
}

impl Drop for Agent {
	fn drop(&mut self) {
		self.stop();
	}
}

/// The log of the agent started in `dir`, for messages of closures that cannot borrow it.
pub fn agent_log(dir: &Path) -> String {
	std::fs::read_to_string(dir.join("agent.log")).unwrap_or_default()
}
