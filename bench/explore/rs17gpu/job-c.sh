#!/usr/bin/env bash
# rs17 c (session 17), one call: the tests job b found failing with NVIDIA's OpenCL as the test
# device, after their fixes (cl_kernels: tc_nm on 2:4 only; cli_derived_columns: no roofline for a
# matrix engine's rows), and the rest of the cl and cli tests that read no DLMC data beside them.
# (as it ran: results/2026-12-02-h200-rs17/*/job.sh; its steps are now lib.sh's sb_job_suite)
set -u
. bench/explore/lib.sh
sb_job_start rs17-c "${JOB_TIMEOUT:-300}"
sb_job_suite '^cl_|^cli_(derived_columns|precision|tune|binary_errors|no_device|tc_emulated|wg_fit)$'
stamp end
