#!/usr/bin/env python3
"""nm9: per case, every variant's paired median ratio csr_auto / variant (above 1: faster than
csr_auto) from `sb_sweep --rounds` output, one line per case, variants in the file's order.
    best.py SWEEP.jsonl[.gz]..."""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import load_rounds  # noqa: E402


def main():
    for path in sys.argv[1:]:
        rows = load_rounds(path)
        labels = []
        for rounds in rows.values():
            for t in rounds.values():
                labels += [label for label in t if label not in labels]
        labels = [label for label in labels if label != "auto"]
        print(f"\n{os.path.basename(path)}: csr_auto / variant, median of paired rounds")
        print("| case | N | " + " | ".join(labels) + " | best |")
        print("|---|---:|" + "---:|" * len(labels) + "---|")
        for key in sorted(rows, key=lambda k: (k[0], k[1])):
            rounds = [t for t in rows[key].values() if "auto" in t]
            med = {}
            for label in labels:
                v = [t["auto"] / t[label] for t in rounds if label in t]
                if v:
                    med[label] = statistics.median(v)
            best = max((m, label) for label, m in med.items() if label != "auto2")
            print(f"| {key[0]} | {key[1]} | " +
                  " | ".join(f"{med[label]:.2f}" if label in med else "-" for label in labels) +
                  f" | {best[1]} {best[0]:.2f} |")


if __name__ == "__main__":
    main()
