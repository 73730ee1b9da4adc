#!/usr/bin/env bash
# nm10 maxreg (issue 14 item 5, session 10), one call: does capping registers help nm where it
# loses on tall A at N = 6/8 (gather-narrow takes 40 registers to csr_balanced's 32: 25 work-groups
# a compute unit against 32)? The same tree built twice: as it is, and with the nvidia profile's
# build options plus -cl-nv-maxrregcount=32 (every kernel of the device); nm against csr_auto
# (paired, 10 rounds, a control) on tall.yaml and narrow-held.yaml by each build, alternately.
# Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start nm10-maxreg "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
R=../tree-reg
rm -rf "$R"
mkdir -p "$R"
tar cf - --exclude=./build . | tar xf - -C "$R"
sed -i 's/^build_options: "-cl-mad-enable"$/build_options: "-cl-mad-enable -cl-nv-maxrregcount=32"/' \
    "$R/platforms/nvidia.yaml"
grep '^build_options' "$R/platforms/nvidia.yaml"
stamp "build maxreg"
cmake -S "$R" -B build-reg -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$OUT/build-reg.log" 2>&1 &&
    cmake --build build-reg -j16 --target sb_sweep >> "$OUT/build-reg.log" 2>&1 || exit 1
V=bench/explore/nm8gpu/confirm-variants.txt
for s in nm10gpu/tall nm9gpu/narrow-held; do
    n=${s##*/}
    SW=build/bench/sb_sweep stage stock-$n 40 bench/explore/$s.yaml --device nvidia \
        --variants $V --rounds 10
    SW=build-reg/bench/sb_sweep SPARSEBENCH_CACHE=/tmp/sb-cache-reg stage maxreg-$n 40 \
        bench/explore/$s.yaml --device nvidia --variants $V --rounds 10
done
for f in "$OUT"/stock-*.jsonl "$OUT"/maxreg-*.jsonl; do
    python3 bench/explore/nm7/paired.py "$f" > "${f%.jsonl}.md" 2>&1
    gzip -k "$f"
    echo "== ${f##*/}"; tail -n +4 "${f%.jsonl}.md" | cut -d'|' -f2,3,6,8
done
stamp end
