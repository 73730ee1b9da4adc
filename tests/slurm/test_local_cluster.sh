#!/usr/bin/env bash
# A real single-node Slurm (tools/slurm/local-cluster.sh: munged, slurmctld, slurmd on localhost,
# 2 CPUs) runs configs/quick.yaml as a 4-task job array (tools/slurm/submit.sh; the node type is
# reached by --constraint=pocl, the feature local-cluster.sh gives the node), then the merge
# job. Checks, with an independent reader of the CSVs: every case of the merged report exactly
# once, the same case set as an unsharded run, each shard its own slice; a missing shard makes the
# merge fail and names it; a resubmission runs only the unfinished shards, resuming an interrupted
# one (its rows kept) and restarting one without run.json.
#
# Starts root daemons, so it runs only when asked: SPARSEBENCH_TEST_SLURM=1 (CI's slurm step sets it,
# after apt-get install slurm-wlm). Otherwise, or when the daemons cannot start here, it is
# skipped (exit 77) with the reason: the daemon's own error when it fails.
set -euo pipefail
: "${SB_BIN:?}" "${SB_SOURCE_DIR:?}"
skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

if [ "${SPARSEBENCH_TEST_SLURM:-0}" != 1 ]; then
    skip "starts real Slurm daemons as root: set SPARSEBENCH_TEST_SLURM=1 (CI's slurm step does)"
fi
if [ "$(id -u)" -ne 0 ]; then
    skip "needs root to run slurmd"
fi
for b in munged slurmctld slurmd sbatch squeue scontrol; do
    if ! command -v "$b" >/dev/null; then
        skip "no $b: apt-get install --no-install-recommends slurm-wlm"
    fi
done

source "$SB_SOURCE_DIR/tests/cli/common.sh"   # SB_DEVICE: the suite's test device
device=$SB_DEVICE

tmp=$(mktemp -d)
cluster="$tmp/cluster"
cleanup() {
    "$SB_SOURCE_DIR/tools/slurm/local-cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

rc=0
"$SB_SOURCE_DIR/tools/slurm/local-cluster.sh" start "$cluster" 2 >"$tmp/start.log" 2>&1 || rc=$?
if [ "$rc" -eq 3 ]; then
    cat "$tmp/start.log"
    skip "the Slurm daemons cannot run here: $(head -1 "$tmp/start.log")"
elif [ "$rc" -ne 0 ]; then
    cat "$tmp/start.log"
    fail "local-cluster.sh start exited $rc"
fi
cat "$tmp/start.log"
export SLURM_CONF="$cluster/slurm.conf"
study="$tmp/study"
config="$SB_SOURCE_DIR/configs/quick.yaml"

# Waits for job $1 to end; prints its final state.
wait_job() {
    local state=""
    for _ in $(seq 600); do
        state=$(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
        case $state in
            COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)
                echo "$state"; return 0 ;;
        esac
        sleep 1
    done
    echo "still ${state:-unknown} after 600 s"
}

show_logs() {
    for f in "$study"/logs/*.out; do echo "--- $f"; cat "$f"; done
}

# ---- 1. the study as a 4-task array plus the merge job
"$SB_SOURCE_DIR/tools/slurm/submit.sh" "$config" --dir "$study" --shards 4 --bin "$SB_BIN" --type pocl:--constraint=pocl \
    --type-device pocl="$device" >"$tmp/submit.out"
cat "$tmp/submit.out"
array_id=$(awk 'NR == 1 {print $1}' "$tmp/submit.out")
merge_id=$(awk '/merge:/ {print $1}' "$tmp/submit.out")
if ! grep -q "shards 1,2,3,4 of 4" "$tmp/submit.out"; then
    fail "submit.sh did not submit shards 1-4"
fi
state=$(wait_job "$merge_id")
if [ "$state" != COMPLETED ]; then
    show_logs
    fail "merge job $merge_id: $state"
fi
for i in 1 2 3 4; do
    s=$(wait_job "${array_id}_$i")
    if [ "$s" != COMPLETED ]; then
        show_logs
        fail "shard task ${array_id}_$i: $s"
    fi
done
cat "$study"/logs/merge-*.out
if ! grep -q "all 4 shards, each once" "$study"/logs/merge-"$merge_id".out; then
    fail "the merge job did not find every shard exactly once"
fi

# ---- 2. the same config unsharded, outside Slurm
"$SB_BIN" run "$config" --device "$device" --out "$tmp/full" --no-progress >/dev/null 2>"$tmp/full.err" ||
    { cat "$tmp/full.err"; fail "the unsharded run failed"; }

# ---- 3. case sets, read independently of sparsebench's report code
python3 - "$study" "$tmp/full/results.csv" <<'PY'
import csv, glob, json, sys
study, full = sys.argv[1], sys.argv[2]
ident = ("device", "matrix", "model", "layer", "kernel", "pattern", "block", "M", "K", "N",
         "target_sparsity")
def cases(path):
    with open(path, newline="") as f:
        return [tuple(row[c] for c in ident) for row in csv.DictReader(f)]
merged = cases(f"{study}/report/merged.csv")
want = cases(full)
def check(ok, msg):
    if not ok:
        print("FAIL:", msg)
        sys.exit(1)
check(len(want) == 16, f"the unsharded quick run has {len(want)} cases, expected 16 (4 sparsities x 2 N x csr + baseline)")
dups = {c for c in merged if merged.count(c) > 1}
check(not dups, f"cases twice in the merged report: {sorted(dups)[:3]}")
check(sorted(merged) == sorted(want), f"merged report: {len(merged)} cases, unsharded {len(want)}; "
      f"only merged: {sorted(set(merged) - set(want))[:3]}, only unsharded: {sorted(set(want) - set(merged))[:3]}")
# each shard: its own slice, recorded in run.json, every (matrix, sparsity, N) with its baseline
seen = {}
for d in sorted(glob.glob(f"{study}/pocl/shard-*-of-4")):
    meta = json.load(open(f"{d}/run.json"))
    sh = meta["shard"]
    check(d.endswith(f"shard-{sh['index']}-of-{sh['count']}") and sh["count"] == 4,
          f"{d}: run.json says shard {sh['index']}/{sh['count']}")
    check(meta["finished"], f"{d}: run.json has no finish time")
    rows = cases(f"{d}/results.csv")
    check(len(rows) == 4, f"{d}: {len(rows)} cases, expected 4 (2 units of csr + baseline)")
    units = {(r[1], r[9], r[10]) for r in rows}
    for u in units:
        kernels = sorted(r[4] for r in rows if (r[1], r[9], r[10]) == u)
        check(kernels == ["clblast", "csr"], f"{d}: unit {u} has kernels {kernels}")
    check(len(sh["unit_keys"]) == len(units) == 2, f"{d}: {sh['unit_keys']} vs rows {units}")
    for c in rows:
        check(c not in seen, f"{c} in {d} and {seen.get(c)}")
        seen[c] = d
check(len(seen) == len(want), f"the shards hold {len(seen)} cases, the unsharded run {len(want)}")
print(f"merged report: {len(merged)} cases, each once, equal to the unsharded run's set")
PY

# ---- 4. a missing shard: the merge fails and names it
mv "$study/pocl/shard-2-of-4" "$tmp/shard-2-aside"
rc=0
SB_BIN="$SB_BIN" SB_DIR="$study" "$SB_SOURCE_DIR/tools/slurm/merge-task.sh" >"$tmp/merge-missing.out" 2>&1 || rc=$?
cat "$tmp/merge-missing.out"
if [ "$rc" -ne 1 ] || ! grep -q "shard 2/4 is missing" "$tmp/merge-missing.out"; then
    fail "a missing shard 2/4 was not reported (merge exit $rc)"
fi
mv "$tmp/shard-2-aside" "$study/pocl/shard-2-of-4"

# ---- 5. resubmission: shard 3 was interrupted after 2 of its 4 rows (what SIGTERM at a
# preemption leaves: a prefix of the rows, run.json "interrupted"), shard 4 died before writing
# run.json. Only those two run again: 3 resumes (its 2 rows kept as measured), 4 starts afresh.
s3="$study/pocl/shard-3-of-4"
cp "$s3/results.csv" "$tmp/s3-before.csv"
head -n 3 "$s3/results.csv" >"$tmp/cut.csv"      # the header and 2 rows
head -n 2 "$s3/results.jsonl" >"$tmp/cut.jsonl"  # 2 rows
cat "$tmp/cut.csv" >"$s3/results.csv"
cat "$tmp/cut.jsonl" >"$s3/results.jsonl"
python3 - "$s3/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["state"], d["finished"] = "interrupted", None
json.dump(d, open(sys.argv[1], "w"), indent=1)
PY
rm "$study/pocl/shard-4-of-4/run.json"
"$SB_SOURCE_DIR/tools/slurm/submit.sh" "$config" --dir "$study" --shards 4 --bin "$SB_BIN" --type pocl:--constraint=pocl \
    --type-device pocl="$device" >"$tmp/resubmit.out"
cat "$tmp/resubmit.out"
if ! grep -q "shards 3,4 of 4" "$tmp/resubmit.out"; then
    fail "the resubmission did not submit exactly shards 3 and 4"
fi
array2=$(awk 'NR == 1 {print $1}' "$tmp/resubmit.out")
merge2=$(awk '/merge:/ {print $1}' "$tmp/resubmit.out")
state=$(wait_job "$merge2")
if [ "$state" != COMPLETED ]; then
    show_logs
    fail "merge job after resubmission: $state"
fi
cat "$study/logs/pocl-${array2}_3.out" "$study/logs/pocl-${array2}_4.out"
if ! grep -q "run --resume" "$study/logs/pocl-${array2}_3.out"; then
    fail "the interrupted shard 3 was not resumed"
fi
if [ ! -d "$study/pocl/shard-4-of-4.partial-$array2" ]; then
    fail "shard 4 (no run.json) was not kept aside before running again"
fi
if ! grep -q "all 4 shards, each once" "$study"/logs/merge-"$merge2".out; then
    fail "after the resubmission the study is not complete"
fi
python3 - "$tmp/s3-before.csv" "$s3/results.csv" <<'PY'
import csv, sys
before = list(csv.DictReader(open(sys.argv[1])))
after = list(csv.DictReader(open(sys.argv[2])))
key = lambda r: (r["kernel"], r["N"], r["target_sparsity"])
if len(after) != 4 or [key(r) for r in after] != [key(r) for r in before]:
    print("FAIL: resumed shard 3 has", [key(r) for r in after], "expected", [key(r) for r in before]); sys.exit(1)
if [r["median_ms"] for r in after[:2]] != [r["median_ms"] for r in before[:2]]:
    print("FAIL: the 2 rows shard 3 had before the interruption were measured again"); sys.exit(1)
print("shard 3 resumed: its first 2 rows kept as measured, the other 2 measured now")
PY
echo "slurm: 4-task array + merge job on a real slurmctld: every case once; a resubmission ran only the interrupted shard (resumed) and the broken one (afresh)"
