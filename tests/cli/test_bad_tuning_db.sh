#!/usr/bin/env bash
# A tuning database whose params is a JSON array crashed every run on its device (exit 139, issue
# 11 item 3), one whose cases is 1e300 was an undefined cast: now each is refused before anything
# runs, with the file and the field named and exit 2, and nothing is written. So is a database
# that is not there (--tuning or SPARSEBENCH_TUNING with a typo): it ran untuned, run.json naming
# the file as its tuning.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }
identity=$(python3 -c '
import json, subprocess, sys
d = [d for d in json.loads(subprocess.check_output([sys.argv[1], "devices", "--json"])) if d["id"] == sys.argv[2]][0]
print(json.dumps({"device": d["name"], "platform": d["platform"], "driver": d["driver_version"]})[1:-1])' "$SB_BIN" "$SB_DEVICE")
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 0, repeats: 2}
N: [8]
matrices:
  - {name: a, M: 32, K: 32, sparsity: [0.9], pattern: unstructured, kernels: [csr]}
YAML
check() { # $1: an entry's fields, $2: what the message must name
    printf '{%s, "entries": [{"kernel": "csr", "class": "S s75-92 N2-16", %s}]}\n' "$identity" "$1" > "$tmp/db.json"
    local rc=0
    "$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/db.json" --out "$tmp/o" \
        > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ]; then cat "$tmp/err"; fail "$2: exit $rc, not 2"; fi
    if ! grep -q "$tmp/db.json: entries\[0\]" "$tmp/err" || ! grep -q "$2" "$tmp/err"; then
        cat "$tmp/err"; fail "the message does not name the file, the entry and $2"
    fi
    if [ -e "$tmp/o" ]; then fail "$2: the run wrote its folder"; fi
}
check '"params": ["csr_spmm.VEC", "4"], "default_ms": 2, "tuned_ms": 1, "cases": 1' "'params'"
check '"params": {}, "default_ms": 2, "tuned_ms": 1, "cases": 1e300' "'cases'"
check '"params": {"csr_spmm.VEC": 4}, "default_ms": 2, "tuned_ms": 1, "cases": 1' "params.csr_spmm.VEC"
for how in --tuning SPARSEBENCH_TUNING=; do
    rc=0
    if [ "$how" = --tuning ]; then
        "$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/typo.json" --out "$tmp/o" \
            > /dev/null 2> "$tmp/err" || rc=$?
    else
        SPARSEBENCH_TUNING="$tmp/typo.json" "$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" \
            --out "$tmp/o" > /dev/null 2> "$tmp/err" || rc=$?
    fi
    cat "$tmp/err"
    if [ "$rc" -ne 2 ]; then fail "a missing database ($how): exit $rc, not 2"; fi
    if ! grep -q -e "$how *$tmp/typo.json: no such file" "$tmp/err"; then
        fail "the message does not name the missing database and where it came from"
    fi
    if [ -e "$tmp/o" ]; then fail "a missing database ($how): the run wrote its folder"; fi
done
echo ok
