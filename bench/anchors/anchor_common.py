"""Helpers the Python anchors share: list parsing, the median, and which rows validation checks."""
import argparse


def parse_list(text, kind):
    """'0.5,0.9' -> [0.5, 0.9]; a bad item is an argparse error naming it."""
    try:
        return [kind(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of {kind.__name__}")


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def rows_to_check(M, row_work, N, budget=2e8):
    """All rows when a float64 reference of them is cheap, else an even spread (first and last
    included) of about budget / (row_work * N) rows, at least 64: validation stays ~a second.
    row_work is the multiply-adds per row and per column of B (K for dense, nnz/M for sparse)."""
    n = int(min(M, max(64, budget / max(1.0, row_work * N))))
    if n >= M:
        return list(range(M))
    return [i * (M - 1) // (n - 1) for i in range(n)]


def cpu_name():
    """The CPU's model name (as /proc/cpuinfo gives it), for the anchors that run on the host."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or platform.machine()
