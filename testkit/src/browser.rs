//! A real headless Chromium (Debian's `chromium` package) that loads a page and gives back the
//! document it rendered, or a screenshot of it.

use std::{
	path::{Path, PathBuf},
	process::Command,
};

/// Headless Chromium with a profile of its own under a test's directory (never the home's).
pub struct Browser {
	binary: PathBuf,
	profile: PathBuf,
}

impl Browser {
	/// Chromium from `SC4IT_CHROMIUM` or the `PATH` (`chromium`, `chromium-browser`), with a
	/// fresh profile in `dir`.
	pub fn new(dir: &Path) -> Browser {
		let binary = std::env::var_os("SC4IT_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| {
			["chromium", "chromium-browser"]
				.iter()
				.find_map(|name| on_path(name))
				.expect("no chromium on the PATH: scripts/setup.sh installs Debian's package")
		});
		let profile = dir.join("chromium-profile");
		std::fs::create_dir_all(&profile).unwrap();
		Browser { binary, profile }
	}

	fn command(&self) -> Command {
		let mut command = Command::new(&self.binary);
		command
			.arg("--headless")
			// A container's root has no user namespace for the sandbox; the pages are ours.
			.arg("--no-sandbox")
			.arg("--disable-gpu")
			.arg("--no-first-run")
			.arg(format!("--user-data-dir={}", self.profile.display()))
			.env("HOME", &self.profile);
		command
	}

	/// The document Chromium built from `url`, after its scripts ran.
	pub fn dom(&self, url: &str) -> String {
		let output = self.command().arg("--dump-dom").arg(url).output().expect("chromium runs");
		assert!(
			output.status.success(),
			"chromium --dump-dom {url}: {}",
			String::from_utf8_lossy(&output.stderr)
		);
		String::from_utf8_lossy(&output.stdout).into_owned()
	}

	/// A PNG of `url` rendered in a window of `width` × `height` pixels, written to `file`.
	pub fn screenshot(&self, url: &str, file: &Path, width: u32, height: u32) {
		let output = self
			.command()
			.arg(format!("--screenshot={}", file.display()))
			.arg(format!("--window-size={width},{height}"))
			.arg("--hide-scrollbars")
			.arg(url)
			.output()
			.expect("chromium runs");
		assert!(
			output.status.success() && file.exists(),
			"chromium --screenshot {url}: {}",
			String::from_utf8_lossy(&output.stderr)
		);
	}
}

fn on_path(name: &str) -> Option<PathBuf> {
	std::env::var_os("PATH")?
		.to_str()?
		.split(':')
		.map(|dir| Path::new(dir).join(name))
		.find(|path| path.is_file())
}
