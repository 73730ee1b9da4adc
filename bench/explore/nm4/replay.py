#!/usr/bin/env python3
"""Replays nm's model (include/sb_nm_auto.h, through nm_auto_print built from this tree) on the
nm4-1 sweep: for every case, the measured row of the variant the model picks (matched by the
effective parameters in its variant string; nm_tile by label), against csr_auto and against the
best nm variant measured (the oracle), by kernel time. Sets as summary.py (tune: encoder shapes
at N = 1, 64, 256; held: the rest).

  replay.py OUTDIR [--print PATH_TO_nm_auto_print]"""
import argparse, glob, json, math, os, subprocess, sys
from collections import defaultdict

TUNE_N = {1, 64, 256}


def held_out(matrix, n):
    return matrix.startswith('bert24') or n not in TUNE_N


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--print', dest='prog', default='.tmp/nm_auto_print')
    a = ap.parse_args()
    t = defaultdict(dict)
    shape = {}
    for f in sorted(glob.glob(os.path.join(a.out, '*.jsonl'))):
        if os.path.basename(f).startswith('tiny'):
            continue
        for l in open(f):
            try:
                d = json.loads(l)
            except ValueError:
                continue
            if d['status'] == 'ok' and d.get('event_ms'):
                k = (d['layer'], d['N'])
                t[k][d['label']] = (d['event_ms'], d['variant'])
                shape[k] = (d['M'], d['K'], d['N'])
    keys = sorted(t, key=lambda k: (held_out(*k), k[1], k[0]))
    inp = ''.join('%d %d %d\n' % shape[k] for k in keys)
    res = subprocess.run([a.prog], input=inp, capture_output=True, text=True, check=True)
    choice = {}
    for k, line in zip(keys, res.stdout.splitlines()):
        w = line.split()
        params = dict(p.split('=') for p in w[5:])
        choice[k] = (w[3], w[4], params)
    per = defaultdict(list)
    print('| set | case | N | rule | picked | us | auto us | auto/model | oracle | auto/oracle |')
    print('|---|---|---:|---|---|---:|---:|---:|---|---:|')
    for k in keys:
        v = t[k]
        if 'auto' not in v:
            continue
        rule, kern, p = choice[k]
        hit = None
        if kern == 'nm_tile':
            lab = 't_%s%s' % ('mma' if p.get('nm_tile.MMA') == '1' else 'simt',
                              '32' if p.get('nm_tile.BK') == '32' else '')
            if 'nm_tile.BM' in p and (p['nm_tile.BM'], p['nm_tile.BN']) != ('64', '64'):
                lab = 't_%s%sx%s%s' % ('mma' if p.get('nm_tile.MMA') == '1' else 'simt',
                                       p['nm_tile.BM'], p['nm_tile.BN'],
                                       'k' if p.get('nm_tile.BK') == '32' else '')
            if lab in v:
                hit = (lab, v[lab][0])
        else:
            want = ' '.join('%s=%s' % (n, p['nm_spmm.' + n]) for n in
                            ('VEC', 'KSPLIT', 'COLS', 'UNROLL', 'CHUNK'))
            for lab, (ms, var) in v.items():
                if var.startswith('nm_spmm ') and want in var:
                    hit = (lab, ms)
                    break
        au = v['auto'][0]
        orc = min((ms, l) for l, (ms, _) in v.items() if l[0] in 'gt' or l == 'nm')
        s = ('held' if held_out(*k) else 'tune')
        if hit:
            per[s].append(au / hit[1])
            per[s + '-oracle'].append(au / orc[0])
            print(f'| {s} | {k[0]} | {k[1]} | {rule} | {hit[0]} | {hit[1]*1e3:.1f} | {au*1e3:.1f} | '
                  f'{au/hit[1]:.2f} | {orc[1]} | {au/orc[0]:.2f} |')
        else:
            print(f'| {s} | {k[0]} | {k[1]} | {rule} | not measured: {kern} {p} | | {au*1e3:.1f} | | '
                  f'{orc[1]} | {au/orc[0]:.2f} |')
    print('\n| set | cases | geomean auto/model | worst | below 1 | oracle geomean |')
    print('|---|---:|---:|---:|---:|---:|')
    for s in ('tune', 'held'):
        if per[s]:
            print(f'| {s} | {len(per[s])} | {gm(per[s]):.3f} | {min(per[s]):.2f} | '
                  f'{sum(x < 1 for x in per[s])} | {gm(per[s + "-oracle"]):.3f} |')


if __name__ == '__main__':
    main()
