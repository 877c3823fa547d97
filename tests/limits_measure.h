/* Measuring one operation in a forked child for the hostile-input tests
 * (issue 10): wall time and peak-RSS growth (getrusage maxrss before and
 * after, in the child, so one case cannot hide another's memory), and the
 * issue's bound: 1 s per MB and 10x the input + 16 MiB. WP_NO_TIMING=1
 * (sanitizer and valgrind runs) keeps the results but not the bounds.
 * Moved out of test_limits.c to be shared by test_json_limits.c. */
#ifndef WP_LIMITS_MEASURE_H
#define WP_LIMITS_MEASURE_H

#include "helpers.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__)
#define WP_MEASURE_UNUSED __attribute__((unused))
#else
#define WP_MEASURE_UNUSED
#endif

/* ---- hostile documents in memory -------------------------------------- */

typedef struct doc_text {
    char *data;
    size_t len, cap; /* data[len] is NUL once anything is put */
} doc_text;

/* Room for `extra` more bytes and a NUL. */
WP_MEASURE_UNUSED static void text_reserve(doc_text *t, size_t extra)
{
    if (t->len + extra + 1 > t->cap) {
        size_t cap = (t->len + extra + 1) * 2;
        char *p = realloc(t->data, cap);
        assert_non_null(p);
        t->data = p;
        t->cap = cap;
    }
}

WP_MEASURE_UNUSED static void put(doc_text *t, const void *s, size_t n)
{
    text_reserve(t, n);
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

/* The operations most cases measure: read the text as a plan, free it. */
WP_MEASURE_UNUSED static int load_json(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_from_json(&plan, t->data, t->len);
    wp_plan_free(plan);
    return rc;
}

WP_MEASURE_UNUSED static int load_cbor(const void *arg)
{
    const doc_text *t = arg;
    wp_plan *plan = NULL;
    int rc = wp_plan_from_cbor(&plan, (const uint8_t *)t->data, t->len);
    wp_plan_free(plan);
    return rc;
}

/* ---- measuring -------------------------------------------------------- */

typedef struct measure {
    bool timed_out; /* killed by the alarm: far over the time bound */
    double secs;
    long kb;     /* peak RSS growth in KiB */
    int rc;      /* what the operation returned */
    int err;     /* wp_error_last()->code after it */
    size_t off;  /* wp_error_last()->offset */
} measure;

typedef int (*operation)(const void *arg);

WP_MEASURE_UNUSED static bool timing_off(void)
{
    const char *e = getenv("WP_NO_TIMING");
    return e != NULL && *e != '\0' && strcmp(e, "0") != 0;
}

WP_MEASURE_UNUSED static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run `op(arg)` in a child; the child's maxrss delta is its own growth. */
/* Sizes are divided by 10 under sanitizers and valgrind (WP_NO_TIMING). */
WP_MEASURE_UNUSED static size_t scaled(size_t n) { return timing_off() ? n / 10 : n; }

WP_MEASURE_UNUSED static unsigned alarm_secs = 60;

/* The peak resident set of this process in KiB (VmHWM), after resetting
 * it to the current resident set when `reset`. A forked child starts with
 * its parent's peak, so getrusage's ru_maxrss in the child says nothing of
 * the child's own growth while that stays under the parent's old peak:
 * the mark is reset (clear_refs 5, Linux 4.0) and read from /proc. Falls
 * back to ru_maxrss where /proc cannot do it. */
WP_MEASURE_UNUSED static long peak_kb(bool reset)
{
    char line[128];
    long kb = -1;
    FILE *f;
    if (reset && (f = fopen("/proc/self/clear_refs", "w")) != NULL) {
        fputs("5", f);
        fclose(f);
    }
    if ((f = fopen("/proc/self/status", "r")) != NULL) {
        while (kb < 0 && fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "VmHWM:", 6) == 0)
                kb = strtol(line + 6, NULL, 10);
        fclose(f);
    }
    if (kb < 0) {
        struct rusage r;
        getrusage(RUSAGE_SELF, &r);
        kb = r.ru_maxrss;
    }
    return kb;
}

WP_MEASURE_UNUSED static measure run_measured(operation op, const void *arg)
{
    int fds[2];
    measure m = {0};
    pid_t pid;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        long before;
        double t0;
        close(fds[0]);
        alarm(alarm_secs);
        before = peak_kb(true);
        t0 = now();
        m.rc = op(arg);
        m.secs = now() - t0;
        m.kb = peak_kb(false) - before;
        m.err = wp_error_last()->code;
        m.off = wp_error_last()->offset;
        if (write(fds[1], &m, sizeof m) != (ssize_t)sizeof m)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    {
        int status;
        ssize_t n = read(fds[0], &m, sizeof m);
        close(fds[0]);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
            m.timed_out = true;
            m.secs = alarm_secs;
        } else if (n != (ssize_t)sizeof m || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fail_msg("the measured child died (status 0x%x)", status);
        }
    }
    return m;
}

/* The bound: 1 s per MB and 10x the input in memory (with 16 MiB
 * of slack for the runtime's own growth on small inputs). Returns NULL or
 * what is over the bound. */
WP_MEASURE_UNUSED static const char *over_bounds(const char *name, const measure *m, size_t input_bytes)
{
    static char why[300];
    double mb = (double)input_bytes / 1e6;
    long max_kb = (long)(input_bytes * 10 / 1024) + 16 * 1024;
    print_message("  %-36s %7.2f MB %8.3f s %8ld KiB  rc %d%s\n", name, mb, m->secs, m->kb, m->rc,
                  m->timed_out ? " (killed: time)" : "");
    if (m->timed_out) {
        snprintf(why, sizeof why, "%s: still running after %.0f s for %.2f MB", name, m->secs, mb);
        return why;
    }
    if (timing_off())
        return NULL;
    if (m->secs > (mb < 1 ? 1.0 : mb)) {
        snprintf(why, sizeof why, "%s: %.2f s for %.2f MB (bound: 1 s per MB)", name, m->secs, mb);
        return why;
    }
    if (m->kb > max_kb) {
        snprintf(why, sizeof why, "%s: peak RSS grew by %ld KiB for %.2f MB of input (bound %ld KiB)",
                 name, m->kb, mb, max_kb);
        return why;
    }
    return NULL;
}

WP_MEASURE_UNUSED static void check_bounds(const char *name, const measure *m, size_t input_bytes)
{
    const char *why = over_bounds(name, m, input_bytes);
    if (why != NULL)
        fail_msg("%s", why);
}

#endif
