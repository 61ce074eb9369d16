/* The query language (see govtext.h): a recursive-descent parser over a
 * small tokenizer.  White space separates terms (ANDed), OR between two
 * terms makes a union and binds tighter than the implicit AND, a leading
 * '-' negates, "..." is a phrase, ( ) groups, and field:value filters. */
#include "index/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "index/chars.h"

typedef struct parser {
    const unsigned char *q;
    size_t len, i;
    gt_query *out;
    char *err;
    int depth; /* open parentheses */
    int nest;  /* groups and negations: bounds the recursion */
} parser;

static govtext_status fail(parser *p, govtext_status st, const char *what)
{
    snprintf(p->err, 256, "query: %s at byte %zu", what, p->i);
    return st;
}

static uint32_t peek(const parser *p, size_t *next)
{
    uint32_t c;
    *next = p->i + gt_utf8_next((const char *)p->q, p->len, p->i, &c);
    return c;
}

static void skip_space(parser *p)
{
    while (p->i < p->len) {
        size_t next;
        if (!gt_idx_is_space(peek(p, &next)))
            break;
        p->i = next;
    }
}

static govtext_status new_node(parser *p, gt_qkind kind, size_t *out)
{
    gt_query *q = p->out;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        gt_qnode *n = realloc(q->nodes, cap * sizeof *n);
        if (!n)
            return fail(p, GOVTEXT_ERR_NOMEM, "out of memory");
        q->nodes = n;
        q->cap = cap;
    }
    memset(&q->nodes[q->n], 0, sizeof q->nodes[0]);
    q->nodes[q->n].kind = kind;
    *out = q->n++;
    return GOVTEXT_OK;
}

static govtext_status add_kid(parser *p, size_t parent, size_t kid)
{
    gt_qnode *n = &p->out->nodes[parent];
    size_t *k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (!k)
        return fail(p, GOVTEXT_ERR_NOMEM, "out of memory");
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return GOVTEXT_OK;
}

/* Ends of a bare token: white space, a quote, or a ')' closing a group. */
static int ends_token(const parser *p, uint32_t c)
{
    return gt_idx_is_space(c) || c == '"' || (c == ')' && p->depth > 0);
}

/* The characters of s[0..n) as a term: folded, each white-space character
 * a gap (it matches one white-space character of the text), trimmed. */
static govtext_status make_term(parser *p, const unsigned char *s, size_t n, size_t node)
{
    uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
    if (!cps)
        return fail(p, GOVTEXT_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += gt_utf8_next((const char *)s, n, i, &c);
        if (gt_idx_is_space(c)) {
            if (k > 0)
                cps[k++] = GT_IDX_GAP;
        } else {
            cps[k++] = gt_idx_fold(c);
        }
    }
    while (k > 0 && cps[k - 1] == GT_IDX_GAP)
        k--;
    gt_qnode *nd = &p->out->nodes[node];
    nd->cps = cps;
    nd->ncps = k;
    if (k > GT_QUERY_MAX_CHARS)
        return fail(p, GOVTEXT_ERR_LIMIT, "a term of more than 1,024 characters");
    if (++p->out->nterms > GT_QUERY_MAX_TERMS)
        return fail(p, GOVTEXT_ERR_LIMIT, "more than 1,024 terms");
    return GOVTEXT_OK;
}

/* Reads a quoted string (p->i at the opening quote); [*s, *s + *n). */
static void read_quoted(parser *p, const unsigned char **s, size_t *n)
{
    size_t start = ++p->i;
    while (p->i < p->len && p->q[p->i] != '"')
        p->i++;
    *s = p->q + start;
    *n = p->i - start;
    if (p->i < p->len)
        p->i++; /* an unclosed quote runs to the end */
}

static void read_bare(parser *p, const unsigned char **s, size_t *n)
{
    size_t start = p->i;
    while (p->i < p->len) {
        size_t next;
        if (ends_token(p, peek(p, &next)))
            break;
        p->i = next;
    }
    *s = p->q + start;
    *n = p->i - start;
}

static int parse_year(const unsigned char *s, size_t n, int32_t *y0, int32_t *y1)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *dots = strstr(buf, "..");
    long a = INT32_MIN, b = INT32_MAX;
    char *end;
    if (dots) {
        *dots = '\0';
        if (buf[0]) {
            a = strtol(buf, &end, 10);
            if (*end)
                return -1;
        }
        if (dots[2]) {
            b = strtol(dots + 2, &end, 10);
            if (*end)
                return -1;
        }
    } else {
        a = b = strtol(buf, &end, 10);
        if (*end)
            return -1;
    }
    if (a > b || a < INT32_MIN || b > INT32_MAX)
        return -1;
    *y0 = (int32_t)a;
    *y1 = (int32_t)b;
    return 0;
}

static govtext_status copy_str(parser *p, const unsigned char *s, size_t n, size_t node, int fold)
{
    char *c = malloc(n + 1);
    if (!c)
        return fail(p, GOVTEXT_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        c[i] = (char)(fold ? gt_idx_fold(s[i]) : s[i]);
    c[n] = '\0';
    p->out->nodes[node].str = c;
    p->out->nodes[node].len = n;
    return GOVTEXT_OK;
}

static const struct {
    const char *name;
    gt_qkind kind;
} FIELDS[] = {{"word:", GT_Q_WORD}, {"year:", GT_Q_YEAR}, {"source:", GT_Q_SOURCE},
              {"id:", GT_Q_ID}};

static govtext_status parse_field(parser *p, gt_qkind kind, size_t *out)
{
    const unsigned char *s;
    size_t n;
    if (p->i < p->len && p->q[p->i] == '"')
        read_quoted(p, &s, &n);
    else
        read_bare(p, &s, &n);
    if (n == 0)
        return fail(p, GOVTEXT_ERR_INVALID_ARG, "a field without a value");
    govtext_status st = new_node(p, kind, out);
    if (st != GOVTEXT_OK)
        return st;
    if (kind == GT_Q_YEAR) {
        gt_qnode *nd = &p->out->nodes[*out];
        if (parse_year(s, n, &nd->y0, &nd->y1))
            return fail(p, GOVTEXT_ERR_INVALID_ARG,
                        "a year filter must be year:Y, year:Y1..Y2, year:..Y or year:Y..");
        return GOVTEXT_OK;
    }
    st = copy_str(p, s, n, *out, kind == GT_Q_WORD);
    if (st == GOVTEXT_OK && kind == GT_Q_WORD)
        st = make_term(p, s, n, *out); /* its characters, for snippets */
    return st;
}

static govtext_status parse_and(parser *p, size_t *out);

static govtext_status parse_primary(parser *p, size_t *out)
{
    skip_space(p);
    if (p->i >= p->len)
        return fail(p, GOVTEXT_ERR_INVALID_ARG, "a term is missing");
    unsigned char c = p->q[p->i];
    if (c == '(') {
        p->depth++;
        if (++p->nest > GT_QUERY_MAX_DEPTH)
            return fail(p, GOVTEXT_ERR_LIMIT, "groups and negations nested more than 64 deep");
        p->i++;
        govtext_status st = parse_and(p, out);
        if (st != GOVTEXT_OK)
            return st;
        skip_space(p);
        if (p->i < p->len && p->q[p->i] == ')')
            p->i++; /* an unclosed group runs to the end */
        p->depth--;
        p->nest--;
        return GOVTEXT_OK;
    }
    if (c == ')')
        return fail(p, GOVTEXT_ERR_INVALID_ARG, "')' without '('");
    const unsigned char *s;
    size_t n;
    if (c == '"') {
        read_quoted(p, &s, &n);
    } else {
        for (size_t f = 0; f < sizeof FIELDS / sizeof FIELDS[0]; f++) {
            size_t fl = strlen(FIELDS[f].name);
            if (p->len - p->i > fl && memcmp(p->q + p->i, FIELDS[f].name, fl) == 0) {
                p->i += fl;
                return parse_field(p, FIELDS[f].kind, out);
            }
        }
        read_bare(p, &s, &n);
    }
    govtext_status st = new_node(p, GT_Q_TERM, out);
    if (st == GOVTEXT_OK)
        st = make_term(p, s, n, *out);
    if (st == GOVTEXT_OK && p->out->nodes[*out].ncps == 0)
        return fail(p, GOVTEXT_ERR_INVALID_ARG, "an empty phrase");
    return st;
}

static govtext_status parse_unary(parser *p, size_t *out)
{
    skip_space(p);
    if (p->i + 1 < p->len && p->q[p->i] == '-') {
        size_t save = p->i++, next;
        if (!gt_idx_is_space(peek(p, &next))) {
            if (++p->nest > GT_QUERY_MAX_DEPTH)
                return fail(p, GOVTEXT_ERR_LIMIT, "groups and negations nested more than 64 deep");
            size_t kid;
            govtext_status st = parse_unary(p, &kid);
            p->nest--;
            if (st == GOVTEXT_OK)
                st = new_node(p, GT_Q_NOT, out);
            return st == GOVTEXT_OK ? add_kid(p, *out, kid) : st;
        }
        p->i = save;
    }
    return parse_primary(p, out);
}

/* Is the next token the OR operator ("OR" or "|" standing alone)? */
static int at_or(parser *p)
{
    skip_space(p);
    size_t n = 0;
    if (p->len - p->i >= 2 && memcmp(p->q + p->i, "OR", 2) == 0)
        n = 2;
    else if (p->i < p->len && p->q[p->i] == '|')
        n = 1;
    if (n == 0)
        return 0;
    if (p->i + n < p->len) {
        size_t save = p->i, next;
        p->i += n;
        int alone = gt_idx_is_space(peek(p, &next));
        p->i = save;
        if (!alone)
            return 0;
    }
    p->i += n;
    return 1;
}

static govtext_status parse_or(parser *p, size_t *out)
{
    size_t first;
    govtext_status st = parse_unary(p, &first);
    if (st != GOVTEXT_OK)
        return st;
    *out = first;
    while (st == GOVTEXT_OK && at_or(p)) {
        size_t kid;
        st = parse_unary(p, &kid);
        if (st != GOVTEXT_OK)
            break;
        if (*out == first) {
            size_t or;
            st = new_node(p, GT_Q_OR, &or);
            if (st == GOVTEXT_OK)
                st = add_kid(p, or, first);
            *out = or;
        }
        if (st == GOVTEXT_OK)
            st = add_kid(p, *out, kid);
    }
    return st;
}

static govtext_status parse_and(parser *p, size_t *out)
{
    govtext_status st = new_node(p, GT_Q_AND, out);
    while (st == GOVTEXT_OK) {
        skip_space(p);
        if (p->i >= p->len || (p->q[p->i] == ')' && p->depth > 0))
            break;
        size_t kid;
        st = parse_or(p, &kid);
        if (st == GOVTEXT_OK)
            st = add_kid(p, *out, kid);
    }
    if (st == GOVTEXT_OK && p->out->nodes[*out].nkids == 0)
        return fail(p, GOVTEXT_ERR_INVALID_ARG, p->depth ? "an empty group" : "an empty query");
    return st;
}

void gt_query_free(gt_query *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->nodes[i].cps);
        free(q->nodes[i].str);
        free(q->nodes[i].kids);
    }
    free(q->nodes);
    memset(q, 0, sizeof *q);
}

govtext_status gt_query_parse(const char *q, size_t len, gt_query *out, char *err)
{
    memset(out, 0, sizeof *out);
    size_t bad = len ? gt_utf8_validate(q, len) : 0;
    if (bad != len) {
        snprintf(err, 256, "query: invalid UTF-8 at byte %zu", bad);
        return GOVTEXT_ERR_INVALID_UTF8;
    }
    parser p = {(const unsigned char *)q, len, 0, out, err, 0, 0};
    govtext_status st = parse_and(&p, &out->root);
    if (st == GOVTEXT_OK && p.i < p.len)
        st = fail(&p, GOVTEXT_ERR_INVALID_ARG, "')' without '('");
    if (st != GOVTEXT_OK)
        gt_query_free(out);
    return st;
}
