#!/usr/bin/env bash
# Builds an installable Debian package of the desktop app:
#   target/release/bundle/deb/Kith_<version>_<arch>.deb
# Install it with `sudo apt install ./target/release/bundle/deb/Kith_*.deb`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
. scripts/node-env.sh
ui/node_modules/.bin/tauri build --bundles deb "$@"
ls -1 "${CARGO_TARGET_DIR:-$root/target}"/release/bundle/deb/*.deb
