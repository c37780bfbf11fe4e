#!/usr/bin/env bash
# Builds the node and runs a local dev chain: one validator (Alice, also the oracle authority),
# funded dev accounts, a demo farm (owner Charlie) and a demo node whose reports are expected at
# http://127.0.0.1:8700. Extra arguments go to the node, e.g. `--base-path /tmp/sc4it` to keep
# the chain between runs (without it, the chain lives in a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --locked -p sc4it-node
node="$CARGO_TARGET_DIR/debug/sc4it-node"
cat >&2 <<MSG
sc4it dev chain starting:
  RPC (WebSocket and HTTP): ws://127.0.0.1:9944
  polkadot.js apps:         https://polkadot.js.org/apps/#/explorer?rpc=ws://127.0.0.1:9944
  Prometheus metrics:       http://127.0.0.1:9615/metrics
MSG
if [[ " $* " == *" --base-path "* ]]; then
	exec "$node" --dev "$@"
else
	exec "$node" --dev --tmp "$@"
fi
