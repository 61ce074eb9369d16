/* Reading a corpus for the index: text files (any encoding the library
 * loads; the id is the path), directories (recursively, in name order) and
 * JSON Lines files (*.jsonl, *.ndjson, or "-" for stdin). */
#ifndef GOVTEXT_TOOLS_INDEX_INPUT_H
#define GOVTEXT_TOOLS_INDEX_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"

/* Receives each document; returns 0 to go on, non-zero to stop. */
typedef int (*doc_sink)(void *ctx, const char *id, size_t id_len, const char *text, size_t len,
                        const govtext_doc_meta *meta);

typedef struct input_stats {
    int quiet;        /* no progress lines */
    int skip_bad;     /* report bad inputs and go on, instead of stopping */
    uint64_t docs, bytes, bad;
    double t0, last;  /* start, last progress line (seconds) */
    char where[600];  /* the document being fed: "path:line" or "path" */
} input_stats;

double now_seconds(void);
/* Feeds every document of the inputs to sink.  Returns 0, or 1 after
 * printing why it stopped. */
int feed_inputs(char **inputs, int n, doc_sink sink, void *ctx, input_stats *st);

#endif
