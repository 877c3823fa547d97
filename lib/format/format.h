/*
 * The integer map keys of the workplan CBOR format (doc/FORMAT.md is the
 * specification; keep the two in step). Keys never change meaning within
 * a major format version; new keys get new numbers.
 */
#ifndef WP_FORMAT_H
#define WP_FORMAT_H

#define WP__FORMAT_VERSION 1
#define WP__TAG_SELF_DESCRIBE 55799u
/* "WPLN" as a 4-byte tag (RFC 9277 style magic): files start d9d9f7 da57504c4e */
#define WP__TAG_WORKPLAN 0x57504C4Eu

enum { K_DOC_VERSION = 0, K_DOC_PLAN = 1 };

enum {
    K_PLAN_ID = 1, K_PLAN_KIND, K_PLAN_TITLE, K_PLAN_ISSUER, K_PLAN_DOC_NUMBER, K_PLAN_ISSUED,
    K_PLAN_PUBLISHED, K_PLAN_PUBLISHER, K_PLAN_YEAR, K_PLAN_SCRIPT, K_PLAN_RECIPIENTS,
    K_PLAN_PREAMBLE, K_PLAN_REFERENCES, K_PLAN_ATTACHMENTS, K_PLAN_UNITS, K_PLAN_ATTRS,
    K_PLAN_NODES
};

enum {
    K_NODE_ID = 1, K_NODE_KIND, K_NODE_LABEL, K_NODE_NUMBER, K_NODE_TITLE, K_NODE_TEXT,
    K_NODE_CATEGORY, K_NODE_DEADLINE, K_NODE_STATUS, K_NODE_ASSIGNMENTS, K_NODE_INDICATORS,
    K_NODE_PROGRESS, K_NODE_SOURCE, K_NODE_ATTRS, K_NODE_CHILDREN
};

enum { K_DOCNUM_TEXT = 1, K_DOCNUM_PREFIX, K_DOCNUM_YEAR, K_DOCNUM_SERIAL };
enum { K_REF_TITLE = 1, K_REF_DOC_NUMBER };
enum { K_ATT_TITLE = 1 };
enum { K_UNIT_ID = 1, K_UNIT_NAME, K_UNIT_ALIASES };
enum { K_ASSIGN_UNIT = 1, K_ASSIGN_ROLE, K_ASSIGN_PERSON };
enum { K_DL_TEXT = 1, K_DL_START, K_DL_END, K_DL_PRECISION, K_DL_ASPIRATIONAL };
enum {
    K_IND_TEXT = 1, K_IND_SUBJECT, K_IND_OP, K_IND_VALUE, K_IND_UNIT, K_IND_ASPIRATIONAL,
    K_IND_CUMULATIVE, K_IND_BASELINE, K_IND_MAX
};
enum { K_REP_DATE = 1, K_REP_BY, K_REP_TEXT, K_REP_PERCENT, K_REP_STATE, K_REP_ACTUALS };

/* The known keys of a map as a bit set (bit k: key k), keys 1..last: the
 * CBOR decoder reads these as fields (wp__dec_open_map), whatever their
 * head's length, so the JSON reader refuses them in "_cbor_extra"
 * (wp__jr_members). The document map also knows key 0 (WP__KNOWN_DOC). */
#define WP__KNOWN(last) ((2ull << (last)) - 2)
#define WP__KNOWN_DOC (WP__KNOWN(K_DOC_PLAN) | 1ull)

#endif
