#!/usr/bin/env bash
# Builds the installable packages of Kith: a .deb and an .rpm, each with the desktop app
# (/usr/bin/kith-app), the matching model (/usr/lib/kith/models), the tray (/usr/bin/kith-tray: Kith waiting in the tray without WebKit;
# the app finds it beside itself), the CLI (/usr/bin/kith), the desktop entry, icons at every
# size and the AppStream metadata:
#   target/release/bundle/deb/Kith_<version>_<arch>.deb
#   target/release/bundle/rpm/Kith-<version>-1.<arch>.rpm
# Install with `sudo apt install ./target/release/bundle/deb/Kith_*.deb` (or `sudo dnf install
# ./…rpm`). `--debug` builds them from the debug build instead (what CI installs: no release
# compile); other arguments go to `tauri build`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
. scripts/node-env.sh
target="${CARGO_TARGET_DIR:-$root/target}"
profile=release
for arg in "$@"; do [ "$arg" = --debug ] && profile=debug; done
if [ "$profile" = release ]; then
  cargo build --release --locked -p kith -p kith-tray --bin kith --bin kith-tray
else
  cargo build --locked -p kith -p kith-tray --bin kith --bin kith-tray
fi
# The CLI, the tray and the matching model (/usr/lib/kith/models, where Kith looks beside
# /usr/bin) go in the packages from here (tauri.conf.json: bundle.linux.*.files).
mkdir -p src-tauri/gen/bundle/models
cp "$target/$profile/kith" src-tauri/gen/bundle/kith
cp "$target/$profile/kith-tray" src-tauri/gen/bundle/kith-tray
model="${KITH_MODEL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/kith/models/all-MiniLM-L6-v2}"
rm -rf src-tauri/gen/bundle/models/all-MiniLM-L6-v2
cp -r "$model" src-tauri/gen/bundle/models/all-MiniLM-L6-v2
ui/node_modules/.bin/tauri build --bundles deb,rpm "$@"
ls -1 "$target/$profile"/bundle/deb/*.deb "$target/$profile"/bundle/rpm/*.rpm
