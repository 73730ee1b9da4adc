#!/usr/bin/env python3
"""Finds C code outside src/cli/ that writes to the terminal.

Only the command line prints (issue 12): the library reports through the sink (include/sb_sink.h)
and returns statuses. In every .c/.h file given (directories are searched), except those under a
`cli` folder, comments and string literals are removed, then these are findings:
  - printf, vprintf, puts, putchar, perror, psignal, err/warn (BSD), dprintf to fd 1 or 2;
  - any mention of stdout or stderr (fprintf(stderr, ...), fputs(s, stdout), passing either on);
  - STDOUT_FILENO/STDERR_FILENO or fd 1/2 anywhere but as dup2's target (a child's redirection);
  - write(1|2, ...).
Writing to a FILE* the code opened itself (results files) is not printing and is not flagged.

Usage: check_only_cli_prints.py FILE_OR_DIR...
Prints file:line: code for each finding; exit 1 when there is any, 0 when none.
"""
import os
import re
import sys

CALLS = re.compile(r"\b(printf|vprintf|puts|putchar|perror|psignal|err|errx|warn|warnx)\s*\(")
STREAMS = re.compile(r"\b(stdout|stderr)\b")
FD_NAMES = re.compile(r"\b(STDOUT_FILENO|STDERR_FILENO)\b")
DUP2_TARGET = re.compile(r"\bdup2\s*\([^,()]+,\s*(STDOUT_FILENO|STDERR_FILENO)\s*\)")
RAW_FD = re.compile(r"\b(write|dprintf)\s*\(\s*[12]\s*,")


def strip(text):
    """Removes comments and the contents of string and char literals, keeping line breaks."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def findings(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        code = strip(f.read())
    for lineno, line in enumerate(code.split("\n"), 1):
        rest = DUP2_TARGET.sub("dup2(x, y)", line)
        if CALLS.search(line) or STREAMS.search(line) or FD_NAMES.search(rest) or RAW_FD.search(line):
            yield lineno, line.strip()


def files(args):
    for a in args:
        if os.path.isdir(a):
            for d, dirs, names in os.walk(a):
                dirs[:] = [x for x in dirs if x != "cli"]
                for name in sorted(names):
                    if name.endswith((".c", ".h")):
                        yield os.path.join(d, name)
        else:
            yield a


def main(args):
    n = 0
    for path in files(args):
        for lineno, line in findings(path):
            print(f"{path}:{lineno}: {line}")
            n += 1
    print(f"{n} place(s) below src/cli/ that print", file=sys.stderr)
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
