/*
 * load_file: loads a file with libgovtext, reports what was detected on
 * stderr and writes the repaired UTF-8 text to stdout.
 *
 *   load_file PATH
 *
 * Exit status: 0 on success, 1 on a library or output error, 2 on bad usage.
 */
#include <govtext.h>

#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
    govtext_load_options opts;
    govtext_doc *doc;
    govtext_status st;
    const char *text;
    size_t len = 0;
    size_t i;
    int rc = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argc > 0 ? argv[0] : "load_file");
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
    return rc;
}
