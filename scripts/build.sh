#!/usr/bin/env bash
# Configures and builds cococtl into ./build (Ninja, RelWithDebInfo, ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCOCOCTL_WERROR=ON "$@" >/dev/null
cmake --build "$BUILD_DIR"
