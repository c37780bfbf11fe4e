#!/usr/bin/env bash
# Regenerates pallets/{registry,contracts,oracle,governance,validators}/src/weights.rs: builds the node in release with
# its benchmarks, runs `sc4it-node benchmark pallet` for each pallet on the runtime's wasm
# (compiled execution) with the dev genesis preset and writes each file from scripts/weight-template.hbs,
# with this machine and the exact command in its header. STEPS and REPEAT override the
# defaults. Takes about half an hour on 2 cores from a warm target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
steps="${STEPS:-20}"
repeat="${REPEAT:-10}"
node="$release_dir/sc4it-node"
runtime="$release_dir/wbuild/sc4it-runtime/sc4it_runtime.compact.compressed.wasm"
for pallet in registry contracts oracle governance validators; do
	out="pallets/$pallet/src/weights.rs"
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
	# The header names the binary by its path on this machine; say where it is built instead.
	sed -i "s|$CARGO_TARGET_DIR|\$CARGO_TARGET_DIR|g" "$out"
	echo "wrote $out"
done
