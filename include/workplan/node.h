/**
 * @file
 * workplan — nodes: the tree of headings, points, tasks and paragraphs.
 *
 * A node always belongs to one plan, which owns it. A new node is detached;
 * it enters the body through wp_plan_append_node() or one of the tree
 * operations below. Inserting a node that is already in the tree moves it.
 *
 * Which kind may contain which (checked by every tree operation and by
 * wp_node_set_kind):
 *
 *   body (top level)  any kind
 *   section           subsection point item task paragraph
 *   subsection        point item task paragraph
 *   point             item task paragraph
 *   item              task paragraph
 *   attachment        section subsection point item task paragraph
 *   task, paragraph   nothing
 *
 * A removed node is dead: every call on it fails with WP_EREMOVED (getters
 * return NULL / 0), and its memory stays valid until the plan is freed, so
 * a stale pointer is an error, not a crash.
 */
#ifndef WORKPLAN_NODE_H
#define WORKPLAN_NODE_H

#include "common.h"
#include "date.h"
#include "assignment.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of node. */
typedef enum wp_node_kind {
    WP_NODE_SECTION = 0,    /**< 一、 */
    WP_NODE_SUBSECTION = 1, /**< （一） */
    WP_NODE_POINT = 2,      /**< 1. */
    WP_NODE_ITEM = 3,       /**< （1） */
    WP_NODE_TASK = 4,       /**< one concrete measure */
    WP_NODE_PARAGRAPH = 5,  /**< free text */
    WP_NODE_ATTACHMENT = 6  /**< a table or annex */
} wp_node_kind;

/** Where a node stands in its execution. */
typedef enum wp_status {
    WP_STATUS_NOT_STARTED = 0,
    WP_STATUS_IN_PROGRESS = 1,
    WP_STATUS_DONE = 2,      /**< 办结 / 销号 */
    WP_STATUS_DELAYED = 3,
    WP_STATUS_EXTENDED = 4,  /**< 延期 granted */
    WP_STATUS_CANCELLED = 5
} wp_status;

/**
 * Create a detached node of `kind` owned by `plan`.
 * @param[out] out the new node, borrowed from the plan.
 * @param plan the plan that will own the node
 * @param kind the kind of node
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_node_new(wp_node **out, wp_plan *plan, wp_node_kind kind);

/**
 * Unlink a node from the tree and destroy it with its whole subtree. Its
 * id is freed for reuse. Any pointer to it or to its descendants (and to
 * their indicators and reports) becomes dead.
 * @return 0, WP_EINVAL, WP_EREMOVED.
 */
WP_EXTERN int wp_node_remove(wp_node *node);

/** True if `node` was removed (or is NULL). */
WP_EXTERN bool wp_node_is_removed(const wp_node *node);

/* ---- tree operations ----------------------------------------------------
 * All return 0, WP_EINVAL (NULL, or nodes of different plans),
 * WP_EREMOVED, or WP_ESTRUCTURE (containment rule broken, or the node
 * would become its own descendant). On failure nothing changes. */

/** Make `child` the last child of `parent`. */
WP_EXTERN int wp_node_append_child(wp_node *parent, wp_node *child);
/** Make `child` the first child of `parent`. */
WP_EXTERN int wp_node_prepend_child(wp_node *parent, wp_node *child);
/** Put `sibling` just before `node` (node must be in the body). */
WP_EXTERN int wp_node_insert_before(wp_node *node, wp_node *sibling);
/** Put `sibling` just after `node` (node must be in the body). */
WP_EXTERN int wp_node_insert_after(wp_node *node, wp_node *sibling);
/** Take a node (with its subtree) out of the body; it stays alive, detached. */
WP_EXTERN int wp_node_unlink(wp_node *node);

/* ---- navigation (NULL when absent, or when the node is NULL or removed) */

/** The plan owning the node. */
WP_EXTERN wp_plan *wp_node_plan(const wp_node *node);
/** The parent node; NULL for a top-level or detached node. */
WP_EXTERN wp_node *wp_node_parent(const wp_node *node);
/** The first child of a node, or NULL (borrowed). */
WP_EXTERN wp_node *wp_node_first_child(const wp_node *node);
/** The last child of a node, or NULL (borrowed). */
WP_EXTERN wp_node *wp_node_last_child(const wp_node *node);
/** The next sibling, or NULL (borrowed). */
WP_EXTERN wp_node *wp_node_next(const wp_node *node);
/** The previous sibling, or NULL (borrowed). */
WP_EXTERN wp_node *wp_node_prev(const wp_node *node);
/** Number of direct children. */
WP_EXTERN size_t wp_node_child_count(const wp_node *node);
/** True if the node is in the plan's body (not detached). */
WP_EXTERN bool wp_node_is_attached(const wp_node *node);
/** Depth in the body: 1 for top-level nodes, 0 if detached. */
WP_EXTERN int wp_node_depth(const wp_node *node);

/* ---- fields ------------------------------------------------------------- */

/** The node's kind (WP_NODE_PARAGRAPH for NULL or removed nodes). */
WP_EXTERN wp_node_kind wp_node_kind_of(const wp_node *node);
/** Change the kind; WP_ESTRUCTURE if the parent or children disallow it. */
WP_EXTERN int wp_node_set_kind(wp_node *node, wp_node_kind kind);
/** Name of a node kind ("section", …), or NULL if out of range. */
WP_EXTERN const char *wp_node_kind_name(wp_node_kind kind);
/** Parse a node kind name; WP_EINVAL if unknown. */
WP_EXTERN int wp_node_kind_parse(wp_node_kind *out, const char *name);

/** The node id, unique in the plan, or NULL if none was given. */
WP_EXTERN const char *wp_node_id(const wp_node *node);
/**
 * Set (or with NULL, clear) the node id.
 * @return 0, WP_EINVAL (empty id), WP_EEXISTS (taken by another node of
 *         the plan), WP_EUTF8, WP_EREMOVED, WP_ENOMEM.
 */
WP_EXTERN int wp_node_set_id(wp_node *node, const char *id);

/* Text fields: getter returns borrowed text or NULL; setter copies, NULL
 * clears; 0, WP_EINVAL, WP_EUTF8, WP_EREMOVED or WP_ENOMEM. */

/** The number as printed: "一", "（一）", "5". */
WP_EXTERN const char *wp_node_label(const wp_node *node);
/** Set the label as printed (copied), or clear it with NULL. */
WP_EXTERN int wp_node_set_label(wp_node *node, const char *label);
/** The heading. */
WP_EXTERN const char *wp_node_title(const wp_node *node);
/** Set the title (copied), or clear it with NULL. */
WP_EXTERN int wp_node_set_title(wp_node *node, const char *title);
/** The body text, as in the source. */
WP_EXTERN const char *wp_node_text(const wp_node *node);
/** Set the body text (copied), or clear it with NULL. */
WP_EXTERN int wp_node_set_text(wp_node *node, const char *text);
/** A grouping label, e.g. the 类别 column of a task table. */
WP_EXTERN const char *wp_node_category(const wp_node *node);
/** Set the category (copied), or clear it with NULL. */
WP_EXTERN int wp_node_set_category(wp_node *node, const char *category);

/** The number as an integer (一 → 1), or 0 if none. */
WP_EXTERN int64_t wp_node_number(const wp_node *node);
/** Set the number (>= 1), or clear it with 0; WP_EINVAL if negative. */
WP_EXTERN int wp_node_set_number(wp_node *node, int64_t number);

/** The status (WP_STATUS_NOT_STARTED by default). */
WP_EXTERN wp_status wp_node_status(const wp_node *node);
/** Set the status; WP_EINVAL if out of range. */
WP_EXTERN int wp_node_set_status(wp_node *node, wp_status status);
/** Name of a status ("not_started", …), or NULL if out of range. */
WP_EXTERN const char *wp_status_name(wp_status status);
/** Parse a status name; WP_EINVAL if unknown. */
WP_EXTERN int wp_status_parse(wp_status *out, const char *name);

/** The deadline, or NULL if none (borrowed). */
WP_EXTERN const wp_deadline *wp_node_deadline(const wp_node *node);
/**
 * Set (copy) the deadline, or clear it with NULL.
 * @return 0; WP_EINVAL if end is not a valid date, start is set but
 *         invalid or after end, or precision is out of range; WP_EUTF8;
 *         WP_EREMOVED; WP_ENOMEM.
 */
WP_EXTERN int wp_node_set_deadline(wp_node *node, const wp_deadline *deadline);

/**
 * The byte span of the node in the imported text.
 * @param[out] offset, length may be NULL.
 * @param node the node
 * @return true if the node has a span.
 */
WP_EXTERN bool wp_node_source(const wp_node *node, size_t *offset, size_t *length);
/** Record the byte span of the node in the imported text. */
WP_EXTERN int wp_node_set_source(wp_node *node, size_t offset, size_t length);
/** Forget the byte span. */
WP_EXTERN int wp_node_clear_source(wp_node *node);

/**
 * Where the node's *effective* responsibility comes from (shared/MODEL.md):
 * the node itself if it has assignments of its own, else its nearest
 * ancestor that has some; NULL when neither has any, or for a NULL/removed
 * node. Borrowed. O(depth); queries and roll-ups use their index instead.
 */
WP_EXTERN wp_node *wp_node_assignment_source(const wp_node *node);
/** Number of effective assignments (those of wp_node_assignment_source()). */
WP_EXTERN size_t wp_node_effective_assignment_count(const wp_node *node);
/** The unit of effective assignment `index` (borrowed), or NULL if out of range. */
WP_EXTERN wp_unit *wp_node_effective_assignment_unit(const wp_node *node, size_t index);
/** The role of effective assignment `index` (WP_ROLE_RESPONSIBLE if out of range). */
WP_EXTERN wp_role wp_node_effective_assignment_role(const wp_node *node, size_t index);
/** The person of effective assignment `index`, or NULL. */
WP_EXTERN const char *wp_node_effective_assignment_person(const wp_node *node, size_t index);

/** The node's custom attributes (borrowed; NULL for a NULL/removed node). */
WP_EXTERN wp_attrs *wp_node_attrs(wp_node *node);

#ifdef __cplusplus
}
#endif

#endif
