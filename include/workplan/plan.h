/**
 * @file
 * workplan — a plan: one document, its metadata and its top-level nodes.
 *
 * Ownership: the plan owns everything it contains (nodes, units,
 * indicators, reports, strings). Setters copy their arguments. Getters
 * return borrowed pointers that stay valid until that field is changed,
 * the owning node is removed, or the plan is freed.
 *
 * Memory: a plan allocates from its own arena, which is released in one go
 * by wp_plan_free(). Values replaced by a setter and nodes that are removed
 * keep their memory until then; wp_plan_copy() gives a compact copy of a
 * plan that was edited at length.
 *
 * Thread safety: distinct plans may be used from distinct threads freely.
 * One plan may be read from several threads at once; any modification
 * needs the caller's exclusive lock.
 */
#ifndef WORKPLAN_PLAN_H
#define WORKPLAN_PLAN_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What kind of document a plan is. */
typedef enum wp_plan_kind {
    WP_PLAN_WORK_PLAN = 0,           /**< 工作要点 */
    WP_PLAN_IMPLEMENTATION_PLAN = 1, /**< 工作方案 / 实施方案 */
    WP_PLAN_SUMMARY = 2,             /**< 总结 / 大事记 */
    WP_PLAN_NOTICE = 3,              /**< 通知 */
    WP_PLAN_OTHER = 4
} wp_plan_kind;

/** A document number (发文字号), e.g. 渝科协发〔2024〕17号. Used by value. */
typedef struct wp_doc_number {
    const char *text;   /**< as printed; required when set on a plan */
    const char *prefix; /**< 渝科协发, or NULL */
    int year;           /**< 2024, or 0 if unknown */
    int serial;         /**< 17, or 0 if unknown */
} wp_doc_number;

/**
 * Create an empty plan (kind WP_PLAN_OTHER, script "zh-Hans", no nodes).
 * @param[out] out the new plan, owned by the caller (wp_plan_free()).
 * @return 0, WP_EINVAL, or WP_ENOMEM.
 */
WP_EXTERN int wp_plan_new(wp_plan **out);

/** Free a plan and everything it owns. NULL is accepted. */
WP_EXTERN void wp_plan_free(wp_plan *plan);

/**
 * Deep-copy a plan: metadata, units, nodes, attributes, reports.
 * The copy is compact (no memory of replaced values or removed nodes).
 * @param[out] out the copy, owned by the caller.
 * @param plan the plan to copy
 */
WP_EXTERN int wp_plan_copy(wp_plan **out, const wp_plan *plan);

/**
 * Structural equality: same metadata, same units (ids, names, aliases in
 * order), same node trees with the same fields, assignments (compared by
 * unit id), indicators, reports and attributes. Two NULLs are equal.
 */
WP_EXTERN bool wp_plan_equal(const wp_plan *a, const wp_plan *b);

/* ---- text metadata ------------------------------------------------------
 * Each getter returns the borrowed value or NULL when unset. Each setter
 * copies its UTF-8 argument; NULL clears the field. Setters return 0,
 * WP_EINVAL (plan is NULL), WP_EUTF8 or WP_ENOMEM. */

/** Stable identifier of the plan (user-set, else derived by the importer). */
WP_EXTERN const char *wp_plan_id(const wp_plan *plan);
/** Set the plan id (copied), or clear it with NULL. */
WP_EXTERN int wp_plan_set_id(wp_plan *plan, const char *id);
/** Title, e.g. 市科协2024年工作要点 (without 《》 and the notice wrapper). */
WP_EXTERN const char *wp_plan_title(const wp_plan *plan);
/** Set the title (copied), or clear it with NULL. */
WP_EXTERN int wp_plan_set_title(wp_plan *plan, const char *title);
/** Issuing body (发文机关). */
WP_EXTERN const char *wp_plan_issuer(const wp_plan *plan);
/** Set the issuing body (copied), or clear it with NULL. */
WP_EXTERN int wp_plan_set_issuer(wp_plan *plan, const char *issuer);
/** Body that printed and issued the document (印发机关). */
WP_EXTERN const char *wp_plan_publisher(const wp_plan *plan);
/** Set the publishing body (copied), or clear it with NULL. */
WP_EXTERN int wp_plan_set_publisher(wp_plan *plan, const char *publisher);
/** Script as a BCP 47 tag ("zh-Hans", "zh-Hant"). Never NULL: clearing
 * it restores "zh-Hans". */
WP_EXTERN const char *wp_plan_script(const wp_plan *plan);
/** Set the script tag (copied); NULL restores "zh-Hans". */
WP_EXTERN int wp_plan_set_script(wp_plan *plan, const char *script);
/** The opening paragraph(s) before the first heading. */
WP_EXTERN const char *wp_plan_preamble(const wp_plan *plan);
/** Set the preamble (copied), or clear it with NULL. */
WP_EXTERN int wp_plan_set_preamble(wp_plan *plan, const char *preamble);

/* ---- other scalar metadata ---------------------------------------------- */

/** The kind of document (WP_PLAN_OTHER if the plan pointer is NULL). */
WP_EXTERN wp_plan_kind wp_plan_kind_of(const wp_plan *plan);
/** Set the kind; WP_EINVAL if out of range. */
WP_EXTERN int wp_plan_set_kind(wp_plan *plan, wp_plan_kind kind);
/** Name of a plan kind ("work_plan", …), or NULL if out of range. */
WP_EXTERN const char *wp_plan_kind_name(wp_plan_kind kind);
/** Parse a plan kind name; WP_EINVAL if unknown. */
WP_EXTERN int wp_plan_kind_parse(wp_plan_kind *out, const char *name);

/** The year the plan covers, or 0 if unknown. */
WP_EXTERN int wp_plan_year(const wp_plan *plan);
/** Set the year (1..9999), or 0 to clear; WP_EINVAL otherwise. */
WP_EXTERN int wp_plan_set_year(wp_plan *plan, int year);

/** Date the document was signed (成文日期), or WP_DATE_NONE. */
WP_EXTERN wp_date wp_plan_issued(const wp_plan *plan);
/** Set the issued date (a valid date or WP_DATE_NONE); WP_EINVAL otherwise. */
WP_EXTERN int wp_plan_set_issued(wp_plan *plan, wp_date date);
/** Date of printing or web publication, or WP_DATE_NONE. */
WP_EXTERN wp_date wp_plan_published(const wp_plan *plan);
/** Set the publication date (a valid date or WP_DATE_NONE); WP_EINVAL otherwise. */
WP_EXTERN int wp_plan_set_published(wp_plan *plan, wp_date date);

/**
 * The document number, or NULL if none. Borrowed; its strings too.
 */
WP_EXTERN const wp_doc_number *wp_plan_doc_number(const wp_plan *plan);
/**
 * Set (copy) the document number, or clear it with NULL.
 * @return 0, WP_EINVAL (text NULL, negative year or serial), WP_EUTF8,
 *         WP_ENOMEM.
 */
WP_EXTERN int wp_plan_set_doc_number(wp_plan *plan, const wp_doc_number *number);

/* ---- lists: recipients, references, attachments -------------------------
 * Indexes are 0-based; an index out of range gives NULL (getters) or
 * WP_EINVAL (removers). */

/** Number of recipients (主送机关). */
WP_EXTERN size_t wp_plan_recipient_count(const wp_plan *plan);
/** Recipient `index` (borrowed), or NULL. */
WP_EXTERN const char *wp_plan_recipient(const wp_plan *plan, size_t index);
/** Append a recipient (copied). */
WP_EXTERN int wp_plan_add_recipient(wp_plan *plan, const char *recipient);
/** Remove recipient `index`; WP_EINVAL if out of range. */
WP_EXTERN int wp_plan_remove_recipient(wp_plan *plan, size_t index);

/** Number of cited documents. */
WP_EXTERN size_t wp_plan_reference_count(const wp_plan *plan);
/** Title of a cited document, or NULL. */
WP_EXTERN const char *wp_plan_reference_title(const wp_plan *plan, size_t index);
/** Document number of a cited document, or NULL. */
WP_EXTERN const wp_doc_number *wp_plan_reference_doc_number(const wp_plan *plan,
                                                            size_t index);
/**
 * Append a cited document. At least one of title and number must be given.
 * @return 0, WP_EINVAL, WP_EUTF8, WP_ENOMEM.
 */
WP_EXTERN int wp_plan_add_reference(wp_plan *plan, const char *title,
                                    const wp_doc_number *number);
/** Remove cited document `index`; WP_EINVAL if out of range. */
WP_EXTERN int wp_plan_remove_reference(wp_plan *plan, size_t index);

/** Number of attachments (附件). */
WP_EXTERN size_t wp_plan_attachment_count(const wp_plan *plan);
/** Title of attachment `index` (borrowed), or NULL. */
WP_EXTERN const char *wp_plan_attachment_title(const wp_plan *plan, size_t index);
/** Append an attachment by its title (required). */
WP_EXTERN int wp_plan_add_attachment(wp_plan *plan, const char *title);
/** Remove attachment `index`; WP_EINVAL if out of range. */
WP_EXTERN int wp_plan_remove_attachment(wp_plan *plan, size_t index);

/** The plan's custom attributes (borrowed, never NULL for a valid plan). */
WP_EXTERN wp_attrs *wp_plan_attrs(wp_plan *plan);

/* ---- the body ----------------------------------------------------------- */

/** First / last top-level node, or NULL if the body is empty. */
WP_EXTERN wp_node *wp_plan_first_node(const wp_plan *plan);
/** The last top-level node, or NULL if the body is empty. */
WP_EXTERN wp_node *wp_plan_last_node(const wp_plan *plan);
/** Number of top-level nodes. */
WP_EXTERN size_t wp_plan_top_count(const wp_plan *plan);
/** Number of nodes in the body, at every depth (detached nodes not counted). */
WP_EXTERN size_t wp_plan_node_count(const wp_plan *plan);

/**
 * Append a node of this plan at the end of the body (as a top-level node).
 * A node that is already in the tree is moved.
 * @return 0, WP_EINVAL, WP_EREMOVED, WP_ESTRUCTURE.
 */
WP_EXTERN int wp_plan_append_node(wp_plan *plan, wp_node *node);
/** Insert a node of this plan at the start of the body. */
WP_EXTERN int wp_plan_prepend_node(wp_plan *plan, wp_node *node);

/**
 * Find a live node of this plan (attached or not) by its id.
 * @return the borrowed node, or NULL.
 */
WP_EXTERN wp_node *wp_plan_find_node(const wp_plan *plan, const char *id);

/**
 * Give every node that has no id its default id from its position
 * (MODEL.md "node id"): numbered headings follow their numbering path
 * (二/（三）/5 → "2.3.5"), tasks get "<parent>.t1", "t2", …, paragraphs
 * "<parent>.p1", …, top-level attachments "a1", rows inside them
 * "a1.r1", …. A default id that is already taken gets "-2", "-3", …
 * appended. Existing ids are kept.
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_plan_assign_ids(wp_plan *plan);

#ifdef __cplusplus
}
#endif

#endif
