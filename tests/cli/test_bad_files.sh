#!/usr/bin/env bash
# Every kind of malformed matrix file, given to `sparsebench run`: exit 2, one message naming the
# file (and the line, for text formats) and what is wrong, and nothing measured.
set -uo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
fixtures="$SB_SOURCE_DIR/tests/data/matrices"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# file  source  expected pattern in the message (extended regex)
while read -r file source expect; do
    printf 'name: bad\nN: [4]\nkernels: [csr]\nmatrices:\n  - {name: m, source: %s, path: %s}\n' \
        "$source" "$fixtures/$file" > "$tmp/bad.yaml"
    "$SB_BIN" run "$tmp/bad.yaml" --device "$SB_DEVICE" --out "$tmp/out-$file" 2> "$tmp/err" > /dev/null
    status=$?
    msg=$(cat "$tmp/err")
    if [ "$status" -ne 2 ] || ! grep -Eq "$expect" "$tmp/err" || [ "$(wc -l < "$tmp/err")" -ne 1 ] ||
       [ -e "$tmp/out-$file/results.csv" ]; then
        echo "FAIL $file: exit $status, message: $msg"
        failures=$((failures + 1))
    else
        echo "ok   $file: $msg"
    fi
done <<'LIST'
bad_truncated.smtx dlmc  bad_truncated\.smtx:2: truncated
bad_truncated.mtx  mtx   bad_truncated\.mtx:5: truncated
bad_truncated.npy  npy   bad_truncated\.npy: truncated
bad_nnz.smtx       dlmc  bad_nnz\.smtx:3: header says nnz = 5
bad_nnz.mtx        mtx   bad_nnz\.mtx:5: header says nnz = 2
bad_offsets_end.smtx dlmc bad_offsets_end\.smtx:2: .*nnz
bad_monotonic.smtx dlmc  bad_monotonic\.smtx:2: .*not monotonic
bad_range.smtx     dlmc  bad_range\.smtx:3: column index 4 .*out of range
bad_range.mtx      mtx   bad_range\.mtx:4: row index 4 is out of range
bad_number.smtx    dlmc  bad_number\.smtx:3: 'two' is not a number
bad_number.mtx     mtx   bad_number\.mtx:4: '1\.0x' is not a number
bad_complex.mtx    mtx   bad_complex\.mtx:1: .*complex
bad_hermitian.mtx  mtx   bad_hermitian\.mtx:1: .*hermitian
bad_banner.mtx     mtx   bad_banner\.mtx:1: .*MatrixMarket
bad_1d.npy         npy   bad_1d\.npy: .*2-D
bad_3d.npy         npy   bad_3d\.npy: .*2-D
bad_f64.npy        npy   bad_f64\.npy: .*float32 .*float16.*'<f8'
bad_bigendian.npy  npy   bad_bigendian\.npy: .*'>f4'
bad_magic.npy      npy   bad_magic\.npy: not a \.npy file
bad_dup_shape.npy  npy   bad\.yaml:5:.*bad_dup_shape\.npy: .*the key 'shape' is given twice
bad_nan.npy        npy   bad_nan\.npy: the value at \[2, 1\] is NaN
bad_inf_f16.npy    npy   bad_inf_f16\.npy: the value at \[1, 2\] is \+Inf
bad_nan.mtx        mtx   bad_nan\.mtx:4: 'nan' is not a finite value
bad_overflow.mtx   mtx   bad_overflow\.mtx:4: .*'1e39' is out of range for float32
bad_subnormal.npy  npy   bad_subnormal\.npy: every non-zero weight is subnormal
bad_subnormal.mtx  mtx   bad_subnormal\.mtx: every non-zero weight is subnormal
bad_nan.smtx       dlmc  bad_nan\.smtx:3: 'nan' is not a number
LIST

# files the old header pre-check refused although the readers load them: a skew-symmetric .mtx
# and a .npy with double-quoted keys run (issue 11, item 8)
for f in good_skew.mtx:mtx good_dq.npy:npy; do
    file=${f%%:*} source=${f##*:}
    printf 'name: good\nN: [4]\nkernels: [csr]\nmatrices:\n  - {name: m, source: %s, path: %s}\n' \
        "$source" "$fixtures/$file" > "$tmp/good.yaml"
    if ! "$SB_BIN" run "$tmp/good.yaml" --device "$SB_DEVICE" --no-progress \
            --out "$tmp/out-$file" > "$tmp/out" 2> "$tmp/err"; then
        echo "FAIL $file: refused: $(cat "$tmp/err")"
        failures=$((failures + 1))
    elif [ "$(grep -c ',ok,' "$tmp/out-$file/results.csv")" -ne 2 ]; then
        echo "FAIL $file: expected 2 ok rows (csr and the baseline):"; cat "$tmp/out-$file/results.csv"
        failures=$((failures + 1))
    else
        echo "ok   $file runs"
    fi
done

# a missing file names the path it looked for and both ways to set the data directory
printf 'name: missing\nN: [4]\nkernels: [csr]\nmatrices:\n  - {name: m, source: dlmc, path: no/such.smtx}\n' > "$tmp/missing.yaml"
"$SB_BIN" run "$tmp/missing.yaml" --data-dir "$tmp" --out "$tmp/out-missing" 2> "$tmp/err" > /dev/null
status=$?
if [ "$status" -ne 2 ] || ! grep -q "$tmp/no/such.smtx" "$tmp/err" || ! grep -q -- "--data-dir" "$tmp/err" ||
   ! grep -q "SPARSEBENCH_DATA" "$tmp/err"; then
    echo "FAIL missing file: exit $status, message: $(cat "$tmp/err")"
    failures=$((failures + 1))
fi
echo "$failures failures"
[ "$failures" -eq 0 ]
