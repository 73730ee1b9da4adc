#!/usr/bin/env bash
# lint: no test device (bench/cusparse_table.py reads hand-made result files)
# The table against cuSPARSE (bench/cusparse_table.py, what bench/vs_cusparse.sh prints): the
# ratios by per-run and back-to-back time, their geometric mean and worst case, and a suite that
# ran on two devices refused unless --device-index chooses one.
set -euo pipefail
cd "$SB_SOURCE_DIR/bench"
python3 -m unittest -v test_cusparse_table 2>&1
