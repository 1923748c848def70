#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS each (default 10), one at a time, and
# prints one line per target. Exits non-zero if any target crashed; the input that did it stays
# in fuzz/artifacts/<target>/.
#
#   FUZZ_SECONDS=60 scripts/fuzz.sh          # longer
#   FUZZ_SANITIZER=address scripts/fuzz.sh   # with AddressSanitizer (slower; the code is safe Rust)
#   FUZZ_DEV=1 scripts/fuzz.sh               # unoptimised: builds in 2 min instead of 6-9, runs slower
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-10}"
sanitizer="${FUZZ_SANITIZER:-none}"
build=(-s "$sanitizer")
[ -n "${FUZZ_DEV:-}" ] && build+=(--dev)

# cargo-fuzz passes nightly-only flags to rustc; this lets the stable toolchain accept them, so
# fuzzing needs no second toolchain.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# One build for every target, so the timed runs below only fuzz.
cargo fuzz build "${build[@]}"

log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT
failed=0
printf '%-18s %8s %12s  %s\n' target seconds executions result
for target in $(cargo fuzz list); do
    # The seeds are committed; the corpus libFuzzer grows from them is not (see fuzz/.gitignore),
    # and is kept between runs so each run starts where the last one stopped.
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
    cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true

    log="$log_dir/$target.log"
    started=$(date +%s)
    if cargo fuzz run "${build[@]}" "$target" "$corpus" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        # libFuzzer names the reproducer on a line "Test unit written to <path>".
        crash=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
        result="${crash:+crash: $crash}"
        result="${result:-failed without a crash file; log below}"
        failed=1
        tail -n 40 "$log" >&2
    fi
    ran=$(($(date +%s) - started))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    printf '%-18s %8s %12s  %s\n' "$target" "$ran" "${executions:-?}" "$result"
done
exit "$failed"
