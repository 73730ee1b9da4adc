#!/usr/bin/env bash
# The crossover's bootstrap interval in `report` on synthetic studies with a known crossover
# (check_crossover_ci.py says what it checks). No device needed.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$SB_SOURCE_DIR/tests/cli/check_crossover_ci.py" "$SB_BIN" "$tmp"
