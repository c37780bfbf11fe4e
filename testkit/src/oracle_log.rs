//! The runs of a validator's oracle, read from the line each logs (`oracle: block N: K node(s)
//! due, A answered, O ok, D down[ (...)]; ...; fetched in F ms, verified in V ms, T ms in all;
//! at most B bytes buffered`): the tests that count fetches or time runs read them here.

/// One run of a validator's offchain worker, as its log line gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OracleRun {
	/// The block the run was for.
	pub block: u64,
	/// Nodes fetched.
	pub due: u32,
	/// Nodes that answered at all.
	pub answered: u32,
	/// Nodes whose report was verified.
	pub ok: u32,
	/// Nodes found down.
	pub down: u32,
	/// Milliseconds fetching, verifying, and in all.
	pub fetch_ms: u64,
	pub verify_ms: u64,
	pub total_ms: u64,
	/// The most bytes the run held in unfinished bodies.
	pub buffered: u64,
}

impl OracleRun {
	/// The run a log line tells of; `None` for any other line.
	pub fn parse(line: &str) -> Option<OracleRun> {
		let rest = &line[line.find("oracle: block ")? + "oracle: block ".len()..];
		let (block, rest) = rest.split_once(": ")?;
		let (due, rest) = rest.split_once(" node(s) due, ")?;
		let (answered, rest) = rest.split_once(" answered, ")?;
		let (ok, rest) = rest.split_once(" ok, ")?;
		let (down, _) = rest.split_once(" down")?;
		let (_, times) = line.rsplit_once("; fetched in ")?;
		let (fetch_ms, times) = times.split_once(" ms, verified in ")?;
		let (verify_ms, times) = times.split_once(" ms, ")?;
		let (total_ms, times) = times.split_once(" ms in all; at most ")?;
		let (buffered, _) = times.split_once(" bytes buffered")?;
		Some(OracleRun {
			block: block.parse().ok()?,
			due: due.parse().ok()?,
			answered: answered.parse().ok()?,
			ok: ok.parse().ok()?,
			down: down.parse().ok()?,
			fetch_ms: fetch_ms.parse().ok()?,
			verify_ms: verify_ms.parse().ok()?,
			total_ms: total_ms.parse().ok()?,
			buffered: buffered.trim().parse().ok()?,
		})
	}

	/// Every run a log tells of, in order.
	pub fn all(log: &str) -> Vec<OracleRun> {
		log.lines().filter_map(OracleRun::parse).collect()
	}

	/// The nodes fetched by the runs for blocks `from..to`.
	pub fn fetches(log: &str, from: u64, to: u64) -> u64 {
		Self::sum(log, from, to, |run| run.due)
	}

	/// The nodes found down by the runs for blocks `from..to` (fetched, and no valid report).
	pub fn found_down(log: &str, from: u64, to: u64) -> u64 {
		Self::sum(log, from, to, |run| run.down)
	}

	/// `count` of each run for blocks `from..to`, summed.
	fn sum(log: &str, from: u64, to: u64, count: impl Fn(&OracleRun) -> u32) -> u64 {
		Self::all(log)
			.iter()
			.filter(|run| (from..to).contains(&run.block))
			.map(|run| u64::from(count(run)))
			.sum()
	}
}

#[cfg(test)]
mod tests {
	use super::OracleRun;

	#[test]
	fn a_run_line_is_read_whole_and_other_lines_are_not() {
		let line = "2026-12-07 06:45:42.037  INFO offchain-worker sc4it-oracle: oracle: block 52: \
		            3 node(s) due, 3 answered, 2 ok, 1 down (node 7: report refused: Stale); 1 \
		            transaction(s) submitted; fetched in 6 ms, verified in 2 ms, 19 ms in all; at \
		            most 296 bytes buffered    ";
		assert_eq!(
			OracleRun::parse(line),
			Some(OracleRun {
				block: 52,
				due: 3,
				answered: 3,
				ok: 2,
				down: 1,
				fetch_ms: 6,
				verify_ms: 2,
				total_ms: 19,
				buffered: 296,
			})
		);
		assert_eq!(OracleRun::parse("oracle: block 52: the previous run is still going"), None);
		assert_eq!(OracleRun::fetches(&format!("{line}\n{line}\nother"), 52, 53), 6);
		assert_eq!(OracleRun::fetches(line, 53, 60), 0);
		assert_eq!(OracleRun::found_down(&format!("{line}\n{line}\nother"), 52, 53), 2);
		assert_eq!(OracleRun::found_down(line, 40, 52), 0);
	}
}
