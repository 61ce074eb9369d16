/* SQLite FTS5 as an index peer, with the trigram tokenizer over the raw
 * text, or unicode61 over text whose words are already separated by spaces
 * (the driver segments it first).  The table is contentless (content=''):
 * only the index is stored, as for the other peers; ids sit in a side
 * table.  A query part becomes an FTS5 phrase ("...", quotes doubled), the
 * parts are ANDed.
 *   peer_fts5 trigram|unicode61 build DIR CORPUS.jsonl
 *   peer_fts5 trigram|unicode61 search DIR QUERIES */
#include "peer_common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct engine {
    sqlite3 *db;
    char **ids; /* by rowid - 1 */
    size_t n_ids;
    char *match;
    size_t match_cap;
} engine;

static int sql_fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "peer_fts5: %s: %s\n", what, sqlite3_errmsg(db));
    return 1;
}

static int open_db(const char *dir, int create, sqlite3 **db)
{
    char path[4096];
    if (create && mkdir(dir, 0777) != 0) {
        perror(dir);
        return 1;
    }
    snprintf(path, sizeof path, "%s/fts5.db", dir);
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, db, flags, NULL) != SQLITE_OK)
        return sql_fail(*db, path);
    return 0;
}

static int build(const char *tokenizer, const char *dir, const char *corpus)
{
    sqlite3 *db = NULL;
    if (open_db(dir, 1, &db) != 0) {
        sqlite3_close(db);
        return 1;
    }
    char ddl[512];
    snprintf(ddl, sizeof ddl,
             "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
             "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT);"
             "CREATE VIRTUAL TABLE t USING fts5(text, content='', tokenize='%s');"
             "BEGIN;", tokenizer);
    if (sqlite3_exec(db, ddl, NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(db, "schema");
    sqlite3_stmt *ins_t = NULL, *ins_d = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, text) VALUES(?, ?)", -1, &ins_t, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO docs(rowid, id) VALUES(?, ?)", -1, &ins_d, NULL))
        return sql_fail(db, "prepare");
    peer_jsonl *r = peer_jsonl_open(corpus);
    if (!r)
        return 1;
    peer_doc d;
    int got, rc = 0;
    sqlite3_int64 rowid = 0;
    while ((got = peer_jsonl_next(r, &d)) == 1) {
        rowid++;
        sqlite3_bind_int64(ins_t, 1, rowid);
        sqlite3_bind_text(ins_t, 2, d.text, (int)d.text_len, SQLITE_STATIC);
        sqlite3_bind_int64(ins_d, 1, rowid);
        sqlite3_bind_text(ins_d, 2, d.id, (int)d.id_len, SQLITE_STATIC);
        if (sqlite3_step(ins_t) != SQLITE_DONE || sqlite3_step(ins_d) != SQLITE_DONE) {
            rc = sql_fail(db, "insert");
            break;
        }
        sqlite3_reset(ins_t);
        sqlite3_reset(ins_d);
    }
    if (got < 0)
        rc = 1;
    peer_jsonl_close(r);
    sqlite3_finalize(ins_t);
    sqlite3_finalize(ins_d);
    if (rc == 0 && sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
        rc = sql_fail(db, "commit");
    sqlite3_close(db);
    return rc;
}

/* Appends s to e->match. */
static int put(engine *e, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > e->match_cap) {
        size_t cap = (*len + n + 1) * 2;
        char *m = realloc(e->match, cap);
        if (!m)
            return 1;
        e->match = m;
        e->match_cap = cap;
    }
    memcpy(e->match + *len, s, n);
    *len += n;
    e->match[*len] = '\0';
    return 0;
}

static int search(void *engine_, char **parts, int n_parts, peer_hits *hits)
{
    engine *e = engine_;
    size_t len = 0;
    int bad = 0;
    for (int i = 0; i < n_parts; i++) {
        if (i)
            bad |= put(e, &len, " AND ", 5);
        bad |= put(e, &len, "\"", 1);
        for (const char *p = parts[i]; *p; p++)
            bad |= *p == '"' ? put(e, &len, "\"\"", 2) : put(e, &len, p, 1);
        bad |= put(e, &len, "\"", 1);
    }
    if (bad)
        return 1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &st, NULL))
        return sql_fail(e->db, "prepare");
    sqlite3_bind_text(st, 1, e->match, (int)len, SQLITE_STATIC);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
        if (rowid >= 1 && (size_t)rowid <= e->n_ids)
            peer_hits_add(hits, e->ids[rowid - 1], strlen(e->ids[rowid - 1]));
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return sql_fail(e->db, e->match);
    return 0;
}

static int run_search(const char *dir, const char *queries)
{
    engine e = {0};
    if (open_db(dir, 0, &e.db) != 0) {
        sqlite3_close(e.db);
        return 1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e.db, "SELECT rowid, id FROM docs ORDER BY rowid", -1, &st, NULL))
        return sql_fail(e.db, "ids");
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t rowid = (size_t)sqlite3_column_int64(st, 0);
        if (rowid != e.n_ids + 1) {
            fputs("peer_fts5: rowids are not 1..N\n", stderr);
            return 1;
        }
        char **ids = realloc(e.ids, (e.n_ids + 1) * sizeof *ids);
        if (!ids)
            return 1;
        e.ids = ids;
        e.ids[e.n_ids++] = strdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    int rc = peer_run_queries(queries, search, &e);
    for (size_t i = 0; i < e.n_ids; i++)
        free(e.ids[i]);
    free(e.ids);
    free(e.match);
    sqlite3_close(e.db);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[1], "trigram") != 0 && strcmp(argv[1], "unicode61") != 0))
        return peer_usage(argv[0], "trigram|unicode61 ");
    if (strcmp(argv[2], "build") == 0)
        return build(argv[1], argv[3], argv[4]);
    if (strcmp(argv[2], "search") == 0)
        return run_search(argv[3], argv[4]);
    return peer_usage(argv[0], "trigram|unicode61 ");
}
