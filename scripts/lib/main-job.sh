#!/usr/bin/env bash
# The main job scripts/demo runs after building. It grows with the project: for now it shows
# the build's libraries and the commands that exist.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLI="${BUILD_DIR:-$ROOT/build}/app/soundframe-cli"
"$CLI" --version
"$CLI" --help
