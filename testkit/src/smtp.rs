//! A real SMTP server for a test: aiosmtpd (Debian's `python3-aiosmtpd`, run by Debian's
//! `/usr/bin/python3`) on a free loopback port, keeping every message it receives in a Maildir;
//! stopped when dropped.

use crate::process::{free_port, Stoppable};
use std::{
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// A running SMTP server.
pub struct MailServer {
	_child: Stoppable,
	maildir: PathBuf,
	/// The port it listens on, on 127.0.0.1.
	pub port: u16,
}

/// A message received: its headers and body, as sent.
#[derive(Debug, Clone)]
pub struct Mail {
	pub text: String,
}

impl Mail {
	/// The value of header `name` (the first, unfolded).
	pub fn header(&self, name: &str) -> Option<String> {
		let prefix = format!("{}:", name.to_ascii_lowercase());
		let head = self.text.split("\r\n\r\n").next().unwrap_or("").replace("\r\n ", " ");
		head.split("\r\n")
			.flat_map(|l| l.split('\n'))
			.find(|line| line.to_ascii_lowercase().starts_with(&prefix))
			.map(|line| line[prefix.len()..].trim().to_string())
	}
}

impl MailServer {
	/// Starts a server whose Maildir is under `dir`; panics if it does not listen within 30 s.
	pub fn start(dir: &Path) -> MailServer {
		let maildir = dir.join("maildir");
		let port = free_port();
		let log = std::fs::File::create(dir.join("smtp.log")).unwrap();
		let child = Command::new("/usr/bin/python3")
			.args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
			.args(["-c", "aiosmtpd.handlers.Mailbox"])
			.arg(&maildir)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("aiosmtpd starts (Debian's python3-aiosmtpd: scripts/setup.sh installs it)");
		let server = MailServer { _child: Stoppable::new(child), maildir, port };
		let start = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(
				start.elapsed() < Duration::from_secs(30),
				"aiosmtpd does not listen: {}",
				std::fs::read_to_string(dir.join("smtp.log")).unwrap_or_default()
			);
			std::thread::sleep(Duration::from_millis(50));
		}
		server
	}

	/// `smtp://127.0.0.1:<port>`, for the indexer's `--smtp-url`.
	pub fn url(&self) -> String {
		format!("smtp://127.0.0.1:{}", self.port)
	}

	/// Every message received so far, in the order the Maildir's names give.
	pub fn messages(&self) -> Vec<Mail> {
		let mut paths: Vec<PathBuf> = ["new", "cur"]
			.iter()
			.filter_map(|sub| std::fs::read_dir(self.maildir.join(sub)).ok())
			.flatten()
			.filter_map(|entry| entry.ok().map(|e| e.path()))
			.collect();
		paths.sort();
		paths
			.iter()
			.filter_map(|path| std::fs::read(path).ok())
			.map(|bytes| Mail { text: String::from_utf8_lossy(&bytes).into_owned() })
			.collect()
	}
}
