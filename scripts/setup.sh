#!/usr/bin/env bash
# Installs every prerequisite of sc4it, idempotently: safe to run on every build.
#  - the Rust targets and components the runtime's wasm build needs;
#  - the Debian packages the node build needs (protobuf-compiler, clang, ...) and the tests
#    run (PostgreSQL, Chromium).
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

if ! command -v cargo >/dev/null 2>&1; then
	log "cargo not found: install Rust with rustup first (https://rustup.rs)"
	exit 1
fi

# Rust: wasm targets for the runtime, rust-src for wasm builds that need build-std,
# rustfmt and clippy for .ci/run.
installed_targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	if ! grep -qx "$target" <<<"$installed_targets"; then
		log "adding rust target $target"
		rustup target add "$target"
	fi
done
installed_components=$(rustup component list --installed)
for component in rust-src rustfmt clippy; do
	if ! grep -q "^$component" <<<"$installed_components"; then
		log "adding rust component $component"
		rustup component add "$component"
	fi
done

# Debian packages for the node build (libp2p's protobuf, bindgen's clang) and for the tests:
# the indexer's tests start a real PostgreSQL server, load the dashboard in a real headless
# Chromium and receive the alerts' e-mail on a real SMTP server (aiosmtpd, run by Debian's
# /usr/bin/python3).
packages=(protobuf-compiler clang libclang-dev pkg-config make curl ca-certificates postgresql chromium python3-aiosmtpd)
missing=()
for package in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$package")
	fi
done
if ((${#missing[@]})); then
	if command -v apt-get >/dev/null 2>&1; then
		sudo_cmd=""
		if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
		log "installing Debian packages: ${missing[*]}"
		$sudo_cmd apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	else
		log "missing packages ${missing[*]} and no apt-get: install them with your package manager"
		exit 1
	fi
fi
log "prerequisites present"
