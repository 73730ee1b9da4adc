#!/usr/bin/env bash
# sparsebench compare on synthetic result directories of known distributions: verdicts, values,
# unmatched cases, the regression exit status, seeds, devices, shards, bad input
# (check_compare.py says what it checks). No device needed.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$SB_SOURCE_DIR/tests/cli/check_compare.py" "$SB_BIN" "$tmp"
