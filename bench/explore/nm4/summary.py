#!/usr/bin/env python3
"""nm4 exploration summary: every nm variant against csr_auto on the same 2:4 matrix and N, by
kernel time (event_ms), on the tuning set (encoder shapes at N = 1, 64, 256) and the held-out set
(BERT-base shapes and 4096^2 at every N; every shape at N = 16, 128, 512). Rows not `ok` are listed,
never timed. Ratio = csr_auto ms / variant ms (above 1: the variant is faster)."""
import argparse, glob, json, math, os, sys
from collections import defaultdict

TUNE_N = {1, 64, 256}

def held_out(matrix, n):
    return matrix.startswith('bert24') or n not in TUNE_N

def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--brief', action='store_true')
    a = ap.parse_args()
    rows, bad = [], []
    for f in sorted(glob.glob(os.path.join(a.out, '*.jsonl'))):
        if os.path.basename(f).startswith('tiny'):
            for l in open(f):
                d = json.loads(l)
                if d['status'] != 'ok':
                    bad.append(d)
            continue
        for l in open(f):
            try:
                d = json.loads(l)
            except ValueError:
                continue
            (rows if d['status'] == 'ok' else bad).append(d)
    t = defaultdict(dict)  # (matrix, N) -> label -> (ms, variant)
    for d in rows:
        if d.get('event_ms'):
            t[(d['layer'], d['N'])][d['label']] = (d['event_ms'], d['variant'])
    print(f"# nm4 exploration: {len(rows)} ok rows, {len(bad)} not ok")
    for d in bad[:20]:
        print(f"NOT OK {d['matrix']} N={d['N']} {d['label']}: {d['status']} {d.get('message','')[:160]}")
    labels = sorted({l for v in t.values() for l in v})
    per = defaultdict(lambda: defaultdict(list))  # label -> set -> ratios
    for (m, n), v in t.items():
        if 'auto' not in v:
            continue
        s = ('held' if held_out(m, n) else 'tune') + ('-small' if n <= 16 else '-mid')
        for l, (ms, _) in v.items():
            per[l][s].append(v['auto'][0] / ms)
    sets = ['tune-small', 'held-small', 'tune-mid', 'held-mid']
    if not a.brief:
        print("\n## Per variant: geomean (worst) of csr_auto / variant, cases\n")
        print("| variant | " + " | ".join(sets) + " |")
        print("|---|" + "---|" * len(sets))
        for l in labels:
            cells = []
            for s in sets:
                r = per[l][s]
                cells.append(f"{gm(r):.3f} ({min(r):.2f}) n={len(r)}" if r else "")
            print(f"| {l} | " + " | ".join(cells) + " |")
    print("\n## Best variants per set: geomean (worst) of csr_auto / variant\n")
    for s in sets:
        best = sorted(((gm(per[l][s]), min(per[l][s]), l) for l in labels if per[l][s]),
                      reverse=True)[:6]
        print(f"- {s}: " + ", ".join(f"{l} {g:.3f} ({w:.2f})" for g, w, l in best))
    print("\n## Per case: csr_auto, nm as landed, the best nm variant (gather g*/nm_tile t*)\n")
    print("| set | case | N | auto us | nm us | nm/auto | best | us | auto/best |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for (m, n) in sorted(t, key=lambda k: (held_out(*k), k[1], k[0])):
        v = t[(m, n)]
        if 'auto' not in v:
            continue
        au = v['auto'][0]
        nm = v.get('nm', (float('nan'),))[0]
        cand = [(ms, l) for l, (ms, _) in v.items() if l[0] in 'gtn' and l != 'nm' or l == 'nm']
        ms, l = min(cand) if cand else (float('nan'), '-')
        print(f"| {'held' if held_out(m, n) else 'tune'} | {m} | {n} | {au*1e3:.1f} | {nm*1e3:.1f} | "
              f"{au/nm:.2f} | {l} | {ms*1e3:.1f} | {au/ms:.2f} |")

if __name__ == '__main__':
    main()
