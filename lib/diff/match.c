/*
 * Node matching between two plans.
 *
 * Similarity: the Dice coefficient of the sets of character bigrams of
 * each node's title and text, after folding (Traditional→Simplified with
 * OpenCC, NFKC width and case) and keeping only letters and digits.
 * Yearly plans reword most sentences but keep their key terms (科技工作者,
 * 院士工作站, 学会): bigrams catch that shared vocabulary, need no word
 * segmentation (Chinese has no spaces), and punctuation or a changed
 * number moves the score by a few bigrams only.
 *
 * Candidates: an inverted index from bigram to new-plan nodes; for each old
 * node the nodes sharing the most bigrams (at most max_candidates) are
 * scored exactly. Bigrams found in very many nodes (工作, 加强) are skipped
 * when gathering candidates on big plans, so the cost stays near linear
 * instead of comparing all pairs.
 *
 * Assignment: greedy by descending score, in rounds. Round 1 uses the text
 * alone. The next rounds add structure: +0.1 when the two parents are
 * matched to each other (or both are top level), and for headings the
 * share of their children matched to each other's children (a heading
 * whose title was rewritten still matches when its measures did), with
 * the parents of matched children as extra candidates. A tiny bonus for
 * the same kind and near relative position breaks ties between repeated
 * texts.
 */
#include "diffx.h"
#include "textnorm.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- sides ------------------------------------------------------------------ */

static void count_nodes(const wp_node *first, uint32_t *n)
{
    for (const wp_node *c = first; c != NULL; c = wp__next(c)) {
        (*n)++;
        count_nodes(wp__first(c), n);
    }
}

static void fill_nodes(wp__dside *s, const wp_node *first, int32_t parent, uint32_t *k)
{
    for (wp_node *c = (wp_node *)first; c != NULL; c = wp__next(c)) {
        uint32_t me = (*k)++;
        s->nodes[me] = c;
        s->parent[me] = parent;
        s->nchild[me] = 0;
        if (parent >= 0)
            s->nchild[parent]++;
        fill_nodes(s, wp__first(c), (int32_t)me, k);
    }
}

static bool keep_cp(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Bigrams of an already folded text [s, s+len) into `out` (room for len+1). */
static uint32_t grams_of(uint64_t *out, const char *s, size_t len)
{
    size_t i = 0;
    uint32_t n = 0, kept = 0;
    utf8proc_int32_t prev = -1;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                 (utf8proc_ssize_t)(len - i), &cp);
        if (step <= 0) {
            i++;
            continue;
        }
        i += (size_t)step;
        if (!keep_cp(cp))
            continue;
        if (prev >= 0)
            out[n++] = ((uint64_t)(uint32_t)prev << 32) | (uint32_t)cp;
        prev = cp;
        kept++;
    }
    if (kept == 1) /* a one-character text still has a key */
        out[n++] = ((uint64_t)(uint32_t)prev << 32) | 0xFFFFFFFFu;
    if (n > 1) {
        uint32_t u = 1;
        qsort(out, n, sizeof *out, cmp_u64);
        for (uint32_t j = 1; j < n; j++)
            if (out[j] != out[u - 1])
                out[u++] = out[j];
        n = u;
    }
    return n;
}

static unsigned fold_flags(void *t2s)
{
    return WP_TEXT_WIDTH | (t2s != NULL ? WP_TEXT_SCRIPT : 0);
}

int wp__fold_grams(uint64_t **out, uint32_t *n, const char *text, void *t2s)
{
    char *f = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = wp__textnorm(&f, text ? text : "", fold_flags(t2s), t2s)) < 0)
        return rc;
    *out = wp__malloc((strlen(f) + 2) * sizeof **out);
    if (*out == NULL) {
        wp__free(f);
        return wp__err_nomem();
    }
    *n = grams_of(*out, f, strlen(f));
    wp__free(f);
    return 0;
}

double wp__dice(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb)
{
    uint32_t i = 0, j = 0, common = 0;
    if (na + nb == 0)
        return 1.0; /* two empty texts are alike */
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * common / (na + nb);
}

/* Append `s` to the buffer with line breaks made spaces. */
static void put_flat(char *buf, size_t *len, const char *s)
{
    for (; s && *s; s++)
        buf[(*len)++] = (*s == '\n' || *s == '\r') ? ' ' : *s;
}

int wp__dside_build(wp__dside *s, const wp_plan *plan, void *t2s)
{
    uint32_t n = 0, k = 0;
    size_t total = 1, len = 0, gcap;
    char *buf = NULL, *folded = NULL;
    int rc;
    memset(s, 0, sizeof *s);
    count_nodes(wp__first(&plan->root), &n);
    s->nodes = wp__malloc((n + 1) * sizeof *s->nodes);
    s->parent = wp__malloc((n + 1) * sizeof *s->parent);
    s->nchild = wp__malloc((n + 1) * sizeof *s->nchild);
    s->gstart = wp__malloc((n + 1) * sizeof *s->gstart);
    if (!s->nodes || !s->parent || !s->nchild || !s->gstart)
        goto nomem;
    fill_nodes(s, wp__first(&plan->root), -1, &k);
    s->n = n;
    /* Fold every node's text in one call (one OpenCC conversion per plan,
     * not per node): title and text joined by a space, one node a line. */
    for (uint32_t i = 0; i < n; i++)
        total += (wp__head(s->nodes[i])->title ? strlen(wp__head(s->nodes[i])->title) : 0) +
                 (s->nodes[i]->text ? strlen(s->nodes[i]->text) : 0) + 2;
    if ((buf = wp__malloc(total)) == NULL)
        goto nomem;
    for (uint32_t i = 0; i < n; i++) {
        put_flat(buf, &len, wp__head(s->nodes[i])->title);
        buf[len++] = ' ';
        put_flat(buf, &len, s->nodes[i]->text);
        buf[len++] = '\n';
    }
    buf[len] = '\0';
    if ((rc = wp__textnorm(&folded, buf, fold_flags(t2s), t2s)) < 0) {
        wp__free(buf);
        wp__dside_free(s);
        return rc;
    }
    wp__free(buf);
    buf = NULL;
    gcap = strlen(folded) + n + 1;
    if ((s->grams = wp__malloc(gcap * sizeof *s->grams)) == NULL)
        goto nomem;
    {
        const char *p = folded;
        uint32_t g = 0;
        for (uint32_t i = 0; i < n; i++) {
            const char *eol = strchr(p, '\n');
            size_t l = eol ? (size_t)(eol - p) : strlen(p);
            s->gstart[i] = g;
            g += grams_of(s->grams + g, p, l);
            p += l + (eol ? 1 : 0);
        }
        s->gstart[n] = g;
    }
    wp__free(folded);
    return 0;
nomem:
    wp__free(folded);
    wp__free(buf);
    wp__dside_free(s);
    return wp__err_nomem();
}

void wp__dside_free(wp__dside *s)
{
    wp__free(s->nodes);
    wp__free(s->parent);
    wp__free(s->nchild);
    wp__free(s->grams);
    wp__free(s->gstart);
    memset(s, 0, sizeof *s);
}

/* ---- candidates ------------------------------------------------------------ */

typedef struct cand {
    uint32_t a, b;
    float sim, score;
} cand;

typedef struct cvec {
    cand *items;
    size_t n, cap;
} cvec;

static int cvec_push(cvec *v, uint32_t a, uint32_t b, float sim)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        cand *p = wp__realloc(v->items, cap * sizeof *p);
        if (p == NULL)
            return wp__err_nomem();
        v->items = p;
        v->cap = cap;
    }
    v->items[v->n].a = a;
    v->items[v->n].b = b;
    v->items[v->n].sim = sim;
    v->items[v->n].score = sim;
    v->n++;
    return 0;
}

static size_t hash64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

typedef struct posting {
    uint64_t gram;
    uint32_t node;
} posting;

static int cmp_posting(const void *x, const void *y)
{
    const posting *a = x, *b = y;
    if (a->gram != b->gram)
        return a->gram < b->gram ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}


/* Gather text candidates through an inverted index over b's bigrams. */
static int text_candidates(cvec *out, const wp__dside *a, const wp__dside *b, unsigned k,
                           float floor)
{
    size_t np = b->gstart[b->n];
    posting *post = wp__malloc((np + 1) * sizeof *post);
    uint32_t *cnt = wp__malloc((b->n + 1) * sizeof *cnt);
    uint32_t *touched = wp__malloc((b->n + 1) * sizeof *touched);
    uint64_t *order = wp__malloc((b->n + 1) * sizeof *order);
    uint32_t maxg = 0, *order_hist = NULL;
    for (uint32_t i = 0; i < a->n; i++)
        if (a->gstart[i + 1] - a->gstart[i] > maxg)
            maxg = a->gstart[i + 1] - a->gstart[i];
    order_hist = wp__malloc((maxg + 2) * sizeof *order_hist);
    uint32_t cap = b->n / 20 > 64 ? b->n / 20 : 64; /* skip bigrams in more nodes */
    size_t nuniq = 0, tsize;
    uint64_t *tkey = NULL;
    uint32_t *tpos = NULL, *tlen = NULL;
    int rc = 0;
    if (!post || !cnt || !touched || !order || !order_hist) {
        rc = wp__err_nomem();
        goto done;
    }
    for (uint32_t j = 0; j < b->n; j++)
        for (uint32_t g = b->gstart[j]; g < b->gstart[j + 1]; g++) {
            post[g].gram = b->grams[g];
            post[g].node = j;
        }
    qsort(post, np, sizeof *post, cmp_posting);
    memset(cnt, 0, (b->n + 1) * sizeof *cnt);
    /* distinct bigrams → their run of postings, in an open-addressing
     * table (one probe or two, instead of a binary search of the postings) */
    for (size_t p = 0; p < np; p++)
        if (p == 0 || post[p].gram != post[p - 1].gram)
            nuniq++;
    for (tsize = 16; tsize < 2 * nuniq; tsize *= 2)
        ;
    tkey = wp__malloc(tsize * sizeof *tkey);
    tpos = wp__malloc(tsize * sizeof *tpos);
    tlen = wp__malloc(tsize * sizeof *tlen);
    if (!tkey || !tpos || !tlen) {
        rc = wp__err_nomem();
        goto done;
    }
    memset(tlen, 0, tsize * sizeof *tlen); /* length 0: empty slot */
    for (size_t p = 0; p < np;) {
        size_t e = p, h;
        while (e < np && post[e].gram == post[p].gram)
            e++;
        for (h = hash64(post[p].gram) & (tsize - 1); tlen[h] != 0; h = (h + 1) & (tsize - 1))
            ;
        tkey[h] = post[p].gram;
        tpos[h] = (uint32_t)p;
        tlen[h] = (uint32_t)(e - p);
        p = e;
    }
    for (uint32_t i = 0; i < a->n; i++) {
        uint32_t nt = 0, na = a->gstart[i + 1] - a->gstart[i];
        const uint64_t *ga = a->grams + a->gstart[i];
        for (uint32_t g = 0; g < na; g++) {
            size_t h = hash64(ga[g]) & (tsize - 1);
            while (tlen[h] != 0 && tkey[h] != ga[g])
                h = (h + 1) & (tsize - 1);
            if (tlen[h] == 0 || tlen[h] > cap)
                continue;
            for (size_t p = tpos[h], end = p + tlen[h]; p < end; p++) {
                if (cnt[post[p].node]++ == 0)
                    touched[nt++] = post[p].node;
            }
        }
        if (nt > k) {
            /* keep the k nodes sharing the most bigrams (ties: document
             * order), by a histogram of the counts: linear, not a sort */
            uint32_t *hist = order_hist;
            uint32_t cut = na, room = k, m = 0;
            memset(hist, 0, (na + 2) * sizeof *hist);
            for (uint32_t t = 0; t < nt; t++)
                hist[cnt[touched[t]] > na ? na : cnt[touched[t]]]++;
            while (cut > 0 && hist[cut] < room) {
                room -= hist[cut];
                cut--;
            }
            /* counts above `cut` all go in; `room` of those equal to it */
            for (uint32_t t = 0; t < nt; t++) {
                uint32_t j = touched[t], c = cnt[j] > na ? na : cnt[j];
                if (c > cut || (c == cut && room > 0)) {
                    if (c == cut)
                        room--;
                    order[m++] = j;
                } else {
                    cnt[j] = 0;
                }
            }
            for (uint32_t t = 0; t < m; t++)
                touched[t] = (uint32_t)order[t];
            nt = m;
        }
        for (uint32_t t = 0; t < nt; t++) {
            uint32_t j = touched[t];
            if (t < k) {
                double d = wp__dice(ga, na, b->grams + b->gstart[j], b->gstart[j + 1] - b->gstart[j]);
                if (d >= floor && (rc = cvec_push(out, i, j, (float)d)) < 0)
                    goto done;
            }
            cnt[j] = 0;
        }
    }
done:
    wp__free(post);
    wp__free(cnt);
    wp__free(touched);
    wp__free(order);
    wp__free(order_hist);
    wp__free(tkey);
    wp__free(tpos);
    wp__free(tlen);
    return rc;
}

static int cmp_ab(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int cmp_score(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->sim != b->sim)
        return a->sim > b->sim ? -1 : 1;
    return cmp_ab(x, y);
}

/* Greedy one-to-one assignment over candidates sorted by score. */
static void assign(cand *c, size_t n, double threshold, int32_t *ma, int32_t *mb, uint32_t na,
                   uint32_t nb, float *score, float *sim)
{
    for (uint32_t i = 0; i < na; i++)
        ma[i] = -1;
    for (uint32_t j = 0; j < nb; j++)
        mb[j] = -1;
    if (n > 1)
        qsort(c, n, sizeof *c, cmp_score);
    for (size_t t = 0; t < n; t++) {
        if (c[t].score < threshold)
            break;
        if (ma[c[t].a] >= 0 || mb[c[t].b] >= 0)
            continue;
        ma[c[t].a] = (int32_t)c[t].b;
        mb[c[t].b] = (int32_t)c[t].a;
        score[c[t].a] = c[t].score;
        sim[c[t].a] = c[t].sim;
    }
}

/* Pairs (parent(a), parent(b)) of matched children, sorted, as candidates
 * with sim 0 and `a`-field count in score (child overlap count). */
static int rescore(cvec *cv, const wp__dside *a, const wp__dside *b, const int32_t *ma,
                   const int32_t *mb)
{
    cvec pp = {0};
    int rc = 0;
    size_t i = 0, j = 0, n0;
    for (uint32_t c = 0; c < a->n; c++) {
        if (ma[c] < 0 || a->parent[c] < 0 || b->parent[ma[c]] < 0)
            continue;
        if ((rc = cvec_push(&pp, (uint32_t)a->parent[c], (uint32_t)b->parent[ma[c]], 0)) < 0)
            goto done;
    }
    if (pp.n > 1)
        qsort(pp.items, pp.n, sizeof *pp.items, cmp_ab);
    if (cv->n > 1)
        qsort(cv->items, cv->n, sizeof *cv->items, cmp_ab);
    /* merge-join: count children overlap per (pa, pb); new pairs are appended */
    n0 = cv->n;
    while (i < pp.n) {
        size_t e = i;
        while (e < pp.n && pp.items[e].a == pp.items[i].a && pp.items[e].b == pp.items[i].b)
            e++;
        while (j < n0 && cmp_ab(&cv->items[j], &pp.items[i]) < 0)
            j++;
        float co = (float)(2.0 * (double)(e - i) /
                           (a->nchild[pp.items[i].a] + b->nchild[pp.items[i].b]));
        if (j < n0 && cmp_ab(&cv->items[j], &pp.items[i]) == 0) {
            cv->items[j].score = co; /* temporarily: the overlap */
        } else {
            uint32_t pa = pp.items[i].a, pb = pp.items[i].b;
            double d = wp__dice(a->grams + a->gstart[pa], a->gstart[pa + 1] - a->gstart[pa],
                                b->grams + b->gstart[pb], b->gstart[pb + 1] - b->gstart[pb]);
            if ((rc = cvec_push(cv, pa, pb, (float)d)) < 0)
                goto done;
            cv->items[cv->n - 1].score = co;
        }
        i = e;
    }
done:
    wp__free(pp.items);
    return rc;
}

int wp__diff_match(const wp__dside *a, const wp__dside *b, const wp_diff_options *opt,
                   int32_t *ma, int32_t *mb, float *score, float *sim)
{
    cvec cv = {0};
    double floor = opt->threshold - 0.15 > 0.05 ? opt->threshold - 0.15 : 0.05;
    int rc;
    for (uint32_t i = 0; i < a->n; i++)
        score[i] = sim[i] = 0;
    if (a->n == 0 || b->n == 0) {
        for (uint32_t i = 0; i < a->n; i++)
            ma[i] = -1;
        for (uint32_t j = 0; j < b->n; j++)
            mb[j] = -1;
        return 0;
    }
    if ((rc = text_candidates(&cv, a, b, opt->max_candidates ? opt->max_candidates : 24,
                              (float)floor)) < 0)
        goto done;
    assign(cv.items, cv.n, opt->threshold, ma, mb, a->n, b->n, score, sim);
    for (int round = 0; round < 2; round++) {
        for (size_t t = 0; t < cv.n; t++)
            cv.items[t].score = -1; /* no child overlap known */
        if ((rc = rescore(&cv, a, b, ma, mb)) < 0)
            goto done;
        for (size_t t = 0; t < cv.n; t++) {
            cand *c = &cv.items[t];
            double s = c->sim, co = c->score;
            int32_t pa = a->parent[c->a], pb = b->parent[c->b];
            double ra = a->n > 1 ? (double)c->a / (a->n - 1) : 0;
            double rb = b->n > 1 ? (double)c->b / (b->n - 1) : 0;
            if (co >= 0 && 0.4 * s + 0.6 * co > s)
                s = 0.4 * s + 0.6 * co;
            if ((pa < 0 && pb < 0) || (pa >= 0 && pb >= 0 && ma[pa] == pb))
                s += 0.1;
            if (a->nodes[c->a]->kind == b->nodes[c->b]->kind)
                s += 0.02;
            s += 0.02 * (1.0 - (ra > rb ? ra - rb : rb - ra));
            c->score = (float)(s > 1.0 ? 1.0 : s);
        }
        assign(cv.items, cv.n, opt->threshold, ma, mb, a->n, b->n, score, sim);
    }
done:
    wp__free(cv.items);
    return rc;
}
