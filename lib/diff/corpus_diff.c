/*
 * wp_corpus_diff(): pair the plans of two corpora by issuer and kind, and
 * diff each pair. The key is the folded issuer, else the folded title
 * with its digits taken out (市科协2024年工作要点 and 市科协2025年工作要点
 * share 市科协年工作要点), plus the kind. Within a key, plans go in year
 * order and each old plan takes the first unpaired new plan of the same
 * or a later year.
 */
#include "diffx.h"
#include "textnorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cpair {
    int kind;
    const wp_plan *old_plan, *new_plan;
    wp_diff *diff;
} cpair;

struct wp_diff_set {
    cpair *pairs;
    size_t n;
};

typedef struct keyed {
    char *key;
    int year;
    size_t index;
    const wp_plan *plan;
} keyed;

static int plan_key(char **out, const wp_plan *p, void *t2s)
{
    const char *src = wp_plan_issuer(p) ? wp_plan_issuer(p) : wp_plan_title(p);
    char *f = NULL, *k;
    size_t j = 0;
    int rc = wp__textnorm(&f, src ? src : "", WP_TEXT_WIDTH | (t2s ? WP_TEXT_SCRIPT : 0), t2s);
    if (rc < 0)
        return rc;
    if ((k = wp__malloc(strlen(f) + 16)) == NULL) {
        wp__free(f);
        return wp__err_nomem();
    }
    if (wp_plan_issuer(p) == NULL) {
        for (const char *s = f; *s; s++) /* drop ASCII digits (the year) */
            if (*s < '0' || *s > '9')
                k[j++] = *s;
        k[j] = '\0';
    } else {
        strcpy(k, f);
        j = strlen(k);
    }
    snprintf(k + j, 16, "\x1f%d", (int)wp_plan_kind_of(p));
    wp__free(f);
    *out = k;
    return 0;
}

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int keys(keyed **out, const wp_plan *const *plans, size_t n, void *t2s)
{
    *out = wp__malloc((n + 1) * sizeof **out);
    if (*out == NULL)
        return wp__err_nomem();
    for (size_t i = 0; i < n; i++) {
        int rc;
        if (plans[i] == NULL) {
            size_t bad = i;
            while (i > 0)
                wp__free((*out)[--i].key);
            wp__free(*out);
            *out = NULL;
            return wp__err(WP_EINVAL, "wp_corpus_diff: plan %zu is NULL", bad);
        }
        if ((rc = plan_key(&(*out)[i].key, plans[i], t2s)) < 0) {
            while (i > 0)
                wp__free((*out)[--i].key);
            wp__free(*out);
            *out = NULL;
            return rc;
        }
        (*out)[i].year = wp_plan_year(plans[i]);
        (*out)[i].index = i;
        (*out)[i].plan = plans[i];
    }
    qsort(*out, n, sizeof **out, cmp_keyed);
    return 0;
}

static int push(wp_diff_set *cd, size_t *cap, int kind, const wp_plan *a, const wp_plan *b,
                wp_diff *d)
{
    if (cd->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        cpair *p = wp__realloc(cd->pairs, nc * sizeof *p);
        if (p == NULL)
            return wp__err_nomem();
        cd->pairs = p;
        *cap = nc;
    }
    cd->pairs[cd->n].kind = kind;
    cd->pairs[cd->n].old_plan = a;
    cd->pairs[cd->n].new_plan = b;
    cd->pairs[cd->n].diff = d;
    cd->n++;
    return 0;
}

int wp_corpus_diff(wp_diff_set **out, const wp_plan *const *old_plans, size_t n_old,
                   const wp_plan *const *new_plans, size_t n_new, const wp_diff_options *options)
{
    wp_diff_options def = WP_DIFF_OPTIONS_INIT;
    keyed *ka = NULL, *kb = NULL;
    bool *used = NULL;
    void *t2s = NULL;
    size_t cap = 0, j0 = 0;
    wp_diff_set *cd;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_diff: out is NULL");
    *out = NULL;
    if ((n_old && old_plans == NULL) || (n_new && new_plans == NULL))
        return wp__err(WP_EINVAL, "wp_corpus_diff: plan array is NULL");
    if (options == NULL)
        options = &def;
    if ((rc = wp__diff_check_options(options)) < 0 || (rc = wp__diff_open_t2s(options, &t2s)) < 0)
        return rc;
    if ((cd = wp__malloc(sizeof *cd)) == NULL) {
        wp__t2s_close(t2s);
        return wp__err_nomem();
    }
    memset(cd, 0, sizeof *cd);
    if ((rc = keys(&ka, old_plans, n_old, t2s)) < 0 || (rc = keys(&kb, new_plans, n_new, t2s)) < 0)
        goto done;
    if ((used = wp__malloc(n_new + 1)) == NULL) {
        rc = wp__err_nomem();
        goto done;
    }
    memset(used, 0, n_new + 1);
    /* walk both sorted lists key by key */
    for (size_t i = 0; i < n_old;) {
        size_t ie = i;
        while (ie < n_old && strcmp(ka[ie].key, ka[i].key) == 0)
            ie++;
        while (j0 < n_new && strcmp(kb[j0].key, ka[i].key) < 0) {
            if ((rc = push(cd, &cap, WP_DIFF_ADDED, NULL, kb[j0].plan, NULL)) < 0)
                goto done;
            used[j0++] = true;
        }
        size_t je = j0;
        while (je < n_new && strcmp(kb[je].key, ka[i].key) == 0)
            je++;
        for (size_t a = i; a < ie; a++) {
            size_t hit = je;
            for (size_t b = j0; b < je && hit == je; b++)
                if (!used[b] && (kb[b].year >= ka[a].year || kb[b].year == 0 || ka[a].year == 0))
                    hit = b;
            if (hit == je) {
                if ((rc = push(cd, &cap, WP_DIFF_REMOVED, ka[a].plan, NULL, NULL)) < 0)
                    goto done;
                continue;
            }
            wp_diff *d;
            used[hit] = true;
            if ((rc = wp__plan_diff(&d, ka[a].plan, kb[hit].plan, options, t2s)) < 0)
                goto done;
            bool same = wp_diff_count(d, WP_DIFF_UNCHANGED) == wp_diff_entry_count(d) &&
                        wp_diff_meta_count(d) == 0;
            for (size_t u = 0; same && u < wp_diff_unit_count(d); u++)
                same = wp_diff_unit_at(d, u, NULL, NULL) == WP_DIFF_UNCHANGED;
            if ((rc = push(cd, &cap, same ? WP_DIFF_UNCHANGED : WP_DIFF_CHANGED, ka[a].plan,
                           kb[hit].plan, d)) < 0) {
                wp_diff_free(d);
                goto done;
            }
        }
        for (size_t b = j0; b < je; b++)
            if (!used[b]) {
                if ((rc = push(cd, &cap, WP_DIFF_ADDED, NULL, kb[b].plan, NULL)) < 0)
                    goto done;
                used[b] = true;
            }
        j0 = je;
        i = ie;
    }
    for (; j0 < n_new; j0++)
        if (!used[j0] && (rc = push(cd, &cap, WP_DIFF_ADDED, NULL, kb[j0].plan, NULL)) < 0)
            goto done;
done:
    for (size_t i = 0; ka && i < n_old; i++)
        wp__free(ka[i].key);
    for (size_t i = 0; kb && i < n_new; i++)
        wp__free(kb[i].key);
    wp__free(ka);
    wp__free(kb);
    wp__free(used);
    wp__t2s_close(t2s);
    if (rc < 0) {
        wp_corpus_diff_free(cd);
        return rc;
    }
    *out = cd;
    return 0;
}

void wp_corpus_diff_free(wp_diff_set *cd)
{
    if (cd == NULL)
        return;
    for (size_t i = 0; i < cd->n; i++)
        wp_diff_free(cd->pairs[i].diff);
    wp__free(cd->pairs);
    wp__free(cd);
}

size_t wp_corpus_diff_count(const wp_diff_set *cd) { return cd ? cd->n : 0; }

int wp_corpus_diff_at(const wp_diff_set *cd, size_t i, const wp_plan **old_plan,
                      const wp_plan **new_plan, const wp_diff **diff)
{
    if (cd == NULL || i >= cd->n)
        return wp__err(WP_EINVAL, "wp_corpus_diff_at: no pair %zu", i);
    if (old_plan)
        *old_plan = cd->pairs[i].old_plan;
    if (new_plan)
        *new_plan = cd->pairs[i].new_plan;
    if (diff)
        *diff = cd->pairs[i].diff;
    return cd->pairs[i].kind;
}
