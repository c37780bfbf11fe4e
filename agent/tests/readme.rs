//! The README's user and farmer sessions, run as written (`bash -e`) against a fresh dev chain
//! with the demo node's agent: if a command in them stops working, this test fails.

#[path = "../../node/tests/common/mod.rs"]
mod common;

use common::*;
use std::{
	path::Path,
	process::{Command, Stdio},
};

/// The shell block that follows `marker` in the README.
fn session(readme: &str, marker: &str) -> String {
	let after = &readme[readme.find(marker).unwrap_or_else(|| panic!("{marker} in README"))..];
	let start = after.find("```sh\n").expect("a sh block") + "```sh\n".len();
	let end = after[start..].find("```").expect("the block's end");
	after[start..start + end].to_string()
}

fn run_session(name: &str, script: &str, bin_dir: &Path, url: &str, home: &Path) {
	let out = Command::new("bash")
		.args(["-euo", "pipefail", "-c", script])
		// The binaries under test come first; HOME is empty, so the README's own PATH line
		// cannot pick up other builds.
		.env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
		.env("HOME", home)
		.env("SC4IT_URL", url)
		.stdin(Stdio::null())
		.output()
		.expect("bash runs");
	assert!(
		out.status.success(),
		"the README's {name} session failed ({}):\nstdout:\n{}\nstderr:\n{}",
		out.status,
		String::from_utf8_lossy(&out.stdout),
		String::from_utf8_lossy(&out.stderr)
	);
}

#[test]
fn the_readmes_user_and_farmer_sessions_work_as_written() {
	let readme =
		std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
			.expect("README.md");
	let dir = TempDir::new("readme");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let mut node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let bin_dir = workspace_binary("sc4it").parent().unwrap().to_path_buf();
	let mut agent = Command::new(bin_dir.join("sc4it-agent"))
		.args(["--demo", "--url", &url, "--listen", &format!("127.0.0.1:{port}")])
		.arg("--data-dir")
		.arg(dir.path().join("demo-agent"))
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.unwrap();
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	let _ = std::fs::remove_file("/tmp/daves-node.key");

	run_session("user", &session(&readme, "<!-- user-session -->"), &bin_dir, &url, &home);
	run_session("farmer", &session(&readme, "<!-- farmer-session -->"), &bin_dir, &url, &home);
	let _ = agent.kill();
	let _ = agent.wait();
	let _ = std::fs::remove_file("/tmp/daves-node.key");
	let _ = std::fs::remove_dir_all("/tmp/daves-node");
	node.kill();
}
