#!/usr/bin/env bash
# Sets up everything (app + test tools) and runs every check and test:
# rustfmt, clippy -D warnings, the core and app tests, the UI's typecheck, lint and format
# check (Biome) and unit tests,
# the end-to-end tests that drive the real app under Xvfb, setup on a machine whose Node.js is
# too old, and the .deb installed and run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
. scripts/node-env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n=== %s\n' "$*"; }
start=$(date +%s)

step "setup on a machine whose Node.js is too old (a stub v18.19.0 first on PATH)"
tests/setup-old-node.sh
step "ui: typecheck and build (the app embeds ui/dist)"
npm --prefix ui run build --silent
step "ui: lint and format check"
npm --prefix ui run lint
step "ui: unit tests"
npm --prefix ui test --silent
step "rustfmt"
cargo fmt --all -- --check
step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "core and app tests"
cargo test --workspace --locked
step "build the app and the CLI"
cargo build --workspace --locked
step "end-to-end: the real app under Xvfb"
tests/e2e/run.sh
step "the .deb: built, installed with apt-get, run from its installed paths, removed"
tests/deb-install.sh

echo
echo "test: all checks passed in $(( $(date +%s) - start ))s"
