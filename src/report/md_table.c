/* Markdown table cells for report.md and compare.md (see report_internal.h). */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A table cell: '|' would end the cell and a newline the row. */
void rp_md_cell(sb_strbuf *b, const char *s)
{
    sb_strbuf_appendf(b, " ");
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '|')
            sb_strbuf_appendf(b, "\\|");
        else if (*p == '\n' || *p == '\r')
            sb_strbuf_appendf(b, " ");
        else
            sb_strbuf_appendf(b, "%c", *p);
    }
    sb_strbuf_appendf(b, " |");
}

void rp_md_cellf(sb_strbuf *b, const char *fmt, double v)
{
    char buf[64];
    if (isfinite(v))
        snprintf(buf, sizeof buf, fmt, v);
    else
        snprintf(buf, sizeof buf, "—");
    rp_md_cell(b, buf);
}

void rp_md_header(sb_strbuf *b, const char *const *titles, int n)
{
    sb_strbuf_appendf(b, "|");
    for (int i = 0; i < n; i++)
        rp_md_cell(b, titles[i]);
    sb_strbuf_appendf(b, "\n|");
    for (int i = 0; i < n; i++)
        sb_strbuf_appendf(b, "---|");
    sb_strbuf_appendf(b, "\n");
}

const char *rp_md_pattern(const char *pattern, const char *block, char *buf, size_t n)
{
    if (*block)
        snprintf(buf, n, "%s %s", *pattern ? pattern : "?", block);
    else
        snprintf(buf, n, "%s", *pattern ? pattern : "?");
    return buf;
}

const char *rp_md_kernel(const char *kernel, const char *precision, const char *engine, char *buf,
                         size_t n)
{
    if (strcmp(precision, "fp32") == 0 && !engine[0])
        return kernel;
    snprintf(buf, n, "%s (%s%s%s)", kernel, precision, engine[0] ? ", " : "", engine);
    return buf;
}

int rp_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
