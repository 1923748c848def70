#!/usr/bin/env bash
# Runs the WebDriver tests in tests/e2e against the debug build of the app (only a debug build
# reads the ECA_SETUP_* test hooks below: eca_core::test_hooks), inside a private
# X server and a private D-Bus session with its own unlocked keychain, with HOME and the XDG
# dirs in a throwaway folder.
set -euo pipefail
cd "$(dirname "$0")/.."

export ECA_E2E_APP="$PWD/target/debug/eca-setup"
export ECA_E2E_OUT="$PWD/tests/e2e/out"
mkdir -p "$ECA_E2E_OUT"
rm -f "$ECA_E2E_OUT"/*.png
source scripts/sandbox-home.sh
# The app opens links with this instead of a browser; the tests read what it was given.
export ECA_SETUP_OPENER="$PWD/tests/e2e/browser-stand-in.mjs"
export ECA_E2E_OPENED="$sandbox/opened-urls.txt"
# Reports are saved here instead of through the save dialog.
export ECA_SETUP_SAVE_DIR="$sandbox/reports"
mkdir -p "$ECA_SETUP_SAVE_DIR"
# The key and secret leave the clipboard after a minute; the tests wait seconds instead.
export ECA_SETUP_CLIPBOARD_SECONDS=3

# alone LOG FILE: one test file in a home, save folder, list of opened links, X server and D-Bus
# session (so keychain and single-instance check) of its own. An app that a failing file leaves
# running then cannot take the next file's launches for second instances, and no file finds what
# another saved. A failure is noted and the run goes on, so the end names every file that failed.
failed=()
alone() {
  local log=$1 file=$2
  (
    source scripts/sandbox-home.sh
    export ECA_E2E_OPENED="$sandbox/opened-urls.txt" ECA_SETUP_SAVE_DIR="$sandbox/reports"
    mkdir -p "$ECA_SETUP_SAVE_DIR"
    scripts/with-driver.sh "$ECA_E2E_OUT/$log" node --test "$file"
  ) || failed+=("$file (driver log: $ECA_E2E_OUT/$log)")
}
for file in tests/e2e/*.test.mjs; do
  alone "tauri-driver-$(basename "$file" .test.mjs).log" "$file"
done
# Every screen again in the other three looks, so axe checks each in both themes (the desktop's
# dark theme, which the window follows) and at both widths (900 px: half a laptop's screen,
# beside Salesforce): the walks, the keyboard walk and the open dialogs. The last also runs in
# French and India's time zone, so the dates on screen and in the PDF follow the OS locale;
# WebKit takes LANG only for a locale glibc has, so that one is generated if missing.
if ! locale -a | grep -qix 'fr_FR.utf-\?8'; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
fi
screens=(tests/e2e/1-wizard.test.mjs tests/e2e/2-practice.test.mjs tests/e2e/4-keyboard.test.mjs
  tests/e2e/5-vonage-sandbox.test.mjs tests/e2e/7-migration.test.mjs tests/e2e/8-partner-request.test.mjs
  tests/e2e/9-org-connection.test.mjs tests/e2e/11-axe-sees-dialogs.test.mjs)
# look NAME: every screen's file alone, in one look.
look() {
  for file in "${screens[@]}"; do
    alone "tauri-driver-$(basename "$file" .test.mjs)-$1.log" "$file"
  done
}
GTK_THEME=Adwaita:dark ECA_E2E_THEME=dark look dark
ECA_E2E_WIDTH=900 look 900
GTK_THEME=Adwaita:dark ECA_E2E_THEME=dark ECA_E2E_WIDTH=900 LANG=fr_FR.UTF-8 TZ=Asia/Kolkata \
  look dark-900
# The system's own save and folder dialogs, with nothing standing in for them.
env -u ECA_SETUP_SAVE_DIR \
  scripts/with-driver.sh "$ECA_E2E_OUT/tauri-driver-dialogs.log" node --test tests/e2e/dialogs/*.test.mjs ||
  failed+=("tests/e2e/dialogs (driver log: $ECA_E2E_OUT/tauri-driver-dialogs.log)")
# The clipboard's own minute, with nothing shortening it: within the test only quitting clears.
env -u ECA_SETUP_CLIPBOARD_SECONDS \
  scripts/with-driver.sh "$ECA_E2E_OUT/tauri-driver-clipboard.log" node --test tests/e2e/clipboard/*.test.mjs ||
  failed+=("tests/e2e/clipboard (driver log: $ECA_E2E_OUT/tauri-driver-clipboard.log)")
if [ ${#failed[@]} -gt 0 ]; then
  printf 'These WebDriver test files failed:\n' >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
