#!/usr/bin/env bash
# The desktop app on a Windows without the WebView2 runtime, as Wine is: it must show a message
# box saying what to install, log WebView2's own error, and exit with 1 once the box is closed,
# rather than vanish. Usage (scripts/cross.sh runs it): xvfb-run -a scripts/wine/no-webview2.sh EXE
# with WINEPREFIX set. The window itself (WebView2) cannot open under Wine: the end-to-end tests
# prove it on Linux, a build on Windows proves it there.
set -euo pipefail
exe=$1
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

ECA_SETUP_DATA_HOME="$data" wine "$exe" >/dev/null 2>&1 &
app=$!
box=""
for _ in $(seq 1 120); do
  box=$(xdotool search --name '^ECA Setup Assistant$' 2>/dev/null | head -1) && [ -n "$box" ] && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$box" ]; then
  echo "FAILED: no message box titled 'ECA Setup Assistant' (the app exited, or 60 s passed)" >&2
  kill "$app" 2>/dev/null || true
  exit 1
fi
xdotool windowfocus --sync "$box" key Return
status=0
wait "$app" || status=$?
if [ "$status" -ne 1 ]; then
  echo "FAILED: the app exited with $status after the message box, not 1" >&2
  exit 1
fi
log="$data/dev.ecasetup.assistant/logs/eca-setup.log"
if ! grep -q 'ERROR app.webview_missing cause=' "$log"; then
  echo "FAILED: the support log has no app.webview_missing line" >&2
  cat "$log" >&2 || true
  exit 1
fi
echo "ok: no WebView2 runtime: a message box, app.webview_missing in the log, exit 1"
