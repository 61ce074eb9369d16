/* A small strict JSON reader for corpus lines: enough of RFC 8259 to read
 * one object per line, with every escape (surrogate pairs included) and
 * nesting depth bounded, so that hostile lines cost linear time. */
#include "jsonl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct rd {
    const unsigned char *p, *end, *start;
    char *err;
    size_t errlen;
} rd;

static int bad(rd *r, const char *what)
{
    snprintf(r->err, r->errlen, "%s at byte %zu", what, (size_t)(r->p - r->start));
    return -1;
}

static void ws(rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n'))
        r->p++;
}

static int put(jstr *s, size_t *cap, const void *p, size_t n)
{
    if (s->n + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < s->n + n + 1)
            c *= 2;
        char *q = realloc(s->s, c);
        if (!q)
            return -1;
        s->s = q;
        *cap = c;
    }
    memcpy(s->s + s->n, p, n);
    s->n += n;
    s->s[s->n] = '\0';
    return 0;
}

static int hex4(rd *r, uint32_t *v)
{
    if (r->end - r->p < 4)
        return bad(r, "short \\u escape");
    *v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = r->p[i];
        unsigned d = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 16;
        if (d == 16)
            return bad(r, "bad \\u escape");
        *v = *v * 16 + d;
    }
    r->p += 4;
    return 0;
}

static size_t utf8_put(uint32_t c, unsigned char *o)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* Reads a string (r->p at the quote) into out (or just skips it when out
 * is NULL).  Bytes are copied as they are; the caller validates UTF-8. */
static int string(rd *r, jstr *out, size_t *cap)
{
    r->p++;
    if (out)
        out->n = 0;
    for (;;) {
        const unsigned char *run = r->p;
        while (r->p < r->end && *r->p != '"' && *r->p != '\\' && *r->p >= 0x20)
            r->p++;
        if (out && r->p > run && put(out, cap, run, (size_t)(r->p - run)))
            return bad(r, "out of memory");
        if (r->p >= r->end)
            return bad(r, "unterminated string");
        if (*r->p == '"') {
            r->p++;
            if (out && !out->s && put(out, cap, "", 0))
                return bad(r, "out of memory");
            return 0;
        }
        if (*r->p < 0x20)
            return bad(r, "control character in a string");
        r->p++; /* backslash */
        if (r->p >= r->end)
            return bad(r, "unterminated escape");
        unsigned char e = *r->p++, o[4];
        size_t n = 1;
        switch (e) {
        case '"': o[0] = '"'; break;
        case '\\': o[0] = '\\'; break;
        case '/': o[0] = '/'; break;
        case 'b': o[0] = '\b'; break;
        case 'f': o[0] = '\f'; break;
        case 'n': o[0] = '\n'; break;
        case 'r': o[0] = '\r'; break;
        case 't': o[0] = '\t'; break;
        case 'u': {
            uint32_t c;
            if (hex4(r, &c))
                return -1;
            if (c >= 0xD800 && c <= 0xDBFF) {
                uint32_t lo;
                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                    return bad(r, "lone surrogate in \\u escape");
                r->p += 2;
                if (hex4(r, &lo))
                    return -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return bad(r, "bad surrogate pair");
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            } else if (c >= 0xDC00 && c <= 0xDFFF) {
                return bad(r, "lone surrogate in \\u escape");
            }
            n = utf8_put(c, o);
            break;
        }
        default:
            return bad(r, "unknown escape");
        }
        if (out && put(out, cap, o, n))
            return bad(r, "out of memory");
    }
}

static int number(rd *r, double *v)
{
    const unsigned char *s = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == 'e' ||
                             *r->p == 'E' || *r->p == '+' || *r->p == '-'))
        r->p++;
    char buf[64];
    size_t n = (size_t)(r->p - s);
    if (n == 0 || n >= sizeof buf)
        return bad(r, "bad number");
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    *v = strtod(buf, &end);
    if (*end)
        return bad(r, "bad number");
    return 0;
}

static int skip_value(rd *r, int depth);

static int literal(rd *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return bad(r, "unexpected character");
    r->p += n;
    return 0;
}

static int skip_value(rd *r, int depth)
{
    ws(r);
    if (r->p >= r->end)
        return bad(r, "missing value");
    if (depth > MAX_DEPTH)
        return bad(r, "nested too deep");
    double d;
    switch (*r->p) {
    case '"':
        return string(r, NULL, NULL);
    case '{':
    case '[': {
        unsigned char close = *r->p == '{' ? '}' : ']';
        int object = close == '}';
        r->p++;
        ws(r);
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return 0;
        }
        for (;;) {
            ws(r);
            if (object) {
                if (r->p >= r->end || *r->p != '"')
                    return bad(r, "expected a member name");
                if (string(r, NULL, NULL))
                    return -1;
                ws(r);
                if (r->p >= r->end || *r->p != ':')
                    return bad(r, "expected ':'");
                r->p++;
            }
            if (skip_value(r, depth + 1))
                return -1;
            ws(r);
            if (r->p < r->end && *r->p == ',') {
                r->p++;
                continue;
            }
            if (r->p < r->end && *r->p == close) {
                r->p++;
                return 0;
            }
            return bad(r, "expected ',' or a closing bracket");
        }
    }
    case 't':
        return literal(r, "true");
    case 'f':
        return literal(r, "false");
    case 'n':
        return literal(r, "null");
    default:
        return number(r, &d);
    }
}

void jdoc_release(jdoc *d)
{
    free(d->id.s);
    free(d->text.s);
    free(d->title.s);
    free(d->date.s);
    free(d->source.s);
    memset(d, 0, sizeof *d);
}

/* Capacities live beside the strings so that buffers are reused. */
typedef struct caps {
    size_t id, text, title, date, source;
} caps;

int jsonl_parse(const char *line, size_t len, jdoc *out, char *err, size_t errlen)
{
    static const char *const names[] = {"id", "text", "title", "date", "source"};
    rd r = {(const unsigned char *)line, (const unsigned char *)line + len,
            (const unsigned char *)line, err, errlen};
    jstr *fields[] = {&out->id, &out->text, &out->title, &out->date, &out->source};
    /* capacities are not stored: a buffer's capacity is at least n + 1, so
     * start from that (put() grows by doubling). */
    size_t cap[5];
    for (int i = 0; i < 5; i++) {
        cap[i] = fields[i]->s ? fields[i]->n + 1 : 0;
        fields[i]->n = 0;
        if (fields[i]->s)
            fields[i]->s[0] = '\0';
    }
    int seen[5] = {0};
    out->year = 0;
    out->has_text = 0;
    ws(&r);
    if (r.p >= r.end || *r.p != '{')
        return bad(&r, "expected a JSON object");
    r.p++;
    ws(&r);
    if (r.p < r.end && *r.p == '}') {
        r.p++;
        goto tail;
    }
    for (;;) {
        ws(&r);
        if (r.p >= r.end || *r.p != '"')
            return bad(&r, "expected a member name");
        jstr key = {0};
        size_t kcap = 0;
        if (string(&r, &key, &kcap)) {
            free(key.s);
            return -1;
        }
        ws(&r);
        if (r.p >= r.end || *r.p != ':') {
            free(key.s);
            return bad(&r, "expected ':'");
        }
        r.p++;
        ws(&r);
        int f = -1;
        for (int i = 0; i < 5; i++)
            if (key.n == strlen(names[i]) && memcmp(key.s, names[i], key.n) == 0)
                f = i;
        int is_year = key.n == 4 && memcmp(key.s, "year", 4) == 0;
        free(key.s);
        if (r.p >= r.end)
            return bad(&r, "missing value");
        if (f >= 0 && *r.p == '"') {
            if (seen[f]++)
                return bad(&r, "a repeated member");
            if (string(&r, fields[f], &cap[f]))
                return -1;
            if (f == 1)
                out->has_text = 1;
        } else if ((f == 0 || is_year) && (*r.p == '-' || (*r.p >= '0' && *r.p <= '9'))) {
            const unsigned char *s = r.p;
            double v;
            if (number(&r, &v))
                return -1;
            if (is_year) {
                if (v != (long)v || v < -100000 || v > 100000)
                    return bad(&r, "year is not a whole number");
                out->year = (long)v;
            } else {
                if (seen[0]++)
                    return bad(&r, "a repeated member");
                if (put(&out->id, &cap[0], s, (size_t)(r.p - s)))
                    return bad(&r, "out of memory");
            }
        } else if (is_year && *r.p == '"') {
            jstr y = {0};
            size_t ycap = 0;
            if (string(&r, &y, &ycap)) {
                free(y.s);
                return -1;
            }
            char *end;
            long v = strtol(y.s ? y.s : "", &end, 10);
            int ok = y.n > 0 && *end == '\0' && v > -100000 && v < 100000;
            free(y.s);
            if (!ok)
                return bad(&r, "year is not a number");
            out->year = v;
        } else if (f >= 0 && literal(&r, "null") == 0) {
            /* a null optional member: as if absent */
        } else if (f >= 0) {
            return bad(&r, f == 0 ? "id must be a string or a number" : "expected a string");
        } else if (skip_value(&r, 1)) {
            return -1;
        }
        ws(&r);
        if (r.p < r.end && *r.p == ',') {
            r.p++;
            continue;
        }
        if (r.p < r.end && *r.p == '}') {
            r.p++;
            break;
        }
        return bad(&r, "expected ',' or '}'");
    }
tail:
    ws(&r);
    if (r.p != r.end)
        return bad(&r, "text after the object");
    if (!seen[0] || out->id.n == 0)
        return bad(&r, "no \"id\"");
    if (!out->has_text)
        return bad(&r, "no \"text\"");
    return 0;
}
