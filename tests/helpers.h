/* Shared fixtures for the cmocka suites. */
#ifndef WP_TEST_HELPERS_H
#define WP_TEST_HELPERS_H

#include <workplan/workplan.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <cmocka.h>

/* Assert that a call succeeded, printing the library's message if not. */
#define OK(call)                                                               \
    do {                                                                       \
        int ok_rc_ = (call);                                                   \
        if (ok_rc_ != 0)                                                       \
            fail_msg("%s -> %d (%s)", #call, ok_rc_, wp_error_last()->message); \
    } while (0)

/* Assert that a call failed with `code`. */
#define FAILS(code, call) assert_int_equal((call), (code))

/* Build a plan that uses every field of the model; returns 0 or the
 * first error (used by the copy/equal and allocation-failure tests). */
int build_rich_plan(wp_plan **out);

/* Counting allocator: fails the allocation number `fail_at` (0-based;
 * -1 never) and counts live blocks. */
typedef struct counting_alloc {
    long calls;
    long fail_at;
    long live;
} counting_alloc;

void counting_alloc_install(counting_alloc *state);
void counting_alloc_remove(void);

#endif
