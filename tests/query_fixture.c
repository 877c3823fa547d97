#include "query_fixture.h"
#include "helpers.h"

#include <string.h>

#define TRY(call)                 \
    do {                          \
        if ((rc = (call)) != 0)   \
            goto fail;            \
    } while (0)

static int add(wp_node **out, wp_plan *plan, wp_node *parent, wp_node_kind kind,
               const char *id, const char *title, const char *text)
{
    int rc;
    if ((rc = wp_node_new(out, plan, kind)) != 0)
        return rc;
    if ((rc = wp_node_set_id(*out, id)) != 0)
        return rc;
    if (title != NULL && (rc = wp_node_set_title(*out, title)) != 0)
        return rc;
    if (text != NULL && (rc = wp_node_set_text(*out, text)) != 0)
        return rc;
    return parent != NULL ? wp_node_append_child(parent, *out) : wp_plan_append_node(plan, *out);
}

static int due(wp_node *node, int y, int m, int d, wp_precision prec)
{
    wp_deadline dl = {NULL, 0, wp_date_make(y, m, d), prec, false};
    return wp_node_set_deadline(node, &dl);
}

static int indicator(wp_node *node, const char *text, wp_op op, double value,
                     const char *unit)
{
    wp_indicator *ind;
    int rc;
    if ((rc = wp_node_add_indicator(&ind, node, text)) != 0)
        return rc;
    if ((rc = wp_indicator_set_op(ind, op)) != 0)
        return rc;
    if ((rc = wp_indicator_set_value(ind, value)) != 0)
        return rc;
    return wp_indicator_set_unit(ind, unit);
}

int fixture_plan(wp_plan **out)
{
    wp_plan *p;
    wp_unit *office, *xc, *kp, *xh;
    wp_node *s1, *s11, *p111, *t1, *t2, *s2, *p21, *t21, *para;
    int rc;
    if ((rc = wp_plan_new(&p)) != 0)
        return rc;
    TRY(wp_plan_set_id(p, "fixture-2024"));
    TRY(wp_plan_set_year(p, 2024));
    TRY(wp_unit_add(&office, p, "办公室", NULL));
    TRY(wp_unit_add(&xc, p, "宣传文化部", "u-xc"));
    TRY(wp_unit_add(&kp, p, "科普部", NULL));
    TRY(wp_unit_add(&xh, p, "学会部", NULL));
    TRY(wp_unit_add_alias(xh, "市学会部"));

    TRY(add(&s1, p, NULL, WP_NODE_SECTION, "1", "加强思想引领", NULL));
    TRY(wp_node_assign(s1, office, WP_ROLE_LEAD, NULL));
    TRY(add(&s11, p, s1, WP_NODE_SUBSECTION, "1.1", NULL, NULL));
    TRY(add(&p111, p, s11, WP_NODE_POINT, "1.1.1", "开展科普宣讲",
            "全年开展科学家精神宣讲活动不少于100场次"));
    TRY(wp_node_assign(p111, xc, WP_ROLE_LEAD, NULL));
    TRY(wp_node_assign(p111, office, WP_ROLE_SUPPORT, NULL));
    TRY(indicator(p111, "不少于100场次", WP_OP_GE, 100, "场次"));
    TRY(due(p111, 2024, 12, 31, WP_PRECISION_YEAR));
    TRY(wp_node_set_status(p111, WP_STATUS_IN_PROGRESS));
    TRY(wp_attrs_set_bool(wp_node_attrs(p111), "key", true));
    TRY(add(&t1, p, p111, WP_NODE_TASK, "1.1.1.t1", NULL, "建设科普基地2家以上"));
    TRY(indicator(t1, "2家以上", WP_OP_GE, 2, "家"));
    TRY(due(t1, 2024, 6, 30, WP_PRECISION_MONTH));
    TRY(wp_node_assign(t1, kp, WP_ROLE_LEAD, NULL));
    TRY(wp_node_set_category(t1, "科普"));
    TRY(add(&t2, p, p111, WP_NODE_TASK, "1.1.1.t2", NULL, "完成ＡＢＣ项目"));
    TRY(wp_node_set_status(t2, WP_STATUS_DONE));
    TRY(due(t2, 2024, 3, 31, WP_PRECISION_MONTH));

    TRY(add(&s2, p, NULL, WP_NODE_SECTION, "2", "深化改革", NULL));
    TRY(add(&p21, p, s2, WP_NODE_POINT, "2.1", NULL, "学会覆盖比例超过80%"));
    TRY(indicator(p21, "超过80%", WP_OP_GT, 80, "%"));
    TRY(wp_node_assign(p21, xh, WP_ROLE_RESPONSIBLE, NULL));
    TRY(due(p21, 2024, 9, 30, WP_PRECISION_QUARTER));
    TRY(wp_attrs_set_int(wp_node_attrs(p21), "weight", 3));
    TRY(wp_attrs_set_text(wp_node_attrs(p21), "level", "市级"));
    TRY(add(&t21, p, p21, WP_NODE_TASK, "2.1.t1", NULL, "推進學會改革"));
    TRY(wp_node_assign(t21, xh, WP_ROLE_LEAD, NULL));
    TRY(add(&para, p, s2, WP_NODE_PARAGRAPH, "2.2", NULL, "总体要求"));
    *out = p;
    return 0;
fail:
    wp_plan_free(p);
    return rc;
}

int fixture_setup(void **state)
{
    wp_plan *plan;
    if (fixture_plan(&plan) != 0)
        return -1;
    *state = plan;
    return 0;
}

int fixture_teardown(void **state)
{
    wp_plan_free(*state);
    return 0;
}

static char ids[1024];

static int collect_id(wp_node *node, void *payload)
{
    (void)payload;
    if (ids[0] != '\0')
        strcat(ids, " ");
    strcat(ids, wp_node_id(node));
    return 0;
}

const char *fixture_ids(const wp_query *q, wp_plan *plan)
{
    ids[0] = '\0';
    OK(wp_query_foreach(q, plan, collect_id, NULL));
    return ids;
}
