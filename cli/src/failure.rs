//! Why a command failed, and the exit code scripts can rely on.

use sc4it_client::{units::UnitError, ChainError};

/// A command's failure. Each kind has its exit code; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
	/// Bad input: nothing was sent. Exit code 2.
	#[error("{0}")]
	Input(String),
	/// The chain could not be reached. Exit code 3.
	#[error("{0}")]
	Unreachable(String),
	/// The chain refused the transaction or the call failed; nothing changed. Exit code 4.
	#[error("{0}")]
	Refused(String),
	/// What was asked for does not exist. Exit code 5.
	#[error("{0}")]
	NotFound(String),
	/// Not a failure: a multisig approval was recorded, and the call waits for the other
	/// signatories' (the same command, signed by each). Exit code 0.
	#[error("{0}")]
	Awaiting(String),
}

impl Failure {
	/// The process's exit code for this failure.
	pub fn code(&self) -> i32 {
		match self {
			Failure::Input(_) => 2,
			Failure::Unreachable(_) => 3,
			Failure::Refused(_) => 4,
			Failure::NotFound(_) => 5,
			Failure::Awaiting(_) => 0,
		}
	}
}

impl From<ChainError> for Failure {
	fn from(e: ChainError) -> Self {
		match e {
			ChainError::Unreachable { .. } => Failure::Unreachable(e.to_string()),
			_ => Failure::Refused(e.to_string()),
		}
	}
}

impl From<UnitError> for Failure {
	fn from(e: UnitError) -> Self {
		Failure::Input(e.to_string())
	}
}

/// Bad input, in words.
pub fn input(e: impl std::fmt::Display) -> Failure {
	Failure::Input(e.to_string())
}
