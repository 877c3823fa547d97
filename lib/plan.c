/* Plans: creation, metadata and the lists of the document's front matter. */
#include "internal.h"
#include "index.h"

#include <string.h>

_Atomic uint64_t wp__edits;

#define CHECK_PLAN(plan)                                                       \
    do {                                                                       \
        if ((plan) == NULL)                                                    \
            return wp__err(WP_EINVAL, "%s: plan is NULL", __func__);           \
    } while (0)

static const char default_script[] = "zh-Hans";

int wp_plan_new(wp_plan **out)
{
    wp_plan *plan;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_plan_new: out is NULL");
    *out = NULL;
    plan = wp__malloc(sizeof *plan);
    if (plan == NULL)
        return wp__err_nomem();
    memset(plan, 0, sizeof *plan);
    plan->kind = WP_PLAN_OTHER;
    plan->root.plan = plan;
    plan->root.kind = WP__NODE_ROOT;
    plan->root.self = WP__ROOT_LINK;
    plan->next_unit_serial = 1;
    if (pthread_mutex_init(&plan->index_lock, NULL) != 0) {
        wp__free(plan);
        return wp__err(WP_ERROR, "wp_plan_new: cannot create the index lock");
    }
    if (pthread_mutex_init(&plan->ids_lock, NULL) != 0) {
        pthread_mutex_destroy(&plan->index_lock);
        wp__free(plan);
        return wp__err(WP_ERROR, "wp_plan_new: cannot create the id lock");
    }
    *out = plan;
    return 0;
}

void wp_plan_free(wp_plan *plan)
{
    if (plan == NULL)
        return;
    wp__hashmap_free(&plan->unit_names);
    wp__hashmap_free(&plan->unit_ids);
    wp__hashmap_free(&plan->node_ids);
    wp__free(plan->all_nodes.items);
    wp__index_free(plan->index);
    pthread_mutex_destroy(&plan->index_lock);
    pthread_mutex_destroy(&plan->ids_lock);
    wp__arena_release(&plan->arena);
    wp__free(plan);
}

/* ---- text fields ---------------------------------------------------------- */

#define TEXT_FIELD(field)                                                      \
    const char *wp_plan_##field(const wp_plan *plan)                           \
    {                                                                          \
        return plan ? plan->field : NULL;                                      \
    }                                                                          \
    int wp_plan_set_##field(wp_plan *plan, const char *value)                  \
    {                                                                          \
        CHECK_PLAN(plan);                                                      \
        return wp__set_text(plan, &plan->field, value, "plan " #field);        \
    }

TEXT_FIELD(id)
TEXT_FIELD(title)
TEXT_FIELD(issuer)
TEXT_FIELD(publisher)
TEXT_FIELD(preamble)

const char *wp_plan_script(const wp_plan *plan)
{
    if (plan == NULL)
        return NULL;
    return plan->script ? plan->script : default_script;
}

int wp_plan_set_script(wp_plan *plan, const char *script)
{
    CHECK_PLAN(plan);
    if (script != NULL && script[0] == '\0')
        return wp__err(WP_EINVAL, "plan script: empty language tag");
    return wp__set_text(plan, &plan->script, script, "plan script");
}

/* ---- scalars --------------------------------------------------------------- */

wp_plan_kind wp_plan_kind_of(const wp_plan *plan) { return plan ? plan->kind : WP_PLAN_OTHER; }

int wp_plan_set_kind(wp_plan *plan, wp_plan_kind kind)
{
    CHECK_PLAN(plan);
    if (wp_plan_kind_name(kind) == NULL)
        return wp__err(WP_EINVAL, "plan kind %d out of range", (int)kind);
    plan->kind = kind;
    wp__touch(plan);
    return 0;
}

int wp_plan_year(const wp_plan *plan) { return plan ? plan->year : 0; }

int wp_plan_set_year(wp_plan *plan, int year)
{
    CHECK_PLAN(plan);
    if (year < 0 || year > 9999)
        return wp__err(WP_EINVAL, "plan year %d out of range 1..9999", year);
    plan->year = year;
    wp__touch(plan);
    return 0;
}

static int set_date(wp_plan *plan, wp_date *field, wp_date date, const char *what)
{
    CHECK_PLAN(plan);
    if (date != WP_DATE_NONE && !wp_date_valid(date))
        return wp__err(WP_EINVAL, "plan %s: %ld is not a valid date", what, (long)date);
    *field = date;
    wp__touch(plan);
    return 0;
}

wp_date wp_plan_issued(const wp_plan *plan) { return plan ? plan->issued : WP_DATE_NONE; }
int wp_plan_set_issued(wp_plan *plan, wp_date date)
{
    return set_date(plan, plan ? &plan->issued : NULL, date, "issued");
}
wp_date wp_plan_published(const wp_plan *plan) { return plan ? plan->published : WP_DATE_NONE; }
int wp_plan_set_published(wp_plan *plan, wp_date date)
{
    return set_date(plan, plan ? &plan->published : NULL, date, "published");
}

/* ---- document numbers ----------------------------------------------------- */

int wp__copy_doc_number(wp__arena *arena, wp_doc_number *dst, const wp_doc_number *src)
{
    wp_doc_number n = {NULL, NULL, src->year, src->serial};
    if (src->text == NULL || src->text[0] == '\0')
        return wp__err(WP_EINVAL, "doc number: text is required");
    if (src->year < 0 || src->year > 9999 || src->serial < 0)
        return wp__err(WP_EINVAL, "doc number: year %d or serial %d out of range", src->year,
                       src->serial);
    if (wp__check_utf8(src->text, strlen(src->text), "doc number text") < 0 ||
        (src->prefix && wp__check_utf8(src->prefix, strlen(src->prefix), "doc number prefix") < 0))
        return WP_EUTF8;
    n.text = wp__arena_strdup(arena, src->text);
    n.prefix = src->prefix ? wp__arena_strdup(arena, src->prefix) : NULL;
    if (n.text == NULL || (src->prefix && n.prefix == NULL))
        return wp__err_nomem();
    *dst = n;
    return 0;
}

const wp_doc_number *wp_plan_doc_number(const wp_plan *plan)
{
    return plan && plan->has_doc_number ? &plan->doc_number : NULL;
}

int wp_plan_set_doc_number(wp_plan *plan, const wp_doc_number *number)
{
    CHECK_PLAN(plan);
    if (number == NULL) {
        plan->has_doc_number = false;
    } else {
        int rc = wp__copy_doc_number(&plan->arena, &plan->doc_number, number);
        if (rc < 0)
            return rc;
        plan->has_doc_number = true;
    }
    wp__touch(plan);
    return 0;
}

/* ---- lists ------------------------------------------------------------------ */

static int remove_at(wp_plan *plan, wp__ptrvec *v, size_t index, const char *what)
{
    CHECK_PLAN(plan);
    if (index >= v->n)
        return wp__err(WP_EINVAL, "%s %zu out of range (count %u)", what, index, v->n);
    wp__ptrvec_remove(v, index);
    wp__touch(plan);
    return 0;
}

static int push_text(wp_plan *plan, wp__ptrvec *v, const char *text, const char *what)
{
    char *copy = NULL;
    int rc;
    CHECK_PLAN(plan);
    if (text == NULL || text[0] == '\0')
        return wp__err(WP_EINVAL, "%s: text is required", what);
    if ((rc = wp__set_text(plan, &copy, text, what)) < 0)
        return rc;
    if ((rc = wp__ptrvec_push(&plan->arena, v, copy)) < 0)
        return rc;
    return 0;
}

size_t wp_plan_recipient_count(const wp_plan *plan) { return plan ? plan->recipients.n : 0; }
const char *wp_plan_recipient(const wp_plan *plan, size_t index)
{
    return plan && index < plan->recipients.n ? plan->recipients.items[index] : NULL;
}
int wp_plan_add_recipient(wp_plan *plan, const char *recipient)
{
    return push_text(plan, plan ? &plan->recipients : NULL, recipient, "recipient");
}
int wp_plan_remove_recipient(wp_plan *plan, size_t index)
{
    return remove_at(plan, plan ? &plan->recipients : NULL, index, "recipient");
}

size_t wp_plan_attachment_count(const wp_plan *plan) { return plan ? plan->attachments.n : 0; }
const char *wp_plan_attachment_title(const wp_plan *plan, size_t index)
{
    return plan && index < plan->attachments.n
               ? ((const wp__attachment *)plan->attachments.items[index])->title
               : NULL;
}
int wp_plan_add_attachment(wp_plan *plan, const char *title)
{
    wp__attachment *a;
    int rc;
    CHECK_PLAN(plan);
    if (title == NULL || title[0] == '\0')
        return wp__err(WP_EINVAL, "attachment title: text is required");
    if ((a = wp__arena_alloc(&plan->arena, sizeof *a)) == NULL)
        return wp__err_nomem();
    if ((rc = wp__set_text(plan, &a->title, title, "attachment title")) < 0)
        return rc;
    return wp__ptrvec_push(&plan->arena, &plan->attachments, a);
}
int wp_plan_remove_attachment(wp_plan *plan, size_t index)
{
    return remove_at(plan, plan ? &plan->attachments : NULL, index, "attachment");
}

static const wp__reference *reference_at(const wp_plan *plan, size_t index)
{
    return plan && index < plan->references.n ? plan->references.items[index] : NULL;
}

size_t wp_plan_reference_count(const wp_plan *plan) { return plan ? plan->references.n : 0; }
const char *wp_plan_reference_title(const wp_plan *plan, size_t index)
{
    const wp__reference *r = reference_at(plan, index);
    return r ? r->title : NULL;
}
const wp_doc_number *wp_plan_reference_doc_number(const wp_plan *plan, size_t index)
{
    const wp__reference *r = reference_at(plan, index);
    return r && r->has_number ? &r->number : NULL;
}

int wp_plan_add_reference(wp_plan *plan, const char *title, const wp_doc_number *number)
{
    wp__reference *r;
    int rc;
    CHECK_PLAN(plan);
    if ((title == NULL || title[0] == '\0') && number == NULL)
        return wp__err(WP_EINVAL, "reference: a title or a document number is required");
    r = wp__arena_alloc(&plan->arena, sizeof *r);
    if (r == NULL)
        return wp__err_nomem();
    if (title && title[0] && (rc = wp__set_text(plan, &r->title, title, "reference title")) < 0)
        return rc;
    if (number != NULL) {
        if ((rc = wp__copy_doc_number(&plan->arena, &r->number, number)) < 0)
            return rc;
        r->has_number = true;
    }
    return wp__ptrvec_push(&plan->arena, &plan->references, r);
}

int wp_plan_remove_reference(wp_plan *plan, size_t index)
{
    return remove_at(plan, plan ? &plan->references : NULL, index, "reference");
}

wp_attrs *wp_plan_attrs(wp_plan *plan) { return plan ? wp__node_attrs(&plan->root) : NULL; }

/* ---- body ------------------------------------------------------------------ */

wp_node *wp_plan_first_node(const wp_plan *plan) { return plan ? wp__first(&plan->root) : NULL; }
wp_node *wp_plan_last_node(const wp_plan *plan) { return plan ? wp__last_child(&plan->root) : NULL; }
size_t wp_plan_top_count(const wp_plan *plan) { return plan ? wp_node_child_count(&plan->root) : 0; }

size_t wp_plan_node_count(const wp_plan *plan)
{
    size_t count = 0;
    const wp_node *n;
    if (plan == NULL)
        return 0;
    /* Iterative pre-order walk: no recursion, no allocation. */
    for (n = wp__first(&plan->root); n != NULL; n = wp__walk_next(n, &plan->root))
        count++;
    return count;
}

int wp_plan_append_node(wp_plan *plan, wp_node *node)
{
    CHECK_PLAN(plan);
    return wp_node_append_child(&plan->root, node);
}

int wp_plan_prepend_node(wp_plan *plan, wp_node *node)
{
    CHECK_PLAN(plan);
    return wp_node_prepend_child(&plan->root, node);
}

/* Every live node with an id, dead ones skipped: the invariant that ids are
 * unique among live nodes is kept by wp_node_set_id and the readers. */
static int build_node_ids(wp_plan *plan)
{
    for (uint32_t i = 0; i < plan->all_nodes.n; i++) {
        wp_node *n = plan->all_nodes.items[i];
        if (n->id != NULL && !(n->flags & WP__DEAD) &&
            wp__hashmap_put(&plan->node_ids, n->id, n) < 0) {
            wp__hashmap_free(&plan->node_ids);
            memset(&plan->node_ids, 0, sizeof plan->node_ids);
            return wp__err_nomem();
        }
    }
    return 0;
}

int wp__plan_build_once(const wp_plan *cplan, atomic_bool *built, int (*build)(wp_plan *))
{
    wp_plan *plan = (wp_plan *)cplan; /* the tables are caches: logically const */
    int rc = 0;
    if (atomic_load_explicit(built, memory_order_acquire))
        return 0;
    pthread_mutex_lock(&plan->ids_lock);
    if (!atomic_load_explicit(built, memory_order_relaxed) && (rc = build(plan)) == 0)
        atomic_store_explicit(built, true, memory_order_release);
    pthread_mutex_unlock(&plan->ids_lock);
    return rc;
}

wp__hashmap *wp__node_ids(const wp_plan *cplan)
{
    wp_plan *plan = (wp_plan *)cplan;
    return wp__plan_build_once(plan, &plan->node_ids_built, build_node_ids) < 0 ? NULL
                                                                                : &plan->node_ids;
}

wp_node *wp_plan_find_node(const wp_plan *plan, const char *id)
{
    const wp__hashmap *ids;
    if (plan == NULL || id == NULL || (ids = wp__node_ids(plan)) == NULL)
        return NULL;
    return wp__hashmap_get(ids, id);
}
