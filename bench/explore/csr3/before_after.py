#!/usr/bin/env python3
"""One kernel's rows in two runs of the same config (e.g. csr_auto before and after a model
change), joined on (matrix, N): for the cases whose variant changed and, as the run-to-run drift,
those whose variant did not, the geometric mean of old / new event_median_ms (above 1: faster
now), its range, and the worst case.

  before_after.py OLD_SUITE_DIR NEW_SUITE_DIR [--kernel csr_auto] [--title T]
"""
import argparse, json, math, os


def rows(d, kernel):
    out = {}
    with open(os.path.join(d, "results.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            if r.get("kernel") == kernel and r.get("status") == "ok" and r.get("event_median_ms"):
                out[(r.get("model", ""), r["matrix"], int(r["N"]))] = r
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--kernel", default="csr_auto")
    ap.add_argument("--title", default="before / after")
    a = ap.parse_args()
    old, new = rows(a.old, a.kernel), rows(a.new, a.kernel)
    groups = {"variant changed": [], "variant unchanged (drift)": []}
    for k in sorted(set(old) & set(new)):
        o, n = old[k], new[k]
        g = "variant changed" if o.get("variant") != n.get("variant") else "variant unchanged (drift)"
        groups[g].append((o["event_median_ms"] / n["event_median_ms"], k, o.get("variant", ""),
                          n.get("variant", "")))
    print(f"### {a.title}: {a.kernel}, old / new event_median_ms (>1: faster now)\n")
    print("| cases | n | geomean | min | max | worst case |")
    print("|---|---:|---:|---:|---:|---|")
    for g, v in groups.items():
        if not v:
            print(f"| {g} | 0 | | | | |")
            continue
        gm = math.exp(sum(math.log(x[0]) for x in v) / len(v))
        w = min(v)
        print(f"| {g} | {len(v)} | {gm:.3f} | {w[0]:.3f} | {max(v)[0]:.3f} | {w[1][1]} N={w[1][2]} |")
    ch = groups["variant changed"]
    if ch:
        print(f"\nchanged, e.g.: {ch[0][2][:90]}  ->  {ch[0][3][:90]}")


if __name__ == "__main__":
    main()
