#!/usr/bin/env python3
"""rs13: the held-out set of the gather's edges (NM_GPU_EDGES in src/kernels/nm_auto.c): per
matrix a config (2:4, its precision) and per matrix and N a sb_sweep variants file: auto, auto2
(csr_auto, the control), nm (the model), new (its choice given explicitly, AUTO 0) and old (the
choice of the model before the rule, given explicitly). Cases where both choices agree (the rule
does not fire) or either is the tile are left out, except where the new choice is nm_tile at fp16
and the old one a gather (rs13's NM_TILE_FP16_TILES4): there new is nm, the model, which runs the
tile at the device's parameters.
    held_gen.py CHOICE_NEW CHOICE_OLD OUTDIR NAME:M:K:PREC:N/N/...[,...]
CHOICE_*: rs12gpu/choice.c built against the library with and without the rule."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rs12gpu"))
from gen import line, params  # noqa: E402
from gen_b import config  # noqa: E402


def choice(binary, M, K, n, prec):
    out = subprocess.run([binary], input="%s %s %d\n" % (M, K, n), capture_output=True,
                         text=True, check=True).stdout
    part = out.split("|")[1 if prec == "fp16" else 2]
    return part.split()[0], params(part)


def main():
    new, old, out, mats = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    for spec in mats.split(","):
        name, M, K, prec, ns = spec.split(":")
        keep = []
        for n in map(int, ns.split("/")):
            (rn, pn), (ro, po) = choice(new, M, K, n, prec), choice(old, M, K, n, prec)
            tile = rn == "tile-fp16" and ro.startswith("gather") and prec == "fp16"
            if (pn == po and rn == ro) or not ro.startswith("gather") or \
                    not (rn.startswith("gather") or tile):
                print("%s N = %d: %s / %s, the same or a tile: left out" % (name, n, rn, ro))
                continue
            keep.append(n)
            # the tile (nm_tile at the device's parameters) runs only by the model: new is nm
            new_line = "new nm" if tile else line("new", pn)
            with open("%s/%s-N%d.txt" % (out, name, n), "w") as f:
                f.write("# %s %s %d: new %s, old %s\nauto csr_auto\nauto2 csr_auto\nnm nm\n%s\n%s\n"
                        % (M, K, n, rn, ro, new_line, line("old", po)))
        if keep:
            config(out, name, M, K, prec, keep, 133)


if __name__ == "__main__":
    main()
