//! What the agent remembers, in `<data dir>/state.json`, written atomically (a temporary file,
//! synced, then renamed over the old one): after a crash the file is the old state or the new
//! one, never a mix, so a restart neither loses nor duplicates a volume.

use crate::error::{ConfigError, DiskError, Error};
use serde::{Deserialize, Serialize};
use std::{
	collections::BTreeMap,
	io::Write,
	path::{Path, PathBuf},
};

/// What became of a contract's volume, as the agent reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Volume {
	Deployed {
		since: u32,
		size_gib: u64,
		file: PathBuf,
		read_only: bool,
	},
	/// Not deployed, or lost or damaged after deployment, at block `at`: `reason` is one of
	/// the report protocol's failure reasons.
	Failed {
		reason: String,
		#[serde(default)]
		at: u32,
	},
	Removed {
		at: u32,
	},
}

impl Volume {
	/// The finalized block this record was made at.
	pub fn block(&self) -> u32 {
		match self {
			Volume::Deployed { since, .. } => *since,
			Volume::Failed { at, .. } | Volume::Removed { at } => *at,
		}
	}
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
	/// The node this state belongs to: a data directory is never reused for another node.
	pub node: u32,
	pub volumes: BTreeMap<u64, Volume>,
}

fn path(dir: &Path) -> PathBuf {
	dir.join("state.json")
}

impl State {
	/// The state in `dir`, or an empty one for `node` if there is none yet.
	pub fn load(dir: &Path, node: u32) -> Result<State, Error> {
		match std::fs::read(path(dir)) {
			Ok(bytes) => {
				let state: State = serde_json::from_slice(&bytes)
					.map_err(|source| DiskError::DamagedState { path: path(dir), source })?;
				if state.node != node {
					let dir = dir.to_path_buf();
					return Err(
						ConfigError::AnotherNodesDataDir { dir, owner: state.node, node }.into()
					);
				}
				Ok(state)
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				Ok(State { node, volumes: BTreeMap::new() })
			},
			Err(source) => Err(DiskError::ReadState { path: path(dir), source }.into()),
		}
	}

	/// Writes the state atomically.
	pub fn save(&self, dir: &Path) -> Result<(), DiskError> {
		self.write(dir).map_err(|source| DiskError::SaveState { path: path(dir), source })
	}

	fn write(&self, dir: &Path) -> std::io::Result<()> {
		let tmp = dir.join("state.json.tmp");
		{
			let mut file = std::fs::File::create(&tmp)?;
			file.write_all(&serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
			file.sync_all()?;
		}
		std::fs::rename(&tmp, path(dir))?;
		std::fs::File::open(dir)?.sync_all()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn round_trip_and_the_wrong_node_is_refused() {
		let dir = std::env::temp_dir().join(format!("sc4it-state-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let mut state = State::load(&dir, 3).unwrap();
		assert!(state.volumes.is_empty());
		state.volumes.insert(
			7,
			Volume::Deployed { since: 12, size_gib: 2, file: dir.join("v"), read_only: false },
		);
		state.volumes.insert(8, Volume::Removed { at: 20 });
		state.save(&dir).unwrap();
		assert_eq!(State::load(&dir, 3).unwrap(), state);
		assert!(State::load(&dir, 4).unwrap_err().to_string().contains("belongs to node 3"));
		std::fs::write(dir.join("state.json"), b"{not json").unwrap();
		assert!(State::load(&dir, 3).unwrap_err().to_string().contains("damaged"));
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
