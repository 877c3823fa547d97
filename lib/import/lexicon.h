/*
 * The importer's lexicon: every word list the importer matches, in one
 * place, in Simplified script only. Traditional documents are matched by
 * folding a working copy of their text through OpenCC (import.c), so no
 * list is kept twice by hand. Not installed.
 */
#ifndef WP_LEXICON_H
#define WP_LEXICON_H

#include "workplan/workplan.h"

#include <stdbool.h>
#include <stddef.h>

/** A word that compares a figure: 不少于 (ge), 左右 (approx) … */
typedef struct wp__lex_cmp {
    const char *word;
    wp_op op;
} wp__lex_cmp;

/** Comparators before the figure (不少于100场, 降至9.3%), longest first. */
extern const wp__lex_cmp wp__lex_before[];
extern const size_t wp__lex_n_before;
/** Comparators after the figure or its unit (100场以上, 2000名左右). */
extern const wp__lex_cmp wp__lex_after[];
extern const size_t wp__lex_n_after;

/** Length in bytes of the longest target verb (开展, 筹建, 降至 …) at s, or 0. */
size_t wp__lex_verb_at(const char *s);
/** Build the lexicon's tables (once per process; thread-safe). The scans
 * call it once per import, then use the tables below without it. */
void wp__lex_init(void);
/** For each CJK character U+4E00..U+9FFF, 0 when no verb starts with it,
 * else 1 + the index of the first verb that does (after wp__lex_init()). */
extern unsigned char wp__lex_verb_first[0xA000 - 0x4E00];
/** wp__lex_verb_at(s) for an s whose first character c has
 * first = wp__lex_verb_first[c - 0x4E00] > 0. */
size_t wp__lex_verb_from(const char *s, unsigned first);
/** Verbs of reaching a level (提高到, 达到): the subject is before them. */
bool wp__lex_reach_at(const char *s);
/** The measure word or symbol at s (场次, 家, %, 人次 …), longest first; NULL if none. */
const char *wp__lex_measure_at(const char *s);
/** 力争 / 争取 at s (a hedge: the target is aspirational). */
size_t wp__lex_hedge_at(const char *s);
/** Words after a round Chinese number that make it a programme's name
 * (百名…专项, 千场…行动): NULL-terminated. */
extern const char *const wp__lex_programme[];
/** Words after a figure that make it a meeting's ordinal (二次全会). */
extern const char *const wp__lex_meeting[];

/* ---- headings, kinds, roles, metadata, furniture ---------------------- */

/** Plan kind from a title or heading (工作要点 → work_plan …); WP_PLAN_OTHER
 * when no kind word is in s. Sets *summary for summaries. */
int wp__lex_kind(const char *s, bool *summary);
/** Role of an annotation key (牵头单位 → lead, 配合 → support, 责任/负责 →
 * responsible); -2 for a person (牵头领导, 联系人); -1 if none. */
int wp__lex_role_key(const char *key, size_t len);
/** A word and the role it gives (wp_role). */
typedef struct wp__lex_role {
    const char *word;
    int role;
    size_t len; /* strlen(word) */
} wp__lex_role;
/** Role words that end a part of an annotation (A牵头，B配合，C按职责分工
 * 负责), longest first, NULL-terminated. */
extern const wp__lex_role wp__lex_role_tail[];
/** Organisation name endings (科协, 委员会, 办公室 …), NULL-terminated. */
extern const char *const wp__lex_org_tails[];
/** Summary list words (亮点一：, 大事二、), NULL-terminated. */
extern const char *const wp__lex_summary_words[];
/** Metadata labels at the start of a line: which field they give. */
typedef enum wp__lex_meta {
    WP__META_NONE = 0,
    WP__META_PUBLISHED, /* 发布时间： 发布日期： 时间： 日期： */
    WP__META_ISSUER,    /* 发布机构： 发文机关： 来源： (a source is only a hint) */
    WP__META_SOURCE,    /* 来源： */
    WP__META_TITLE,     /* 名称： 标题： (an information box) */
    WP__META_OTHER      /* 作者： 浏览次数 信息公开形式： … (skipped) */
} wp__lex_meta;
/** A metadata label at s (the whole label with its colon): its kind, and
 * its length in *len. */
wp__lex_meta wp__lex_meta_label(const char *s, size_t *len);
/** Page furniture at the start of a line (当前位置, 分享到, 字号 …). */
bool wp__lex_furniture_start(const char *s);
/** Furniture anywhere in a short line (ICP备, 公网安备). */
bool wp__lex_furniture_inside(const char *s);

/** Self-check for the tests: the verb table is sorted (binary search). */
bool wp__lex_check(void);

#endif
