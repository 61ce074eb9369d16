/* govtext index build|add|delete|merge, govtext search, govtext stats. */
#include "index_cmd.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index_input.h"
#include "json.h"

static int usage(const char *msg)
{
    fprintf(stderr, "govtext: %s (see govtext --help)\n", msg);
    return 2;
}

/* Opens an index; NULL after a message on stderr. */
static govtext_index *open_index(const char *path)
{
    govtext_index *idx = govtext_index_new();
    if (!idx)
        return NULL;
    if (govtext_index_open(idx, path) != GOVTEXT_OK) {
        fprintf(stderr, "govtext: %s\n", govtext_index_errmsg(idx));
        govtext_index_free(idx);
        return NULL;
    }
    return idx;
}

/* --- building ------------------------------------------------------------ */

static int add_to_writer(void *ctx, const char *id, size_t id_len, const char *text, size_t len,
                         const govtext_doc_meta *meta)
{
    govtext_index_writer *w = ctx;
    govtext_status s = govtext_index_writer_add(w, id, id_len, text, len, meta);
    if (s == GOVTEXT_OK)
        return 0;
    fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(w));
    return s == GOVTEXT_ERR_NOMEM ? 1 : -1; /* out of memory stops everything */
}

/* Parallel builds: the reader thread queues copies of the documents; each
 * job adds them to its own writer and saves a shard; the shards are merged. */
typedef struct item {
    struct item *next;
    char *id, *text, *title, *date, *source;
    char *where; /* "path:line", for messages */
    size_t id_len, len, title_len, date_len, source_len;
    int32_t year;
} item;

typedef struct queue {
    pthread_mutex_t mu;
    pthread_cond_t more, room;
    item *head, *tail;
    size_t bytes;
    int done, failed;
    int skip_bad;     /* a refused document is reported and skipped */
    const input_stats *st; /* where the reader is, for messages */
    uint64_t refused; /* documents refused (with skip_bad) */
} queue;

typedef struct job {
    pthread_t thread;
    queue *q;
    govtext_index_writer *w;
    char *shard; /* where the job saves its shard, in its own thread */
    int failed;
} job;

#define QUEUE_BYTES (64u << 20)

static char *dup_bytes(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void item_free(item *it)
{
    free(it->id);
    free(it->text);
    free(it->title);
    free(it->date);
    free(it->source);
    free(it->where);
    free(it);
}

static int enqueue(void *ctx, const char *id, size_t id_len, const char *text, size_t len,
                   const govtext_doc_meta *meta)
{
    queue *q = ctx;
    item *it = calloc(1, sizeof *it);
    if (!it)
        return 1;
    it->id = dup_bytes(id, id_len);
    it->text = dup_bytes(text, len);
    it->where = dup_bytes(q->st->where, strlen(q->st->where));
    it->id_len = id_len;
    it->len = len;
    if (meta) {
        it->title = meta->title ? dup_bytes(meta->title, meta->title_len) : NULL;
        it->date = meta->date ? dup_bytes(meta->date, meta->date_len) : NULL;
        it->source = meta->source ? dup_bytes(meta->source, meta->source_len) : NULL;
        it->title_len = meta->title_len;
        it->date_len = meta->date_len;
        it->source_len = meta->source_len;
        it->year = meta->year;
    }
    if (!it->id || !it->text || !it->where) {
        item_free(it);
        return 1;
    }
    pthread_mutex_lock(&q->mu);
    while (q->bytes > QUEUE_BYTES && !q->failed)
        pthread_cond_wait(&q->room, &q->mu);
    int failed = q->failed;
    if (!failed) {
        if (q->tail)
            q->tail->next = it;
        else
            q->head = it;
        q->tail = it;
        q->bytes += len;
        pthread_cond_signal(&q->more);
    }
    pthread_mutex_unlock(&q->mu);
    if (failed)
        item_free(it);
    return failed ? 1 : 0;
}

static void *job_main(void *arg)
{
    job *j = arg;
    queue *q = j->q;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->head && !q->done && !q->failed)
            pthread_cond_wait(&q->more, &q->mu);
        item *it = q->failed ? NULL : q->head;
        if (it) {
            q->head = it->next;
            if (!q->head)
                q->tail = NULL;
            q->bytes -= it->len;
            pthread_cond_signal(&q->room);
        }
        pthread_mutex_unlock(&q->mu);
        if (!it) {
            /* The queue is done: save the shard here, so that the jobs'
             * saves run in parallel too. */
            if (!q->failed && !j->failed &&
                govtext_index_writer_save(j->w, j->shard) != GOVTEXT_OK) {
                fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(j->w));
                j->failed = 1;
            }
            return NULL;
        }
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        m.title = it->title;
        m.title_len = it->title_len;
        m.date = it->date;
        m.date_len = it->date_len;
        m.source = it->source;
        m.source_len = it->source_len;
        m.year = it->year;
        govtext_status s =
            govtext_index_writer_add(j->w, it->id, it->id_len, it->text, it->len, &m);
        if (s != GOVTEXT_OK) {
            fprintf(stderr, "govtext: %s: %s\n", it->where, govtext_index_writer_errmsg(j->w));
            pthread_mutex_lock(&q->mu);
            if (q->skip_bad && s != GOVTEXT_ERR_NOMEM) { /* as with one job: skip it */
                q->refused++;
                pthread_mutex_unlock(&q->mu);
                item_free(it);
                continue;
            }
            q->failed = j->failed = 1;
            pthread_cond_broadcast(&q->room);
            pthread_cond_broadcast(&q->more);
            pthread_mutex_unlock(&q->mu);
        }
        item_free(it);
    }
}

static int save(govtext_index_writer *w, const char *out)
{
    if (govtext_index_writer_save(w, out) != GOVTEXT_OK) {
        fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(w));
        return 1;
    }
    return 0;
}

/* Builds with `jobs` writers into *w (already holding what to keep). */
static int build_parallel(govtext_index_writer *w, const govtext_index_options *o, int jobs,
                          char **inputs, int n, input_stats *st, const char *out)
{
    queue q;
    memset(&q, 0, sizeof q);
    q.skip_bad = st->skip_bad;
    q.st = st;
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.more, NULL);
    pthread_cond_init(&q.room, NULL);
    job *js = calloc((size_t)jobs, sizeof *js);
    govtext_index **idx = calloc((size_t)jobs, sizeof *idx);
    int rc = js && idx ? 0 : 1, started = 0;
    size_t plen = strlen(out) + 32;
    for (int i = 0; i < jobs && rc == 0; i++) {
        js[i].q = &q;
        if (!(js[i].shard = malloc(plen)))
            rc = 1;
        else
            snprintf(js[i].shard, plen, "%s.shard%d", out, i);
        if (rc || govtext_index_writer_new(o, &js[i].w) != GOVTEXT_OK ||
            pthread_create(&js[i].thread, NULL, job_main, &js[i]) != 0)
            rc = 1;
        else
            started++;
    }
    if (rc == 0)
        rc = feed_inputs(inputs, n, enqueue, &q, st);
    pthread_mutex_lock(&q.mu);
    q.done = 1;
    if (rc)
        q.failed = 1;
    pthread_cond_broadcast(&q.more);
    pthread_cond_broadcast(&q.room);
    pthread_mutex_unlock(&q.mu);
    for (int i = 0; i < started; i++) {
        pthread_join(js[i].thread, NULL);
        if (js[i].failed)
            rc = 1;
    }
    if (q.refused)
        fprintf(stderr, "govtext: %llu documents refused and skipped\n",
                (unsigned long long)q.refused);
    while (q.head) {
        item *it = q.head;
        q.head = it->next;
        item_free(it);
    }
    /* Each job saved its shard beside the output; merge them. */
    for (int i = 0; i < jobs && rc == 0; i++) {
        govtext_index_writer_free(js[i].w);
        js[i].w = NULL;
        if (!(idx[i] = open_index(js[i].shard)))
            rc = 1;
        if (rc == 0 && govtext_index_writer_add_index(w, idx[i]) != GOVTEXT_OK) {
            fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(w));
            rc = 1;
        }
    }
    if (rc == 0)
        rc = save(w, out);
    for (int i = 0; i < jobs; i++) {
        if (js) {
            govtext_index_writer_free(js[i].w);
            if (js[i].shard) {
                unlink(js[i].shard);
                free(js[i].shard);
            }
        }
        if (idx)
            govtext_index_free(idx[i]);
    }
    free(idx);
    free(js);
    pthread_mutex_destroy(&q.mu);
    pthread_cond_destroy(&q.more);
    pthread_cond_destroy(&q.room);
    return rc;
}

static void summary(const char *out, const input_stats *st, size_t ndocs)
{
    if (st->quiet)
        return;
    struct stat sb;
    double secs = now_seconds() - st->t0, mb = (double)st->bytes / 1e6;
    double size = stat(out, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    fprintf(stderr, "govtext: %s: %zu documents, %.1f MB of new text in %.1f s (%.1f MB/s), "
                    "index %.1f MB\n",
            out, ndocs, mb, secs, secs > 0 ? mb / secs : 0.0, size);
}

static int index_build_or_add(int argc, char **argv, int add)
{
    const char *out = NULL;
    /* One job per CPU (at most 8) unless told: building is the slow part
     * of indexing, and shards merge cheaply (no re-segmenting). */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (int)ncpu, nargs = 0;
    govtext_index_options o;
    govtext_index_options_init(&o, sizeof o);
    input_stats st;
    memset(&st, 0, sizeof st);
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!add && strcmp(a, "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--jobs") == 0 && i + 1 < argc)
            jobs = atoi(argv[++i]);
        else if (!add && strcmp(a, "--no-words") == 0)
            o.flags |= GOVTEXT_INDEX_NO_WORDS;
        else if (strcmp(a, "--quiet") == 0)
            st.quiet = 1;
        else if (strcmp(a, "--skip-bad") == 0)
            st.skip_bad = 1;
        else if (a[0] == '-' && a[1] != '\0') {
            free(inputs);
            return usage("index: unknown option");
        } else
            inputs[nargs++] = argv[i];
    }
    if (add) { /* index add INDEX INPUT... */
        if (nargs < 1) {
            free(inputs);
            return usage("index add: INDEX INPUT... expected");
        }
        out = inputs[0];
    }
    if (!out || nargs - add < 1 || jobs < 1 || jobs > 256) {
        free(inputs);
        return usage(add ? "index add: INDEX INPUT... expected"
                         : "index build: --out INDEX and at least one INPUT expected");
    }
    char **in = inputs + add;
    int nin = nargs - add;
    govtext_index *old = NULL;
    int rc = 0;
    if (add) {
        if (!(old = open_index(out))) {
            free(inputs);
            return 1;
        }
        o.flags = govtext_index_flags(old);
    }
    govtext_index_writer *w = NULL;
    govtext_status s = govtext_index_writer_new(&o, &w);
    if (s != GOVTEXT_OK) {
        fprintf(stderr, "govtext: index: %s\n", govtext_status_string(s));
        rc = 1;
    }
    if (rc == 0 && old && govtext_index_writer_add_index(w, old) != GOVTEXT_OK) {
        fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(w));
        rc = 1;
    }
    if (rc == 0 && jobs == 1) {
        rc = feed_inputs(in, nin, add_to_writer, w, &st);
        if (rc == 0)
            rc = save(w, out);
    } else if (rc == 0) {
        rc = build_parallel(w, &o, jobs, in, nin, &st, out);
    }
    if (rc == 0)
        summary(out, &st, govtext_index_writer_count(w));
    govtext_index_writer_free(w);
    govtext_index_free(old);
    free(inputs);
    return rc;
}

static int index_delete(int argc, char **argv)
{
    if (argc < 3)
        return usage("index delete: INDEX ID... expected");
    govtext_index *idx = open_index(argv[1]);
    if (!idx)
        return 1;
    govtext_index_options o;
    govtext_index_options_init(&o, sizeof o);
    o.flags = govtext_index_flags(idx);
    govtext_index_writer *w = NULL;
    int rc = govtext_index_writer_new(&o, &w) != GOVTEXT_OK;
    if (rc == 0 && govtext_index_writer_add_index(w, idx) != GOVTEXT_OK)
        rc = 1;
    for (int i = 2; i < argc && rc == 0; i++)
        if (govtext_index_writer_delete(w, argv[i], strlen(argv[i])) != GOVTEXT_OK) {
            fprintf(stderr, "govtext: %s\n", govtext_index_writer_errmsg(w));
            rc = 1;
        }
    if (rc == 0)
        rc = save(w, argv[1]);
    govtext_index_writer_free(w);
    govtext_index_free(idx);
    return rc;
}

static int index_merge(int argc, char **argv)
{
    const char *out = NULL;
    int n = 0;
    govtext_index **idx = calloc((size_t)argc, sizeof *idx);
    const char **names = calloc((size_t)argc, sizeof *names);
    if (!idx || !names) {
        free(idx);
        free(names);
        return 1;
    }
    int rc = 0;
    govtext_index_writer *w = NULL;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
            continue;
        }
        names[n] = argv[i];
        if (!(idx[n++] = open_index(argv[i])))
            rc = 1;
    }
    if (rc == 0 && (!out || n == 0))
        rc = usage("index merge: --out OUT INDEX... expected");
    if (rc == 0) {
        govtext_index_options o;
        govtext_index_options_init(&o, sizeof o);
        o.flags = govtext_index_flags(idx[0]);
        rc = govtext_index_writer_new(&o, &w) != GOVTEXT_OK;
    }
    for (int i = 0; i < n && rc == 0; i++)
        if (govtext_index_writer_add_index(w, idx[i]) != GOVTEXT_OK) {
            fprintf(stderr, "govtext: %s: %s\n", names[i], govtext_index_writer_errmsg(w));
            rc = 1;
        }
    if (rc == 0)
        rc = save(w, out);
    govtext_index_writer_free(w);
    for (int i = 0; i < n; i++)
        govtext_index_free(idx[i]);
    free(idx);
    free(names);
    return rc;
}

int cmd_index(int argc, char **argv)
{
    if (argc < 2)
        return usage("index: build, add, delete or merge expected");
    const char *sub = argv[1];
    if (strcmp(sub, "build") == 0)
        return index_build_or_add(argc - 1, argv + 1, 0);
    if (strcmp(sub, "add") == 0)
        return index_build_or_add(argc - 1, argv + 1, 1);
    if (strcmp(sub, "delete") == 0)
        return index_delete(argc - 1, argv + 1);
    if (strcmp(sub, "merge") == 0)
        return index_merge(argc - 1, argv + 1);
    return usage("index: build, add, delete or merge expected");
}

/* --- searching ------------------------------------------------------------ */

static void print_hit_json(const govtext_index *idx, const govtext_results *r, size_t i,
                           const govtext_hit *h, int snippets)
{
    size_t n;
    const char *id = govtext_index_doc_id(idx, h->doc, &n);
    fputs("{\"id\":", stdout);
    json_string(stdout, id, n);
    printf(",\"score\":%.6g", h->score);
    if (snippets) {
        const char *snip = govtext_results_snippet(r, i, &n);
        printf(",\"doc\":%zu,\"occurrences\":%llu,\"snippet\":", h->doc,
               (unsigned long long)h->occurrences);
        json_string(stdout, snip ? snip : "", n);
        printf(",\"snippet_start\":%zu,\"match_start\":%zu,\"match_end\":%zu", h->snippet_start,
               h->match_start, h->match_end);
    }
    putchar('}');
}

/* One query; JSON or text on stdout.  Returns 0, or 1 on an error. */
static int one_query(const govtext_index *idx, govtext_results *r, const char *q, size_t qlen,
                     const govtext_search_options *so, int json)
{
    double t0 = now_seconds();
    govtext_status s = govtext_index_search(idx, q, qlen, so, r);
    double micros = (now_seconds() - t0) * 1e6;
    if (s != GOVTEXT_OK) {
        if (json) {
            fputs("{\"query\":", stdout);
            json_string(stdout, q, qlen);
            fputs(",\"error\":", stdout);
            const char *m = govtext_results_errmsg(r);
            json_string(stdout, m, strlen(m));
            fputs("}\n", stdout);
        } else {
            fprintf(stderr, "govtext: %s\n", govtext_results_errmsg(r));
        }
        return 1;
    }
    size_t n = govtext_results_count(r);
    int snippets = (so->flags & GOVTEXT_SEARCH_SNIPPETS) != 0;
    govtext_hit h;
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    if (json) {
        fputs("{\"query\":", stdout);
        json_string(stdout, q, qlen);
        printf(",\"total\":%zu,\"hits\":[", govtext_results_total(r));
        for (size_t i = 0; i < n; i++) {
            govtext_results_get(r, i, &h);
            if (i)
                putchar(',');
            print_hit_json(idx, r, i, &h, snippets);
        }
        printf("],\"micros\":%.0f}\n", micros);
        return 0;
    }
    printf("%zu documents\n", govtext_results_total(r));
    for (size_t i = 0; i < n; i++) {
        govtext_results_get(r, i, &h);
        size_t idn, tn;
        const char *id = govtext_index_doc_id(idx, h.doc, &idn);
        printf("%.4f\t%.*s", h.score, (int)idn, id);
        const char *snip = snippets ? govtext_results_snippet(r, i, &tn) : NULL;
        if (snip && h.match_end > h.match_start) {
            putchar('\t');
            for (size_t k = h.snippet_start; k < h.snippet_end; k++) {
                if (k == h.match_start)
                    fputs("【", stdout);
                if (k == h.match_end)
                    fputs("】", stdout);
                char c = snip[k - h.snippet_start];
                putchar(c == '\n' ? ' ' : c);
            }
            if (h.match_end == h.snippet_end)
                fputs("】", stdout);
        }
        putchar('\n');
    }
    return 0;
}

int cmd_search(int argc, char **argv)
{
    const char *path = NULL, *format = "text";
    int batch = 0, nq = 0;
    govtext_search_options so;
    govtext_search_options_init(&so, sizeof so);
    so.flags = GOVTEXT_SEARCH_SNIPPETS;
    const char **queries = calloc((size_t)argc, sizeof *queries);
    if (!queries)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
            long k = atol(argv[++i]);
            so.limit = k <= 0 ? GOVTEXT_SEARCH_ALL : (size_t)k;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if (strcmp(a, "--batch") == 0) {
            batch = 1;
        } else if (strcmp(a, "--snippets") == 0) {
            so.flags |= GOVTEXT_SEARCH_SNIPPETS;
        } else if (strcmp(a, "--no-snippets") == 0) {
            so.flags &= ~GOVTEXT_SEARCH_SNIPPETS;
        } else if (strcmp(a, "--count") == 0) {
            so.flags |= GOVTEXT_SEARCH_COUNT_ONLY;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                queries[nq++] = argv[i];
        } else if (!path) {
            path = a;
        } else {
            queries[nq++] = a;
        }
    }
    int json = strcmp(format, "json") == 0;
    if (!path || (!batch && nq == 0) || (!json && strcmp(format, "text") != 0)) {
        free(queries);
        return usage("search: INDEX QUERY [--limit K] [--format text|json] or INDEX --batch");
    }
    govtext_index *idx = open_index(path);
    govtext_results *r = govtext_results_new();
    int rc = idx && r ? 0 : 1;
    if (rc == 0 && batch) {
        /* One JSON line per query line: ids and scores, unless --snippets. */
        int snip = 0;
        for (int i = 1; i < argc; i++)
            snip |= strcmp(argv[i], "--snippets") == 0;
        if (!snip)
            so.flags &= ~GOVTEXT_SEARCH_SNIPPETS;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) >= 0) {
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                n--;
            if (n == 0)
                continue;
            one_query(idx, r, line, (size_t)n, &so, 1); /* errors are reported in the line */
            fflush(stdout);
        }
        free(line);
    } else if (rc == 0) {
        const char *q = queries[0];
        size_t total = 0;
        for (int i = 0; i < nq; i++)
            total += strlen(queries[i]) + 1;
        char *joined = malloc(total + 1); /* several arguments are one query, ANDed */
        if (!joined) {
            rc = 1;
        } else {
            joined[0] = '\0';
            for (int i = 0; i < nq; i++) {
                if (i)
                    strcat(joined, " ");
                strcat(joined, queries[i]);
            }
            q = joined;
            rc = one_query(idx, r, q, strlen(q), &so, json);
            free(joined);
        }
    }
    govtext_results_free(r);
    govtext_index_free(idx);
    free(queries);
    return rc;
}

int cmd_stats(int argc, char **argv)
{
    const char *path = NULL, *format = "text";
    char **terms = calloc((size_t)argc, sizeof *terms);
    int nterms = 0;
    if (!terms)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strcmp(argv[i], "--") == 0)
            while (++i < argc)
                terms[nterms++] = argv[i];
        else if (!path)
            path = argv[i];
        else
            terms[nterms++] = argv[i];
    }
    int json = strcmp(format, "json") == 0;
    if (!path || nterms == 0 || (!json && strcmp(format, "text") != 0)) {
        free(terms);
        return usage("stats: INDEX TERM... [--format text|json] expected");
    }
    govtext_index *idx = open_index(path);
    govtext_results *r = govtext_results_new();
    int rc = idx && r ? 0 : 1;
    govtext_year_count *years = NULL;
    size_t cap = 0;
    for (int i = 0; i < nterms && rc == 0; i++) {
        const char *t = terms[i];
        uint64_t docs = 0, occ = 0;
        size_t n = 0;
        govtext_status s;
        while ((s = govtext_index_term_stats(idx, t, strlen(t), r, &docs, &occ, years, cap,
                                             &n)) == GOVTEXT_ERR_BUFFER_TOO_SMALL) {
            govtext_year_count *y = realloc(years, n * sizeof *y);
            if (!y) {
                s = GOVTEXT_ERR_NOMEM;
                break;
            }
            years = y;
            cap = n;
        }
        if (s != GOVTEXT_OK) {
            fprintf(stderr, "govtext: %s: %s\n", t, govtext_results_errmsg(r));
            rc = 1;
            break;
        }
        if (json) {
            fputs("{\"term\":", stdout);
            json_string(stdout, t, strlen(t));
            printf(",\"docs\":%llu,\"occurrences\":%llu,\"years\":[", (unsigned long long)docs,
                   (unsigned long long)occ);
            for (size_t k = 0; k < n; k++)
                printf("%s{\"year\":%d,\"docs\":%llu,\"occurrences\":%llu}", k ? "," : "",
                       (int)years[k].year, (unsigned long long)years[k].docs,
                       (unsigned long long)years[k].occurrences);
            puts("]}");
        } else {
            printf("%s\tall\t%llu docs\t%llu occurrences\n", t, (unsigned long long)docs,
                   (unsigned long long)occ);
            for (size_t k = 0; k < n; k++) {
                if (years[k].year)
                    printf("%s\t%d", t, (int)years[k].year);
                else
                    printf("%s\t?", t);
                printf("\t%llu docs\t%llu occurrences\n", (unsigned long long)years[k].docs,
                       (unsigned long long)years[k].occurrences);
            }
        }
    }
    free(years);
    free(terms);
    govtext_results_free(r);
    govtext_index_free(idx);
    return rc;
}
