#!/usr/bin/env bash
# The oracle's work on the four-validator network, a committee of all four, of one, and of two
# with a silent member in one run: runs node/tests/committee.rs (Alice, Bob, Charlie and Dave,
# six nodes with their real agents; the council sets the committee to every authority, then to
# one with one node's agent stopped, then to two with Dave's offchain worker off) and keeps what
# it counted, each validator's fetches and the report transactions landed per node over five
# billing periods under each rule, and the stopped node's down verdicts, in docs/committee.txt.
# The test command runs the same test; this script only keeps its figures. About 6 minutes once
# built.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --workspace --bins --locked
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# With the workspace's features, as the test command builds them (`-p sc4it-node` would
# resolve features apart and compile much of the SDK again).
cargo test --workspace --locked --test committee -- --nocapture 2>&1 | tee "$log"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	grep -E '^committee of [0-9]+( with [a-z ]+)?,|^committee of [0-9]+: node [0-9]+, its agent stopped' "$log"
} >docs/committee.txt
cat docs/committee.txt
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
