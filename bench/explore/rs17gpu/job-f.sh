#!/usr/bin/env bash
# rs17 f (session 17), one call: after the helper's batch fix for Mesa rusticl (2a25521: every batch
# now also waits on a marker after clFinish), the tests that time batches, on NVIDIA's OpenCL as
# the test device: it ran job e at f40e47f, before that change.
# (as it ran: results/2026-12-02-h200-rs17/*/job.sh; its steps are now lib.sh's sb_job_suite)
set -u
. bench/explore/lib.sh
sb_job_start rs17-f "${JOB_TIMEOUT:-240}"
sb_job_suite '^cl_measure_protocol$|^cli_(timers_cache|derived_columns|quick_run|fake_events|sweep_rounds|interrupt_resume|compare)$'
stamp end
