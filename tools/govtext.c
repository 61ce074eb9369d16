/* govtext: the command-line face of libgovtext.  Each subcommand is a thin
 * loop over the public API, like any host program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "govtext.h"
#include "index_cmd.h"
#include "json.h"

static const char USAGE[] =
    "usage: govtext [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  load [--encoding E] [--strict] [--fold-width] [--info] [FILE|-]\n"
    "      decode FILE (any supported encoding) and print its normalised UTF-8 text;\n"
    "      --info prints the detected encoding, confidence and counts to stderr\n"
    "  detect FILE...\n"
    "      print path<TAB>encoding<TAB>confidence for each file\n"
    "  repair [--report FILE.json] [--script auto|keep|hans|hant] [--skip PASS,...]\n"
    "         [--encoding E] [FILE|-]\n"
    "      load and repair FILE, write the repaired UTF-8 to stdout and every edit to\n"
    "      the JSON report; PASS: mojibake html layout pinyin script duplicate spam\n"
    "      mask punct\n"
    "  repair [options] DIR --out DIR2\n"
    "      repair a collection: every file of DIR (learning cross-document evidence\n"
    "      first) into DIR2, with FILE.json reports in DIR3 if --report-dir DIR3;\n"
    "      near-duplicate documents are listed on stderr (near-duplicate, file,\n"
    "      the first file of its group, resemblance)\n"
    "  segment [--mode precise|index] [--dict FILE]... [--no-default-dict]\n"
    "          [--format text|sighan|json] [--encoding E] [FILE|-]\n"
    "      split FILE into words, line by line: text = word/tag separated by spaces,\n"
    "      sighan = words separated by single spaces (one output line per input line),\n"
    "      json = every token with its text and source offsets; --dict adds a lexicon\n"
    "      (text `word [freq] [tag]` lines, or compiled) to the default one,\n"
    "      --no-default-dict uses only the given ones\n"
    "  lexicon build [--with-default] -o OUT FILE...\n"
    "      compile lexicon files (text or compiled) into one compiled lexicon OUT\n"
    "  index build --out INDEX [--jobs N] [--no-words] [--skip-bad] [--quiet] INPUT...\n"
    "      (--jobs: parallel builds merged at the end; default one per CPU, at most 8)\n"
    "      index documents: INPUT is a text file (its id is its path), a directory\n"
    "      (recursively), or JSON Lines (*.jsonl, *.ndjson, - for stdin) with one\n"
    "      {\"id\", \"text\", \"title\", \"date\", \"year\", \"source\"} object per line\n"
    "  index add INDEX [--jobs N] INPUT...     add (or replace, by id) documents\n"
    "  index delete INDEX ID...                delete documents by id\n"
    "  index merge --out OUT INDEX...          merge indexes (shards) into one\n"
    "  search INDEX QUERY [--limit K] [--format text|json] [--no-snippets] [--count]\n"
    "      the best K (default 10, 0 = all) documents for QUERY (language: README)\n"
    "  search INDEX --batch [--limit K] [--snippets]\n"
    "      one query per stdin line, one JSON line per query: query, total, hits\n"
    "      (id, score), micros (time inside the process)\n"
    "  stats INDEX TERM... [--format text|json]\n"
    "      documents and occurrences of each TERM (any query), in all and per year\n"
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
    size_t len;
    govtext_doc_text(doc, &len);
    fprintf(stderr, "encoding\t%s\nconfidence\t%.4f\ntext_bytes\t%zu\nedits\t%zu\n",
            govtext_encoding_name(govtext_doc_encoding(doc)), govtext_doc_confidence(doc), len,
            govtext_doc_edit_count(doc));
    for (uint32_t i = 0; govtext_counter_name(i); i++)
        fprintf(stderr, "%s\t%llu\n", govtext_counter_name(i),
                (unsigned long long)govtext_doc_count(doc, (govtext_counter)i));
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

static const struct {
    const char *name;
    uint32_t bit;
} pass_names[] = {
    {"mojibake", GOVTEXT_REPAIR_MOJIBAKE}, {"html", GOVTEXT_REPAIR_HTML},
    {"layout", GOVTEXT_REPAIR_LAYOUT},     {"pinyin", GOVTEXT_REPAIR_PINYIN},
    {"script", GOVTEXT_REPAIR_SCRIPT},     {"duplicate", GOVTEXT_REPAIR_DUPLICATE},
    {"spam", GOVTEXT_REPAIR_SPAM},         {"mask", GOVTEXT_REPAIR_MASK},
    {"punct", GOVTEXT_REPAIR_PUNCT},
};

static int parse_skip(const char *list, uint32_t *skip)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        size_t i;
        for (i = 0; i < sizeof pass_names / sizeof pass_names[0]; i++)
            if (strcmp(tok, pass_names[i].name) == 0)
                break;
        if (i == sizeof pass_names / sizeof pass_names[0]) {
            fprintf(stderr, "govtext: repair: unknown pass '%s'\n", tok);
            return -1;
        }
        *skip |= pass_names[i].bit;
    }
    return 0;
}

/* The JSON report of a repaired document: what was detected, the counters
 * and every edit with both coordinates. */
static int write_report(const govtext_doc *doc, const char *input, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stderr : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "govtext: cannot write '%s': %s\n", path, strerror(errno));
        return 1;
    }
    fputs("{\"input\": ", f);
    json_string(f, input, strlen(input));
    fprintf(f, ", \"encoding\": \"%s\", \"confidence\": %.4f",
            govtext_encoding_name(govtext_doc_encoding(doc)), govtext_doc_confidence(doc));
    fputs(", \"counts\": {", f);
    for (uint32_t i = 0; govtext_counter_name(i); i++)
        fprintf(f, "%s\"%s\": %llu", i ? ", " : "", govtext_counter_name(i),
                (unsigned long long)govtext_doc_count(doc, (govtext_counter)i));
    fputs("}, \"edits\": [", f);
    size_t n = govtext_doc_edit_count(doc);
    for (size_t i = 0; i < n; i++) {
        govtext_edit ed;
        memset(&ed, 0, sizeof ed);
        ed.struct_size = sizeof ed;
        if (govtext_doc_edit_get(doc, i, &ed) != GOVTEXT_OK)
            break;
        fprintf(f, "%s\n  {\"kind\": \"%s\", \"src\": [%zu, %zu], \"text\": [%zu, %zu], \"old\": ",
                i ? "," : "", govtext_edit_kind_name(ed.kind), ed.src_start, ed.src_end,
                ed.text_start, ed.text_end);
        json_string(f, ed.old_text, ed.old_len);
        fputs(", \"new\": ", f);
        json_string(f, ed.new_text, ed.new_len);
        fprintf(f, ", \"confidence\": %.3f}", ed.confidence);
    }
    fputs("\n]}\n", f);
    int bad = ferror(f);
    if (f != stderr && fclose(f) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "govtext: cannot write '%s'\n", path);
        return 1;
    }
    return 0;
}

static int write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "govtext: cannot write '%s': %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        return 1;
    }
    return 0;
}

/* Lists the regular files of dir (not recursive), sorted. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (v)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static int repair_dir(const char *dir, const char *out_dir, const char *report_dir,
                      const govtext_load_options *lo, const govtext_repair_options *ro)
{
    size_t n = 0;
    char **names = list_dir(dir, &n);
    if (!names && n == 0) {
        fprintf(stderr, "govtext: cannot read directory '%s'\n", dir);
        return 1;
    }
    mkdir(out_dir, 0777);
    govtext_collection *coll = govtext_collection_new();
    govtext_doc *doc = govtext_doc_new();
    int rc = 0;
    char path[4096], out[4096];
    if (!coll || !doc) {
        rc = fail("repair", "out of memory");
        goto done;
    }
    /* First pass: learn the collection's evidence; fed[k] is the file of
     * the k-th document fed. */
    size_t *fed = malloc((n ? n : 1) * sizeof *fed), nfed = 0;
    if (!fed) {
        rc = fail("repair", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (govtext_doc_load_file(doc, path, lo) == GOVTEXT_OK &&
            govtext_collection_add(coll, doc) == GOVTEXT_OK)
            fed[nfed++] = i;
    }
    /* Near-duplicate documents, one line each on stderr. */
    for (size_t k = 0; k < nfed; k++) {
        size_t g;
        double r;
        if (govtext_collection_group(coll, k, &g) == GOVTEXT_OK && g != k &&
            govtext_collection_resemblance(coll, g, k, &r) == GOVTEXT_OK)
            fprintf(stderr, "near-duplicate\t%s\t%s\t%.2f\n", names[fed[k]], names[fed[g]], r);
    }
    free(fed);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (govtext_doc_load_file(doc, path, lo) != GOVTEXT_OK ||
            govtext_doc_repair(doc, coll, ro) != GOVTEXT_OK) {
            rc = fail(path, govtext_doc_errmsg(doc));
            continue;
        }
        size_t len;
        const char *text = govtext_doc_text(doc, &len);
        snprintf(out, sizeof out, "%s/%s", out_dir, names[i]);
        rc |= write_file(out, text, len);
        if (report_dir) {
            snprintf(out, sizeof out, "%s/%s.json", report_dir, names[i]);
            rc |= write_report(doc, path, out);
        }
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    govtext_doc_free(doc);
    govtext_collection_free(coll);
    return rc;
}

static int cmd_repair(int argc, char **argv)
{
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    const char *path = "-", *report = NULL, *out_dir = NULL, *report_dir = NULL;
    int have_path = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if ((strcmp(a, "--encoding") == 0 || strcmp(a, "-e") == 0) && more) {
            govtext_encoding e;
            if (govtext_encoding_from_name(argv[++i], &e) != GOVTEXT_OK) {
                fprintf(stderr, "govtext: repair: unknown encoding '%s'\n", argv[i]);
                return 2;
            }
            lo.encoding = (uint32_t)e;
        } else if (strcmp(a, "--report") == 0 && more) {
            report = argv[++i];
        } else if (strcmp(a, "--report-dir") == 0 && more) {
            report_dir = argv[++i];
        } else if (strcmp(a, "--out") == 0 && more) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--script") == 0 && more) {
            const char *m = argv[++i];
            if (strcmp(m, "auto") == 0)
                ro.script = GOVTEXT_SCRIPT_AUTO;
            else if (strcmp(m, "keep") == 0)
                ro.script = GOVTEXT_SCRIPT_KEEP;
            else if (strcmp(m, "hans") == 0)
                ro.script = GOVTEXT_SCRIPT_HANS;
            else if (strcmp(m, "hant") == 0)
                ro.script = GOVTEXT_SCRIPT_HANT;
            else {
                fprintf(stderr, "govtext: repair: unknown script mode '%s'\n", m);
                return 2;
            }
        } else if (strcmp(a, "--skip") == 0 && more) {
            if (parse_skip(argv[++i], &ro.skip) != 0)
                return 2;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govtext: repair: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (have_path) {
            return fail("repair", "only one FILE or DIR may be given");
        } else {
            path = a;
            have_path = 1;
        }
    }
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!out_dir)
            return fail("repair", "a directory needs --out DIR2");
        return repair_dir(path, out_dir, report_dir, &lo, &ro);
    }
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return fail("repair", "out of memory");
    int rc = 0;
    if (load_path(doc, path, &lo) != GOVTEXT_OK || govtext_doc_repair(doc, NULL, &ro) != GOVTEXT_OK) {
        rc = fail(path, govtext_doc_errmsg(doc));
    } else {
        size_t len;
        const char *text = govtext_doc_text(doc, &len);
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
            rc = fail(path, "cannot write the output");
        if (report)
            rc |= write_report(doc, path, report);
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

/* ---- segment -------------------------------------------------------- */

static const char *token_kind_name(uint32_t kind)
{
    switch (kind) {
    case GOVTEXT_TOKEN_WORD: return "word";
    case GOVTEXT_TOKEN_UNKNOWN: return "unknown";
    case GOVTEXT_TOKEN_NUMBER: return "number";
    case GOVTEXT_TOKEN_DATE: return "date";
    case GOVTEXT_TOKEN_LATIN: return "latin";
    case GOVTEXT_TOKEN_PUNCT: return "punct";
    case GOVTEXT_TOKEN_SPACE: return "space";
    case GOVTEXT_TOKEN_SENTENCE: return "sentence";
    case GOVTEXT_TOKEN_PARAGRAPH: return "paragraph";
    default: return "other";
    }
}

/* Segments one line into *toks (grown as needed). */
static govtext_status segment_line(govtext_segmenter *seg, const char *line, size_t n,
                                   const govtext_segment_options *so, govtext_token **toks,
                                   size_t *cap, size_t *count)
{
    for (;;) {
        govtext_status st = govtext_segmenter_words(seg, line, n, so, *toks, *cap, count);
        if (st != GOVTEXT_ERR_BUFFER_TOO_SMALL)
            return st;
        size_t ncap = *count + *count / 2 + 64;
        govtext_token *p = realloc(*toks, ncap * sizeof *p);
        if (!p)
            return GOVTEXT_ERR_NOMEM;
        *toks = p;
        *cap = ncap;
    }
}

static int cmd_segment(int argc, char **argv)
{
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    govtext_segment_options so;
    govtext_segment_options_init(&so, sizeof so);
    const char *path = "-", *format = "text";
    const char *dicts[64];
    int n_dicts = 0, have_path = 0, no_default = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--mode") == 0 && more) {
            const char *m = argv[++i];
            if (strcmp(m, "precise") == 0)
                so.mode = GOVTEXT_SEG_PRECISE;
            else if (strcmp(m, "index") == 0)
                so.mode = GOVTEXT_SEG_INDEX;
            else {
                fprintf(stderr, "govtext: segment: unknown mode '%s'\n", m);
                return 2;
            }
        } else if (strcmp(a, "--dict") == 0 && more) {
            if (n_dicts == 64)
                return fail("segment", "at most 64 --dict");
            dicts[n_dicts++] = argv[++i];
        } else if (strcmp(a, "--no-default-dict") == 0) {
            no_default = 1;
        } else if (strcmp(a, "--format") == 0 && more) {
            format = argv[++i];
            if (strcmp(format, "text") != 0 && strcmp(format, "sighan") != 0 &&
                strcmp(format, "json") != 0) {
                fprintf(stderr, "govtext: segment: unknown format '%s'\n", format);
                return 2;
            }
        } else if ((strcmp(a, "--encoding") == 0 || strcmp(a, "-e") == 0) && more) {
            govtext_encoding e;
            if (govtext_encoding_from_name(argv[++i], &e) != GOVTEXT_OK) {
                fprintf(stderr, "govtext: segment: unknown encoding '%s'\n", argv[i]);
                return 2;
            }
            lo.encoding = (uint32_t)e;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govtext: segment: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (have_path) {
            return fail("segment", "only one FILE may be given");
        } else {
            path = a;
            have_path = 1;
        }
    }
    int sighan = strcmp(format, "sighan") == 0, json = strcmp(format, "json") == 0;
    /* SIGHAN output must keep the input's characters as they are, so that a
     * scorer can align it with the gold file: no NFC. */
    if (sighan)
        lo.flags |= GOVTEXT_LOAD_NO_NFC;
    govtext_lexicon *lex = govtext_lexicon_new();
    govtext_doc *doc = govtext_doc_new();
    govtext_segmenter *seg = NULL;
    govtext_token *toks = NULL;
    size_t cap = 0;
    int rc = 0;
    if (!lex || !doc) {
        rc = fail("segment", "out of memory");
        goto done;
    }
    if (!no_default && govtext_lexicon_load_default(lex) != GOVTEXT_OK) {
        rc = fail("segment", govtext_lexicon_errmsg(lex));
        goto done;
    }
    for (int i = 0; i < n_dicts; i++) {
        if (govtext_lexicon_load_file(lex, dicts[i]) != GOVTEXT_OK) {
            rc = fail("segment", govtext_lexicon_errmsg(lex));
            goto done;
        }
        if (govtext_lexicon_skipped_lines(lex))
            fprintf(stderr, "govtext: segment: %s: %zu malformed lines skipped so far\n",
                    dicts[i], govtext_lexicon_skipped_lines(lex));
    }
    seg = govtext_segmenter_new(lex);
    if (!seg) {
        rc = fail("segment", "out of memory");
        goto done;
    }
    if (load_path(doc, path, &lo) != GOVTEXT_OK) {
        rc = fail(path, govtext_doc_errmsg(doc));
        goto done;
    }
    size_t len;
    const char *text = govtext_doc_text(doc, &len);
    if (json) {
        fputs("{\"input\": ", stdout);
        json_string(stdout, path, strlen(path));
        fputs(", \"tokens\": [", stdout);
    }
    size_t pos = 0, n_out = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t count = 0;
        govtext_status st = segment_line(seg, text + pos, end - pos, &so, &toks, &cap, &count);
        if (st != GOVTEXT_OK) {
            rc = fail(path, st == GOVTEXT_ERR_NOMEM ? "out of memory" : govtext_segmenter_errmsg(seg));
            goto done;
        }
        for (size_t k = 0; k < count; k++) {
            const govtext_token *t = &toks[k];
            const char *w = text + pos + t->start;
            size_t wl = t->end - t->start;
            if (json) {
                size_t s0 = 0, s1 = 0;
                govtext_doc_map_to_source(doc, pos + t->start, pos + t->end, &s0, &s1);
                printf("%s\n  {\"start\": %zu, \"end\": %zu, \"src_start\": %zu, \"src_end\": %zu, "
                       "\"kind\": \"%s\", \"tag\": \"%s\", \"text\": ",
                       n_out++ ? "," : "", pos + t->start, pos + t->end, s0, s1,
                       token_kind_name(t->kind), govtext_segmenter_tag_name(seg, t->tag));
                json_string(stdout, w, wl);
                fputs("}", stdout);
                continue;
            }
            if (k)
                fputc(' ', stdout);
            fwrite(w, 1, wl, stdout);
            if (!sighan && t->tag)
                printf("/%s", govtext_segmenter_tag_name(seg, t->tag));
        }
        if (!json && (nl || end > pos))
            fputc('\n', stdout);
        pos = nl ? end + 1 : len;
    }
    if (json)
        fputs("\n]}\n", stdout);
    if (fflush(stdout) != 0)
        rc = fail("segment", "cannot write the output");
done:
    free(toks);
    govtext_segmenter_free(seg);
    govtext_lexicon_free(lex);
    govtext_doc_free(doc);
    return rc;
}

/* ---- lexicon -------------------------------------------------------- */

static int cmd_lexicon(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "build") != 0) {
        fputs("govtext: lexicon: the only subcommand is 'build'\n", stderr);
        return 2;
    }
    const char *out = NULL;
    const char *ins[256];
    int n_in = 0, with_default = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "--with-default") == 0) {
            with_default = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govtext: lexicon build: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (n_in == 256) {
            return fail("lexicon build", "at most 256 input files");
        } else {
            ins[n_in++] = a;
        }
    }
    if (!out || (n_in == 0 && !with_default))
        return fail("lexicon build", "usage: govtext lexicon build [--with-default] -o OUT FILE...");
    govtext_lexicon *lex = govtext_lexicon_new();
    if (!lex)
        return fail("lexicon build", "out of memory");
    int rc = 0;
    if (with_default && govtext_lexicon_load_default(lex) != GOVTEXT_OK)
        rc = fail("lexicon build", govtext_lexicon_errmsg(lex));
    for (int i = 0; i < n_in && rc == 0; i++)
        if (govtext_lexicon_load_file(lex, ins[i]) != GOVTEXT_OK)
            rc = fail("lexicon build", govtext_lexicon_errmsg(lex));
    if (rc == 0 && govtext_lexicon_save(lex, out) != GOVTEXT_OK)
        rc = fail("lexicon build", govtext_lexicon_errmsg(lex));
    if (rc == 0)
        fprintf(stderr, "govtext: lexicon build: %s: %zu entries in, %zu malformed lines skipped\n",
                out, govtext_lexicon_size(lex), govtext_lexicon_skipped_lines(lex));
    govtext_lexicon_free(lex);
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
    if (strcmp(cmd, "repair") == 0)
        return cmd_repair(argc - 1, argv + 1);
    if (strcmp(cmd, "segment") == 0)
        return cmd_segment(argc - 1, argv + 1);
    if (strcmp(cmd, "lexicon") == 0)
        return cmd_lexicon(argc - 1, argv + 1);
    if (strcmp(cmd, "index") == 0)
        return cmd_index(argc - 1, argv + 1);
    if (strcmp(cmd, "search") == 0)
        return cmd_search(argc - 1, argv + 1);
    if (strcmp(cmd, "stats") == 0)
        return cmd_stats(argc - 1, argv + 1);
    fprintf(stderr, "govtext: unknown command '%s'\n%s", cmd, USAGE);
    return 2;
}
