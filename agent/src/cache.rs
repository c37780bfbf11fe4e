//! The signed reports of the last few blocks, kept in memory: a report is built and signed once
//! per block, and every request for that block is answered with the same bytes.
//!
//! Requests for a block whose report is being built wait for that build instead of starting
//! their own; a build that fails (the agent not synced yet, a panic) is not kept, and the next
//! request tries again. A build whose waiters all left (their connections closed at their
//! deadlines) is not waited for: the next request builds. The cache holds a few blocks and
//! forgets the lowest first, so that requests for old blocks (which anyone may send, one build
//! each) cannot push out the recent blocks the oracle asks for: they take one place between
//! them. Kept reports are forgotten when the chain follower changes the volumes' state; a kept
//! report's used bytes and health are those of its build.

use std::{
	collections::BTreeMap,
	future::Future,
	sync::{Arc, Mutex, PoisonError},
};
use tokio::sync::OnceCell;

/// Values built once per key, for the highest keys asked for lately.
pub struct Cache<K, V> {
	capacity: usize,
	entries: Mutex<BTreeMap<K, Arc<OnceCell<V>>>>,
}

impl<K: Ord + Copy, V: Clone> Cache<K, V> {
	/// A cache of at most `capacity` keys (at least one).
	pub fn new(capacity: usize) -> Self {
		Cache { capacity: capacity.max(1), entries: Mutex::new(BTreeMap::new()) }
	}

	/// The value of `key`: the one kept, the one being built by another request, or else the
	/// one `build` makes (kept if it is `Ok`).
	pub async fn get_or_build<E, F, Fut>(&self, key: K, build: F) -> Result<V, E>
	where
		F: FnOnce() -> Fut,
		Fut: Future<Output = Result<V, E>>,
	{
		let cell = {
			let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
			let cell = entries.entry(key).or_default().clone();
			// Over capacity: the lowest other key goes. Waiters on its cell keep their value.
			while entries.len() > self.capacity {
				let lowest = entries.keys().copied().find(|k| *k != key);
				match lowest {
					Some(lowest) => entries.remove(&lowest),
					None => break,
				};
			}
			cell
		};
		cell.get_or_try_init(build).await.cloned()
	}

	/// Forgets every value kept (the state they were built from changed). Builds under way
	/// still answer the requests that wait for them.
	pub fn clear(&self) {
		self.entries.lock().unwrap_or_else(PoisonError::into_inner).clear();
	}

	/// The keys kept or being built, lowest first.
	#[cfg(test)]
	fn keys(&self) -> Vec<K> {
		self.entries.lock().unwrap().keys().copied().collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{
		sync::atomic::{AtomicUsize, Ordering},
		time::Duration,
	};

	/// A build of `key`'s value that counts itself in `builds` and takes a while.
	async fn build(key: u32, builds: Arc<AtomicUsize>) -> Result<String, ()> {
		builds.fetch_add(1, Ordering::SeqCst);
		tokio::time::sleep(Duration::from_millis(100)).await;
		Ok(format!("report at {key}"))
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn many_requests_for_one_block_wait_for_one_build() {
		let cache = Arc::new(Cache::new(4));
		let builds = Arc::new(AtomicUsize::new(0));
		let requests: Vec<_> = (0..200)
			.map(|_| {
				let (cache, builds) = (cache.clone(), builds.clone());
				tokio::spawn(async move { cache.get_or_build(7, || build(7, builds)).await })
			})
			.collect();
		for request in requests {
			assert_eq!(request.await.unwrap().unwrap(), "report at 7");
		}
		assert_eq!(builds.load(Ordering::SeqCst), 1, "one build for 200 concurrent requests");
		// Later requests are answered from memory.
		for _ in 0..100 {
			let answer = cache.get_or_build(7, || build(7, builds.clone())).await.unwrap();
			assert_eq!(answer, "report at 7");
		}
		assert_eq!(builds.load(Ordering::SeqCst), 1);
		// Another block is another build.
		cache.get_or_build(8, || build(8, builds.clone())).await.unwrap();
		assert_eq!(builds.load(Ordering::SeqCst), 2);
	}

	#[tokio::test]
	async fn a_failed_build_is_not_kept_and_a_cleared_cache_builds_again() {
		let cache = Cache::new(4);
		let failed: Result<String, &str> =
			cache.get_or_build(3, || async { Err("not synced") }).await;
		assert_eq!(failed, Err("not synced"));
		let built: Result<String, &str> = cache.get_or_build(3, || async { Ok("a".into()) }).await;
		assert_eq!(built.unwrap(), "a");
		let kept: Result<String, &str> = cache.get_or_build(3, || async { Ok("b".into()) }).await;
		assert_eq!(kept.unwrap(), "a", "kept, not built again");
		cache.clear();
		let again: Result<String, &str> = cache.get_or_build(3, || async { Ok("c".into()) }).await;
		assert_eq!(again.unwrap(), "c", "built again after the state changed");
	}

	#[tokio::test]
	async fn an_abandoned_build_leaves_the_next_request_to_build() {
		let cache = Cache::new(4);
		let builds = Arc::new(AtomicUsize::new(0));
		// The first request leaves (its connection closed) while its build waits.
		let left = tokio::time::timeout(
			Duration::from_millis(10),
			cache.get_or_build(5, || build(5, builds.clone())),
		)
		.await;
		assert!(left.is_err());
		assert_eq!(
			cache.get_or_build(5, || build(5, builds.clone())).await.unwrap(),
			"report at 5"
		);
		assert_eq!(builds.load(Ordering::SeqCst), 2);
	}

	#[tokio::test]
	async fn the_highest_blocks_are_kept_and_old_ones_take_one_place() {
		let cache = Cache::new(3);
		let ok = |key: u32| async move { Ok::<_, ()>(key) };
		for key in [10, 11, 12] {
			cache.get_or_build(key, || ok(key)).await.unwrap();
		}
		assert_eq!(cache.keys(), [10, 11, 12]);
		cache.get_or_build(13, || ok(13)).await.unwrap();
		assert_eq!(cache.keys(), [11, 12, 13], "the lowest goes");
		// Requests for old blocks are answered, and push out only each other.
		for old in [1, 2, 3, 4] {
			assert_eq!(cache.get_or_build(old, || ok(old)).await.unwrap(), old);
		}
		assert_eq!(cache.keys(), [4, 12, 13]);
	}
}
