//! The README's shell sessions, run as written.

use crate::process::workspace_binary;
use std::{
	path::Path,
	process::{Command, Stdio},
};

/// The shell block that follows `marker` (an HTML comment) in the README.
pub fn session(marker: &str) -> String {
	// This crate is at the workspace's root, beside README.md.
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
/// `env`, for at most 20 minutes; panics with its output when it fails. Returns its stdout.
pub fn run(marker: &str, home: &Path, env: &[(&str, &str)]) -> String {
	run_script(marker, &session(marker), home, env)
}

/// Runs `script` (the README's session after `marker`, edited by the caller: free ports and
/// its own directories in the README's place) as [`run`] runs a session.
pub fn run_script(marker: &str, script: &str, home: &Path, env: &[(&str, &str)]) -> String {
	let bin_dir = workspace_binary("sc4it").parent().expect("a directory").to_path_buf();
	let out = Command::new("timeout")
		.args(["1200", "bash", "-euo", "pipefail", "-c", script])
		.env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
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
	String::from_utf8_lossy(&out.stdout).into_owned()
}
