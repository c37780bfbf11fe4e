//! Alerts on real processes: a dev node, a farmer's agent, the indexer, a webhook receiver (a
//! real HTTP server) and Debian's aiosmtpd as the mail server. A contract with a small deposit
//! is warned, goes into grace and ends; its owner's webhook and mailbox get each of the three
//! alerts once, across a kill of the indexer between them and a failed first attempt, each
//! webhook signed by the indexer's key. Strangers cannot subscribe, unsubscribe or list an
//! account, nor replay its requests, nor send a webhook into the indexer's own network.

use sc4it_testkit::{chain, *};
use sp_core::{crypto::Ss58Codec, Pair};
use sp_keyring::Sr25519Keyring;
use std::{sync::Arc, time::Duration};

/// The alerts of contract `id` the receiver was sent and answered with 200, by event name.
fn delivered(receiver: &WebhookReceiver, id: u64) -> Vec<String> {
	receiver
		.received()
		.iter()
		.filter(|r| r.status == 200 && r.json()["contract"].as_u64() == Some(id))
		.map(|r| r.json()["event"].as_str().unwrap_or_default().to_string())
		.collect()
}

/// A request about `account`'s alerts signed by `signer`, as a wallet's `signRaw` signs.
fn signed(signer: Sr25519Keyring, request: &Value) -> Value {
	let payload = request.to_string();
	let signature = signer.pair().sign(format!("<Bytes>{payload}</Bytes>").as_bytes());
	json!({ "payload": payload, "signature": format!("0x{}", hex(&signature.0)) })
}

#[test]
fn alerts_reach_their_owner_once_each_and_nobody_else_can_subscribe() {
	let dir = TempDir::new("alerts");
	let spec = chain::dev_spec_with_demo_url(dir.path(), "http://127.0.0.1:9");
	let node = Node::start_chain("node", dir.path(), &spec);
	let cli = Cli::of(&node);
	// Short periods, so that a contract's whole life fits in a test.
	let policy = pallet_sc4it_contracts::BillingPolicy {
		min_deposit_blocks: 10,
		low_runway_blocks: 10,
		grace_period_blocks: 15,
		max_node_downtime_blocks: 60,
		payout_period_blocks: 20,
	};
	let call = chain::council_motion(sc4it_runtime::RuntimeCall::Contracts(
		pallet_sc4it_contracts::Call::set_policy { policy },
	));
	chain::submit(&node, Sr25519Keyring::Alice, call).unwrap();
	let farm = cli.run_ok(&["--suri", "//Dave", "farm", "create", "--name", "alerts-farm"])
		["created"]
		.as_u64()
		.unwrap() as u32;
	let key = dir.path().join("node.key");
	let port = free_port();
	let grid_node =
		cli.register_node("//Dave", farm, &key, &format!("http://127.0.0.1:{port}"), "100GiB");
	let data = dir.path().join("agent");
	let agent = Agent::start_node(cli.url(), grid_node, &key, &data, port, None);
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());
	let rate = chain::dev_ssd_rate_per_gib_block();
	let create = |blocks: u128| {
		cli.run_ok(&[
			"--suri",
			"//Ferdie",
			"contract",
			"create",
			"--node",
			&grid_node.to_string(),
			"--size",
			"1GiB",
			"--disk",
			"ssd",
			"--deposit",
			&format!("{}planck", (blocks + 15) * rate),
		])["created"]
			.as_u64()
			.unwrap()
	};
	// Ferdie's first contract, long-lived: what makes his account one the index can alert.
	let long = create(1_000);

	// The receiver fails the first attempt of the grace alert: it must come again.
	let receiver = WebhookReceiver::start_with(Arc::new(|before: &[Received], body: &Value| {
		let first_grace = body["event"] == "GracePeriodStarted"
			&& !before.iter().any(|r| r.json()["event"] == "GracePeriodStarted");
		if first_grace {
			503
		} else {
			200
		}
	}));
	let mail = MailServer::start(dir.path());
	let sqlite = format!("sqlite:{}", dir.path().join("index.db").display());
	let mut indexer = Indexer::start_with_args(
		"indexer",
		&node.ws_url(),
		&sqlite,
		dir.path(),
		&["--alerts-allow-private", "--smtp-url", &mail.url(), "--smtp-from", "alerts@grid.test"],
	);
	let url = indexer.url();
	let indexed = |id: u64| indexer.get(&format!("/api/contracts/{id}")).is_ok_and(|r| r.0 == 200);
	wait("the first contract indexed", Duration::from_secs(90), || indexed(long), context);

	// Strangers. Bob has nothing the index could alert him of: refused (exit 4).
	let (code, _, stderr) = cli.run_text(&[
		"--indexer",
		&url,
		"--suri",
		"//Bob",
		"alerts",
		"subscribe",
		"--webhook",
		&receiver.url("/bob"),
	]);
	assert_eq!(code, 4, "{stderr}");
	assert!(stderr.contains("no contract or farm"), "{stderr}");
	let key: Value = indexer.get_json("/api/alerts/key");
	let ferdie = Sr25519Keyring::Ferdie.to_account_id().to_ss58check();
	let request = |action: &str, nonce: &str, chain: &Value| {
		json!({
			"action": action,
			"account": ferdie,
			"chain": chain,
			"indexer": key["key"],
			"webhook": receiver.url("/stolen"),
			"nonce": nonce,
			"expires_ms": std::time::SystemTime::now()
				.duration_since(std::time::UNIX_EPOCH)
				.unwrap()
				.as_millis() as u64 + 60_000,
		})
	};
	// Bob signs a subscription of Ferdie's account: refused.
	let forged = signed(Sr25519Keyring::Bob, &request("subscribe", "n1", &key["chain"]));
	let (status, body) = indexer.post("/api/alerts", &forged).unwrap();
	assert_eq!(status, 403, "{body}");
	// Ferdie's own request, signed for another chain: refused.
	let other_chain = json!(format!("0x{}", "11".repeat(32)));
	let elsewhere = signed(Sr25519Keyring::Ferdie, &request("subscribe", "n2", &other_chain));
	assert_eq!(indexer.post("/api/alerts", &elsewhere).unwrap().0, 403);
	// Ferdie's own listing, taken once; the same request again (a replay) is refused.
	let listing = signed(Sr25519Keyring::Ferdie, &request("list", "n3", &key["chain"]));
	let (status, body) = indexer.post("/api/alerts", &listing).unwrap();
	assert_eq!(status, 200, "{body}");
	assert_eq!(indexer.post("/api/alerts", &listing).unwrap().0, 403, "a replay");
	// An indexer that calls public addresses only refuses a webhook on this machine.
	let strict_db = format!("sqlite:{}", dir.path().join("strict.db").display());
	let strict = Indexer::start("strict", &node.ws_url(), &strict_db, dir.path());
	let strict_url = strict.url();
	wait(
		"the strict indexer",
		Duration::from_secs(90),
		|| strict.get(&format!("/api/contracts/{long}")).is_ok_and(|r| r.0 == 200),
		context,
	);
	for private in [receiver.url("/hook"), format!("http://localhost:{}/hook", receiver.port)] {
		let (code, _, stderr) = cli.run_text(&[
			"--indexer",
			&strict_url,
			"--suri",
			"//Ferdie",
			"alerts",
			"subscribe",
			"--webhook",
			&private,
		]);
		assert_eq!(code, 2, "{private}: {stderr}");
		assert!(stderr.contains("not a public address"), "{stderr}");
	}
	drop(strict);

	// Ferdie subscribes, then creates a contract that runs out.
	let subscribed = cli.run_ok(&[
		"--indexer",
		&url,
		"--suri",
		"//Ferdie",
		"alerts",
		"subscribe",
		"--webhook",
		&receiver.url("/hook"),
		"--email",
		"ferdie@grid.test",
	]);
	assert_eq!(subscribed["subscriptions"].as_array().map(Vec::len), Some(2), "{subscribed}");
	let short = create(12);

	// While it runs: warned; the indexer killed; grace (its first attempt failed); the end.
	wait(
		"the low-runway webhook",
		Duration::from_secs(180),
		|| delivered(&receiver, short).contains(&"LowRunway".to_string()),
		|| format!("{}\n{}", indexer.log(), context()),
	);
	indexer.kill();
	indexer.restart();
	wait(
		"the grace and end webhooks",
		Duration::from_secs(240),
		|| delivered(&receiver, short).contains(&"ContractDeleted".to_string()),
		|| format!("{:?}\n{}\n{}", delivered(&receiver, short), indexer.log(), context()),
	);
	assert_eq!(
		delivered(&receiver, short),
		["LowRunway", "GracePeriodStarted", "ContractDeleted"],
		"each once, in order"
	);
	let attempts: Vec<Received> = receiver
		.received()
		.into_iter()
		.filter(|r| r.json()["contract"].as_u64() == Some(short))
		.collect();
	assert_eq!(attempts.len(), 4, "the grace alert twice (503, then 200), the others once");

	// Each is what the chain said, signed by the key the indexer publishes.
	let books = Ledger::up_to_best(&node);
	let public = sp_core::ed25519::Public::from_raw(
		unhex(key["key"].as_str().unwrap()).unwrap().try_into().expect("32 bytes"),
	);
	for received in attempts.iter().filter(|r| r.status == 200) {
		let body = received.json();
		let (t, signature) = received.headers["x-sc4it-signature"]
			.split_once(",ed25519=")
			.expect("t=...,ed25519=...");
		let mut message = format!("{}.", t.trim_start_matches("t=")).into_bytes();
		message.extend_from_slice(&received.body);
		let signature = sp_core::ed25519::Signature::from_raw(
			unhex(signature).unwrap().try_into().expect("64 bytes"),
		);
		assert!(sp_core::ed25519::Pair::verify(&signature, &message, &public), "{body}");
		assert_eq!(body["account"], ferdie);
		let block = body["block"].as_u64().unwrap();
		let on_chain = books.find_with_block(|event| match event {
			sc4it_runtime::RuntimeEvent::Contracts(e) => {
				let (name, contract) = match e {
					pallet_sc4it_contracts::Event::LowRunway { contract, .. } => {
						("LowRunway", contract)
					},
					pallet_sc4it_contracts::Event::GracePeriodStarted { contract, .. } => {
						("GracePeriodStarted", contract)
					},
					pallet_sc4it_contracts::Event::ContractDeleted { contract, .. } => {
						("ContractDeleted", contract)
					},
					_ => return None,
				};
				(*contract == short && body["event"] == name).then_some(())
			},
			_ => None,
		});
		assert_eq!(on_chain.iter().map(|(b, _)| *b).collect::<Vec<_>>(), [block], "{body}");
	}
	assert_eq!(
		books.contract(short).ended.map(|(_, why)| why),
		Some(pallet_sc4it_contracts::DeleteReason::OutOfFunds)
	);

	// The mails: each alert once, to Ferdie's address.
	wait(
		"three mails",
		Duration::from_secs(60),
		|| mail.messages().len() >= 3,
		|| format!("{:?}\n{}", mail.messages(), indexer.log()),
	);
	let subjects: Vec<String> =
		mail.messages().iter().filter_map(|m| m.header("subject")).collect();
	assert_eq!(
		subjects,
		[
			format!("sc4it: LowRunway on contract {short}"),
			format!("sc4it: GracePeriodStarted on contract {short}"),
			format!("sc4it: ContractDeleted on contract {short}"),
		]
	);
	assert!(mail.messages().iter().all(|m| m.header("to").as_deref() == Some("ferdie@grid.test")));

	// The listing shows the deliveries; after unsubscribing, the long contract's end is
	// delivered nowhere.
	let listed = cli.run_ok(&["--indexer", &url, "--suri", "//Ferdie", "alerts", "list"]);
	let deliveries = listed["deliveries"].as_array().expect("deliveries");
	let grace_webhook = deliveries
		.iter()
		.find(|d| d["event"] == "GracePeriodStarted" && d["channel"] == "webhook")
		.expect("the grace webhook listed");
	assert_eq!(
		(grace_webhook["state"].as_str(), grace_webhook["attempts"].as_u64()),
		(Some("sent"), Some(2))
	);
	// The README's session (subscribe, list, unsubscribe), as Ferdie and to this receiver.
	let marker = "<!-- alerts-session -->";
	let script = readme::session(marker)
		.replace("//Alice", "//Ferdie")
		.replace("http://127.0.0.1:9099/sc4it", &receiver.url("/hook"));
	let home = dir.path().join("home");
	std::fs::create_dir_all(&home).unwrap();
	readme::run_script(
		marker,
		&script,
		&home,
		&[("SC4IT_URL", &node.ws_url()), ("SC4IT_INDEXER", &url)],
	);
	let listed = cli.run_ok(&["--indexer", &url, "--suri", "//Ferdie", "alerts", "list"]);
	assert_eq!(listed["subscriptions"], json!([]), "unsubscribed: {listed}");
	cli.run_ok(&["--suri", "//Ferdie", "contract", "cancel", &long.to_string()]);
	let ended_in_index = || {
		indexer.get_json(&format!("/api/accounts/{ferdie}/alerts")).as_array().is_some_and(|a| {
			a.iter().any(|x| x["contract"] == long && x["event"] == "ContractDeleted")
		})
	};
	wait("the long contract's end indexed", Duration::from_secs(90), ended_in_index, context);
	std::thread::sleep(Duration::from_secs(3));
	assert!(delivered(&receiver, long).is_empty(), "nothing after unsubscribing");
	assert!(receiver.received().iter().all(|r| r.path == "/hook"), "nothing to a forged target");
}
