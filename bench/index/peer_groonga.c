/* Groonga (libgroonga, C API) as an index peer: a Docs table keyed by id
 * with the text in a column, loaded first and indexed afterwards (Groonga's
 * faster static index construction) by a TokenBigram + NormalizerAuto
 * lexicon with positions.  Queries go through Groonga's query syntax, as
 * `select --match_columns text --query` does: each part quoted as a phrase,
 * parts ANDed.  The stored text column is part of the database; the driver
 * reports its size apart (the file names are printed by "build").
 *   peer_groonga build DIR CORPUS.jsonl
 *   peer_groonga search DIR QUERIES */
#include "peer_common.h"

#include <groonga.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct engine {
    grn_ctx *ctx;
    grn_obj *docs, *match_columns;
    grn_obj query;
} engine;

static int grn_fail(grn_ctx *ctx, const char *what)
{
    fprintf(stderr, "peer_groonga: %s: %s\n", what, ctx->errbuf[0] ? ctx->errbuf : "failed");
    return 1;
}

/* Runs one command of Groonga's command language and checks its status. */
static int command(grn_ctx *ctx, const char *cmd)
{
    grn_ctx_send(ctx, cmd, (unsigned)strlen(cmd), 0);
    char *out;
    unsigned out_len;
    int flags;
    grn_ctx_recv(ctx, &out, &out_len, &flags);
    if (ctx->rc != GRN_SUCCESS)
        return grn_fail(ctx, cmd);
    return 0;
}

static int build(grn_ctx *ctx, const char *dir, const char *corpus)
{
    char path[4096];
    if (mkdir(dir, 0777) != 0) {
        perror(dir);
        return 1;
    }
    snprintf(path, sizeof path, "%s/db", dir);
    if (!grn_db_create(ctx, path, NULL))
        return grn_fail(ctx, path);
    if (command(ctx, "table_create Docs TABLE_HASH_KEY ShortText") ||
        command(ctx, "column_create Docs text COLUMN_SCALAR LongText") ||
        command(ctx, "table_create Terms TABLE_PAT_KEY ShortText "
                     "--default_tokenizer TokenBigram --normalizer NormalizerAuto"))
        return 1;
    grn_obj *docs = grn_ctx_get(ctx, "Docs", -1);
    grn_obj *text_col = grn_ctx_get(ctx, "Docs.text", -1);
    if (!docs || !text_col)
        return grn_fail(ctx, "Docs");
    peer_jsonl *r = peer_jsonl_open(corpus);
    if (!r)
        return 1;
    grn_obj text;
    GRN_TEXT_INIT(&text, GRN_OBJ_DO_SHALLOW_COPY);
    peer_doc d;
    int got, rc = 0;
    while ((got = peer_jsonl_next(r, &d)) == 1) {
        grn_id rid = grn_table_add(ctx, docs, d.id, (unsigned)d.id_len, NULL);
        GRN_TEXT_SET_REF(&text, d.text, d.text_len);
        if (rid == GRN_ID_NIL || grn_obj_set_value(ctx, text_col, rid, &text, GRN_OBJ_SET)) {
            rc = grn_fail(ctx, d.id);
            break;
        }
    }
    if (got < 0)
        rc = 1;
    peer_jsonl_close(r);
    GRN_OBJ_FIN(ctx, &text);
    if (rc == 0)
        rc = command(ctx, "column_create Terms idx COLUMN_INDEX|WITH_POSITION Docs text");
    if (rc == 0) /* the stored text, which the driver subtracts from the size */
        printf("text column: %s\n", grn_obj_path(ctx, text_col));
    return rc;
}

static int search(void *engine_, char **parts, int n_parts, peer_hits *hits)
{
    engine *e = engine_;
    grn_ctx *ctx = e->ctx;
    GRN_BULK_REWIND(&e->query);
    for (int i = 0; i < n_parts; i++) {
        GRN_TEXT_PUTS(ctx, &e->query, i ? " \"" : "\"");
        for (const char *p = parts[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                GRN_TEXT_PUTC(ctx, &e->query, '\\');
            GRN_TEXT_PUTC(ctx, &e->query, *p);
        }
        GRN_TEXT_PUTC(ctx, &e->query, '"');
    }
    grn_obj *cond, *var;
    GRN_EXPR_CREATE_FOR_QUERY(ctx, e->docs, cond, var);
    if (!cond)
        return grn_fail(ctx, "expression");
    grn_expr_parse(ctx, cond, GRN_TEXT_VALUE(&e->query), (unsigned)GRN_TEXT_LEN(&e->query),
                   e->match_columns, GRN_OP_MATCH, GRN_OP_AND, GRN_EXPR_SYNTAX_QUERY);
    if (ctx->rc != GRN_SUCCESS) {
        grn_obj_unlink(ctx, cond);
        return grn_fail(ctx, "query");
    }
    grn_obj *res = grn_table_select(ctx, e->docs, cond, NULL, GRN_OP_OR);
    if (!res) {
        grn_obj_unlink(ctx, cond);
        return grn_fail(ctx, "select");
    }
    grn_table_cursor *c = grn_table_cursor_open(ctx, res, NULL, 0, NULL, 0, 0, -1, 0);
    char key[GRN_TABLE_MAX_KEY_SIZE];
    while (c && grn_table_cursor_next(ctx, c) != GRN_ID_NIL) {
        grn_id *doc_id;
        grn_table_cursor_get_key(ctx, c, (void **)&doc_id);
        int n = grn_table_get_key(ctx, e->docs, *doc_id, key, sizeof key);
        peer_hits_add(hits, key, (size_t)n);
    }
    if (c)
        grn_table_cursor_close(ctx, c);
    grn_obj_unlink(ctx, res);
    grn_obj_unlink(ctx, cond);
    return 0;
}

static int run_search(grn_ctx *ctx, const char *dir, const char *queries)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/db", dir);
    if (!grn_db_open(ctx, path))
        return grn_fail(ctx, path);
    engine e;
    memset(&e, 0, sizeof e);
    e.ctx = ctx;
    e.docs = grn_ctx_get(ctx, "Docs", -1);
    if (!e.docs)
        return grn_fail(ctx, "Docs");
    grn_obj *var;
    GRN_EXPR_CREATE_FOR_QUERY(ctx, e.docs, e.match_columns, var);
    if (!e.match_columns)
        return grn_fail(ctx, "match columns");
    grn_expr_parse(ctx, e.match_columns, "text", 4, NULL, GRN_OP_MATCH, GRN_OP_AND,
                   GRN_EXPR_SYNTAX_SCRIPT);
    if (ctx->rc != GRN_SUCCESS)
        return grn_fail(ctx, "match columns");
    GRN_TEXT_INIT(&e.query, 0);
    int rc = peer_run_queries(queries, search, &e);
    GRN_OBJ_FIN(ctx, &e.query);
    grn_obj_unlink(ctx, e.match_columns);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "build") != 0 && strcmp(argv[1], "search") != 0))
        return peer_usage(argv[0], "");
    if (grn_init() != GRN_SUCCESS) {
        fputs("peer_groonga: grn_init failed\n", stderr);
        return 1;
    }
    grn_ctx ctx;
    grn_ctx_init(&ctx, 0);
    int rc = strcmp(argv[1], "build") == 0 ? build(&ctx, argv[2], argv[3])
                                             : run_search(&ctx, argv[2], argv[3]);
    grn_obj *db = grn_ctx_db(&ctx);
    if (db)
        grn_obj_close(&ctx, db);
    grn_ctx_fin(&ctx);
    grn_fin();
    return rc;
}
