//! The README's user and farmer sessions, run as written (`bash -e`) against a fresh dev chain
//! with the demo node's agent: if a command in them stops working, this test fails.
//!
//! The farmer session gives Dave's agent a fixed port (8701) and keeps his files in `/tmp`, as a
//! person types them; the test puts a free port and its own temporary directory in their place,
//! so that it can run beside another run of itself, or beside a grid of the README's reader.

use sc4it_testkit::*;
use std::path::Path;

/// The README's farmer session with Dave's port and files put in the README's place: `port` for
/// his agent's 8701, `tmp` for `/tmp`. Both must be in it as the README gives them, so that a
/// README that changes them fails here instead of running with a fixed port or shared files.
fn farmer_session(port: u16, tmp: &Path) -> String {
	let marker = "<!-- farmer-session -->";
	let mut script = readme::session(marker);
	for given in ["127.0.0.1:8701", "/tmp/"] {
		assert!(script.contains(given), "the README's session {marker} has `{given}`");
	}
	script = script
		.replace("127.0.0.1:8701", &format!("127.0.0.1:{port}"))
		.replace("/tmp/", &format!("{}/", tmp.display()));
	assert!(
		!readme::session(marker).replace("127.0.0.1:8701", "").contains("8701"),
		"the README's session {marker} names Dave's port 8701 where the test does not put its own"
	);
	script
}

#[test]
fn the_readmes_user_and_farmer_sessions_work_as_written() {
	let dir = TempDir::new("readme");
	let port = free_port();
	let spec = chain::dev_spec_with_demo_url(dir.path(), &format!("http://127.0.0.1:{port}"));
	let mut node = Node::start_chain("node", dir.path(), &spec);
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let (listen, data) = (format!("127.0.0.1:{port}"), dir.path().join("demo-agent"));
	let mut agent = Agent::start_with_args(
		[
			"--demo",
			"--url",
			url.as_str(),
			"--listen",
			listen.as_str(),
			"--data-dir",
			data.to_str().unwrap(),
		],
		None,
	);
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	// Dave's files (the README's /tmp) and his agent's port (taken after the demo agent's, which
	// it therefore cannot be).
	let tmp = dir.path().join("tmp");
	std::fs::create_dir_all(&tmp).unwrap();
	let daves_port = free_port();

	readme::run("<!-- user-session -->", &home, &[("SC4IT_URL", &url)]);
	let farmer = farmer_session(daves_port, &tmp);
	readme::run_script("<!-- farmer-session -->", &farmer, &home, &[("SC4IT_URL", &url)]);
	agent.stop();
	node.kill();
}
