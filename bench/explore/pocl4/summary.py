#!/usr/bin/env python3
"""sb_sweep JSON lines of several passes -> per case, csr's fastest event median over the passes
divided by each variant's fastest (above 1: the variant is faster). Used for
results/2026-11-30-epyc2-pocl-spmv-probe (usage: summary.py PASS.jsonl...)."""
import json,sys,collections
d=collections.defaultdict(dict)
for f in sys.argv[1:]:
    for l in open(f):
        x=json.loads(l)
        if x['status']!='ok': continue
        d[(x['matrix'],x['N'])].setdefault(x['label'],[]).append(x['event_ms'])
for k,v in d.items():
    base=min(v['csr'])
    print(f"{k[0]:14s} N={k[1]:<2d} csr(min of {len(v['csr'])}) {base*1000:8.1f}us "+" ".join(f"{l}={base/min(v[l]):.2f}" for l in v if l!='csr'))
