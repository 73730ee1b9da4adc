#!/usr/bin/env python3
"""Mutation run: applies each mutant of mutants.py to a copy of the tree, builds it, runs the test
suite and reports which test killed it. Every mutant must be killed; one that survives means a
fact the results rest on is checked by no test.

Usage (from anywhere; slow: one build and up to one suite per mutant):
  tools/mutation/run_mutants.py [--work DIR] [--only ID,ID] [--jobs 2] [--no-baseline]

  --work DIR     the copy, its build and the report (default /tmp/sb-mutation-$USER)
  --only IDS     run only these mutants
  --no-baseline  skip the suite on the unmutated copy (it must be green for the run to mean much)
  --check        only say, for each mutant, where its pattern matches in this tree (no build)

The copy is the working tree as git sees it (tracked and untracked, ignored files left out). Each
mutant's pattern must match exactly once in its files: 0 matches prints NO LONGER APPLIES (the
code moved or changed: update the pattern in mutants.py), more than one AMBIGUOUS. The hinted tests
run first; when none fails, the rest of the suite runs. The table (mutant -> killing tests) is
printed and written to DIR/mutation-report.md. Exit status 0 only when every mutant was killed.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mutants import MUTANTS  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def sh(cmd, cwd=None, env=None, log=None, timeout=None):
    """Runs cmd (a list); returns (exit status, output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", timeout=timeout)
        out, rc = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or "") if isinstance(e.stdout, str) else "", 124
    if log:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(cmd)}\n{out}\n")
    return rc, out


def copy_tree(dest):
    rc, out = sh(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO)
    if rc:
        sys.exit(f"mutation: git ls-files failed:\n{out}")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for rel in out.split("\0"):
        if not rel:
            continue
        src = os.path.join(REPO, rel)
        if not os.path.lexists(src):
            continue  # deleted in the working tree
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.islink(src):
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copy2(src, dst)


def failed_tests(output):
    """Names of the failed tests in a ctest output."""
    names = re.findall(r"^\s*\d+ - (\S+) \((?!Skipped\))", output, re.M)  # skipped is no failure
    return sorted(set(names))


def ctest(build, env, regex=None, exclude=None, log=None):
    cmd = ["ctest", "--test-dir", build, "--output-on-failure", "--timeout", "900"]
    if regex:
        cmd += ["-R", regex]
    if exclude:
        cmd += ["-E", exclude]
    rc, out = sh(cmd, env=env, log=log)
    ran = re.search(r"tests passed, (\d+) tests? failed out of (\d+)", out)
    if rc and not failed_tests(out) and not ran:
        return None, out  # ctest itself failed (or no test matched)
    return failed_tests(out), out


def find_matches(tree, files, pattern):
    hits = []
    for path in sorted(glob.glob(os.path.join(tree, files), recursive=True)):
        text = open(path, encoding="utf-8", errors="replace").read()
        n = len(re.findall(pattern, text, re.M))
        if n:
            hits.append((path, n))
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", default=f"/tmp/sb-mutation-{os.environ.get('USER', 'user')}")
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        bad = 0
        for mid, _, files, pattern, _, _ in MUTANTS:
            hits = find_matches(REPO, files, pattern)
            total = sum(n for _, n in hits)
            bad += total != 1
            where = ", ".join(f"{os.path.relpath(p, REPO)} x{n}" for p, n in hits) or "NO LONGER APPLIES"
            print(f"{mid:36} {where}")
        return 1 if bad else 0
    only = {x for x in args.only.split(",") if x}
    unknown = only - {m[0] for m in MUTANTS}
    if unknown:
        sys.exit(f"mutation: unknown mutant(s) {sorted(unknown)}")

    work = os.path.abspath(args.work)
    tree, build = os.path.join(work, "tree"), os.path.join(work, "build")
    log = os.path.join(work, "mutation.log")
    os.makedirs(work, exist_ok=True)
    open(log, "w").close()
    env = dict(os.environ, SPARSEBENCH_CACHE=os.path.join(work, "cache"))
    if "SPARSEBENCH_DATA" not in env:
        env["SPARSEBENCH_DATA"] = os.path.abspath(os.path.join(REPO, "..", "shared", "data"))

    print(f"mutation: copying {REPO} to {tree}", flush=True)
    copy_tree(tree)
    rc, out = sh(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], log=log)
    if rc == 0:
        rc, out = sh(["cmake", "--build", build, f"-j{args.jobs}"], log=log)
    if rc:
        sys.exit(f"mutation: the unmutated copy does not build (see {log})")
    if not args.no_baseline:
        t0 = time.time()
        failed, out = ctest(build, env, log=log)
        if failed is None or failed:
            sys.exit(f"mutation: the unmutated suite is not green ({failed}); see {log}")
        print(f"mutation: baseline suite green in {time.time() - t0:.0f} s", flush=True)

    results = []
    for mid, what, files, pattern, repl, hint in MUTANTS:
        if only and mid not in only:
            continue
        t0 = time.time()
        hits = find_matches(tree, files, pattern)
        total = sum(n for _, n in hits)
        if total != 1:
            state = "NO LONGER APPLIES" if total == 0 else f"AMBIGUOUS ({total} matches)"
            where = ", ".join(os.path.relpath(p, tree) for p, _ in hits) or "nowhere"
            results.append((mid, what, state, f"pattern found {where}: update mutants.py", 0))
            print(f"{mid}: {state}", flush=True)
            continue
        path = hits[0][0]
        original = open(path, encoding="utf-8").read()
        mutated = re.sub(pattern, repl, original, count=1, flags=re.M)
        rel = os.path.relpath(path, tree)
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(mutated)
            with open(log, "a") as f:
                f.write(f"\n===== mutant {mid} in {rel}\n")
            rc, out = sh(["cmake", "--build", build, f"-j{args.jobs}"], log=log)
            if rc:
                state, killers = "BUILD FAILED", "the mutant does not compile: fix mutants.py"
            else:
                failed, _ = ctest(build, env, regex=hint, log=log)
                if not failed:
                    more, _ = ctest(build, env, exclude=hint, log=log)
                    failed = (failed or []) + (more or [])
                state = "killed" if failed else "SURVIVED"
                killers = ", ".join(failed) if failed else "no test failed"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        secs = time.time() - t0
        results.append((mid, what + f" ({rel})", state, killers, secs))
        print(f"{mid}: {state} by {killers} ({secs:.0f} s)", flush=True)
    # leave the copy unmutated and built
    sh(["cmake", "--build", build, f"-j{args.jobs}"], log=log)

    rc, head = sh(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO)
    lines = [f"Mutation run on {head.strip()} (+ working tree), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
             "", "| mutant | what it breaks | result | killed by | s |", "|---|---|---|---|---|"]
    for mid, what, state, killers, secs in results:
        lines.append(f"| {mid} | {what} | {state} | {killers} | {secs:.0f} |")
    n_killed = sum(1 for r in results if r[2] == "killed")
    lines += ["", f"{n_killed} of {len(results)} mutants killed"]
    report = "\n".join(lines) + "\n"
    with open(os.path.join(work, "mutation-report.md"), "w") as f:
        f.write(report)
    print("\n" + report)
    return 0 if results and n_killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
