/* What the index suites share: a small corpus made of the excerpts in
 * tests/data (one document per line, with metadata), an independent
 * brute-force substring search to compare the index with, and helpers to
 * build, save and query indexes through the public API only. */
#ifndef GOVTEXT_CHECK_INDEX_CORPUS_H
#define GOVTEXT_CHECK_INDEX_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"

typedef struct tdoc {
    char id[64];
    char *text;
    size_t len;
    const char *title, *date, *source;
    int32_t year;     /* as given to the writer (0 = take it from the date) */
    int32_t eff_year; /* what the index should report */
} tdoc;

typedef struct tcorpus {
    tdoc *docs;
    size_t n, cap;
} tcorpus;

/* Every non-empty line of the excerpts plus the synthetic documents below
 * (ASCII in several cases, white space of several kinds, repeats, an empty
 * text).  Free with corpus_free(). */
void corpus_load(tcorpus *c);
void corpus_free(tcorpus *c);
/* Appends a document (text copied). */
void corpus_add(tcorpus *c, const char *id, const char *text, size_t len, const char *source,
                int32_t year);

/* Document d's text as a malloc'd copy (through govtext_index_doc_text's
 * buffer protocol); NULL when the call fails.  free() it. */
char *doc_text_copy(const govtext_index *idx, size_t d, size_t *len);

/* Unicode White_Space, the characters the header says break pairs. */
int bf_is_space(uint32_t c);

/* Brute force: overlapping occurrences of the phrase q[0..qlen) in
 * text[0..len), bytes compared with ASCII case folding, and every
 * white-space character of q matching exactly one white-space character
 * of the text.  q must not begin or end with white space.  *first gets the
 * byte offset of the first match (if any). */
uint64_t bf_count(const char *text, size_t len, const char *q, size_t qlen, size_t *first);

/* A unique directory under /tmp (mkdtemp); free() the result.  rm_rf
 * removes it. */
char *tmpdir_new(void);
void rm_rf(const char *dir);
/* dir/name in a static-free buffer the caller frees. */
char *path_join(const char *dir, const char *name);

/* A writer with flags holding docs[from, to) step `step`; fails the test on
 * any error. */
govtext_index_writer *writer_with(const tcorpus *c, size_t from, size_t to, size_t step,
                                  uint32_t flags);
/* Saves a few documents without metadata (len 0 = strlen) as an index at
 * path; fails the test on any error. */
typedef struct tsmall {
    const char *id, *text;
    size_t len;
} tsmall;
void save_small(const char *path, const tsmall *docs, size_t n);

/* Saves and opens; fails the test on any error. */
govtext_index *save_and_open(govtext_index_writer *w, const char *path);
govtext_index *open_index(const char *path);

/* Hits of a search with limit ALL, by document number: occ[doc] gets the
 * occurrences (0 = no hit), returns the total.  occ has doc_count slots. */
size_t search_all(const govtext_index *idx, govtext_results *r, const char *q, size_t qlen,
                  uint64_t *occ);

/* Whole file into memory (free()); NULL if it cannot be read. */
unsigned char *read_file(const char *path, size_t *len);
void write_file(const char *path, const void *data, size_t len);

#endif
