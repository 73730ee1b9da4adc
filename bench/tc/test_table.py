#!/usr/bin/env python3
"""Checks of table.py on hand-made rows: the fp16 crossovers against the fp16 dense baseline
(tensor-core and portable BSR, fp16 CSR) follow the report's rule, computed here by hand; a
target's verdict follows its numbers. Run: python3 bench/tc/test_table.py"""
import csv
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import table  # noqa: E402

COLS = ["device", "model", "layer", "M", "K", "N", "pattern", "target_sparsity", "kernel",
        "precision", "median_ms", "event_median_ms", "status"]


class TableTest(unittest.TestCase):
    def render(self, nm_ms, extra=()):
        d = tempfile.mkdtemp()
        rows = list(extra)

        def row(k, pat, s, ms, prec="fp16"):
            rows.append(dict(device="H", model="", layer="", M=4096, K=4096, N=1024, pattern=pat,
                             target_sparsity=s, kernel=k, precision=prec, median_ms=ms + 0.01,
                             event_median_ms=ms, status="ok"))
        # csr fp16 0.2/0.4/1.2x, portable bsr 0.4/0.8/2.4x, tc_bsr 0.8/1.6/4.8x of tc_dense
        for s, c, b in ((0.5, 0.6, 0.3), (0.7, 0.3, 0.15), (0.9, 0.1, 0.05)):
            row("tc_dense", "unstructured", s, 0.12)
            row("csr", "unstructured", s, c)
            row("csr", "unstructured", s, 0.01, prec="fp32")  # another precision: not a point
            row("tc_dense", "block", s, 0.12)
            row("bsr", "block", s, b)
            row("tc_bsr", "block", s, b / 2)
        row("tc_dense", "nm", 0.5, 0.12)
        row("tc_nm", "nm", 0.5, nm_ms)
        os.makedirs(os.path.join(d, "run"))
        with open(os.path.join(d, "run", "results.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, COLS)
            w.writeheader()
            w.writerows(rows)
        with open(os.path.join(d, "a.jsonl"), "w") as f:
            for a in ({"anchor": "cublas_hgemm", "N": 1024, "median_ms": 0.07, "status": "ok"},
                      {"anchor": "cusparselt_24", "N": 1024, "sparsity": 0.5, "median_ms": 0.5,
                       "status": "ok"},
                      {"anchor": "cublas_hgemm", "layer": "L1", "median_ms": 0.02, "status": "ok"},
                      {"anchor": "cublas_hgemm", "layer": "L2", "median_ms": 0.03, "status": "ok"}):
                f.write(json.dumps(a) + "\n")
        buf = io.StringIO()
        with redirect_stdout(buf):
            table.main(["--run", os.path.join(d, "run"), "--anchors", os.path.join(d, "a.jsonl")])
        return buf.getvalue()

    def test_crossovers(self):
        text = self.render(0.09)
        self.assertIn("| tc_bsr 32x32 (fp16, ours) | tc_dense fp16 (ours) | 0.550 | ~0.62 |", text)
        self.assertIn("| bsr 32x32 (fp16 storage, portable, ours) | tc_dense fp16 (ours) | 0.725 |", text)
        self.assertIn("| csr (fp16 storage, ours) | tc_dense fp16 (ours) | 0.850 | ~0.96 |", text)
        # the fp32 csr rows are 12x faster than the fp16 dense: always above 1, their own line
        self.assertIn("| csr (fp32, ours) | tc_dense fp16 (ours) | always (from 0.50) |", text)

    def test_verdicts(self):
        self.assertIn("| >= 1.3x | met |", self.render(0.09))     # 0.12 / 0.09 = 1.33
        self.assertIn("| >= 1.3x | missed |", self.render(0.1))   # 1.2

    def test_resnet_totals(self):
        # two layers at fp16 (DLMC, stored sparsity) plus a third only csr has: totals over the
        # layers both kernels have, from the event medians (not median_ms); anchors per layer
        def layer(k, name, ev):
            return dict(device="H", model="resnet50", layer=name, M=256, K=256, N=8, pattern="dlmc",
                        target_sparsity="", kernel=k, precision="fp16", median_ms=ev + 0.02,
                        event_median_ms=ev, status="ok")
        extra = [layer("tc_dense", "L1", 0.01), layer("tc_dense", "L2", 0.03),
                 layer("csr", "L1", 0.005), layer("csr", "L2", 0.015), layer("csr", "L3", 0.5)]
        text = self.render(0.09, extra)
        # tc_dense 0.01 + 0.03 = 0.04 vs cuBLAS 0.02 + 0.03 = 0.05: 0.80x; csr 0.02, 2.00x, no anchor
        self.assertIn("| resnet50 | tc_dense | stored | 2 | 0.040 | 0.040 | 1.00x | "
                      "cublas_hgemm (2 layers) | 0.050 | 0.80x |", text)
        self.assertIn("| resnet50 | csr | stored | 2 | 0.020 | 0.040 | 2.00x | - | n/a | n/a |", text)


if __name__ == "__main__":
    unittest.main()
