/* The importer's fast paths (issue 14, 2026-11-25) give the same plans as
 * the general ones:
 * - wp_import_file uses the lines of its own buffer in place (their line
 *   break overwritten), wp_import_text copies them: both give one plan, one
 *   report, for texts where cleaning changes lines and where it does not
 *   (CRLF, CR, BOM, spaces, U+3000, tabs, NBSP, glosses, HTML, U+FFFD, no
 *   final line break, Traditional script, GB18030);
 * - the UTF-8 check takes four CJK characters at once: an invalid sequence
 *   at any place in a run is still found, a valid E0/ED form still passes;
 * - 争 (力争) and 百 (百分之) come from the candidate list, also past its
 *   128 entries. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* CBOR of the plan and the warnings of an import, as one string to compare. */
static char *fingerprint(int rc, wp_plan *p, wp_import_report *rep)
{
    uint8_t *cbor = NULL;
    size_t n = 0, len, cap = 64;
    char *out = malloc(cap);
    assert_non_null(out);
    len = (size_t)snprintf(out, cap, "rc=%d;", rc);
    if (p != NULL) {
        OK(wp_plan_to_cbor(&cbor, &n, p));
    }
    for (size_t i = 0; i < wp_import_report_warning_count(rep); i++) {
        const char *w = wp_import_report_warning(rep, i);
        size_t wl = strlen(w) + 32;
        if (len + wl + 1 > cap) {
            cap = (len + wl + 1) * 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        len += (size_t)snprintf(out + len, cap - len, "%d:%s;", wp_import_report_warning_line(rep, i),
                                w);
    }
    if (len + 2 * n + 1 > cap) {
        cap = len + 2 * n + 1;
        out = realloc(out, cap);
        assert_non_null(out);
    }
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap - len, "%02x", cbor[i]);
    free(cbor);
    return out;
}

/* Import `text` with wp_import_text and, written to a file, with
 * wp_import_file: the same plan, report and status. */
static void same_both_ways(const char *text, size_t len)
{
    char path[] = "/tmp/wp_import_fast_XXXXXX";
    int fd = mkstemp(path);
    wp_plan *a = NULL, *b = NULL;
    wp_import_report *ra = NULL, *rb = NULL;
    int rca, rcb;
    char *fa, *fb;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    rca = wp_import_text(&a, &ra, text, len, NULL);
    rcb = wp_import_file(&b, &rb, path, NULL);
    unlink(path);
    fa = fingerprint(rca, a, ra);
    fb = fingerprint(rcb, b, rb);
    if (strcmp(fa, fb) != 0)
        fail_msg("wp_import_text and wp_import_file differ on \"%s\":\n%s\n%s", text, fa, fb);
    free(fa);
    free(fb);
    wp_plan_free(a);
    wp_plan_free(b);
    wp_import_report_free(ra);
    wp_import_report_free(rb);
}

static void test_file_same_as_text(void **state)
{
    static const char *const texts[] = {
        "示例2024年工作要点\n一、加强建设\n1.建设科普基地，2024年6月底前完成。（牵头单位：科普部）\n",
        "示例2024年工作要点\r\n一、加强建设\r\n1.建设科普基地。\r\n2.举办活动10场。\r\n",
        "示例2024年工作要点\r一、加强建设\r1.建设科普基地。\r",
        "\xEF\xBB\xBF示例2024年工作要点\n一、加强建设\n1.建设科普基地。",
        "  示例2024年工作要点  \n一、加强建设   \n\xE3\x80\x80\xE3\x80\x80"
        "1.建设科普基地。\n   \n\t2.举办活动10场。\t\n",
        "示例2024年工作要点\n序号\t任务\t牵头单位\n\t1\t建设科普基地\t科普部\n一、甲\n1.乙。\n",
        "示例2024年工作要点\n一、加强建设\n1.建设\xC2\xA0科普\xE2\x80\x8B基地，编写區(qū)志。\n"
        "2.举办&ldquo;科普日&rdquo;活动<b>10</b>场，服务\xEF\xBF\xBD社区。\n",
        "示例2024年工作要点\n\n\n一、加强建设\n\n1.建设科普基地。\n\n",
        "示例2024年工作要点\n一、甲\n1.乙",
        "某區2024年工作計劃\n一、加強組織建設\n1.舉辦學術會議10場，2024年6月底前完成。（牽頭單位：學會部）\n"
        "2.建設科普場館，力爭覆蓋率達到百分之八十。\n",
        "\n",
        "",
        "   \n\t\n",
    };
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        same_both_ways(texts[i], strlen(texts[i]));
    /* GB18030 (示例 工作要点 一、甲 1.乙。): converted, then used in place */
    {
        static const char gb[] = "\xca\xbe\xc0\xfd\x32\x30\x32\x34\xc4\xea\xb9\xa4\xd7\xf7\xd2\xaa"
                                 "\xb5\xe3\n\xd2\xbb\xa1\xa2\xbc\xd7\n1.\xd2\xd2\xa1\xa3\n";
        same_both_ways(gb, sizeof gb - 1);
    }
}

/* Is s[0..len) well-formed UTF-8 (Unicode table 3-7, as utf8proc reads)? */
static bool is_utf8(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned c = u[i], lo = 0x80, hi = 0xBF;
        size_t n;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return false;
        if (i + n > len || u[i + 1] < lo || u[i + 1] > hi)
            return false;
        for (size_t k = 2; k < n; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

static void test_utf8_in_runs(void **state)
{
    /* sequences at every place of a run of CJK characters */
    static const char *const seqs[] = {
        "\xE0\xA0\x80", /* U+0800: valid, led by E0 */
        "\xED\x9F\xBF", /* U+D7FF: valid, led by ED */
        "\xED\x95\x9C", /* 한 */
        "\xEF\xBF\xBD", /* U+FFFD: valid (dropped with a warning) */
        "\xED\xA0\x80", /* a surrogate: invalid */
        "\xE0\x80\x80", /* overlong: invalid */
        "\xE0\x9F\xBF", /* overlong: invalid */
        "\x80",         /* a lone continuation byte */
        "\xE4\xB8",     /* a cut character */
        "\xE4\x41\x80", /* a lead before ASCII */
        "\xC0\x80",     /* overlong NUL */
        "\xF8\x88\x80\x80\x80",
    };
    (void)state;
    for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++)
        for (int at = 0; at < 14; at++) {
            char text[256];
            size_t o = 0;
            wp_plan *p = NULL;
            wp_import_report *rep = NULL;
            bool valid, gb = false;
            int rc;
            o += (size_t)snprintf(text, sizeof text, "一、甲\n1.");
            for (int c = 0; c < at; c++)
                o += (size_t)snprintf(text + o, sizeof text - o, "乙");
            o += (size_t)snprintf(text + o, sizeof text - o, "%s", seqs[k]);
            for (int c = 0; c < 16; c++)
                o += (size_t)snprintf(text + o, sizeof text - o, "丙");
            o += (size_t)snprintf(text + o, sizeof text - o, "。\n");
            valid = is_utf8(text, o);
            rc = wp_import_text(&p, &rep, text, o, NULL);
            for (size_t w = 0; w < wp_import_report_warning_count(rep); w++)
                gb |= strstr(wp_import_report_warning(rep, w), "not UTF-8") != NULL;
            if (valid) {
                if (rc != 0 || gb)
                    fail_msg("sequence %zu at %d: valid UTF-8 not read as such (rc %d)", k, at, rc);
            } else if (rc == 0 && !gb) {
                fail_msg("sequence %zu at %d: invalid UTF-8 read as UTF-8", k, at);
            }
            same_both_ways(text, o);
            wp_plan_free(p);
            wp_import_report_free(rep);
        }
}

/* 力争 and 百分之 after more than 128 candidate characters (digits,
 * 一二三…, 年, 上, 下, 第) in one task. */
static void test_candidates_past_list(void **state)
{
    char text[8192];
    size_t o = 0;
    wp_plan *p = NULL;
    wp_node *t;
    (void)state;
    o += (size_t)snprintf(text, sizeof text, "示例2024年工作要点\n一、甲\n1.乙。");
    for (int i = 0; i < 70; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "一上");
    o += (size_t)snprintf(text + o, sizeof text - o, "，力争服务覆盖率达到百分之八十，争取百分之九十。\n");
    OK(wp_import_text(&p, NULL, text, o, NULL));
    t = wp_plan_find_node(p, "1.1.t1");
    assert_non_null(t);
    assert_int_equal(wp_node_indicator_count(t), 2);
    assert_true(wp_indicator_value(wp_node_indicator(t, 0)) == 80);
    assert_true(wp_indicator_value(wp_node_indicator(t, 1)) == 90);
    assert_string_equal(wp_indicator_unit(wp_node_indicator(t, 0)), "%");
    assert_true(wp_indicator_aspirational(wp_node_indicator(t, 0)));
    assert_true(wp_indicator_aspirational(wp_node_indicator(t, 1)));
    wp_plan_free(p);
    /* the same within the list */
    {
        static const char short_text[] = "示例2024年工作要点\n一、甲\n1.乙。力争服务覆盖率达到百分之八十。\n";
        OK(wp_import_text(&p, NULL, short_text, sizeof short_text - 1, NULL));
    }
    t = wp_plan_find_node(p, "1.1.t1");
    assert_non_null(t);
    assert_int_equal(wp_node_indicator_count(t), 1);
    assert_true(wp_indicator_aspirational(wp_node_indicator(t, 0)));
    wp_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_same_as_text),
        cmocka_unit_test(test_utf8_in_runs),
        cmocka_unit_test(test_candidates_past_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
