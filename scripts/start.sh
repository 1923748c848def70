#!/usr/bin/env bash
# Builds and starts ECA Setup Assistant, installing whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-deps.sh
[ -d node_modules ] || npm install --no-audit --no-fund
npm run --silent build:ui
cargo build --release -p eca-setup
exec target/release/eca-setup "$@"
