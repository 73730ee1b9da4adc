#!/usr/bin/env bash
# rs19 a (session 19), one call: the default test suite with NVIDIA's OpenCL as the test device at
# main after session 18's fix (sb_cl_env_release empties CLBlast's program cache while the
# contexts live; new test cl_env_release), which had run on PoCL, Intel's CPU runtime and rusticl
# only. Then cl_env_release 10 more times, and the README's first command's study
# (configs/quick.yaml) on the H200, every row's status counted.
set -u
. bench/explore/lib.sh
sb_job_start rs19-a "${JOB_TIMEOUT:-560}"
sb_job_suite
stamp "cl_env_release x10"
pass=0
for i in 1 2 3 4 5 6 7 8 9 10; do
    if SPARSEBENCH_TEST_DEVICE=nvidia ctest --test-dir build -R '^cl_env_release$' > "$OUT/env-release-$i.log" 2>&1; then
        pass=$((pass + 1))
    fi
done
echo "cl_env_release: $pass of 10 passed"
stamp "quick.yaml on nvidia (limit $(left)s)"
timeout -s INT "$(left)" build/sparsebench run configs/quick.yaml --device nvidia -o "$OUT/quick" > "$OUT/quick.log" 2>&1
echo "quick rc=$?"
tail -25 "$OUT/quick.log"
stamp end
