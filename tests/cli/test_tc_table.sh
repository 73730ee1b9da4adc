#!/usr/bin/env bash
# lint: no test device (bench/tc/table.py reads hand-made result files)
# The tensor-core bench table (bench/tc/table.py): the fp16 crossovers against the fp16 dense
# baseline and the 2:4 verdict follow hand-made numbers.
set -euo pipefail
cd "$SB_SOURCE_DIR/bench/tc"
python3 -m unittest -v test_table 2>&1
