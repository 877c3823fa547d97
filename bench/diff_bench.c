/*
 * diff_bench: time wp_plan_diff on two generated plans of N tasks each
 * (default 5,000), and measure matching precision and recall against the
 * known correspondence.
 *
 *   diff_bench [TASKS] [REPEAT]    (defaults 5000, 5; prints medians)
 *
 * The old plan: 10 sections, 10 tasks a point, ~90 CJK characters a task
 * drawn from a vocabulary of 800 words of 2–4 characters (so that, as in
 * real plans, many bigrams recur across tasks), one indicator and one
 * lead unit (from 40) per point. The new plan, next year's: 8 % of the
 * tasks dropped, the others reworded (a quarter of their words replaced,
 * sometimes one inserted), 5 % moved to another point, 30 % re-targeted,
 * and 8 % new tasks.
 */
#define _POSIX_C_SOURCE 200809L
#include <workplan/workplan.h>

#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(uint32_t n) { return bench_rnd(&rng, n); }

#define NWORDS 800
static char words[NWORDS][16];

static void make_words(void)
{
    for (int w = 0; w < NWORDS; w++) {
        int len = 2 + rnd(3);
        char *p = words[w];
        for (int i = 0; i < len; i++) { /* CJK U+4E00..U+4E00+3000 */
            uint32_t cp = 0x4E00 + rnd(3000);
            *p++ = (char)(0xE0 | (cp >> 12));
            *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *p++ = (char)(0x80 | (cp & 0x3F));
        }
        *p = '\0';
    }
}

typedef struct task {
    int w[40];
    int n;
} task;

static void render(char *buf, const task *t)
{
    buf[0] = '\0';
    for (int i = 0; i < t->n; i++) {
        strcat(buf, words[t->w[i]]);
        if (i % 8 == 7)
            strcat(buf, "，");
    }
    strcat(buf, "。");
}

static void random_task(task *t)
{
    t->n = 28 + rnd(6); /* ~90 characters */
    for (int i = 0; i < t->n; i++)
        t->w[i] = rnd(NWORDS);
}

static wp_node *add(wp_plan *p, wp_node *parent, wp_node_kind kind, const char *title,
                    const char *text)
{
    wp_node *n;
    CHECK(wp_node_new(&n, p, kind));
    if (title)
        CHECK(wp_node_set_title(n, title));
    if (text)
        CHECK(wp_node_set_text(n, text));
    CHECK(parent ? wp_node_append_child(parent, n) : wp_plan_append_node(p, n));
    return n;
}

static void indicator(wp_node *n, double value)
{
    wp_indicator *ind;
    CHECK(wp_node_add_indicator(&ind, n, "目标"));
    CHECK(wp_indicator_set_op(ind, WP_OP_GE));
    CHECK(wp_indicator_set_value(ind, value));
    CHECK(wp_indicator_set_unit(ind, "个"));
}

static double now(clockid_t clock) { return bench_now(clock); }

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int ntasks = argc > 1 ? atoi(argv[1]) : 5000, repeat = argc > 2 ? atoi(argv[2]) : 5;
    int per_point = 10, npoints = (ntasks + per_point - 1) / per_point, nsec = 10;
    wp_plan *a, *b;
    wp_node **pa, **pb, **ta, **tb; /* points; task i of old and its new counterpart */
    char buf[1024];
    task t;
    if (ntasks < 10 || repeat < 1)
        return 2;
    make_words();
    CHECK(wp_plan_new(&a));
    CHECK(wp_plan_new(&b));
    CHECK(wp_plan_set_year(a, 2024));
    CHECK(wp_plan_set_year(b, 2025));
    pa = calloc((size_t)npoints, sizeof *pa);
    pb = calloc((size_t)npoints, sizeof *pb);
    ta = calloc((size_t)ntasks, sizeof *ta);
    tb = calloc((size_t)ntasks, sizeof *tb);
    task *tasks = calloc((size_t)ntasks, sizeof *tasks);
    wp_unit *ua[40], *ub[40];
    for (int u = 0; u < 40; u++) {
        snprintf(buf, sizeof buf, "部门%d", u);
        CHECK(wp_unit_add(&ua[u], a, buf, NULL));
        CHECK(wp_unit_add(&ub[u], b, buf, NULL));
    }
    wp_node *sa = NULL, *sb = NULL;
    for (int p = 0; p < npoints; p++) {
        if (p % (npoints / nsec ? npoints / nsec : 1) == 0) {
            random_task(&t);
            t.n = 4;
            render(buf, &t);
            sa = add(a, NULL, WP_NODE_SECTION, buf, NULL);
            sb = add(b, NULL, WP_NODE_SECTION, buf, NULL);
        }
        random_task(&t);
        t.n = 5;
        render(buf, &t);
        pa[p] = add(a, sa, WP_NODE_POINT, buf, NULL);
        pb[p] = add(b, sb, WP_NODE_POINT, buf, NULL);
        int u = rnd(40);
        CHECK(wp_node_assign(pa[p], ua[u], WP_ROLE_LEAD, NULL));
        CHECK(wp_node_assign(pb[p], ub[rnd(10) == 0 ? (int)rnd(40) : u], WP_ROLE_LEAD, NULL));
    }
    for (int i = 0; i < ntasks; i++) {
        int p = i / per_point;
        random_task(&tasks[i]);
        render(buf, &tasks[i]);
        ta[i] = add(a, pa[p], WP_NODE_TASK, NULL, buf);
        indicator(ta[i], 10 + rnd(90));
    }
    /* next year's plan */
    int dropped = 0, moved = 0, added = 0;
    for (int i = 0; i < ntasks; i++) {
        int p = i / per_point;
        if (rnd(100) < 8) {
            dropped++;
            continue;
        }
        task nt = tasks[i];
        for (int k = 0; k < nt.n; k++)
            if (rnd(4) == 0)
                nt.w[k] = rnd(NWORDS);
        if (rnd(3) == 0 && nt.n < 40)
            nt.w[nt.n++] = rnd(NWORDS);
        render(buf, &nt);
        if (rnd(100) < 5) {
            p = rnd(npoints);
            moved++;
        }
        tb[i] = add(b, pb[p], WP_NODE_TASK, NULL, buf);
        indicator(tb[i], wp_indicator_value(wp_node_indicator(ta[i], 0)) + (rnd(10) < 3 ? 5 : 0));
        if (rnd(100) < 8) {
            random_task(&t);
            render(buf, &t);
            add(b, pb[p], WP_NODE_TASK, NULL, buf);
            added++;
        }
    }
    CHECK(wp_plan_assign_ids(a));
    CHECK(wp_plan_assign_ids(b));
    printf("plans: %zu and %zu nodes (%d tasks; %d dropped, %d moved, %d new)\n",
           wp_plan_node_count(a), wp_plan_node_count(b), ntasks, dropped, moved, added);

    /* wall time, and CPU time (steadier on a shared machine) */
    double *times = calloc((size_t)repeat, sizeof *times), *cpu = calloc((size_t)repeat, sizeof *cpu);
    wp_diff *d = NULL;
    for (int r = 0; r < repeat; r++) {
        wp_diff_free(d);
        d = NULL;
        double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        CHECK(wp_plan_diff(&d, a, b, NULL));
        times[r] = now(CLOCK_MONOTONIC) - t0;
        cpu[r] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    qsort(times, (size_t)repeat, sizeof *times, cmp_d);
    qsort(cpu, (size_t)repeat, sizeof *cpu, cmp_d);
    /* precision / recall over the tasks */
    size_t matched = 0, correct = 0, intended = 0;
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        wp_node *o = wp_diff_entry_old(e), *n = wp_diff_entry_new(e);
        if (o && n && wp_node_kind_of(o) == WP_NODE_TASK) {
            matched++;
            /* the old task's index from its position */
            for (int k = 0; k < 1; k++) {
                int idx = -1;
                const wp_node *pp = wp_node_parent(o);
                int pos = 0;
                for (wp_node *c = wp_node_first_child(pp); c && c != o; c = wp_node_next(c))
                    pos++;
                for (int q = 0; q < npoints; q++)
                    if (pa[q] == pp) {
                        idx = q * per_point + pos;
                        break;
                    }
                if (idx >= 0 && tb[idx] == n)
                    correct++;
            }
        }
    }
    for (int i = 0; i < ntasks; i++)
        intended += tb[i] != NULL;
    printf("diff of two %d-task plans: median %.3f s (min %.3f, max %.3f) over %d runs\n", ntasks,
           times[repeat / 2], times[0], times[repeat - 1], repeat);
    printf("CPU time: median %.3f s (min %.3f)\n", cpu[repeat / 2], cpu[0]);
    printf("entries: %zu changed, %zu moved, %zu added, %zu removed, %zu unchanged\n",
           wp_diff_count(d, WP_DIFF_CHANGED), wp_diff_count(d, WP_DIFF_MOVED),
           wp_diff_count(d, WP_DIFF_ADDED), wp_diff_count(d, WP_DIFF_REMOVED),
           wp_diff_count(d, WP_DIFF_UNCHANGED));
    printf("task matching: %zu intended, %zu matched, %zu correct: precision %.3f, recall %.3f\n",
           intended, matched, correct, matched ? (double)correct / matched : 1.0,
           intended ? (double)correct / intended : 1.0);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
    free(times);
    free(cpu);
    free(pa);
    free(pb);
    free(ta);
    free(tb);
    free(tasks);
    return 0;
}
