/* Writes small valid index files, the seeds of fuzz_index: one with words
 * (argv[1]) and one without (argv[2]).  The build makes fresh ones for the
 * replay test, since the format may change; fuzz/corpus/index holds copies
 * for libFuzzer runs. */
#include <stdio.h>
#include <string.h>

#include "govtext.h"

static const struct {
    const char *id, *text, *date, *source;
} DOCS[] = {
    {"a", "推进国家治理体系和治理能力现代化，坚持依法治国。", "2018-03-05", "国务院"},
    {"b", "依法 治国，依法\t治国。GDP增长6.6%", "2019年3月", "国务院"},
    {"c", "政治理论学习，全面从严治党。哈哈哈", NULL, "人民日报"},
    {"d", "abc ABC 发展", "2020", NULL},
};

static int build(const char *path, uint32_t flags)
{
    govtext_index_options o;
    govtext_index_options_init(&o, sizeof o);
    o.flags = flags;
    govtext_index_writer *w = NULL;
    if (govtext_index_writer_new(&o, &w) != GOVTEXT_OK)
        return 1;
    for (size_t i = 0; i < sizeof DOCS / sizeof DOCS[0]; i++) {
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        m.date = DOCS[i].date;
        m.date_len = DOCS[i].date ? strlen(DOCS[i].date) : 0;
        m.source = DOCS[i].source;
        m.source_len = DOCS[i].source ? strlen(DOCS[i].source) : 0;
        if (govtext_index_writer_add(w, DOCS[i].id, strlen(DOCS[i].id), DOCS[i].text,
                                     strlen(DOCS[i].text), &m) != GOVTEXT_OK)
            return 1;
    }
    govtext_status st = govtext_index_writer_save(w, path);
    if (st != GOVTEXT_OK)
        fprintf(stderr, "make_index_seed: %s\n", govtext_index_writer_errmsg(w));
    govtext_index_writer_free(w);
    return st != GOVTEXT_OK;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make_index_seed WORDS.idx NOWORDS.idx\n");
        return 2;
    }
    return build(argv[1], 0) || build(argv[2], GOVTEXT_INDEX_NO_WORDS);
}
