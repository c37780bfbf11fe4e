# Sourced by the project's scripts: one cargo target directory shared by every session and CI run
# on a machine, so rebuilds are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sc4it/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
