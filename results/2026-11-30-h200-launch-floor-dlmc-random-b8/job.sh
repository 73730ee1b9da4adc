#!/usr/bin/env bash
# Lead (session 5): DLMC batch 8, random pruning (54 layers; session 3 measured 48 of them before
# its call was cut), csr_auto as landed now against cuSPARSE on the same patterns.
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
# the launch floor of each side: ours (sparsebench peak: median event time of a kernel that does
# nothing, 51 isolated launches) and CUDA's (a one-element add: events around one launch, median of
# 51; and 200 back to back between two events, as the cuSPARSE anchor's kernel_ms is timed)
stamp "launch floors"
build/sparsebench peak --device nvidia --refresh --json > "$out/peak.json" 2> "$out/peak.err"
python3 - > "$out/cuda-floor.json" 2> "$out/cuda-floor.err" <<'PY'
import json, statistics, torch
x = torch.zeros(1, device="cuda")
for _ in range(20):
    x.add_(1)
torch.cuda.synchronize()
one = []
for _ in range(51):
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record(); x.add_(1); b.record(); b.synchronize()
    one.append(a.elapsed_time(b) * 1e3)
a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
a.record()
for _ in range(200):
    x.add_(1)
b.record(); b.synchronize()
print(json.dumps({"isolated_median_us": statistics.median(one), "back_to_back_us": a.elapsed_time(b) * 1e3 / 200,
                  "device": torch.cuda.get_device_name(), "torch": torch.__version__}))
PY
python3 -c "import json; p=json.load(open('$out/peak.json'))[0]; c=json.load(open('$out/cuda-floor.json')); print('launch floor: OpenCL (ours, events, isolated) %.2f us; CUDA add (events) isolated %.2f us, back to back %.2f us' % (p['launch_us'], c['isolated_median_us'], c['back_to_back_us']))" | tee "$out/floors.txt"
# the config with its random-pruning model only (same name, seed and layers)
python3 - <<'PY'
import re
s = open('configs/resnet50-dlmc-methods.yaml').read()
head, models = s.split('models:\n', 1)
blocks = re.split(r'(?m)^  - ', models)
keep = [b for b in blocks if b.startswith('name: random')]
assert len(keep) == 1, 'no random model'
open('dlmc-rp.yaml', 'w').write(head + 'models:\n  - ' + keep[0])
PY
cp dlmc-rp.yaml "$out/"
lim=$(( ${JOB_TIMEOUT:-300} - ($(date +%s) - start) - 25 ))
stamp "dlmc random batch 8 (limit ${lim}s for the suite and the anchor each)"
bash bench/vs_cusparse.sh dlmc-rp.yaml --out "$out/dlmc-rp-b8" --device nvidia --group model --profile \
    --limit $(( lim / 2 )) --title "DLMC ResNet-50 90% random pruning, batch 8: csr_auto vs cuSPARSE" \
    -- --data-dir "$SPARSEBENCH_DATA" --batch 8 > "$out/dlmc-rp-b8.log" 2>&1
echo "exit $?" >> "$out/dlmc-rp-b8.log"
tail -20 "$out/dlmc-rp-b8.log"
stamp done
