#!/bin/sh
# Install the Debian packages workplan needs to build and test, skipping
# those already present. Runs apt-get as root, or through sudo.
set -eu

PACKAGES="
  build-essential g++ pkg-config meson ninja-build
  libutf8proc-dev libcbor-dev libjansson-dev libcmocka-dev libopencc-dev
  python3 python3-dev python3-pytest python3-cbor2 swig
  python3-pandas python3-matplotlib fonts-noto-cjk python3-mesonpy python3-pip python3-venv
  valgrind gcovr
  libzip-dev libxml2-dev libxlsxwriter-dev libxxhash-dev libsqlite3-dev
  python3-openpyxl python3-docx doxygen scdoc
  chromium
  clang-14 libclang-rt-14-dev
"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
