#!/usr/bin/env bash
# Configs: csr_gen.py held-csr "d-512x4608:512:4608:0.9:fp32:49/25/13/7,d-2048x512:2048:512:
#   0.9:fp32:49/15/5,d-512x2048:512:2048:0.9:fp32:49/31/3,d-1024x1024:1024:1024:0.7:fp32:
#   5/11/21/49/63,d-4096x1024:4096:1024:0.95:fp32:7/19/49,d-1536x1536:1536:1536:0.8:fp32:
#   3/9/27/49,e-512x4608:512:4608:0.9:fp16:49/13/5,e-2048x2048:2048:2048:0.7:fp16:7/21/49,
#   e-1024x4096:1024:4096:0.9:fp16:5/17/49,e-3072x768:3072:768:0.8:fp16:3/11/33/49"
# rs13 d (csr_auto's AUTO_SHIFT, session 13), one call: the held-out run of SHIFT 1 in csr_balanced
# where csr_auto picks it on a GPU (narrow, split) and VEC leaves a partial vector. held-csr/
# (configs from csr_gen.py, criterion in held-csr/README.md, committed before the run):
#  1. one round of csr_auto over each config (its choice, which reads the matrix);
#  2. csr_explicit.py: per case where the rule fires, variants auto, auto2 (csr_auto), new (the
#     choice given to csr_balanced explicitly) and old (the same, SHIFT 0);
#  3. sb_sweep, 8 paired rounds, one stage per case; rs12's held_table.py. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs13-d "${JOB_TIMEOUT:-440}"
SB_JOB_MARGIN=10
sb_job_build
D=bench/explore/rs13gpu/held-csr
V=/tmp/rs13d-variants
mkdir -p "$V"
for y in "$D"/*.yaml; do
    m=$(basename "$y" .yaml)
    printf 'auto csr_auto\n' > "$V/pass1.txt"
    stage "pass1-$m" 30 "$y" --device nvidia --variants "$V/pass1.txt" --rounds 1
    cp "$y" "$V/"
done
python3 bench/explore/rs13gpu/csr_explicit.py "$V" "$OUT"/pass1-*.jsonl > "$OUT/cases.txt" 2>&1
cat "$OUT/cases.txt"
cp "$V"/*-N*.txt "$OUT/" 2>/dev/null
case_stages d "$V" 10 8
python3 bench/explore/rs12gpu/held_table.py "$OUT"/d-*.jsonl > "$OUT/held.md" 2>&1
gzip -f "$OUT"/d-*.jsonl "$OUT"/pass1-*.jsonl
cat "$OUT/held.md"
stamp end
