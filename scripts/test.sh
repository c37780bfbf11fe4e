#!/usr/bin/env bash
# The project's test command: installs what it needs, then runs every test of the workspace:
# the pallets' unit and property tests, the runtime's tests, and the node's end-to-end tests,
# which start the real node binary (built here with the real runtime wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo test --workspace --locked
