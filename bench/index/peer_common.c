/* The peers' shared plumbing: a small JSON Lines reader (just enough JSON
 * for the corpus: an object of strings and numbers), the query file and the
 * warm query loop.  See peer_common.h. */
#include "peer_common.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct peer_jsonl {
    FILE *f;
    char *line;
    size_t cap;
    long lineno;
    char *id, *text; /* decoded values of the current line */
    size_t id_cap, text_cap;
};

double peer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int peer_usage(const char *prog, const char *extra)
{
    fprintf(stderr,
            "usage: %s %sbuild DIR CORPUS.jsonl   index the corpus into DIR (created)\n"
            "       %s %ssearch DIR QUERIES       run every query twice, print the warm pass\n",
            prog, extra, prog, extra);
    return 2;
}

peer_jsonl *peer_jsonl_open(const char *path)
{
    peer_jsonl *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = fopen(path, "rb");
    if (!r->f) {
        perror(path);
        free(r);
        return NULL;
    }
    return r;
}

void peer_jsonl_close(peer_jsonl *r)
{
    if (!r)
        return;
    fclose(r->f);
    free(r->line);
    free(r->id);
    free(r->text);
    free(r);
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the JSON string at *pp (just after its opening quote) into out
 * (decoding never grows a string, so out needs the rest of the line). */
static int decode_string(const char **pp, char *out, size_t *out_len)
{
    const char *p = *pp;
    size_t n = 0;
    for (;;) {
        char c = *p++;
        if (c == '\0')
            return -1;
        if (c == '"')
            break;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        c = *p++;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = c; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (hex4(p, &cp) != 0)
                return -1;
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u' &&
                hex4(p + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD; /* a lone surrogate */
            }
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            return -1;
        }
    }
    out[n] = '\0';
    *out_len = n;
    *pp = p;
    return 0;
}

/* Skips a number, true, false or null. */
static const char *skip_scalar(const char *p)
{
    while (*p && *p != ',' && *p != '}' && *p != ' ' && *p != '\t')
        p++;
    return p;
}

static int grow(char **buf, size_t *cap, size_t need)
{
    if (*cap >= need)
        return 0;
    char *b = realloc(*buf, need);
    if (!b)
        return -1;
    *buf = b;
    *cap = need;
    return 0;
}

int peer_jsonl_next(peer_jsonl *r, peer_doc *doc)
{
    ssize_t got;
    const char *p;
    do {
        got = getline(&r->line, &r->cap, r->f);
        if (got < 0)
            return 0;
        r->lineno++;
        p = skip_ws(r->line);
    } while (*p == '\0');
    size_t room = (size_t)got + 1;
    char *scratch = NULL;
    size_t scratch_cap = 0;
    if (grow(&r->id, &r->id_cap, room) || grow(&r->text, &r->text_cap, room))
        goto bad;
    int have_id = 0, have_text = 0;
    if (*p++ != '{')
        goto bad;
    for (;;) {
        p = skip_ws(p);
        if (*p == '}')
            break;
        if (*p++ != '"')
            goto bad;
        const char *key = p;
        const char *q = strchr(p, '"');
        if (!q)
            goto bad;
        size_t key_len = (size_t)(q - key);
        p = skip_ws(q + 1);
        if (*p++ != ':')
            goto bad;
        p = skip_ws(p);
        if (*p == '"') {
            p++;
            char *dst;
            size_t *dst_len, other_len;
            if (key_len == 2 && memcmp(key, "id", 2) == 0) {
                dst = r->id, dst_len = &doc->id_len, have_id = 1;
            } else if (key_len == 4 && memcmp(key, "text", 4) == 0) {
                dst = r->text, dst_len = &doc->text_len, have_text = 1;
            } else {
                if (grow(&scratch, &scratch_cap, room))
                    goto bad;
                dst = scratch, dst_len = &other_len;
            }
            if (decode_string(&p, dst, dst_len) != 0)
                goto bad;
        } else {
            p = skip_scalar(p);
        }
        p = skip_ws(p);
        if (*p == ',')
            p++;
        else if (*p != '}')
            goto bad;
    }
    free(scratch);
    if (!have_id || !have_text)
        goto bad_nofree;
    doc->id = r->id;
    doc->text = r->text;
    return 1;
bad:
    free(scratch);
bad_nofree:
    fprintf(stderr, "corpus line %ld: not a JSON object with string \"id\" and \"text\"\n",
            r->lineno);
    return -1;
}

void peer_hits_add(peer_hits *h, const char *id, size_t id_len)
{
    if (h->len + id_len + 1 > h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 4096;
        while (cap < h->len + id_len + 1)
            cap *= 2;
        char *b = realloc(h->buf, cap);
        if (!b) {
            fputs("out of memory\n", stderr);
            exit(1);
        }
        h->buf = b;
        h->cap = cap;
    }
    memcpy(h->buf + h->len, id, id_len);
    h->buf[h->len + id_len] = '\0';
    h->len += id_len + 1;
    h->count++;
}

static void put_json_string(FILE *out, const char *s, size_t n)
{
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\t')
            putc(' ', out); /* parts were separated by tabs; show spaces */
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            putc(c, out);
    }
    putc('"', out);
}

/* Splits line (modified in place) at tabs into parts; returns their number. */
static int split_parts(char *line, char ***parts, int *cap)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            char **np = realloc(*parts, (size_t)*cap * sizeof *np);
            if (!np)
                return -1;
            *parts = np;
        }
        (*parts)[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

int peer_run_queries(const char *queries_path, peer_search_fn search, void *engine)
{
    FILE *f = fopen(queries_path, "rb");
    if (!f) {
        perror(queries_path);
        return 1;
    }
    char **lines = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            char **nl = realloc(lines, cap * sizeof *nl);
            if (!nl)
                return 1;
            lines = nl;
        }
        lines[n++] = strdup(line);
    }
    free(line);
    fclose(f);

    int rc = 0, parts_cap = 0;
    char **parts = NULL;
    char *work = NULL;
    size_t work_cap = 0;
    peer_hits hits = {0};
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        for (size_t i = 0; i < n && rc == 0; i++) {
            size_t len = strlen(lines[i]);
            if (grow(&work, &work_cap, len + 1))
                return 1;
            memcpy(work, lines[i], len + 1);
            hits.len = hits.count = 0;
            double t0 = peer_now();
            int n_parts = split_parts(work, &parts, &parts_cap);
            rc = n_parts < 0 ? 1 : search(engine, parts, n_parts, &hits);
            double micros = (peer_now() - t0) * 1e6;
            if (rc != 0 || pass == 0)
                continue;
            fputs("{\"query\": ", stdout);
            put_json_string(stdout, lines[i], len);
            printf(", \"total\": %zu, \"hits\": [", hits.count);
            const char *id = hits.buf;
            for (size_t k = 0; k < hits.count; k++) {
                size_t id_len = strlen(id);
                fputs(k ? ", {\"id\": " : "{\"id\": ", stdout);
                put_json_string(stdout, id, id_len);
                putc('}', stdout);
                id += id_len + 1;
            }
            printf("], \"micros\": %.1f}\n", micros);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    free(parts);
    free(work);
    free(hits.buf);
    return rc;
}
