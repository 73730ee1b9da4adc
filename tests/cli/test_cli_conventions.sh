#!/usr/bin/env bash
# The command line follows the conventions (issue 12): --help on stdout with exit 0 and --version
# for every command, `help CMD`, unknown options reported as unknown, numbers checked whole,
# --opt=value, -o, -- and options after the config; a config name that is not one says where it
# was looked for. Each check looks at the exit status, which stream was written and what it says.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SB_SOURCE_DIR/tests/cli/common.sh"
dev=$SB_DEVICE
cfg="$SB_SOURCE_DIR/configs/quick.yaml"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS STREAM PATTERN -- ARGS...: sparsebench ARGS exits STATUS, writes PATTERN (a grep -E
# pattern) to STREAM (out|err), and nothing to the other stream.
expect() {
    local status=$1 stream=$2 pattern=$3
    shift 4
    "$SB_BIN" "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    local other=err
    [ "$stream" = out ] || other=out
    if [ "$got" -ne "$status" ]; then fail "sparsebench $*: exit $got, expected $status"; fi
    if ! grep -qE -- "$pattern" "$tmp/$stream"; then
        fail "sparsebench $*: std$stream lacks /$pattern/:"; cat "$tmp/$stream"
    fi
    if [ -s "$tmp/$other" ]; then fail "sparsebench $*: wrote to std$other:"; cat "$tmp/$other"; fi
}

# every command `sparsebench --help` lists (a new one is covered as soon as it is listed), and at
# least the six known today
commands=$("$SB_BIN" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
for known in devices run tune peak report build; do
    if ! printf '%s\n' $commands | grep -qx "$known"; then fail "--help does not list $known"; fi
done
for cmd in $commands; do
    expect 0 out "^Usage: sparsebench $cmd " -- "$cmd" --help
    expect 0 out "^Usage: sparsebench $cmd " -- "$cmd" -h
    expect 0 out "^sparsebench [0-9]+\.[0-9]+\.[0-9]+ " -- "$cmd" --version
    expect 0 out "^sparsebench [0-9]+\.[0-9]+\.[0-9]+ " -- "$cmd" -V
    "$SB_BIN" "$cmd" --help >"$tmp/a"
    "$SB_BIN" help "$cmd" >"$tmp/b"
    if ! cmp -s "$tmp/a" "$tmp/b"; then fail "help $cmd differs from $cmd --help"; fi
    expect 2 err "^sparsebench $cmd: unknown option '--bogus'" -- "$cmd" --bogus
done
expect 0 out "^Usage: sparsebench COMMAND" -- --help
expect 0 out "^Usage: sparsebench COMMAND" -- help
expect 0 out "^sparsebench [0-9]" -- --version
expect 2 err "^Usage: sparsebench COMMAND" --
expect 2 err "unknown command 'nope'" -- nope
expect 2 err "unknown command 'nope'" -- help nope

# unknown, ambiguous and value-less options say so (not "needs a value")
expect 2 err "^sparsebench run: unknown option '--bogus'$" -- run "$cfg" --bogus
expect 2 err "unknown option '-x'" -- run -x "$cfg"
expect 2 err "'--s' is ambiguous: --sparsity, --save-cases, --save-cases-max" -- run --s 1 "$cfg"
expect 2 err "--no-progress takes no value" -- run --no-progress=yes "$cfg"
expect 2 err "--device needs a value" -- run "$cfg" --device
expect 2 err "-o needs a value" -- run "$cfg" -o
expect 2 err "which config" -- run --device "$dev"
expect 2 err "one config at a time" -- run "$cfg" "$cfg"
expect 2 err "^sparsebench tune: which config\? \(sparsebench tune CONFIG\.yaml\)$" -- tune
expect 2 err "^sparsebench tune: one config at a time" -- tune "$cfg" "$cfg"
expect 2 err "^sparsebench build: which config\? \(sparsebench build CONFIG\.yaml\)$" -- build -o "$tmp/b"
expect 2 err "^sparsebench build: one config at a time" -- build -o "$tmp/b" "$cfg" "$cfg"
expect 2 err "^sparsebench build: build needs --out DIR" -- build "$cfg"
expect 2 err "unexpected argument 'extra'" -- devices extra
# a config name that is neither a file nor in configs/: where it was looked for, and what is there
expect 2 err "^sparsebench run: 'quik' is no file here, nor a config in .*/configs \(there: .* quick " -- run quik

# numbers are read whole, and the message names the option
expect 2 err "^sparsebench tune: --passes needs a whole number .*'abc'" -- tune "$cfg" --passes abc
expect 2 err "--passes needs a whole number .*'2x'" -- tune "$cfg" --passes=2x
expect 2 err "--save-cases-max needs a whole number .*'abc'" -- run "$cfg" --save-cases-max abc
expect 2 err "--N: '64.9' is not a whole number" -- run "$cfg" --N 64.9
expect 2 err "--N: '' is not a whole number" -- run "$cfg" --N 16,,128
expect 2 err "--sparsity: '1.5' is not a sparsity" -- run "$cfg" --sparsity 0.9,1.5
expect 2 err "--batch needs a whole number .*'0'" -- run "$cfg" --batch 0
# an empty value (an unset variable) is refused before anything runs: --out "" ran and failed at its
# first file, --save-cases "" after measuring a case, --device "" ran on every device
expect 2 err "^sparsebench run: --out needs a value, got an empty one \(--out=DIR\)$" -- run "$cfg" --out=
expect 2 err "^sparsebench run: --save-cases needs a value, got an empty one" -- run "$cfg" --save-cases ""
expect 2 err "^sparsebench run: --device needs a value, got an empty one" -- run "$cfg" --device ""
expect 2 err "^sparsebench report: --out needs a value, got an empty one" -- report "$tmp" -o ""
# --batch on an experiment without model suites changed nothing, without a word
expect 2 err "--batch 4 sets the batch of model suites, and experiment 'quick' has none" -- run "$cfg" --batch 4
if [ -e results ] && ls results 2>/dev/null | grep -q quick; then fail "a usage error wrote results"; fi

# --out=DIR, -o DIR and -- work, options may follow the config
small=(--sparsity=0.9 --N=16 --no-progress)
if ! "$SB_BIN" run "$cfg" --device="$dev" "${small[@]}" --out="$tmp/eq" >/dev/null; then
    fail "run --out=DIR failed"
fi
if [ ! -s "$tmp/eq/results.csv" ]; then fail "run --out=DIR wrote no $tmp/eq/results.csv"; fi
if ! "$SB_BIN" run -o "$tmp/short" --device "$dev" "${small[@]}" -- "$cfg" >/dev/null; then
    fail "run -o DIR -- CONFIG failed"
fi
if [ ! -s "$tmp/short/results.csv" ]; then fail "run -o DIR wrote no results.csv"; fi
# --sparsity=0.9 --N=16 leave one CSR and one CLBlast row, both ok; where the device's profile
# decides otherwise (common.sh), its csr (csr_task) and its baseline (dense) ok and CLBlast skipped
want="$(sb_as_run csr) ok,clblast ok"
if [ "$SB_BASELINE" != clblast ]; then
    want="$(sb_as_run csr) ok,$SB_BASELINE ok,clblast skipped"
fi
want=$(tr , '\n' <<< "$want" | LC_ALL=C sort | paste -sd ,)
got=$(python3 - "$tmp/eq/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(",".join(sorted(f"{r['kernel']} {r['status']}" for r in rows
                      if abs(float(r["target_sparsity"]) - 0.9) < 1e-3 and r["N"] == "16")))
print(len(rows))
PY
)
if [ "$got" != "${want}"$'\n'"$(tr , '\n' <<< "$want" | wc -l)" ]; then
    fail "--sparsity=0.9 --N=16: rows (kernel status, then count) $got, expected $want"
fi
# after --, a name starting with '-' is a config, not an option
cp "$cfg" "$tmp/-dash.yaml"
( cd "$tmp" && "$SB_BIN" run --device "$dev" "${small[@]}" -o "$tmp/dash" -- -dash.yaml >/dev/null 2>&1 )
if [ ! -s "$tmp/dash/results.csv" ]; then fail "run -- -dash.yaml did not run the config"; fi

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo ok
