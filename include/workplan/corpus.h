/**
 * @file
 * workplan — corpora: many plans in one file, read one plan at a time.
 *
 * A corpus file is either a CBOR sequence (RFC 8742: workplan documents
 * one after another) or JSON Lines (one JSON document per line). The
 * reader detects which from the first byte and holds only a window of the
 * file in memory, so a corpus larger than memory can be scanned.
 */
#ifndef WORKPLAN_CORPUS_H
#define WORKPLAN_CORPUS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A streaming reader of a corpus. */
typedef struct wp_corpus_reader wp_corpus_reader;
/** A writer of a corpus file, committed atomically. */
typedef struct wp_corpus_writer wp_corpus_writer;

/** Corpus file formats. */
typedef enum wp_corpus_format {
    WP_CORPUS_CBOR = 0,  /**< CBOR sequence of workplan documents */
    WP_CORPUS_JSONL = 1  /**< JSON Lines, one document per line */
} wp_corpus_format;

/**
 * Open a corpus file for reading.
 * @param[out] out the reader, owned by the caller (wp_corpus_reader_free()).
 * @param path the corpus file
 * @return 0, WP_EINVAL, WP_EIO, WP_ENOMEM.
 */
WP_EXTERN int wp_corpus_reader_open(wp_corpus_reader **out, const char *path);

/**
 * Read a corpus held in memory. `data` is borrowed: it must outlive the
 * reader.
 */
WP_EXTERN int wp_corpus_reader_open_memory(wp_corpus_reader **out, const uint8_t *data,
                                           size_t len);

/**
 * Read the next plan.
 * @param[out] out the plan, owned by the caller (wp_plan_free()).
 * @param reader the reader
 * @return 0 with a plan; WP_ITEROVER at the end; or an error as
 *         wp_plan_from_cbor() / wp_plan_from_json() give it, with the
 *         offset counted from the start of the corpus (and the line, for
 *         JSON Lines). After an error the reader goes on with the next
 *         plan when it can tell where the failed one ends: always in JSON
 *         Lines (the next line), and in a CBOR sequence when the failed
 *         plan is well-formed CBOR (it broke the format's rules, not
 *         CBOR's). Otherwise (malformed CBOR, a document over
 *         WP_LIMIT_DOCUMENT_BYTES, out of memory, a read error) it stops,
 *         and later calls fail with WP_EINVAL.
 */
WP_EXTERN int wp_corpus_reader_next(wp_plan **out, wp_corpus_reader *reader);

/** The detected format of the corpus. */
WP_EXTERN wp_corpus_format wp_corpus_reader_format(const wp_corpus_reader *reader);

/** Byte offset, from the start of the corpus, of the next plan. */
WP_EXTERN size_t wp_corpus_reader_offset(const wp_corpus_reader *reader);

/** Number of plans read so far. */
WP_EXTERN size_t wp_corpus_reader_count(const wp_corpus_reader *reader);

/** Close the reader. NULL is accepted. */
WP_EXTERN void wp_corpus_reader_free(wp_corpus_reader *reader);

/**
 * Start writing a corpus file. The plans go to a temporary file beside
 * `path`; wp_corpus_writer_commit() makes it appear at `path` at once.
 * @param[out] out the writer, owned by the caller.
 * @param path the file to write (replaced on commit)
 * @param format WP_CORPUS_CBOR or WP_CORPUS_JSONL
 * @return 0, WP_EINVAL, WP_EIO, WP_ENOMEM.
 */
WP_EXTERN int wp_corpus_writer_open(wp_corpus_writer **out, const char *path,
                                    wp_corpus_format format);

/** Append a plan. @return 0, WP_EINVAL, WP_EIO, WP_ENOMEM. */
WP_EXTERN int wp_corpus_writer_add(wp_corpus_writer *writer, const wp_plan *plan);

/**
 * Flush, sync and rename the file into place. The writer can only be
 * freed afterwards, whatever the result.
 * @return 0, WP_EINVAL, WP_EIO.
 */
WP_EXTERN int wp_corpus_writer_commit(wp_corpus_writer *writer);

/** Free a writer; if it was not committed, its temporary file is removed
 * and `path` is left as it was. NULL is accepted. */
WP_EXTERN void wp_corpus_writer_free(wp_corpus_writer *writer);

#ifdef __cplusplus
}
#endif

#endif
