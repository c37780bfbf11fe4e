//! The whole loop on real processes: a dev node (consensus, oracle), a farmer who registers a
//! farm and a node with the CLI and runs its agent, and two users. One contract is deployed,
//! billed per block, paid out to the farm less the fee, topped up, cancelled and refunded to the
//! planck; the other runs out of funds: low-runway warning, grace with a read-only volume,
//! decommission, volume removed, debt recorded. At the end, the books are checked over the
//! chain's own record: issuance, every contract's money, the farm's payouts.

use sc4it_runtime::Balance;
use sc4it_testkit::{chain, *};
use sp_keyring::Sr25519Keyring;
use sp_runtime::Perbill;
use std::time::Duration;

#[test]
fn the_whole_loop_bills_pays_out_refunds_and_decommissions_with_the_books_balanced() {
	let dir = TempDir::new("loop");
	let spec = chain::dev_spec_with_demo_url(dir.path(), "http://127.0.0.1:9");
	let mut node = Node::start_chain("node", dir.path(), &spec);
	let cli = Cli::of(&node);
	let issuance_at_start = chain::total_issuance(&node);

	// Shorter periods than the dev chain's, so that a contract's whole life fits in a test:
	// the council (Alice alone on the dev chain) sets the billing policy.
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

	// The farmer: a farm, a node key, the node on chain, its agent.
	let dave = "//Dave";
	let farm = cli.run_ok(&["--suri", dave, "farm", "create", "--name", "loop-farm"])["created"]
		.as_u64()
		.unwrap() as u32;
	let key = dir.path().join("node.key");
	let port = free_port();
	let grid_node =
		cli.register_node(dave, farm, &key, &format!("http://127.0.0.1:{port}"), "100GiB");
	let data = dir.path().join("agent");
	let log = dir.path().join("agent.log");
	let agent = Agent::start_node(cli.url(), grid_node, &key, &data, port, Some(&log));
	let context = || format!("agent log:\n{}\nnode log:\n{}", agent.log(), node.tail());

	// Two users: Eve for 300 blocks of 2 GiB, Ferdie for 12 blocks of 1 GiB; each deposit
	// holds the grace reserve (15 blocks) beside.
	let planck = |p: Balance| format!("{p}planck");
	let rate_per_gib = chain::dev_ssd_rate_per_gib_block();
	let rate_a = 2 * rate_per_gib;
	let rate_b = rate_per_gib;
	let n = grid_node.to_string();
	let a = cli.run_ok(&[
		"--suri",
		"//Eve",
		"contract",
		"create",
		"--node",
		&n,
		"--size",
		"2GiB",
		"--disk",
		"ssd",
		"--deposit",
		&planck((300 + 15) * rate_a),
	])["created"]
		.as_u64()
		.unwrap();
	let b = cli.run_ok(&[
		"--suri",
		"//Ferdie",
		"contract",
		"create",
		"--node",
		&n,
		"--size",
		"1GiB",
		"--disk",
		"ssd",
		"--deposit",
		&planck((12 + 15) * rate_b),
	])["created"]
		.as_u64()
		.unwrap();
	let file_a = data.join("volumes").join(format!("contract-{a}.raw"));
	let file_b = data.join("volumes").join(format!("contract-{b}.raw"));
	let state = |id: u64| chain::contract(&node, id).map(|c| c.state);
	wait("both volumes", Duration::from_secs(60), || file_a.exists() && file_b.exists(), context);
	wait(
		"both deployed",
		Duration::from_secs(60),
		|| {
			[a, b].iter().all(|id| {
				matches!(state(*id), Some(pallet_sc4it_contracts::ContractState::Deployed))
			})
		},
		context,
	);

	// B runs out: grace, its volume read-only, then decommissioned and removed.
	wait(
		"B's grace period",
		Duration::from_secs(120),
		|| matches!(state(b), Some(pallet_sc4it_contracts::ContractState::GracePeriod { .. })),
		context,
	);
	wait(
		"B's volume read-only",
		Duration::from_secs(30),
		|| std::fs::metadata(&file_b).is_ok_and(|m| m.permissions().readonly()),
		context,
	);
	wait("B's decommission and removal", Duration::from_secs(120), || !file_b.exists(), context);
	wait("B settled", Duration::from_secs(60), || state(b).is_none(), context);

	// A payout round has passed: the farm was paid.
	wait(
		"a payout to the farm",
		Duration::from_secs(120),
		|| chain::farm_ledger(&node, farm).paid > 0,
		context,
	);
	// Eve tops A up, then cancels it.
	cli.run_ok(&[
		"--suri",
		"//Eve",
		"contract",
		"top-up",
		&a.to_string(),
		"--amount",
		&planck(50 * rate_a),
	]);
	cli.run_ok(&["--suri", "//Eve", "contract", "cancel", &a.to_string()]);
	wait("A's volume removed", Duration::from_secs(60), || !file_a.exists(), context);
	wait("A settled", Duration::from_secs(90), || state(a).is_none(), context);
	// Both contracts are settled: nothing more can be charged, so once a payout round has
	// collected the node's earnings and paid what is pending, everything they paid has reached
	// the farm.
	wait(
		"the last payout",
		Duration::from_secs(120),
		|| {
			chain::node_earnings(&node, grid_node) == 0
				&& chain::farm_ledger(&node, farm).pending == 0
		},
		context,
	);

	// The books, from the chain's own record.
	let books = Ledger::up_to_best(&node);
	let healthy_between = |from: u32, to: u32| books.healthy_blocks(grid_node, from, to);
	// The health timeline of the node is contiguous: every block billed once, never twice.
	books.assert_contiguous(grid_node);
	let (fees, farm_paid) = (books.total_fees(), books.farm_paid(farm));

	let book_a = &books.contract(a);
	let book_b = &books.contract(b);
	// A: billed exactly its rate for every healthy block from deployment to cancellation, paid in
	// full, and the rest of the deposit and the top-up came back.
	let (a_from, (a_to, a_reason)) = (book_a.deployed.unwrap(), book_a.ended.unwrap());
	assert_eq!(a_reason, pallet_sc4it_contracts::DeleteReason::CanceledByUser);
	assert_eq!(book_a.charged(), rate_a * healthy_between(a_from, a_to));
	assert_eq!(book_a.closed, Some((book_a.charged(), 0)));
	assert_eq!(book_a.refunded, book_a.deposit + book_a.topped_up - book_a.charged());
	assert!(!book_a.low_runway && !book_a.grace);
	// B: warned, into grace, decommissioned for lack of funds; its deposit all charged, the grace
	// blocks paid from its reserve: only the blocks the chain learnt of late (less than a report
	// span) can be owed. Before the reserve, all its grace blocks were debt.
	let (b_from, (b_to, b_reason)) = (book_b.deployed.unwrap(), book_b.ended.unwrap());
	assert_eq!(b_reason, pallet_sc4it_contracts::DeleteReason::OutOfFunds);
	assert!(book_b.low_runway && book_b.grace);
	assert_eq!(book_b.charged(), book_b.deposit);
	assert_eq!(book_b.refunded, 0);
	let (charged, owed) = book_b.closed.unwrap();
	assert_eq!(charged + owed, rate_b * healthy_between(b_from, b_to));
	assert_eq!(book_b.debt, owed);
	assert!(owed <= rate_b * 10, "B's grace was paid from its reserve: {owed} owed");
	assert_eq!(chain::debt(&node, &Sr25519Keyring::Ferdie.to_account_id(), farm), owed);

	// The farm received exactly what its contracts paid, less the protocol fee of each charge.
	let fee = Perbill::from_percent(10);
	let for_farm: Balance =
		[book_a, book_b].iter().flat_map(|b| b.charges.iter()).map(|c| c - fee.mul_floor(*c)).sum();
	assert_eq!(farm_paid, for_farm);
	assert_eq!(chain::farm_ledger(&node, farm).paid, for_farm);

	// Nothing created, nothing lost: only the fees were burned.
	assert_eq!(chain::total_issuance(&node), issuance_at_start - fees);
	// Every user's money: what they had, less fees, less what their contracts were charged.
	for (user, book) in [(Sr25519Keyring::Eve, book_a), (Sr25519Keyring::Ferdie, book_b)] {
		let account = user.to_account_id();
		let fees = books.fees_of(&account);
		assert_eq!(
			chain::free_balance(&node, &account),
			sc4it_runtime::genesis_config_presets::ENDOWMENT - fees - book.charged(),
			"{user:?}"
		);
	}
	// The farmer: what he had, less fees and the deposits of his farm and node (on hold while
	// they exist), plus what his farm was paid.
	let dave = Sr25519Keyring::Dave.to_account_id();
	let dave_fees = books.fees_of(&dave);
	let deposits = sc4it_runtime::grid_deposits();
	assert_eq!(
		chain::free_balance(&node, &dave),
		sc4it_runtime::genesis_config_presets::ENDOWMENT - dave_fees + farm_paid
			- deposits.farm
			- deposits.node
	);
	node.kill();
}
