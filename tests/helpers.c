#include "helpers.h"

#include <math.h>
#include <stdlib.h>

#define TRY(call)                                                              \
    do {                                                                       \
        int try_rc_ = (call);                                                  \
        if (try_rc_ < 0) {                                                     \
            wp_plan_free(plan);                                                \
            return try_rc_;                                                    \
        }                                                                      \
    } while (0)

int build_rich_plan(wp_plan **out)
{
    wp_plan *plan = NULL;
    wp_node *sec, *sub, *pt, *item, *t1, *t2, *para, *att, *row;
    wp_unit *office, *science, *youth;
    wp_indicator *i1, *i2;
    wp_report *r1, *r2;
    wp_doc_number num = {"渝科协发〔2024〕17号", "渝科协发", 2024, 17};
    wp_doc_number ref = {"渝科协党组发〔2023〕29号", "渝科协党组发", 2023, 29};
    wp_deadline dl = {"力争2024年底", 0, 20241231, WP_PRECISION_YEAR, true};
    wp_deadline half = {"上半年", 20240101, 20240630, WP_PRECISION_HALF, false};

    *out = NULL;
    TRY(wp_plan_new(&plan));
    TRY(wp_plan_set_id(plan, "cq-2024-17"));
    TRY(wp_plan_set_kind(plan, WP_PLAN_WORK_PLAN));
    TRY(wp_plan_set_title(plan, "市科协2024年工作要点"));
    TRY(wp_plan_set_issuer(plan, "重庆市科学技术协会"));
    TRY(wp_plan_set_publisher(plan, "重庆市科协办公室"));
    TRY(wp_plan_set_doc_number(plan, &num));
    TRY(wp_plan_set_issued(plan, 20240326));
    TRY(wp_plan_set_published(plan, 20240327));
    TRY(wp_plan_set_year(plan, 2024));
    TRY(wp_plan_set_script(plan, "zh-Hans"));
    TRY(wp_plan_set_preamble(plan, "2024年是关键之年。"));
    TRY(wp_plan_add_recipient(plan, "各区县科协"));
    TRY(wp_plan_add_recipient(plan, "各市级学会"));
    TRY(wp_plan_add_reference(plan, "关于奋力打造品牌的意见", &ref));
    TRY(wp_plan_add_reference(plan, "某规划", NULL));
    TRY(wp_plan_add_attachment(plan, "重点任务分工表"));
    TRY(wp_attrs_set_text(wp_plan_attrs(plan), "oa.folder", "2024/要点"));
    TRY(wp_attrs_set_int(wp_plan_attrs(plan), "oa.rev", 7));

    TRY(wp_unit_add(&office, plan, "办公室", NULL));
    TRY(wp_unit_add(&science, plan, "科普部", "sci"));
    TRY(wp_unit_add(&youth, plan, "青少年科技中心", NULL));
    TRY(wp_unit_add_alias(science, "市科协科普部"));

    TRY(wp_node_new(&sec, plan, WP_NODE_SECTION));
    TRY(wp_node_set_label(sec, "一"));
    TRY(wp_node_set_number(sec, 1));
    TRY(wp_node_set_title(sec, "提升党建统领质效"));
    TRY(wp_plan_append_node(plan, sec));
    TRY(wp_node_new(&sub, plan, WP_NODE_SUBSECTION));
    TRY(wp_node_set_label(sub, "（一）"));
    TRY(wp_node_set_number(sub, 1));
    TRY(wp_node_append_child(sec, sub));
    TRY(wp_node_new(&pt, plan, WP_NODE_POINT));
    TRY(wp_node_set_label(pt, "1"));
    TRY(wp_node_set_number(pt, 1));
    TRY(wp_node_set_title(pt, "筑牢政治忠诚"));
    TRY(wp_node_set_text(pt, "筑牢政治忠诚。健全机制。"));
    TRY(wp_node_set_source(pt, 120, 60));
    TRY(wp_node_append_child(sub, pt));
    TRY(wp_node_new(&item, plan, WP_NODE_ITEM));
    TRY(wp_node_set_label(item, "（1）"));
    TRY(wp_node_set_number(item, 1));
    TRY(wp_node_append_child(pt, item));

    TRY(wp_node_new(&t1, plan, WP_NODE_TASK));
    TRY(wp_node_set_text(t1, "新建院士工作站2家以上，比例超过80%"));
    TRY(wp_node_set_status(t1, WP_STATUS_IN_PROGRESS));
    TRY(wp_node_set_deadline(t1, &dl));
    TRY(wp_node_assign(t1, science, WP_ROLE_LEAD, "张三"));
    TRY(wp_node_assign(t1, office, WP_ROLE_SUPPORT, NULL));
    TRY(wp_node_add_indicator(&i1, t1, "新建院士工作站2家以上"));
    TRY(wp_indicator_set_subject(i1, "院士工作站"));
    TRY(wp_indicator_set_op(i1, WP_OP_GE));
    TRY(wp_indicator_set_value(i1, 2));
    TRY(wp_indicator_set_unit(i1, "家"));
    TRY(wp_indicator_set_aspirational(i1, true));
    TRY(wp_node_add_indicator(&i2, t1, "比例超过80%"));
    TRY(wp_indicator_set_op(i2, WP_OP_GT));
    TRY(wp_indicator_set_value(i2, 80));
    TRY(wp_indicator_set_unit(i2, "%"));
    TRY(wp_indicator_set_cumulative(i2, false));
    TRY(wp_indicator_set_baseline(i2, 72.5));
    TRY(wp_node_add_report(&r1, t1, 20240630));
    TRY(wp_report_set_by(r1, science));
    TRY(wp_report_set_text(r1, "已建1家"));
    TRY(wp_report_set_percent(r1, 50));
    TRY(wp_report_set_state(r1, WP_REPORT_APPROVED));
    TRY(wp_report_set_actual(r1, i1, 1));
    TRY(wp_report_set_actual(r1, i2, 78));
    TRY(wp_node_add_report(&r2, t1, 20240930));
    TRY(wp_report_set_state(r2, WP_REPORT_SUBMITTED));
    TRY(wp_report_set_actual(r2, i2, 81));
    TRY(wp_attrs_set_bool(wp_node_attrs(t1), "key", true));
    TRY(wp_attrs_set_float(wp_node_attrs(t1), "weight", 0.25));
    TRY(wp_node_append_child(item, t1));

    TRY(wp_node_new(&t2, plan, WP_NODE_TASK));
    TRY(wp_node_set_text(t2, "上半年召开全委会"));
    TRY(wp_node_set_deadline(t2, &half));
    TRY(wp_node_assign(t2, office, WP_ROLE_RESPONSIBLE, NULL));
    TRY(wp_node_append_child(pt, t2));

    TRY(wp_node_new(&para, plan, WP_NODE_PARAGRAPH));
    TRY(wp_node_set_text(para, "总体要求：坚持稳中求进。"));
    TRY(wp_plan_prepend_node(plan, para));

    TRY(wp_node_new(&att, plan, WP_NODE_ATTACHMENT));
    TRY(wp_node_set_title(att, "重点任务分工表"));
    TRY(wp_plan_append_node(plan, att));
    TRY(wp_node_new(&row, plan, WP_NODE_TASK));
    TRY(wp_node_set_category(row, "理论宣传"));
    TRY(wp_node_set_text(row, "开展宣讲"));
    TRY(wp_node_assign(row, youth, WP_ROLE_LEAD, NULL));
    TRY(wp_node_append_child(att, row));

    TRY(wp_plan_assign_ids(plan));
    *out = plan;
    return 0;
}

static void *c_malloc(size_t size, void *ctx)
{
    counting_alloc *s = ctx;
    void *p;
    if (s->calls++ == s->fail_at)
        return NULL;
    p = malloc(size);
    if (p)
        s->live++;
    return p;
}

static void *c_realloc(void *ptr, size_t size, void *ctx)
{
    counting_alloc *s = ctx;
    void *p;
    if (s->calls++ == s->fail_at)
        return NULL;
    p = realloc(ptr, size);
    if (p && !ptr)
        s->live++;
    return p;
}

static void c_free(void *ptr, void *ctx)
{
    counting_alloc *s = ctx;
    if (ptr)
        s->live--;
    free(ptr);
}

void counting_alloc_install(counting_alloc *state)
{
    wp_allocator a = {c_malloc, c_realloc, c_free, state};
    wp_set_allocator(&a);
}

void counting_alloc_remove(void) { wp_set_allocator(NULL); }
