/* What the benchmark programs share: failing loudly, a seeded generator
 * (each program keeps its own seed, so its data stays what it was) and a
 * clock. Header-only: each program is one file. */
#ifndef WP_BENCH_UTIL_H
#define WP_BENCH_UTIL_H

#include <workplan/workplan.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Run a libworkplan call; on failure say where and what, and exit 1. */
#define CHECK(call)                                                                  \
    do {                                                                             \
        int rc_ = (call);                                                            \
        if (rc_ != 0) {                                                              \
            fprintf(stderr, "%s:%d: %s -> %d (%s)\n", __FILE__, __LINE__, #call, rc_, \
                    wp_error_last()->message);                                       \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

/* xorshift64: a number in [0, n) from the generator state *rng. */
static inline uint32_t bench_rnd(uint64_t *rng, uint32_t n)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    return (uint32_t)(*rng % n);
}

/* Seconds on `clock` (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, ...). */
static inline double bench_now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
