#!/usr/bin/env bash
# Windows and macOS from this Linux machine: every crate linted for x86_64-pc-windows-gnu and
# aarch64-apple-darwin, the CLI and the desktop app linked for Windows with Debian's mingw-w64,
# the tests of the CLI, the vault (Credential Manager), the core and the redirect listener's
# sockets run on Windows under Wine, and the desktop app checked to say so when WebView2 is
# missing (Wine has none).
# Installs what it needs: the two Rust targets, and the Debian packages that are missing.
#
# Its own target folder (target/cross, or CROSS_TARGET_DIR), so it never waits on the main
# build's lock; the Wine prefix lives there too, never in the admin's ~/.wine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

windows=x86_64-pc-windows-gnu
macos=aarch64-apple-darwin
export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$PWD/target/cross}"

step "Cross: Rust targets and Debian packages (mingw-w64, clang, Wine)"
installed=$(rustup target list --installed)
for target in "$windows" "$macos"; do
  grep -qx "$target" <<<"$installed" || rustup target add "$target"
done
# gcc-mingw-w64-x86-64: the Windows linker and windres (tauri-build's resource file);
# clang and llvm: objc2-exception-helper's Objective-C, compiled (not linked) for macOS;
# wine and wine64: the 64-bit Wine alone, no i386 architecture needed; xvfb, xauth and xdotool:
# the desktop app's message box under Wine.
packages=(gcc-mingw-w64-x86-64 clang llvm wine wine64 xvfb xauth xdotool)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

step "Windows: lints, the whole workspace ($windows)"
cargo clippy --workspace --all-targets --locked --target "$windows" -- -D warnings

step "macOS: lints, the whole workspace ($macos; Debian's clang for the one Objective-C file)"
# objc2-exception-helper's build script compiles try_catch.m with `-arch arm64`, which gcc does
# not know; the file includes no header, so clang needs no Apple SDK. Nothing is linked.
CC_aarch64_apple_darwin=clang AR_aarch64_apple_darwin=llvm-ar \
  cargo clippy --workspace --all-targets --locked --target "$macos" -- -D warnings

step "Windows: the desktop app and the CLI linked with mingw-w64"
cargo build --locked -p eca-setup -p eca-setup-cli --target "$windows"
out="$CARGO_TARGET_DIR/$windows/debug"
ls -l "$out/eca-setup.exe" "$out/eca-setup-cli.exe" "$out/WebView2Loader.dll"

step "Windows: the tests of the CLI, the vault and the core under Wine"
export WINEPREFIX="$CARGO_TARGET_DIR/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Console programs only: no window, so no display either.
unset DISPLAY WAYLAND_DISPLAY
[ -f "$WINEPREFIX/system.reg" ] || wineboot --init
# Debian 12's Wine 8 has no bcryptprimitives.dll, whose ProcessPrng every Rust program since 1.78
# imports (Wine 9 has it); the prefix gets a stand-in built from scripts/wine/bcryptprimitives.c.
if [ ! -e /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -ladvapi32
fi
# insta cannot ask cargo (a Linux program) for the workspace from inside Wine: it is told.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine INSTA_WORKSPACE_ROOT="$PWD"
# The vault's include each platform's keychain errors and Credential Manager's 2,560-byte limit;
# the core's, its saved files, locks and paths. What Windows cannot run is ignored by name, with
# the reason, in the test output.
cargo test --locked --target "$windows" -p eca-setup-cli -p eca-vault -p eca-core --no-fail-fast
# The redirect listener's sockets: exclusive address use, read back from Winsock.
cargo test --locked --target "$windows" -p eca-verify --lib loopback

step "Windows: the desktop app under Wine, which has no WebView2 runtime, says so and exits"
# The Wine server the tests started has no display; this one needs Xvfb's.
wineserver -k 2>/dev/null || true
xvfb-run -a scripts/wine/no-webview2.sh "$out/eca-setup.exe"
wineserver -k 2>/dev/null || true
