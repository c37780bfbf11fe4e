//! The user's and the farmer's tools against the real chain: a dev node (real consensus, the
//! real oracle), the real agent with its HTTP server and real volume files, and the `sc4it`
//! command line. The dev spec is edited so that the demo node's report URL is the agent's own
//! free port, so tests can run side by side.

use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use std::{path::Path, process::Command, time::Duration};

const GIB: u64 = 1 << 30;

/// A dev chain whose demo node (0) reports at `http://127.0.0.1:<report_port>`.
fn start_chain(dir: &Path, report_port: u16) -> Node {
	let spec = chain::dev_spec_with_demo_url(dir, &format!("http://127.0.0.1:{report_port}"));
	Node::start_chain("node", dir, &spec)
}

fn volume_files(data: &Path) -> Vec<String> {
	let mut names: Vec<String> = std::fs::read_dir(data.join("volumes"))
		.map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
		.unwrap_or_default();
	names.sort();
	names
}

/// Alice creates a contract on the demo node with the CLI, one token of deposit: its id.
fn alice_creates(cli: &Cli, size: &str, disk: &str) -> u64 {
	let args = ["--suri", "//Alice", "contract", "create", "--node", "0", "--size", size];
	let created = cli.run_ok(&[&args[..], &["--disk", disk, "--deposit", "1"]].concat());
	created["created"].as_u64().expect("a contract id")
}

fn state_name(cli: &Cli, id: u64) -> Option<String> {
	let (code, json, _) = cli.run(&["contract", "show", &id.to_string()]);
	(code == 0).then(|| json["state"]["name"].as_str().unwrap_or_default().to_string())
}

#[test]
fn a_contract_gets_a_real_volume_is_billed_and_refunded_exactly_across_an_agent_restart() {
	let dir = TempDir::new("e2e");
	let port = free_port();
	let node = start_chain(dir.path(), port);
	let data = dir.path().join("agent-data");
	let cli = Cli::of(&node);
	let mut agent = Agent::start_demo_node(dir.path(), cli.url(), port, &data);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent_log(dir.path()), node.tail());
	let alice = Sr25519Keyring::Alice.to_account_id();
	let free_before = chain::free_balance(&node, &alice);

	// The user creates a contract: 2 GiB of SSD, 1 token of deposit.
	let first = alice_creates(&cli, "2GiB", "ssd");
	// The agent makes the file, of the right size; the oracle sees it deployed.
	let file = data.join("volumes").join(format!("contract-{first}.raw"));
	wait("the volume file", Duration::from_secs(60), || file.exists(), context);
	assert_eq!(std::fs::metadata(&file).unwrap().len(), 2 * GIB);
	wait(
		"the deployment on chain",
		Duration::from_secs(60),
		|| state_name(&cli, first).as_deref() == Some("deployed"),
		context,
	);

	// The agent stops; a second contract is made meanwhile; the agent comes back.
	agent.stop();
	let second = alice_creates(&cli, "1GiB", "ssd");
	agent.restart();
	let second_file = data.join("volumes").join(format!("contract-{second}.raw"));
	wait("the second volume", Duration::from_secs(60), || second_file.exists(), context);
	// Nothing lost, nothing duplicated: one file per contract, the first untouched.
	assert_eq!(
		volume_files(&data),
		vec![format!("contract-{first}.raw"), format!("contract-{second}.raw")]
	);
	assert_eq!(std::fs::metadata(&second_file).unwrap().len(), GIB);
	let log = agent.log();
	assert_eq!(log.matches(&format!("contract {first}: deployed")).count(), 1, "{log}");

	// The user cancels the first: the file goes, and once the last period is confirmed the
	// contract is settled and closed.
	let (code, _, err) = cli.run(&["--suri", "//Alice", "contract", "cancel", &first.to_string()]);
	assert_eq!(code, 0, "{err}");
	wait("the volume's removal", Duration::from_secs(60), || !file.exists(), context);
	wait(
		"the contract's settlement",
		Duration::from_secs(90),
		|| state_name(&cli, first).is_none(),
		context,
	);

	// Exact: what it was charged is its rate for every healthy block between its deployment and
	// its end, and the rest of the deposit came back.
	let books = Ledger::up_to_best(&node);
	let first_books = books.contract(first);
	let (deployed, (ended, _)) =
		(first_books.deployed.expect("deployed"), first_books.ended.expect("ended"));
	let healthy_blocks = books.healthy_blocks(0, deployed, ended);
	let (charged, owed) = first_books.closed.expect("closed");
	assert_eq!(owed, 0);
	assert_eq!(charged, first_books.rate * healthy_blocks);
	assert_eq!(charged, first_books.charged());
	assert!(healthy_blocks > 0);
	assert_eq!(first_books.refunded, sc4it_runtime::UNIT - charged);
	// Alice paid the fees of her four transactions, the first contract's charges, and has the
	// second contract's deposit and storage deposit on hold (the first's came back).
	let second_view = chain::contract(&node, second).expect("the second contract");
	let storage_deposit = sc4it_runtime::CONTRACT_DEPOSIT;
	assert!(storage_deposit > 0);
	assert_eq!(
		chain::free_balance(&node, &alice),
		free_before - books.fees_of(&alice) - charged - sc4it_runtime::UNIT - storage_deposit
	);
	assert_eq!(second_view.held + second_view.charged, sc4it_runtime::UNIT);
	agent.stop();
}

/// A wallet of the user's (polkadot.js, a script) submits a transaction, and the user runs the
/// CLI with the same account right after: the CLI takes its nonce from the node's pool
/// (`system_accountNextIndex`), so it is neither refused as outdated nor taken for a
/// replacement of the wallet's transaction. Each round checks, before the CLI starts, that the
/// finalized state's nonce (what the CLI took before) is behind the pool's.
#[test]
fn the_cli_signs_right_after_another_clients_transaction_of_the_same_account() {
	let dir = TempDir::new("nonce");
	let node = start_chain(dir.path(), free_port());
	let cli = Cli::of(&node);
	let id = alice_creates(&cli, "1GiB", "ssd");
	let alice = Sr25519Keyring::Alice.to_account_id();
	// What the contract was given: its funds and what was charged of them.
	let held = |node: &Node| chain::contract(node, id).map(|c| c.held + c.charged).unwrap_or(0);
	let before = held(&node);
	let tenth = sc4it_runtime::UNIT / 10;
	for round in 0..3u128 {
		let wallet = sc4it_runtime::RuntimeCall::Contracts(pallet_sc4it_contracts::Call::top_up {
			contract: id,
			amount: tenth,
		});
		chain::submit(&node, Sr25519Keyring::Alice, wallet).expect("the wallet's top-up");
		let finalized = node.finalized_number().expect("a finalized block");
		let (was, next) = (
			chain::nonce_at(&node, &alice, finalized),
			chain::pool_nonce(&node, &alice).expect("the pool's nonce"),
		);
		assert!(
			was < next,
			"round {round}: the finalized nonce {was} is not behind the pool's {next}"
		);
		let (code, _, err) = cli.run(&[
			"--suri",
			"//Alice",
			"contract",
			"top-up",
			&id.to_string(),
			"--amount",
			"0.1",
		]);
		assert_eq!(code, 0, "round {round}: the CLI's top-up right after the wallet's: {err}");
		// Both landed: the wallet's and the CLI's.
		wait(
			"both top-ups",
			Duration::from_secs(30),
			|| held(&node) >= before + 2 * tenth * (round + 1),
			|| node.tail(),
		);
	}
}

#[test]
fn bad_input_gets_a_clear_message_a_nonzero_exit_and_changes_nothing() {
	let dir = TempDir::new("e2e-bad");
	let node = start_chain(dir.path(), free_port());
	let cli = Cli::of(&node);
	let alice = Sr25519Keyring::Alice.to_account_id();
	let nonce = |n: &Node| n.rpc("system_accountNextIndex", json!([alice.to_string()])).unwrap();
	let (nonce_before, free_before) = (nonce(&node), chain::free_balance(&node, &alice));
	let create = |extra: &[&str]| {
		let mut args = vec!["contract", "create", "--disk", "ssd"];
		args.extend_from_slice(extra);
		cli.run(&args)
	};

	let cases: Vec<(Vec<&str>, i32, &str)> = vec![
		(
			vec!["--suri", "//Alice", "--node", "9", "--size", "1GiB", "--deposit", "1"],
			4,
			"UnknownNode",
		),
		(
			vec!["--suri", "//Alice", "--node", "0", "--size", "1GiB", "--deposit", "0.000001"],
			4,
			"DepositTooSmall",
		),
		(
			vec!["--suri", "//Alice", "--node", "0", "--size", "ten", "--deposit", "1"],
			2,
			"is not a size",
		),
		(
			vec!["--suri", "//Alice", "--node", "0", "--size", "1GiB", "--deposit", "1,5"],
			2,
			"is not an amount",
		),
	];
	for (args, code, message) in cases {
		let (got, json, stderr) = create(&args);
		assert_eq!(got, code, "{args:?}: {stderr}");
		assert!(stderr.contains(message), "{args:?}: {stderr}");
		assert_eq!(json["code"], json!(code), "{args:?}");
	}
	// A key file others can read is refused, by the CLI and by the agent.
	let open_key = secret_file(dir.path(), "open-key", "//Alice", 0o644);
	let (got, _, stderr) = create(&[
		"--key-file",
		open_key.to_str().unwrap(),
		"--node",
		"0",
		"--size",
		"1GiB",
		"--deposit",
		"1",
	]);
	assert_eq!(got, 2, "{stderr}");
	assert!(stderr.contains("chmod 600"), "{stderr}");
	let out = Command::new(workspace_binary("sc4it-agent"))
		.args(["--node", "0", "--node-key-file", open_key.to_str().unwrap()])
		.arg("--data-dir")
		.arg(dir.path().join("agent"))
		.output()
		.unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
	// An unreachable chain.
	let (got, _, stderr) =
		Cli::new("ws://127.0.0.1:1").run(&["--suri", "//Alice", "contract", "show", "0"]);
	assert_eq!(got, 3, "{stderr}");
	assert!(stderr.contains("cannot reach the chain"), "{stderr}");
	// A contract that does not exist.
	let (got, _, stderr) = cli.run(&["contract", "show", "77"]);
	assert_eq!(got, 5, "{stderr}");

	// Nothing was sent: no nonce used, no fee paid.
	assert_eq!(nonce(&node), nonce_before);
	assert_eq!(chain::free_balance(&node, &alice), free_before);
}

#[test]
fn a_volume_larger_than_the_disk_is_refused_and_the_contract_ends_with_a_full_refund() {
	let dir = TempDir::new("e2e-full");
	let port = free_port();
	let node = start_chain(dir.path(), port);
	let data = dir.path().join("agent-data");
	let cli = Cli::of(&node);
	let agent = Agent::start_demo_node(dir.path(), cli.url(), port, &data);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());
	let alice = Sr25519Keyring::Alice.to_account_id();
	let free_before = chain::free_balance(&node, &alice);
	// 4,000 GiB of HDD: the demo node offers it, this machine's disk does not have it.
	let id = alice_creates(&cli, "4000GiB", "hdd");
	wait("the contract's end", Duration::from_secs(90), || state_name(&cli, id).is_none(), context);
	assert!(agent.log().contains(&format!("contract {id}: refused: needs")), "{}", agent.log());
	assert!(volume_files(&data).is_empty());
	// Everything came back but the fee of the one transaction.
	let fees = Ledger::up_to_best(&node).fees_of(&alice);
	assert_eq!(chain::free_balance(&node, &alice), free_before - fees);
}

#[test]
fn the_agents_server_stays_up_under_many_concurrent_requests() {
	use std::io::{Read, Write};
	let dir = TempDir::new("e2e-load");
	let port = free_port();
	let key = secret_file(dir.path(), "node-key", "//Ferdie", 0o600);
	// No chain at all: the server must answer anyway (reports: 503 until synced).
	let (data, listen) = (dir.path().join("data"), format!("127.0.0.1:{port}"));
	let mut agent = Agent::start_with_args(
		[
			"--url",
			"ws://127.0.0.1:1",
			"--node",
			"0",
			"--node-key-file",
			key.to_str().unwrap(),
			"--data-dir",
			data.to_str().unwrap(),
			"--listen",
			listen.as_str(),
			// All 400 clients below come from 127.0.0.1: this test is about the bound in all and
			// the deadlines (one address's bound: agent/tests/flood.rs).
			"--max-connections-per-address",
			"4096",
		],
		None,
	);
	let get = |path: &str| -> Option<String> {
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
		stream.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
		write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").ok()?;
		let mut answer = String::new();
		stream.read_to_string(&mut answer).ok()?;
		Some(answer)
	};
	wait("the server", Duration::from_secs(20), || get("/health").is_some(), String::new);
	// 400 clients at once, half of them never finishing their request. No connection bound is
	// reached (4,096 by default), so every complete request is answered; the others are closed
	// by the server at its request deadline (2 s), before the clients give up (30 s).
	let threads: Vec<_> = (0..400)
		.map(|i| {
			std::thread::spawn(move || {
				let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
				stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
				let complete = i % 2 == 0;
				if complete {
					write!(stream, "GET /health HTTP/1.1\r\n\r\n").ok()?;
				} else {
					write!(stream, "GET /hea").ok()?;
				}
				let mut answer = String::new();
				let closed_by_server = match stream.read_to_string(&mut answer) {
					Ok(_) => true,
					Err(e) => !matches!(
						e.kind(),
						std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
					),
				};
				Some((complete, answer, closed_by_server))
			})
		})
		.collect();
	let answers: Vec<(bool, String, bool)> =
		threads.into_iter().filter_map(|t| t.join().ok().flatten()).collect();
	let served = answers.iter().filter(|(c, a, _)| *c && a.starts_with("HTTP/1.1 200")).count();
	assert_eq!(served, 200, "{served} of 200 complete requests served");
	let cut = answers.iter().filter(|(c, a, closed)| !*c && a.is_empty() && *closed).count();
	assert_eq!(cut, 200, "{cut} of 200 incomplete requests closed by the server unanswered");
	// Still up, and answering at once.
	assert!(get("/health").is_some_and(|a| a.starts_with("HTTP/1.1 200")));
	let report_path = sc4it_report::REPORT_PATH;
	assert!(get(report_path).is_some_and(|a| a.starts_with("HTTP/1.1 503")));
	assert!(get("/nope").is_some_and(|a| a.starts_with("HTTP/1.1 404")));
	assert!(get(&format!("{report_path}?at=x")).is_some_and(|a| a.starts_with("HTTP/1.1 400")));
	let raw = |request: &[u8]| -> String {
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
		stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
		let _ = stream.write_all(request);
		let mut answer = Vec::new();
		let _ = stream.read_to_end(&mut answer);
		String::from_utf8_lossy(&answer).into_owned()
	};
	assert!(raw(b"POST /health HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 405"));
	// A head past 8 KiB.
	let long = format!("GET /health HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n", "a".repeat(9000));
	assert!(raw(long.as_bytes()).starts_with("HTTP/1.1 431"));
	assert!(agent.is_running(), "the agent exited");
	agent.stop();
}
