#!/usr/bin/env bash
# Prints the median time of a client-credentials verification against the practice org next to
# the same HTTP requests made by curl. Not a test: numbers vary by machine.
# PROFILE=dev scripts/bench-verify.sh skips the slow optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --profile "${PROFILE:-release}" -p eca-verify --example bench_verify
