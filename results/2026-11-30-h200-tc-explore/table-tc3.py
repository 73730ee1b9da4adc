"""tc3-1 summary: core variants/ablations, anchors, f16x2 A/B, RN50 fp16 totals, sweep best."""
import csv, glob, json, os, statistics, sys
out = sys.argv[1]
def tc_rows(p):
    if not os.path.exists(p): return []
    rows = []
    for r in csv.reader(open(p)):
        if len(r) >= 13: rows.append(dict(kernel=r[1], shape=f"{r[2]}x{r[3]}x{r[4]}", params=r[6] or "(default)",
                                          status=r[7], med=float(r[8]), mn=float(r[9]), tf=float(r[10]), err=r[12]))
    return rows
core = tc_rows(f"{out}/core.csv")
print("== A. tc_bench 4096x1024x4096 (events, median of 30; ABL rows are wrong on purpose)")
for r in core:
    print(f"  {r['kernel']:9} {r['shape']:16} {r['params']:48} {r['status']:6} {r['med']:.4f} ms {r['tf']:6.1f} TF/s err {r['err']}")
anch = {}
for f in ("anchors-graph.jsonl", "anchors-events.jsonl"):
    p = f"{out}/{f}"
    if os.path.exists(p):
        for l in open(p):
            try: a = json.loads(l)
            except Exception: continue
            anch[(a.get("anchor"), a.get("timer"))] = a.get("median_ms")
print("== B. anchors:", {f"{k[0]}/{k[1]}": round(v, 4) if v else v for k, v in anch.items()})
hg = anch.get(("cublas_hgemm", "graph")) or anch.get(("cublas_hgemm", "cuda_event"))
d0 = [r for r in core if r["kernel"] == "gemm_f16" and r["shape"] == "4096x1024x4096" and r["status"] == "ok"]
if hg and d0:
    best = min(d0, key=lambda r: r["med"])
    print(f"  best validated tc_dense {best['med']:.4f} ms ({best['params']}) = {best['med']/hg:.2f}x cuBLAS fp16 {hg:.4f} (target <= 1.5x)")
def sb_rows(p):
    p = f"{p}/results.csv"
    return list(csv.DictReader(open(p))) if os.path.exists(p) else []
print("== D. f16x2 epilogue A/B (sparsebench, C in halves, event_median_ms)")
ab = {v: {(r["matrix"], r["kernel"], r["target_sparsity"]): r for r in sb_rows(f"{out}/ab-{v}")} for v in ("base", "f16x2")}
for k in sorted(set(ab["base"]) | set(ab["f16x2"])):
    b, f = ab["base"].get(k), ab["f16x2"].get(k)
    fmt = lambda r: f"{r['status']} {float(r['event_median_ms'] or 'nan'):.4f}" if r else "-"
    print(f"  {' '.join(k):40} base {fmt(b):14} f16x2 {fmt(f)}")
nm = {k: r for k, r in ab["base"].items() if k[0] == "w4096-2to4"}
print("== C. resnet50-dlmc-fp16 (sum of layer event medians, ms, status counts)")
rr = sb_rows(f"{out}/resnet50-dlmc-fp16")
tot = {}
for r in rr:
    if r.get("model") and r["status"] == "ok":
        tot.setdefault(r["kernel"], []).append(float(r["event_median_ms"] or r["median_ms"]))
st = {}
for r in rr: st[r["status"]] = st.get(r["status"], 0) + 1
print("  statuses", st, {k: f"{sum(v):.3f} ms / {len(v)} layers" for k, v in tot.items()})
print("== E. sweep (validated only), best 8 per kernel")
sw = tc_rows(f"{out}/sweep.csv") + tc_rows(f"{out}/sweep-nm.csv")
for kern in ("gemm_f16", "nm24"):
    ok = sorted([r for r in sw if r["kernel"] == kern and r["status"] == "ok"], key=lambda r: r["med"])
    bad = [r for r in sw if r["kernel"] == kern and r["status"] != "ok"]
    print(f"  {kern}: {len(ok)} ok, {len(bad)} not ok")
    for r in ok[:8]:
        print(f"    {r['params']:52} {r['med']:.4f} ms {r['tf']:6.1f} TF/s")
