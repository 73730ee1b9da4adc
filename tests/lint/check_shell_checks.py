#!/usr/bin/env python3
"""Finds checks in shell scripts that cannot fail.

Under `set -e`, bash does not stop on a failing command that is negated with `!`, nor on one that
is followed by `&&` in a list: `! grep -q x f` and `[ "$s" -eq 2 ] && grep -q y f` pass whatever
happens (only the last command of an && list counts, and a negated command never trips errexit).
Without `set -e` such a line never failed a test anyway. Write checks as
`if ...; then fail; fi`, or end the list with `|| { echo why; exit 1; }`.

Usage: check_shell_checks.py FILE_OR_DIR...   (directories are searched for *.sh and .ci/run)
Prints file:line: statement for each finding; exit 1 when there is any, 0 when none.
"""
import os
import re
import sys

CONDITION_WORDS = ("if", "elif", "while", "until", "!")  # "!" handled apart
HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z_0-9]*)\2")


def logical_lines(text):
    """Yields (line number, statement text) with heredoc bodies removed and continuations joined."""
    lines = text.split("\n")
    i = 0
    pending = None  # (start line, text so far)
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        i += 1
        # heredoc bodies are data (often Python): skip them
        for m in HEREDOC.finditer(strip_comment(raw)):
            tag, dash = m.group(3), m.group(1)
            while i < len(lines):
                body = lines[i].lstrip("\t") if dash else lines[i]
                i += 1
                if body == tag:
                    break
        code = strip_comment(raw).rstrip()
        if pending is None:
            pending = (lineno, code)
        else:
            pending = (pending[0], pending[1] + " " + code.strip())
        joined = pending[1]
        if joined.endswith("\\"):
            pending = (pending[0], joined[:-1])
            continue
        if re.search(r"(\|\||&&|\|)\s*$", joined) or unbalanced(joined):
            continue
        yield pending
        pending = None
    if pending is not None:
        yield pending


def strip_comment(line):
    """Removes a trailing # comment outside quotes (a # that starts a word)."""
    out, quote, prev = [], None, " "
    for ch in line:
        if quote:
            out.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "#" and prev in " \t;(|&":
            break
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def unbalanced(text):
    """True while quotes, (), [[ ]] or $( ) opened in text are not closed yet."""
    depth, quote = 0, None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
    return quote is not None or depth > 0


def top_level_statements(text):
    """Splits a logical line at top-level ; and newline-equivalents, yielding statements."""
    out, cur, depth, quote, k = [], [], 0, None, 0
    while k < len(text):
        ch = text[k]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            cur.append(ch)
        elif ch in "({":
            depth += 1
            cur.append(ch)
        elif ch in ")}":
            depth -= 1
            cur.append(ch)
        elif ch == ";" and depth == 0 and text[k + 1:k + 2] != ";":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        k += 1
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip()]


def top_level_operators(stmt):
    """The sequence of top-level && and || operators in a statement."""
    ops, depth, quote, k = [], 0, None, 0
    while k < len(stmt):
        ch = stmt[k]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif depth == 0 and stmt[k:k + 2] in ("&&", "||"):
            ops.append(stmt[k:k + 2])
            k += 1
        k += 1
    return ops


def findings(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    found = []
    for lineno, line in logical_lines(text):
        for stmt in top_level_statements(line):
            # a statement that only opens a condition (if/while ... ; then) is a condition
            stmt = re.sub(r"^(then|do|else|\{)\s+", "", stmt)  # a ( subshell fails as a whole
            first = stmt.split()[0] if stmt.split() else ""
            if first in ("if", "elif", "while", "until", "return", "case", "function"):
                continue
            if re.match(r"^[A-Za-z_][A-Za-z_0-9]*\s*\(\)", stmt):
                continue  # a function definition line
            if first == "!":
                found.append((lineno, "'!' on a statement never fails it: " + stmt))
                continue
            ops = top_level_operators(stmt)
            if "&&" in ops and ops[-1] != "||":
                found.append((lineno, "only the last command of an && list can fail it: " + stmt))
    return found


def targets(args):
    for a in args:
        if os.path.isdir(a):
            for root, dirs, files in os.walk(a):
                dirs[:] = sorted(d for d in dirs if d != "fixtures")  # lint fixtures are bad on purpose
                for f in sorted(files):
                    if f.endswith(".sh") or (os.path.basename(root) == ".ci" and f == "run"):
                        yield os.path.join(root, f)
        else:
            yield a


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    total = 0
    for path in targets(sys.argv[1:]):
        for lineno, what in findings(path):
            print(f"{path}:{lineno}: {what}")
            total += 1
    print(f"{total} check(s) that cannot fail")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
