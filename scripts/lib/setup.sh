# Shared by scripts/demo and scripts/test: install what is missing, then configure and build.
# Sourced, not run. Idempotent and non-interactive (CI=true, no stdin, as root).

SOUNDFRAME_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SOUNDFRAME_ROOT/build}

# Exactly what the project needs from Debian 12. libopenblas0-openmp matters: without it
# LibTorch runs on the reference BLAS, about 30x slower (README.md, set-up).
SOUNDFRAME_BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-openmp nlohmann-json3-dev
  qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqcustomplot-dev
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
  libsndfile1-dev libsqlite3-dev libfaiss-dev libgloo-dev libicu-dev
  libqt6svg6
)
# Independent references the tests compare against, the validators of the packaging metadata, and
# Xvfb for the app tests on a real X server.
SOUNDFRAME_TEST_PACKAGES=(ffmpeg python3-torch python3-torchaudio python3-numpy sound-theme-freedesktop python3-regex
  appstream desktop-file-utils xvfb xauth)
# Real recordings and pictures the demo world (soundframe-cli demo-world) is composed from.
SOUNDFRAME_DEMO_PACKAGES=(gcompris-qt-data wesnoth-1.16-data sound-theme-freedesktop)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#} packages already installed"
    return
  fi
  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# configure_and_build [extra cmake args...]
configure_and_build() {
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    # Paths relative to the checkout, so a fresh clone elsewhere on the same machine reuses the cache
    # (a LibTorch translation unit costs ~17 s to compile).
    export CCACHE_BASEDIR="$SOUNDFRAME_ROOT" CCACHE_NOHASHDIR=1
    # The precompiled LibTorch header (cmake/SoundFrameHelpers.cmake): ccache caches its users only
    # with these.
    export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
  fi
  log "configuring $BUILD_DIR"
  cmake -S "$SOUNDFRAME_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@"
  log "building"
  # SOUNDFRAME_BUILD_TARGETS: build only these (space-separated); default everything.
  local targets=()
  [ -z "${SOUNDFRAME_BUILD_TARGETS:-}" ] || targets=(--target ${SOUNDFRAME_BUILD_TARGETS})
  cmake --build "$BUILD_DIR" --parallel "$(nproc)" "${targets[@]}"
}
