#!/usr/bin/env bash
# The project's test command: installs what it needs, then runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# The pallets' tests run natively: they need no runtime wasm. (The node's end-to-end tests,
# when they come, build the real wasm and never set this.)
export SKIP_WASM_BUILD=1
cargo test --workspace --locked
