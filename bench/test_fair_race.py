#!/usr/bin/env python3
"""Checks of fair_race.py on hand-made results: the tuned/untuned ratios by both timers, the pooling
of interleaved runs, the launch-overhead shares, and that failed rows never count.
Run: python3 bench/test_fair_race.py (exit 0 when every check passes)."""
import csv
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fair_race  # noqa: E402

COLUMNS = ["device", "matrix", "model", "layer", "kernel", "variant", "M", "K", "N",
           "target_sparsity", "status", "median_ms", "batch_ms", "peak_fraction"]


def row(kernel, ms, batch, matrix="m", s="0.5", N=256, status="ok", variant="v", pf="0.1",
        model="", layer=""):
    return {"device": "dev", "matrix": matrix, "model": model, "layer": layer, "kernel": kernel,
            "variant": variant, "M": 4096, "K": 4096, "N": N, "target_sparsity": s,
            "status": status, "median_ms": ms if status == "ok" else "",
            "batch_ms": batch if status == "ok" else "", "peak_fraction": pf}


def write(rows):
    d = tempfile.mkdtemp()
    with open(f"{d}/results.csv", "w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return d


class Args:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def table_row(lines, *cells):
    """the Markdown row whose leading cells are these"""
    head = "| " + " | ".join(cells) + " |"
    hits = [l for l in lines if l.startswith(head)]
    assert len(hits) == 1, (head, lines)
    return [c.strip() for c in hits[0].strip("|").split("|")]


class Dense(unittest.TestCase):
    def test_ratios_pooled_and_failed_rows_ignored(self):
        # matrix a: two interleaved tuned runs (medians 100, 120 -> 110) vs untuned 440: 4.00x;
        # batch 90/100 -> 95 vs 380: 4.00x. matrix b: 200 vs 300: 1.50x, batch 150 vs 600: 4.00x.
        t1 = write([row("clblast", 100, 90, "a"), row("clblast", 200, 150, "b", pf="0.3"),
                    row("csr", 1, 1, "a")])
        t2 = write([row("clblast", 120, 100, "a"), row("clblast", 1, 1, "c", status="wrong")])
        u1 = write([row("clblast", 440, 380, "a"), row("clblast", 300, 600, "b"),
                    row("clblast", 5, 5, "c")])
        lines, rc = fair_race.dense(Args(tuned=[t1, t2], untuned=[u1]))
        self.assertEqual(rc, 0)
        a = table_row(lines, "dev", "a")
        self.assertEqual(a[4:10], ["440", "110", "4.00x", "380", "95", "4.00x"])
        # 2*4096*4096*256 / 110 ms
        self.assertAlmostEqual(float(a[10]), 2 * 4096 * 4096 * 256 / 0.110 / 1e9, delta=0.1)
        b = table_row(lines, "dev", "b")
        self.assertEqual(b[6], "1.50x")
        self.assertEqual(b[9], "4.00x")
        self.assertEqual(b[11], "30.0")
        self.assertFalse([l for l in lines if l.startswith("| dev | c |")])  # wrong on one side
        shape = table_row(lines, "dev", "4096 x 4096 x 256")
        self.assertEqual(shape[2:6], ["2", "2.75x", "1.50-4.00", "4.00x"])

    def test_nothing_matched(self):
        lines, rc = fair_race.dense(Args(tuned=[write([row("csr", 1, 1)])],
                                         untuned=[write([row("clblast", 1, 1)])]))
        self.assertEqual(rc, 1)


class Overhead(unittest.TestCase):
    def test_shares(self):
        d = write([row("clblast", 0.040, 0.010, model="rn50", layer="l1", N=3136),
                   row("clblast", 0.100, 0.075, model="rn50", layer="l2", N=784),
                   row("csr", 0.030, 0.012, model="rn50", layer="l1", N=3136),
                   row("csr", 1, 1, model="rn50", layer="l2", status="failed")])
        lines, rc = fair_race.overhead(Args(dirs=[d]))
        self.assertEqual(rc, 0)
        l1 = table_row(lines, "dev", "rn50", "l1", "3136", "clblast")
        self.assertEqual(l1[5:], ["0.04", "0.01", "0.03", "75%"])
        k = table_row(lines, "dev", "clblast")
        # shares 75% and 25%: median 50%; overheads 0.030, 0.025: median 0.0275; sums 0.14, 0.085
        self.assertEqual(k[2:], ["2", "50%", "25%", "75%", "0.0275", "0.14", "0.085"])
        k = table_row(lines, "dev", "csr")
        self.assertEqual(k[2:6], ["1", "60%", "60%", "60%"])


if __name__ == "__main__":
    unittest.main()
