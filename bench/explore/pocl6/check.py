#!/usr/bin/env python3
"""pocl6: issue 14's PoCL check, paired: per matrix and N, per round of `sb_sweep --rounds`
(check-variants.txt), csr_auto's event median / the fastest fixed CSR kernel's of that round
(csr, bal, tile), and csr / csr_copy (the identical kernel: the control). Median over rounds with
a bootstrap 95% interval (paired.py's). The check holds on a case when the interval's upper bound
is at most 1.10 (csr_auto at most 10% slower than the best fixed kernel).

    check.py RESULTS.jsonl ...
"""
import json
import sys

from paired import median_ci

FIXED = ("csr", "bal", "tile")


def main():
    cases = {}
    bad = 0
    for p in sys.argv[1:]:
        for line in open(p):
            d = json.loads(line)
            ok = d["status"] == "ok" and d["event_ms"] > 0
            bad += not ok
            c = cases.setdefault((d["matrix"], d["N"]), {"info": d, "rounds": {}})
            c["rounds"].setdefault((p, d["round"]), {})[d["label"]] = d["event_ms"] if ok else None
    print("Rows not ok: %d\n" % bad)
    print("| matrix | N | row mean | nnz | rounds | csr_auto's choice | csr/csr_copy (control) "
          "| csr_auto / best fixed | best fixed (rounds won: csr/bal/tile) | within 10% |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (m, N), c in sorted(cases.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ctl, rel, won = [], [], {k: 0 for k in FIXED}
        for r in c["rounds"].values():
            if any(r.get(k) is None for k in FIXED + ("csr_copy", "auto")):
                continue
            best = min(FIXED, key=lambda k: r[k])
            won[best] += 1
            ctl.append(r["csr"] / r["csr_copy"])
            rel.append(r["auto"] / r[best])
        if len(rel) < 5:
            continue
        i = c["info"]
        ci = median_ci(rel)
        choice = next((json.loads(l)["variant"] for p in sys.argv[1:] for l in open(p)
                       if json.loads(l)["matrix"] == m and json.loads(l)["N"] == N and
                       json.loads(l)["label"] == "auto"), "")
        print("| %s | %d | %.0f | %d | %d | %s | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %s | %s |" %
              ((m, N, i["row_mean"], i["nnz"], len(rel), choice.split(":")[0])
               + median_ci(ctl) + ci + ("/".join(str(won[k]) for k in FIXED),
                                        "yes" if ci[2] <= 1.10 else "NO")))


if __name__ == "__main__":
    main()
