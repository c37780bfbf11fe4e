//! A real PostgreSQL server for a test: Debian's `postgresql` package's binaries, a fresh
//! cluster in a temporary directory, on a free loopback port, stopped when dropped.
//!
//! PostgreSQL refuses to run as root; a test that runs as root (a CI container) runs the server
//! as the package's `postgres` user instead.

use crate::process::{free_port, Stoppable};
use std::{
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// A running PostgreSQL server with a database `sc4it` that user `sc4it` may use without a
/// password (trust, on the loopback only).
pub struct Postgres {
	child: Stoppable,
	bin: PathBuf,
	data: PathBuf,
	log: PathBuf,
	owner: Option<(u32, u32)>,
	/// The port it listens on, on 127.0.0.1.
	pub port: u16,
}

impl Postgres {
	/// Creates a cluster under `dir` and starts it; panics with PostgreSQL's output if it cannot.
	pub fn start(dir: &Path) -> Postgres {
		let bin = server_binaries();
		let data = dir.join("postgres-data");
		let owner = if is_root() { Some(postgres_user()) } else { None };
		std::fs::create_dir_all(&data).unwrap();
		if let Some((uid, gid)) = owner {
			std::os::unix::fs::chown(&data, Some(uid), Some(gid)).unwrap();
		}
		let initdb = run_as(owner, Command::new(bin.join("initdb")))
			.args(["--auth=trust", "--username=sc4it", "--encoding=UTF8", "--no-sync", "-D"])
			.arg(&data)
			.output()
			.expect("initdb runs (Debian's postgresql package: scripts/setup.sh installs it)");
		assert!(
			initdb.status.success(),
			"initdb failed: {}{}",
			String::from_utf8_lossy(&initdb.stdout),
			String::from_utf8_lossy(&initdb.stderr)
		);
		let mut server = Postgres {
			child: Stoppable::default(),
			bin,
			data,
			log: dir.join("postgres.log"),
			owner,
			port: free_port(),
		};
		server.start_again();
		let created = Command::new(server.bin.join("createdb"))
			.args(["-h", "127.0.0.1", "-p", &server.port.to_string(), "-U", "sc4it", "sc4it"])
			.output()
			.expect("createdb runs");
		assert!(created.status.success(), "createdb: {}", String::from_utf8_lossy(&created.stderr));
		server
	}

	/// Starts the server again on its cluster and port, and waits until it accepts connections.
	pub fn start_again(&mut self) {
		self.child.stop();
		let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
		let mut command = run_as(self.owner, Command::new(self.bin.join("postgres")));
		command
			.arg("-D")
			.arg(&self.data)
			.args(["-p", &self.port.to_string(), "-c", "listen_addresses=127.0.0.1"])
			.arg("-c")
			.arg(format!("unix_socket_directories={}", self.data.display()))
			// A test's database need not survive a power cut.
			.args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
			.stdout(Stdio::null())
			.stderr(log);
		self.child = Stoppable::new(command.spawn().expect("postgres starts"));
		let start = Instant::now();
		loop {
			let ready = Command::new(self.bin.join("pg_isready"))
				.args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
				.status()
				.is_ok_and(|s| s.success());
			if ready {
				return;
			}
			assert!(
				self.child.is_running() && start.elapsed() < Duration::from_secs(60),
				"postgres did not start:\n{}",
				self.log()
			);
			std::thread::sleep(Duration::from_millis(100));
		}
	}

	/// Stops it abruptly (SIGKILL to the server: its clients lose their connections at once).
	pub fn kill(&mut self) {
		self.child.stop();
	}

	/// The URL of its database `sc4it`.
	pub fn url(&self) -> String {
		format!("postgres://sc4it@127.0.0.1:{}/sc4it", self.port)
	}

	/// Its log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}
}

impl Drop for Postgres {
	fn drop(&mut self) {
		// A fast shutdown (SIGINT) ends the server's backends too, before the directory goes.
		let pid = self.child.pid();
		if pid != 0 {
			let _ = Command::new("kill").args(["-INT", &pid.to_string()]).status();
			let start = Instant::now();
			while self.child.is_running() && start.elapsed() < Duration::from_secs(10) {
				std::thread::sleep(Duration::from_millis(50));
			}
		}
		self.child.stop();
	}
}

/// The server's binaries: `SC4IT_POSTGRES_BIN`, or the newest of Debian's
/// `/usr/lib/postgresql/<version>/bin`.
fn server_binaries() -> PathBuf {
	if let Some(dir) = std::env::var_os("SC4IT_POSTGRES_BIN") {
		return PathBuf::from(dir);
	}
	let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
		.into_iter()
		.flatten()
		.flatten()
		.filter_map(|entry| {
			let version = entry.file_name().to_str()?.parse().ok()?;
			let bin = entry.path().join("bin");
			bin.join("initdb").exists().then_some((version, bin))
		})
		.collect();
	versions.sort();
	versions.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
		panic!("no PostgreSQL server under /usr/lib/postgresql: run scripts/setup.sh")
	})
}

fn is_root() -> bool {
	std::fs::metadata("/proc/self")
		.map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
		.unwrap_or(false)
}

/// The uid and gid of the `postgres` user that Debian's package creates.
fn postgres_user() -> (u32, u32) {
	let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
	passwd
		.lines()
		.find_map(|line| {
			let fields: Vec<&str> = line.split(':').collect();
			(fields.first() == Some(&"postgres") && fields.len() > 3)
				.then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))?
		})
		.expect("a postgres user (Debian's postgresql package creates it)")
}

fn run_as(owner: Option<(u32, u32)>, mut command: Command) -> Command {
	use std::os::unix::process::CommandExt;
	if let Some((uid, gid)) = owner {
		command.uid(uid).gid(gid);
	}
	command
}
