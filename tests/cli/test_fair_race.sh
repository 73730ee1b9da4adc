#!/usr/bin/env bash
# The fair race's tables (bench/fair_race.py): tuned/untuned dense ratios by both timers, interleaved
# runs pooled, launch-overhead shares, failed rows never counted.
set -euo pipefail
cd "$SB_SOURCE_DIR/bench"
python3 -m unittest -v test_fair_race 2>&1
