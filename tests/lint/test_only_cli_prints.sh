#!/usr/bin/env bash
# Only src/cli/ prints (issue 12): no file under src/ other than src/cli/ calls printf, puts,
# perror, writes to stdout/stderr or their file descriptors (check_only_cli_prints.py says what
# counts); the library reports through the sink (include/sb_sink.h). The checker itself is
# tested on a fixture: every marked line found, nothing else.
set -uo pipefail
here="$SB_SOURCE_DIR/tests/lint"
fails=0

if ! python3 "$here/check_only_cli_prints.py" "$SB_SOURCE_DIR/src"; then
    echo "FAIL: report through sb_note/sb_warn/sb_output (include/sb_sink.h) instead"; fails=1
fi

expected=$(grep -n "FINDING" "$here/fixtures/prints.c" | grep -v "every line marked" | cut -d: -f1 | tr '\n' ' ')
found=$(python3 "$here/check_only_cli_prints.py" "$here/fixtures/prints.c" 2>/dev/null |
        sed -n 's/^[^:]*:\([0-9]*\): .*/\1/p' | tr '\n' ' ')
if [ -z "$expected" ] || [ "$found" != "$expected" ]; then
    echo "FAIL: checker found lines '$found' in prints.c, expected '$expected'"; fails=1
fi
if [ "$fails" -ne 0 ]; then exit 1; fi
echo ok
