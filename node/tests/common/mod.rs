//! Test harness: starts the real `sc4it-node` binary on free loopback ports, talks JSON-RPC to it
//! over plain HTTP, and kills it when dropped. No mocks: real consensus, real database, real wasm.

#![allow(dead_code)]

use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

pub use serde_json::{json, Value};

/// A binary of this workspace, from the target directory the test itself was built in
/// (`target/<profile>/deps/<test>` → `target/<profile>/<name>`): the node's tests and the
/// agent's end-to-end tests share this harness.
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

pub fn binary() -> PathBuf {
	workspace_binary("sc4it-node")
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap()
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

/// A child process (an agent, say), killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// A running node. Its output goes to a log file that a failing test prints.
pub struct Node {
	pub name: String,
	pub rpc_port: u16,
	pub p2p_port: u16,
	child: Option<Child>,
	log: PathBuf,
}

impl Node {
	/// The node process's id.
	pub fn pid(&self) -> u32 {
		self.child.as_ref().map(|c| c.id()).unwrap_or(0)
	}

	/// A one-validator chain from the chain spec at `spec` (Alice authoring, and as the oracle;
	/// state in a temporary directory), once it has made its first block. A custom spec is
	/// not a development chain, so the node needs a network key: a fixed one (the tests' nodes
	/// never peer).
	pub fn start_chain(name: &str, dir: &Path, spec: &Path) -> Node {
		let mut node = Self::start(
			name,
			dir,
			&[
				"--chain",
				spec.to_str().expect("a UTF-8 path"),
				"--alice",
				"--force-authoring",
				"--tmp",
				"--node-key",
				"0000000000000000000000000000000000000000000000000000000000000011",
			],
		);
		node.wait_for("block 1", Duration::from_secs(120), |n| n.best_number().unwrap_or(0) >= 1);
		node
	}

	/// Starts `sc4it-node` with `args`, plus free RPC, P2P and Prometheus ports.
	pub fn start(name: &str, dir: &Path, args: &[&str]) -> Node {
		Self::start_with_rpc_port(name, dir, args, free_port())
	}

	/// The same with a given RPC port: a node restarted on it keeps its clients' URL.
	pub fn start_with_rpc_port(name: &str, dir: &Path, args: &[&str], rpc_port: u16) -> Node {
		let p2p_port = free_port();
		let prometheus_port = free_port();
		let log = dir.join(format!("{name}.log"));
		let out = std::fs::File::create(&log).unwrap();
		let child = Command::new(binary())
			.args(args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns", "--rpc-methods", "unsafe"])
			.stdout(Stdio::null())
			.stderr(out)
			.spawn()
			.expect("the node binary starts");
		Node { name: name.into(), rpc_port, p2p_port, child: Some(child), log }
	}

	/// Calls a JSON-RPC method; `Err` carries the connection or RPC error.
	pub fn rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		rpc_call(self.rpc_port, method, params)
	}

	pub fn best_number(&self) -> Option<u64> {
		let header = self.rpc("chain_getHeader", json!([])).ok()?;
		hex_number(header.get("number")?)
	}

	pub fn finalized_number(&self) -> Option<u64> {
		let hash = self.rpc("chain_getFinalizedHead", json!([])).ok()?;
		let header = self.rpc("chain_getHeader", json!([hash])).ok()?;
		hex_number(header.get("number")?)
	}

	pub fn peers(&self) -> Option<u64> {
		self.rpc("system_health", json!([])).ok()?.get("peers")?.as_u64()
	}

	/// Calls a runtime API function with SCALE-encoded arguments; returns the SCALE result.
	pub fn state_call(&self, function: &str, args: &[u8]) -> Result<Vec<u8>, String> {
		let result = self.rpc("state_call", json!([function, format!("0x{}", hex(args))]))?;
		unhex(result.as_str().ok_or("state_call result is not a string")?)
	}

	/// Kills the node (SIGKILL: the harshest stop) and waits for it.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	pub fn is_running(&mut self) -> bool {
		match self.child.as_mut() {
			Some(child) => child.try_wait().map(|status| status.is_none()).unwrap_or(false),
			None => false,
		}
	}

	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// Waits until `condition` holds, or fails the test with the node's log.
	pub fn wait_for(
		&mut self,
		what: &str,
		timeout: Duration,
		mut condition: impl FnMut(&Node) -> bool,
	) {
		let start = Instant::now();
		while start.elapsed() < timeout {
			if condition(self) {
				return;
			}
			assert!(
				self.is_running(),
				"{} exited while waiting for {what}; log:\n{}",
				self.name,
				self.tail()
			);
			std::thread::sleep(Duration::from_millis(250));
		}
		panic!(
			"{}: timed out after {timeout:?} waiting for {what}; log:\n{}",
			self.name,
			self.tail()
		);
	}

	/// The last lines of the node's log.
	pub fn tail(&self) -> String {
		let log = self.log();
		let lines: Vec<_> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

fn rpc_call(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
	let request = format!(
		// Outside `--dev` the server checks the Host header, port included.
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let json = response.split("\r\n\r\n").nth(1).ok_or("no HTTP body")?;
	let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
	if let Some(error) = value.get("error") {
		return Err(error.to_string());
	}
	value.get("result").cloned().ok_or_else(|| format!("no result: {value}"))
}

fn hex_number(v: &Value) -> Option<u64> {
	u64::from_str_radix(v.as_str()?.trim_start_matches("0x"), 16).ok()
}

pub fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
		.collect()
}

/// Runs the binary to completion with `args`; returns (success, stdout, stderr).
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

pub fn run_to_end(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(binary()).args(args).output().expect("the node binary runs");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

/// The README's shell sessions, run as written.
pub mod readme {
	use std::{
		path::Path,
		process::{Command, Stdio},
	};

	/// The shell block that follows `marker` (an HTML comment) in the README.
	pub fn session(marker: &str) -> String {
		let readme =
			std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
				.expect("README.md");
		let after = &readme[readme.find(marker).unwrap_or_else(|| panic!("{marker} in README"))..];
		let start = after.find("```sh\n").expect("a sh block") + "```sh\n".len();
		let end = after[start..].find("```").expect("the block's end");
		after[start..start + end].to_string()
	}

	/// Runs the session after `marker` with `bash -euo pipefail`, the workspace's binaries first
	/// on the PATH, an empty HOME (so the README's own PATH line cannot pick up other builds) and
	/// `env`, for at most 20 minutes; panics with its output when it fails.
	pub fn run(marker: &str, home: &Path, env: &[(&str, &str)]) {
		let bin_dir = super::workspace_binary("sc4it").parent().expect("a directory").to_path_buf();
		let out = Command::new("timeout")
			.args(["1200", "bash", "-euo", "pipefail", "-c", &session(marker)])
			.env(
				"PATH",
				format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()),
			)
			.env("HOME", home)
			.envs(env.iter().copied())
			.stdin(Stdio::null())
			.output()
			.expect("bash runs");
		assert!(
			out.status.success(),
			"the README's session {marker} failed ({}):\nstdout:\n{}\nstderr:\n{}",
			out.status,
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
	}
}

/// Chain access with the runtime's own types: signed extrinsics, storage, runtime APIs.
pub mod chain {
	use super::*;
	use codec::{Decode, Encode};
	use sc4it_runtime::{
		AccountId, Balance, BlockNumber, Hash, RuntimeCall, RuntimeEvent, SignedPayload,
		TxExtension, UncheckedExtrinsic, VERSION,
	};
	use sp_io::hashing::{blake2_128, twox_128};
	use sp_keyring::Sr25519Keyring;
	use sp_runtime::{generic::Era, MultiAddress};

	pub type ContractView = pallet_sc4it_contracts::ContractView<AccountId, Balance, BlockNumber>;
	pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

	fn hash_of(node: &Node, number: Option<u64>) -> Result<Hash, String> {
		let params = match number {
			Some(n) => json!([n]),
			None => json!([]),
		};
		let hash = node.rpc("chain_getBlockHash", params)?;
		let bytes = unhex(hash.as_str().ok_or("no block hash")?)?;
		Hash::decode(&mut &bytes[..]).map_err(|e| e.to_string())
	}

	/// Signs `call` as `who` (immortal, next nonce) and submits it to the node's pool.
	pub fn submit(node: &Node, who: Sr25519Keyring, call: RuntimeCall) -> Result<(), String> {
		let account = who.to_account_id();
		let nonce = node
			.rpc("system_accountNextIndex", json!([account.to_string()]))?
			.as_u64()
			.ok_or("no nonce")? as u32;
		let genesis = hash_of(node, Some(0))?;
		submit_with_nonce(node, who, call, nonce, genesis)
	}

	/// A motion of a one-member council (the dev chain's: Alice) that runs `call` at once: a
	/// proposal with threshold one executes when proposed, and one of one member is two thirds.
	pub fn council_motion(call: RuntimeCall) -> RuntimeCall {
		let length_bound = call.encoded_size() as u32;
		RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: 1,
			proposal: Box::new(call),
			length_bound,
		})
	}

	/// A motion of a one-member council that runs `call` as Root (see [`council_motion`]).
	pub fn council_motion_as_root(call: RuntimeCall) -> RuntimeCall {
		council_motion(RuntimeCall::Governance(pallet_sc4it_governance::Call::dispatch_as_root {
			call: Box::new(call),
		}))
	}

	/// A motion carried by the council of a multi-member chain: `proposer` proposes `call` with
	/// a threshold of `1 + voters.len()`, the proposer and the voters vote aye (proposing is not
	/// voting), and `closer` (anyone) closes it. Each step waits for the previous one to be in a
	/// block.
	pub fn carried_motion(
		node: &mut Node,
		proposer: Sr25519Keyring,
		voters: &[Sr25519Keyring],
		closer: Sr25519Keyring,
		call: RuntimeCall,
	) {
		use frame_support::dispatch::GetDispatchInfo;
		use sp_runtime::traits::Hash as _;
		let length_bound = call.encoded_size() as u32;
		let proposal_weight_bound = call.get_dispatch_info().call_weight;
		let hash = <sc4it_runtime::Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let index: u32 = storage(node, &plain_key("Council", "ProposalCount"), None).unwrap_or(0);
		let threshold = 1 + voters.len() as u32;
		let propose = RuntimeCall::Council(pallet_collective::Call::propose {
			threshold,
			proposal: Box::new(call),
			length_bound,
		});
		submit(node, proposer, propose).unwrap();
		// pallet-collective's `Votes`, whose fields are private to it.
		#[derive(Decode)]
		struct Votes {
			_index: u32,
			_threshold: u32,
			ayes: Vec<AccountId>,
			_nays: Vec<AccountId>,
			_end: BlockNumber,
		}
		let votes = |node: &Node| -> u32 {
			let mut key = plain_key("Council", "Voting");
			key.extend(hash.encode());
			storage::<Votes>(node, &key, None).map_or(0, |v| v.ayes.len() as u32)
		};
		let open = |node: &Node| -> bool {
			storage::<Vec<Hash>>(node, &plain_key("Council", "Proposals"), None)
				.unwrap_or_default()
				.contains(&hash)
		};
		node.wait_for("the motion", Duration::from_secs(60), |n| open(n));
		for voter in std::iter::once(&proposer).chain(voters) {
			let vote = RuntimeCall::Council(pallet_collective::Call::vote {
				proposal: hash,
				index,
				approve: true,
			});
			submit(node, *voter, vote).unwrap();
		}
		node.wait_for("the votes", Duration::from_secs(60), |n| votes(n) >= threshold);
		let close = RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound,
			length_bound,
		});
		assert!(open(node), "the motion is open until closed");
		submit(node, closer, close).unwrap();
		node.wait_for("the motion closed", Duration::from_secs(60), |n| !open(n));
	}

	/// The genesis hash, which every signed extrinsic, node report and authority batch names.
	pub fn genesis_hash(node: &Node) -> Result<Hash, String> {
		hash_of(node, Some(0))
	}

	/// The runtime's transaction extensions for an immortal transaction with `nonce` (which an
	/// unsigned, authorized transaction ignores).
	fn immortal_extension(nonce: u32) -> TxExtension {
		(
			frame_system::AuthorizeCall::new(),
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		)
	}

	/// `who` creates a contract for `size_gib` GiB of SSD on the demo node (node 0), with
	/// `deposit` on hold; submitted, not waited for.
	pub fn create_ssd_contract(node: &Node, who: Sr25519Keyring, size_gib: u64, deposit: Balance) {
		let call = RuntimeCall::Contracts(pallet_sc4it_contracts::Call::create_contract {
			node: 0,
			volume: sc4it_primitives::Volume {
				size_gib,
				disk_type: sc4it_primitives::DiskType::Ssd,
			},
			deposit,
		});
		submit(node, who, call).expect("the contract's creation is submitted");
	}

	/// Submits an oracle call as the runtime's offchain worker would: an authorized general
	/// transaction, no signer, no fee (the call carries the authority's own signature).
	pub fn submit_authorized(node: &Node, call: RuntimeCall) -> Result<(), String> {
		let xt = UncheckedExtrinsic::new_transaction(call, immortal_extension(0));
		node.rpc("author_submitExtrinsic", json!([format!("0x{}", hex(&xt.encode()))])).map(|_| ())
	}

	/// [`submit`] with the nonce given: many transactions of one account without waiting.
	pub fn submit_with_nonce(
		node: &Node,
		who: Sr25519Keyring,
		call: RuntimeCall,
		nonce: u32,
		genesis: Hash,
	) -> Result<(), String> {
		let account = who.to_account_id();
		let extension = immortal_extension(nonce);
		// What the extensions add to the signed payload without carrying it: versions and the
		// genesis hash (twice: the genesis check, and the era's birth block of an immortal era).
		let implicit = (
			(),
			(),
			VERSION.spec_version,
			VERSION.transaction_version,
			genesis,
			genesis,
			(),
			(),
			(),
			(),
		);
		let payload = SignedPayload::from_raw(call, extension, implicit);
		let signature = payload.using_encoded(|bytes| who.sign(bytes));
		let (call, extension, _) = payload.deconstruct();
		let xt = UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(account),
			signature.into(),
			extension,
		);
		node.rpc("author_submitExtrinsic", json!([format!("0x{}", hex(&xt.encode()))])).map(|_| ())
	}

	/// A storage value at the best block (or at block `number`), SCALE-decoded.
	pub fn storage<T: Decode>(node: &Node, key: &[u8], number: Option<u64>) -> Option<T> {
		let hash = hash_of(node, number).ok()?;
		let value = node
			.rpc("state_getStorage", json!([format!("0x{}", hex(key)), format!("{hash:?}")]))
			.ok()?;
		let bytes = unhex(value.as_str()?).ok()?;
		T::decode(&mut &bytes[..]).ok()
	}

	pub fn plain_key(pallet: &str, item: &str) -> Vec<u8> {
		[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
	}

	/// How many contracts were ever created (the id the next one gets).
	pub fn next_contract_id(node: &Node) -> u64 {
		storage(node, &plain_key("Contracts", "NextContractId"), None).unwrap_or(0)
	}

	/// The events of block `number`.
	pub fn events(node: &Node, number: u64) -> Vec<EventRecord> {
		storage(node, &plain_key("System", "Events"), Some(number)).unwrap_or_default()
	}

	fn account_info(
		node: &Node,
		who: &AccountId,
	) -> Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<Balance>>> {
		let mut key = plain_key("System", "Account");
		let encoded = who.encode();
		key.extend(blake2_128(&encoded));
		key.extend(encoded);
		storage(node, &key, None)
	}

	/// An account's free balance at the best block.
	pub fn free_balance(node: &Node, who: &AccountId) -> Balance {
		account_info(node, who).map(|info| info.data.free).unwrap_or(0)
	}

	/// An account's nonce at the best block: its transactions included so far.
	pub fn nonce(node: &Node, who: &AccountId) -> u32 {
		account_info(node, who).map(|info| info.nonce).unwrap_or(0)
	}

	/// The total issuance of the chain's token.
	pub fn total_issuance(node: &Node) -> Balance {
		storage(node, &plain_key("Balances", "TotalIssuance"), None).unwrap_or(0)
	}

	/// A farm's payouts: paid so far, and waiting for the next round.
	pub fn farm_ledger(node: &Node, farm: u32) -> pallet_sc4it_contracts::FarmLedger<Balance> {
		let bytes = node.state_call("ContractsApi_farm_ledger", &farm.encode()).unwrap_or_default();
		Decode::decode(&mut &bytes[..]).unwrap_or_default()
	}

	/// What `user` owes `farm` from ended contracts.
	pub fn debt(node: &Node, user: &AccountId, farm: u32) -> Balance {
		let mut key = plain_key("Contracts", "Debts");
		let user = user.encode();
		key.extend(blake2_128(&user));
		key.extend(user);
		let farm = farm.encode();
		key.extend(sp_io::hashing::twox_64(&farm));
		key.extend(farm);
		storage(node, &key, None).unwrap_or(0)
	}

	/// The contracts runtime API's view of a contract.
	pub fn contract(node: &Node, id: u64) -> Option<ContractView> {
		let bytes = node.state_call("ContractsApi_contract", &id.encode()).ok()?;
		Option::<ContractView>::decode(&mut &bytes[..]).ok().flatten()
	}

	/// The same at block `number`: compare it with the events of blocks up to `number`.
	pub fn contract_at(node: &Node, id: u64, number: u64) -> Option<ContractView> {
		let hash = hash_of(node, Some(number)).ok()?;
		let args = format!("0x{}", hex(&id.encode()));
		let result = node
			.rpc("state_call", json!(["ContractsApi_contract", args, format!("{hash:?}")]))
			.ok()?;
		let bytes = unhex(result.as_str()?).ok()?;
		Option::<ContractView>::decode(&mut &bytes[..]).ok().flatten()
	}

	/// The block up to which a node's health is confirmed.
	pub fn confirmed_until(node: &Node, grid_node: u32) -> Option<BlockNumber> {
		let bytes = node.state_call("ContractsApi_confirmed_until", &grid_node.encode()).ok()?;
		Option::<BlockNumber>::decode(&mut &bytes[..]).ok().flatten()
	}

	/// The dev chain spec with the demo node's report URL replaced: the test's own report
	/// server, on a free port, instead of the shared default address.
	pub fn dev_spec_with_demo_url(dir: &Path, url: &str) -> PathBuf {
		spec_with_demo_url(dir, "dev", url)
	}

	/// The same for any built-in chain (`dev`, `local`).
	pub fn spec_with_demo_url(dir: &Path, chain: &str, url: &str) -> PathBuf {
		let spec = build_spec(chain, dir);
		let mut spec: Value = serde_json::from_str(&spec).expect("the spec is JSON");
		let replaced = replace_demo_url(&mut spec, url);
		assert!(replaced, "no registry node in the dev spec");
		let path = dir.join(format!("{chain}-spec.json"));
		std::fs::write(&path, spec.to_string()).unwrap();
		path
	}

	fn replace_demo_url(value: &mut Value, url: &str) -> bool {
		match value {
			Value::Object(map) => {
				if let Some(Value::Object(registry)) = map.get_mut("registry") {
					if let Some(Value::Array(nodes)) = registry.get_mut("nodes") {
						for node in nodes.iter_mut() {
							node[2] = json!(url.as_bytes());
						}
						return !nodes.is_empty();
					}
				}
				map.values_mut().any(|v| replace_demo_url(v, url))
			},
			Value::Array(items) => items.iter_mut().any(|v| replace_demo_url(v, url)),
			_ => false,
		}
	}
}
