#!/bin/bash
# EPYC must-show (issue 13): tune --dense-only on bench-cpu shapes (budget 30 min), then tuned vs
# untuned CLBlast interleaved. Binary and sources frozen at 93ee769 in .epyc/.
set -u
E=/work/wt/fairrace/.epyc
export SPARSEBENCH_HOME=$E/src SPARSEBENCH_TUNING_DIR=$E/tuning SPARSEBENCH_CACHE=$E/cache
cd $E/src
SB="nice -n 5 $E/sparsebench"
echo "== start $(date -u +%FT%TZ) uptime: $(uptime)"
$SB peak --device cpu 2>&1
echo "== tune start $(date -u +%FT%TZ) uptime: $(uptime)"
$SB tune configs/bench-cpu.yaml --device cpu --dense-only --budget 30 2>&1
echo "== tune end rc=$? $(date -u +%FT%TZ) uptime: $(uptime)"
ls -la $E/tuning; cat $E/tuning/* 2>/dev/null | head -100
mkdir -p $E/runs
for s in 0.5 0.7 0.9 0.95 0.98; do
  echo "== round $s $(date -u +%FT%TZ) uptime: $(uptime)"
  $SB run configs/bench-cpu.yaml --device cpu --kernels clblast --sparsity $s --no-progress -o $E/runs/tuned-$s 2>&1 | tail -15
  $SB run configs/bench-cpu.yaml --device cpu --kernels clblast --sparsity $s --no-progress --tuning none -o $E/runs/untuned-$s 2>&1 | tail -15
done
echo "== rounds end $(date -u +%FT%TZ) uptime: $(uptime)"
# the whole study with the tuned baseline, for the speedups (sparse kernels vs tuned CLBlast)
$SB run configs/bench-cpu.yaml --device cpu --no-progress -o $E/runs/full-tuned 2>&1 | tail -40
echo "== end $(date -u +%FT%TZ) uptime: $(uptime)"
