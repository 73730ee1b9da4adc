#!/usr/bin/env bash
# rs21 i (session 21), one call: the default test suite with NVIDIA's OpenCL as the test device at
# the session's final code (h's suite step found no tests: its build directory had been configured
# with BUILD_TESTING=OFF by the Release build before it, so ctest ran nothing).
set -u
. bench/explore/lib.sh
sb_job_start rs21-i "${JOB_TIMEOUT:-250}"
sb_job_suite
stamp end
