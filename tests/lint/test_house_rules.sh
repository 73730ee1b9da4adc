#!/usr/bin/env bash
# The house rules of ARCHITECTURE.md that a reader can check by eye, checked here so they stay true
# (issue 12): no source file over 600 lines (a longer one does more than one job: split it by
# stage around an internal header, as src/report/ and src/config/ are), and no `#include "../`
# (a header is found through the include path of its room, so a file's includes do not encode
# where it sits). Applies to the C sources, headers and kernels of src/, include/, cl_kernels/,
# bench/ and tests/.
set -uo pipefail
cd "$SB_SOURCE_DIR" || exit 1
fails=0
files=$(find src include cl_kernels bench tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.cl' \) \
    -not -path 'tests/lint/fixtures/*' | sort)
if [ -z "$files" ]; then echo "FAIL: found no sources"; exit 1; fi
for f in $files; do
    n=$(wc -l < "$f")
    if [ "$n" -gt 600 ]; then echo "FAIL: $f has $n lines (at most 600: split it by stage)"; fails=1; fi
    if grep -n '#[[:space:]]*include[[:space:]]*"\.\./' "$f"; then
        echo "FAIL: $f includes through ../ (use the include path)"; fails=1
    fi
done
if [ "$fails" -ne 0 ]; then exit 1; fi
echo "ok: $(echo "$files" | wc -l) files, none over 600 lines, no ../ includes"
