#!/usr/bin/env python3
"""Checks of ratio_table.py on small hand-made results: which row counts, the ratios, the verdicts.
Run: python3 bench/test_ratio_table.py (exit 0 when every check passes)."""
import csv
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ratio_table  # noqa: E402

COLUMNS = ["device", "M", "K", "N", "pattern", "block", "target_sparsity", "sparsity", "kernel",
           "median_ms", "status", "bound_ms", "speedup_vs_dense", "message"]


def suite_row(N, pattern, s, kernel, ms, status="ok", bound="", block=""):
    if pattern == "block":
        block = "32x32"
    return {"device": "dev", "M": 4096, "K": 4096, "N": N, "pattern": pattern, "block": block,
            "target_sparsity": s, "sparsity": s, "kernel": kernel,
            "median_ms": ms if status == "ok" else "", "status": status, "bound_ms": bound,
            "speedup_vs_dense": "", "message": ""}


def anchor(name, N, s, ms, status="ok"):
    return {"anchor": name, "M": 4096, "K": 4096, "N": N, "sparsity": s, "median_ms": ms,
            "status": status, "library": "test", "device": "dev"}


class RatioTableTest(unittest.TestCase):
    def render(self, dtype, rows, anchors):
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "results.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, COLUMNS)
            w.writeheader()
            w.writerows(rows)
        with open(os.path.join(d, "run.json"), "w") as f:
            json.dump({"devices": [{"name": "dev", "type": dtype}]}, f)
        path = os.path.join(d, "anchors.jsonl")
        with open(path, "w") as f:
            f.writelines(json.dumps(a) + "\n" for a in anchors)
        suite, devices = ratio_table.read_suite([d])
        anch, skipped, info = ratio_table.read_anchors([path])
        return ratio_table.render(suite, devices, anch, skipped, info, [d, path])

    def target_line(self, text, start):
        lines = [l for l in text.splitlines() if l.startswith("| " + start)]
        self.assertEqual(len(lines), 1, text)
        return lines[0]

    def table_row(self, text, sparsity_label):
        return next(l for l in text.splitlines() if l.startswith(f"| {sparsity_label} |"))

    def test_a_wrong_row_never_wins(self):
        rows = [suite_row(256, "unstructured", 0.9, "clblast", 100),
                suite_row(256, "unstructured", 0.9, "csr", 1, status="wrong"),
                suite_row(256, "unstructured", 0.9, "csr_balanced", 10)]
        text = self.render("CPU", rows, [anchor("viennacl_csr", 256, 0.9, 90)])
        row = self.table_row(text, "90%")
        self.assertIn("10 (csr_balanced)", row)
        self.assertIn("10.00x", row)  # CLBlast 100 / 10
        self.assertIn("9.00x", row)   # ViennaCL 90 / 10
        self.assertIn("**met**", self.target_line(text, "CSR >= 8x ViennaCL"))

    def test_all_ours_wrong_is_a_miss_not_a_win(self):
        rows = [suite_row(256, "unstructured", 0.9, "clblast", 100),
                suite_row(256, "unstructured", 0.9, "csr", 1, status="wrong")]
        text = self.render("CPU", rows, [anchor("viennacl_csr", 256, 0.9, 90),
                                         anchor("openblas_sgemm", 256, None, 40)])
        self.assertIn("wrong", self.table_row(text, "90%"))
        line = self.target_line(text, "CSR >= 8x ViennaCL")
        self.assertIn("**missed**", line)
        self.assertIn("ours wrong", line)
        self.assertIn("**missed**", self.target_line(text, "CSR at 90% faster than OpenBLAS"))

    def test_a_wrong_anchor_does_not_count(self):
        rows = [suite_row(256, "unstructured", 0.9, "csr", 10)]
        text = self.render("CPU", rows, [anchor("viennacl_csr", 256, 0.9, 900, status="wrong")])
        self.assertIn("**not measured**", self.target_line(text, "CSR >= 8x ViennaCL"))

    def test_gpu_targets_and_device_class(self):
        rows, anchors = [], []
        for N in (256, 1024, 4096):
            for s in (0.5, 0.7, 0.9, 0.95, 0.98):
                rows.append(suite_row(N, "unstructured", s, "clblast", 10))
                rows.append(suite_row(N, "unstructured", s, "csr", 2))
                anchors.append(anchor("cusparse_csr", N, s, 4.5 if (N, s) != (4096, 0.98) else 3))
        text = self.render("GPU", rows, anchors)
        line = self.target_line(text, "CSR >= 2x cuSPARSE")
        self.assertIn("**missed**", line)
        self.assertIn("N=4096 98% 1.50x ✗", line)
        self.assertIn("N=256 70% 2.25x", line)
        self.assertIn("**met**", self.target_line(text, "CSR faster than CLBlast from 70%"))
        self.assertIn("not measured on this device", self.target_line(text, "CSR >= 8x ViennaCL"))

    def test_spmv_against_the_bound(self):
        rows = [suite_row(1, "unstructured", 0.9, "csr_spmv", 1.5, bound=1.0),
                suite_row(1, "unstructured", 0.9, "csr", 3.0, bound=1.0),
                suite_row(1, "unstructured", 0.98, "csr_spmv", 2.5, bound=1.0)]
        text = self.render("GPU", rows, [])
        line = self.target_line(text, "SpMV (N = 1)")
        self.assertIn("**missed**", line)
        self.assertIn("90% 1.50x bound (csr_spmv)", line)
        self.assertIn("98% 2.50x bound (csr_spmv) ✗", line)

    def test_bsr_against_the_faster_pytorch_bsr(self):
        rows = [suite_row(256, "block", 0.5, "clblast", 10), suite_row(256, "block", 0.5, "bsr", 4)]
        text = self.render("GPU", rows, [anchor("torch_bsr", 256, 0.5, 8), anchor("triton_bsr", 256, 0.5, 3)])
        self.assertIn("3 (triton_bsr)", self.table_row(text, "50%"))
        self.assertIn("**missed**", self.target_line(text, "BSR 32x32 at least as fast"))
        self.assertIn("**met**", self.target_line(text, "BSR 32x32 faster than CLBlast"))


if __name__ == "__main__":
    unittest.main()
