#!/usr/bin/env python3
"""rs12 (B): item 5's verdict per case over several runs (separate sb_sweep processes) of one
setting: each run's csr_auto / nm paired median [95% interval] and verdict (status.py's), and the
case's overall: "wins" / "loses" if it won / lost in every run that measured it, "mixed" if it
won in one and lost in another (absolute times moved up to 2x between processes here), else
"wins or unresolved", "loses or unresolved" or "unresolved".
    combine.py RUN.jsonl[.gz]..."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402


def main():
    rng = random.Random(12)
    runs = [(os.path.basename(p).split(".")[0], load_rounds(p)) for p in sys.argv[1:]]
    cases = sorted({k for _, rows in runs for k in rows})
    print("| case | N | " + " | ".join(name for name, _ in runs) + " | overall |")
    print("|---|---:|" + "---|" * len(runs) + "---|")
    count = {}
    for key in cases:
        cells, verdicts = [], []
        for _, rows in runs:
            rounds = [t for t in rows.get(key, {}).values() if "auto" in t and "nm" in t]
            if not rounds:
                cells.append("-")
                continue
            v = interval([t["auto"] / t["nm"] for t in rounds], rng)
            verdict = "wins" if v[1] > 1 else "loses" if v[2] < 1 else "unresolved"
            verdicts.append(verdict)
            cells.append(f"{v[0]:.2f} {verdict[0].upper()}")
        seen = set(verdicts)
        overall = ("mixed" if {"wins", "loses"} <= seen else
                   "wins" if seen == {"wins"} else "loses" if seen == {"loses"} else
                   "wins or unresolved" if "wins" in seen else
                   "loses or unresolved" if "loses" in seen else "unresolved")
        count[overall] = count.get(overall, 0) + 1
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + f" | {overall} |")
    print("\n(W wins, L loses, U unresolved: csr_auto / nm, interval above / below 1)")
    print(", ".join(f"{n} {k}" for k, n in sorted(count.items())))


if __name__ == "__main__":
    main()
