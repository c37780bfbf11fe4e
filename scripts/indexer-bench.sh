#!/usr/bin/env bash
# The indexer's backfill speed and the dashboard's answer times on a chain with 100,000
# contracts (the chain scripts/resources-bench.sh keeps in
# $CARGO_TARGET_DIR/bench-chains/100k-contracts, made here if absent: run that script first after
# a change of the runtime), into SQLite and into a PostgreSQL server of its own. Release
# binaries. Writes docs/indexer-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
# The indexer in release, in its own target directory: built with the node's release build, it
# would change the features the node is built with.
CARGO_TARGET_DIR="$CARGO_TARGET_DIR/indexer-release" cargo build --release --locked -p sc4it-indexer
bins=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$bins" "$log"' EXIT
ln -s "$release_dir/sc4it-node" "$bins/sc4it-node"
ln -s "$CARGO_TARGET_DIR/indexer-release/release/sc4it-indexer" "$bins/sc4it-indexer"
chain="$CARGO_TARGET_DIR/bench-chains/100k-contracts"
if [[ ! -d "$chain" ]]; then
	mkdir -p "$(dirname "$chain")"
	SC4IT_KEEP_CHAIN="$chain" SC4IT_BIN_DIR="$release_dir" cargo test --workspace --locked \
		--test resources -- --ignored --nocapture
fi
SC4IT_BENCH_CHAIN="$chain" SC4IT_BIN_DIR="$bins" cargo test --workspace --locked \
	--test backfill -- --ignored --nocapture 2>&1 | tee "$log"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
	sed -n '/^a dev chain with/,/^test /p' "$log" | grep -v '^test '
} > docs/indexer-bench.txt
cat docs/indexer-bench.txt
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
