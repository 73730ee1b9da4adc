#!/usr/bin/env bash
# The kernels that choose for themselves record what they chose (issue 14, item 2): csr_auto's
# variant is "auto <rule> -> <kernel>: " and then the chosen kernel's own variant; on a device that
# is not a GPU the model takes the profile's csr ("rows") for this matrix's short rows (19 a row:
# under CPU rule 1's 80), so the rest must equal the variant of the csr row run beside it. nm's
# variant starts with "auto gather", "auto gather-single", "auto gather-narrow", "auto gather-tall",
# "auto tile" or "auto tile-short" on a GPU, "auto cpu-gather -> " with KSPLIT=1 elsewhere. Where
# the profile runs csr and nm as single work-items (common.sh: csr_task, nm_task on an FPGA),
# csr_auto must take "task" -> csr_task (its rule 0) and then be exactly the csr_task row run
# beside it, and nm_task's variant names its 2:4 and its COLS, lowered to N.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/auto.yaml" <<'YAML'
name: auto-variant
defaults: {warmup: 0, repeats: 2, seed: 3}
N: [1, 40]
kernels: [csr_auto, csr, nm]
matrices:
  - {name: un, M: 70, K: 96, sparsity: [0.8], pattern: unstructured, kernels: [csr_auto, csr]}
  - {name: two4, M: 70, K: 96, pattern: nm, nm: "2:4", kernels: [nm]}
YAML
"$SB_BIN" run "$tmp/auto.yaml" --device "$SB_DEVICE" --tuning none --out "$tmp/res" > "$tmp/out" 2> "$tmp/err" ||
    { cat "$tmp/err"; fail "run failed"; }
type=$("$SB_BIN" devices --json | python3 -c "
import json, sys
print(next(d['type'] for d in json.load(sys.stdin) if d['id'] == sys.argv[1]))" "$SB_DEVICE")
python3 - "$tmp/res/results.csv" "$type" "$tmp/res/run.json" <<'PY' || fail "variants (above)"
import csv, json, os, re, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r['status'] == 'ok']
gpu = sys.argv[2] == 'GPU'
runs_as = json.loads(os.environ['SB_RUNS_AS'])
params = json.load(open(sys.argv[3]))['devices'][0]['params']
csr, nm = runs_as.get('csr', 'csr'), runs_as.get('nm', 'nm')
bad = []
for n in ('1', '40'):
    by = {r['kernel']: r['variant'] for r in rows if r['N'] == n}
    if set(by) - {os.environ['SB_BASELINE']} != {'csr_auto', csr, nm}:
        bad.append(f"N={n}: rows for {sorted(by)}, want csr_auto, {csr} and {nm}")
        continue
    if csr != 'csr' or nm != 'nm':
        if by['csr_auto'] != f"auto task -> {csr}: {by[csr]}":
            bad.append(f"N={n}: csr_auto beside {csr} is not {csr} ({by[csr]!r}): "
                       f"{by['csr_auto']!r}")
        cols = min(int(params.get('nm_task.COLS', 8)), int(n))  # the profile's, lowered to N
        if by[nm] != f"nm_task NM_N=2 NM_M=4 COLS={cols} (one work-item)":
            bad.append(f"N={n}: {nm}'s variant {by[nm]!r}")
        continue
    m = re.match(r'auto (narrow|tile|split|rows-lockstep|rows|rows-wide|cpu-spmv) -> '
                 r'(csr|csr_balanced|csr_tile): (\S.*)$', by['csr_auto'])
    if not m:
        bad.append(f"N={n}: csr_auto's variant does not say its choice: {by['csr_auto']!r}")
    elif not gpu and (m.group(1), m.group(2), m.group(3)) != ('rows', 'csr', by['csr']):
        bad.append(f"N={n}: on a {sys.argv[2]} csr_auto should run the profile's csr "
                   f"({by['csr']!r}), recorded {by['csr_auto']!r}")
    nm_auto = re.match(r'auto (gather|gather-single|gather-narrow|gather-tall|tile|tile-short) '
                       r'-> \S', by['nm'])
    if gpu and not nm_auto:
        bad.append(f"N={n}: nm's variant on a GPU does not say its model's choice: {by['nm']!r}")
    if not gpu and not re.match(r'auto cpu-gather -> nm_spmm .*KSPLIT=1 ', by['nm']):
        bad.append(f"N={n}: nm on a {sys.argv[2]} is not the CPU's gather: {by['nm']!r}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
echo "ok: csr_auto and nm record their choice ($type)"
