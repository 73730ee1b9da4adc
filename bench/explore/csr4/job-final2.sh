#!/usr/bin/env bash
# csr4-3 (issue 14, session 4, after csr4-2): csr_auto with the rows-lockstep rule (f237189)
# against cuSPARSE CSR on the same patterns, by kernel time on both sides (bench/vs_cusparse.sh,
# each part bounded by --limit). Replaces the parts list of job-final.sh (csr4-2):
#   gale4096  4096^2 at 90-98%, N = 4096 (the rule's own cases; 98% stays on the row blocks)
#   tf-held   the held-out Transformer shapes of csr4-2's KCHUNK sweep, N = 2048/4096, 80-95%
#   tsplit    rule 3b's cases, the M = 512, N = 1024 ones csr4-2 did not reach first
# The band tables print last.
set -u
. bench/explore/lib.sh
SB_JOB_MARGIN=15
sb_job_start csr4-3 ${JOB_TIMEOUT:-270}
sb_job_build
vs_part gale4096 60 bench/explore/csr4/gale4096.yaml band "4096^2 at N = 4096: csr_auto (rows-lockstep) vs cuSPARSE" -- --kernels csr_auto
vs_part tf-held 75 bench/explore/csr4/tf-held.yaml band "held-out Transformer shapes, N = 2048/4096: csr_auto (rows-lockstep) vs cuSPARSE" -- --kernels csr_auto
vs_part tsplit 60 bench/explore/csr4/tsplit-512.yaml band "rule 3b's held-out cases (M = 512, N = 1024): csr_auto vs cuSPARSE" -- --kernels csr_auto
stamp summary
for p in tsplit tf-held gale4096; do
    echo "== $p: csr_auto vs cuSPARSE (kernel_ms)"
    grep -E '^\| ([0-9]+%|all) \| ' "$OUT/$p/vs-cusparse.md" 2>/dev/null | head -24
done
stamp end
