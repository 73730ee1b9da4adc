#!/usr/bin/env bash
# bench/explore/lib.sh, the pieces every GPU exploration job shares (issue 14's jobs source it):
# a stage runs sb_sweep within its limit and counts its rows right; a stage past the budget is
# skipped, not run; an anchor writes each pattern's cuSPARSE case with the N its caller asked,
# a fixed list or a function of the pattern file; case_stages runs one stage per variant file of a
# folder, at its N only. Runs on the test device; the anchor's timing
# script is a stand-in that copies its cases (torch is not needed).
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" /tmp/sb-patterns-explore-lib-$$-*' EXIT
export JOB_OUT="$tmp/out" JOB_TIMEOUT=200
mkdir -p "$JOB_OUT"
unset SPARSEBENCH_DATA
. "$SB_SOURCE_DIR/bench/explore/lib.sh"
sb_job_start "explore-lib-$$"
export SPARSEBENCH_CACHE="$tmp/cache"
SW="$SB_BUILD_DIR/bench/sb_sweep"
if [ "$BUDGET" != 200 ] || [ "$OUT" != "$tmp/out" ] || [ -n "$DATA" ]; then
    echo "sb_job_start: BUDGET=$BUDGET OUT=$OUT DATA=$DATA"; exit 1
fi
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 1, seed: 3}
N: [1, 33]
kernels: [csr, csr_balanced]
matrices:
  - {name: a, M: 40, K: 30, sparsity: [0.5], pattern: unstructured}
  - {name: b, M: 17, K: 64, sparsity: [0.8], pattern: unstructured}
YAML
# (|| true: a failing sb_sweep must reach the checks below, with its stderr shown, not end the
# script silently under set -e)
stage tiny 100 "$tmp/t.yaml" --device "$SB_DEVICE" > "$tmp/stage.log" || true
cat "$tmp/stage.log" "$tmp/out/tiny.err"
python3 - "$tmp/out/tiny.jsonl" "$tmp/stage.log" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
# 2 matrices x 2 N x 2 kernels, each validated by sb_sweep
assert len(rows) == 8, len(rows)
ok = sum(r["status"] == "ok" for r in rows)
assert ok == 8, [(r.get("status"), r.get("message")) for r in rows]
log = open(sys.argv[2]).read()
m = re.search(r"tiny rc=(\d+): (\d+) ok, (\d+) wrong, (\d+) failed", log)
assert m and m.groups() == ("0", str(ok), "0", "0"), log
PY
# past the budget: skipped, nothing run
BUDGET=10
stage late 100 "$tmp/t.yaml" --device "$SB_DEVICE" > "$tmp/late.log" || true
if ! grep -q "late skipped (no time)" "$tmp/late.log" || [ -e "$tmp/out/late.jsonl" ]; then
    echo "a stage past the budget ran:"; cat "$tmp/late.log"; exit 1
fi
BUDGET=200
# the anchor's cases: a fixed N list, and a function of the pattern file
mkdir -p "$tmp/job/bench/anchors"
cat > "$tmp/job/bench/anchors/torch_smtx.py" <<'PY'
import sys
cases = sys.argv[sys.argv.index("--cases") + 1]
for line in open(cases):
    path, ns = line.split()
    print('{"status": "ok", "file": "%s", "N": "%s"}' % (path.rsplit("/", 1)[1], ns))
PY
per_file() { case "$1" in *a_*) echo 7,8 ;; *) echo 9 ;; esac; }
(cd "$tmp/job" && anchor "explore-lib-$$-fixed" 60 "$tmp/t.yaml" 256,1024 > /dev/null &&
    anchor "explore-lib-$$-func" 60 "$tmp/t.yaml" per_file > /dev/null)
python3 - "$tmp/out" "explore-lib-$$" <<'PY'
import json, sys
out, name = sys.argv[1], sys.argv[2]
fixed = [json.loads(l) for l in open(f"{out}/{name}-fixed.jsonl")]
func = {r["file"]: r["N"] for r in map(json.loads, open(f"{out}/{name}-func.jsonl"))}
assert len(fixed) == 2 and all(r["N"] == "256,1024" for r in fixed), fixed
assert len(func) == 2, func
for f, ns in func.items():
    assert ns == ("7,8" if f.startswith("a_") else "9"), (f, ns)
sha = open(f"{out}/{name}-func-patterns.sha256").read().split("\n")
assert sum(1 for l in sha if l.endswith(".smtx")) == 2, sha
PY
# confirm_sets: a paired confirm stage per set (10 rounds of every variant), its table and its
# gzipped rows; the table's case count and ratios checked against the rows
mkdir -p "$tmp/job/bench/explore/t"
ln -s "$SB_SOURCE_DIR/bench/explore/nm7" "$tmp/job/bench/explore/nm7"
cat > "$tmp/job/bench/explore/t/c.yaml" <<'YAML'
name: c
defaults: {warmup: 1, repeats: 2, seed: 5}
N: [3, 8]
kernels: [nm, csr_auto]
matrices:
  - {name: m, M: 128, K: 512, pattern: nm, nm: "2:4"}
YAML
printf 'auto csr_auto\nauto2 csr_auto\nnm nm\n' > "$tmp/v.txt"
(cd "$tmp/job" && SB_JOB_DEVICE="$SB_DEVICE" confirm_sets "$tmp/v.txt" t/c > "$tmp/confirm.log")
python3 - "$tmp/out" <<'PY'
import gzip, json, re, statistics, sys
out = sys.argv[1]
rows = [json.loads(l) for l in gzip.open(f"{out}/confirm-c.jsonl.gz", "rt") if l.startswith("{")]
assert len(rows) == 2 * 3 * 10 and all(r["status"] == "ok" for r in rows), len(rows)
table = open(f"{out}/confirm-c.md").read()
for n in (3, 8):
    # a round counts where all three variants have an event time (a tiny kernel can read 0 on a
    # CPU timer: such a row is ok but has no time to compare)
    by = {}
    for r in rows:
        if r["N"] == n and r["event_ms"] > 0:
            by.setdefault(r["round"], {})[r["label"]] = r["event_ms"]
    full = [t for t in by.values() if len(t) == 3]
    m = re.search(r"\| m_s0\.5 \| %d \| (\d+) \| [0-9.]+ \| ([0-9.]+) \[" % n, table)
    if not any(r["event_ms"] > 0 for r in rows):
        # a device without plausible events (Mesa rusticl): no event times, so no paired case
        # in the table rather than a made-up one
        assert not full and not m, (n, table)
        print(f"N = {n}: no event times on this device, no paired case in the table")
        continue
    med = statistics.median(t["auto"] / t["nm"] for t in full)
    assert len(full) >= 5 and m and int(m.group(1)) == len(full) and \
        abs(float(m.group(2)) - med) < 6e-4, \
        (n, len(full), med, table)
PY
# case_stages: a stage per NAME-N<n>.txt of a folder, the matrix of NAME.yaml at N = n only, with
# that file's variants in the rounds asked
mkdir -p "$tmp/cs"
sed 's/^N: \[1, 33\]$/N: [1, 5, 33]/' "$tmp/t.yaml" > "$tmp/cs/t.yaml"
printf 'x csr\ny csr_balanced\n' > "$tmp/cs/t-N5.txt"
printf 'z csr\n' > "$tmp/cs/t-N33.txt"
SB_JOB_DEVICE="$SB_DEVICE" case_stages cs "$tmp/cs" 100 2 > "$tmp/cs.log" || true
python3 - "$tmp/out" <<'PY'
import json, sys
out = sys.argv[1]
for name, n, labels in (("cs-t-N5", 5, ["x", "y"]), ("cs-t-N33", 33, ["z"])):
    rows = [json.loads(l) for l in open(f"{out}/{name}.jsonl") if l.strip()]
    # 2 matrices x 1 N x the file's variants x 2 rounds, every row ok
    assert len(rows) == 2 * len(labels) * 2, (name, len(rows))
    assert all(r["status"] == "ok" and r["N"] == n for r in rows), rows
    assert sorted({r["label"] for r in rows}) == labels, rows
    assert sorted({r["round"] for r in rows}) == [0, 1], rows
PY
echo ok
