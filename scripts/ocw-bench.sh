#!/usr/bin/env bash
# The oracle's cost to a validator with 1,000 nodes: the release node (built by
# scripts/scale-bench.sh's build) on a dev chain whose registry lists 1,000 nodes served by a
# local report server; every billing period it fetches and verifies all 1,000 reports. Writes
# the runs' times to docs/ocw-scale.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
SC4IT_BIN_DIR="$release_dir" cargo test --workspace --locked --test ocw_scale \
	-- --ignored --nocapture 2>&1 | tee "$log"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	sed -n '/^oracle runs over/,/^runs: mean/p' "$log"
} > docs/ocw-scale.txt
cat docs/ocw-scale.txt
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
