#!/usr/bin/env bash
# The main job scripts/demo runs after building: the whole demo pipeline (soundframe-cli demo) into
# $ROOT/demo-out — world, stand-in CLIP, stages 1 and 2, evaluation, report folder — then the app
# when a display is available. Arguments pass through (e.g. --full, --seed 2, --no-open).
# A re-run continues where an interrupted one stopped. The command prints its wall time and peak
# memory (getrusage) after the results table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD="${BUILD_DIR:-$ROOT/build}"
CLI="$BUILD/app/soundframe-cli"
"$CLI" --version
# The app draws the report's charts (offscreen); the build puts it in app/gui/.
if [[ -z "${SOUNDFRAME_GUI:-}" && -x "$BUILD/app/gui/soundframe" ]]; then
  export SOUNDFRAME_GUI="$BUILD/app/gui/soundframe"
fi
exec "$CLI" demo --out "$ROOT/demo-out" "$@"
