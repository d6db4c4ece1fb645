#!/usr/bin/env bash
# Installs the Debian packages tenantsim needs to build, test and benchmark (only those missing).
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libcpp-httplib-dev nlohmann-json3-dev
  libboost-program-options-dev libgtest-dev libssl-dev libhiredis-dev curl python3 ccache "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
