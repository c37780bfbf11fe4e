//! The README's user and farmer sessions, run as written (`bash -e`) against a fresh dev chain
//! with the demo node's agent: if a command in them stops working, this test fails.

use sc4it_testkit::*;

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
	let _ = std::fs::remove_file("/tmp/daves-node.key");

	readme::run("<!-- user-session -->", &home, &[("SC4IT_URL", &url)]);
	readme::run("<!-- farmer-session -->", &home, &[("SC4IT_URL", &url)]);
	agent.stop();
	let _ = std::fs::remove_file("/tmp/daves-node.key");
	let _ = std::fs::remove_dir_all("/tmp/daves-node");
	node.kill();
}
