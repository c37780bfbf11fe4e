fn main() {
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		// The next version of this runtime (feature `upgrade-test`: spec_version + 1 and a marker
		// migration), as a second wasm `sc4it_runtime_upgrade_test.compact.compressed.wasm` beside
		// the runtime's, for the upgrade test (node/tests/local_network.rs). It shares the wasm build's
		// compiled dependencies: only this crate is compiled twice.
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("upgrade-test")
			.set_file_name("sc4it_runtime_upgrade_test")
			.build();
	}
}
