#!/usr/bin/env bash
# nm4-2 (issue 14 item 5, session 4): the landed nm (its model, include/sb_nm_auto.h) against
# csr_auto on the same 2:4 matrices through `sparsebench run` (every run validated), tuning set and
# held-out set at N <= 512 first, then N = 1024/2048, then nm as before the model (AUTO=0) on the
# same machine. Tables printed last.
set -u
. bench/explore/lib.sh
SB_JOB_MARGIN=15
sb_job_start nm4f ${JOB_TIMEOUT:-270}
DEV=${NM4_DEVICE:-nvidia}
if [ -z "${NM4_NOBUILD:-}" ]; then sb_job_build; fi
nm_part() { # nm_part NAME SECONDS ARGS... (bench/nm_vs_csr.sh)
    local name=$1 secs=$2; shift 2
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 10 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (limit ${secs}s)"
    timeout -s INT "$secs" bench/nm_vs_csr.sh "$OUT/$name" --device "$DEV" -- "$@" > "$OUT/$name.log" 2>&1
    stamp "$name rc=$?: $(grep -c ',ok,' "$OUT/$name/suite/results.csv" 2>/dev/null) ok rows, $(grep -c ',wrong,' "$OUT/$name/suite/results.csv" 2>/dev/null) wrong"
}
# correctness first: odd 2:4 and 1:4 shapes through the model's choices
stage tiny 15 bench/explore/nm4/tiny-nm.yaml --device "$DEV" --warmup 1 --repeats 2
nm_part small 110 --N 1,16,64,128,256,512
nm_part large 70 --N 1024,2048
nm_part before 60 --N 1,16,64,128,256,512 --param nm_spmm.AUTO=0
stamp tables
for p in before large small; do
    [ -f "$OUT/$p/nm-vs-csr-sets.md" ] || continue
    echo "== $p"; grep '^NOT OK' "$OUT/$p/nm-vs-csr-sets.md" | head -5
    sed -n '/^| set | cases/,$p' "$OUT/$p/nm-vs-csr-sets.md"
done
echo "== small, per case"; grep '^| tune \|^| held ' "$OUT/small/nm-vs-csr-sets.md" 2>/dev/null | cut -c1-110
stamp end
