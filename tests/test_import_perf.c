/* The importer on large hostile input (issue 10, defect 2): time and memory
 * linear in the input. A line of 1 MiB (WP_LIMIT_LINE_BYTES) of figures
 * (the clause scan used to restart at the line's start for each, and strstr
 * ran to the end of the text: minutes) and 200,000 heading lines must each import in well under
 * 3 s in a normal build. Sanitizer and debug builds check only that the
 * import finishes (the timing is not asserted there); WP_PERF_SCALE=n
 * multiplies the sizes for a manual run. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t scale(void)
{
    const char *s = getenv("WP_PERF_SCALE");
    return s && atoi(s) > 0 ? (size_t)atoi(s) : 1;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t l = strlen(s);
    if (*len + l + 1 > *cap) {
        *cap = (*len + l + 1) * 2;
        *buf = realloc(*buf, *cap);
        assert_non_null(*buf);
    }
    memcpy(*buf + *len, s, l + 1);
    *len += l;
}

static void import_timed(const char *what, const char *text, size_t len, double limit)
{
    wp_plan *p = NULL;
    wp_import_report *rep = NULL;
    double t0 = now(), dt;
    OK(wp_import_text(&p, &rep, text, len, NULL));
    dt = now() - t0;
    print_message("%s: %.1f MB in %.3f s (%.1f MB/s)\n", what, len / 1e6, dt, len / 1e6 / dt);
    if (!SANITIZED && getenv("WP_NO_TIMING") == NULL && dt > limit)
        fail_msg("%s: %.2f s for %.1f MB (limit %.1f s)", what, dt, len / 1e6, limit);
    wp_import_report_free(rep);
    wp_plan_free(p);
}

/* One line of 100,000 figures: 开展活动10场，… */
/* Append piece up to n times, keeping the line begun at line_start within
 * WP_LIMIT_LINE_BYTES (a longer line is refused: see the end of the test). */
static void fill_line(char **buf, size_t *len, size_t *cap, size_t line_start,
                      const char *piece, size_t n)
{
    size_t pl = strlen(piece);
    for (size_t i = 0; i < n && *len - line_start + pl <= WP_LIMIT_LINE_BYTES; i++)
        append(buf, len, cap, piece);
}

static void test_line_of_figures(void **state)
{
    size_t n = 100000 * scale(), len = 0, cap = 0, start;
    char *buf = NULL;
    wp_plan *p = NULL;
    (void)state;
    append(&buf, &len, &cap, "一、加强组织建设\n");
    start = len;
    append(&buf, &len, &cap, "1.");
    for (size_t i = 0; i < n && len - start + 40 <= WP_LIMIT_LINE_BYTES; i++)
        append(&buf, &len, &cap, i % 2 ? "开展活动10场，" : "培训“人才”100人次以上、");
    append(&buf, &len, &cap, "\n");
    import_timed("one line of figures", buf, len, 3.0 * (double)scale());
    /* The same with no punctuation at all: one clause of 1 MB. */
    len = 0;
    append(&buf, &len, &cap, "一、甲\n1.");
    fill_line(&buf, &len, &cap, 10, "开展活动10场", n);
    import_timed("one clause of figures", buf, len, 3.0 * (double)scale());
    /* Many tasks on one line, Simplified and Traditional (source spans and
     * the printed text of folded copies are found near the last piece). */
    len = 0;
    append(&buf, &len, &cap, "一、甲\n1.");
    /* n / 4 tasks: under WP_LIMIT_NODES (and the line under WP_LIMIT_LINE_BYTES) */
    fill_line(&buf, &len, &cap, 10, "开展活动10场；", n / 4);
    import_timed("one line of tasks", buf, len, 3.0 * (double)scale());
    len = 0;
    append(&buf, &len, &cap, "一、組織建設\n1.");
    fill_line(&buf, &len, &cap, 19, "開展活動10場；", n / 4);
    import_timed("one line of Traditional tasks", buf, len, 3.0 * (double)scale());
    /* A run of Chinese numerals (each position starts a number). */
    len = 0;
    append(&buf, &len, &cap, "一、甲\n1.");
    fill_line(&buf, &len, &cap, 10, "十百千", n);
    import_timed("a run of numerals", buf, len, 3.0 * (double)scale());
    /* One byte more than the limit: refused at once, nothing imported. */
    len = 0;
    append(&buf, &len, &cap, "一、甲\n1.");
    fill_line(&buf, &len, &cap, 10, "a", WP_LIMIT_LINE_BYTES);
    append(&buf, &len, &cap, "a");
    assert_int_equal(wp_import_text(&p, NULL, buf, len, NULL), WP_ELIMIT);
    assert_null(p);
    free(buf);
}

/* 30,000 heading lines (WP_LIMIT_NODES is 32,768): sections, subsections and points, each distinct
 * (duplicate numbers are lib/ids.c's concern). */
static void test_many_headings(void **state)
{
    static const char *const cn[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    size_t len = 0, cap = 0, lines = 0, target = 30000 * scale(); /* under WP_LIMIT_NODES */
    char *buf = NULL, line[128];
    struct rusage ru;
    long before;
    (void)state;
    getrusage(RUSAGE_SELF, &ru);
    before = ru.ru_maxrss;
    for (int s = 1; s < 100 && lines < target; s++) {
        snprintf(line, sizeof line, "%s%s%s、加强组织建设\n", s >= 20 ? cn[s / 10] : "",
                 s >= 10 ? "十" : "", cn[s % 10]);
        append(&buf, &len, &cap, line), lines++;
        for (int ss = 1; ss < 100 && lines < target; ss++) {
            snprintf(line, sizeof line, "（%s%s%s）深化改革\n", ss >= 20 ? cn[ss / 10] : "",
                     ss >= 10 ? "十" : "", cn[ss % 10]);
            append(&buf, &len, &cap, line), lines++;
            for (int p = 1; p <= 20 && lines < target; p++) {
                snprintf(line, sizeof line, "%d.完善制度。\n", p);
                append(&buf, &len, &cap, line), lines++;
            }
        }
    }
    import_timed("30,000 headings", buf, len, 3.0 * (double)scale());
    getrusage(RUSAGE_SELF, &ru);
    print_message("peak memory grew by %ld KB for %zu KB of text\n", ru.ru_maxrss - before,
                  len / 1024);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_of_figures),
        cmocka_unit_test(test_many_headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
