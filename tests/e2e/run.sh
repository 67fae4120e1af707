#!/usr/bin/env bash
# Runs the end-to-end tests against the real app: Xvfb + tauri-driver + WebKitWebDriver.
# Expects the app and CLI to be built already (target/debug/kith-app, target/debug/kith);
# scripts/test.sh does that. Screenshots land in target/e2e/.
# Arguments, if any, are the test files to run (default: every tests/e2e/*.test.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/node-env.sh"
target="${CARGO_TARGET_DIR:-$root/target}"
app="$target/debug/kith-app"
cli="$target/debug/kith"
for bin in "$app" "$cli"; do
  [ -x "$bin" ] || { echo "e2e: $bin is missing: build the workspace first" >&2; exit 1; }
done
for tool in Xvfb tauri-driver WebKitWebDriver; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing: run scripts/setup.sh --test" >&2; exit 1; }
done

out="$root/target/e2e"
mkdir -p "$out"
log="$out/logs"
mkdir -p "$log"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# A display of our own: Xvfb picks a free number and writes it to fd 3. The file of the
# last run goes first: the background job opens (and empties) it only when it gets to it,
# and its old number read meanwhile would leave DISPLAY=":" (GTK then fails to start).
rm -f "$log/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$log/display" 2>"$log/xvfb.log" &
pids+=("$!")
display=""
for _ in $(seq 1 100); do
  display="$(tr -d '[:space:]' <"$log/display" 2>/dev/null || true)"
  [[ "$display" =~ ^[0-9]+$ ]] && break
  sleep 0.1
done
[[ "$display" =~ ^[0-9]+$ ]] || { echo "e2e: Xvfb did not start" >&2; cat "$log/xvfb.log" >&2; exit 1; }
export DISPLAY=":$display"

# A free port pair for tauri-driver and the native driver.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
native_port=$((port + 1))
# WebKitGTK's compositing stays on (the app turns it off on a machine with no GPU, see
# src-tauri/src/lib.rs): with it off, WebDriver's screenshot command hangs on some screens
# (People after an import, the 10,000-person list). KITH_E2E_GPU_COMPOSITING=0 runs the app
# as it runs here for a user (tests/e2e/map2000.mjs measures the map both ways).
if [ "${KITH_E2E_GPU_COMPOSITING:-1}" = 1 ]; then export KITH_GPU_COMPOSITING=1; fi
# The app writes its desktop notifications to a file instead of D-Bus (see src-tauri/src/notify.rs).
export KITH_NOTIFY_LOG="$log/notifications.log"
: >"$KITH_NOTIFY_LOG"
tauri-driver --port "$port" --native-port "$native_port" --native-driver "$(command -v WebKitWebDriver)" >"$log/tauri-driver.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do
  if (exec 4<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

if [ $# -gt 0 ]; then files=("$@"); else files=("$root"/tests/e2e/*.test.mjs); fi
KITH_E2E_APP="$app" KITH_E2E_CLI="$cli" KITH_E2E_DRIVER="http://127.0.0.1:$port" KITH_E2E_OUT="$out" \
  node --test --test-concurrency=1 "${files[@]}"
echo "e2e: screenshots in $out"
