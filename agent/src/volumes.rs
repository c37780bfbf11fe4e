//! Volumes as real files: a sparse raw image (`set_len`), or a qcow2 image made by `qemu-img`
//! where it is installed. Consumption is what the file actually occupies on disk.

use crate::{config::Format, error::DiskError};
use std::{
	os::unix::fs::{MetadataExt, PermissionsExt},
	path::{Path, PathBuf},
	process::Command,
};

const GIB: u64 = 1 << 30;

/// Whether images are qcow2 (qemu-img installed and not refused) or raw.
pub fn qcow2(format: Format) -> bool {
	match format {
		Format::Raw => false,
		Format::Qcow2 => true,
		Format::Auto => {
			Command::new("qemu-img").arg("--version").output().is_ok_and(|o| o.status.success())
		},
	}
}

/// Free space, in bytes, of the file system holding `dir`.
pub fn free_bytes(dir: &Path) -> std::io::Result<u64> {
	use std::os::unix::ffi::OsStrExt;
	let c_path =
		std::ffi::CString::new(dir.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
	let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
	// SAFETY: `c_path` is a valid NUL-terminated string and `stat` a valid out-pointer.
	let rc = unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) };
	if rc != 0 {
		return Err(std::io::Error::last_os_error());
	}
	Ok(stat.f_bavail as u64 * stat.f_frsize as u64)
}

/// Where the image of `contract` lives in `dir`.
pub fn path(dir: &Path, contract: u64, qcow2: bool) -> PathBuf {
	dir.join(format!("contract-{contract}.{}", if qcow2 { "qcow2" } else { "raw" }))
}

/// Makes the volume of `contract` in `dir`: `size_gib` GiB, thin. Idempotent: an existing image
/// of the contract is kept. Refused when the file system has less free space than the size.
pub fn create(dir: &Path, contract: u64, size_gib: u64, qcow2: bool) -> Result<PathBuf, DiskError> {
	let file = path(dir, contract, qcow2);
	let making = |source| DiskError::MakeVolume { path: file.clone(), source };
	std::fs::create_dir_all(dir).map_err(making)?;
	if file.exists() {
		return Ok(file);
	}
	let needed = size_gib.saturating_mul(GIB);
	let free = free_bytes(dir)
		.map_err(|source| DiskError::FreeSpace { path: dir.to_path_buf(), source })?;
	if free < needed {
		return Err(DiskError::InsufficientDisk { needed, free });
	}
	// Made under a temporary name and renamed: a crash never leaves a half-made image behind
	// under the real name.
	let tmp = dir.join(format!(".contract-{contract}.tmp"));
	let _ = std::fs::remove_file(&tmp);
	if qcow2 {
		let out = Command::new("qemu-img")
			.args(["create", "-q", "-f", "qcow2"])
			.arg(&tmp)
			.arg(format!("{size_gib}G"))
			.output()
			.map_err(making)?;
		if !out.status.success() {
			let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
			return Err(DiskError::QemuImg { path: file, stderr });
		}
	} else {
		let f = std::fs::File::create(&tmp).map_err(making)?;
		f.set_len(needed).map_err(making)?;
		f.sync_all().map_err(making)?;
	}
	std::fs::rename(&tmp, &file).map_err(making)?;
	Ok(file)
}

/// What is wrong with a deployed volume's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
	/// The file is gone.
	Lost,
	/// The file is not the image the agent made: not a regular file, another size or format.
	Damaged(String),
}

impl Fault {
	/// The report protocol's failure reason.
	pub fn reason(&self) -> &'static str {
		match self {
			Fault::Lost => "volume_lost",
			Fault::Damaged(_) => "volume_damaged",
		}
	}

	/// The fault in words, for the log.
	pub fn describe(&self) -> String {
		match self {
			Fault::Lost => "is missing".into(),
			Fault::Damaged(why) => format!("is damaged: {why}"),
		}
	}
}

/// The header of a qcow2 image: its magic, and its virtual size at byte 24 (big-endian).
const QCOW2_MAGIC: &[u8; 4] = b"QFI\xfb";

/// Whether the image of a deployed volume of `size_gib` GiB is still the one the agent made.
pub fn check(file: &Path, size_gib: u64, qcow2: bool) -> Result<(), Fault> {
	let meta = match std::fs::symlink_metadata(file) {
		Ok(meta) => meta,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Fault::Lost),
		Err(e) => return Err(Fault::Damaged(e.to_string())),
	};
	if !meta.file_type().is_file() {
		return Err(Fault::Damaged("not a regular file".into()));
	}
	let size = size_gib.saturating_mul(GIB);
	if !qcow2 {
		return if meta.len() == size {
			Ok(())
		} else {
			Err(Fault::Damaged(format!("{} bytes instead of {size}", meta.len())))
		};
	}
	let mut header = [0u8; 32];
	std::fs::File::open(file)
		.and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
		.map_err(|e| Fault::Damaged(format!("unreadable qcow2 header: {e}")))?;
	if &header[..4] != QCOW2_MAGIC {
		return Err(Fault::Damaged("not a qcow2 image".into()));
	}
	let mut virtual_size = [0u8; 8];
	virtual_size.copy_from_slice(&header[24..32]);
	let virtual_size = u64::from_be_bytes(virtual_size);
	if virtual_size != size {
		return Err(Fault::Damaged(format!("virtual size {virtual_size} instead of {size}")));
	}
	Ok(())
}

/// Makes an image read-only (grace period) or writable again.
pub fn set_read_only(file: &Path, read_only: bool) -> Result<(), DiskError> {
	let mode = if read_only { 0o444 } else { 0o644 };
	std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode))
		.map_err(|source| DiskError::SetReadOnly { path: file.to_path_buf(), read_only, source })
}

/// Removes an image; one already gone is not an error.
pub fn remove(file: &Path) -> Result<(), DiskError> {
	match std::fs::remove_file(file) {
		Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
			Err(DiskError::RemoveVolume { path: file.to_path_buf(), source })
		},
		_ => Ok(()),
	}
}

/// Bytes the image actually occupies on disk.
pub fn used_bytes(file: &Path) -> u64 {
	std::fs::metadata(file).map(|m| m.blocks().saturating_mul(512)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_raw_volume_is_sparse_of_the_right_size_and_can_be_made_read_only() {
		let dir = std::env::temp_dir().join(format!("sc4it-volumes-{}", std::process::id()));
		let file = create(&dir, 1, 2, false).unwrap();
		assert_eq!(std::fs::metadata(&file).unwrap().len(), 2 * GIB);
		assert!(used_bytes(&file) < GIB, "thin: nothing written yet");
		assert_eq!(create(&dir, 1, 2, false).unwrap(), file, "idempotent");
		assert_eq!(check(&file, 2, false), Ok(()));
		assert!(matches!(check(&file, 3, false), Err(Fault::Damaged(_))));
		set_read_only(&file, true).unwrap();
		assert!(std::fs::metadata(&file).unwrap().permissions().readonly());
		set_read_only(&file, false).unwrap();
		assert!(matches!(create(&dir, 2, 1 << 40, false), Err(DiskError::InsufficientDisk { .. })));
		remove(&file).unwrap();
		remove(&file).unwrap();
		assert!(!file.exists());
		assert_eq!(check(&file, 2, false), Err(Fault::Lost));
		if qcow2(Format::Auto) {
			let image = create(&dir, 3, 5, true).unwrap();
			let info = Command::new("qemu-img")
				.args(["info", "--output", "json"])
				.arg(&image)
				.output()
				.unwrap();
			let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
			assert_eq!(info["virtual-size"], serde_json::json!(5 * GIB));
			assert_eq!(info["format"], "qcow2");
			assert_eq!(check(&image, 5, true), Ok(()));
			assert!(matches!(check(&image, 4, true), Err(Fault::Damaged(_))));
			std::fs::write(&image, b"overwritten").unwrap();
			assert!(matches!(check(&image, 5, true), Err(Fault::Damaged(_))));
		}
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
