#!/usr/bin/env bash
# A dev node's memory and database size with 100,000 contracts created through the pool (the
# release node of scripts/scale-bench.sh's build). Writes docs/resources.txt, and keeps the
# chain in $CARGO_TARGET_DIR/bench-chains/100k-contracts for scripts/indexer-bench.sh (replacing
# one made by older code). The test is built with the workspace's features (with `-p` cargo
# would compile much of the SDK again).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
chain="$CARGO_TARGET_DIR/bench-chains/100k-contracts"
rm -rf "$chain"
mkdir -p "$(dirname "$chain")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
SC4IT_KEEP_CHAIN="$chain" SC4IT_BIN_DIR="$release_dir" cargo test --workspace --locked \
	--test resources -- --ignored --nocapture 2>&1 | tee "$log"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
	sed -n '/^dev node, ParityDB/,/^  restarted/p' "$log"
} > docs/resources.txt
cat docs/resources.txt
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
