/*
 * Per-plan query indexes: document order, subtree ranges, kind lists, unit
 * postings with roles, deadlines sorted by end, nodes with indicators, and
 * lazily normalised texts. See index.h.
 */
#include "index.h"
#include "textnorm.h"

#include <stdlib.h>
#include <string.h>

static void free_norm(wp__index *ix, int f)
{
    if (ix->norm[f] == NULL)
        return;
    for (uint32_t i = 0; i < ix->n; i++)
        wp__free(ix->norm[f][i]);
    wp__free(ix->norm[f]);
    ix->norm[f] = NULL;
}

static void clear(wp__index *ix)
{
    for (int f = 0; f < 4; f++)
        free_norm(ix, f);
    wp__free(ix->order);
    wp__free(ix->end);
    wp__free(ix->kind_pos);
    wp__free(ix->unit_off);
    wp__free(ix->unit_pos);
    wp__free(ix->unit_role);
    wp__free(ix->eff_src);
    wp__free(ix->kind);
    wp__free(ix->status);
    wp__free(ix->due_pos);
    wp__free(ix->due_end);
    wp__free(ix->ind_pos);
    wp__free(ix->ival);
    {
        struct wp__fold keep = ix->fold;
        memset(ix, 0, sizeof *ix);
        ix->fold = keep;
    }
}

static void fold_clear(struct wp__fold *f)
{
    for (uint32_t i = 0; i < f->n_keys; i++)
        wp__free(f->keys[i]);
    wp__free(f->keys);
    wp__hashmap_free(&f->map);
    memset(f, 0, sizeof *f);
}

void wp__index_free(wp__index *ix)
{
    if (ix == NULL)
        return;
    clear(ix);
    fold_clear(&ix->fold);
    wp__free(ix);
}

static wp__index *index_struct(wp_plan *plan);

static void *alloc_array(size_t n, size_t size)
{
    return wp__malloc(n == 0 ? 1 : n * size);
}

/* Sort deadline postings by end date, then position (stable document order
 * among equal dates). A merge sort on parallel arrays via a key array. */
typedef struct due_entry {
    wp_date end;
    uint32_t pos;
} due_entry;

static int cmp_due(const void *a, const void *b)
{
    const due_entry *x = a, *y = b;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_ival(const void *a, const void *b)
{
    const struct wp__ival *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    if (c != 0)
        return c;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int build(wp__index *ix, wp_plan *plan)
{
    uint32_t n = 0, n_assign = 0, n_due = 0, n_ind = 0, n_ival = 0;
    uint32_t n_units = plan->units.n;
    uint32_t kind_count[WP__KINDS] = {0};
    due_entry *due = NULL;
    wp_node *node;

    /* Pass 1: count. */
    for (node = wp__first(&plan->root); node != NULL; node = wp__walk_next(node, &plan->root)) {
        n++;
        if (node->kind >= 0 && node->kind < WP__KINDS)
            kind_count[node->kind]++;
        n_due += (node->flags & WP__HAS_DEADLINE) != 0;
        n_ind += wp__nind(node) > 0;
        for (uint32_t i = 0; i < wp__nind(node); i++)
            n_ival += ((wp_indicator *)wp__ind(node, i))->unit != NULL;
    }

    ix->n = n;
    ix->n_units = n_units;
    ix->order = alloc_array(n, sizeof *ix->order);
    ix->end = alloc_array(n, sizeof *ix->end);
    ix->kind_pos = alloc_array(n, sizeof *ix->kind_pos);
    ix->unit_off = alloc_array(n_units + 1, sizeof *ix->unit_off);
    ix->eff_src = alloc_array(n, sizeof *ix->eff_src);
    ix->kind = alloc_array(n, 1);
    ix->status = alloc_array(n, 1);
    ix->due_pos = alloc_array(n_due, sizeof *ix->due_pos);
    ix->due_end = alloc_array(n_due, sizeof *ix->due_end);
    ix->ind_pos = alloc_array(n_ind, sizeof *ix->ind_pos);
    ix->ival = alloc_array(n_ival, sizeof *ix->ival);
    due = alloc_array(n_due, sizeof *due);
    if (!ix->order || !ix->end || !ix->kind_pos || !ix->unit_off || !ix->eff_src || !ix->kind || !ix->status ||
        !ix->due_pos || !ix->due_end || !ix->ind_pos || !ix->ival || !due) {
        wp__free(due);
        return wp__err_nomem();
    }

    /* Offsets of the grouped arrays. */
    {
        uint32_t acc = 0;
        for (int k = 0; k < WP__KINDS; k++) {
            ix->kind_off[k] = acc;
            acc += kind_count[k];
        }
        ix->kind_off[WP__KINDS] = acc;
        memset(ix->unit_off, 0, (n_units + 1) * sizeof *ix->unit_off);
    }

    /* Pass 2: number the nodes in preorder, record subtree ends, fill the
     * kind, deadline and indicator lists, and count postings per unit. */
    {
        uint32_t pos = 0, kfill[WP__KINDS];
        uint32_t d = 0, ii = 0;
        memcpy(kfill, ix->kind_off, sizeof kfill);
        for (node = wp__first(&plan->root); node != NULL;) {
            node->ix_pos = pos;
            ix->order[pos] = node;
            ix->kind[pos] = (uint8_t)node->kind;
            ix->status[pos] = (uint8_t)node->status;
            if (node->kind >= 0 && node->kind < WP__KINDS)
                ix->kind_pos[kfill[node->kind]++] = pos;
            /* Effective assignments: own, else the parent's source. */
            if (node->n_assigns > 0)
                ix->eff_src[pos] = pos;
            else if (wp__parent(node) == &plan->root)
                ix->eff_src[pos] = WP__NOSRC;
            else
                ix->eff_src[pos] = ix->eff_src[wp__parent(node)->ix_pos];
            if (ix->eff_src[pos] != WP__NOSRC) {
                const wp_node *src = ix->order[ix->eff_src[pos]];
                for (uint32_t a = 0; a < src->n_assigns; a++)
                    ix->unit_off[src->assigns[a].unit_ix + 1]++;
                n_assign += src->n_assigns;
            }
            if (node->flags & WP__HAS_DEADLINE) {
                due[d].end = node->deadline.end;
                due[d].pos = pos;
                d++;
            }
            if (wp__nind(node) > 0)
                ix->ind_pos[ii++] = pos;
            for (uint32_t i = 0; i < wp__nind(node); i++) {
                const wp_indicator *ind = wp__ind(node, i);
                if (ind->unit != NULL)
                    ix->ival[ix->n_ival++] = (struct wp__ival){ind->unit, ind->value, pos, (int)ind->op};
            }
            pos++;
            if (node->first_l != 0) {
                node = wp__first(node);
                continue;
            }
            ix->end[node->ix_pos] = pos;
            while (node->next_l == 0) {
                if (node->parent_l == WP__ROOT_LINK) {
                    node = NULL;
                    break;
                }
                node = wp__parent(node);
                ix->end[node->ix_pos] = pos;
            }
            if (node != NULL)
                node = wp__next(node);
        }
        qsort(due, n_due, sizeof *due, cmp_due);
        qsort(ix->ival, ix->n_ival, sizeof *ix->ival, cmp_ival);
        for (uint32_t i = 0; i < n_due; i++) {
            ix->due_end[i] = due[i].end;
            ix->due_pos[i] = due[i].pos;
        }
        ix->n_due = n_due;
        ix->n_ind = n_ind;
    }
    wp__free(due);

    /* Unit postings: prefix sums, then fill in document order. */
    for (uint32_t u = 0; u < n_units; u++)
        ix->unit_off[u + 1] += ix->unit_off[u];
    ix->unit_pos = alloc_array(n_assign, sizeof *ix->unit_pos);
    ix->unit_role = alloc_array(n_assign, sizeof *ix->unit_role);
    if (ix->unit_pos == NULL || ix->unit_role == NULL)
        return wp__err_nomem();
    {
        uint32_t *fill = alloc_array(n_units, sizeof *fill);
        if (fill == NULL)
            return wp__err_nomem();
        memcpy(fill, ix->unit_off, n_units * sizeof *fill);
        for (uint32_t pos = 0; pos < n; pos++) {
            uint32_t sp = ix->eff_src[pos];
            const wp_node *nd;
            uint8_t inherited = sp == pos ? 0 : WP__INHERITED;
            if (sp == WP__NOSRC)
                continue;
            nd = ix->order[sp];
            for (uint32_t a = 0; a < nd->n_assigns; a++) {
                uint32_t u = nd->assigns[a].unit_ix;
                ix->unit_pos[fill[u]] = pos;
                ix->unit_role[fill[u]] = (uint8_t)nd->assigns[a].role | inherited;
                fill[u]++;
            }
        }
        wp__free(fill);
    }
    ix->generation = plan->generation;
    return 0;
}

int wp__index_get(wp__index **out, wp_plan *plan)
{
    int rc = 0;
    *out = NULL;
    pthread_mutex_lock(&plan->index_lock);
    if (index_struct(plan) == NULL) {
        pthread_mutex_unlock(&plan->index_lock);
        return wp__err_nomem();
    }
    if (plan->index->generation != plan->generation) {
        clear(plan->index);
        plan->index->generation = UINT64_MAX;
        if ((rc = build(plan->index, plan)) < 0)
            clear(plan->index), plan->index->generation = UINT64_MAX;
    }
    if (rc == 0)
        *out = plan->index;
    pthread_mutex_unlock(&plan->index_lock);
    return rc;
}

static int concat_norm(char **out, const wp_node *node, unsigned flags, void *t2s)
{
    const char *title = wp__head(node)->title ? wp__head(node)->title : "";
    const char *text = node->text ? node->text : "";
    size_t lt = strlen(title), lx = strlen(text);
    char *joined = wp__malloc(lt + lx + 2);
    int rc;
    if (joined == NULL)
        return wp__err_nomem();
    memcpy(joined, title, lt);
    joined[lt] = '\n'; /* a match may not span title and text */
    memcpy(joined + lt + 1, text, lx + 1);
    rc = wp__textnorm(out, joined, flags, t2s);
    wp__free(joined);
    return rc;
}

int wp__index_norm(char ***out, wp_plan *plan, wp__index *ix, unsigned flags, void *t2s)
{
    int rc = 0;
    *out = NULL;
    pthread_mutex_lock(&plan->index_lock);
    if (ix->norm[flags] == NULL) {
        char **arr = alloc_array(ix->n, sizeof *arr);
        if (arr == NULL) {
            rc = wp__err_nomem();
        } else {
            memset(arr, 0, (ix->n ? ix->n : 1) * sizeof *arr);
            for (uint32_t i = 0; i < ix->n && rc == 0; i++)
                rc = concat_norm(&arr[i], ix->order[i], flags, t2s);
            ix->norm[flags] = arr;
            if (rc < 0)
                free_norm(ix, (int)flags);
        }
    }
    *out = ix->norm[flags];
    pthread_mutex_unlock(&plan->index_lock);
    return rc;
}

/* ---- folded unit names --------------------------------------------------- */

/* The plan's index struct, allocated (not built) if needed. Under the lock. */
static wp__index *index_struct(wp_plan *plan)
{
    if (plan->index == NULL) {
        plan->index = wp__malloc(sizeof *plan->index);
        if (plan->index == NULL)
            return NULL;
        memset(plan->index, 0, sizeof *plan->index);
        plan->index->generation = UINT64_MAX;
    }
    return plan->index;
}

/* Fold one name of `u` into the map; a key already taken keeps its first
 * unit (registry order). */
static int fold_name(struct wp__fold *f, const char *name, wp_unit *u)
{
    char *key;
    int rc;
    if ((rc = wp__fold(&key, name)) < 0)
        return rc;
    if (key[0] == '\0' || wp__hashmap_get(&f->map, key) != NULL) {
        wp__free(key);
        return 0;
    }
    if (f->n_keys == f->cap_keys) {
        uint32_t cap = f->cap_keys ? f->cap_keys * 2 : 16;
        char **keys = wp__realloc(f->keys, cap * sizeof *keys);
        if (keys == NULL) {
            wp__free(key);
            return wp__err_nomem();
        }
        f->keys = keys;
        f->cap_keys = cap;
    }
    if (wp__hashmap_put(&f->map, key, u) < 0) {
        wp__free(key);
        return wp__err_nomem();
    }
    f->keys[f->n_keys++] = key;
    return 0;
}

static int fold_update(struct wp__fold *f, const wp_plan *plan)
{
    int rc = 0;
    if (f->stale)
        fold_clear(f);
    while (f->n_units < plan->units.n && rc == 0) {
        wp_unit *u = plan->units.items[f->n_units];
        rc = fold_name(f, u->name, u);
        for (uint32_t i = 0; i < u->aliases.n && rc == 0; i++)
            rc = fold_name(f, u->aliases.items[i], u);
        if (rc == 0)
            f->n_units++;
    }
    if (rc < 0)
        fold_clear(f); /* start again on the next look-up */
    return rc;
}

int wp__unit_find_folded(wp_unit **out, const wp_plan *cplan, const char *folded)
{
    wp_plan *plan = (wp_plan *)cplan; /* the cache is not the plan's content */
    wp__index *ix;
    int rc;
    *out = NULL;
    pthread_mutex_lock(&plan->index_lock);
    ix = index_struct(plan);
    if (ix == NULL)
        rc = wp__err_nomem();
    else if ((rc = fold_update(&ix->fold, plan)) == 0)
        *out = wp__hashmap_get(&ix->fold.map, folded);
    pthread_mutex_unlock(&plan->index_lock);
    return rc;
}

void wp__index_units_changed(wp_plan *plan, bool appended)
{
    if (plan->index != NULL && !appended)
        plan->index->fold.stale = true;
}
