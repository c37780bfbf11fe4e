# Sourced by the measurement scripts (benchmark-weights, scale-bench, ocw-bench, resources-bench):
# installs the prerequisites and makes the one release build they all run: the node with its
# benchmarks and the scale benchmark, built together so that their features are unified the same
# way every time and no script undoes another's build.
bash scripts/setup.sh
source scripts/env.sh
cargo build --release --locked -p sc4it-node -p sc4it-benches --features sc4it-node/runtime-benchmarks
release_dir="$CARGO_TARGET_DIR/release"
