#!/usr/bin/env bash
# Runs the WebDriver tests in tests/e2e against the debug build of the app, inside a private
# X server and a private D-Bus session with its own unlocked keychain, with HOME and the XDG
# dirs in a throwaway folder.
set -euo pipefail
cd "$(dirname "$0")/.."

export ECA_E2E_APP="$PWD/target/debug/eca-setup"
export ECA_E2E_OUT="$PWD/tests/e2e/out"
mkdir -p "$ECA_E2E_OUT"
rm -f "$ECA_E2E_OUT"/*.png
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
  XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The app opens links with this instead of a browser; the tests read what it was given.
export ECA_SETUP_OPENER="$PWD/tests/e2e/browser-stand-in.mjs"
export ECA_E2E_OPENED="$sandbox/opened-urls.txt"
# Reports are saved here instead of through the save dialog.
export ECA_SETUP_SAVE_DIR="$sandbox/reports"
mkdir -p "$ECA_SETUP_SAVE_DIR"
# The key and secret leave the clipboard after a minute; the tests wait seconds instead.
export ECA_SETUP_CLIPBOARD_SECONDS=3

xvfb-run -a -s '-screen 0 1280x1024x24' scripts/with-keychain.sh bash -c '
  tauri-driver --port 4444 --native-driver /usr/bin/WebKitWebDriver > "$ECA_E2E_OUT/tauri-driver.log" 2>&1 &
  driver=$!
  trap "kill \$(pgrep -P $driver) $driver 2>/dev/null || true" EXIT
  for _ in $(seq 200); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.05; done
  node --test --test-concurrency=1 tests/e2e/*.test.mjs'
