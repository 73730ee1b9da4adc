#!/usr/bin/env bash
# `tune --db FILE` on two devices is refused before anything runs (exit 2, naming --db and the
# selection): a database is one device's, and the second device failed on the file the first had
# just saved ("tuned for another device ...", exit 2 after the
# search). Needs a second OpenCL device (any: tools/install-vendors.sh, then OCL_ICD_VENDORS);
# skipped (77) without one.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }
other=$("$SB_BIN" devices --json | python3 -c '
import json, sys
print(next((d["id"] for d in json.load(sys.stdin) if d["id"] != sys.argv[1]), ""))' "$SB_DEVICE")
if [ -z "$other" ]; then
    echo "skipped: one OpenCL device here ($SB_DEVICE); install another (tools/install-vendors.sh)"
    exit 77
fi
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 0, repeats: 2}
N: [8]
matrices:
  - {name: a, M: 32, K: 32, sparsity: [0.9], pattern: unstructured, kernels: [csr]}
YAML
rc=0
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE,$other" --db "$tmp/db.json" --passes 1 \
    --budget 0 > "$tmp/out" 2> "$tmp/err" || rc=$?
cat "$tmp/err"
if [ "$rc" -ne 2 ]; then fail "tune --db on two devices exited $rc, not 2"; fi
if ! grep -q -e "--db $tmp/db.json: .* selects 2 devices" "$tmp/err"; then
    fail "the message does not name --db and the two devices"
fi
if [ -e "$tmp/db.json" ] || grep -q candidates "$tmp/out"; then fail "something was tuned first"; fi
echo ok
