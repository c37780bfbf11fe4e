# Sourced by the project's scripts: one cargo target directory shared by every session and CI run
# on a machine, so rebuilds are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sc4it/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The runtime's wasm is built in its own cargo project under the target directory; this tells it
# where the workspace (and its Cargo.lock) is, so the wasm uses the same locked versions.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# frame-benchmarking-cli (the node's `benchmark` command, with `--features runtime-benchmarks`)
# builds a test runtime's wasm for `benchmark storage`, which sc4it does not use; its build
# cannot find that crate in this workspace, so it is skipped.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
