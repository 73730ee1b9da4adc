#!/usr/bin/env python3
"""Checks of cusparse_table.py on small hand-made suites and anchors: the ratios by both of our
timings, the geometric mean and the worst case, and that a suite run on two devices is refused
unless one is chosen. Run: python3 bench/test_cusparse_table.py (exit 0 when every check passes)."""
import csv
import json
import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cusparse_table  # noqa: E402

COLUMNS = ["device_index", "device", "matrix", "model", "source", "target_sparsity", "sparsity",
           "M", "K", "N", "kernel", "variant", "status", "message", "median_ms",
           "event_median_ms", "batch_event_ms"]


def row(matrix, N, kernel, ms, b2b="", dev="1:0", s=0.9, status="ok"):
    return {"device_index": dev, "device": "GPU " + dev, "matrix": matrix, "model": "",
            "source": "synthetic", "target_sparsity": s, "sparsity": s, "M": 512, "K": 512,
            "N": N, "kernel": kernel, "variant": kernel + " v", "status": status, "message": "",
            "median_ms": ms, "event_median_ms": ms, "batch_event_ms": b2b}


def anchor(matrix, N, kernel_ms):
    return {"anchor": "cusparse_csr", "matrix": matrix, "N": N, "status": "ok",
            "kernel_ms": kernel_ms, "median_ms": kernel_ms}


class CusparseTableTest(unittest.TestCase):
    def folder(self, rows, anchors):
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "results.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, COLUMNS)
            w.writeheader()
            w.writerows(rows)
        with open(os.path.join(d, "cus.jsonl"), "w") as f:
            for a in anchors:
                f.write(json.dumps(a) + "\n")
        return d

    def table(self, d, *extra):
        out = os.path.join(d, "t.md")
        rc = cusparse_table.main(["table", d, os.path.join(d, "cus.jsonl"), "--out", out] +
                                 list(extra))
        with open(out) as f:
            return rc, f.read()

    def summary_cells(self, text, group, N):
        for line in text.splitlines():
            f = [x.strip() for x in line.strip().strip("|").split("|")]
            if len(f) > 10 and f[0] == group and f[1] == str(N):
                return f
        self.fail(f"no summary line {group} {N} in:\n{text}")

    def test_ratios_geomean_and_worst(self):
        # ours 0.010 and 0.040 ms per run, 0.008 and 0.020 back to back; cuSPARSE 0.020 and 0.020
        d = self.folder([row("a", 256, "csr_auto", 0.010, 0.008), row("b", 256, "csr_auto", 0.040, 0.020)],
                        [anchor("a_s0.9", 256, 0.020), anchor("b_s0.9", 256, 0.020)])
        rc, text = self.table(d)
        self.assertEqual(rc, 0)
        f = self.summary_cells(text, "90%", 256)
        self.assertEqual(f[2], "2")
        per_run = math.sqrt((0.020 / 0.010) * (0.020 / 0.040))  # 1.0
        b2b = math.sqrt((0.020 / 0.008) * (0.020 / 0.020))      # 1.58
        self.assertEqual(f[3], f"{per_run:.2f}x")
        self.assertTrue(f[4].startswith("0.50x (b_s0.9 N=256)"), f[4])
        self.assertEqual(f[9], f"{b2b:.2f}x")
        self.assertEqual(f[10], "1.00x")

    def test_two_devices_refused_unless_one_is_chosen(self):
        rows = [row("a", 256, "csr_auto", 0.010, 0.008, dev="1:0"),
                row("a", 256, "csr_auto", 0.005, 0.004, dev="1:1")]
        d = self.folder(rows, [anchor("a_s0.9", 256, 0.020)])
        with self.assertRaises(SystemExit) as e:
            self.table(d)
        self.assertIn("rows of 2 devices (1:0 GPU 1:0, 1:1 GPU 1:1)", str(e.exception.code))
        rc, text = self.table(d, "--device-index", "1:1")
        f = self.summary_cells(text, "90%", 256)
        self.assertEqual((f[2], f[3], f[9]), ("1", "4.00x", "5.00x"))  # 1:1's times only
        with self.assertRaises(SystemExit) as e:
            self.table(d, "--device-index", "2:0")
        self.assertIn("no csr_auto row of device 2:0", str(e.exception.code))

    def test_compare_and_cases_take_one_device(self):
        rows = [row("a", 256, "csr_auto", 0.010, dev="1:0"), row("a", 256, "csr", 0.020, dev="1:0"),
                row("a", 256, "csr_auto", 0.030, dev="1:1"), row("a", 256, "csr", 0.015, dev="1:1")]
        d = self.folder(rows, [])
        with self.assertRaises(SystemExit):
            cusparse_table.main(["compare", d, "--a", "csr_auto", "--b", "csr"])
        out = os.path.join(d, "c.md")
        cusparse_table.main(["compare", d, "--a", "csr_auto", "--b", "csr", "--device-index",
                             "1:1", "--out", out])
        with open(out) as f:
            self.assertIn("| a_s0.9 | 256 | 0.03 | csr | 0.015 | 0.50 |", f.read())
        with self.assertRaises(SystemExit):
            cusparse_table.main(["cases", d, "/p"])


if __name__ == "__main__":
    unittest.main()
