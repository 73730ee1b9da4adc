#!/usr/bin/env python3
"""ragged5 (issue 14, session 5): the job's sb_sweep JSON lines and cuSPARSE anchor lines -> ratio
tables. Speeds are time ratios, above 1 = the first named is faster.
Usage: summary.py DIR  (reads DIR/<stage>.jsonl as the job names them, DIR/cus-*.jsonl)"""
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
        if x.get('status') == 'ok':
            rows[(x['matrix'], x['N'], x['label'])] = x
        elif x.get('status') != 'skipped':
            bad.append(x)
    return rows, bad


def anchors(*names):
    a = {}
    for n in names:
        path = os.path.join(D, n + '.jsonl')
        if not os.path.exists(path):
            continue
        for line in open(path):
            try:
                x = json.loads(line)
            except ValueError:
                continue
            if x.get('status') == 'ok':
                a[(x['matrix'], x['N'])] = x['kernel_ms']
    return a


def geo(v):
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float('nan')


def stat(r):
    """r: list of (ratio, matrix, N) -> 'geo (min m N .. max)' """
    if not r:
        return '-'
    lo, hi = min(r), max(r)
    return f"{geo([x[0] for x in r]):.3f} ({len(r)}; min {lo[0]:.2f} {lo[1]} N={lo[2]}; max {hi[0]:.2f})"


def ratio(a, la, b, lb, Ns=None):
    """time of b's lb over a's la per (matrix, N): above 1 = a faster"""
    out = []
    for (m, n, l), x in a.items():
        if l != la or (Ns and n not in Ns):
            continue
        y = b.get((m, n, lb))
        if y:
            out.append((y['event_ms'] / x['event_ms'], m, n))
    return out


sets = {s: load(s) for s in ['tiny', 'tuned-new', 'tuned-old', 'held-new', 'held-old', 'dlmc-b1-new',
                             'dlmc-b1-old', 'dlmc-b8-new', 'dlmc-b8-old', 'aligned-old', 'aligned-new',
                             'aligned-old2', 'probe-new']}
print('## correctness (rows not ok)')
for s, (rows, bad) in sets.items():
    print(f"  {s}: {len(rows)} ok, {len(bad)} not ok")
    for x in bad[:3]:
        print(f"    {x.get('matrix')} N={x.get('N')} {x.get('label')}: {x.get('status')} {str(x.get('message'))[:160]}")

cus = anchors('cus-tuned', 'cus-held', 'cus-aligned')


def vs_cus(rows, label, Ns):
    r = []
    for (m, n, l), x in rows.items():
        if l == label and n in Ns and (m, n) in cus:
            r.append((cus[(m, n)] / x['event_ms'], m, n))
    return r


def best_of(rows, Ns, labels):
    """oracle: the fastest of labels per case, vs cuSPARSE"""
    r = []
    for m, n in {(m, n) for (m, n, _) in rows}:
        if n not in Ns or (m, n) not in cus:
            continue
        t = [rows[(m, n, l)]['event_ms'] for l in labels if (m, n, l) in rows]
        if t:
            r.append((cus[(m, n)] / min(t), m, n))
    return r


tn, to = sets['tuned-new'][0], sets['tuned-old'][0]
hn, ho = sets['held-new'][0], sets['held-old'][0]
print('\n## the kernel change: old time / new time, same matrices, one job (above 1 = new faster)')
for name, a, b, Ns in [('tuned', tn, to, [320, 1000, 2000]), ('held', hn, ho, [100, 500, 1500, 3000, 4000])]:
    for n in Ns:
        print(f"  {name} N={n}: rows {stat(ratio(a, 'rows', b, 'rows', [n]))}")
        if name == 'tuned':
            print(f"  {name} N={n}: rows_g0 (new binary, old ragged path) vs old rows {stat(ratio(a, 'rows_g0', b, 'rows', [n]))}")
        print(f"  {name} N={n}: RAGGED 1 vs 0 in the new binary (rows_g0 time / rows time) {stat(ratio(a, 'rows', a, 'rows_g0', [n]))}")
        print(f"  {name} N={n}: auto {stat(ratio(a, 'auto', b, 'auto', [n]))}")
for b in ('b1', 'b8'):
    a, o = sets[f'dlmc-{b}-new'][0], sets[f'dlmc-{b}-old'][0]
    print(f"  dlmc {b}: rows {stat(ratio(a, 'rows', o, 'rows'))}")
    print(f"  dlmc {b}: rows_g0 (new binary, RAGGED 0) vs old rows {stat(ratio(a, 'rows_g0', o, 'rows'))}")
    by = {}
    for r in ratio(a, 'rows', o, 'rows'):
        by.setdefault(r[2], []).append(r)
    for n in sorted(by):
        print(f"    N={n}: rows new vs old {stat(by[n])}")
    by = {}
    for r in ratio(a, 'auto', o, 'auto'):
        by.setdefault((r[2], a[(r[1], r[2], 'auto')]['variant'].split(':')[0]), []).append(r)
    for k in sorted(by):
        print(f"    N={k[0]} {k[1]}: auto new vs old {stat(by[k])}")
    print(f"  dlmc {b}: auto {stat(ratio(a, 'auto', o, 'auto'))}")
an, ao, ao2 = sets['aligned-new'][0], sets['aligned-old'][0], sets['aligned-old2'][0]
for n in (256, 1024, 2048, 4096):
    print(f"  aligned N={n}: auto new vs old {stat(ratio(an, 'auto', ao, 'auto', [n]))}; old2 vs old (noise) {stat(ratio(ao2, 'auto', ao, 'auto', [n]))}")

print('\n## rules (new binary, tuned and held-out N): time of the second over the first (above 1 = first faster)')
for name, a, Ns in [('tuned', tn, [320, 1000, 2000]), ('held', hn, [100, 500, 1500, 3000, 4000])]:
    for n in Ns:
        print(f"  {name} N={n}: lock vs rows {stat(ratio(a, 'lock', a, 'rows', [n]))}")
        if name == 'tuned':
            print(f"  {name} N={n}: rows_r1 vs rows {stat(ratio(a, 'rows_r1', a, 'rows', [n]))}")
            for s in ('split2', 'split4'):
                print(f"  {name} N={n}: {s} vs auto {stat(ratio(a, s, a, 'auto', [n]))}")
        print(f"  {name} N={n}: auto's picks: " + ', '.join(sorted({x['variant'].split(':')[0] for (m, nn, l), x in a.items() if l == 'auto' and nn == n})))

print('\n## per unit of work: (new auto ms / N at ragged N) over (ms / N at the aligned neighbour); 1 = as good')
for nr, na in ((320, 256), (1000, 1024), (2000, 2048)):
    r = []
    for (m, n, l), x in tn.items():
        if l == 'auto' and n == nr and (m, na, 'auto') in an:
            r.append(((x['event_ms'] / nr) / (an[(m, na, 'auto')]['event_ms'] / na), m, n))
    print(f"  N={nr} vs {na}: {stat(r)}")

pn = sets['probe-new'][0]
print('\n## alignment probe: rows (VPT 4 x 16) ms / N over ms / N at N = 1024 (1 = as good per unit of work)')
for nr, rows_ in ((992, pn), (1000, tn), (1008, pn)):
    for lab in ('rows', 'auto'):
        r = []
        for (m, n, l), x in rows_.items():
            if l == lab and n == nr and (m, 1024, lab) in an:
                r.append(((x['event_ms'] / nr) / (an[(m, 1024, lab)]['event_ms'] / 1024), m, n))
        print(f"  N={nr} ({nr * 4 % 128} bytes past 128) {lab}: {stat(r)}")
print('\n## vs cuSPARSE (kernel time; cuSPARSE ms / ours: above 1 = ours faster)')
print('| set | N | new auto | old auto | best of new variants |')
print('|---|---:|---|---|---|')
for name, a, o, Ns, labels in [('tuned', tn, to, [320, 1000, 2000], ['auto', 'rows', 'rows_r1', 'lock', 'split2', 'split4']),
                               ('held', hn, ho, [100, 500, 1500, 3000, 4000], ['auto', 'rows', 'lock']),
                               ('aligned', an, ao, [256, 1024, 2048, 4096], ['auto', 'rows'])]:
    for n in Ns:
        print(f"| {name} | {n} | {stat(vs_cus(a, 'auto', [n]))} | {stat(vs_cus(o, 'auto', [n]))} | {stat(best_of(a, [n], labels))} |")
    print(f"| {name} | all | {stat(vs_cus(a, 'auto', Ns))} | {stat(vs_cus(o, 'auto', Ns))} | {stat(best_of(a, Ns, labels))} |")
