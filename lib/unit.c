/* The unit registry: interned units with unique names, aliases and ids. */
#include "internal.h"
#include "index.h"
#include "textnorm.h"

#include <stdio.h>
#include <string.h>

/* ---- the name and id tables ----------------------------------------------
 * Built on first use and dropped after a read (wp__unit_tables_drop): a
 * loaded corpus of 5,210 plans kept 15 MiB of them that corpus queries
 * never read (they have their own, lib/query/cindex.c). Readers may build
 * them from several threads, so the build is under plan->ids_lock. */

static int build_tables(wp_plan *plan)
{
    for (uint32_t i = 0; i < plan->units.n; i++) {
        wp_unit *u = plan->units.items[i];
        if (wp__hashmap_put(&plan->unit_ids, u->id, u) < 0 ||
            wp__hashmap_put(&plan->unit_names, u->name, u) < 0)
            goto fail;
        for (uint32_t k = 0; k < u->aliases.n; k++)
            if (wp__hashmap_put(&plan->unit_names, u->aliases.items[k], u) < 0)
                goto fail;
    }
    return 0;
fail:
    wp__hashmap_free(&plan->unit_ids);
    wp__hashmap_free(&plan->unit_names);
    return wp__err_nomem();
}

/* The tables of `cplan`, built if absent: 0, or WP_ENOMEM (error set). */
static int tables(const wp_plan *cplan)
{
    wp_plan *plan = (wp_plan *)cplan; /* a cache: logically const */
    return wp__plan_build_once(plan, &plan->unit_tables_built, build_tables);
}

void wp__unit_tables_drop(wp_plan *plan)
{
    wp__hashmap_free(&plan->unit_names);
    wp__hashmap_free(&plan->unit_ids);
    atomic_store_explicit(&plan->unit_tables_built, false, memory_order_relaxed);
}

/* A unit by exact name or alias (`ids` false) or by id: NULL when absent
 * or when the tables cannot be built (WP_ENOMEM set). */
static wp_unit *lookup(const wp_plan *plan, const char *key, bool ids)
{
    if (tables(plan) < 0)
        return NULL;
    return wp__hashmap_get(ids ? &plan->unit_ids : &plan->unit_names, key);
}

int wp__unit_check(const wp_unit *unit)
{
    if (unit == NULL)
        return wp__err(WP_EINVAL, "unit is NULL");
    if (unit->dead)
        return wp__err(WP_EREMOVED, "unit '%.200s' was merged into another unit", unit->name);
    return 0;
}

static int check_name(const char *name, const char *what)
{
    if (name == NULL || name[0] == '\0')
        return wp__err(WP_EINVAL, "%s: a non-empty name is required", what);
    return wp__check_utf8(name, strlen(name), what);
}

int wp_unit_add(wp_unit **out, wp_plan *plan, const char *name, const char *id)
{
    wp_unit *unit, *other;
    char idbuf[24];
    int rc;
    if (out)
        *out = NULL;
    if (plan == NULL)
        return wp__err(WP_EINVAL, "wp_unit_add: plan is NULL");
    if ((rc = check_name(name, "unit name")) < 0 || (rc = tables(plan)) < 0)
        return rc;
    if ((other = wp__hashmap_get(&plan->unit_names, name)) != NULL)
        return wp__err(WP_EEXISTS, "unit name '%.200s' is already used by unit %s", name,
                       other->id);
    if (id != NULL) {
        if ((rc = check_name(id, "unit id")) < 0)
            return rc;
        if (wp__hashmap_get(&plan->unit_ids, id) != NULL)
            return wp__err(WP_EEXISTS, "unit id '%.200s' is already used", id);
    } else {
        do
            snprintf(idbuf, sizeof idbuf, "u%u", plan->next_unit_serial++);
        while (wp__hashmap_get(&plan->unit_ids, idbuf) != NULL);
        id = idbuf;
    }
    unit = wp__arena_alloc(&plan->arena, sizeof *unit);
    if (unit == NULL || (unit->id = wp__arena_strdup(&plan->arena, id)) == NULL ||
        (unit->name = wp__arena_strdup(&plan->arena, name)) == NULL)
        return wp__err_nomem();
    unit->plan = plan;
    unit->index = plan->units.n;
    if (wp__hashmap_put(&plan->unit_ids, unit->id, unit) < 0)
        return wp__err_nomem();
    if (wp__hashmap_put(&plan->unit_names, unit->name, unit) < 0 ||
        wp__ptrvec_push(&plan->arena, &plan->units, unit) < 0) {
        wp__hashmap_del(&plan->unit_ids, unit->id);
        wp__hashmap_del(&plan->unit_names, unit->name);
        return wp__err_nomem();
    }
    wp__touch(plan);
    wp__index_units_changed(plan, true);
    if (out)
        *out = unit;
    return 0;
}

wp_unit *wp_unit_find(const wp_plan *plan, const char *name)
{
    wp_unit *u;
    char *key;
    if (plan == NULL || name == NULL)
        return NULL;
    if ((u = lookup(plan, name, false)) != NULL || plan->units.n == 0)
        return u;
    /* Across scripts and widths: 学会部 finds 學會部. A failure to fold
     * (no memory, invalid UTF-8) is a miss; wp_error_last() says why. */
    if (wp__fold(&key, name) < 0)
        return NULL;
    if (wp__unit_find_folded(&u, plan, key) < 0)
        u = NULL;
    wp__free(key);
    return u;
}

wp_unit *wp__unit_find_exact(const wp_plan *plan, const char *name)
{
    return plan && name ? lookup(plan, name, false) : NULL;
}

int wp__unit_find_key(wp_unit **out, const wp_plan *plan, const char *name, const char *key)
{
    int rc;
    if ((rc = tables(plan)) < 0)
        return rc;
    if ((*out = wp__hashmap_get(&plan->unit_names, name)) != NULL ||
        (*out = wp__hashmap_get(&plan->unit_ids, name)) != NULL || plan->units.n == 0)
        return 0;
    return wp__unit_find_folded(out, plan, key);
}

wp_unit *wp_unit_get(const wp_plan *plan, const char *id)
{
    return plan && id ? lookup(plan, id, true) : NULL;
}

size_t wp_plan_unit_count(const wp_plan *plan) { return plan ? plan->units.n : 0; }

wp_unit *wp_plan_unit(const wp_plan *plan, size_t index)
{
    return plan && index < plan->units.n ? plan->units.items[index] : NULL;
}

/* Register `alias` (already validated, arena-owned) for `unit`. */
static int push_alias(wp_unit *unit, char *alias)
{
    if (wp__hashmap_put(&unit->plan->unit_names, alias, unit) < 0)
        return wp__err_nomem();
    if (wp__ptrvec_push(&unit->plan->arena, &unit->aliases, alias) < 0) {
        wp__hashmap_del(&unit->plan->unit_names, alias);
        return wp__err_nomem();
    }
    return 0;
}

int wp_unit_add_alias(wp_unit *unit, const char *alias)
{
    wp_unit *other;
    char *copy;
    int rc;
    if ((rc = wp__unit_check(unit)) < 0 || (rc = check_name(alias, "unit alias")) < 0 ||
        (rc = tables(unit->plan)) < 0)
        return rc;
    other = wp__hashmap_get(&unit->plan->unit_names, alias);
    if (other == unit)
        return 0;
    if (other != NULL)
        return wp__err(WP_EEXISTS, "alias '%.200s' already names unit %s", alias, other->id);
    if ((copy = wp__arena_strdup(&unit->plan->arena, alias)) == NULL)
        return wp__err_nomem();
    if ((rc = push_alias(unit, copy)) < 0)
        return rc;
    wp__touch(unit->plan);
    wp__index_units_changed(unit->plan, false);
    return 0;
}

/* Point every assignment and report of the plan at `into` instead of
 * `from`, dropping assignments that become duplicates, and renumber the
 * units after `from` (assignments hold unit positions; `from` is about
 * to leave the list). */
static void retarget(wp_plan *plan, wp_unit *into, wp_unit *from)
{
    uint32_t fx = from->index, ix = into->index > fx ? into->index - 1 : into->index;
    for (uint32_t k = 0; k < plan->all_nodes.n; k++) {
        wp_node *n = plan->all_nodes.items[k];
        wp__assign_x *x = n->more ? n->more->assign_x : NULL;
        uint32_t w = 0;
        if (n->flags & WP__DEAD)
            continue;
        /* Pairs (unit, role) were distinct before, so only the merged
         * unit can repeat: where it first stands, per role (O(k), not a
         * scan of the kept ones for each: 160,000 units on one node). */
        uint32_t kept[WP_ROLE_RESPONSIBLE + 1] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
        for (uint32_t r = 0; r < n->n_assigns; r++) {
            wp__assign a = n->assigns[r];
            bool dup = false;
            if (a.unit_ix == fx)
                a.unit_ix = ix;
            else if (a.unit_ix > fx)
                a.unit_ix--;
            if (a.unit_ix == ix && (unsigned)a.role <= WP_ROLE_RESPONSIBLE) {
                uint32_t j = kept[a.role];
                if (j == UINT32_MAX) {
                    kept[a.role] = w;
                } else {
                    dup = true;
                    /* the repeat goes; what it alone held stays, on the
                     * one kept (its person, its unknown entries) */
                    if (x != NULL && x[j].person == NULL)
                        x[j].person = x[r].person;
                    if (x != NULL && x[j].extra.len == 0)
                        x[j].extra = x[r].extra;
                }
            }
            if (!dup) {
                if (x)
                    x[w] = x[r];
                n->assigns[w++] = a;
            }
        }
        n->n_assigns = w;
        for (uint32_t r = 0; r < wp__more(n)->reports.n; r++) {
            wp_report *rep = wp__more(n)->reports.items[r];
            if (rep->by == from)
                rep->by = into;
        }
    }
}

int wp_unit_merge(wp_unit *into, wp_unit *from)
{
    wp_plan *plan;
    int rc;
    if ((rc = wp__unit_check(into)) < 0 || (rc = wp__unit_check(from)) < 0)
        return rc;
    if (into == from || into->plan != from->plan)
        return wp__err(WP_EINVAL, "wp_unit_merge: the units must be distinct units of one plan");
    plan = into->plan;
    if ((rc = tables(plan)) < 0)
        return rc;
    /* Reserve room first so that the merge cannot fail half-way. */
    {
        void *items = into->aliases.items;
        if ((rc = wp__arena_reserve(&plan->arena, &items, &into->aliases.cap,
                                    into->aliases.n + from->aliases.n + 1,
                                    sizeof(void *))) < 0)
            return rc;
        into->aliases.items = items;
    }
    into->aliases.items[into->aliases.n++] = from->name;
    for (uint32_t i = 0; i < from->aliases.n; i++)
        into->aliases.items[into->aliases.n++] = from->aliases.items[i];
    /* Re-point the names of `from`: replacing existing keys never allocates. */
    wp__hashmap_put(&plan->unit_names, from->name, into);
    for (uint32_t i = 0; i < from->aliases.n; i++)
        wp__hashmap_put(&plan->unit_names, from->aliases.items[i], into);
    wp__hashmap_del(&plan->unit_ids, from->id);
    retarget(plan, into, from);
    wp__ptrvec_remove(&plan->units, from->index);
    for (uint32_t i = from->index; i < plan->units.n; i++)
        ((wp_unit *)plan->units.items[i])->index = i;
    from->dead = true;
    wp__touch(plan);
    wp__index_units_changed(plan, false);
    return 0;
}

const char *wp_unit_id(const wp_unit *u) { return u && !u->dead ? u->id : NULL; }
const char *wp_unit_name(const wp_unit *u) { return u && !u->dead ? u->name : NULL; }
size_t wp_unit_alias_count(const wp_unit *u) { return u && !u->dead ? u->aliases.n : 0; }
const char *wp_unit_alias(const wp_unit *u, size_t index)
{
    return u && !u->dead && index < u->aliases.n ? u->aliases.items[index] : NULL;
}
wp_plan *wp_unit_plan(const wp_unit *u) { return u && !u->dead ? u->plan : NULL; }
