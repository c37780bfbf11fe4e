//! The workspace's binaries, free ports, temporary directories, key files and child processes.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A binary of this workspace, from the target directory the test itself was built in
/// (`target/<profile>/deps/<test>` → `target/<profile>/<name>`), whichever package the test
/// belongs to: cargo sets `CARGO_BIN_EXE_<name>` only for a package's own binaries.
/// `SC4IT_BIN_DIR` names another directory (the measurements run release binaries).
pub fn workspace_binary(name: &str) -> PathBuf {
	let exe = std::env::current_exe().expect("the test knows its path");
	let profile_dir = match std::env::var_os("SC4IT_BIN_DIR") {
		Some(dir) => PathBuf::from(dir),
		None => {
			exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>").to_path_buf()
		},
	};
	let path = profile_dir.join(name);
	assert!(
		path.exists(),
		"{} is not built: `cargo build --workspace --bins` first",
		path.display()
	);
	path
}

/// The node binary, `sc4it-node` (see [`workspace_binary`]).
pub fn binary() -> PathBuf {
	workspace_binary("sc4it-node")
}

/// A port nobody listens on right now, and that nothing will be given before the test's
/// process binds it: it is below the kernel's ephemeral range (the ports it hands out for
/// outgoing connections and `bind` to port 0, which the other tests' nodes and clients use by
/// the thousand), picked at random and checked free. A port from `bind(0)` was sometimes taken
/// by another test's connection between this call and the test's process binding it.
pub fn free_port() -> u16 {
	const FLOOR: u16 = 10_000;
	let below = ephemeral_floor().max(FLOOR + 1_000);
	loop {
		let port = fastrand::u16(FLOOR..below);
		if TcpListener::bind(("127.0.0.1", port)).is_ok() {
			return port;
		}
	}
}

/// The lowest port of the kernel's ephemeral range (32768 unless configured otherwise).
fn ephemeral_floor() -> u16 {
	std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
		.ok()
		.and_then(|range| range.split_whitespace().next()?.parse().ok())
		.unwrap_or(32_768)
}

/// A fresh directory under the system's temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
	pub fn new(name: &str) -> Self {
		let nanos =
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
		let path =
			std::env::temp_dir().join(format!("sc4it-{name}-{}-{nanos}", std::process::id()));
		std::fs::create_dir_all(&path).unwrap();
		Self(path)
	}
	pub fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// Waits until `done` holds, or fails the test with `what` and `context()`.
pub fn wait(
	what: &str,
	timeout: Duration,
	mut done: impl FnMut() -> bool,
	context: impl Fn() -> String,
) {
	let start = Instant::now();
	while start.elapsed() < timeout {
		if done() {
			return;
		}
		std::thread::sleep(Duration::from_millis(500));
	}
	panic!("timed out waiting for {what}\n{}", context());
}

/// A file in `dir` holding `secret`, with permissions `mode` (600 for a usable key file).
pub fn secret_file(dir: &Path, name: &str, secret: &str, mode: u32) -> PathBuf {
	use std::os::unix::fs::PermissionsExt;
	let path = dir.join(name);
	std::fs::write(&path, format!("{secret}\n")).unwrap();
	std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
	path
}

/// A child process, killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// A child process its owner may stop and start again: killed (SIGKILL, the harshest stop) and
/// reaped when stopped or dropped.
#[derive(Default)]
pub(crate) struct Stoppable(Option<Child>);

impl Stoppable {
	pub(crate) fn new(child: Child) -> Stoppable {
		Stoppable(Some(child))
	}

	/// Starts `program` with `args`, its standard error appended to `log` (dropped if `None`),
	/// its standard output dropped.
	pub(crate) fn spawn_logged(program: &Path, args: &[String], log: Option<&Path>) -> Stoppable {
		let stderr = match log {
			Some(path) => Stdio::from(
				std::fs::OpenOptions::new()
					.create(true)
					.append(true)
					.open(path)
					.unwrap_or_else(|e| panic!("cannot open the log {}: {e}", path.display())),
			),
			None => Stdio::null(),
		};
		Stoppable::new(
			Command::new(program)
				.args(args)
				.stdout(Stdio::null())
				.stderr(stderr)
				.spawn()
				.unwrap_or_else(|e| panic!("{} does not start: {e}", program.display())),
		)
	}

	/// Kills the process, if running, and waits for it.
	pub(crate) fn stop(&mut self) {
		if let Some(mut child) = self.0.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Whether it was started and has not exited.
	pub(crate) fn is_running(&mut self) -> bool {
		match self.0.as_mut() {
			Some(child) => child.try_wait().map(|status| status.is_none()).unwrap_or(false),
			None => false,
		}
	}

	/// Its exit code, once it exited by itself (`None` while running, or if a signal ended it).
	pub(crate) fn exit_code(&mut self) -> Option<i32> {
		self.0.as_mut()?.try_wait().ok()??.code()
	}

	/// Its process id (0 once stopped).
	pub(crate) fn pid(&self) -> u32 {
		self.0.as_ref().map_or(0, Child::id)
	}
}

impl Drop for Stoppable {
	fn drop(&mut self) {
		self.stop();
	}
}

/// Runs the node binary to completion with `args`; returns (success, stdout, stderr).
pub fn run_to_end(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(binary()).args(args).output().expect("the node binary runs");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

/// The JSON chain spec of a built-in chain (`dev`, `local`), built with a base path of its own
/// under `dir`: never the node's default one in the user's home directory, which a fresh machine
/// does not have yet and which concurrent first runs would race to create.
pub fn build_spec(chain: &str, dir: &Path) -> String {
	let base = dir.join(format!("build-spec-{chain}"));
	let (ok, spec, stderr) = run_to_end(&[
		"build-spec",
		"--chain",
		chain,
		"--base-path",
		base.to_str().expect("a UTF-8 path"),
	]);
	assert!(ok, "build-spec failed: {stderr}");
	spec
}

/// The peer id of the network key `node_key` (hex), as `key inspect-node-key` prints it.
pub fn peer_id(node_key: &str, dir: &Path) -> String {
	let file = dir.join(format!("node-key-{}", &node_key[node_key.len() - 4..]));
	std::fs::write(&file, node_key).unwrap();
	let (ok, stdout, stderr) =
		run_to_end(&["key", "inspect-node-key", "--file", file.to_str().unwrap()]);
	assert!(ok, "inspect-node-key failed: {stderr}");
	stdout.trim().to_string()
}
