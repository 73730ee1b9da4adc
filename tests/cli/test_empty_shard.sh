#!/usr/bin/env bash
# A shard with no unit (more shards than the plan has units: --shard 3/3 of a one-matrix config)
# ends with exit 4 and says so; it said "every case was skipped ... (the rows' messages say why)"
# over a results.csv without a row.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 0, repeats: 2}
N: [8]
matrices:
  - {name: a, M: 32, K: 32, sparsity: [0.9], pattern: unstructured, kernels: [csr]}
YAML
rc=0
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --shard 3/3 --out "$tmp/s3" --no-progress \
    > /dev/null 2> "$tmp/err" || rc=$?
cat "$tmp/err"
if [ "$rc" -ne 4 ]; then fail "an empty shard exited $rc, not 4"; fi
if ! grep -q "shard 3/3 has none of the plan's 1 units" "$tmp/err"; then
    fail "the message does not say the shard is empty"
fi
if grep -q "rows' messages say why" "$tmp/err"; then fail "it points at rows there are not"; fi
echo ok
