//! The tests run on a machine that has never run the node: nothing they start may use the node's
//! default base path (under `$XDG_DATA_HOME`, or `~/.local/share`), which such a machine does not
//! have, and which several first runs at once would race to create.

use sc4it_testkit::{chain, TempDir};

#[test]
fn building_specs_at_once_never_touches_the_default_base_path() {
	let dir = TempDir::new("fresh-machine");
	// A data home that does not exist yet, as on a new machine; the node's children inherit it.
	let data_home = dir.path().join("xdg-data-home");
	// Only this test runs in this binary, so changing the process's environment is safe.
	std::env::set_var("XDG_DATA_HOME", &data_home);
	let specs: Vec<_> = (0..6)
		.map(|i| {
			let own = dir.path().join(format!("run-{i}"));
			std::fs::create_dir_all(&own).unwrap();
			std::thread::spawn(move || chain::dev_spec_with_demo_url(&own, "http://1.2.3.4:80"))
		})
		.collect();
	for spec in specs {
		let path = spec.join().expect("every spec builds");
		assert!(path.exists());
	}
	assert!(
		!data_home.exists(),
		"a test used the node's default base path: {} was created",
		data_home.display()
	);
}
