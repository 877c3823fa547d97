/*
 * Internal declarations of the importer (not installed): the document as
 * cleaned lines, and the passes over it (import_meta.c, import_body.c,
 * import_facts.c, import_resp.c), orchestrated by import.c.
 *
 * Every string the passes read is UTF-8: the text is checked (or converted
 * from GB18030) before it is split into lines, and pieces are cut at
 * character boundaries. The hot scans rely on it: a byte E4-E9 (the lead
 * of U+4000..U+9FFF, most of a Chinese text) is stepped over with the two
 * continuation bytes that must follow it, without testing them.
 */
#ifndef WP_IMPORTX_H
#define WP_IMPORTX_H

#include "internal.h"

#include <string.h>

/* One line of the document. */
typedef struct wp__line {
    const char *raw;  /* the line in the UTF-8 text (not NUL-terminated) */
    size_t raw_len;
    size_t off;       /* byte offset of raw in the text */
    char *s;          /* cleaned: pinyin glosses and U+FFFD removed, NBSP as
                       * space, trimmed; NUL-terminated */
    size_t len;
    int no;           /* 1-based line number */
    bool tab;         /* raw began with a tab (a table cell, one per line) */
    bool used;        /* consumed by the metadata pass or skipped */
} wp__line;

struct wp_import_report {
    size_t counts[WP_IMPORT_LINES_SKIPPED + 1];
    struct wp__warning {
        int line;
        char *message;
    } *warnings;
    size_t n_warnings, cap_warnings;
};

typedef struct wp__imp {
    wp_plan *plan;
    wp_import_report *rep;
    wp_import_options opt;
    const char *text; /* the UTF-8 text */
    size_t text_len;
    char *mut;        /* text itself when it may be written (with a byte to
                       * spare after it), else NULL: lines that cleaning
                       * keeps as they are are then used in place (their
                       * line break overwritten by a NUL), not copied */
    wp__line *lines;
    size_t n_lines;
    size_t body;      /* index of the first body line (after the title block) */
    int year;         /* the plan year, 0 if unknown */
    bool summary;     /* a year-end summary: figures are achievements */
    void *t2s;        /* OpenCC converter or NULL */
    bool traditional; /* the text is in Traditional script */
    /* Folding (import.c): a Traditional document's lines are converted in
     * place to Simplified (character for character, same byte lengths), so
     * the lexicon is matched in one script; printed holds the lines as
     * printed, at the same offsets, to give the plan the printed text. */
    char *fold_base;  /* the cleaned lines' buffer (folded): a line's copy
                       * is at fold_base + its offset in the text */
    char *printed;    /* the same, as printed; NULL when nothing was folded */
    size_t fold_cap;
    size_t cur_line;  /* the line being read, where copies are looked up */
    size_t hint_line, hint; /* where in it the last copy was found */
    const struct wp__line *span_line; /* where the last source span was found */
    size_t span_at;
    struct wp__fold_pair {
        uint32_t fold, print;
    } *cmap;          /* folded → printed characters, for composite strings */
    size_t n_cmap;
    char meta_issuer[256]; /* 发布机构：… of the web page, as printed */
    char meta_title[512];  /* 名称：… / 标题：… of the web page */
    char *pbuf;       /* wp__imp_printed()'s result */
    size_t pcap;
    char *tbuf;       /* the sentence tasks() is reading (import_body.c) */
    size_t tcap;
    char person[128]; /* 牵头领导：… of the annotation being read, for its
                       * first assignment ("" when none) */
    int rc;           /* the first hard error (ENOMEM) */
    wp_error err;     /* wp_error_last() when rc was set (message in errmsg):
                       * later warnings and calls may clear the thread's
                       * error, the caller must still see this one */
    char errmsg[256];
} wp__imp;

/* import.c */
void wp__imp_warn(wp__imp *im, int line, const char *fmt, ...) WP__PRINTF(3, 4);
/** Record a failure of a library call (keeps the first). Returns rc. */
int wp__imp_fail(wp__imp *im, int rc);

/** The text as printed for s, a working (folded) string of the line being
 * read: s itself unless the document was folded from Traditional script
 * (import.c). The result is valid until the next call. */
const char *wp__imp_printed(wp__imp *im, const char *s);

/* UTF-8 and numerals (import_facts.c) */
uint32_t wp__cp_slow(const char *s, size_t *len);
/** Code point at s (0 at the end), its length in *len; invalid bytes read
 * as U+FFFD of length 1. ASCII and well-formed 3-byte characters (all of
 * CJK) are decoded inline: the scans call this at every character. */
static inline uint32_t wp__cp(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = u[0] != 0;
        return u[0];
    }
    /* Led by E1-EC or EE-EF (E0 and ED lead the forms that may be overlong
     * or surrogates: wp__cp_slow) and two continuation bytes (u[2] is read
     * only when u[1] is one, so never past a NUL). */
    if (u[0] - 0xE1u <= 0xEu && u[0] != 0xED && (u[1] ^ 0x80u) < 0x40u && (u[2] ^ 0x80u) < 0x40u) {
        *len = 3;
        return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    return wp__cp_slow(s, len);
}
/** Does s start with lit? Inline with a first-byte test: called at every
 * character by the scans, mostly with a literal. */
static inline bool wp__starts(const char *s, const char *lit)
{
    /* The first character (up to 3 bytes) byte by byte: most calls differ
     * there (many words share a first byte, few a first character). s is
     * read only while it matches lit, so never past its NUL; l is a
     * constant for a literal. */
    size_t l;
    if (s[0] != lit[0])
        return false;
    if (lit[0] == '\0')
        return true;
    l = strlen(lit);
    if (l == 1)
        return true;
    if (s[1] != lit[1])
        return false;
    if (l == 2)
        return true;
    if (s[2] != lit[2])
        return false;
    return l == 3 || strncmp(s + 3, lit + 3, l - 3) == 0;
}
/** Can a number start with the code point cp: an Arabic digit (half- or
 * full-width), a Chinese digit (〇一二三四五六七八九零两兩) or 十百千? */
static inline bool wp__number_start(uint32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94:
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x96F6: case 0x4E24:
    case 0x5169: case 0x5341: case 0x767E: case 0x5343:
        return true;
    default:
        return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
    }
}
bool wp__number_at_slow(const char *s, size_t *len, double *value, bool *chinese);
/** A Chinese numeral (〇一二三四五六七八九十百千万两零) or Arabic number
 * (half- or full-width, with a decimal point) at s. Inline: the scans call
 * it at every character, and most characters cannot start a number. */
static inline bool wp__number_at(const char *s, size_t *len, double *value, bool *chinese)
{
    size_t n;
    if ((unsigned char)s[0] < 0x80 && (s[0] < '0' || s[0] > '9'))
        return false;
    if (!wp__number_start(wp__cp(s, &n)))
        return false;
    return wp__number_at_slow(s, len, value, chinese);
}
bool wp__is_cjk(uint32_t cp);
/* import_numbers.c, for the deadline scan: the value of a Chinese digit
 * (〇一…九, 零, 两/兩; else -1) and of a scale (十百千; else 0); a whole
 * number in [0, 1000] as an int (else -1); a year (2024, 二〇二四) at s. */
int wp__imp_cn_digit(uint32_t cp);
int wp__imp_cn_scale(uint32_t cp);
int wp__imp_small_int(double v);
bool wp__imp_year_at(const char *s, size_t *len, int *year);

/** Build the scans' tables (import_facts.c, lexicon.c): once per process,
 * thread-safe; called at the start of every import. */
void wp__imp_facts_init(void);

/* passes */
void wp__imp_meta(wp__imp *im);   /* import_meta.c: metadata, title block */
void wp__imp_body(wp__imp *im);   /* import_body.c: hierarchy, tasks, tables */
/** Indicators and the deadline of one task or point text (import_facts.c). */
void wp__imp_facts(wp__imp *im, wp_node *node, const char *text, int line);
/** Parse a date (2024年3月26日, 二〇二四年三月一日, 2024-03-27) at s. */
bool wp__imp_date(const char *s, size_t *len, wp_date *out);
/** Can a date start at s (is its first character a digit of a year)? When
 * not, wp__imp_date(s) is false. */
bool wp__imp_date_may_start(const char *s);
/** A trailing responsibility annotation of `text` (import_resp.c): if there
 * is one, assign its units to `node` and return its start (to cut it off);
 * else return NULL. */
const char *wp__imp_annotation(wp__imp *im, wp_node *node, const char *text, int line);
/** Assign a list of unit names (split on 、，,；; ) to node with role. */
/** A whole line or sentence that is an annotation without brackets
 * ("牵头单位：市科技馆"): assigned to `node`; false if it is not one. */
bool wp__imp_annotation_line(wp__imp *im, wp_node *node, const char *text, int line);
void wp__imp_assign_list(wp__imp *im, wp_node *node, const char *list, size_t len,
                         wp_role role, int line);
/** Try to read a task table starting at line i; returns the number of lines
 * used (0: not a table). */
size_t wp__imp_table(wp__imp *im, size_t i, wp_node *attachment);
/** Link task-table rows to the body tasks they restate (attr "restates"). */
void wp__imp_link_rows(wp__imp *im);
/** Traditional-script detection over the body (import_meta.c). */
bool wp__imp_is_traditional(wp__imp *im);
/** Does the line open with a heading label (一、 （一） 1. （1） ① 亮点一：)? */
bool wp__imp_is_heading(const char *s);

#endif
