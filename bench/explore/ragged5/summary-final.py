#!/usr/bin/env python3
"""ragged5-2 (issue 14, session 5): csr_auto new (as landed) and old (origin/main before ragged5)
against cuSPARSE on the same patterns, by kernel time (cuSPARSE ms / ours: above 1 = ours faster),
per set, band and N: geomean, worst case, count; and new over old.
Usage: summary-final.py DIR (the job's $JOB_OUT)"""
import collections
import json
import math
import os
import sys

D = sys.argv[1]


def load(name):
    rows, bad = {}, []
    path = os.path.join(D, name + '.jsonl')
    if not os.path.exists(path):
        return rows, bad
    for line in open(path):
        try:
            x = json.loads(line)
        except ValueError:
            continue
        if x.get('label', 'auto') != 'auto':  # csr_auto's rows (anchor lines have no label)
            continue
        if x.get('status') == 'ok':
            rows[(x['matrix'], int(x['N']))] = x
        elif x.get('status') not in (None, 'skipped'):
            bad.append(x)
    return rows, bad


def geo(v):
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float('nan')


def cell(r):
    if not r:
        return '-'
    lo = min(r)
    return f"{geo([x[0] for x in r]):.2f}x / {lo[0]:.2f}x ({lo[1]} N={lo[2]}) / {len(r)}"


def group_of(setname, x):
    if setname.startswith('dlmc'):
        return x['matrix'].split('__')[0]
    s = float(x.get('target_sparsity', x.get('sparsity', 0)))
    return f"{round(s * 100)}%"


print('## correctness')
for s in ('tiny', 'dlmc-b1-new', 'dlmc-b1-old', 'dlmc-b8-new', 'dlmc-b8-old', 'tuned-new', 'tuned-old',
          'held-new', 'held-old', 'aligned-new', 'aligned-old'):
    rows, bad = load(s)
    print(f"  {s}: {len(rows)} ok, {len(bad)} not ok")
    for x in bad[:3]:
        print(f"    {x.get('matrix')} N={x.get('N')} {x.get('label')}: {x.get('status')} {str(x.get('message'))[:160]}")

out = []
for setname, cusname, by_n in (('dlmc-b1', 'cus-dlmc-b1', False), ('dlmc-b8', 'cus-dlmc-b8', False),
                               ('tuned', 'cus-tuned', True), ('held', 'cus-held', True),
                               ('aligned', 'cus-none', True)):
    new, _ = load(setname + '-new')
    old, _ = load(setname + '-old')
    cus, _ = load(cusname)
    cus = {k: v['kernel_ms'] for k, v in cus.items()}
    groups = collections.defaultdict(lambda: ([], [], []))
    for (m, n), x in new.items():
        keys = [(group_of(setname, x), n if by_n else 'all'), ('all', n if by_n else 'all'), ('all', 'all')]
        if (m, n) in cus:
            for k in set(keys):
                groups[k][0].append((cus[(m, n)] / x['event_ms'], m, n))
                if (m, n) in old:
                    groups[k][1].append((cus[(m, n)] / old[(m, n)]['event_ms'], m, n))
        if (m, n) in old:
            for k in set(keys):
                groups[k][2].append((old[(m, n)]['event_ms'] / x['event_ms'], m, n))
    for k in sorted(groups, key=lambda k: (k[0] == 'all', str(k[0]), k[1] == 'all', k[1] if k[1] != 'all' else 0)):
        a, b, c = groups[k]
        short = k[0] == 'all' or setname.startswith('dlmc')
        out.append((short, f"| {setname} | {k[0]} | {k[1]} | {cell(a)} | {cell(b)} | {cell(c)} |"))
head = ('| set | group | N | new (ragged5) vs cuSPARSE | old (origin/main) vs cuSPARSE | new over old |\n'
        '|---|---|---|---|---|---|')
print('\n## by band (geomean / worst / cases)')
print(head)
print('\n'.join(line for short, line in out if not short))
print('\n## csr_auto vs cuSPARSE CSR, H200, kernel time (geomean / worst / cases)')
print(head)
print('\n'.join(line for short, line in out if short))
