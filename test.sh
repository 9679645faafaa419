#!/usr/bin/env bash
# The one command that runs SupportBot's tests, on a fresh Debian/Ubuntu machine too:
#   1. installs with apt-get what the tests start themselves and is missing (it says what, first),
#   2. restores web/ with `npm ci` (the Adaptive Cards renderer and playwright-core for the browser tests),
#   3. runs `dotnet test SupportBot.sln` (extra arguments are passed on, e.g. --filter Telemetry).
# `./test.sh --check` only says what would be installed. Needs the .NET 10 SDK (not installed here: see README).
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests run for real (a missing one fails the run; nothing is skipped).
# Not "loki": Debian's package of that name is a genetics program; the log tests use a Loki HTTP stand-in.
apt_packages=(redis-server redis-tools tzdata chromium prometheus prometheus-alertmanager curl nodejs)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# On Debian npm is a package of its own; a Node.js from elsewhere may bring its own npm.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test.sh: everything the tests need is installed."
else
  echo "test.sh: will install with apt-get: ${missing[*]}"
fi
if [ "${1:-}" = "--check" ]; then exit 0; fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK is needed (https://dot.net); it is not installed by this script." >&2; exit 1; }

# npm packages (web/package-lock.json): the Adaptive Cards renderer for /dev and playwright-core for the browser
# tests, which drive Debian's chromium (playwright downloads no browser).
(cd web && npm ci --no-audit --no-fund)

exec dotnet test SupportBot.sln "$@"
