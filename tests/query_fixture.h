/* A small plan for the query and roll-up suites:
 *
 *   1        section 加强思想引领            办公室 lead
 *   1.1      subsection
 *   1.1.1    point 开展科普宣讲 (≥100 场次)  宣传文化部 lead, 办公室 support;
 *            due 2024-12-31, in progress, attr key=true
 *   1.1.1.t1 task 建设科普基地2家以上 (≥2 家) 科普部 lead; due 2024-06-30; category 科普
 *   1.1.1.t2 task 完成ＡＢＣ项目            done; due 2024-03-31
 *   2        section 深化改革
 *   2.1      point 学会覆盖比例超过80% (>80 %) 学会部 responsible; due 2024-09-30;
 *            attrs weight=3, level=市级
 *   2.1.t1   task 推進學會改革               学会部 lead
 *   2.2      paragraph
 *
 * Units: 办公室, 宣传文化部 (id u-xc), 科普部, 学会部 (alias 市学会部).
 */
#ifndef WP_QUERY_FIXTURE_H
#define WP_QUERY_FIXTURE_H

#include <workplan/workplan.h>

int fixture_plan(wp_plan **out);

/* cmocka group setup / teardown: *state = a fresh fixture plan, freed after. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* The ids of the nodes `q` matches in `plan`, space-separated, in the order
 * returned (a static buffer, overwritten by the next call; fails the test on
 * an error). */
const char *fixture_ids(const wp_query *q, wp_plan *plan);

#endif
