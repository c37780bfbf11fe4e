#!/usr/bin/env bash
# Builds the runtime as it was before the escrow (commit b2b9940, spec_version 100, the
# contracts pallet at storage version 0: contracts' funds on hold in their owners' accounts) and
# copies its wasm to node/tests/fixtures/, where the escrow upgrade test
# (node/tests/escrow_upgrade.rs) starts a chain from it and upgrades it to this runtime.
#
# The fixture is committed, with its sha256 in node/tests/fixtures/README.md, so that CI does
# not build a second runtime; this script is how it was made, and how to make it again. It checks
# the commit out in a temporary worktree and builds in its own target directory (so that no wasm
# of this checkout is overwritten); `cargo check` is enough, because the runtime's build script
# compiles the wasm whatever cargo is asked for. About 25 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
commit=b2b9940
out=node/tests/fixtures/sc4it_runtime_pre_escrow.compact.compressed.wasm
worktree=$(mktemp -d)
trap 'git worktree remove --force "$worktree"' EXIT
git worktree add --detach "$worktree" "$commit"
target="$CARGO_TARGET_DIR/pre-escrow-runtime"
# The wasm in release (compacted and compressed, as a chain would run it), whatever the profile.
# scripts/env.sh points the wasm builder at this checkout (WASM_BUILD_WORKSPACE_HINT), whose
# Cargo.lock it would take: the commit's own is the one to build with.
(cd "$worktree" && unset WASM_BUILD_WORKSPACE_HINT &&
	CARGO_TARGET_DIR="$target" WASM_BUILD_TYPE=release cargo check --locked -p sc4it-runtime)
mkdir -p "$(dirname "$out")"
cp "$target/debug/wbuild/sc4it-runtime/sc4it_runtime.compact.compressed.wasm" "$out"
sha256sum "$out"
