#!/usr/bin/env python3
"""rs14 c: a screen of item 5's losses left after b-held-w: fp32's narrow gather (N = 5-8) on tall
A (a-held-z's recheck: 0.93-0.96x csr_auto) and fp16's gather at N = 11-32 where exact COLS does
not fire (2304x768 at N = 11-31, 0.90-0.92x). Labels:
  lane  LANE 1 (where the host keeps it)      lane2 LANE 2 (chunks of whole groups)
  c3    COLS 3 (three VEC 2 column vectors, N = 5-6)
  kh    KSPLIT halved, UNROLL doubled         k2    KSPLIT doubled (within 256 work-items)
  ch    CHUNK 2 where it is 1 or 4, else 4    u     UNROLL halved from 8, else doubled
  v4    VEC 4 (fp16, N >= 11): COLS for it, KSPLIT keeping the work-items, SHIFT where 4 does not
        divide N
auto, auto2: csr_auto (the control); nm: the model; nmx: its choice given explicitly. Variants
that repeat another are left out.
    gen_c.py CHOICE_BIN OUTDIR NAME:M:K:PREC:N[/N...][,...]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs13gpu"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs12gpu"))
from gen_a import choices, lane_ok, unique_lines, write_case  # noqa: E402
from gen_b import config  # noqa: E402
from gen import cols_for, params  # noqa: E402

LABELS = ["nm", "nmx", "lane", "lane2", "c3", "kh", "k2", "ch", "u", "v4"]


def variants(n, h, fp16):
    s = lambda **kw: dict(h, **{"nm_spmm." + k: str(x) for k, x in kw.items()})  # noqa: E731
    un, ks, vec, cols, ch = (int(h["nm_spmm." + k]) for k in
                             ("UNROLL", "KSPLIT", "VEC", "COLS", "CHUNK"))
    v = [("nmx", h)]
    if lane_ok(h) and h.get("nm_spmm.LANE") != "1":
        v.append(("lane", s(LANE=1)))
    if ch > 1 and ch % 2 == 0 and (un * ks) % 16 == 0:
        v.append(("lane2", s(LANE=2)))
    if vec == 2 and n in (5, 6) and cols != 3:
        v.append(("c3", s(COLS=3, SHIFT=n % 2)))
    if ks > 1 and un < 8:
        v.append(("kh", s(KSPLIT=ks // 2, UNROLL=2 * un)))
    if 2 * ks * cols <= 256:
        v.append(("k2", s(KSPLIT=2 * ks)))
    v.append(("ch", s(CHUNK=2 if ch in (1, 4) else 4)))
    v.append(("u", s(UNROLL=un // 2 if un == 8 else 2 * un)))
    if fp16 and n >= 11 and vec == 2:
        c4 = cols_for(n, 4)
        k4 = max(1, min(256 // c4, ks * cols // c4))
        k4 = 1 << (k4.bit_length() - 1)  # a power of two (c-screen ran 1280x640 N = 20 with 20)
        v.append(("v4", s(VEC=4, COLS=c4, KSPLIT=k4, SHIFT=1 if n % 4 else 0)))
    return unique_lines(v)


def main():
    choice, out, mats = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    for spec in mats.split(","):
        name, M, K, prec, ns = spec.split(":")
        ns = [int(n) for n in ns.split("/")]
        fp16 = prec == "fp16"
        for n, text in zip(ns, choices(choice, M, K, ns)):
            write_case(out, name, n, text,
                       variants(n, params(text.split("|")[1 if fp16 else 2]), fp16))
        config(out, name, M, K, prec, ns, 140)


if __name__ == "__main__":
    main()
