//! The runtime's weight functions split into computation, reads and writes, so that they can be
//! priced at another database's weights (tfchain's, docs/prior-art.md).
//!
//! The generated weight functions take the database weights from their `frame_system::Config`;
//! evaluating them with three minimal runtimes whose database weights are zero, one per read and
//! one per write gives the three parts.

use frame_support::weights::{RuntimeDbWeight, Weight};

macro_rules! runtime_with_db_weight {
	($name:ident, $read:expr, $write:expr) => {
		pub mod $name {
			use frame_support::{derive_impl, parameter_types, weights::RuntimeDbWeight};
			type Block = frame_system::mocking::MockBlock<Runtime>;
			frame_support::construct_runtime!(
				pub enum Runtime {
					System: frame_system,
				}
			);
			parameter_types! {
				pub const Db: RuntimeDbWeight = RuntimeDbWeight { read: $read, write: $write };
			}
			#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
			impl frame_system::Config for Runtime {
				type Block = Block;
				type DbWeight = Db;
			}
		}
	};
}

runtime_with_db_weight!(no_db, 0, 0);
runtime_with_db_weight!(per_read, 1, 0);
runtime_with_db_weight!(per_write, 0, 1);

/// A weight as computation time plus database accesses.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Parts {
	/// Picoseconds of computation.
	pub compute_ps: f64,
	pub reads: f64,
	pub writes: f64,
}

impl Parts {
	/// `weight` evaluated with each of the three runtimes: `f::<no_db>`, `f::<per_read>`,
	/// `f::<per_write>`.
	pub fn of(no_db: Weight, per_read: Weight, per_write: Weight) -> Self {
		let compute = no_db.ref_time();
		Parts {
			compute_ps: compute as f64,
			reads: per_read.ref_time().saturating_sub(compute) as f64,
			writes: per_write.ref_time().saturating_sub(compute) as f64,
		}
	}

	pub fn scaled(self, k: f64) -> Self {
		Parts { compute_ps: self.compute_ps * k, reads: self.reads * k, writes: self.writes * k }
	}

	pub fn plus(self, o: Self) -> Self {
		Parts {
			compute_ps: self.compute_ps + o.compute_ps,
			reads: self.reads + o.reads,
			writes: self.writes + o.writes,
		}
	}

	/// The time this takes at `db`'s weights, in picoseconds.
	pub fn priced_ps(self, db: RuntimeDbWeight) -> f64 {
		self.compute_ps + self.reads * db.read as f64 + self.writes * db.write as f64
	}
}

/// Evaluates a generic weight expression with the three runtimes.
#[macro_export]
macro_rules! parts {
	(|$t:ident| $e:expr) => {{
		$crate::db_weights::Parts::of(
			{
				type $t = $crate::db_weights::no_db::Runtime;
				$e
			},
			{
				type $t = $crate::db_weights::per_read::Runtime;
				$e
			},
			{
				type $t = $crate::db_weights::per_write::Runtime;
				$e
			},
		)
	}};
}
