#!/usr/bin/env bash
# Runs a command with a real window at hand: a private X server (Xvfb), a private keychain
# (with-keychain.sh) and tauri-driver on port 4444 in front of WebKitWebDriver, logging to LOG.
# Usage: scripts/with-driver.sh LOG COMMAND [ARGS...]
set -euo pipefail

export DRIVER_LOG=$1
shift
xvfb-run -a -s '-screen 0 1280x1024x24' "$(dirname "$0")/with-keychain.sh" bash -c '
  tauri-driver --port 4444 --native-driver /usr/bin/WebKitWebDriver > "$DRIVER_LOG" 2>&1 &
  driver=$!
  # tauri-driver leaves WebKitWebDriver behind otherwise.
  trap "kill \$(pgrep -P $driver) $driver 2>/dev/null || true" EXIT
  for _ in $(seq 200); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.05; done
  "$@"' bash "$@"
