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
    "      first) into DIR2, with FILE.json reports beside the outputs if --report-dir\n"
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
    /* First pass: learn the collection's evidence. */
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (govtext_doc_load_file(doc, path, lo) == GOVTEXT_OK)
            govtext_collection_add(coll, doc);
    }
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
    fprintf(stderr, "govtext: unknown command '%s'\n%s", cmd, USAGE);
    return 2;
}
