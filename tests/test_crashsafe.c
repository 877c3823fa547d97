/* Saving (issue 10 defect 7 and "crash-safe saving"): a save keeps the
 * target's mode, never touches the process umask, cleans up temporary
 * files that killed saves left behind, and a SIGKILL at any moment leaves
 * the old or the new plan on disk. WP_CRASH_TRIALS sets the number of
 * SIGKILL trials (default 150), WP_CRASH_SEED their seed. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The library is linked statically: this definition takes the place of
 * libc's umask for it, so any call is counted. The tests themselves set
 * the mask with the raw system call. */
static int umask_calls;
mode_t umask(mode_t mask)
{
    umask_calls++;
    return (mode_t)syscall(SYS_umask, mask);
}

static mode_t set_umask(mode_t m) { return (mode_t)syscall(SYS_umask, m); }

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/wp-crash-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) == NULL ? -1 : 0;
}

/* Remove the folder's files, then the folder. */
static int teardown(void **state)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    (void)state;
    if (d != NULL) {
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char p[600];
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    return rmdir(dir);
}

static void in_dir(char *out, size_t cap, const char *name) { snprintf(out, cap, "%s/%s", dir, name); }

/* Files in the folder other than `keep`. */
static int others(const char *keep)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && strcmp(e->d_name, keep) != 0)
            n++;
    closedir(d);
    return n;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static wp_plan *plan_with(int sections, const char *title)
{
    wp_plan *plan;
    OK(wp_plan_new(&plan));
    OK(wp_plan_set_title(plan, title));
    for (int i = 0; i < sections; i++) {
        wp_node *s, *t;
        OK(wp_node_new(&s, plan, WP_NODE_SECTION));
        OK(wp_node_set_title(s, "加强科普阵地建设，推进基层科普工作"));
        OK(wp_plan_append_node(plan, s));
        OK(wp_node_new(&t, plan, WP_NODE_TASK));
        OK(wp_node_set_text(t, "组织开展科普活动不少于12次，年底前完成，覆盖全部街道和乡镇。"));
        OK(wp_node_append_child(s, t));
    }
    OK(wp_plan_assign_ids(plan));
    return plan;
}

static void test_mode_kept(void **state)
{
    static const mode_t modes[] = {0600, 0640, 0604, 0660, 0644};
    char path[600];
    wp_plan *plan = plan_with(2, "甲");
    mode_t old = set_umask(022);
    (void)state;
    in_dir(path, sizeof path, "plan.cbor");
    OK(wp_plan_save(plan, path));
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        assert_int_equal(chmod(path, modes[i]), 0);
        OK(wp_plan_save(plan, path));
        if (mode_of(path) != modes[i])
            fail_msg("a %04o file became %04o after a save", (unsigned)modes[i], (unsigned)mode_of(path));
    }
    set_umask(old);
    wp_plan_free(plan);
    assert_int_equal(others("plan.cbor"), 0);
    unlink(path);
}

/* A new file gets 0666 less the umask, and the umask is never called. */
static void test_new_file_and_umask(void **state)
{
    char path[600];
    wp_plan *plan = plan_with(1, "乙");
    wp_corpus_writer *w;
    mode_t old = set_umask(027);
    (void)state;
    umask_calls = 0;
    in_dir(path, sizeof path, "new.cbor");
    OK(wp_plan_save(plan, path));
    assert_int_equal(mode_of(path), 0640);
    in_dir(path, sizeof path, "corpus.cbor");
    OK(wp_corpus_writer_open(&w, path, WP_CORPUS_CBOR));
    OK(wp_corpus_writer_add(w, plan));
    OK(wp_corpus_writer_commit(w));
    wp_corpus_writer_free(w);
    assert_int_equal(mode_of(path), 0640);
    set_umask(old);
    if (umask_calls != 0)
        fail_msg("saving called umask() %d times (process-wide state)", umask_calls);
    wp_plan_free(plan);
    unlink(path);
    in_dir(path, sizeof path, "new.cbor");
    unlink(path);
}

static pid_t dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    assert_int_equal(waitpid(pid, NULL, 0), pid);
    return pid;
}

static void touch(const char *name)
{
    char p[600];
    FILE *fp;
    in_dir(p, sizeof p, name);
    fp = fopen(p, "w");
    assert_non_null(fp);
    fputs("half a plan", fp);
    fclose(fp);
}

/* Temporary files of dead savers are removed by the next save of the same
 * file; those of live processes, and of other files, are left alone. */
static void test_stale_temps_removed(void **state)
{
    char path[600], name[300];
    wp_plan *plan = plan_with(1, "丙");
    (void)state;
    in_dir(path, sizeof path, "p.cbor");
    OK(wp_plan_save(plan, path));
    snprintf(name, sizeof name, ".p.cbor.wp-tmp.%ld.0123456789abcdef", (long)dead_pid());
    touch(name);
    snprintf(name, sizeof name, ".p.cbor.wp-tmp.%ld.00000000000000ff", (long)dead_pid());
    touch(name);
    snprintf(name, sizeof name, ".p.cbor.wp-tmp.%ld.0000000000000001", (long)getppid());
    touch(name); /* alive */
    snprintf(name, sizeof name, ".q.cbor.wp-tmp.%ld.0000000000000002", (long)dead_pid());
    touch(name); /* another file's */
    assert_int_equal(others("p.cbor"), 4);
    OK(wp_plan_save(plan, path));
    assert_int_equal(others("p.cbor"), 2);
    snprintf(name, sizeof name, "%s/.p.cbor.wp-tmp.%ld.0000000000000001", dir, (long)getppid());
    assert_int_equal(unlink(name), 0);
    wp_plan_free(plan);
    teardown(state);
    setup(state);
}

/* ---- SIGKILL at random moments ------------------------------------------ */

static unsigned long rnd_state;
static unsigned long rnd(void)
{
    rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
    return rnd_state >> 33;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_sigkill_during_save(void **state)
{
    const char *e = getenv("WP_CRASH_TRIALS");
    int trials = e ? atoi(e) : 150, mid_write = 0;
    char path[600];
    wp_plan *a = plan_with(50, "旧计划"), *b = plan_with(3000, "新计划");
    double t0, save_us;
    (void)state;
    rnd_state = getenv("WP_CRASH_SEED") ? strtoul(getenv("WP_CRASH_SEED"), NULL, 10) : 20261124;
    in_dir(path, sizeof path, "plan.cbor");
    OK(wp_plan_save(a, path));
    assert_int_equal(chmod(path, 0640), 0);
    /* How long one save of the big plan takes: kills land within it. */
    t0 = now();
    OK(wp_plan_save(b, path));
    save_us = (now() - t0) * 1e6;
    OK(wp_plan_save(a, path));
    assert_int_equal(chmod(path, 0640), 0);
    for (int i = 0; i < trials; i++) {
        pid_t pid;
        wp_plan *got = NULL;
        int status;
        fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (int k = 0; k < 1000; k++)
                if (wp_plan_save(k % 2 ? a : b, path) < 0)
                    _exit(3);
            _exit(0);
        }
        usleep((useconds_t)(rnd() % (unsigned long)(3 * save_us + 1)));
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status))
            fail_msg("trial %d: the saver ended by itself (status 0x%x)", i, status);
        if (wp_plan_load(&got, path) < 0)
            fail_msg("trial %d: the file does not load after SIGKILL: %s", i, wp_error_last()->message);
        if (!wp_plan_equal(got, a) && !wp_plan_equal(got, b))
            fail_msg("trial %d: the file holds neither the old nor the new plan", i);
        if (mode_of(path) != 0640)
            fail_msg("trial %d: mode %04o instead of 0640", i, (unsigned)mode_of(path));
        mid_write += others("plan.cbor") > 0;
        wp_plan_free(got);
    }
    print_message("  %d SIGKILL trials (one save %.0f us); %d left a temporary file behind\n", trials,
                  save_us, mid_write);
    OK(wp_plan_save(a, path));
    assert_int_equal(others("plan.cbor"), 0); /* the next save cleaned up */
    assert_int_equal(mode_of(path), 0640);
    if (trials >= 50)
        assert_true(mid_write > 0); /* the kills did land inside saves */
    wp_plan_free(a);
    wp_plan_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_kept),
        cmocka_unit_test(test_new_file_and_umask),
        cmocka_unit_test(test_stale_temps_removed),
        cmocka_unit_test(test_sigkill_during_save),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
