# Sourced by Kith's scripts (never run on its own): makes `node` on PATH one that can build the
# UI (Vite 7 needs Node.js 20.19+ or 22.12+). A distribution's own Node.js may be older (Debian
# 12 ships 18, Ubuntu 22.04 ships 12); scripts/setup.sh then installs Node.js's own build from
# the npm registry (the node-linux-<arch> package) into ~/.cache/kith/node, and this puts it
# first on PATH wherever the machine's own is too old.
kith_node_dir="${KITH_NODE_DIR:-${HOME:-/root}/.cache/kith/node}"

# True if `$1` (default: the `node` on PATH) is new enough. Reads `--version` rather than
# running code, so that even a stub that only prints a version is judged by that version.
kith_node_ok() {
  local v major minor
  v=$("${1:-node}" --version 2>/dev/null) || return 1
  v="${v#v}"
  major="${v%%.*}"
  minor="${v#*.}"
  minor="${minor%%.*}"
  case "$major$minor" in *[!0-9]*|"") return 1 ;; esac
  [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; } ||
    [ "$major" -eq 21 ] || { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; }
}

if ! kith_node_ok && kith_node_ok "$kith_node_dir/bin/node"; then
  export PATH="$kith_node_dir/bin:$PATH"
fi
