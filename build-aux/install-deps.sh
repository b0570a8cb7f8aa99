#!/usr/bin/env bash
# Installs the Debian 12 packages QI Coach needs to build, run and test.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(
  # toolchain and build
  build-essential meson ninja-build pkg-config gettext
  # libraries
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev libxml2-dev libjson-glib-dev libcairo2-dev
  # validation tools used by tests
  libxml2-utils desktop-file-utils appstream shared-mime-info poppler-utils time
  # UI tests: virtual display, session bus, accessibility, screenshots
  xvfb xauth dbus at-spi2-core python3 python3-pyatspi python3-gi gir1.2-gtk-4.0 imagemagick
  adwaita-icon-theme hicolor-icon-theme librsvg2-common fonts-cantarell
  # benchmarks
  sqlite3 bc
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
