#!/usr/bin/env bash
# A config with a misspelt key exits 2 with file, line and key in one message, and measures nothing.
set -uo pipefail
# lint: no test device (every run here is refused before a device is opened)
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
# a bad tunable on the command line is refused with its name before anything runs (issue 11)
for bad in nm_spmm.WG_SIZE=0 csr_spmm.VEC=abc csr_spmm.ROWS_PER_WG=1073741824 csr_spmm.NOPE=4; do
    "$SB_BIN" run "$out/typo.yaml" --param "$bad" --out "$out/run3" 2> "$out/err3"
    status=$?
    [ "$status" -eq 2 ] || { echo "--param $bad: expected exit 2, got $status"; exit 1; }
    why=$(sed -n "s/^sparsebench: --param ${bad}: //p" "$out/err3")
    case "$why" in *"${bad%%=*}"*) ;; *) cat "$out/err3"; echo "--param $bad: message lacks the name"; exit 1 ;; esac
    [ ! -e "$out/run3" ] || { echo "--param $bad: nothing may be written"; exit 1; }
done
echo ok
