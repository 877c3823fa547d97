/* The HTML reader: a saved web page imports without its furniture, in its
 * encoding, with its tables as tables. */
#include "helpers.h"
#include "formats_util.h"
#include "readers.h"

static const char *fixtures; /* tests/data/formats */

static char *fixture(const char *name, size_t *len)
{
    char path[1024];
    char *data;
    snprintf(path, sizeof path, "%s/%s", fixtures, name);
    data = slurp(path, len);
    assert_non_null(data);
    return data;
}

static char *page_text(const char *html)
{
    char *t;
    size_t len;
    OK(wp__html_text(&t, &len, html, strlen(html)));
    assert_int_equal(strlen(t), len);
    return t;
}

/* The page imports to the plan of its text version (plus the web
 * publication date from 发布时间), and its text holds no furniture. */
static void check_page(const char *name)
{
    char path[1024];
    size_t len;
    char *html = fixture(name, &len), *t;
    wp_plan *h, *f, *txt;
    wp_import_options o = WP_IMPORT_OPTIONS_INIT;
    static const char *const furniture[] = {
        "首页", "科学普及 学会", "您现在的位置", "搜索", "分享到", "微博", "温馨提示", "浏览器",
        "相关阅读", "版权所有", "ICP", "统计代码", "_hmt", "console", "font-size", "通知公告_"};
    o.keep_spans = false; /* spans point into different texts */
    OK(wp_import_html(&h, NULL, html, len, &o));
    snprintf(path, sizeof path, "%s/%s", fixtures, name);
    OK(wp_import_file(&f, NULL, path, &o)); /* detected by content */
    snprintf(path, sizeof path, "%s/plan.txt", fixtures);
    OK(wp_import_file(&txt, NULL, path, &o));
    assert_int_equal(wp_plan_published(h), wp_date_make(2025, 2, 10));
    OK(wp_plan_set_published(txt, wp_plan_published(h)));
    assert_true(wp_plan_equal(h, txt));
    assert_true(wp_plan_equal(f, txt));
    OK(wp__html_text(&t, &len, html, len));
    for (size_t i = 0; i < sizeof furniture / sizeof *furniture; i++)
        if (strstr(t, furniture[i]))
            fail_msg("furniture '%s' in:\n%s", furniture[i], t);
    assert_non_null(strstr(t, "\n2.建设社区科普站点。\n新建站点20个以上。\n")); /* <br> */
    assert_non_null(strstr(t, "\n1.新建基层科协15家，力争年底覆盖全部街道。（牵头单位：组织部）\n"));
    assert_non_null(strstr(t, "不少于100场次")); /* &#x573A; */
    assert_non_null(strstr(t, "\n2\t科普\t开展科普大篷车巡展\t科普部\t\t2025年10月底\n")); /* rowspan */
    wp_free(t);
    wp_plan_free(h);
    wp_plan_free(f);
    wp_plan_free(txt);
    free(html);
}

static void test_page(void **state)
{
    (void)state;
    check_page("page.html");
}

/* The same page in GBK with <meta charset="gb2312">. */
static void test_gbk_page(void **state)
{
    (void)state;
    check_page("page_gbk.html");
}

static void test_entities_and_blocks(void **state)
{
    char *t;
    (void)state;
    t = page_text("<html><body><h2>标题&nbsp;一</h2><div>甲 &amp; 乙 &lt;丙&gt; &ldquo;丁&rdquo;</div>"
                  "<ul><li>一项</li><li>二项</li></ul><p>  多个   空格\n换行 </p>"
                  "<pre>行一\n行二</pre><p>&#x4E2D;&#25991;</p></body></html>");
    assert_string_equal(t, "标题 一\n甲 & 乙 <丙> “丁”\n一项\n二项\n多个 空格 换行\n行一\n行二\n中文\n");
    wp_free(t);
    /* a page re-saved as UTF-8 that still says gb2312; spaces between
     * inline elements kept */
    t = page_text("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                  "charset=gb2312\"></head><body><p>中文 <b>A</b> <i>B</i></p></body></html>");
    assert_string_equal(t, "中文 A B\n");
    wp_free(t);
}

/* A layout table (with a nested table) is read as blocks; a data table's
 * colspan keeps the columns. */
static void test_tables(void **state)
{
    char *t;
    (void)state;
    t = page_text("<body><table><tr><td><table><tr><td>菜单</td></tr></table></td>"
                  "<td><p>一、正文</p><p>二、更多</p></td></tr></table></body>");
    assert_string_equal(t, "菜单\n一、正文\n二、更多\n");
    wp_free(t);
    t = page_text("<body><table><thead><tr><th colspan=\"2\">合并</th><th>丙</th></tr></thead>"
                  "<tbody><tr><td>1</td><td>a\tb</td><td>c<br>d</td></tr></tbody></table></body>");
    assert_string_equal(t, "合并\t\t丙\n1\ta b\tc d\n");
    wp_free(t);
}

/* Furniture by element, by class/id token, and 温馨提示 boxes; article
 * headers (class "article-header") are kept. */
static void test_furniture(void **state)
{
    char *t;
    (void)state;
    t = page_text("<body><header>站名</header><nav>导航</nav><div id=\"top\">顶栏</div>"
                  "<div class=\"article-header\"><h1>一、保留</h1></div><aside>边栏</aside>"
                  "<div class=\"sidebar\">侧栏</div><div class=\"bdsharebuttonbox\">分享</div>"
                  "<div class=\"box\"><p>温馨提示：请勿转载</p><p>随后</p></div>"
                  "<form>搜索</form><noscript>无脚本</noscript><iframe>框</iframe>"
                  "<footer>页脚</footer><div class=\"foot\">底部</div><p>二、也保留</p></body>");
    assert_string_equal(t, "一、保留\n二、也保留\n");
    wp_free(t);
}

/* Text that is HTML is read as HTML by wp_import_file, never as prose. */
static void test_detected(void **state)
{
    const char *frag = "<p>示例区科协2026年工作要点</p><p>一、加强科普</p><p>1.举办讲座10场。</p>";
    wp_plan *p;
    (void)state;
    assert_int_equal(wp__sniff(frag, strlen(frag)), WP__FMT_HTML);
    OK(wp__import_any(&p, NULL, frag, strlen(frag), NULL, NULL));
    assert_string_equal(wp_plan_title(p), "示例区科协2026年工作要点");
    assert_null(strchr(wp_plan_title(p), '<'));
    wp_plan_free(p);
    /* wp_import_text too: text that is HTML is read as a page, never as
     * prose with tags (the title was "<p>示例区…"). */
    OK(wp_import_text(&p, NULL, frag, strlen(frag), NULL));
    assert_string_equal(wp_plan_title(p), "示例区科协2026年工作要点");
    assert_int_equal(wp_plan_node_count(p), 2);
    wp_plan_free(p);
}

/* Deep nesting and an empty page: an error, never a crash. */
static void test_limits(void **state)
{
    size_t cap = 3000 * 12 + 64, pos = 0;
    char *deep = malloc(cap);
    wp_plan *p = NULL;
    int rc;
    (void)state;
    assert_non_null(deep);
    pos += (size_t)snprintf(deep, cap, "<html><body>");
    for (int i = 0; i < 3000; i++)
        pos += (size_t)snprintf(deep + pos, cap - pos, "<div><span>");
    snprintf(deep + pos, cap - pos, "一、深");
    rc = wp_import_html(&p, NULL, deep, strlen(deep), NULL);
    assert_true(rc == 0 || rc == WP_ELIMIT || rc == WP_EFORMAT);
    wp_plan_free(p);
    free(deep);
    FAILS(WP_EFORMAT, wp_import_html(&p, NULL, "<html><script>x</script></html>", 31, NULL));
}

/* A paragraph longer than WP_LIMIT_LINE_BYTES: WP_ELIMIT naming its line
 * of the page's text (issue 10); one of exactly the limit is read. */
static void test_line_limit(void **state)
{
    static const char head[] = "<html><body><p>工作要点</p><p>", tail[] = "</p></body></html>";
    size_t cap = sizeof head + WP_LIMIT_LINE_BYTES + sizeof tail + 8, len;
    char *page = malloc(cap);
    wp_plan *p = NULL;
    (void)state;
    assert_non_null(page);
    for (size_t extra = 1; extra <= 1; extra--) { /* one byte over, then exactly */
        len = (size_t)snprintf(page, cap, "%s", head);
        memset(page + len, 'a', WP_LIMIT_LINE_BYTES + extra);
        len += WP_LIMIT_LINE_BYTES + extra;
        len += (size_t)snprintf(page + len, cap - len, "%s", tail);
        if (extra == 1) {
            assert_int_equal(wp_import_html(&p, NULL, page, len, NULL), WP_ELIMIT);
            assert_null(p);
            assert_true(wp_error_last()->line >= 2);
            assert_non_null(strstr(wp_error_last()->message, "WP_LIMIT_LINE_BYTES"));
        } else {
            OK(wp_import_html(&p, NULL, page, len, NULL));
            wp_plan_free(p);
            p = NULL;
        }
    }
    free(page);
}

static char *sweep_page;

static int sweep_html(void)
{
    char *t = NULL;
    size_t len;
    int rc = wp__html_text(&t, &len, sweep_page, strlen(sweep_page));
    wp_free(t);
    return rc;
}

static void test_alloc_failures(void **state)
{
    size_t len;
    (void)state;
    sweep_page = fixture("page.html", &len);
    assert_true(alloc_sweep(sweep_html, "html") > 10);
    free(sweep_page);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),         cmocka_unit_test(test_gbk_page),
        cmocka_unit_test(test_entities_and_blocks), cmocka_unit_test(test_tables),
        cmocka_unit_test(test_furniture),    cmocka_unit_test(test_detected),
        cmocka_unit_test(test_limits),       cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_line_limit),
    };
    fixtures = argc > 1 ? argv[1] : "tests/data/formats";
    return cmocka_run_group_tests(tests, NULL, NULL);
}
