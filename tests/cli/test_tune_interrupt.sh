#!/usr/bin/env bash
# Ctrl-C (SIGINT) during `tune`'s search stops it between candidates: exit 130, a message saying
# how many kernel classes were tuned and where they are saved, the database holding those classes
# (saved after each) and not the one under way; nothing of CLBlast's tuners runs after it. Before,
# the signal ended the process without a word.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
fail() { echo "FAIL: $*"; exit 1; }
# four classes of one kernel (two densities x two buckets of N), each a search of its tunables
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 2}
N: [16, 128]
kernels: [csr]
matrices:
  - {name: u, M: 96, K: 128, sparsity: [0.5, 0.9], pattern: unstructured}
YAML
db="$tmp/db.json"
set -m # a background job of a script ignores SIGINT otherwise (and tune leaves it ignored)
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --db "$db" --passes 2 --budget 0 \
    > "$tmp/out" 2> "$tmp/err" &
pid=$!
set +m
# the database appears once the first class is done (saved after every class): then Ctrl-C
for _ in $(seq 1200); do
    if [ -s "$db" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
done
# the classes saved when the signal is sent: all of them only if tune was that quick
before=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$db" \
         2>/dev/null || echo 0)
kill -INT "$pid" 2>/dev/null || true
rc=0
wait "$pid" || rc=$?
pid=
cat "$tmp/out" "$tmp/err"
n_classes=$(sed -n 's/^tuning \([0-9]*\) kernel classes.*/\1/p' "$tmp/out")
[ -n "$n_classes" ] || fail "tune did not say how many classes it tunes"
if [ "$rc" -eq 0 ]; then
    [ "$before" -lt "$n_classes" ] || { echo "tune was done before the signal: nothing to check"; exit 77; }
    fail "tune went on after SIGINT (sent with $before of $n_classes classes saved) and exited 0"
fi
[ "$rc" -eq 130 ] || fail "interrupted tune exited $rc, not 130"
line=$(grep "interrupted: " "$tmp/err") || fail "no 'interrupted' message"
done_n=$(echo "$line" | sed -n 's/.*interrupted: \([0-9]*\) of the \([0-9]*\) kernel classes.*/\1/p')
total=$(echo "$line" | sed -n 's/.*interrupted: \([0-9]*\) of the \([0-9]*\) kernel classes.*/\2/p')
[ "$total" = "$n_classes" ] || fail "the message counts $total classes, tune said $n_classes"
if [ "$done_n" -lt 1 ] || [ "$done_n" -ge "$total" ]; then fail "$done_n of $total classes done"; fi
echo "$line" | grep -qF "saved in $db" || fail "the message does not name the database"
# the database: exactly the classes the message counts (one entry each), every one measured
python3 - "$db" "$done_n" <<'PY' || fail "the database does not hold the classes tuned"
import json, sys
db = json.load(open(sys.argv[1]))
entries = db["entries"]
assert len(entries) == int(sys.argv[2]), (len(entries), sys.argv[2])
assert len({(e["kernel"], e["class"]) for e in entries}) == len(entries), entries
for e in entries:
    assert e["default_ms"] > 0 and e["tuned_ms"] > 0, e
PY
if grep -q "CLBlast's tuners" "$tmp/out"; then fail "CLBlast's tuners ran after the interrupt"; fi
echo ok
