/* Fuzz target: the index reader.  The input is an index file.  It is
 * opened as it is; if it is refused as corrupt, it is opened again with
 * its checksums and size recomputed (the header layout of
 * lib/index/format.h), so that mutations reach the structural checks
 * behind the checksums instead of dying at the first XXH64.  An index that
 * opens must be safe to use: every document is read and looked up by id,
 * a few searches and statistics run, and it is merged into a writer and
 * saved (save.c re-reads every posting list). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/xxh64.h"
#include "govtext.h"

#include "fuzz_index_util.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEADER_SIZE (40u + 16u * 32u + 8u)

static const char *const QUERIES[] = {"治理", "的", "\"依法 治国\"", "a", "ab OR 发展",
                                      "国家 -治理", "word:治理", "year:2018", "source:x",
                                      "id:a", "治"};

static char tmpdir[64];
static govtext_lexicon *lex;

static uint64_t xxh(const void *p, size_t n)
{
    gt_xxh64_state st;
    gt_xxh64_init(&st);
    gt_xxh64_update(&st, p, n);
    return gt_xxh64_digest(&st);
}

/* Recomputes the size, the sections' checksums and the header's. */
static void fix_checksums(uint8_t *f, size_t n)
{
    if (n < HEADER_SIZE)
        return;
    uint64_t size = n;
    memcpy(f + 16, &size, 8);
    uint32_t nsec;
    memcpy(&nsec, f + 28, 4);
    for (uint32_t i = 0; i < nsec && i < 16; i++) {
        uint8_t *s = f + 40 + 32 * i;
        uint64_t off, len;
        memcpy(&off, s + 8, 8);
        memcpy(&len, s + 16, 8);
        if (off <= n && len <= n - off) {
            uint64_t h = xxh(f + off, (size_t)len);
            memcpy(s + 24, &h, 8);
        }
    }
    uint64_t h = xxh(f, HEADER_SIZE - 8);
    memcpy(f + HEADER_SIZE - 8, &h, 8);
}

/* A file holding the bytes: a memfd where there is one. */
static int to_file(const uint8_t *data, size_t size, char *path, size_t cap)
{
    int fd = memfd_create("fuzz_index", 0);
    if (fd >= 0) {
        snprintf(path, cap, "/proc/self/fd/%d", fd);
    } else {
        snprintf(path, cap, "%s/in.idx", tmpdir);
        unlink(path);
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t k = write(fd, data + done, size - done);
        if (k <= 0)
            abort();
        done += (size_t)k;
    }
    return fd;
}

static void check_status(govtext_status st, const char *msg)
{
    if (st != GOVTEXT_OK && (!msg || msg[0] == '\0'))
        abort(); /* every refusal says why */
}

static void use(const govtext_index *idx)
{
    size_t n = govtext_index_doc_count(idx);
    volatile unsigned sum = 0;
    for (size_t d = 0; d < n; d++) {
        size_t len, il, found;
        const char *t = fuzz_doc_text(idx, d, &len);
        for (size_t i = 0; i < len; i++)
            sum += (unsigned char)t[i];
        const char *id = govtext_index_doc_id(idx, d, &il);
        if (!id || il == 0)
            abort();
        /* ids are unique and sorted in the id table: find gives d back */
        if (govtext_index_find(idx, id, il, &found) != GOVTEXT_OK || found != d)
            abort();
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        if (govtext_index_doc_meta(idx, d, &m) != GOVTEXT_OK)
            abort();
        for (size_t i = 0; i < m.title_len; i++)
            sum += (unsigned char)m.title[i];
    }
    govtext_results *r = govtext_results_new();
    govtext_search_options so;
    govtext_search_options_init(&so, sizeof so);
    so.flags = GOVTEXT_SEARCH_SNIPPETS;
    so.limit = 5;
    for (size_t q = 0; q < sizeof QUERIES / sizeof QUERIES[0]; q++) {
        govtext_status st = govtext_index_search(idx, QUERIES[q], strlen(QUERIES[q]), &so, r);
        check_status(st, govtext_results_errmsg(r));
        for (size_t i = 0; st == GOVTEXT_OK && i < govtext_results_count(r); i++) {
            govtext_hit h;
            h.struct_size = sizeof h;
            size_t len;
            if (govtext_results_get(r, i, &h) != GOVTEXT_OK || h.doc >= n)
                abort();
            govtext_index_doc_text(idx, h.doc, NULL, 0, &len);
            if (h.snippet_end > len || h.match_end > h.snippet_end ||
                h.match_start < h.snippet_start)
                abort();
        }
        govtext_year_count y[8];
        size_t count;
        uint64_t docs, occ;
        st = govtext_index_term_stats(idx, QUERIES[q], strlen(QUERIES[q]), r, &docs, &occ, y, 8,
                                      &count);
        if (st != GOVTEXT_ERR_BUFFER_TOO_SMALL)
            check_status(st, govtext_results_errmsg(r));
    }
    govtext_results_free(r);
    (void)sum;
}

static void merge_and_save(const govtext_index *idx)
{
    govtext_index_options o;
    govtext_index_options_init(&o, sizeof o);
    o.flags = govtext_index_flags(idx);
    o.lexicon = lex;
    if (!lex && !(o.flags & GOVTEXT_INDEX_NO_WORDS))
        return;
    govtext_index_writer *w = NULL;
    if (govtext_index_writer_new(&o, &w) != GOVTEXT_OK)
        return; /* unknown flags */
    char out[96];
    snprintf(out, sizeof out, "%s/out.idx", tmpdir);
    govtext_status st = govtext_index_writer_add_index(w, idx);
    check_status(st, govtext_index_writer_errmsg(w));
    if (st == GOVTEXT_OK) {
        st = govtext_index_writer_save(w, out);
        check_status(st, govtext_index_writer_errmsg(w));
        if (st == GOVTEXT_OK) {
            /* what was saved from an index that opened opens again */
            govtext_index *again = govtext_index_new();
            if (!again || govtext_index_open(again, out) != GOVTEXT_OK)
                abort();
            if (govtext_index_doc_count(again) != govtext_index_doc_count(idx))
                abort();
            govtext_index_free(again);
        }
    }
    govtext_index_writer_free(w);
}

static void cleanup(void)
{
    char p[96];
    snprintf(p, sizeof p, "%s/out.idx", tmpdir);
    unlink(p);
    snprintf(p, sizeof p, "%s/in.idx", tmpdir);
    unlink(p);
    rmdir(tmpdir);
    govtext_lexicon_free(lex);
}

static void init(void)
{
    if (tmpdir[0])
        return;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/fuzz_index-XXXXXX");
    if (!mkdtemp(tmpdir))
        abort();
    atexit(cleanup);
    lex = govtext_lexicon_new();
    if (lex && govtext_lexicon_load_default(lex) != GOVTEXT_OK) {
        govtext_lexicon_free(lex);
        lex = NULL;
    }
}

static govtext_status open_bytes(const uint8_t *data, size_t size)
{
    char path[96];
    int fd = to_file(data, size, path, sizeof path);
    govtext_index *idx = govtext_index_new();
    if (!idx)
        abort();
    govtext_status st = govtext_index_open(idx, path);
    close(fd);
    if (st == GOVTEXT_OK) {
        use(idx);
        merge_and_save(idx);
    } else if (st != GOVTEXT_ERR_CORRUPT && st != GOVTEXT_ERR_UNSUPPORTED &&
               st != GOVTEXT_ERR_NOMEM) {
        abort(); /* a damaged file is CORRUPT (or a newer format), never IO */
    } else {
        check_status(st, govtext_index_errmsg(idx));
    }
    govtext_index_free(idx);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    if (open_bytes(data, size) != GOVTEXT_ERR_CORRUPT || size < HEADER_SIZE)
        return 0;
    uint8_t *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    fix_checksums(copy, size);
    open_bytes(copy, size);
    free(copy);
    return 0;
}
