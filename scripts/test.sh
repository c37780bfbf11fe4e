#!/usr/bin/env bash
# The project's test command: installs what it needs, then runs every test of the workspace:
# the pallets' unit and property tests, the runtime's tests, and the end-to-end tests, which
# start the real node binary (built here with the real runtime wasm), the agent and the CLI;
# then the benchmarks against the pallets' mocks and the runtime's try-runtime checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# The end-to-end tests of one package start the binaries of others: build them all first, and
# every test too, so that what follows only runs.
cargo build --workspace --bins --locked
cargo test --workspace --locked --no-run

# The benchmarks of the five pallets, each run once against its mock runtime (every
# benchmark's setup reaches its worst path and its assertions hold; the weights themselves come
# from scripts/benchmark-weights.sh), and the runtime's try-runtime checks (this version's
# migrations and every pallet's `try_state`, on both presets' genesis and after a contract:
# docs/governance.md). Both need features the node must not have, so they build apart, in
# their own target directory (two builds in one directory would wait for each other), and at
# the lowest priority while the lanes below run: the lanes mostly wait for blocks, and the
# validators they start must never wait for a compiler.
feature_checks=(
	env SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/feature-checks"
	cargo test --locked --lib
	-p pallet-sc4it-registry -p pallet-sc4it-contracts -p pallet-sc4it-oracle
	-p pallet-sc4it-governance -p pallet-sc4it-validators -p sc4it-runtime
	--features sc4it-runtime/runtime-benchmarks,sc4it-runtime/try-runtime
)
feature_checks_log=$(mktemp)
node_lane_log=$(mktemp)
scale_out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$feature_checks_log" "$node_lane_log" "$scale_out"' EXIT

# Two lanes side by side: the node's tests (validators, the oracle, upgrades: each its own
# chain) and all the others. The end-to-end tests mostly wait for blocks, so on two cores the
# lanes take about half the time of one after the other (docs/development.md). Both select
# targets of the whole workspace, so both run the build above: a lane of some packages only
# would resolve features differently and compile again. The node's lane prints its output when
# both are done.
node_lane=()
other_lane=(--lib --bins)
for test_file in $(git ls-files '*/tests/*.rs'); do
	[ "$(basename "$(dirname "$test_file")")" = tests ] || continue
	case "$test_file" in
	node/*) node_lane+=(--test "$(basename "$test_file" .rs)") ;;
	*) other_lane+=(--test "$(basename "$test_file" .rs)") ;;
	esac
done
cargo test --workspace --locked "${node_lane[@]}" >"$node_lane_log" 2>&1 &
pids+=($!)
node_lane_pid=$!
nice -n 19 "${feature_checks[@]}" --no-run >"$feature_checks_log" 2>&1 &
pids+=($!)
feature_build_pid=$!
other_lane_status=0
cargo test --workspace --locked "${other_lane[@]}" || other_lane_status=$?
node_lane_status=0
wait "$node_lane_pid" || node_lane_status=$?
echo "---- the node's tests, run beside the others ----"
cat "$node_lane_log"
if [ "$other_lane_status" -ne 0 ] || [ "$node_lane_status" -ne 0 ]; then
	echo "test.sh: failed (the node's tests: exit $node_lane_status; the others: exit $other_lane_status)" >&2
	exit 1
fi
cargo test --workspace --locked --doc
# The scale benchmark at a small size, with its comparison against tfchain: a benchmark that
# stops working fails here (docs/benchmarks.md runs it at full size in release).
"$CARGO_TARGET_DIR/debug/sc4it-scale" --points 300:3 --compare --out "$scale_out"
grep -q '^all-in vs tfchain, this state' "$scale_out/compare.txt"

feature_build_status=0
wait "$feature_build_pid" || feature_build_status=$?
if [ "$feature_build_status" -ne 0 ]; then
	cat "$feature_checks_log"
	echo "test.sh: the benchmark and try-runtime build failed" >&2
	exit 1
fi
"${feature_checks[@]}" -- benchmarking try_state
