#!/usr/bin/env bash
# rs17 b (session 17), one call: job a again after the fixes of its eight failures (the default test
# suite with NVIDIA's OpenCL as the test device), the DLMC subset with its batch-size file this time;
# prints which OpenCL loader the binary uses and what clinfo lists with an empty ICD folder.
# Builds, then ctest -j6 with SPARSEBENCH_TEST_DEVICE=nvidia, bounded by the job's own clock.
# (as it ran: results/2026-12-02-h200-rs17/*/job.sh; its steps are now lib.sh's sb_job_suite)
set -u
. bench/explore/lib.sh
sb_job_start rs17-b "${JOB_TIMEOUT:-560}"
sb_job_suite
stamp end
