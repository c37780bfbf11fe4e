#!/usr/bin/env bash
# The project's test command: installs what it needs, then runs every test of the workspace:
# the pallets' unit and property tests, the runtime's tests, and the end-to-end tests, which
# start the real node binary (built here with the real runtime wasm), the agent and the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# The end-to-end tests of one package start the binaries of others: build them all first.
cargo build --workspace --bins --locked
cargo test --workspace --locked
# The benchmarks of the five pallets, each run once against its mock runtime: every benchmark's
# setup reaches its worst path and its assertions hold (the weights themselves come from
# scripts/benchmark-weights.sh).
SKIP_WASM_BUILD=1 cargo test --locked --lib \
	-p pallet-sc4it-registry -p pallet-sc4it-contracts -p pallet-sc4it-oracle \
	-p pallet-sc4it-governance -p pallet-sc4it-validators \
	--features pallet-sc4it-registry/runtime-benchmarks,pallet-sc4it-contracts/runtime-benchmarks,pallet-sc4it-oracle/runtime-benchmarks,pallet-sc4it-governance/runtime-benchmarks,pallet-sc4it-validators/runtime-benchmarks \
	benchmarking
# The runtime with its try-runtime checks: this version's migrations and every pallet's
# `try_state`, on both presets' genesis and after a contract (docs/governance.md: upgrades).
SKIP_WASM_BUILD=1 cargo test --locked -p sc4it-runtime --features try-runtime --lib try_state
