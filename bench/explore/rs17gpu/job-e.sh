#!/usr/bin/env bash
# rs17 e (session 17), one call: the default test suite with NVIDIA's OpenCL as the test device at
# the session's final code (after the fixes of jobs a-c and the helper's rusticl and oclgrind
# work), the whole DLMC data carried (every sparsity folder: unit_config reads them all). Builds,
# then ctest -j6 with SPARSEBENCH_TEST_DEVICE=nvidia, bounded by the job's own clock.
# (as it ran: results/2026-12-02-h200-rs17/*/job.sh; its steps are now lib.sh's sb_job_suite)
set -u
. bench/explore/lib.sh
sb_job_start rs17-e "${JOB_TIMEOUT:-560}"
sb_job_suite
stamp end
