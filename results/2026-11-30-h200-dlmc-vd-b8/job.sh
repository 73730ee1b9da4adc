#!/usr/bin/env bash
# Lead (session 4): the part of the DLMC batch-8 comparison that session 3's call cut (variational
# dropout, 54 layers), csr_auto as landed now against cuSPARSE on the same patterns.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata; ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc; export SPARSEBENCH_DATA=/tmp/sbdata
fi
stamp "build $(cat COMMIT); data ${SPARSEBENCH_DATA:-none}"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
# the config with its variational-dropout model only (same name, seed and layers)
python3 - <<'PY'
import re
s = open('configs/resnet50-dlmc-methods.yaml').read()
head, models = s.split('models:\n', 1)
blocks = re.split(r'(?m)^  - ', models)
keep = [b for b in blocks if b.startswith('name: variational')]
assert len(keep) == 1, 'no variational model'
open('dlmc-vd.yaml', 'w').write(head + 'models:\n  - ' + keep[0])
PY
cp dlmc-vd.yaml "$out/"
lim=$(( ${JOB_TIMEOUT:-300} - ($(date +%s) - start) - 25 ))
stamp "dlmc VD batch 8 (limit ${lim}s for the suite and the anchor each)"
bash bench/vs_cusparse.sh dlmc-vd.yaml --out "$out/dlmc-vd-b8" --device nvidia --group model --profile \
    --limit $(( lim / 2 )) --title "DLMC ResNet-50 90% variational dropout, batch 8: csr_auto vs cuSPARSE" \
    -- --data-dir "$SPARSEBENCH_DATA" --batch 8 > "$out/dlmc-vd-b8.log" 2>&1
echo "exit $?" >> "$out/dlmc-vd-b8.log"
tail -20 "$out/dlmc-vd-b8.log"
stamp done
