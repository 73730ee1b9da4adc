#!/usr/bin/env python3
"""rs14 e: a screen of fp16's small-N losses on tall A left after b-held-w (N = 7-8 on 1792-4608
rows: 0.90-0.97x csr_auto), forms not screened before at fp16 there:
  at N = 8 (the narrow gather: single kept values, VEC 2, COLS 4, KSPLIT 16, UNROLL 8)
    g     the plain gather instead (CHUNK 4, UNROLL 2, KSPLIT 32, LANE 1)
    k32   KSPLIT 32, UNROLL 4            lane  LANE 1 where the model leaves it off
    v4    VEC 4, COLS 2, KSPLIT 32 (8-byte loads of halves, the same work-items)
    v4g   VEC 4, COLS 2, KSPLIT 64, CHUNK 4, UNROLL 1, LANE 1
  at N = 7 (the plain gather, shifted)
    nar   the narrow form (CHUNK 1, UNROLL 8, KSPLIT 16), shifted
    v4    VEC 4, COLS 2, KSPLIT doubled, shifted
    kh / k2  KSPLIT halved (UNROLL doubled) / doubled
  f32   (both N) the fp32 model's choice on halves where it is a gather (at N = 7 on tall A
        fp32's narrow gather: VEC 4, COLS 2, single kept values)
auto, auto2: csr_auto (the control); nm: the model; nmx: its choice given explicitly.
    gen_e.py CHOICE_BIN OUTDIR NAME:M:K:N[/N...][,...]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs13gpu"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs12gpu"))
from gen_a import choices, lane_ok, unique_lines, write_case  # noqa: E402
from gen_b import config  # noqa: E402
from gen import params  # noqa: E402

LABELS = ["nm", "nmx", "g", "k32", "lane", "v4", "v4g", "nar", "kh", "k2", "f32"]


def variants(n, h, f):
    s = lambda **kw: dict(h, **{"nm_spmm." + k: str(x) for k, x in kw.items()})  # noqa: E731
    un, ks = int(h["nm_spmm.UNROLL"]), int(h["nm_spmm.KSPLIT"])
    v = [("nmx", h)]
    if n == 8:
        v.append(("g", s(CHUNK=4, UNROLL=2, KSPLIT=32, LANE=1)))
        v.append(("k32", s(KSPLIT=32, UNROLL=4)))
        if h.get("nm_spmm.LANE") != "1" and lane_ok(h):
            v.append(("lane", s(LANE=1)))
        v.append(("v4", s(VEC=4, COLS=2, KSPLIT=32)))
        v.append(("v4g", s(VEC=4, COLS=2, KSPLIT=64, CHUNK=4, UNROLL=1, LANE=1)))
    else:
        nar = dict(h, **{"nm_spmm.CHUNK": "1", "nm_spmm.UNROLL": "8", "nm_spmm.KSPLIT": "16"})
        nar.pop("nm_spmm.LANE", None)
        v.append(("nar", nar))
        v.append(("v4", s(VEC=4, COLS=2, KSPLIT=min(128, 2 * ks))))
        if ks > 1 and un < 8:
            v.append(("kh", s(KSPLIT=ks // 2, UNROLL=2 * un)))
        if 2 * ks * 4 <= 256:
            v.append(("k2", s(KSPLIT=2 * ks)))
    if f:
        v.append(("f32", f))
    return unique_lines(v)


def main():
    choice, out, mats = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    for spec in mats.split(","):
        name, M, K, ns = spec.split(":")
        ns = [int(n) for n in ns.split("/")]
        for n, text in zip(ns, choices(choice, M, K, ns)):
            parts = text.split("|")
            f32 = params(parts[2]) if parts[2].split()[0].startswith("gather") else None
            write_case(out, name, n, text, variants(n, params(parts[1]), f32))
        config(out, name, M, K, "fp16", ns, 141)


if __name__ == "__main__":
    main()
