#!/usr/bin/env bash
# Installs the Debian packages redsim needs to build, test and benchmark.
# Idempotent: when every package is already installed it does nothing (no apt calls).
# Works as root or through sudo. Usage: scripts/deps.sh [--check]
#   --check   only report what is missing; exit 1 if anything is.
set -euo pipefail

PACKAGES=(
  # build and tests
  cmake ninja-build g++ make pkg-config doctest-dev
  # engine
  libxxhash-dev liblzf-dev nettle-dev
  # scripting: Lua 5.1 with the cjson and bit modules Redis preloads
  liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
  # repl and server
  libreadline-dev libcli11-dev libasio-dev
  # lessons: TOML front matter, Markdown, JSON grading reports
  libtomlplusplus-dev libmd4c-dev nlohmann-json3-dev
  # benchmarks
  libbenchmark-dev
  # the oracle: tests compare transcripts with a real redis-server 7.0
  redis-server redis-tools
  # real-client tests of `redsim serve`
  python3-redis
  # pseudo-terminal REPL test and scripts
  python3 procps iproute2
  # the TAP report test reads its YAML blocks back
  python3-yaml
  # redsim-gui: Dear ImGui 1.86 (GLFW and OpenGL3 backends), PNG writing, the font
  libimgui-dev libglfw3-dev libgl-dev libstb-dev fonts-jetbrains-mono
  # GUI tests and screenshots on a machine without a display
  xvfb xauth libgl1-mesa-dri
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "missing: ${missing[*]}"
  exit 1
fi

echo "deps: installing ${missing[*]}" >&2
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian package may start a redis-server service on port 6379; the tests start their own.
