#include "index_input.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "jsonl.h"

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(input_stats *st, int final)
{
    double t = now_seconds();
    if (st->quiet || (!final && t - st->last < 2.0))
        return;
    st->last = t;
    double mb = (double)st->bytes / 1e6, secs = t - st->t0;
    fprintf(stderr, "govtext: %s %llu documents, %.1f MB in %.1f s (%.1f MB/s)\n",
            final ? "read" : "reading", (unsigned long long)st->docs, mb, secs,
            secs > 0 ? mb / secs : 0.0);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int is_jsonl(const char *path)
{
    return strcmp(path, "-") == 0 || ends_with(path, ".jsonl") || ends_with(path, ".ndjson");
}

static int feed_jsonl(const char *path, doc_sink sink, void *ctx, input_stats *st)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "govtext: cannot open %s\n", path);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    jdoc d;
    memset(&d, 0, sizeof d);
    int rc = 0;
    char err[200];
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        size_t k = 0;
        while (k < (size_t)n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == (size_t)n)
            continue; /* blank line */
        if (jsonl_parse(line, (size_t)n, &d, err, sizeof err) != 0) {
            fprintf(stderr, "govtext: %s:%zu: %s\n", path, lineno, err);
            st->bad++;
            if (!st->skip_bad) {
                rc = 1;
                break;
            }
            continue;
        }
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        m.title = d.title.s;
        m.title_len = d.title.n;
        m.date = d.date.s;
        m.date_len = d.date.n;
        m.source = d.source.s;
        m.source_len = d.source.n;
        m.year = (int32_t)d.year;
        snprintf(st->where, sizeof st->where, "%s:%zu", path, lineno);
        int r = sink(ctx, d.id.s, d.id.n, d.text.s ? d.text.s : "", d.text.n, &m);
        if (r < 0) { /* the document was refused: report, and maybe go on */
            fprintf(stderr, "govtext: %s:%zu: document '%s' skipped\n", path, lineno, d.id.s);
            st->bad++;
            if (!st->skip_bad) {
                rc = 1;
                break;
            }
            continue;
        }
        if (r > 0) {
            rc = 1;
            break;
        }
        st->docs++;
        st->bytes += d.text.n;
        progress(st, 0);
    }
    jdoc_release(&d);
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

static int feed_text(const char *path, doc_sink sink, void *ctx, input_stats *st)
{
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return 1;
    int rc = 0;
    govtext_status s = govtext_doc_load_file(doc, path, NULL);
    if (s != GOVTEXT_OK) {
        fprintf(stderr, "govtext: %s: %s\n", path, govtext_doc_errmsg(doc));
        st->bad++;
        rc = st->skip_bad ? 0 : 1;
    } else {
        size_t len;
        const char *text = govtext_doc_text(doc, &len);
        snprintf(st->where, sizeof st->where, "%s", path);
        int r = sink(ctx, path, strlen(path), text, len, NULL);
        if (r < 0) {
            st->bad++;
            rc = st->skip_bad ? 0 : 1;
        } else if (r > 0) {
            rc = 1;
        } else {
            st->docs++;
            st->bytes += len;
            progress(st, 0);
        }
    }
    govtext_doc_free(doc);
    return rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int feed_path(const char *path, doc_sink sink, void *ctx, input_stats *st, int depth);

static int feed_dir(const char *dir, doc_sink sink, void *ctx, input_stats *st, int depth)
{
    if (depth > 64) {
        fprintf(stderr, "govtext: %s: directories nested too deep\n", dir);
        return 1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "govtext: cannot read directory %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                rc = 1;
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = 1;
            break;
        }
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = strlen(dir) + strlen(names[i]) + 2;
            char *p = malloc(len);
            if (!p) {
                rc = 1;
            } else {
                snprintf(p, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names[i]);
                rc = feed_path(p, sink, ctx, st, depth + 1);
                free(p);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static int feed_path(const char *path, doc_sink sink, void *ctx, input_stats *st, int depth)
{
    if (strcmp(path, "-") == 0)
        return feed_jsonl(path, sink, ctx, st);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "govtext: %s: no such file or directory\n", path);
        return 1;
    }
    if (S_ISDIR(sb.st_mode))
        return feed_dir(path, sink, ctx, st, depth);
    if (!S_ISREG(sb.st_mode))
        return 0; /* sockets, fifos found in a tree */
    return is_jsonl(path) ? feed_jsonl(path, sink, ctx, st) : feed_text(path, sink, ctx, st);
}

int feed_inputs(char **inputs, int n, doc_sink sink, void *ctx, input_stats *st)
{
    st->t0 = st->last = now_seconds();
    for (int i = 0; i < n; i++)
        if (feed_path(inputs[i], sink, ctx, st, 0))
            return 1;
    progress(st, 1);
    if (st->bad)
        fprintf(stderr, "govtext: %llu bad inputs skipped\n", (unsigned long long)st->bad);
    return 0;
}
