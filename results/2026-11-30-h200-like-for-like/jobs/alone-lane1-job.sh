#!/usr/bin/env bash
# Lead (session 7), lane 1: sb_sweep, csr_auto's per-run events with nothing between its runs
# (sparsebench run times CLBlast's GEMM between them), on the cases the first call compared with
# cuSPARSE: Transformer shapes at N = 256 (50-95%) and 1024 (70-95%), 4096^2 (bench-gale
# patterns) at N = 256/4096. Every run validated (sb_sweep's path). Joined with that call's rows
# and anchors offline.
set -u
. bench/explore/lib.sh
sb_job_start lead7-c1 "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=8
sb_job_build
L=bench/explore/lead7
stage sweep-tf256 110 configs/transformer.yaml --device nvidia --variants $L/auto.txt --N 256
stage sweep-tf1024 130 configs/transformer.yaml --device nvidia --variants $L/auto.txt --N 1024
stage sweep-gale 40 bench/explore/smalln5/gale.yaml --device nvidia --variants $L/auto.txt
stamp end
