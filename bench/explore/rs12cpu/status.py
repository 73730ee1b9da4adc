#!/usr/bin/env python3
"""rs12 (B): issue 14 item 5's status from `sb_sweep --rounds` output with status-variants.txt (nm,
auto, auto2): per case nm's variant, the paired median and bootstrap 95% interval of csr_auto /
nm in time (above 1: nm faster) and of auto2 / auto (the control); nm "wins" where the interval
is above 1, "loses" where below 1, else "unresolved"; rows not ok.
    status.py SWEEP.jsonl[.gz]..."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds, sweep_rows  # noqa: E402


def main():
    for path in sys.argv[1:]:
        rng = random.Random(12)
        variants, bad = {}, 0
        for r in sweep_rows(path):
            bad += r.get("status") != "ok"
            if r.get("label") == "nm":
                v = r["variant"].split(":")[0].split(" -> ")
                short = v[-1].replace("nm_spmm NM_N=2 NM_M=4 NM_WHOLE_K=1 ", "")
                variants.setdefault((r["matrix"], r["N"]), short)
        rows = load_rounds(path)
        print(f"\n{os.path.basename(path)}: csr_auto / nm (above 1: nm faster), paired median "
              f"[95% interval], {max(len(v) for v in rows.values())} rounds; rows not ok: {bad}")
        print("| case | N | csr_auto / nm | verdict | auto2 / auto (control) | nm's variant |")
        print("|---|---:|---:|---|---:|---|")
        count = {"wins": 0, "unresolved": 0, "loses": 0}
        losses = []
        for key in sorted(rows, key=lambda k: (k[0], k[1])):
            rounds = [t for t in rows[key].values() if "auto" in t and "nm" in t]
            v = interval([t["auto"] / t["nm"] for t in rounds], rng)
            c = interval([t["auto2"] / t["auto"] for t in rounds if "auto2" in t], rng)
            verdict = "wins" if v[1] > 1 else "loses" if v[2] < 1 else "unresolved"
            count[verdict] += 1
            if verdict == "loses":
                losses.append(f"{key[0]} N={key[1]} {v[0]:.2f}")
            print(f"| {key[0]} | {key[1]} | {v[0]:.2f} [{v[1]:.2f}, {v[2]:.2f}] | {verdict} | "
                  f"{c[0]:.2f} [{c[1]:.2f}, {c[2]:.2f}] | {variants.get(key, '')} |")
        print(f"\nnm: {count['wins']} wins, {count['unresolved']} unresolved, {count['loses']} "
              f"losses" + (f" ({'; '.join(losses)})" if losses else ""))


if __name__ == "__main__":
    main()
