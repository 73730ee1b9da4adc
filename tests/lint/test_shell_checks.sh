#!/usr/bin/env bash
# No check in the shell scripts (tests/, bench/, tools/, .ci/) can pass whatever happens: a leading
# `!` on a statement or a check inside an && list is ignored by `set -e` (check_shell_checks.py
# says why). The checker itself is tested on two fixtures: every marked line found, nothing else.
set -uo pipefail
here="$SB_SOURCE_DIR/tests/lint"
fails=0

python3 "$here/check_shell_checks.py" "$SB_SOURCE_DIR/tests" "$SB_SOURCE_DIR/bench" \
    "$SB_SOURCE_DIR/tools" "$SB_SOURCE_DIR/.ci"
if [ $? -ne 0 ]; then echo "FAIL: rewrite each check above as 'if ...; then fail; fi'"; fails=1; fi

# the fixtures: the lines marked FINDING, and only those
expected=$(grep -n "# FINDING" "$here/fixtures/cannot_fail.sh" | cut -d: -f1 | tr '\n' ' ')
found=$(python3 "$here/check_shell_checks.py" "$here/fixtures/cannot_fail.sh" | sed -n 's/^[^:]*:\([0-9]*\): .*/\1/p' | tr '\n' ' ')
if [ -z "$expected" ] || [ "$found" != "$expected" ]; then
    echo "FAIL: checker found lines '$found' in cannot_fail.sh, expected '$expected'"; fails=1
fi
if ! python3 "$here/check_shell_checks.py" "$here/fixtures/can_fail.sh" > /dev/null; then
    echo "FAIL: checker flags a correct check in can_fail.sh:"
    python3 "$here/check_shell_checks.py" "$here/fixtures/can_fail.sh"
    fails=1
fi
if [ "$fails" -ne 0 ]; then exit 1; fi
echo ok
