#!/usr/bin/env bash
# Runs a command with a real window at hand: a private X server (Xvfb), a private keychain
# (with-keychain.sh) and tauri-driver in front of WebKitWebDriver, logging to LOG. The driver
# listens on ECA_E2E_DRIVER_PORT (4444 unless set; WebKitWebDriver on the next port), which the
# tests read too, so two runs on one machine can each have their own.
# Usage: scripts/with-driver.sh LOG COMMAND [ARGS...]
set -euo pipefail

export DRIVER_LOG=$1
shift
export ECA_E2E_DRIVER_PORT="${ECA_E2E_DRIVER_PORT:-4444}"
# A driver left over from an earlier run would take the tests' sessions into its own X server,
# where every one of them times out: say so at once instead.
if curl -s -o /dev/null "http://127.0.0.1:$ECA_E2E_DRIVER_PORT/status" 2>/dev/null; then
  echo "Something already answers on port $ECA_E2E_DRIVER_PORT (a tauri-driver left running?): stop it, or set ECA_E2E_DRIVER_PORT." >&2
  exit 1
fi
xvfb-run -a -s '-screen 0 1280x1024x24' "$(dirname "$0")/with-keychain.sh" bash -c '
  port=$ECA_E2E_DRIVER_PORT
  tauri-driver --port "$port" --native-port $((port + 1)) --native-driver /usr/bin/WebKitWebDriver > "$DRIVER_LOG" 2>&1 &
  driver=$!
  # tauri-driver leaves WebKitWebDriver behind otherwise.
  trap "kill \$(pgrep -P $driver) $driver 2>/dev/null || true" EXIT
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/status" >/dev/null && break; sleep 0.05; done
  "$@"' bash "$@"
