#!/usr/bin/env bash
# The benchmark (not part of the test command): builds the release app, its CLI, the .deb and
# the empty Tauri 2 app in bench/empty-tauri it is measured against, then prints a table of
# medians and ratios. BENCH_RUNS sets the launches per app (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-deps.sh
npm install --no-audit --no-fund --loglevel=error
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked --version '^2'
npm run --silent build:ui

(cd src-tauri && npx tauri build --bundles deb)
cargo build --release --locked -p eca-setup-cli
cargo build --release --locked -p eca-verify --example bench_verify
cargo build --release --locked -p eca-report --example bench_report
# The floor: same Tauri version (this lock file) and the same release profile.
cp Cargo.lock bench/empty-tauri/Cargo.lock
CARGO_TARGET_DIR="$PWD/target" cargo build --release --manifest-path bench/empty-tauri/Cargo.toml

sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
  XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

xvfb-run -a -s '-screen 0 1280x1024x24' scripts/with-keychain.sh bash -c '
  tauri-driver --port 4444 --native-driver /usr/bin/WebKitWebDriver > "$XDG_RUNTIME_DIR/tauri-driver.log" 2>&1 &
  driver=$!
  trap "kill \$(pgrep -P $driver) $driver 2>/dev/null || true" EXIT
  for _ in $(seq 200); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.05; done
  node bench/run.mjs'
