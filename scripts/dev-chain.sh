#!/usr/bin/env bash
# Builds and runs the local grid: a dev chain (one validator, Alice, also the oracle authority;
# funded dev accounts; a demo farm owned by Charlie with demo node 0) and the demo node's agent,
# which deploys volumes in $SC4IT_DEMO_DATA (default: a temporary directory) and serves the
# node's reports at http://127.0.0.1:8700, and the indexer with its dashboard at
# http://127.0.0.1:8090 (an SQLite index beside the demo data). Ctrl-C stops all three.
#
# Extra arguments go to the chain node, e.g. `--base-path /tmp/sc4it` to keep the chain between
# runs (without it, the chain lives in a temporary directory). The `sc4it` command line is built
# too: $CARGO_TARGET_DIR/debug/sc4it (README: a user's and a farmer's session).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh's (every binary of the workspace, so one feature set): after
# the tests, this starts without compiling anything.
cargo build --workspace --bins --locked
bin="$CARGO_TARGET_DIR/debug"
keep=""
if [[ " $* " == *" --base-path "* ]]; then keep=1; fi
data="${SC4IT_DEMO_DATA:-$(mktemp -d -t sc4it-demo-XXXXXX)}"

cat >&2 <<MSG
sc4it local grid starting:
  chain RPC (WebSocket and HTTP): ws://127.0.0.1:9944
  polkadot.js apps:               https://polkadot.js.org/apps/#/explorer?rpc=ws://127.0.0.1:9944
  Prometheus metrics:             http://127.0.0.1:9615/metrics
  demo node's agent:              http://127.0.0.1:8700/health, volumes in $data/volumes
  dashboard (indexer):            http://127.0.0.1:8090, index in $data/index.db
  command line:                   $bin/sc4it --help
MSG

if [[ -n "$keep" ]]; then
	"$bin/sc4it-node" --dev "$@" &
else
	"$bin/sc4it-node" --dev --tmp "$@" &
fi
node_pid=$!
agent_pid=""
indexer_pid=""
trap 'kill $node_pid $agent_pid $indexer_pid 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
# The agent and the indexer connect again by themselves until the node's RPC is up.
"$bin/sc4it-agent" --demo --data-dir "$data" &
agent_pid=$!
# A kept chain keeps its index too; a temporary chain starts a new one.
if [[ -z "$keep" ]]; then rm -f "$data/index.db"; fi
# Webhooks may go to this machine (a receiver of your own while you try alerts out): a local grid.
"$bin/sc4it-indexer" --database "sqlite:$data/index.db" --listen 127.0.0.1:8090 \
	--alerts-key-file "$data/indexer-alerts.key" --alerts-allow-private &
indexer_pid=$!
wait -n $node_pid $agent_pid $indexer_pid
