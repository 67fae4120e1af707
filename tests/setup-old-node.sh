#!/usr/bin/env bash
# A machine whose Node.js is too old for the UI build (Debian 12 ships 18): with a `node` first
# on PATH that says it is v18.19.0, scripts/setup.sh must still finish on its own, by installing
# Node.js from the npm registry (into a fresh folder, so the download and its checksum are
# tried every time), and scripts/node-env.sh must then put that one first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/stub"
printf '#!/bin/sh\necho v18.19.0\n' >"$tmp/stub/node"
chmod +x "$tmp/stub/node"
export PATH="$tmp/stub:$PATH" KITH_NODE_DIR="$tmp/node"
[ "$(node --version)" = v18.19.0 ] || { echo "setup-old-node: the stub is not first on PATH" >&2; exit 1; }
"$root/scripts/setup.sh"
. "$root/scripts/node-env.sh"
got="$(node --version)"
case "$got" in
  v22.*) echo "setup-old-node: with v18.19.0 first on PATH, setup installed and uses Node.js $got" ;;
  *) echo "setup-old-node: node is still $got after setup" >&2; exit 1 ;;
esac
node -e 'if (typeof structuredClone !== "function") process.exit(1)'
