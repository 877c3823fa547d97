/*
 * libFuzzer targets: every way untrusted bytes enter libworkplan.
 *
 *   WP_FUZZ_TARGET = 1 CBOR (wp_plan_from_cbor, then re-encode: must round-trip,
 *                      and through JSON give an equal plan)
 *                    2 JSON (wp_plan_from_json: round-trips, and through CBOR
 *                      gives an equal plan)
 *                    3 document text (wp_import_text)
 *                    4 query language (wp_query_parse, then print and re-parse)
 *                    5 corpus reader over a CBOR sequence
 *
 * Built by fuzz/meson.build with clang -fsanitize=fuzzer,address,undefined;
 * run with fuzz/run.sh. Any crash, leak, sanitizer report or broken
 * invariant (abort()) is a bug.
 */
#include <workplan/workplan.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

/* A broken invariant: say which (CI keeps only the log), then abort. */
#define must(cond) \
    ((cond) ? (void)0 : (fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond), abort()))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wp_plan *plan = NULL;
#if WP_FUZZ_TARGET == 1
    if (wp_plan_from_cbor(&plan, data, size) == 0) {
        uint8_t *out = NULL, *again = NULL;
        size_t n = 0, m = 0;
        wp_plan *back = NULL;
        must(wp_plan_to_cbor(&out, &n, plan) == 0);
        must(wp_plan_from_cbor(&back, out, n) == 0);
        must(wp_plan_equal(plan, back));
        must(wp_plan_to_cbor(&again, &m, back) == 0);
        must(n == m && memcmp(out, again, n) == 0); /* deterministic */
        {   /* and through JSON: the same plan (limits counted alike) */
            char *json = NULL;
            size_t jn = 0;
            wp_plan *viajson = NULL;
            must(wp_plan_to_json(&json, &jn, plan, WP_JSON_COMPACT) == 0);
            must(wp_plan_from_json(&viajson, json, jn) == 0);
            must(wp_plan_equal(plan, viajson));
            wp_free(json);
            wp_plan_free(viajson);
        }
        wp_free(out);
        wp_free(again);
        wp_plan_free(back);
    }
#elif WP_FUZZ_TARGET == 2
    if (wp_plan_from_json(&plan, (const char *)data, size) == 0) {
        char *json = NULL;
        size_t n = 0;
        wp_plan *back = NULL;
        must(wp_plan_to_json(&json, &n, plan, WP_JSON_COMPACT) == 0);
        must(wp_plan_from_json(&back, json, n) == 0);
        must(wp_plan_equal(plan, back));
        {   /* and through CBOR: the same plan (limits counted alike) */
            uint8_t *cbor = NULL;
            size_t cn = 0;
            wp_plan *viacbor = NULL;
            must(wp_plan_to_cbor(&cbor, &cn, plan) == 0);
            must(wp_plan_from_cbor(&viacbor, cbor, cn) == 0);
            must(wp_plan_equal(plan, viacbor));
            wp_free(cbor);
            wp_plan_free(viacbor);
        }
        wp_free(json);
        wp_plan_free(back);
    }
#elif WP_FUZZ_TARGET == 3
    {
        wp_import_report *rep = NULL;
        int rc = wp_import_text(&plan, &rep, (const char *)data, size, NULL);
        must(rc == 0 || rc == WP_EFORMAT || rc == WP_ELIMIT);
        if (rc == 0) {
            uint8_t *out = NULL;
            size_t n = 0;
            wp_plan *back = NULL;
            must(wp_plan_to_cbor(&out, &n, plan) == 0); /* what it built is a valid plan */
            must(wp_plan_from_cbor(&back, out, n) == 0);
            must(wp_plan_equal(plan, back));
            wp_free(out);
            wp_plan_free(back);
        }
        wp_import_report_free(rep);
    }
#elif WP_FUZZ_TARGET == 4
    {
        char *text = malloc(size + 1), *printed = NULL, *printed2 = NULL;
        wp_query *q = NULL, *q2 = NULL;
        if (text == NULL)
            return 0;
        memcpy(text, data, size);
        text[size] = '\0';
        if (wp_query_parse(&q, text) == 0) {
            must(wp_query_to_string(&printed, q) == 0);
            must(wp_query_parse(&q2, printed) == 0); /* the printer's output parses */
            must(wp_query_to_string(&printed2, q2) == 0);
            must(strcmp(printed, printed2) == 0);    /* and prints the same */
        }
        wp_free(printed);
        wp_free(printed2);
        wp_query_free(q);
        wp_query_free(q2);
        free(text);
    }
#elif WP_FUZZ_TARGET == 5
    {
        wp_corpus_reader *r = NULL;
        if (wp_corpus_reader_open_memory(&r, data, size) == 0) {
            wp_plan *p = NULL;
            while (wp_corpus_reader_next(&p, r) == 0)
                wp_plan_free(p), p = NULL;
            wp_corpus_reader_free(r);
        }
    }
#else
#error "WP_FUZZ_TARGET must be 1..5"
#endif
    wp_plan_free(plan);
    return 0;
}
