#!/usr/bin/env bash
# rs15: DLMC ResNet-50 90% batch 8, csr_auto against cuSPARSE, assembled from two calls of the same
# session at the same commit's kernels (results/2026-12-01-h200-rs15): the magnitude layers of
# c-dlmc-b8 (its 260 s limit cut random after 45 layers; those 45 are left out here) and the
# random and variational layers of d-dlmc-b8-rv; each side's cuSPARSE lines from its own call.
#   bench/explore/rs15gpu/merge_b8.sh   (from the repository root)
set -euo pipefail
R=results/2026-12-01-h200-rs15
D=$R/c-dlmc-b8-merged
mkdir -p "$D"
python3 - "$R" "$D" <<'PY'
import csv, sys
r, d = sys.argv[1:3]
rows, hdr = [], None
for path, keep in ((f"{r}/c-dlmc-b8/dlmc-b8/suite/results.csv", lambda x: x.startswith("magnitude")),
                   (f"{r}/d-dlmc-b8-rv/dlmc-b8-rv/suite/results.csv", lambda x: True)):
    with open(path, newline="") as f:
        rd = csv.DictReader(f)
        hdr = rd.fieldnames
        rows += [x for x in rd if keep(x["model"])]
with open(f"{d}/results.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=hdr)
    w.writeheader()
    w.writerows(rows)
PY
{ grep '"matrix": "magnitude__' "$R/c-dlmc-b8/dlmc-b8/cusparse.jsonl"
  cat "$R/d-dlmc-b8-rv/dlmc-b8-rv/cusparse.jsonl"; } > "$D/cusparse.jsonl"
python3 bench/cusparse_table.py table "$D" "$D/cusparse.jsonl" --kernel csr_auto --group model \
    --out "$D/vs-cusparse.md" \
    --title "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)"
