#!/usr/bin/env bash
# Regenerates pallets/{registry,contracts,oracle,governance,validators}/src/weights.rs: builds the
# node in release with its benchmarks, then measures every pallet twice in a row with
# `sc4it-node benchmark pallet` on the runtime's wasm (compiled execution, dev genesis preset),
# each file written from scripts/weight-template.hbs with this machine and the exact command in
# its header (the two runs of each pallet one after the other). Each pallet's `reference`
# benchmark (fixed hashing work) is timed in the same run:
# the two runs are compared call by call as ratios to it (scripts/weights-doc.py --compare), the
# comparison written to docs/weights-runs.md, and the second run is committed. Then the weights
# table of docs/benchmarks.md is generated again. STEPS and REPEAT override the defaults. About
# 45 minutes of release build on 2 cores, then 8 minutes a run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
steps="${STEPS:-20}"
repeat="${REPEAT:-10}"
node="$release_dir/sc4it-node"
runtime="$release_dir/wbuild/sc4it-runtime/sc4it_runtime.compact.compressed.wasm"
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT

measure() {
	local pallet=$1 out=$2
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "pallet_sc4it_$pallet" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "$out"
	# The header names the binary by its path on this machine; say where it is built instead,
	# and where the committed file lives.
	sed -i -e "s|$CARGO_TARGET_DIR|\$CARGO_TARGET_DIR|g" -e "s|$runs/[12]/$pallet.rs|pallets/$pallet/src/weights.rs|" "$out"
}

pallets=(registry contracts oracle governance validators)
mkdir -p "$runs/1" "$runs/2"
# The two runs of a pallet one after the other: what the machine does meanwhile drifts over
# minutes, and the runs of one call should see the same machine.
for pallet in "${pallets[@]}"; do
	for run in 1 2; do
		measure "$pallet" "$runs/$run/$pallet.rs"
	done
done
{
	echo "# Two weights runs in a row"
	echo
	echo "Written by \`./scripts/benchmark-weights.sh\` on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD)"
	echo "(steps $steps, repeat $repeat). Each call's compute at its largest measured size, as a"
	echo "multiple of its run's \`reference\` benchmark; the second run is the one committed."
	echo
	python3 scripts/weights-doc.py --compare "$runs/1" "$runs/2" 2>&1 || true
} >docs/weights-runs.md
for pallet in "${pallets[@]}"; do
	cp "$runs/2/$pallet.rs" "pallets/$pallet/src/weights.rs"
	echo "wrote pallets/$pallet/src/weights.rs"
done
python3 scripts/weights-doc.py
echo "wrote docs/weights-runs.md and the weights table of docs/benchmarks.md"
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
python3 scripts/weights-doc.py --compare "$runs/1" "$runs/2" >/dev/null
