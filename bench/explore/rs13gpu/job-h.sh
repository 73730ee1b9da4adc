#!/usr/bin/env bash
# rs13 h (issue 14 item 5, session 13), one call: job-e's fp16 status again with every rs13 rule
# built in (nm's NM_GPU_EDGES and NM_TILE_FP16_TILES4, csr_auto's AUTO_SHIFT): nm against
# csr_auto, 5 paired rounds each, a control (csr_auto twice), every run validated (sb_sweep), on
# every 2:4 fp16 set of sessions 11-13 (rs12 h-status's list; rs13 screen/, screen-b/ b-*,
# held/ h-*); rs12's status.py (counts by N band).
set -u
. bench/explore/lib.sh
sb_job_start rs13-h "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=15
sb_job_build
fp16_status 5
stamp end
