#!/usr/bin/env bash
# The tensor-core path end to end on the test device (platforms/tc-emulated.yaml: the PTX
# instructions emulated in OpenCL C, so it runs on PoCL): configs/tc-emulated.yaml gives fp16 and
# tf32 rows of tc_dense, tc_bsr and tc_nm beside fp32 rows of the portable kernels. Every measured
# row must be right at its precision's tolerance, carry its precision and engine, and take its
# speedup from the dense baseline of its own precision; kernels without that precision are
# skipped with the reason; run.json records the probe's verdict. On a device that allows fewer
# items a work-group than the tiles ask (rusticl: 32) they are halved to fit, and tf32's, which
# cannot go below two warps, fails saying why.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
rc=0
"$SB_BIN" run "$SB_SOURCE_DIR/configs/tc-emulated.yaml" --device "$SB_DEVICE" --profile tc-emulated \
    --out "$tmp/run" --no-progress > "$tmp/out" || rc=$?
python3 - "$tmp/run/results.csv" "$tmp/run/run.json" "$rc" <<'PY'
import csv, json, math, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
fate = {(r["matrix"], r["precision"], r["kernel"]): r for r in rows}
devices = json.load(open(sys.argv[2]))["devices"]
# README "Precisions": the fp16 baseline is CLBlast's HGEMM where the device reports cl_khr_fp16
# (Intel's CPU runtime), else tc_dense (the profile names the tensor-core path; PoCL on x86)
fp16_base = "clblast" if devices[0]["fp16"] else "tc_dense"
want_ok = [("tiny-dense", "fp32", "clblast"), ("tiny-dense", "fp32", "csr"),
           ("tiny-dense", "fp16", "tc_dense"), ("tiny-dense", "fp16", "csr"),
           ("tiny-dense", "tf32", "tc_dense"),
           ("tiny-block", "fp16", fp16_base), ("tiny-block", "fp16", "tc_bsr"),
           ("tiny-nm", "fp32", "clblast"), ("tiny-nm", "fp32", "nm"),
           ("tiny-nm", "fp16", fp16_base), ("tiny-nm", "fp16", "tc_nm"), ("tiny-nm", "fp16", "nm")]
if fp16_base == "clblast":
    want_ok.append(("tiny-dense", "fp16", "clblast"))
want_skip = {("tiny-dense", "fp32", "tc_dense"): "tc_dense has no fp32 version (it computes fp16, tf32)",
             ("tiny-dense", "tf32", "csr"): "csr has no tf32 version (it computes fp32, fp16)",
             ("tiny-nm", "fp32", "tc_nm"): "tc_nm has no fp32 version (it computes fp16)"}
# a device allowing fewer than 64 items a work-group (Mesa rusticl: 32): the kernels fit by halving
# their tiles down to one warp (the row says so), but tf32 needs BN >= 32, two warps of WN 16 here:
# that row fails saying both (exit 1), every other row is as elsewhere
tf32 = fate[("tiny-dense", "tf32", "tc_dense")]
m = re.match(r"its work-group does not fit the (\d+) items the device allows, and fitted \(.*\): "
             r"tensor-core tile: the tf32 kernel needs BN >= 32$", tf32["message"])
failed = []  # rows that fail by design on this device
if tf32["status"] == "failed" and m and int(m.group(1)) < 64:
    want_ok.remove(("tiny-dense", "tf32", "tc_dense"))
    failed.append(tf32)
    print(f"tf32 tc_dense on a device allowing {m.group(1)} items: failed, saying so")
    assert sys.argv[3] == "1", sys.argv[3]
else:
    assert sys.argv[3] == "0", (sys.argv[3], tf32["status"], tf32["message"])
assert len(rows) == len(want_ok) + len(want_skip) + len(failed), f"{len(rows)} rows: {sorted(fate)}"
for key in want_ok:
    r = fate[key]
    assert r["status"] == "ok", (key, r["status"], r["message"])
    tc = key[2].startswith("tc_")
    # README "Validation at every precision": fp32 summation (the config's 1e-5), a tensor core's
    # truncating accumulation (8 u32 sqrt K), fp16 output rounding (2^-11)
    # and CLBlast's HGEMM adding in halves (2^-11 sqrt K)
    tol = 1e-5 + (8 * 2**-24 * math.sqrt(int(r["K"])) if tc else 0) + (2**-11 if key[1] == "fp16" else 0)
    if key[1] == "fp16" and key[2] == "clblast":
        tol += 2**-11 * math.sqrt(int(r["K"]))
    assert float(r["rel_error"]) <= tol, (key, r["rel_error"], tol)
    # fp16 rows store C in halves: their error is the output rounding's, far above fp32's
    assert (float(r["rel_error"]) > 2**-11 / 20) == (key[1] == "fp16"), (key, r["rel_error"])
    assert r["engine"] == ("tensor-cores" if tc else ""), (key, r["engine"])
    if tc:
        assert "SB_MMA_EMULATE=1" in r["variant"], r["variant"]
        assert ("TC_TF32=1" in r["variant"]) == (key[1] == "tf32") or key[2] != "tc_dense", r["variant"]
    base = {"fp32": "clblast", "fp16": fp16_base, "tf32": "tc_dense"}[key[1]]
    assert r["baseline"] == base, (key, r["baseline"])
    b = fate[(key[0], key[1], base)]
    assert b["status"] == "ok", (key, b["message"])
    # divided by that baseline timed beside the row (its own median for the baseline's row)
    speed = float(r["baseline_ms"]) / float(r["median_ms"])
    assert math.isclose(float(r["speedup_vs_dense"]), speed, rel_tol=1e-6), (key, r["speedup_vs_dense"], speed)
    elem = 2 if key[1] == "fp16" else 4
    assert int(r["dense_bytes"]) == int(r["M"]) * int(r["K"]) * elem, (key, r["dense_bytes"])
for key, why in want_skip.items():
    assert fate[key]["status"] == "skipped" and fate[key]["message"] == why, (key, fate[key]["message"])
# the 2:4 kernel stores half the values plus 4 bytes of metadata per 16 rows x 32 columns
r = fate[("tiny-nm", "fp16", "tc_nm")]
M, K = int(r["M"]), int(r["K"])
ksteps = (K + 31) // 32
assert int(r["bytes"]) == M * ksteps * 16 * 2 + ksteps * ((M + 15) // 16) * 16 * 4, r["bytes"]
assert devices[0]["tensor_cores"] == "emulated: probe passed", devices[0]["tensor_cores"]
PY
grep -q "tc_dense@fp16" "$tmp/out" || { echo "the summary does not mark fp16 rows"; exit 1; }
echo ok
