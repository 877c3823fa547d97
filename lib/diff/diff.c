/*
 * wp_plan_diff(): the result of comparing two plans — node entries with
 * their changes, metadata changes, the unit registry. Matching itself is in
 * match.c, the character diff in textdiff.c, reading the result
 * diff_access.c.
 */
#include "diffx.h"
#include "textnorm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- building helpers -------------------------------------------------------- */

typedef struct ctx {
    wp_diff *d;
    const wp_diff_options *opt;
    void *t2s;
    int year_shift;     /* new year - old year, when deadlines are compared shifted */
    bool known_diff;    /* the pair's only text field is known to differ (similarity < 1) */
    bool same_parent;   /* the pair's parents are matched to each other */
    char **ufold_old;   /* folded unit names, by registry index */
    char **ufold_new;
} ctx;

static char *astr(wp_diff *d, const char *s)
{
    size_t n = strlen(s);
    char *p = wp__arena_alloc(&d->arena, n + 1);
    if (p != NULL)
        memcpy(p, s, n + 1);
    return p;
}

static char *afmt(wp_diff *d, const char *fmt, ...) WP__PRINTF(2, 3);
static char *afmt(wp_diff *d, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = wp__arena_alloc(&d->arena, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    if ((size_t)n < sizeof small) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

/* Append a change (strings already in the arena or borrowed from the plans). */
static wp_diff_change *add_change(wp_diff *d, wp_diff_entry *e, wp_diff_what what,
                                  const char *field, const char *oldv, const char *newv,
                                  const char *desc)
{
    wp_diff_change *c;
    if (e->n_changes == e->cap_changes) {
        uint32_t cap = e->cap_changes ? e->cap_changes * 2 : 4;
        void *p = wp__arena_grow(&d->arena, e->changes, e->cap_changes * sizeof *c,
                                 cap * sizeof *c);
        if (p == NULL)
            return NULL;
        e->changes = p;
        e->cap_changes = cap;
    }
    c = &e->changes[e->n_changes++];
    memset(c, 0, sizeof *c);
    c->what = what;
    c->field = field ? field : wp_diff_what_name(what);
    c->old_value = oldv;
    c->new_value = newv;
    c->desc = desc;
    return c;
}

/* Fold for comparison: NFKC width + case, Traditional→Simplified. */
static int fold(ctx *x, char **out, const char *s)
{
    return wp__textnorm(out, s ? s : "", WP_TEXT_WIDTH | (x->t2s ? WP_TEXT_SCRIPT : 0), x->t2s);
}

/* Keep letters and digits only (punctuation and spacing are not changes
 * a reader cares about: 。 → ； when a sentence gains a clause). */
static void strip_marks(char *s)
{
    size_t r = 0, w = 0, len = strlen(s);
    while (r < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + r,
                                                 (utf8proc_ssize_t)(len - r), &cp);
        if (step <= 0)
            step = 1, cp = -1;
        utf8proc_category_t c = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) {
            memmove(s + w, s + r, (size_t)step);
            w += (size_t)step;
        }
        r += (size_t)step;
    }
    s[w] = '\0';
}

/* 1 if a and b are the same text after folding (and, with `marks_too`
 * false, after dropping all but letters and digits), 0 if not, or a
 * negative error. */
static int same_after_folding(ctx *x, const char *a, const char *b, bool marks_too)
{
    char *fa = NULL, *fb = NULL;
    int rc;
    if (a == NULL || b == NULL)
        return a == b;
    if (strcmp(a, b) == 0)
        return 1;
    if ((rc = fold(x, &fa, a)) < 0)
        return rc;
    if ((rc = fold(x, &fb, b)) < 0) {
        wp__free(fa);
        return rc;
    }
    if (!marks_too) {
        strip_marks(fa);
        strip_marks(fb);
    }
    rc = strcmp(fa, fb) == 0;
    wp__free(fa);
    wp__free(fb);
    return rc;
}

static int same_folded(ctx *x, const char *a, const char *b)
{
    return same_after_folding(x, a, b, true);
}

/* 1 if a and b have the same letters and digits after folding. */
static int same_words(ctx *x, const char *a, const char *b)
{
    return same_after_folding(x, a, b, false);
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A text field that changed: its values are the plans' own strings, the
 * edits those of the character diff. */
static int text_change(ctx *x, wp_diff_entry *e, wp_diff_what what, const char *field,
                       const char *a, const char *b)
{
    wp__edit *ed = NULL;
    uint32_t n = 0;
    size_t del = 0, ins = 0;
    wp_diff_change *c;
    /* folding costs an OpenCC call: skip it when the bigram similarity of
     * the folded texts already says they differ */
    int rc = x->known_diff && a && b && strcmp(a, b) != 0 ? 0 : same_words(x, a, b);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    if ((rc = wp__textdiff(&ed, &n, a, b)) < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if (ed[i].op == WP_DIFF_DELETE)
            del += count_chars(a + ed[i].offset, ed[i].length);
        else if (ed[i].op == WP_DIFF_INSERT)
            ins += count_chars(b + ed[i].offset, ed[i].length);
    }
    const char *desc = a == NULL   ? afmt(x->d, "%s set", field)
                       : b == NULL ? afmt(x->d, "%s cleared", field)
                                   : afmt(x->d, "%s reworded (-%zu +%zu characters)", field,
                                          del, ins);
    c = desc ? add_change(x->d, e, what, field, a, b, desc) : NULL;
    if (c != NULL && n > 0) {
        c->edits = wp__arena_alloc(&x->d->arena, n * sizeof *ed);
        if (c->edits != NULL) {
            memcpy(c->edits, ed, n * sizeof *ed);
            c->n_edits = n;
        }
    }
    wp__free(ed);
    return c != NULL && (n == 0 || c->edits != NULL) ? 0 : wp__err_nomem();
}

/* ---- indicators ---------------------------------------------------------------- */

static const char *op_sym(wp_op op)
{
    static const char *const s[] = {"=", "≥", ">", "≤", "<", "≈"};
    return (unsigned)op < 6 ? s[op] : "?";
}

static char *ind_value(wp_diff *d, const wp_indicator *ind)
{
    return afmt(d, "%s %g%s%s%s", op_sym(wp_indicator_op(ind)), wp_indicator_value(ind),
                wp_indicator_unit(ind) ? " " : "",
                wp_indicator_unit(ind) ? wp_indicator_unit(ind) : "",
                wp_indicator_aspirational(ind) ? " (力争)" : "");
}

static const char *subj(const wp_indicator *ind)
{
    return wp_indicator_subject(ind) ? wp_indicator_subject(ind) : wp_indicator_text(ind);
}

/* How well two indicators correspond (0: not the same target). */
static int ind_affinity(ctx *x, const wp_indicator *a, const wp_indicator *b, size_t ia,
                        size_t ib, int *out)
{
    int s = 0, rc;
    *out = 0;
    if ((rc = same_folded(x, wp_indicator_unit(a), wp_indicator_unit(b))) < 0)
        return rc;
    s += rc ? 2 : 0;
    if (wp_indicator_subject(a) && wp_indicator_subject(b)) {
        uint64_t *ga, *gb;
        uint32_t na, nb;
        if ((rc = wp__fold_grams(&ga, &na, wp_indicator_subject(a), x->t2s)) < 0)
            return rc;
        if ((rc = wp__fold_grams(&gb, &nb, wp_indicator_subject(b), x->t2s)) < 0) {
            wp__free(ga);
            return rc;
        }
        double dice = wp__dice(ga, na, gb, nb);
        wp__free(ga);
        wp__free(gb);
        s += dice >= 0.99 ? 4 : dice >= 0.4 ? 2 : 0;
    }
    if (s == 0)
        return 0;
    *out = s + (ia == ib ? 1 : 0);
    return 0;
}

static int diff_indicators(ctx *x, wp_diff_entry *e, const wp_node *a, const wp_node *b)
{
    size_t na = wp_node_indicator_count(a), nb = wp_node_indicator_count(b);
    int rc = 0;
    if (na == 0 && nb == 0)
        return 0;
    int *pa = wp__malloc((na + 1) * sizeof *pa), *pb = wp__malloc((nb + 1) * sizeof *pb);
    int *aff = wp__malloc((na * nb + 1) * sizeof *aff);
    if (!pa || !pb || !aff) {
        rc = wp__err_nomem();
        goto done;
    }
    for (size_t i = 0; i < na; i++)
        pa[i] = -1;
    for (size_t j = 0; j < nb; j++)
        pb[j] = -1;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if ((rc = ind_affinity(x, wp_node_indicator(a, i), wp_node_indicator(b, j), i, j,
                                   &aff[i * nb + j])) < 0)
                goto done;
    for (;;) { /* greedy: best affinity first (few indicators per node) */
        int best = 0;
        size_t bi = 0, bj = 0;
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++)
                if (pa[i] < 0 && pb[j] < 0 && aff[i * nb + j] > best) {
                    best = aff[i * nb + j];
                    bi = i;
                    bj = j;
                }
        if (best == 0)
            break;
        pa[bi] = (int)bj;
        pb[bj] = (int)bi;
    }
    for (size_t i = 0; i < na && rc == 0; i++) {
        wp_indicator *ia = wp_node_indicator(a, i), *ib;
        wp_diff_change *c;
        if (pa[i] < 0) {
            char *v = ind_value(x->d, ia);
            char *desc = v ? afmt(x->d, "target dropped: %s %s", subj(ia), v) : NULL;
            c = desc ? add_change(x->d, e, WP_DIFF_INDICATOR_REMOVED, NULL, v, NULL, desc) : NULL;
            if (c == NULL) {
                rc = wp__err_nomem();
                break;
            }
            c->old_ind = ia;
            continue;
        }
        ib = wp_node_indicator(b, (size_t)pa[i]);
        int su = same_folded(x, wp_indicator_unit(ia), wp_indicator_unit(ib));
        if (su < 0) {
            rc = su;
            break;
        }
        double va = wp_indicator_value(ia), vb = wp_indicator_value(ib);
        if (su && va == vb && wp_indicator_op(ia) == wp_indicator_op(ib) &&
            wp_indicator_aspirational(ia) == wp_indicator_aspirational(ib))
            continue;
        char *ov = ind_value(x->d, ia), *nv = ind_value(x->d, ib), *desc = NULL;
        const char *u = wp_indicator_unit(ib) ? wp_indicator_unit(ib) : "";
        if (ov && nv) {
            if (su && wp_indicator_op(ia) == wp_indicator_op(ib) && va != vb)
                desc = afmt(x->d, "%s: target %s from %g to %g%s%s", subj(ib),
                            vb > va ? "raised" : "lowered", va, vb, *u ? " " : "", u);
            else
                desc = afmt(x->d, "%s: target changed from %s to %s", subj(ib), ov, nv);
        }
        c = desc ? add_change(x->d, e, WP_DIFF_INDICATOR_CHANGED, NULL, ov, nv, desc) : NULL;
        if (c == NULL) {
            rc = wp__err_nomem();
            break;
        }
        c->old_ind = ia;
        c->new_ind = ib;
    }
    for (size_t j = 0; j < nb && rc == 0; j++) {
        if (pb[j] >= 0)
            continue;
        wp_indicator *ib = wp_node_indicator(b, j);
        char *v = ind_value(x->d, ib);
        char *desc = v ? afmt(x->d, "new target: %s %s", subj(ib), v) : NULL;
        wp_diff_change *c =
            desc ? add_change(x->d, e, WP_DIFF_INDICATOR_ADDED, NULL, NULL, v, desc) : NULL;
        if (c == NULL) {
            rc = wp__err_nomem();
            break;
        }
        c->new_ind = ib;
    }
done:
    wp__free(pa);
    wp__free(pb);
    wp__free(aff);
    return rc;
}

/* ---- deadline, units, status ---------------------------------------------------- */

static char *deadline_value(wp_diff *d, const wp_deadline *dl)
{
    char end[16] = "";
    wp_date_format(end, sizeof end, dl->end);
    if (dl->text)
        return afmt(d, "%s (%s)", dl->text, end);
    return afmt(d, "%s", end);
}

/* The date `dt` moved by `years` (29 February → 28 February). */
static wp_date shift_date(wp_date dt, int years)
{
    int y = wp_date_year(dt) + years, m = wp_date_month(dt), day = wp_date_day(dt);
    if (dt == WP_DATE_NONE || years == 0 || y < 1 || y > 9999)
        return dt;
    if (day > wp_date_days_in_month(y, m))
        day = wp_date_days_in_month(y, m);
    return wp_date_make(y, m, day);
}

static int diff_deadline(ctx *x, wp_diff_entry *e, const wp_node *a, const wp_node *b)
{
    const wp_deadline *da = wp_node_deadline(a), *db = wp_node_deadline(b);
    char *ov, *nv, *desc;
    if (da == NULL && db == NULL)
        return 0;
    if (da && db && shift_date(da->end, x->year_shift) == db->end &&
        shift_date(da->start, x->year_shift) == db->start && da->precision == db->precision &&
        da->aspirational == db->aspirational)
        return 0;
    ov = da ? deadline_value(x->d, da) : NULL;
    nv = db ? deadline_value(x->d, db) : NULL;
    if ((da && !ov) || (db && !nv))
        return wp__err_nomem();
    desc = !da   ? afmt(x->d, "deadline set: %s", nv)
           : !db ? afmt(x->d, "deadline removed (was %s)", ov)
                 : afmt(x->d, "deadline moved from %s to %s", ov, nv);
    return desc && add_change(x->d, e, WP_DIFF_DEADLINE, NULL, ov, nv, desc) ? 0
                                                                              : wp__err_nomem();
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Folded names of the units of `role` on holder `h` (sorted), and the
 * printed names joined with 、 into the arena. */
static int role_units(ctx *x, const wp_node *h, wp_role role, char **fold_tab, const char ***out,
                      size_t *n, char **printed)
{
    size_t cnt = 0, len = 1;
    size_t na = h ? wp_node_assignment_count(h) : 0;
    *out = NULL;
    *n = 0;
    *printed = NULL;
    for (size_t i = 0; i < na; i++)
        if (wp_node_assignment_role(h, i) == role) {
            cnt++;
            len += strlen(wp_unit_name(wp_node_assignment_unit(h, i))) + 3;
        }
    if (cnt == 0)
        return 0;
    *out = wp__malloc(cnt * sizeof **out);
    *printed = wp__arena_alloc(&x->d->arena, len);
    if (*out == NULL || *printed == NULL) {
        wp__free((void *)*out);
        *out = NULL;
        return wp__err_nomem();
    }
    for (size_t i = 0; i < na; i++)
        if (wp_node_assignment_role(h, i) == role) {
            wp_unit *u = wp_node_assignment_unit(h, i);
            if (*n > 0)
                strcat(*printed, "、");
            strcat(*printed, wp_unit_name(u));
            (*out)[(*n)++] = fold_tab[u->index];
        }
    qsort((void *)*out, *n, sizeof **out, cmp_str);
    return 0;
}

static int diff_units_of(ctx *x, wp_diff_entry *e, const wp_node *a, const wp_node *b)
{
    static const wp_diff_what whats[] = {WP_DIFF_LEAD, WP_DIFF_SUPPORT, WP_DIFF_RESPONSIBLE};
    static const char *const names[] = {"lead", "support", "responsible"};
    const wp_node *ha = wp_node_assignment_source(a), *hb = wp_node_assignment_source(b);
    int rc = 0;
    if (ha == NULL && hb == NULL)
        return 0;
    /* both inherit, from parents matched to each other: any change was
     * listed on the ancestor where it originates */
    if (!x->opt->inherited_units && x->same_parent && ha != a && hb != b)
        return 0;
    for (int r = 0; r < 3 && rc == 0; r++) {
        const char **fa, **fb;
        size_t na, nb;
        char *pa, *pb;
        if ((rc = role_units(x, ha, (wp_role)r, x->ufold_old, &fa, &na, &pa)) < 0)
            break;
        if ((rc = role_units(x, hb, (wp_role)r, x->ufold_new, &fb, &nb, &pb)) < 0) {
            wp__free((void *)fa);
            break;
        }
        bool same = na == nb;
        for (size_t i = 0; same && i < na; i++)
            same = strcmp(fa[i], fb[i]) == 0;
        if (!same) {
            char *desc = afmt(x->d, "%s: %s → %s", names[r], pa ? pa : "(none)",
                              pb ? pb : "(none)");
            if (desc == NULL || !add_change(x->d, e, whats[r], NULL, pa, pb, desc))
                rc = wp__err_nomem();
        }
        wp__free((void *)fa);
        wp__free((void *)fb);
    }
    return rc;
}

static int diff_pair(ctx *x, wp_diff_entry *e)
{
    const wp_node *a = e->old_node, *b = e->new_node;
    int rc;
    if (wp_node_kind_of(a) != wp_node_kind_of(b)) {
        const char *ka = wp_node_kind_name(wp_node_kind_of(a)),
                   *kb = wp_node_kind_name(wp_node_kind_of(b));
        char *desc = afmt(x->d, "kind: %s → %s", ka, kb);
        if (!desc || !add_change(x->d, e, WP_DIFF_KIND_OF, NULL, ka, kb, desc))
            return wp__err_nomem();
    }
    const char *ta = wp_node_title(a), *xa = wp_node_text(a), *tb = wp_node_title(b),
               *xb = wp_node_text(b);
    if ((ta == NULL) != (tb == NULL) && (xa == NULL) != (xb == NULL) && (ta == NULL) != (xa == NULL)) {
        /* the words went from the title to the text or back (a point that
         * became a task): compare the one text each side has */
        rc = text_change(x, e, WP_DIFF_TEXT, "text", ta ? ta : xa, tb ? tb : xb);
        ta = xa = tb = xb = NULL;
        if (rc < 0)
            return rc;
    }
    x->known_diff = e->sim < 0.999f && ((ta == NULL && tb == NULL) || (xa == NULL && xb == NULL));
    rc = text_change(x, e, WP_DIFF_TITLE, "title", ta, tb);
    if (rc == 0)
        rc = text_change(x, e, WP_DIFF_TEXT, "text", xa, xb);
    x->known_diff = false;
    if (rc < 0 ||
        (rc = diff_indicators(x, e, a, b)) < 0 || (rc = diff_deadline(x, e, a, b)) < 0 ||
        (rc = diff_units_of(x, e, a, b)) < 0)
        return rc;
    if (wp_node_status(a) != wp_node_status(b)) {
        const char *sa = wp_status_name(wp_node_status(a)), *sb = wp_status_name(wp_node_status(b));
        char *desc = afmt(x->d, "status: %s → %s", sa, sb);
        if (!desc || !add_change(x->d, e, WP_DIFF_STATUS, NULL, sa, sb, desc))
            return wp__err_nomem();
    }
    return 0;
}

/* ---- metadata and units ------------------------------------------------------------ */

static int meta_text(ctx *x, const char *field, const char *a, const char *b, bool edits)
{
    wp_diff_entry *m = &x->d->meta;
    int rc;
    if (edits)
        return text_change(x, m, WP_DIFF_META, field, a, b);
    /* other fields: compared folded, punctuation included (a doc number's
     * brackets are part of it) */
    if ((rc = same_folded(x, a, b)) != 0)
        return rc < 0 ? rc : 0;
    char *desc = afmt(x->d, "%s: %s → %s", field, a ? a : "(none)", b ? b : "(none)");
    return desc && add_change(x->d, m, WP_DIFF_META, field, a, b, desc) ? 0 : wp__err_nomem();
}

static char *date_str(wp_diff *d, wp_date dt)
{
    char buf[16];
    if (dt == WP_DATE_NONE)
        return NULL;
    wp_date_format(buf, sizeof buf, dt);
    return astr(d, buf);
}

/* A list of strings joined with "; " (into the arena), or NULL if empty. */
static char *joined(wp_diff *d, size_t n, const char *(*get)(const wp_plan *, size_t),
                    const wp_plan *p)
{
    size_t len = 1;
    char *s;
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        len += strlen(get(p, i)) + 2;
    if ((s = wp__arena_alloc(&d->arena, len)) == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, "; ");
        strcat(s, get(p, i));
    }
    return s;
}

static int diff_meta(ctx *x)
{
    const wp_plan *a = x->d->old_plan, *b = x->d->new_plan;
    const wp_doc_number *na = wp_plan_doc_number(a), *nb = wp_plan_doc_number(b);
    char *ya = wp_plan_year(a) ? afmt(x->d, "%d", wp_plan_year(a)) : NULL;
    char *yb = wp_plan_year(b) ? afmt(x->d, "%d", wp_plan_year(b)) : NULL;
    char *ia = date_str(x->d, wp_plan_issued(a)), *ib = date_str(x->d, wp_plan_issued(b));
    char *pa = date_str(x->d, wp_plan_published(a)), *pb = date_str(x->d, wp_plan_published(b));
    char *ra = joined(x->d, wp_plan_recipient_count(a), wp_plan_recipient, a);
    char *rb = joined(x->d, wp_plan_recipient_count(b), wp_plan_recipient, b);
    char *ta = joined(x->d, wp_plan_attachment_count(a), wp_plan_attachment_title, a);
    char *tb = joined(x->d, wp_plan_attachment_count(b), wp_plan_attachment_title, b);
    int rc;
    if ((wp_plan_year(a) && !ya) || (wp_plan_year(b) && !yb) ||
        (wp_plan_issued(a) && !ia) || (wp_plan_issued(b) && !ib) ||
        (wp_plan_published(a) && !pa) || (wp_plan_published(b) && !pb) ||
        (wp_plan_recipient_count(a) && !ra) || (wp_plan_recipient_count(b) && !rb) ||
        (wp_plan_attachment_count(a) && !ta) || (wp_plan_attachment_count(b) && !tb))
        return wp__err_nomem();
    if ((rc = meta_text(x, "title", wp_plan_title(a), wp_plan_title(b), true)) < 0 ||
        (rc = meta_text(x, "kind", wp_plan_kind_name(wp_plan_kind_of(a)),
                        wp_plan_kind_name(wp_plan_kind_of(b)), false)) < 0 ||
        (rc = meta_text(x, "issuer", wp_plan_issuer(a), wp_plan_issuer(b), false)) < 0 ||
        (rc = meta_text(x, "doc_number", na ? na->text : NULL, nb ? nb->text : NULL, false)) < 0 ||
        (rc = meta_text(x, "issued", ia, ib, false)) < 0 ||
        (rc = meta_text(x, "published", pa, pb, false)) < 0 ||
        (rc = meta_text(x, "publisher", wp_plan_publisher(a), wp_plan_publisher(b), false)) < 0 ||
        (rc = meta_text(x, "year", ya, yb, false)) < 0 ||
        (rc = meta_text(x, "script", wp_plan_script(a), wp_plan_script(b), false)) < 0 ||
        (rc = meta_text(x, "recipients", ra, rb, false)) < 0 ||
        (rc = meta_text(x, "attachments", ta, tb, false)) < 0 ||
        (rc = meta_text(x, "preamble", wp_plan_preamble(a), wp_plan_preamble(b), true)) < 0)
        return rc;
    return 0;
}

static int fold_units(ctx *x, const wp_plan *p, char ***out)
{
    size_t n = wp_plan_unit_count(p);
    *out = wp__malloc((n + 1) * sizeof **out);
    if (*out == NULL)
        return wp__err_nomem();
    for (size_t i = 0; i < n; i++) {
        int rc = fold(x, &(*out)[i], wp_unit_name(wp_plan_unit(p, i)));
        if (rc < 0) {
            while (i > 0)
                wp__free((*out)[--i]);
            wp__free(*out);
            *out = NULL;
            return rc;
        }
    }
    return 0;
}

static void free_folds(char **f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        wp__free(f[i]);
    wp__free(f);
}

/* Does unit `u` (of the other plan) answer to folded name `f`, by name or alias? */
static int unit_answers(ctx *x, const wp_unit *u, const char *ufold, const char *f)
{
    if (strcmp(ufold, f) == 0)
        return 1;
    for (size_t k = 0; k < wp_unit_alias_count(u); k++) {
        char *fa;
        int rc = fold(x, &fa, wp_unit_alias(u, k));
        if (rc < 0)
            return rc;
        rc = strcmp(fa, f) == 0;
        wp__free(fa);
        if (rc)
            return 1;
    }
    return 0;
}

static int diff_registry(ctx *x)
{
    const wp_plan *a = x->d->old_plan, *b = x->d->new_plan;
    size_t na = wp_plan_unit_count(a), nb = wp_plan_unit_count(b), k = 0;
    bool *used = wp__malloc(nb + 1);
    int rc = 0;
    x->d->units = wp__arena_alloc(&x->d->arena, (na + nb + 1) * sizeof *x->d->units);
    if (used == NULL || x->d->units == NULL) {
        wp__free(used);
        return wp__err_nomem();
    }
    memset(used, 0, nb + 1);
    for (size_t i = 0; i < na; i++) {
        wp_unit *ua = wp_plan_unit(a, i), *hit = NULL;
        for (size_t j = 0; j < nb && hit == NULL; j++) {
            if (used[j])
                continue;
            wp_unit *ub = wp_plan_unit(b, j);
            if ((rc = unit_answers(x, ub, x->ufold_new[j], x->ufold_old[i])) < 0 ||
                (rc == 0 && (rc = unit_answers(x, ua, x->ufold_old[i], x->ufold_new[j])) < 0))
                goto done;
            if (rc) {
                hit = ub;
                used[j] = true;
            }
        }
        rc = 0;
        x->d->units[k].old_unit = ua;
        x->d->units[k].new_unit = hit;
        x->d->units[k].kind = hit == NULL ? WP_DIFF_REMOVED
                              : strcmp(wp_unit_name(ua), wp_unit_name(hit)) == 0
                                  ? WP_DIFF_UNCHANGED
                                  : WP_DIFF_CHANGED;
        k++;
    }
    for (size_t j = 0; j < nb; j++)
        if (!used[j]) {
            x->d->units[k].old_unit = NULL;
            x->d->units[k].new_unit = wp_plan_unit(b, j);
            x->d->units[k].kind = WP_DIFF_ADDED;
            k++;
        }
    x->d->n_units = k;
done:
    wp__free(used);
    return rc;
}

/* ---- entries ---------------------------------------------------------------------- */

static int build_entries(ctx *x, const wp__dside *a, const wp__dside *b, const int32_t *ma,
                         const int32_t *mb, const float *score, const float *sim)
{
    wp_diff *d = x->d;
    /* removed old nodes go after the entry of the nearest preceding matched
     * old node (its "anchor"); those with no anchor go first */
    int32_t *anchor = wp__malloc((a->n + 1) * sizeof *anchor);
    size_t k = 0;
    int rc = 0;
    d->entries = wp__malloc((a->n + b->n + 1) * sizeof *d->entries);
    if (anchor == NULL || d->entries == NULL) {
        wp__free(anchor);
        return wp__err_nomem();
    }
    memset(d->entries, 0, (a->n + b->n + 1) * sizeof *d->entries);
    int32_t last = -1;
    for (uint32_t i = 0; i < a->n; i++) {
        anchor[i] = last;
        if (ma[i] >= 0)
            last = ma[i];
    }
    /* removed with no anchor */
    for (uint32_t i = 0; i < a->n; i++)
        if (ma[i] < 0 && anchor[i] < 0) {
            d->entries[k].kind = WP_DIFF_REMOVED;
            d->entries[k++].old_node = a->nodes[i];
        }
    /* anchors are new-side indexes; old order is kept among removed nodes
     * of one anchor because the scan below runs in old order per anchor */
    uint32_t *first = wp__malloc((b->n + 1) * sizeof *first), *nxt = wp__malloc((a->n + 1) * sizeof *nxt);
    if (first == NULL || nxt == NULL) {
        rc = wp__err_nomem();
        goto done;
    }
    for (uint32_t j = 0; j <= b->n; j++)
        first[j] = UINT32_MAX;
    for (uint32_t i = a->n; i-- > 0;) /* build per-anchor lists in old order */
        if (ma[i] < 0 && anchor[i] >= 0) {
            nxt[i] = first[anchor[i]];
            first[anchor[i]] = i;
        }
    for (uint32_t j = 0; j < b->n; j++) {
        wp_diff_entry *e = &d->entries[k++];
        e->new_node = b->nodes[j];
        if (mb[j] < 0) {
            e->kind = WP_DIFF_ADDED;
        } else {
            int32_t i = mb[j], pa = a->parent[i], pb = b->parent[j];
            bool same_parent = (pa < 0 && pb < 0) || (pa >= 0 && pb >= 0 && ma[pa] == pb);
            e->old_node = a->nodes[i];
            e->score = score[i];
            e->sim = sim[i];
            x->same_parent = same_parent;
            if ((rc = diff_pair(x, e)) < 0)
                goto done;
            e->kind = !same_parent ? WP_DIFF_MOVED
                      : e->n_changes ? WP_DIFF_CHANGED
                                     : WP_DIFF_UNCHANGED;
        }
        for (uint32_t i = first[j]; i != UINT32_MAX; i = nxt[i]) {
            d->entries[k].kind = WP_DIFF_REMOVED;
            d->entries[k++].old_node = a->nodes[i];
        }
    }
    d->n_entries = k;
    for (size_t t = 0; t < k; t++)
        d->counts[d->entries[t].kind]++;
done:
    wp__free(first);
    wp__free(nxt);
    wp__free(anchor);
    return rc;
}

/* ---- the entry point ---------------------------------------------------------------- */

int wp__diff_check_options(const wp_diff_options *opt)
{
    if (opt->version != WP_DIFF_OPTIONS_VERSION)
        return wp__err(WP_EINVAL, "diff options: version %u, expected %u", opt->version,
                       WP_DIFF_OPTIONS_VERSION);
    if (!(opt->threshold >= 0.0 && opt->threshold <= 1.0))
        return wp__err(WP_EINVAL, "diff options: threshold %g is outside 0..1", opt->threshold);
    return 0;
}

int wp__diff_open_t2s(const wp_diff_options *opt, void **t2s)
{
    *t2s = NULL;
    if (opt->fold_script && wp__have_opencc())
        return wp__t2s_open(t2s);
    return 0;
}

int wp__plan_diff(wp_diff **out, const wp_plan *old_plan, const wp_plan *new_plan,
                  const wp_diff_options *opt, void *t2s)
{
    wp__dside sa = {0}, sb = {0};
    int32_t *ma = NULL, *mb = NULL;
    float *score = NULL, *sim = NULL;
    ctx x = {0};
    int rc;
    *out = NULL;
    wp_diff *d = wp__malloc(sizeof *d);
    if (d == NULL)
        return wp__err_nomem();
    memset(d, 0, sizeof *d);
    d->old_plan = old_plan;
    d->new_plan = new_plan;
    x.d = d;
    x.opt = opt;
    x.t2s = t2s;
    if (opt->shift_years && wp_plan_year(old_plan) && wp_plan_year(new_plan))
        x.year_shift = wp_plan_year(new_plan) - wp_plan_year(old_plan);
    if ((rc = wp__dside_build(&sa, old_plan, t2s)) < 0 ||
        (rc = wp__dside_build(&sb, new_plan, t2s)) < 0)
        goto done;
    ma = wp__malloc((sa.n + 1) * sizeof *ma);
    mb = wp__malloc((sb.n + 1) * sizeof *mb);
    score = wp__malloc((sa.n + 1) * sizeof *score);
    sim = wp__malloc((sa.n + 1) * sizeof *sim);
    if (!ma || !mb || !score || !sim) {
        rc = wp__err_nomem();
        goto done;
    }
    if ((rc = wp__diff_match(&sa, &sb, opt, ma, mb, score, sim)) < 0 ||
        (rc = fold_units(&x, old_plan, &x.ufold_old)) < 0 ||
        (rc = fold_units(&x, new_plan, &x.ufold_new)) < 0 ||
        (rc = build_entries(&x, &sa, &sb, ma, mb, score, sim)) < 0 ||
        (rc = diff_meta(&x)) < 0 || (rc = diff_registry(&x)) < 0)
        goto done;
done:
    free_folds(x.ufold_old, wp_plan_unit_count(old_plan));
    free_folds(x.ufold_new, wp_plan_unit_count(new_plan));
    wp__dside_free(&sa);
    wp__dside_free(&sb);
    wp__free(ma);
    wp__free(mb);
    wp__free(score);
    wp__free(sim);
    if (rc < 0) {
        wp_diff_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int wp_plan_diff(wp_diff **out, const wp_plan *old_plan, const wp_plan *new_plan,
                 const wp_diff_options *options)
{
    wp_diff_options def = WP_DIFF_OPTIONS_INIT;
    void *t2s = NULL;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_plan_diff: out is NULL");
    *out = NULL;
    if (old_plan == NULL || new_plan == NULL)
        return wp__err(WP_EINVAL, "wp_plan_diff: a plan is NULL");
    if (options == NULL)
        options = &def;
    if ((rc = wp__diff_check_options(options)) < 0 || (rc = wp__diff_open_t2s(options, &t2s)) < 0)
        return rc;
    rc = wp__plan_diff(out, old_plan, new_plan, options, t2s);
    wp__t2s_close(t2s);
    return rc;
}
