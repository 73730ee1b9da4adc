#!/usr/bin/env bash
# Lead (session 7), a two-GPU machine, one job: (1) `run --resume` on real hardware after 8917c68:
# a run started with one H200 visible (CUDA_VISIBLE_DEVICES=0) and interrupted (SIGINT) must be
# refused when resumed with both visible (selection 'nvidia' matches two), and must finish with
# the first one alone. (2) The DLMC batch-8 layer the like-for-like runs did not reach (random
# initial_conv), our side; cuSPARSE's is on record (ragged5-2).
set -u
. bench/explore/lib.sh
sb_job_start lead7-g "${JOB_TIMEOUT:-200}"
SB_JOB_MARGIN=6
sb_job_build
L=bench/explore/lead7
T="configs/transformer.yaml --device nvidia --N 256 --sparsity 0.9 --kernels csr_auto --no-progress"
stamp "start on GPU 0, interrupt after 6 s"
CUDA_VISIBLE_DEVICES=0 timeout -s INT 6 build/sparsebench run $T --out "$OUT/rs" > "$OUT/rs-1.log" 2>&1
echo "first: exit $? ($(grep -c ',ok,' "$OUT/rs/results.csv") rows), run.json state: $(python3 -c "import json;print(json.load(open('$OUT/rs/run.json'))['state'])")"
build/sparsebench run --resume "$OUT/rs" > "$OUT/rs-2.log" 2>&1
echo "resume with both GPUs visible: exit $?: $(tail -1 "$OUT/rs-2.log" | cut -c1-400)"
CUDA_VISIBLE_DEVICES=0 timeout -s INT 60 build/sparsebench run --resume "$OUT/rs" > "$OUT/rs-3.log" 2>&1
echo "resume with GPU 0 alone: exit $? ($(grep -c ',ok,' "$OUT/rs/results.csv") rows ok), state: $(python3 -c "import json;m=json.load(open('$OUT/rs/run.json'));print(m['state'], len(m['devices']), 'device(s), resumed', m.get('resumed'))")"
python3 -c "
import csv,collections;print('rows per device:', dict(collections.Counter(r['device_index'] for r in csv.DictReader(open('$OUT/rs/results.csv')))))"
stamp "random initial_conv, batch 8"
CUDA_VISIBLE_DEVICES=0 timeout -s INT 90 build/sparsebench run $L/dlmc-random-initial.yaml --device nvidia --data-dir "$DATA" --batch 8 --out "$OUT/initial" --no-progress > "$OUT/initial.log" 2>&1
echo "initial_conv: exit $?"
grep -E 'csr_auto|clblast' "$OUT/initial/results.csv" | cut -d, -f6-10,16-24,29,37-40 | head -3
stamp end
