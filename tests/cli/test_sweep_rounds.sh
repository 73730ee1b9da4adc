#!/usr/bin/env bash
# sb_sweep --rounds K (paired, interleaved measurement): every variant measured K times, the
# variants in order in even rounds and backward in odd ones, each row validated and saying its
# round; --rounds 0 is refused; a config at fp16 runs in halves (its rows say so, and their error
# is a half's, not a float's). bench/explore/pocl6/paired.py pairs rows of the same round: on
# crafted rows its ratios and verdicts are the ones computed here by hand.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
unset SPARSEBENCH_DATA
SW="$SB_BUILD_DIR/bench/sb_sweep"
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 2, seed: 3}
N: [1]
kernels: [csr]
matrices:
  - {name: a, M: 40, K: 30, sparsity: [0.5], pattern: unstructured}
YAML
printf 'x csr\ny csr_balanced\nz csr\n' > "$tmp/v.txt"
"$SW" "$tmp/t.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" --rounds 3 > "$tmp/r.jsonl"
"$SW" "$tmp/t.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" > "$tmp/one.jsonl"
python3 - "$tmp/r.jsonl" "$tmp/one.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = [(r["round"], r["label"]) for r in rows]
want = [(0, "x"), (0, "y"), (0, "z"), (1, "z"), (1, "y"), (1, "x"), (2, "x"), (2, "y"), (2, "z")]
assert got == want, got
# ok = validated; event_ms is -1 where the events were not trusted (a tiny kernel on a loaded host)
assert all(r["status"] == "ok" and (r["event_ms"] > 0 or r["event_ms"] == -1) for r in rows), rows
one = [(json.loads(l)["round"], json.loads(l)["label"]) for l in open(sys.argv[2])]
assert one == [(0, "x"), (0, "y"), (0, "z")], one
PY
# the same matrix at fp16: A, B and C in halves on the device. The reference is computed from the
# inputs as rounded, so the fp32 rows' error is a float's sums (< 1e-5) and the fp16 rows' is C's
# rounding to a half (~2^-11 relative): above 1e-5 on 40 x 8 outputs
sed 's/^name: t$/name: t\nprecision: fp16/; s/N: \[1\]/N: [8]/' "$tmp/t.yaml" > "$tmp/h.yaml"
sed 's/N: \[1\]/N: [8]/' "$tmp/t.yaml" > "$tmp/f.yaml"
"$SW" "$tmp/h.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" > "$tmp/h.jsonl"
"$SW" "$tmp/f.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" > "$tmp/f.jsonl"
python3 - "$tmp/h.jsonl" "$tmp/f.jsonl" <<'PY'
import json, sys
h = [json.loads(l) for l in open(sys.argv[1])]
f = [json.loads(l) for l in open(sys.argv[2])]
assert [r["label"] for r in h] == ["x", "y", "z"], h
assert all(r["status"] == "ok" and r["precision"] == "fp16" for r in h), h
assert all(r["status"] == "ok" and r["precision"] == "fp32" for r in f), f
assert all(1e-5 < r["rel_error"] < 1e-2 for r in h), [r["rel_error"] for r in h]
assert all(0 <= r["rel_error"] < 1e-5 for r in f), [r["rel_error"] for r in f]
PY
if "$SW" "$tmp/t.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" --rounds 0 \
        > /dev/null 2> "$tmp/err"; then
    echo "--rounds 0 was accepted"; exit 1
fi
grep -q "usage:" "$tmp/err" || { echo "--rounds 0: no usage line"; cat "$tmp/err"; exit 1; }
# paired.py on crafted rows: csr 2 ms, csr_copy alternating 1.9/2.1 ms (the control), auto 2 ms,
# bal 1 ms (twice as fast), bal_k4u4 4 ms (half as fast), 10 rounds, one case per set
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
for name, rows_ms in (("tuned", 10), ("held", 10)):
    with open("%s/%s.jsonl" % (t, name), "w") as f:
        for m in ("m1", "m2"):
            for r in range(rows_ms):
                for label, ms in (("csr", 2.0), ("csr_copy", 1.9 if r % 2 else 2.1),
                                  ("auto", 2.0), ("bal", 1.0), ("bal_k4u4", 4.0)):
                    f.write(json.dumps({"matrix": m, "N": 1, "M": 8, "K": 8, "row_mean": 3 if m == "m1" else 5,
                                        "row_cv": 0.1, "label": label, "status": "ok",
                                        "event_ms": ms, "message": "", "round": r}) + "\n")
PY
python3 "$SB_SOURCE_DIR/bench/explore/pocl6/paired.py" --tuned "$tmp/tuned.jsonl" \
    --held "$tmp/held.jsonl" > "$tmp/sum.md"
cat "$tmp/sum.md"
python3 - "$tmp/sum.md" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
# control: 2/2.1 = 0.952 and 2/1.9 = 1.053, median of 5 + 5 between them; resolution 1.053 - 1
m = re.search(r"RESOLUTION = ([0-9.]+)", s)
assert m and abs(float(m.group(1)) - (2 / 1.9 - 1)) < 2e-3, s
row = [l for l in s.splitlines() if l.startswith("| m1 | 1 |")][0].split("|")
assert row[9].strip() == "1.000 [1.000, 1.000]", row      # csr / auto
assert row[10].strip() == "2.000 [2.000, 2.000]", row     # csr / bal
assert row[11].strip() == "0.500 [0.500, 0.500]", row     # csr / bal_k4u4
assert row[12].strip() == "faster" and row[13].strip() == "slower", row
assert "KEEPABLE: bal at N = 1 when row_mean >= 3" in s, s
assert "KEEPABLE: bal_k4u4" not in s, s
PY
# --b2b: each row also says its back-to-back time per run (the row's batch_event_ms: > 0, or -1
# where the device's events were not trusted, as its event_ms then is), and only then; on a
# 40 x 30 matrix that is far under a second a run
"$SW" "$tmp/t.yaml" --device "$SB_DEVICE" --variants "$tmp/v.txt" --b2b > "$tmp/b2b.jsonl"
python3 - "$tmp/b2b.jsonl" "$tmp/one.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["label"] for r in rows] == ["x", "y", "z"], rows
assert all(r["status"] == "ok" and (0 < r["b2b_ms"] < 1000 or r["b2b_ms"] == -1) for r in rows), rows
# where a row's own events were trusted, so were its batches': a number, not -1
assert all(r["b2b_ms"] > 0 for r in rows if r["event_ms"] > 0), rows
assert all("b2b_ms" not in json.loads(l) for l in open(sys.argv[2]))
PY
# a variant naming a tunable of no kernel family is refused when the file is read (it was skipped
# unseen, and the variant ran the profile's value); so is a value out of a tunable's range
for bad in "csr_spmm_balanced.KSPLIT=8" "csr_balanced.KSPLIT=3"; do
    printf 'x csr_balanced %s\n' "$bad" > "$tmp/bad.txt"
    rc=0
    "$SW" "$tmp/t.yaml" --device "$SB_DEVICE" --variants "$tmp/bad.txt" > "$tmp/bad.jsonl" \
        2> "$tmp/err" || rc=$?
    if [ "$rc" -eq 0 ] || [ -s "$tmp/bad.jsonl" ]; then
        echo "variant $bad: exit $rc, rows:"; cat "$tmp/bad.jsonl"; exit 1
    fi
    if ! grep -q "variant x: .*${bad%%=*}" "$tmp/err"; then cat "$tmp/err"; exit 1; fi
done
