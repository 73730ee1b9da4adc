#!/usr/bin/env python3
"""lead4 (issue 14, session 4): sb_sweep JSON lines -> the row blocks' time without the rest launch
over their time with it (REST_LAUNCH 0 / 1: above 1 the second launch is faster), per set and
choice, over the cases where N has a ragged rest (the variant names the last columns), and how
often csr_auto runs the row blocks there. Usage: summary.py NAME=FILE.jsonl..."""
import json
import math
import sys


def load(path):
    rows = {}
    for line in open(path):
        try:
            x = json.loads(line)
        except ValueError:
            continue
        if x.get('status') != 'ok':
            continue
        rows[(x['matrix'], x['N'], x['label'])] = x
    return rows


def geo(v):
    return math.exp(sum(math.log(a) for a in v) / len(v)) if v else float('nan')


bad = 0
for arg in sys.argv[1:]:
    name, path = arg.split('=', 1)
    rows = load(path)
    for line in open(path):
        try:
            x = json.loads(line)
        except ValueError:
            continue
        if x.get('status') not in ('ok', 'skipped'):
            bad += 1
            print(f"{name}: NOT OK {x.get('matrix')} N={x.get('N')} {x.get('label')}: {x.get('status')} {x.get('message', '')[:120]}")
    cases = sorted({(m, n) for (m, n, _) in rows})
    print(f"\n## {name}: {len(cases)} cases")
    for fam in ('rows', 'wide'):
        r = []
        for m, n in cases:
            a, b = rows.get((m, n, fam)), rows.get((m, n, fam + '_r0'))
            if a and b and '; last' in a['variant']:
                r.append((b['event_ms'] / a['event_ms'], m, n))
        if r:
            lo, hi = min(r), max(r)
            print(f"  {fam}: {len(r)} cases with a rest; r0/r1 geomean {geo([x[0] for x in r]):.3f}, "
                  f"min {lo[0]:.3f} ({lo[1]} N={lo[2]}), max {hi[0]:.3f} ({hi[1]} N={hi[2]}), "
                  f"faster in {sum(1 for x in r if x[0] > 1)}")
    auto_rows = [(m, n) for m, n in cases if (m, n, 'auto') in rows and 'csr_spmm_rowblock' in rows[(m, n, 'auto')]['variant']]
    gain = []
    for m, n in auto_rows:
        v = rows[(m, n, 'auto')]['variant']
        fam = 'rows' if 'rows ->' in v else 'wide'
        a, b = rows.get((m, n, fam)), rows.get((m, n, fam + '_r0'))
        if a and b and '; last' in a['variant']:
            gain.append(b['event_ms'] / a['event_ms'])
    print(f"  csr_auto runs the row blocks on {len(auto_rows)} of {len(cases)} cases; on the {len(gain)} "
          f"with a rest its choice gains r0/r1 geomean {geo(gain):.3f}"
          + (f" (min {min(gain):.3f}, max {max(gain):.3f})" if gain else ''))
print(f"\nnot ok rows: {bad}")
