#!/usr/bin/env bash
# The soak run (not part of CI): a dev chain, several nodes with their agents and many contracts
# for a while, then the books checked over the chain's whole record (agent/tests/soak.rs).
# Usage: ./scripts/soak.sh [minutes] [agents] [contracts]   (defaults: 10 4 40)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
export SC4IT_SOAK_MINUTES="${1:-10}" SC4IT_SOAK_AGENTS="${2:-4}" SC4IT_SOAK_CONTRACTS="${3:-40}"
cargo build --workspace --bins --locked
cargo test --locked -p sc4it-agent --test soak -- --ignored --nocapture
