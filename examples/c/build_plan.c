/*
 * Build a small work plan in memory and print it as an indented tree.
 *
 * It shows the core API: plan metadata, a section with a point, two tasks
 * with an indicator, a deadline and lead/support assignments, a progress
 * report, and a depth-first walk with the iterator.
 */
#include <workplan/workplan.h>

#include <math.h>
#include <stdio.h>

#define TRY(call)                                                              \
    do {                                                                       \
        if ((call) < 0) {                                                      \
            const wp_error *e = wp_error_last();                              \
            fprintf(stderr, "build_plan: %s: %s\n", wp_error_code_name(e->code), \
                    e->message);                                               \
            wp_plan_free(plan);                                                \
            return 1;                                                          \
        }                                                                      \
    } while (0)

static void print_node(const wp_node *n, int depth)
{
    const wp_deadline *d = wp_node_deadline(n);
    printf("%*s%s %s%s%s\n", 2 * depth, "", wp_node_kind_name(wp_node_kind_of(n)),
           wp_node_id(n) ? wp_node_id(n) : "-", wp_node_title(n) ? " " : "",
           wp_node_title(n) ? wp_node_title(n) : "");
    if (wp_node_text(n))
        printf("%*s  text: %s\n", 2 * depth, "", wp_node_text(n));
    for (size_t i = 0; i < wp_node_assignment_count(n); i++)
        printf("%*s  %s: %s\n", 2 * depth, "", wp_role_name(wp_node_assignment_role(n, i)),
               wp_unit_name(wp_node_assignment_unit(n, i)));
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        const wp_indicator *ind = wp_node_indicator(n, i);
        double actual = wp_indicator_actual(ind);
        printf("%*s  indicator: %s %s %g %s", 2 * depth, "", wp_indicator_subject(ind),
               wp_op_name(wp_indicator_op(ind)), wp_indicator_value(ind), wp_indicator_unit(ind));
        if (!isnan(actual))
            printf(" (actual %g)", actual);
        printf("\n");
    }
    if (d != NULL) {
        char end[11];
        wp_date_format(end, sizeof end, d->end);
        printf("%*s  deadline: %s (%s, %s)\n", 2 * depth, "", d->text ? d->text : "", end,
               wp_precision_name(d->precision));
    }
}

int main(void)
{
    wp_plan *plan = NULL;
    wp_node *section, *point, *task1, *task2;
    wp_unit *office, *science;
    wp_indicator *ind;
    wp_report *report;
    wp_iter *it;
    wp_event ev;
    wp_doc_number number = {"示例科协发〔2025〕3号", "示例科协发", 2025, 3};
    wp_deadline by_june = {"6月底前", WP_DATE_NONE, wp_date_make(2025, 6, 30),
                           WP_PRECISION_MONTH, false};

    TRY(wp_plan_new(&plan));
    TRY(wp_plan_set_title(plan, "示例市科协2025年工作要点"));
    TRY(wp_plan_set_kind(plan, WP_PLAN_WORK_PLAN));
    TRY(wp_plan_set_issuer(plan, "示例市科学技术协会"));
    TRY(wp_plan_set_year(plan, 2025));
    TRY(wp_plan_set_issued(plan, wp_date_make(2025, 3, 10)));
    TRY(wp_plan_set_doc_number(plan, &number));
    TRY(wp_plan_add_recipient(plan, "各区县科协"));

    TRY(wp_unit_add(&office, plan, "办公室", NULL));
    TRY(wp_unit_add(&science, plan, "科普部", NULL));
    TRY(wp_unit_add_alias(science, "市科协科普部"));

    TRY(wp_node_new(&section, plan, WP_NODE_SECTION));
    TRY(wp_node_set_label(section, "一"));
    TRY(wp_node_set_number(section, 1));
    TRY(wp_node_set_title(section, "提升科普服务能力"));
    TRY(wp_plan_append_node(plan, section));

    TRY(wp_node_new(&point, plan, WP_NODE_POINT));
    TRY(wp_node_set_label(point, "1"));
    TRY(wp_node_set_number(point, 1));
    TRY(wp_node_set_title(point, "办好科普活动"));
    TRY(wp_node_append_child(section, point));

    TRY(wp_node_new(&task1, plan, WP_NODE_TASK));
    TRY(wp_node_set_text(task1, "全年开展科学家精神宣讲活动不少于100场次"));
    TRY(wp_node_append_child(point, task1));
    TRY(wp_node_add_indicator(&ind, task1, "全年开展科学家精神宣讲活动不少于100场次"));
    TRY(wp_indicator_set_subject(ind, "科学家精神宣讲活动"));
    TRY(wp_indicator_set_op(ind, WP_OP_GE));
    TRY(wp_indicator_set_value(ind, 100));
    TRY(wp_indicator_set_unit(ind, "场次"));
    TRY(wp_node_assign(task1, science, WP_ROLE_LEAD, NULL));
    TRY(wp_node_assign(task1, office, WP_ROLE_SUPPORT, NULL));
    TRY(wp_node_add_report(&report, task1, wp_date_make(2025, 6, 30)));
    TRY(wp_report_set_actual(report, ind, 46));
    TRY(wp_report_set_state(report, WP_REPORT_APPROVED));

    TRY(wp_node_new(&task2, plan, WP_NODE_TASK));
    TRY(wp_node_set_text(task2, "6月底前完成科普基地复核"));
    TRY(wp_node_set_deadline(task2, &by_june));
    TRY(wp_node_assign(task2, science, WP_ROLE_RESPONSIBLE, NULL));
    TRY(wp_node_insert_after(task1, task2));

    TRY(wp_plan_assign_ids(plan));

    printf("%s (%s, %d)\n", wp_plan_title(plan), wp_plan_doc_number(plan)->text,
           wp_plan_year(plan));
    TRY(wp_iter_new(&it, plan));
    while ((ev = wp_iter_next(it)) != WP_EVENT_DONE)
        if (ev == WP_EVENT_ENTER)
            print_node(wp_iter_node(it), wp_node_depth(wp_iter_node(it)) - 1);
    wp_iter_free(it);
    wp_plan_free(plan);
    return 0;
}
