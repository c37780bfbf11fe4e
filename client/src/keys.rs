//! Keys: an account's signing key from `--suri` (dev names like `//Alice`, a secret phrase with
//! an optional derivation path, or a hex seed) or from a key file holding the same, which must
//! not be readable by anyone but its owner.

use std::path::Path;
use subxt_signer::{sr25519::Keypair, SecretUri};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
	#[error("no key: give --suri (for example //Alice) or --key-file")]
	Missing,
	#[error("the key is not a valid secret URI (a dev name like //Alice, a phrase, or a 0x seed)")]
	BadUri,
	#[error("cannot read the key file {path}: {reason}")]
	Unreadable { path: String, reason: String },
	#[error("the key file {path} can be read by others (mode {mode:o}): run `chmod 600 {path}`")]
	TooOpen { path: String, mode: u32 },
}

/// Reads a secret file, refusing one that its group or others may read or write.
pub fn read_private(path: &Path) -> Result<String, KeyError> {
	let shown = path.display().to_string();
	let meta = std::fs::metadata(path)
		.map_err(|e| KeyError::Unreadable { path: shown.clone(), reason: e.to_string() })?;
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = meta.permissions().mode() & 0o777;
		if mode & 0o077 != 0 {
			return Err(KeyError::TooOpen { path: shown, mode });
		}
	}
	let text = std::fs::read_to_string(path)
		.map_err(|e| KeyError::Unreadable { path: shown, reason: e.to_string() })?;
	Ok(text.trim().to_string())
}

/// The account key from `--suri` or `--key-file`.
pub fn signer(suri: Option<&str>, key_file: Option<&Path>) -> Result<Keypair, KeyError> {
	let secret = match (suri, key_file) {
		(Some(s), _) => s.to_string(),
		(None, Some(path)) => read_private(path)?,
		(None, None) => return Err(KeyError::Missing),
	};
	let uri: SecretUri = secret.parse().map_err(|_| KeyError::BadUri)?;
	Keypair::from_uri(&uri).map_err(|_| KeyError::BadUri)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_names_and_files_with_private_permissions() {
		let alice = signer(Some("//Alice"), None).unwrap();
		assert_eq!(alice.public_key().0, subxt_signer::sr25519::dev::alice().public_key().0);
		assert!(matches!(signer(None, None), Err(KeyError::Missing)));
		assert!(matches!(signer(Some("not a key"), None), Err(KeyError::BadUri)));

		let dir = std::env::temp_dir().join(format!("sc4it-keys-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("key");
		std::fs::write(&file, "//Bob\n").unwrap();
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
			assert!(matches!(signer(None, Some(&file)), Err(KeyError::TooOpen { .. })));
			std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
		}
		let bob = signer(None, Some(&file)).unwrap();
		assert_eq!(bob.public_key().0, subxt_signer::sr25519::dev::bob().public_key().0);
		assert!(matches!(
			signer(None, Some(&dir.join("missing"))),
			Err(KeyError::Unreadable { .. })
		));
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
