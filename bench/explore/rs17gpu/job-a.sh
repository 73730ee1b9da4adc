#!/usr/bin/env bash
# rs17 a (session 17), one call: the default test suite with NVIDIA's OpenCL (the H200) as the test
# device, the first time (the suite had run on PoCL, Intel's CPU runtime and FPGA emulator, and
# Mesa rusticl). Builds with tests, then ctest -j6 with SPARSEBENCH_TEST_DEVICE=nvidia, bounded by
# the job's own clock; the failed tests' output is in ctest.log.
# (as it ran: results/2026-12-02-h200-rs17/*/job.sh; its steps are now lib.sh's sb_job_suite)
set -u
. bench/explore/lib.sh
sb_job_start rs17-a "${JOB_TIMEOUT:-560}"
sb_job_suite
stamp end
