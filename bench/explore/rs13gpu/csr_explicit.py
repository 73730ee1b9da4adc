#!/usr/bin/env python3
"""rs13 d: from a first sb_sweep pass of csr_auto (one round, label auto) over DIR's configs, per
case where csr_auto picks csr_balanced with SHIFT 1 (the rule fires: VEC leaves a partial vector)
a variants file DIR/NAME-N<n>.txt: auto, auto2 (csr_auto, the control), new (csr_balanced with
csr_auto's parameters given explicitly) and old (the same with SHIFT 0, the choice before the
rule). Other cases are listed and left out.
    csr_explicit.py DIR PASS1.jsonl ..."""
import json
import re
import sys


def main():
    out = sys.argv[1]
    for path in sys.argv[2:]:
        for line in open(path):
            r = json.loads(line)
            if r.get("label") != "auto" or r.get("status") != "ok":
                continue
            v = r["variant"]
            m = re.search(r"-> csr_balanced: csr_spmm_balanced (.*)$", v)
            name = r["matrix"].rsplit("_s", 1)[0]
            if not m or "SHIFT=1" not in m.group(1):
                print("%s N = %d: %s, left out" % (name, r["N"], v))
                continue
            p = dict(kv.split("=") for kv in m.group(1).split())
            args = " ".join("csr_balanced.%s=%s" % (k, p[k])
                            for k in ("VEC", "KSPLIT", "COLS_PER_WG", "UNROLL"))
            with open("%s/%s-N%d.txt" % (out, name, r["N"]), "w") as f:
                f.write("# %s\nauto csr_auto\nauto2 csr_auto\n" % v)
                f.write("new csr_balanced %s csr_balanced.SHIFT=1\n" % args)
                f.write("old csr_balanced %s csr_balanced.SHIFT=0\n" % args)


if __name__ == "__main__":
    main()
