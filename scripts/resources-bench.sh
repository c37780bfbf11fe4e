#!/usr/bin/env bash
# A dev node's memory and database size with 100,000 contracts created through the pool (the
# release node of scripts/scale-bench.sh's build). Writes docs/resources.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
SC4IT_BIN_DIR="$release_dir" cargo test --locked -p sc4it-node --test resources \
	-- --ignored --nocapture 2>&1 | tee /tmp/sc4it-resources-bench.log
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
	sed -n '/^dev node, ParityDB/,/^  restarted/p' /tmp/sc4it-resources-bench.log
} > docs/resources.txt
cat docs/resources.txt
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
