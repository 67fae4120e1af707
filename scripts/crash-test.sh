#!/usr/bin/env bash
# The long crash test (issue 7), run by hand: a release build of the `kith` CLI killed with
# SIGKILL at random moments while it writes, the database checked after every kill.
#   scripts/crash-test.sh [KILLS] [SEED]     (default 250 kills)
# CI runs the same test with 30 kills as part of `cargo test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
KITH_CRASH_KILLS="${1:-250}" KITH_CRASH_SEED="${2:-$RANDOM$RANDOM}" \
  cargo test --release --locked -p kith --test crash -- --nocapture
