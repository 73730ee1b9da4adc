#!/usr/bin/env bash
# A config with a misspelt key exits 2 with file, line and key in one message, and measures nothing.
set -uo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/typo.yaml" <<'YAML'
name: typo
N: [4]
kernels: [csr]
matrices:
  - M: 8
    K: 8
    sparsty: [0.5]
YAML
"$SB_BIN" run "$out/typo.yaml" --out "$out/run" 2> "$out/err"
status=$?
cat "$out/err"
[ "$status" -eq 2 ] || { echo "expected exit 2, got $status"; exit 1; }
grep -q "typo.yaml:7:5: .*sparsty" "$out/err" || { echo "message lacks file:line:col and key"; exit 1; }
[ "$(wc -l < "$out/err")" -eq 1 ] || { echo "expected one message line"; exit 1; }
[ ! -e "$out/run/results.csv" ] || { echo "nothing may be measured"; exit 1; }
# usage errors exit 2 as well
"$SB_BIN" run 2>/dev/null; [ $? -eq 2 ] || exit 1
"$SB_BIN" run "$SB_SOURCE_DIR/configs/quick.yaml" --device nosuchdevice --out "$out/run2" 2>/dev/null; [ $? -eq 2 ] || exit 1
echo ok
