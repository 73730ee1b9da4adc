#!/usr/bin/env python3
"""rs13 i: a screen of h-status's remaining fp16 losses (N = 8-31; K = 640-768 at N = 18-31):
COLS = the column vectors exactly (no idle work-item, as COLS 3 at N = 5-6: cx), that with twice
the KSPLIT (the work-items the power of two gave: cxk), KSPLIT halved with UNROLL doubled (kh),
KSPLIT doubled (k2); on narrow's N = 8 (COLS already exact) CHUNK 2 (ch2) and UNROLL 4 (u4).
auto, auto2: csr_auto (the control); nm: the model; nmx: its choice given explicitly.
    gen_i.py CHOICE_BIN OUTDIR NAME:M:K:N/N/...[,...]"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs12gpu"))
from gen import params  # noqa: E402
from gen_a import choices, unique_lines, write_case  # noqa: E402
from gen_b import config  # noqa: E402

LABELS = ["nm", "nmx", "cx", "cxk", "kh", "k2", "ch2", "u4"]


def variants(n, h):
    s = lambda **kw: dict(h, **{"nm_spmm." + k: str(x) for k, x in kw.items()})  # noqa: E731
    un, ks, vec, cols = (int(h["nm_spmm." + k]) for k in ("UNROLL", "KSPLIT", "VEC", "COLS"))
    ch = int(h["nm_spmm.CHUNK"])
    vecs = (n + vec - 1) // vec
    v = [("nmx", h)]
    if vecs < cols:
        v.append(("cx", s(COLS=vecs)))
        if 2 * ks * vecs <= 256:
            v.append(("cxk", s(COLS=vecs, KSPLIT=2 * ks)))
    if ks > 1 and un < 8:
        v.append(("kh", s(KSPLIT=ks // 2, UNROLL=2 * un)))
    if 2 * ks * cols <= 256:
        v.append(("k2", s(KSPLIT=2 * ks)))
    if ch == 1:
        v.append(("ch2", s(CHUNK=2)))
        v.append(("u4", s(UNROLL=4)))
    return unique_lines(v)


def main():
    choice, out, mats = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    for spec in mats.split(","):
        name, M, K, ns = spec.split(":")
        ns = [int(n) for n in ns.split("/")]
        for n, text in zip(ns, choices(choice, M, K, ns)):
            write_case(out, name, n, text, variants(n, params(text.split("|")[1])))
        config(out, name, M, K, "fp16", ns, 135)


if __name__ == "__main__":
    main()
