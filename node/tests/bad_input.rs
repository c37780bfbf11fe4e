//! Bad input gets a clear error and a non-zero exit, never a panic trace.

use sc4it_testkit::*;

fn assert_clean_failure(args: &[&str], expected: &str) {
	let (ok, stdout, stderr) = run_to_end(args);
	assert!(!ok, "{args:?} succeeded: {stdout}");
	assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
	assert!(stderr.contains(expected), "{args:?}: expected {expected:?} in:\n{stderr}");
}

#[test]
fn a_missing_chain_spec_is_a_clear_error() {
	assert_clean_failure(&["--chain", "/nonexistent/spec.json", "--tmp"], "/nonexistent/spec.json");
}

#[test]
fn a_malformed_chain_spec_is_a_clear_error() {
	let dir = TempDir::new("bad-spec");
	let spec = dir.path().join("spec.json");
	std::fs::write(&spec, "{ \"name\": \"half a spec\", ").unwrap();
	assert_clean_failure(
		&["--chain", spec.to_str().unwrap(), "--tmp"],
		"cannot load the chain spec",
	);
}

#[test]
fn inserting_a_key_without_its_type_is_a_clear_error() {
	let dir = TempDir::new("key");
	assert_clean_failure(
		&["key", "insert", "--suri", "//Alice", "--base-path", dir.path().to_str().unwrap()],
		"--key-type",
	);
}

#[test]
fn an_oracle_key_can_be_inserted_and_is_found_by_the_keystore() {
	let dir = TempDir::new("key-ok");
	let base = dir.path().to_str().unwrap();
	let (ok, _, stderr) = run_to_end(&[
		"key",
		"insert",
		"--chain",
		"dev",
		"--base-path",
		base,
		"--suri",
		"//Alice",
		"--key-type",
		"sc4o",
		"--scheme",
		"sr25519",
	]);
	assert!(ok, "key insert failed: {stderr}");
	let keystore = dir.path().join("chains/sc4it_dev/keystore");
	let names: Vec<String> = std::fs::read_dir(&keystore)
		.unwrap()
		.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
		.collect();
	// Key files are named by the hex of the key type ("sc4o") and the public key.
	assert!(names.iter().any(|n| n.starts_with(&hex(b"sc4o"))), "{names:?}");
}

#[test]
fn export_chain_spec_gives_the_dev_genesis() {
	let (ok, stdout, stderr) = run_to_end(&["export-chain-spec", "--chain", "dev"]);
	assert!(ok, "{stderr}");
	let spec: Value = serde_json::from_str(&stdout).expect("a JSON chain spec");
	assert_eq!(spec["id"], json!("sc4it_dev"));
	assert_eq!(spec["properties"]["tokenSymbol"], json!("SC4"));
}

#[test]
fn benchmarks_need_the_feature_and_say_so() {
	if cfg!(feature = "runtime-benchmarks") {
		return;
	}
	assert_clean_failure(
		&["benchmark", "pallet", "--pallet", "x"],
		"--features runtime-benchmarks",
	);
}

#[test]
fn purge_chain_removes_a_database() {
	let dir = TempDir::new("purge");
	let base = dir.path().to_str().unwrap();
	// A database appears once the node has started with that base path.
	let (ok, _, stderr) = run_to_end(&[
		"export-blocks",
		"--chain",
		"dev",
		"--base-path",
		base,
		"--to",
		"0",
		"--binary",
	]);
	assert!(ok, "{stderr}");
	let db = dir.path().join("chains/sc4it_dev/paritydb");
	assert!(db.exists(), "no ParityDB database at {}", db.display());
	let (ok, _, stderr) = run_to_end(&["purge-chain", "-y", "--chain", "dev", "--base-path", base]);
	assert!(ok, "{stderr}");
	assert!(!db.exists());
}
