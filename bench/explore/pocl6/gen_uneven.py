#!/usr/bin/env python3
"""pocl6: held-out matrices with UNEVEN rows (synthetic configs only make binomial rows, cv < 0.1;
the DLMC variational-dropout final_dense has cv 0.16, magnitude's 0.25). Writes DLMC-format .smtx
patterns (row lengths lognormal with the given mean and cv, columns uniform without repeats,
seeded) into DIR/pocl6/, and links DIR/dlmc to the DLMC data, so one --data-dir serves held.yaml.

    gen_uneven.py DIR DLMC_DATA_DIR
"""
import os
import random
import sys

# name, M, K, mean non-zeros a row, cv of the row lengths (chosen before any pocl6 measurement)
CASES = [
    ("u1024x2048-m450-cv30", 1024, 2048, 450, 0.30),
    ("u512x4096-m250-cv50", 512, 4096, 250, 0.50),
    ("u2048x2048-m100-cv50", 2048, 2048, 100, 0.50),
    ("u1000x2048-m205-cv25", 1000, 2048, 205, 0.25),
    # held2.yaml (added after the first measurement, before any held2 measurement)
    ("u4096x4096-m410-cv30", 4096, 4096, 410, 0.30),
    ("u512x1024-m120-cv60", 512, 1024, 120, 0.60),
    # held3.yaml (added after held2's measurement, before any held3 measurement)
    ("u2048x4096-m300-cv40", 2048, 4096, 300, 0.40),
    ("u300x6000-m900-cv20", 300, 6000, 900, 0.20),
]


def lengths(rng, M, K, mean, cv):
    import math
    s2 = math.log(1 + cv * cv)
    mu = math.log(mean) - s2 / 2
    return [max(1, min(K, int(round(rng.lognormvariate(mu, math.sqrt(s2)))))) for _ in range(M)]


def main():
    out, dlmc = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "pocl6"), exist_ok=True)
    link = os.path.join(out, "dlmc")
    if not os.path.exists(link):
        os.symlink(os.path.join(os.path.abspath(dlmc), "dlmc"), link)
    rng = random.Random(6)
    for name, M, K, mean, cv in CASES:
        lens = lengths(rng, M, K, mean, cv)
        rp = [0]
        cols = []
        for n in lens:
            cols += sorted(rng.sample(range(K), n))
            rp.append(len(cols))
        with open(os.path.join(out, "pocl6", name + ".smtx"), "w") as f:
            f.write("%d, %d, %d\n" % (M, K, len(cols)))
            f.write(" ".join(map(str, rp)) + "\n")
            f.write(" ".join(map(str, cols)) + "\n")


if __name__ == "__main__":
    main()
