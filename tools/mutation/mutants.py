"""The mutants of tools/mutation/run_mutants.py: each breaks one fact the results rest on, on
purpose, and some test must then fail.

A mutant is (id, what it breaks, files, pattern, replacement, hint):
  files        a glob (from the repository root) of where the code may live; the pattern must
               match exactly once across all of them (so it still applies when the code moves to
               another file, and says "no longer applies" when the code itself changed);
  pattern      a Python regular expression (re.M), replacement as for re.sub;
  hint         a ctest -R regex of the tests expected to kill it (run first; the whole suite runs
               when they do not).
Issue 11 item 11 lists the first ones; the rest are ours.
"""

MUTANTS = [
    # --- issue 11, item 11: mutants that survived the whole suite before ---
    ("speedup_inverted", "speedup_vs_dense = median / baseline median (inverted)",
     "src/**/*.c", r": row->baseline_ms / row->median_ms;",
     ": row->median_ms / row->baseline_ms;", "derived|quick"),
    ("gflops_useful_halved", "gflops_useful halved",
     "src/**/*.c", r"gflops_useful = 2\.0 \* \(double\)row->nnz",
     "gflops_useful = 1.0 * (double)row->nnz", "derived|measure_protocol"),
    ("efficiency_inverted", "efficiency = median / bound (inverted)",
     "src/**/*.c", r"efficiency = row->bound_ms / row->median_ms;",
     "efficiency = row->median_ms / row->bound_ms;", "derived"),
    ("median_is_p25", "the median is the 25th percentile",
     "src/**/*.c", r"\.median = sb_percentile_sorted\(v, n, 0\.5\);",
     ".median = sb_percentile_sorted(v, n, 0.25);",
     "derived|measure_protocol"),
    ("warmup_removed", "no warm-up runs",
     "src/**/*.c", r"for \(int i = 0; i < plan->warmup; i\+\+\)", "for (int i = 0; i < 0; i++)",
     "measure_protocol"),
    ("model_total_min", "model totals sum the layers' min instead of their median",
     "src/**/*.c", r"total_ms \+= row->median_ms;", "total_ms += row->min_ms;", "derived|dlmc"),
    ("nan_poison_removed", "the output is not poisoned before the validated run",
     "src/**/*.c", r"if \(sb_operand_poison_c\(op, env, err\) \|\|", "if (0 ||",
     "measure_protocol"),
    ("tuning_other_device_accepted", "a tuning database made for another device is used",
     "src/**/*.c", r"if \(strcmp\(theirs\[i\], mine\[i\]\) != 0\) \{", "if (0) {", "tune"),
    ("tuning_none_ignored", "--tuning none still loads the device's database",
     "src/**/*.c", r"\} else if \(!choice\) \{\n(\s*)rc = sb_tuning_load\(NULL",
     "} else {\n\\1rc = sb_tuning_load(NULL", "tune"),
    # the two checks of test_tune.sh that passed whatever happened (issue 11 item 11)
    ("tuning_not_applied", "run ignores the tuning database's parameters (still says tuned)",
     "src/**/*.c", r"\b(\w+) \? &\1->params : NULL, (\w*overrides)", "NULL, \\2", "tune"),
    ("tuning_misfit_not_refused", "a --tuning database that fits no selected device is not refused",
     "src/**/*.c", r"if \(([^()]*&& )?!(\w*fits)\)",
     "if (0 && !\\2)", "tune"),
    # --- ours ---
    ("p90_is_median", "p90 is the median",
     "src/**/*.c", r"\.p90 = sb_percentile_sorted\(v, n, 0\.9\);",
     ".p90 = sb_percentile_sorted(v, n, 0.5);",
     "derived|measure_protocol"),
    ("dense_equiv_uses_nnz", "gflops_dense_equiv counts nnz instead of M*K",
     "src/**/*.c", r"gflops_dense_equiv = 2\.0 \* \(double\)op->M \* op->K \* op->N",
     "gflops_dense_equiv = 2.0 * (double)row->nnz * op->N", "derived|measure_protocol"),
    ("fill_inverted", "fill = nnz / stored values",
     "src/**/*.c", r"fill = \(double\)info\.stored_values / \(double\)row->nnz;",
     "fill = (double)row->nnz / (double)info.stored_values;", "derived|measure_protocol"),
    ("roofline_min", "the roofline bound is the smaller of compute and memory time",
     "src/**/*.c", r"return compute_ms > memory_ms \? compute_ms : memory_ms;",
     "return compute_ms < memory_ms ? compute_ms : memory_ms;", "derived|roofline"),
    ("csr_bytes_no_row_ptr", "CSR storage forgets its row pointers",
     "src/**/*.c", r"return 4 \* \(\(size_t\)c->rows \+ 1\) \+ 4 \* \(size_t\)c->nnz",
     "return 4 * (size_t)c->nnz", "derived|formats"),
    ("validation_off", "a result above the tolerance is accepted",
     "src/**/*.c", r"if \(cmp\.nonfinite > 0 \|\| !\(cmp\.rel_error <= tolerance\)\) \{",
     "if (cmp.nonfinite > 0) {", "measure_protocol|kernels"),
    ("one_counted_run_less", "one counted run fewer than asked",
     "src/**/*.c", r"if \(n >= cap\)\n(\s*)return 0;\n(\s*)if \(n < plan->repeats",
     "if (n >= cap - 1)\n\\1return 0;\n\\2if (n < plan->repeats", "measure_protocol|derived"),
    ("model_speedup_inverted", "model speedup = total / dense total",
     "src/**/*.c", r"speedup = complete && d \? ([\w.>-]*dense_\w*ms) / t->total_ms : NAN;",
     "speedup = complete && d ? t->total_ms / \\1 : NAN;", "derived|dlmc"),
    ("speedup_wrong_baseline_time", "speedup against the baseline's min instead of its median",
     "src/**/*.c", r"median_ms = sb_stats_compute\(bhost, bn\)\.median;",
     "median_ms = sb_stats_compute(bhost, bn).min;",
     "derived|quick"),
]
