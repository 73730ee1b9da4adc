#!/usr/bin/env python3
"""lead7: our time three ways against cuSPARSE's kernel_ms on the same cases.

  per-run, beside: `sparsebench run`'s event median (bench/vs_cusparse.sh's "ours ms"): each of
                   our runs follows a run of the CLBlast baseline (the suite times them in turn)
  per-run, alone:  sb_sweep's event median for the same case: our runs one after the other, each
                   still poisoned, launched, finished and validated on its own (nothing between)
  back to back:    the suite's batch_event_ms (gated batches, events at the ends only): the
                   anchor's method (cuSPARSE's calls back to back, one event pair around them)

usage: join.py VS_CUSPARSE.md SWEEP.jsonl [--group band|model]
Prints per group and N: cases, geomean of cuSPARSE kernel_ms / ours for each of the three, the
worst case of each, and the geomean of (beside / alone) per-run time."""
import gzip, json, math, sys

md, sweep = sys.argv[1], sys.argv[2]
group = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--group" else "band"

cases = {}
in_table = False
for line in open(md):
    if line.startswith("| case |"):
        in_table = True
        continue
    if not in_table or not line.startswith("| ") or line.startswith("|---"):
        continue
    f = [x.strip() for x in line.strip().strip("|").split("|")]
    try:
        case, N, sp, ours, cus, b2b = f[0], int(f[2]), float(f[3]), float(f[4]), float(f[5]), float(f[9])
    except (ValueError, IndexError):
        continue
    cases[(case, N)] = {"sp": sp, "beside": ours, "cus": cus, "b2b": b2b}

alone = {}
for line in (gzip.open(sweep, "rt") if sweep.endswith(".gz") else open(sweep)):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("status") == "ok" and r.get("event_ms", -1) > 0:
        alone[(r["matrix"], int(r["N"]))] = r["event_ms"]

groups = {}
missing = 0
for (case, N), c in cases.items():
    if (case, N) not in alone:
        missing += 1
        continue
    c["alone"] = alone[(case, N)]
    g = case.split("__")[0] if group == "model" else f"{round(c['sp'] * 100)}%"
    for key in (g, "all"):
        groups.setdefault((key, N if key != "all" else 0), []).append((case, N, c))


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


print(f"{len(cases)} cases in {md}; {missing} without an sb_sweep row\n")
print("| group | N | cases | per-run beside CLBlast | per-run alone | back to back | beside / alone |")
print("|---|---:|---:|---|---|---|---:|")
order = sorted(groups, key=lambda k: (k[0] == "all", k[1], k[0]))
for key in order:
    rows = groups[key]
    cells = []
    for m in ("beside", "alone", "b2b"):
        ratios = [(c["cus"] / c[m], case) for case, N, c in rows]
        w = min(ratios)
        cells.append(f"{gm([r for r, _ in ratios]):.2f}x / {w[0]:.2f}x")
    slow = gm([c["beside"] / c["alone"] for _, _, c in rows])
    print(f"| {key[0]} | {key[1] or 'all'} | {len(rows)} | " + " | ".join(cells) + f" | {slow:.2f} |")
