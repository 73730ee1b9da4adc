#!/usr/bin/env bash
# The benchmark's ratio table (bench/ratio_table.py): a wrong row never wins, each target's verdict
# follows the numbers.
set -euo pipefail
cd "$SB_SOURCE_DIR/bench"
python3 -m unittest -v test_ratio_table 2>&1
