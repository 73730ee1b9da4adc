"""What the test device's profile decides, for the CLI tests' Python checks (common.sh exports the
facts from `sparsebench devices --json` and puts this folder on PYTHONPATH): the fp32 dense
baseline, each kernel as it runs there (csr as csr_task, nm as nm_task, bsr as bsr_task where the
profile says task_kernels: an FPGA), and the config's clblast rows, skipped where the profile
disables CLBlast; and which kernels store A dense."""
import json
import os

BASE = os.environ["SB_BASELINE"]  # "clblast", or "dense" where the profile disables CLBlast
RUNS_AS = json.loads(os.environ["SB_RUNS_AS"])  # e.g. {"csr": "csr_task", ...}; {} elsewhere


def as_run(name):
    """the kernel `name` of a config runs as on the test device"""
    return RUNS_AS.get(name, name)


CSR = as_run("csr")
# the kernels that store A dense (all M x K values; dense flops): the catalogue's dense format
DENSE_KERNELS = ("clblast", "dense", "tc_dense")


def clblast_skipped(rows):
    """the rows less the config's clblast where the profile disables CLBlast (checked skipped)"""
    if BASE == "clblast":
        return rows
    cl = [r for r in rows if r["kernel"] == "clblast"]
    assert cl and all(r["status"] == "skipped" and
                      r["message"].startswith("CLBlast is disabled for this device by its profile")
                      for r in cl), cl
    return [r for r in rows if r["kernel"] != "clblast"]
