#!/usr/bin/env bash
# Sets up everything Kith needs, builds it (release) and starts the desktop app.
# Extra arguments go to the app, e.g. `scripts/run.sh --db /path/to/kith.db`.
# Default database: $KITH_DB, else ~/.local/share/kith/kith.db.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
. scripts/node-env.sh
npm --prefix ui run build --silent
cargo build --release --locked -p kith-app -p kith
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no graphical display here. Kith is built: start it from a desktop session with" >&2
  echo "run:   ${CARGO_TARGET_DIR:-$root/target}/release/kith-app" >&2
  echo "run: or use the CLI: ${CARGO_TARGET_DIR:-$root/target}/release/kith --help" >&2
  exit 1
fi
exec "${CARGO_TARGET_DIR:-$root/target}/release/kith-app" "$@"
