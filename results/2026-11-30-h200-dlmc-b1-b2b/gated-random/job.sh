#!/usr/bin/env bash
# Lead (session 5): DLMC ResNet-50 90% at batch 1, the random model of
# configs/resnet50-dlmc-methods.yaml (54 layers), csr_auto against cuSPARSE CSR on the same
# patterns by per-run events and by gated back-to-back batches (the b2b columns). Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead5-b1-random "${JOB_TIMEOUT:-240}"
sb_job_build
python3 - <<'PY'
import re
s = open('configs/resnet50-dlmc-methods.yaml').read()
head, models = s.split('models:\n', 1)
keep = [b for b in re.split(r'(?m)^  - ', models) if b.startswith('name: random')]
assert len(keep) == 1
open('dlmc-random.yaml', 'w').write(head + 'models:\n  - ' + keep[0])
PY
cp dlmc-random.yaml "$OUT/"
vs_part dlmc-b1-random 110 dlmc-random.yaml model \
    "DLMC ResNet-50 90% random, batch 1: csr_auto vs cuSPARSE (per-run events and gated back to back)" \
    -- --data-dir "$DATA" --kernels csr_auto
grep -E '^\| random \| ' "$OUT/dlmc-b1-random/vs-cusparse.md" 2>/dev/null
stamp end
