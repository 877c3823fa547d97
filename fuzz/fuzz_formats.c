/*
 * libFuzzer targets for the document readers and the exporters:
 *
 *   WP_FUZZ_FORMAT = 1 .docx packages (wp_import_docx); the seeds are zips,
 *                      and libFuzzer mutates their bytes
 *                    2 HTML pages (wp_import_html), then every export of the
 *                      plan (CSV, report): must succeed on any imported plan
 *                    3 any bytes through detection by content
 *                      (the path of wp_import_file)
 *
 * Built by fuzz/meson.build; run with fuzz/run.sh (targets docx, html,
 * sniff). A crash, leak or sanitizer report is a bug.
 */
#include <workplan/workplan.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "readers.h"

/* A broken invariant: say which (CI keeps only the log), then abort. */
#define must(cond) \
    ((cond) ? (void)0 : (fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond), abort()))

static void exports(const wp_plan *plan)
{
    const wp_plan *plans[1] = {plan};
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    char *out = NULL;
    size_t len = 0;
    o.as_of = "2025-07-01";
    must(wp_export_csv(&out, &len, plans, 1, &o) == 0);
    wp_free(out);
    must(wp_export_report_html(&out, &len, plans, 1, &o) == 0);
    wp_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wp_plan *plan = NULL;
    wp_import_report *rep = NULL;
#if WP_FUZZ_FORMAT == 1
    if (wp_import_docx(&plan, &rep, data, size, NULL) == 0)
        exports(plan);
#elif WP_FUZZ_FORMAT == 2
    if (wp_import_html(&plan, &rep, data, size, NULL) == 0)
        exports(plan);
#else
    if (wp__import_any(&plan, &rep, data, size, NULL, NULL) == 0)
        exports(plan);
#endif
    wp_plan_free(plan);
    wp_import_report_free(rep);
    return 0;
}
