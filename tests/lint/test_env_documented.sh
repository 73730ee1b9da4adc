#!/usr/bin/env bash
# One environment prefix (issue 12): every variable sparsebench reads (getenv in src/) is
# SPARSEBENCH_-something or a standard one (HOME, XDG_*, TMPDIR), and every SPARSEBENCH_ variable
# the sources, tools, bench scripts or CI use is documented in README.md's Environment table (and
# those the binary reads in `sparsebench --help`, src/cli/main.c).
set -uo pipefail
cd "$SB_SOURCE_DIR" || exit 1
fails=0

read_by_binary=$(grep -rhoE 'getenv\("[A-Za-z_0-9]+"\)' src | sed 's/getenv("\(.*\)")/\1/' | sort -u)
for v in $read_by_binary; do
    case "$v" in
    SPARSEBENCH_*)
        if ! grep -q "\"  $v " src/cli/main.c; then echo "FAIL: $v is read but not in --help (src/cli/main.c)"; fails=1; fi ;;
    HOME | TMPDIR | XDG_*) ;;
    *) echo "FAIL: src/ reads $v: name it SPARSEBENCH_..."; fails=1 ;;
    esac
done
used=$(grep -rhoE 'SPARSEBENCH_[A-Z_]+' src tools bench .ci CMakeLists.txt cmake 2>/dev/null | sort -u)
for v in $used; do
    if ! grep -q "^| \`$v\` |" README.md; then echo "FAIL: $v is used but not in README.md's Environment table"; fails=1; fi
done
if [ -z "$read_by_binary" ] || [ -z "$used" ]; then echo "FAIL: found no variables at all"; fails=1; fi
if [ "$fails" -ne 0 ]; then exit 1; fi
echo "ok: $(echo "$used" | wc -w) SPARSEBENCH_ variables, all documented"
