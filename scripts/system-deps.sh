#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its tests need, only those that are missing.
set -euo pipefail

packages=(
  pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev
  webkit2gtk-driver xvfb xauth dbus dbus-x11 libglib2.0-bin gnome-keyring libsecret-tools imagemagick poppler-utils curl xclip xdotool
  appstream desktop-file-utils locales tzdata
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
