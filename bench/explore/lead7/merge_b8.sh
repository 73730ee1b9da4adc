#!/usr/bin/env bash
# lead7: DLMC ResNet-50 90% batch 8, csr_auto against cuSPARSE, assembled from three runs of the
# same day (results/2026-11-30-h200-like-for-like/dlmc-b8): our rows from suite-magnitude-random
# (device 1:0 only; the resume also ran every case on a second GPU, 1:1, kept as a replicate),
# suite-variational and suite-random-initial_conv (the layer the resume did not reach); cuSPARSE's from this session's anchor (magnitude, 15 random layers) over
# ragged5-2's (random) and dlmc-vd-b8's (variational), same .smtx patterns (a later line wins).
#   bench/explore/lead7/merge_b8.sh   (from the repository root)
set -euo pipefail
D=results/2026-11-30-h200-like-for-like/dlmc-b8
mkdir -p "$D/merged"
python3 - "$D" <<'PY'
import csv, sys
d = sys.argv[1]
rows, hdr = [], None
for path, keep in ((f"{d}/suite-magnitude-random/results.csv", lambda r: r["device_index"] == "1:0"),
                   (f"{d}/suite-variational/results.csv", lambda r: True),
                   (f"{d}/suite-random-initial_conv/results.csv", lambda r: True)):
    with open(path, newline="") as f:
        rd = csv.DictReader(f)
        hdr = rd.fieldnames
        rows += [r for r in rd if keep(r)]
with open(f"{d}/merged/results.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=hdr)
    w.writeheader()
    w.writerows(rows)
PY
{ zcat results/2026-11-30-h200-ragged5-2/cus-dlmc-b8.jsonl.gz | grep '"matrix": "random__'
  cat results/2026-11-30-h200-dlmc-vd-b8/dlmc-vd-b8/cusparse.jsonl
  cat "$D/cusparse-today.jsonl"; } > "$D/merged/cusparse.jsonl"
python3 bench/cusparse_table.py table "$D/merged" "$D/merged/cusparse.jsonl" --kernel csr_auto \
    --group model --out "$D/vs-cusparse.md" \
    --title "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)"
