/* What the index peers (Groonga, SQLite FTS5, Xapian) share: reading the
 * JSON Lines corpus, the query file, the warm query loop and its output in
 * the format of `govtext search --batch`, so that one comparer (compare.py)
 * reads every engine's answers the same way. */
#ifndef GT_BENCH_PEER_COMMON_H
#define GT_BENCH_PEER_COMMON_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One corpus line.  id and text are decoded UTF-8, NUL-terminated, owned
 * by the reader and valid until the next peer_jsonl_next. */
typedef struct peer_doc {
    char *id;
    size_t id_len;
    char *text;
    size_t text_len;
} peer_doc;

typedef struct peer_jsonl peer_jsonl;

/* Opens path; NULL (after a message on stderr) when it cannot. */
peer_jsonl *peer_jsonl_open(const char *path);
/* 1 = a document, 0 = end, -1 = a malformed line (message on stderr). */
int peer_jsonl_next(peer_jsonl *r, peer_doc *doc);
void peer_jsonl_close(peer_jsonl *r);

/* Collects the ids of one query's hits. */
typedef struct peer_hits {
    char *buf;        /* ids, each NUL-terminated, one after the other */
    size_t len, cap;
    size_t count;
} peer_hits;

void peer_hits_add(peer_hits *h, const char *id, size_t id_len);

/* Runs search over every query of queries_path twice and prints the
 * second, warm pass as JSON lines: {"query", "total", "hits": [{"id"}],
 * "micros"}.  A query line holds its parts separated by TABs (the parts
 * are ANDed; what a part means is up to the engine).  search returns 0, or
 * non-zero after printing why to stderr.  Returns the process exit code. */
typedef int (*peer_search_fn)(void *engine, char **parts, int n_parts, peer_hits *hits);
int peer_run_queries(const char *queries_path, peer_search_fn search, void *engine);

/* Monotonic seconds. */
double peer_now(void);

/* Prints "usage" and the program's modes. */
int peer_usage(const char *prog, const char *extra);

#ifdef __cplusplus
}
#endif

#endif
