#!/usr/bin/env bash
# The benchmark (not part of the test command): builds the release app, its CLI, the .deb and
# the empty Tauri 2 app in bench/empty-tauri it is measured against, then prints a table of
# medians and ratios and writes it, dated and with the machine, into README.md's Performance
# section between its bench markers (bench/readme-table.mjs): the README's figures come from a
# run, never from a hand edit. BENCH_RUNS sets the launches per app (default 5); BENCH_README
# names another file to write the table to, for a trial run that should leave the README alone.
# BENCH_FLOOR names another build of the app to measure against instead (bench/run.mjs).
# A launch that fails is reported with the app's output and tried once more (bench/run.mjs).
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

source scripts/sandbox-home.sh

scripts/with-driver.sh "$sandbox/tauri-driver.log" node bench/run.mjs
