#!/usr/bin/env bash
# Interruption and resume (issue 11 item 6): SIGINT mid-run keeps every row written, marks
# run.json "interrupted" and exits 130; `report` warns about the partial run; `run --resume DIR`
# runs only the cases not yet done and ends with the files an uninterrupted run writes: the same
# rows in the same order with the same statuses and every non-timing column equal, the same model
# totals' rows, run.json "finished". SIGTERM is handled the same way. A finished run, extra
# options, a config edited in between and other devices than the run's are refused.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/r.yaml" <<'YAML'
name: r
defaults: {warmup: 1, repeats: 30}
N: [1, 8, 32]
kernels: [csr, bsr, clblast]
matrices:
  - {name: a, M: 96, K: 128, sparsity: [0.5, 0.7, 0.9, 0.95], pattern: unstructured}
  - {name: b, M: 64, K: 64, sparsity: [0.8, 0.9], pattern: block, block: 4}
models:
  - name: net
    sparsity: [0.9]
    batch: 2
    layers:
      - {name: l1, M: 64, K: 32, n_per_sample: 4}
      - {name: l2, M: 32, K: 64, n_per_sample: 2}
YAML
run() { "$SB_BIN" run "$@" --no-progress; }

run "$tmp/r.yaml" --device "$SB_DEVICE" --out "$tmp/full" > /dev/null 2> "$tmp/full.err"
total=$(($(wc -l < "$tmp/full/results.csv") - 1))

# starts a run of config $1 into $2 in the background, sends signal $3 once $4 rows are written;
# leaves the exit status in $rc
interrupt_at() {
    # job control on: the background job gets SIGINT as a foreground one would (a script's
    # background jobs otherwise start with SIGINT ignored); the binary itself, not a subshell
    set -m
    "$SB_BIN" run "$1" --no-progress --device "$SB_DEVICE" --out "$2" > "$2.out" 2> "$2.err" &
    local pid=$! waited=0
    set +m
    while [ ! -f "$2/results.csv" ] || [ "$(wc -l < "$2/results.csv")" -le "$4" ]; do
        sleep 0.05
        waited=$((waited + 1))
        if [ "$waited" -gt 2400 ]; then kill "$pid"; fail "no $4 rows after 120 s"; fi
    done
    kill "-$3" "$pid"
    rc=0
    wait "$pid" || rc=$?
}

interrupt_at "$tmp/r.yaml" "$tmp/part" INT 12
cat "$tmp/part.err"
if [ "$rc" -ne 130 ]; then fail "SIGINT: exit $rc, not 130"; fi
if ! grep -q "continue with: sparsebench run --resume $tmp/part" "$tmp/part.err"; then
    fail "SIGINT: no word on how to continue"
fi
python3 - "$tmp/part" "$total" <<'PY'
import csv, json, sys
d, total = sys.argv[1], int(sys.argv[2])
meta = json.load(open(f"{d}/run.json"))
assert meta["state"] == "interrupted" and meta["finished"] is None, meta["state"]
text = open(f"{d}/results.csv").read()
assert text.endswith("\n")
rows = list(csv.DictReader(text.splitlines()))
lines = open(f"{d}/results.jsonl").read().splitlines()
assert len(rows) == len(lines) and all(json.loads(l) for l in lines)
assert 12 <= len(rows) < total, f"{len(rows)} of {total} rows: not interrupted mid-run"
print(f"interrupted after {len(rows)} of {total} rows")
PY

# report warns about the partial run
"$SB_BIN" report "$tmp/part" --out "$tmp/rep" > /dev/null 2>&1 || true
if ! grep -q "did not finish (run.json: \"state\": \"interrupted\")" "$tmp/rep/report.md"; then
    fail "report does not warn about an interrupted run"
fi

# refused: another option beside --resume; a run folder without --resume
rc=0
"$SB_BIN" run --resume "$tmp/part" --device "$SB_DEVICE" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "give only --resume DIR" "$tmp/err"; then fail "--resume with --device: exit $rc"; fi

run --resume "$tmp/part" > "$tmp/resume.out" 2> "$tmp/resume.err"
cat "$tmp/resume.err"
python3 - "$tmp/full" "$tmp/part" <<'PY'
import csv, json, sys
full, part = sys.argv[1], sys.argv[2]
timing = {"runs", "median_ms", "min_ms", "p90_ms", "p99_ms", "mean_ms", "max_ms", "host_median_ms",
          "event_median_ms", "gflops_useful", "gflops_dense_equiv", "speedup_vs_dense",
          "bound_ms", "efficiency", "energy_j", "gflops_per_j", "energy_note", "build_ms",
          "program_source", "rel_error", "max_abs_error", "samples_ms", "stddev_ms", "cv", "noise",
          "outliers", "drift", "timing_warning", "batch_ms", "batch_size", "batch_event_ms",
          "baseline_ms", "baseline_batch_ms", "peak_fraction", "baseline_samples_ms",
          "batch_samples_ms", "baseline_batch_samples_ms", "batch_event_samples_ms"}
def rows(d):
    return [json.loads(l) for l in open(f"{d}/results.jsonl")]
a, b = rows(full), rows(part)
assert len(a) == len(b), f"{len(a)} rows uninterrupted, {len(b)} interrupted + resumed"
for i, (x, y) in enumerate(zip(a, b)):
    for k in x:
        if k not in timing and x[k] != y.get(k):
            raise AssertionError(f"row {i + 1} column {k}: {x[k]!r} vs {y.get(k)!r}")
    # a speedup where the uninterrupted run has one: the baseline done before the interruption
    # still serves the rows after it
    assert (x["speedup_vs_dense"] is None) == (y["speedup_vs_dense"] is None), (i, x["kernel"])
ca = list(csv.reader(open(f"{full}/results.csv")))
cb = list(csv.reader(open(f"{part}/results.csv")))
assert ca[0] == cb[0] and len(ca) == len(cb)
def models(d):
    return [(m["model"], m["kernel"], m["sparsity"], m["layers"], m["status"])
            for m in csv.DictReader(open(f"{d}/models.csv"))]
assert models(full) == models(part), (models(full), models(part))
meta = json.load(open(f"{part}/run.json"))
assert meta["state"] == "finished" and meta["finished"] and len(meta["resumed"]) == 1, meta
print(f"resumed: {len(b)} rows equal to the uninterrupted run's, models.csv too")
PY
rc=0
"$SB_BIN" run --resume "$tmp/part" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "that run finished" "$tmp/err"; then fail "resuming a finished run: exit $rc"; fi

# where a signal lands is up to the clock: cut copies of the uninterrupted run at chosen rows
# instead (inside a group: its baseline done, a sparse kernel not; inside the model's layers),
# each with a half-written last line, as a kill -9 in the middle of a write would leave
for cut in 13 $((total - 2)); do
    d="$tmp/cut$cut"
    cp -r "$tmp/full" "$d"
    rm "$d/models.csv"
    head -n $((cut + 1)) "$tmp/full/results.csv" > "$d/results.csv"
    head -n "$cut" "$tmp/full/results.jsonl" > "$d/results.jsonl"
    printf 'half,a,row' >> "$d/results.csv"
    printf '{"half": ' >> "$d/results.jsonl"
    python3 - "$d/run.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["state"], m["finished"] = "interrupted", None
json.dump(m, open(sys.argv[1], "w"))
PY
    run --resume "$d" > /dev/null 2> "$tmp/err" || { cat "$tmp/err"; fail "resume of a cut at $cut"; }
    python3 - "$tmp/full" "$d" <<'PY'
import csv, json, sys
full, part = sys.argv[1], sys.argv[2]
a = [json.loads(l) for l in open(f"{full}/results.jsonl")]
b = [json.loads(l) for l in open(f"{part}/results.jsonl")]
key = lambda r: (r["matrix"], r["model"], r["layer"], r["target_sparsity"], r["N"], r["kernel"], r["status"])
assert [key(r) for r in a] == [key(r) for r in b], "rows differ from the uninterrupted run's"
for x, y in zip(a, b):
    assert (x["speedup_vs_dense"] is None) == (y["speedup_vs_dense"] is None), (x["kernel"], y)
assert open(f"{part}/results.csv").read().count("half") == 0
m = lambda d: [(r["model"], r["kernel"], r["layers"], r["status"], r["dense_total_ms"] != "")
               for r in csv.DictReader(open(f"{d}/models.csv"))]
assert m(full) == m(part), (m(full), m(part))
PY
done

# SIGTERM: the same; and a config edited before the resume is refused
cp "$tmp/r.yaml" "$tmp/r2.yaml"
interrupt_at "$tmp/r2.yaml" "$tmp/term" TERM 5
if [ "$rc" -ne 130 ]; then fail "SIGTERM: exit $rc, not 130"; fi
sed -i 's/repeats: 30/repeats: 31/' "$tmp/r2.yaml"
rc=0
"$SB_BIN" run --resume "$tmp/term" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "changed since the run started" "$tmp/err"; then
    fail "resume after the config changed: exit $rc, $(cat "$tmp/err")"
fi

# a run whose config moved (a results folder copied to another machine): the resume says how to
# give the new place, refuses a config with other content there, and continues from the same one
d="$tmp/moved-run"
cp -r "$tmp/full" "$d"
head -n 14 "$tmp/full/results.csv" > "$d/results.csv"
head -n 13 "$tmp/full/results.jsonl" > "$d/results.jsonl"
rm "$d/models.csv"
python3 - "$d/run.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["state"], m["finished"] = "interrupted", None
json.dump(m, open(sys.argv[1], "w"))
PY
mkdir "$tmp/elsewhere"
mv "$tmp/r.yaml" "$tmp/elsewhere/r.yaml"
rc=0
"$SB_BIN" run --resume "$d" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "give its new place: sparsebench run --resume $d CONFIG.yaml" "$tmp/err"; then
    fail "resume with the config gone: exit $rc, $(cat "$tmp/err")"
fi
rc=0
"$SB_BIN" run --resume "$d" "$tmp/r2.yaml" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "changed since the run started" "$tmp/err"; then
    fail "resume with another config in the moved one's place: exit $rc, $(cat "$tmp/err")"
fi
run --resume "$d" "$tmp/elsewhere/r.yaml" > /dev/null 2> "$tmp/err" || { cat "$tmp/err"; fail "resume from the moved config"; }
python3 - "$d" "$tmp/elsewhere/r.yaml" "$total" <<'PY'
import json, os, sys
d, cfg, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
m = json.load(open(f"{d}/run.json"))
assert m["state"] == "finished", m["state"]
assert m["invocation"]["config"] == os.path.realpath(cfg), m["invocation"]["config"]
assert len(open(f"{d}/results.jsonl").readlines()) == total
PY

# the selection is the run's own, but what it matches can change (a GPU made visible, a driver
# updated): a resume that would measure on other devices than run.json describes is refused, and
# the rows so far stay as they were
for change in driver extra; do
    d="$tmp/devices-$change"
    cp -r "$tmp/full" "$d"
    head -n 14 "$tmp/full/results.csv" > "$d/results.csv"
    head -n 13 "$tmp/full/results.jsonl" > "$d/results.jsonl"
    rm "$d/models.csv"
    python3 - "$d/run.json" "$change" <<'PY'
import copy, json, sys
m = json.load(open(sys.argv[1]))
m["state"], m["finished"] = "interrupted", None
if sys.argv[2] == "driver":
    m["devices"][0]["driver_version"] = "0.0-other"
else:
    other = copy.deepcopy(m["devices"][0])
    other["index"] = "9:9"
    m["devices"].append(other)
json.dump(m, open(sys.argv[1], "w"))
PY
    rc=0
    "$SB_BIN" run --resume "$d" "$tmp/elsewhere/r.yaml" > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "A resumed run measures on the same devices" "$tmp/err"; then
        fail "resume on other devices ($change): exit $rc, $(cat "$tmp/err")"
    fi
    want="driver 0.0-other"
    if [ "$change" = extra ]; then want="measured on 2 device(s)"; fi
    if ! grep -qF "$want" "$tmp/err"; then fail "the refusal ($change) does not name the run's devices: $(cat "$tmp/err")"; fi
    if [ "$(wc -l < "$d/results.jsonl")" -ne 13 ]; then fail "a refused resume ($change) changed results.jsonl"; fi
done
echo ok
