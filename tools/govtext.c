/* govtext: the command-line face of libgovtext.  Each subcommand is a thin
 * loop over the public API, like any host program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "govtext.h"

static const char USAGE[] =
    "usage: govtext [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  load [--encoding E] [--strict] [--fold-width] [--info] [FILE|-]\n"
    "      decode FILE (any supported encoding) and print its normalised UTF-8 text;\n"
    "      --info prints the detected encoding, confidence and counts to stderr\n"
    "  detect FILE...\n"
    "      print path<TAB>encoding<TAB>confidence for each file\n"
    "\n"
    "encodings: auto, UTF-8, GB18030 (GBK, GB2312), Big5, Big5-HKSCS, UTF-16LE,\n"
    "           UTF-16BE, UTF-32LE, UTF-32BE\n";

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "govtext: %s: %s\n", what, msg);
    return 1;
}

/* Loads path ("-" = stdin) into doc. */
static govtext_status load_path(govtext_doc *doc, const char *path,
                                const govtext_load_options *o)
{
    if (strcmp(path, "-") == 0)
        return govtext_doc_load_fd(doc, STDIN_FILENO, o);
    return govtext_doc_load_file(doc, path, o);
}

static void print_info(const govtext_doc *doc)
{
    static const struct {
        govtext_counter c;
        const char *name;
    } counters[] = {
        {GOVTEXT_COUNT_INVALID_BYTES, "invalid_bytes"}, {GOVTEXT_COUNT_BOM, "bom"},
        {GOVTEXT_COUNT_PARTIAL, "partial_chars"},       {GOVTEXT_COUNT_NEWLINES, "newlines"},
        {GOVTEXT_COUNT_ZERO_WIDTH, "zero_width"},       {GOVTEXT_COUNT_CONTROLS, "controls"},
        {GOVTEXT_COUNT_NFC, "nfc"},                     {GOVTEXT_COUNT_WIDTH, "width"},
    };
    size_t len;
    govtext_doc_text(doc, &len);
    fprintf(stderr, "encoding\t%s\nconfidence\t%.4f\ntext_bytes\t%zu\nedits\t%zu\n",
            govtext_encoding_name(govtext_doc_encoding(doc)), govtext_doc_confidence(doc), len,
            govtext_doc_edit_count(doc));
    for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++)
        fprintf(stderr, "%s\t%llu\n", counters[i].name,
                (unsigned long long)govtext_doc_count(doc, counters[i].c));
}

static int cmd_load(int argc, char **argv)
{
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    int info = 0;
    const char *path = "-";
    int have_path = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--encoding") == 0 || strcmp(a, "-e") == 0) {
            if (++i >= argc)
                return fail("load", "--encoding needs a value");
            govtext_encoding e;
            if (govtext_encoding_from_name(argv[i], &e) != GOVTEXT_OK) {
                fprintf(stderr, "govtext: load: unknown encoding '%s'\n", argv[i]);
                return 2;
            }
            o.encoding = (uint32_t)e;
        } else if (strcmp(a, "--strict") == 0) {
            o.flags |= GOVTEXT_LOAD_STRICT;
        } else if (strcmp(a, "--fold-width") == 0) {
            o.flags |= GOVTEXT_LOAD_FOLD_WIDTH;
        } else if (strcmp(a, "--info") == 0) {
            info = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govtext: load: unknown option '%s'\n", a);
            return 2;
        } else if (have_path) {
            return fail("load", "only one FILE may be given");
        } else {
            path = a;
            have_path = 1;
        }
    }
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return fail("load", "out of memory");
    int rc = 0;
    if (load_path(doc, path, &o) != GOVTEXT_OK) {
        rc = fail(path, govtext_doc_errmsg(doc));
    } else {
        size_t len;
        const char *text = govtext_doc_text(doc, &len);
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
            rc = fail(path, "cannot write the output");
        if (info)
            print_info(doc);
    }
    govtext_doc_free(doc);
    return rc;
}

static int cmd_detect(int argc, char **argv)
{
    if (argc < 2)
        return fail("detect", "no FILE given");
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return fail("detect", "out of memory");
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (load_path(doc, argv[i], NULL) != GOVTEXT_OK) {
            rc = fail(argv[i], govtext_doc_errmsg(doc));
            continue;
        }
        printf("%s\t%s\t%.4f\n", argv[i], govtext_encoding_name(govtext_doc_encoding(doc)),
               govtext_doc_confidence(doc));
    }
    govtext_doc_free(doc);
    if (fflush(stdout) != 0)
        rc = fail("detect", "cannot write the output");
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("govtext %s (libgovtext %s)\n", GOVTEXT_VERSION_STRING, govtext_version_string());
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (strcmp(cmd, "load") == 0)
        return cmd_load(argc - 1, argv + 1);
    if (strcmp(cmd, "detect") == 0)
        return cmd_detect(argc - 1, argv + 1);
    fprintf(stderr, "govtext: unknown command '%s'\n%s", cmd, USAGE);
    return 2;
}
