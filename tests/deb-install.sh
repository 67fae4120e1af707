#!/usr/bin/env bash
# Installs the .deb that scripts/deb.sh builds (from the debug build: CI compiles no release)
# on this machine, as a person would (`apt-get install ./…deb`), checks what it put in place —
# the CLI runs, the desktop entry and the AppStream metadata are valid, the icons are there, the
# tray program is there and links no WebKit —, starts the installed app under Xvfb until its
# window shows, starts it as the login item does (it becomes the installed kith-tray, found
# beside it), and removes the package again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
target="${CARGO_TARGET_DIR:-$root/target}"
rm -f "$target"/debug/bundle/deb/*.deb
scripts/deb.sh --debug >/dev/null
deb="$(ls -1 "$target"/debug/bundle/deb/*.deb | head -n 1)"
pkg="$(dpkg-deb -f "$deb" Package)"
echo "deb-install: $deb ($(du -h "$deb" | cut -f1)), package $pkg"
tmp="$(mktemp -d)"
cleanup() {
  [ -n "${app:-}" ] && kill "$app" 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$pkg" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
/usr/bin/kith --version
[ -x /usr/bin/kith-tray ] || { echo "deb-install: no /usr/bin/kith-tray" >&2; exit 1; }
if ldd /usr/bin/kith-tray | grep -Eq 'webkit2gtk|javascriptcoregtk'; then
  echo "deb-install: /usr/bin/kith-tray links WebKit" >&2; exit 1
fi
/usr/bin/kith contact add "Ana Ruiz" --db "$tmp/kith.db" >/dev/null
# The matching model ships in the package: with a home of its own (no model in
# ~/.local/share), the installed CLI still matches a need and an offer that share no word.
bare=(env -u KITH_MODEL_DIR HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_CACHE_HOME="$tmp/home/cache")
"${bare[@]}" /usr/bin/kith --db "$tmp/kith.db" ask add me --need "my violin needs a new bridge and setup" >/dev/null
"${bare[@]}" /usr/bin/kith --db "$tmp/kith.db" ask add "Ana Ruiz" --offer "Luthier: repairs of string instruments" >/dev/null
"${bare[@]}" /usr/bin/kith --db "$tmp/kith.db" help-opportunities | grep -q "close in meaning" ||
  { echo "deb-install: the installed kith does not match by meaning (no model in /usr/lib/kith/models?)" >&2; exit 1; }
desktop="$(dpkg -L "$pkg" | grep -E '^/usr/share/applications/.*\.desktop$')"
desktop-file-validate "$desktop"
grep -q '^Categories=Office;ContactManagement;$' "$desktop"
grep -q '^StartupWMClass=kith-app$' "$desktop"
appstreamcli validate --no-net /usr/share/metainfo/app.kith.desktop.metainfo.xml >/dev/null
launchable="$(sed -n 's:.*<launchable type="desktop-id">\(.*\)</launchable>.*:\1:p' /usr/share/metainfo/app.kith.desktop.metainfo.xml)"
[ "$launchable" = "$(basename "$desktop")" ] || { echo "deb-install: AppStream names $launchable, the entry is $(basename "$desktop")" >&2; exit 1; }
for size in 16 24 32 48 64 128 256 512; do
  dpkg -L "$pkg" | grep -q "/icons/hicolor/${size}x${size}/apps/" || { echo "deb-install: no ${size}x${size} icon" >&2; exit 1; }
done
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>/dev/null &
xvfb=$!
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$tmp/display")"
XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp" KITH_GPU_COMPOSITING=1 \
  /usr/bin/kith-app --db "$tmp/kith.db" >"$tmp/app.log" 2>&1 &
app=$!
# Found once is enough: a search again can fail on a window WebKit makes and drops meanwhile
# (X's BadWindow), which is no sign that Kith's is not there.
shown=no
for _ in $(seq 1 600); do
  if xdotool search --onlyvisible --name '^Kith$' >/dev/null 2>&1; then shown=yes; break; fi
  kill -0 "$app" 2>/dev/null || { cat "$tmp/app.log" >&2; echo "deb-install: the installed app exited" >&2; exit 1; }
  sleep 0.1
done
[ "$shown" = yes ] || { cat "$tmp/app.log" >&2; echo "deb-install: no window in 60 s" >&2; exit 1; }
kill "$app"; wait "$app" 2>/dev/null || true
# As the login item starts it (KITH_TRAY=1: this display has no tray to find): the installed
# app replaces itself by the installed kith-tray.
KITH_TRAY=1 XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp" \
  /usr/bin/kith-app --db "$tmp/kith.db" --hidden >"$tmp/tray.log" 2>&1 &
app=$!
for _ in $(seq 1 100); do
  [ "$(readlink "/proc/$app/exe" 2>/dev/null)" = /usr/bin/kith-tray ] && break
  kill -0 "$app" 2>/dev/null || { cat "$tmp/tray.log" >&2; echo "deb-install: the hidden start exited" >&2; exit 1; }
  sleep 0.1
done
[ "$(readlink "/proc/$app/exe")" = /usr/bin/kith-tray ] || { cat "$tmp/tray.log" >&2; echo "deb-install: the hidden start did not become /usr/bin/kith-tray" >&2; exit 1; }
sleep 1
kill -0 "$app" 2>/dev/null || { cat "$tmp/tray.log" >&2; echo "deb-install: kith-tray exited" >&2; exit 1; }
echo "deb-install: installed, ran (/usr/bin/kith, /usr/bin/kith-app's window, /usr/bin/kith-tray from the hidden start), removed"
