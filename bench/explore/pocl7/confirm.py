#!/usr/bin/env python3
"""pocl7: the paired confirmation of screen.py's candidates, from `sb_sweep --rounds K` rows
(confirm.sh). Per matrix and N, per round: csr_auto's event median / the fastest fixed kernel's of
that round (among the fixed labels the case ran: csr, bal = csr_balanced, tile = csr_tile; the
definition of bench/explore/pocl6/check.py), csr_auto / csr, and csr / csr_copy (the identical
kernel: the control). Median over rounds with a bootstrap 95% interval (pocl6/paired.py's).

Verdict per case (issue 14: csr_auto at most 10% slower than the best fixed kernel):
  MISS    the interval's lower bound is above 1.10 (slower by more than 10%, beyond doubt)
  within  the upper bound is at most 1.10
  unresolved  the interval straddles 1.10

    confirm.py RESULTS.jsonl[.gz] ...
"""
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pocl6"))
from paired import median_ci  # noqa: E402

FIXED = ("csr", "bal", "tile")


def main():
    cases, bad = {}, 0
    for p in sys.argv[1:]:
        for line in (gzip.open(p, "rt") if p.endswith(".gz") else open(p)):
            d = json.loads(line)
            ok = d["status"] == "ok" and d["event_ms"] > 0
            bad += not ok
            c = cases.setdefault((d["matrix"], d["N"]), {"info": d, "rounds": {}, "variant": ""})
            if d["label"] == "auto":
                c["variant"] = d["variant"]
            c["rounds"].setdefault((p, d["round"]), {})[d["label"]] = d["event_ms"] if ok else None
    print("Rows not ok: %d\n" % bad)
    print("| matrix | N | rounds | csr_auto's choice | csr/csr_copy (control) | csr_auto / csr "
          "| csr_auto / best fixed | rounds won (%s) | verdict |" % "/".join(FIXED))
    print("|---|---:|---:|---|---|---|---|---|---|")
    counts = {}
    for (m, N), c in sorted(cases.items(), key=lambda kv: kv[0]):
        labels = set().union(*[set(r) for r in c["rounds"].values()])
        fixed = [k for k in FIXED if k in labels]
        ctl, vs_csr, rel, won = [], [], [], {k: 0 for k in FIXED}
        for r in c["rounds"].values():
            if any(r.get(k) is None for k in fixed + ["csr_copy", "auto"]):
                continue
            best = min(fixed, key=lambda k: r[k])
            won[best] += 1
            ctl.append(r["csr"] / r["csr_copy"])
            vs_csr.append(r["auto"] / r["csr"])
            rel.append(r["auto"] / r[best])
        if len(rel) < 5:
            print("| %s | %d | %d | | | | | | unconfirmed (too few rounds ok) |" % (m, N, len(rel)))
            counts["unconfirmed"] = counts.get("unconfirmed", 0) + 1
            continue
        ci = median_ci(rel)
        verdict = "MISS" if ci[1] > 1.10 else "within" if ci[2] <= 1.10 else "unresolved"
        counts[verdict] = counts.get(verdict, 0) + 1
        print("| %s | %d | %d | %s | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %s | %s |"
              % ((m, N, len(rel), c["variant"].split(":")[0]) + median_ci(ctl) + median_ci(vs_csr)
                 + ci + ("/".join(str(won[k]) if k in fixed else "-" for k in FIXED), verdict)))
    print("\n" + ", ".join("%s: %d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    main()
