#!/usr/bin/env bash
# Installs every build and test dependency of cococtl from Debian's packages.
# Idempotent and quiet when everything is already present.
# Usage: scripts/install-deps.sh [--fuzz]   (--fuzz: also clang's libFuzzer runtime, for scripts/fuzz.sh)
set -euo pipefail

packages=(
  # build
  cmake ninja-build ccache g++ pkg-config
  # libraries
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  libfmt-dev libspdlog-dev libyaml-dev libdtl-dev libarchive-dev libkainjow-mustache-dev libcpp-httplib-dev zlib1g-dev libzstd-dev liblz4-dev libacl1-dev liblzma-dev libbz2-dev libxml2-dev nettle-dev
  # tests: framework and real programs nobody here wrote
  catch2 openssl docker-registry apache2-utils curl zstd gzip time
  # tests: TOML parser (tomllib) cross-checks initdata, ssh-keygen checks the debug key
  python3 openssh-client
  # scripts/check.sh: format and lint gate on changed lines
  clang-format-14 clang-tidy-14
)
if [ "${1:-}" = --fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the registry service on install; the tests run their own instances.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
