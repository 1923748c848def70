#!/usr/bin/env bash
# Runs its arguments inside a private D-Bus session with an unlocked gnome-keyring, in a
# throwaway data dir, so tests use a real Secret Service and never the admin's login keyring.
# Usage: scripts/with-keychain.sh cargo test --workspace
# Needs dbus-run-session (dbus), gnome-keyring and gdbus (libglib2.0-bin); see RECIPES.md.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# gnome-keyring keeps its keyrings under $XDG_DATA_HOME/keyrings: never the real login keyring.
export XDG_DATA_HOME="$keyring_home"
# The vault's tests run for real here rather than skipping when no Secret Service answers.
export ECA_REQUIRE_KEYCHAIN=1

dbus-run-session -- sh -c '
  echo -n "${KEYRING_PASS:-testpass}" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # A client that starts before the daemon owns the name would start a second daemon.
  i=0; until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
    i=$((i+1)); [ $i -gt 200 ] && { echo "secret service did not come up" >&2; exit 1; }; sleep 0.05; done
  exec "$@"' sh "$@"
