#!/usr/bin/env bash
# Installs the given Debian packages when they are missing (the checks' own tools: valgrind,
# clang and its sanitizer/libFuzzer runtime), as tools/bootstrap.sh does for the build.
# Usage: tools/check/apt_need.sh PACKAGE...
set -euo pipefail
missing=()
for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "check: installing ${missing[*]}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null; then
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
