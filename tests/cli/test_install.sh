#!/usr/bin/env bash
# `cmake --install` into a temporary prefix (GNUInstallDirs): the installed binary runs a config by
# name from <prefix>/share/sparsebench and never falls back to the source tree it was built from;
# `man sparsebench` shows every command's options; the bash completion lists the commands, the
# options, the devices of `sparsebench devices` and the installed configs.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SB_SOURCE_DIR/tests/cli/common.sh"
dev=$SB_DEVICE
prefix="$tmp/prefix"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! cmake --install "$SB_BUILD_DIR" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"; echo "cmake --install failed"; exit 1
fi
sb="$prefix/bin/sparsebench"
for f in bin/sparsebench share/sparsebench/cl_kernels/common.h share/sparsebench/platforms \
         share/sparsebench/configs/quick.yaml share/sparsebench/tools/plot_report.py \
         share/bash-completion/completions/sparsebench; do
    if [ ! -e "$prefix/$f" ]; then fail "not installed: $f"; fi
done
if [ -e "$prefix/share/sparsebench/tools/bootstrap.sh" ]; then fail "bootstrap.sh installed"; fi

# the installed binary, from another directory, runs a config by name from its own prefix
export SPARSEBENCH_CACHE="$tmp/cache"
unset SPARSEBENCH_HOME
mkdir "$tmp/elsewhere"
if ! (cd "$tmp/elsewhere" && "$sb" run quick --device "$dev" --sparsity 0.9 --N 16 --no-progress \
          -o "$tmp/run" >"$tmp/run.out" 2>&1); then
    cat "$tmp/run.out"; fail "installed sparsebench run quick failed"
fi
if [ ! -s "$tmp/run/results.csv" ]; then fail "installed run wrote no results.csv"; fi
if ! grep -q "$prefix/share/sparsebench/configs/quick.yaml" "$tmp/run/run.json"; then
    fail "run.json does not name the installed quick.yaml"
fi
# ... and with its data gone it says where the data should be, never using the source tree
mv "$prefix/share/sparsebench" "$tmp/moved"
rc=0
(cd "$tmp/elsewhere" && "$sb" run "$tmp/moved/configs/quick.yaml" --device "$dev" --no-progress \
     -o "$tmp/run2" >"$tmp/run2.out" 2>&1) || rc=$?
if [ "$rc" -eq 0 ]; then fail "installed binary without its data exited 0"; fi
if ! grep -q "$prefix/bin/../share/sparsebench\|$prefix/share/sparsebench" "$tmp/run2.out"; then
    cat "$tmp/run2.out"; fail "the message does not name the install's data directory"
fi
if grep -q "$SB_SOURCE_DIR" "$tmp/run2.out"; then fail "the installed binary used the source tree"; fi
if [ -e "$tmp/run2/results.csv" ]; then fail "a run without data wrote results"; fi
mv "$tmp/moved" "$prefix/share/sparsebench"

# bash completion: registered, and it lists commands, options, devices and configs
cat >"$tmp/complete.sh" <<'SH'
source "$1"
complete -p sparsebench
words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _sparsebench; printf '%s\n' "${COMPREPLY[@]}"; }
echo "== commands";  words sparsebench ""
echo "== help r";    words sparsebench help r
echo "== options";   words sparsebench run --
echo "== --dev";     words sparsebench run --dev
echo "== devices";   words sparsebench run --device ""
echo "== devices=";  words sparsebench peak --device = ""
echo "== configs";   words sparsebench run ""
echo "== profiles";  words sparsebench run --profile ""
SH
PATH="$prefix/bin:$PATH" bash --norc --noprofile "$tmp/complete.sh" \
    "$prefix/share/bash-completion/completions/sparsebench" >"$tmp/complete.out" 2>&1
section() { sed -n "/^== $1\$/,/^==/p" "$tmp/complete.out" | grep -v '^=='; }
if ! grep -qx "complete -F _sparsebench sparsebench" "$tmp/complete.out"; then
    cat "$tmp/complete.out"; fail "complete -p sparsebench: not registered"
fi
# the commands `sparsebench --help` lists, plus help, --help and --version
want=$( { "$sb" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'; printf '%s\n' help --help --version; } |
        sort | tr '\n' ' ')
if [ "$(section commands | sort | tr '\n' ' ')" != "$want" ] || [ "$(echo "$want" | wc -w)" -lt 9 ]; then
    fail "commands: $(section commands | tr '\n' ' '), expected $want"
fi
if [ "$(section 'help r' | sort | tr '\n' ' ')" != "report run " ]; then fail "help r: $(section 'help r')"; fi
for o in --device --out --data-dir --sparsity --N --kernels --batch --save-cases --tuning --param \
         --profile --binaries --no-progress --help --version; do
    if ! section options | grep -qx -- "$o"; then fail "run -- lacks $o"; fi
done
if [ "$(section --dev)" != "--device" ]; then fail "--dev: $(section --dev)"; fi
# the devices, as `sparsebench devices --json` lists them
"$sb" devices --json >"$tmp/devices.json"
python3 - "$tmp/devices.json" >"$tmp/indices" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1])):
    print(d["index"])
PY
if [ ! -s "$tmp/indices" ]; then fail "devices --json listed no device"; fi
for s in devices devices=; do
    for want in all gpu cpu accelerator $(cat "$tmp/indices"); do
        if ! section "$s" | grep -qx -- "$want"; then fail "--device completion ($s) lacks $want"; fi
    done
done
for f in "$prefix"/share/sparsebench/configs/*.yaml; do
    name=$(basename "$f" .yaml)
    if ! section configs | grep -qx -- "$name"; then fail "config completion lacks $name"; fi
done
if ! section profiles | grep -qx fpga-sim; then fail "--profile completion lacks fpga-sim"; fi

# man sparsebench: from the install's man directory, every command and its options
if ! command -v help2man >/dev/null; then
    echo "SKIP: help2man is not installed (tools/bootstrap.sh installs it): no man page to check"
    [ "$failures" -eq 0 ] || exit 1
    exit 77
fi
page="$prefix/share/man/man1/sparsebench.1"
if [ ! -s "$page" ]; then fail "no $page"; fi
if [ "$(MANPATH="$prefix/share/man" man -w sparsebench 2>&1)" != "$page" ]; then
    fail "man -w sparsebench: $(MANPATH="$prefix/share/man" man -w sparsebench 2>&1)"
fi
MANPATH="$prefix/share/man" MANWIDTH=120 man sparsebench >"$tmp/man.txt" 2>&1
for want in "^SYNOPSIS" "^COMMANDS" "sparsebench run" "sparsebench devices" "sparsebench report" \
            "--device=SEL" "--save-cases-max=ELEMENTS" "SPARSEBENCH_DATA" "--passes=P"; do
    if ! grep -q -- "$want" "$tmp/man.txt"; then fail "man sparsebench lacks '$want'"; fi
done
# the options in the page are plain ASCII minus signs, so they can be copied
if ! man -l "$page" 2>/dev/null | grep -q -- "--no-progress"; then fail "man -l: no '--no-progress'"; fi

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo ok
