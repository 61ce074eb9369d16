/*
 * load_file: loads a file with libgovtext, reports what was detected on
 * stderr and writes the repaired UTF-8 text to stdout.  Given a folder, it
 * then indexes every file in it (loaded and repaired) into an index file in
 * a temporary directory, and searches it (QUERY, default 政府工作报告),
 * printing the hits with snippets on stderr.
 *
 *   load_file PATH [DIR [QUERY]]
 *
 * Exit status: 0 on success, 1 on a library or output error, 2 on bad usage.
 */
#define _POSIX_C_SOURCE 200809L /* opendir, mkdtemp */

#include <govtext.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    govtext_counter which;
    const char *name;
} counters[] = {
    {GOVTEXT_COUNT_INVALID_BYTES, "invalid_bytes"},
    {GOVTEXT_COUNT_BOM, "bom"},
    {GOVTEXT_COUNT_NEWLINES, "newlines"},
    {GOVTEXT_COUNT_ZERO_WIDTH, "zero_width"},
    {GOVTEXT_COUNT_CONTROLS, "controls"},
    {GOVTEXT_COUNT_NFC, "nfc"},
    {GOVTEXT_COUNT_WIDTH, "width"},
    {GOVTEXT_COUNT_PARTIAL, "partial"},
};

/* Loads and repairs one file and adds it to the writer under its name.
 * Returns 0, or -1 after reporting why (the caller skips the file). */
static int add_file(govtext_index_writer *w, const char *dir, const char *name)
{
    char path[4096];
    govtext_doc *doc;
    govtext_status st;
    const char *text;
    size_t len = 0;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return -1;
    doc = govtext_doc_new();
    if (doc == NULL)
        return -1;
    st = govtext_doc_load_file(doc, path, NULL);
    if (st == GOVTEXT_OK)
        st = govtext_doc_repair(doc, NULL, NULL);
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: skipping %s: %s\n", path, govtext_doc_errmsg(doc));
        govtext_doc_free(doc);
        return -1;
    }
    text = govtext_doc_text(doc, &len);
    st = govtext_index_writer_add(w, name, strlen(name), text, len, NULL);
    if (st != GOVTEXT_OK)
        fprintf(stderr, "load_file: skipping %s: %s\n", path, govtext_index_writer_errmsg(w));
    govtext_doc_free(doc);
    return st == GOVTEXT_OK ? 0 : -1;
}

/* Indexes the regular files of dir into index_path. */
static int build_index(const char *dir, const char *index_path)
{
    govtext_index_writer *w = NULL;
    govtext_status st;
    struct dirent *e;
    DIR *d;
    size_t count;

    st = govtext_index_writer_new(NULL, &w); /* words from the default lexicon */
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: govtext_index_writer_new: %s\n", govtext_status_string(st));
        return 1;
    }
    d = opendir(dir);
    if (d == NULL) {
        perror(dir);
        govtext_index_writer_free(w);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat sb;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < sizeof path &&
            stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            add_file(w, dir, e->d_name);
    }
    closedir(d);
    count = govtext_index_writer_count(w);
    st = govtext_index_writer_save(w, index_path);
    if (st != GOVTEXT_OK)
        fprintf(stderr, "load_file: %s\n", govtext_index_writer_errmsg(w));
    else
        fprintf(stderr, "indexed: %lu documents from %s\n", (unsigned long)count, dir);
    govtext_index_writer_free(w);
    return st == GOVTEXT_OK ? 0 : 1;
}

/* Opens the index and prints the best hits of query with their snippets. */
static int search_index(const char *index_path, const char *query)
{
    govtext_search_options opts;
    govtext_results *r = NULL;
    govtext_index *idx = govtext_index_new();
    govtext_status st = idx ? govtext_index_open(idx, index_path) : GOVTEXT_ERR_NOMEM;
    size_t i;

    if (st == GOVTEXT_OK && (r = govtext_results_new()) == NULL)
        st = GOVTEXT_ERR_NOMEM;
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: %s: %s\n", index_path,
                idx ? govtext_index_errmsg(idx) : govtext_status_string(st));
        govtext_index_free(idx);
        return 1;
    }
    govtext_search_options_init(&opts, sizeof opts);
    opts.limit = 5;
    opts.flags = GOVTEXT_SEARCH_SNIPPETS;
    opts.snippet_chars = 12;
    st = govtext_index_search(idx, query, strlen(query), &opts, r);
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: %s\n", govtext_results_errmsg(r));
    } else {
        fprintf(stderr, "search %s: %lu documents\n", query,
                (unsigned long)govtext_results_total(r));
        for (i = 0; i < govtext_results_count(r); i++) {
            govtext_hit hit;
            size_t id_len = 0, snip_len = 0;
            const char *id, *snip;
            hit.struct_size = sizeof hit;
            govtext_results_get(r, i, &hit);
            id = govtext_index_doc_id(idx, hit.doc, &id_len);
            snip = govtext_results_snippet(r, i, &snip_len);
            fprintf(stderr, "  %.*s %.3f %lu [%lu:%lu] ", (int)id_len, id, hit.score,
                    (unsigned long)hit.occurrences, (unsigned long)hit.match_start,
                    (unsigned long)hit.match_end);
            for (; snip_len > 0; snip++, snip_len--) /* the snippet on one line */
                fputc(*snip == '\n' ? ' ' : *snip, stderr);
            fputc('\n', stderr);
        }
    }
    govtext_results_free(r);
    govtext_index_free(idx);
    return st == GOVTEXT_OK ? 0 : 1;
}

/* Indexes dir into a temporary directory, searches it, removes it. */
static int index_and_search(const char *dir, const char *query)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096], index_path[4096 + 16];
    const char *tmpdir;
    int rc;

    if ((size_t)snprintf(tmpl, sizeof tmpl, "%s/load_file.XXXXXX", base && *base ? base : "/tmp") >=
        sizeof tmpl) {
        fprintf(stderr, "load_file: TMPDIR is too long\n");
        return 1;
    }
    tmpdir = mkdtemp(tmpl);
    if (tmpdir == NULL) {
        perror("load_file: mkdtemp");
        return 1;
    }
    snprintf(index_path, sizeof index_path, "%s/index.gtx", tmpdir);
    rc = build_index(dir, index_path);
    if (rc == 0)
        rc = search_index(index_path, query);
    unlink(index_path);
    rmdir(tmpdir);
    return rc;
}

int main(int argc, char **argv)
{
    govtext_load_options opts;
    govtext_doc *doc;
    govtext_status st;
    const char *text;
    size_t len = 0;
    size_t i;
    int rc = 0;

    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s FILE [DIR [QUERY]]\n", argc > 0 ? argv[0] : "load_file");
        return 2;
    }

    st = govtext_load_options_init(&opts, sizeof opts);
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: govtext_load_options_init: %s\n", govtext_status_string(st));
        return 1;
    }

    doc = govtext_doc_new();
    if (doc == NULL) {
        fprintf(stderr, "load_file: govtext_doc_new: out of memory\n");
        return 1;
    }

    st = govtext_doc_load_file(doc, argv[1], &opts);
    if (st != GOVTEXT_OK) {
        fprintf(stderr, "load_file: %s: %s (%s)\n", argv[1], govtext_doc_errmsg(doc),
                govtext_status_name(st));
        govtext_doc_free(doc);
        return 1;
    }

    fprintf(stderr, "encoding: %s\n", govtext_encoding_name(govtext_doc_encoding(doc)));
    fprintf(stderr, "confidence: %.3f\n", govtext_doc_confidence(doc));
    for (i = 0; i < sizeof counters / sizeof counters[0]; i++)
        fprintf(stderr, "%s: %llu\n", counters[i].name,
                (unsigned long long)govtext_doc_count(doc, counters[i].which));

    text = govtext_doc_text(doc, &len);
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        perror("load_file: writing stdout");
        rc = 1;
    }

    govtext_doc_free(doc);
    if (rc == 0 && argc > 2)
        rc = index_and_search(argv[2], argc > 3 ? argv[3] : "政府工作报告");
    return rc;
}
