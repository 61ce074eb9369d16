/* Repair pass: HTML leftovers.
 *
 * Text scraped from web pages keeps pieces of the markup: character
 * references (&nbsp; &ldquo; &#20013; &#x4e2d;), tags (<p>, </p>, <br />,
 * <span ...>), and now and then a whole <script> or <style> element or a
 * line of its code.  The pass decodes the references, removes the markup and
 * empties the lines that held nothing else, one line at a time (the layout
 * pass then drops empty lines, which it may need to see as paragraph
 * breaks first).
 *
 * What counts as markup is deliberately narrow, because governance texts
 * use '<' and '&' as text too ("x < y", "<<中国>>", "R&D"): a tag is '<',
 * an optional '/', the name of an HTML element (or a name with ':' or '-',
 * as Word's <o:p> and custom elements have), then attributes up to '>' on
 * the same line; a reference is a name from the table (html_entities.c) or
 * a number.  Block elements (<p>, <br>, <div>, <li>, ...) between two pieces
 * of text on one line become a line break, since the canonical form has one
 * paragraph per line; everywhere else markup simply goes.
 *
 * Spaces: pages indent paragraphs with &nbsp; and use it between words.  It
 * becomes an ordinary space (which is what the text had before it was made
 * into HTML); the layout pass then drops indents and spaces between Han
 * characters.
 *
 * Linear time: a failed search for a tag's '>' leaves a barrier, so no byte
 * is scanned twice for it, and the searches for "</script", "</style" and
 * "-->" remember where they found their needle. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "repair/html_entities.h"
#include "repair/repair.h"

/* A tag longer than this is not a tag. */
#define MAX_TAG 2048

enum {
    IT_ENTITY, /* a character reference */
    IT_INLINE, /* an inline tag: removed */
    IT_BLOCK,  /* a block tag: removed, or a line break between text */
    IT_REMOVE  /* a script/style element, a comment, a declaration */
};

typedef struct html_item {
    size_t a, b;
    uint8_t kind;
    uint8_t space; /* the replacement is a space */
    uint8_t after; /* text follows on the line (for the line-break rule) */
    uint32_t cp;   /* entity: the character (0: nothing) */
    double conf;
} html_item;

/* The next occurrence of a needle, remembered between queries that only
 * move forward. */
typedef struct finder {
    const char *needle; /* lower case */
    size_t n;
    size_t from, at; /* searched from `from`; first hit at `at` (len: none) */
    int valid;
} finder;

typedef struct html_work {
    const char *text;
    size_t len;
    html_item *items;
    size_t nitems, icap;
    size_t no_tag_before; /* no '>' closes a tag started before this */
    finder script_end, style_end, comment_end;
} html_work;

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
    return is_alpha(c) || is_digit(c);
}

static int hex_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Case-insensitive match of needle (lower case) at text[p]. */
static int match_ci(const char *text, size_t len, size_t p, const char *needle, size_t n)
{
    if (len - p < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)text[p + i]) != (unsigned char)needle[i])
            return 0;
    return 1;
}

/* The first occurrence of f's needle at or after from, or len. */
static size_t find_next(finder *f, const char *text, size_t len, size_t from)
{
    if (f->valid && from >= f->from && f->at >= from)
        return f->at;
    size_t p = from;
    const char first = f->needle[0];
    for (;;) {
        const char *q = memchr(text + p, first, len - p);
        if (!q) {
            p = len;
            break;
        }
        p = (size_t)(q - text);
        if (match_ci(text, len, p, f->needle, f->n))
            break;
        p++;
    }
    f->from = from;
    f->at = p;
    f->valid = 1;
    return p;
}

/* ------------------------------------------------------------------ */
/* Character references                                                */

/* windows-1252 for 80-9F, as HTML5 reads numeric references there. */
static const uint16_t c1_fixup[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Names HTML5 decodes even without the ';' (the common ones of its legacy
 * list); other names need it, so "R&D" or "&copy2024" stay text. */
static int legacy_name(const char *s, size_t n)
{
    static const char *const names[] = {"nbsp", "amp", "lt", "gt", "quot", "copy", "reg",
                                        "AMP", "LT", "GT", "QUOT", "COPY", "REG"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
            return 1;
    return 0;
}

/* What a decoded character becomes in the text: spaces of every kind that
 * pages use for layout become ' ' (*space set), controls go (0). */
static uint32_t settle(uint32_t cp, uint8_t *space)
{
    *space = 0;
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0xFFFD;
    if (cp >= 0x80 && cp <= 0x9F)
        cp = c1_fixup[cp - 0x80]; /* 0 for the undefined ones: dropped */
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
        cp == 0x2002 || cp == 0x2003 || cp == 0x2009) {
        *space = 1;
        return ' ';
    }
    if (cp < 0x20 || cp == 0x7F || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
        cp == 0xFEFF)
        return 0;
    return cp;
}

/* Parses a reference at text[p] == '&'.  Returns its end, or 0 if there is
 * none; *cp gets the raw code point (UINT32_MAX when out of range). */
static size_t parse_reference(const char *text, size_t len, size_t p, uint32_t *cp)
{
    size_t q = p + 1;
    if (q < len && text[q] == '#') {
        q++;
        int hex = q < len && (text[q] == 'x' || text[q] == 'X');
        if (hex)
            q++;
        size_t d0 = q;
        uint64_t v = 0;
        for (; q < len; q++) {
            int d = hex ? hex_value((unsigned char)text[q])
                        : (is_digit((unsigned char)text[q]) ? text[q] - '0' : -1);
            if (d < 0)
                break;
            if (v <= 0x10FFFF)
                v = v * (hex ? 16 : 10) + (uint64_t)d;
        }
        if (q == d0)
            return 0;
        if (q < len && text[q] == ';')
            q++;
        *cp = v > 0x10FFFF ? UINT32_MAX : (uint32_t)v;
        return q;
    }
    size_t n0 = q;
    while (q < len && q - n0 <= GT_HTML_ENTITY_MAX && is_alnum((unsigned char)text[q]))
        q++;
    size_t n = q - n0;
    if (n == 0 || n > GT_HTML_ENTITY_MAX || !is_alpha((unsigned char)text[n0]))
        return 0;
    if (!gt_html_entity_lookup(text + n0, n, cp))
        return 0;
    if (q < len && text[q] == ';')
        return q + 1;
    return legacy_name(text + n0, n) ? q : 0;
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */

/* Elements whose tags separate paragraphs. */
static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "iframe", "legend", "li", "main", "menu", "nav", "noscript", "ol", "option", "p",
    "pre", "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th",
    "thead", "title", "tr", "ul",
};

/* Other elements: removed where they stand. */
static const char *const inline_tags[] = {
    "a", "abbr", "acronym", "area", "audio", "b", "base", "basefont", "bdi", "bdo", "big",
    "button", "canvas", "cite", "code", "col", "colgroup", "data", "datalist", "del", "dfn",
    "em", "embed", "font", "i", "img", "input", "ins", "kbd", "label", "link", "map", "mark",
    "meta", "meter", "nobr", "object", "output", "param", "picture", "progress", "q", "rp", "rt",
    "ruby", "s", "samp", "script", "small", "source", "span", "strike", "strong", "style", "sub",
    "sup", "svg", "template", "time", "track", "tt", "u", "var", "video", "wbr",
};

static int in_list(const char *const *list, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], name, len) == 0)
            return 1;
    return 0;
}

static int add_item(html_work *w, size_t a, size_t b, int kind, uint32_t cp, uint8_t space,
                    double conf)
{
    if (gt_grow_array((void **)&w->items, &w->icap, w->nitems + 1, sizeof *w->items) != 0)
        return -1;
    w->items[w->nitems++] = (html_item){a, b, (uint8_t)kind, space, 0, cp, conf};
    return 0;
}

/* The end of a tag whose name ends at q: just past its '>' on the same
 * line, or 0.  A failed search leaves a barrier (see html_work). */
static size_t tag_close(html_work *w, size_t start, size_t q)
{
    if (start < w->no_tag_before)
        return 0;
    const char *t = w->text;
    size_t lim = w->len - q > MAX_TAG ? q + MAX_TAG : w->len;
    for (size_t i = q; i < lim; i++) {
        if (t[i] == '>')
            return i + 1;
        if (t[i] == '\n' || t[i] == '<') {
            /* No '>' before i: a tag started before i cannot close before
             * it either; one at i is looked at on its own. */
            w->no_tag_before = t[i] == '<' ? start + 1 : i;
            return 0;
        }
    }
    w->no_tag_before = lim;
    return 0;
}

/* Looks at the '<' at p.  Adds an item and returns its end, or returns 0 if
 * this is text; -1 (as SIZE_MAX) when memory ran out. */
static size_t parse_markup(html_work *w, size_t p)
{
    const char *t = w->text;
    size_t len = w->len;
    /* Comments, and declarations (<!DOCTYPE ...>, <?xml ...?>). */
    if (match_ci(t, len, p, "<!--", 4)) {
        size_t e = find_next(&w->comment_end, t, len, p + 4);
        if (e >= len)
            return 0;
        return add_item(w, p, e + 3, IT_REMOVE, 0, 0, 0.95) ? SIZE_MAX : e + 3;
    }
    if (p + 1 < len && (t[p + 1] == '!' || t[p + 1] == '?') && p + 2 < len &&
        is_alpha((unsigned char)t[p + 2])) {
        size_t e = tag_close(w, p, p + 2);
        if (!e)
            return 0;
        return add_item(w, p, e, IT_REMOVE, 0, 0, 0.95) ? SIZE_MAX : e;
    }
    size_t q = p + 1;
    int closing = q < len && t[q] == '/';
    if (closing)
        q++;
    if (q >= len || !is_alpha((unsigned char)t[q]))
        return 0;
    char name[16];
    size_t n = 0;
    int marked = 0; /* ':' or '-': Word's <o:p>, custom elements */
    for (; q < len && (is_alnum((unsigned char)t[q]) || t[q] == ':' || t[q] == '-'); q++) {
        marked |= t[q] == ':' || t[q] == '-';
        if (n < sizeof name)
            name[n] = (char)lower((unsigned char)t[q]);
        n++;
    }
    if (n > sizeof name)
        return 0;
    /* After the name: '>', '/>', or whitespace and attributes. */
    if (q < len && !(t[q] == '>' || t[q] == '/' || t[q] == ' ' || t[q] == '\t'))
        return 0;
    int block = in_list(block_tags, sizeof block_tags / sizeof block_tags[0], name, n);
    if (!block && !marked &&
        !in_list(inline_tags, sizeof inline_tags / sizeof inline_tags[0], name, n))
        return 0;
    size_t e = tag_close(w, p, q);
    if (!e)
        return 0;
    int script = n == 6 && memcmp(name, "script", 6) == 0;
    int style = n == 5 && memcmp(name, "style", 5) == 0;
    if (!closing && (script || style) && t[e - 2] != '/') {
        /* The element's content is code: remove up to its end tag. */
        finder *f = script ? &w->script_end : &w->style_end;
        size_t c = find_next(f, t, len, e);
        size_t end = 0;
        if (c < len) {
            const char *gt = memchr(t + c, '>', len - c);
            end = gt ? (size_t)(gt - t) + 1 : 0;
        }
        if (!end) {
            /* No end tag: the rest of the line is code unless it is
             * Chinese text. */
            const char *nl = memchr(t + e, '\n', len - e);
            size_t le = nl ? (size_t)(nl - t) : len;
            int han = 0;
            for (size_t i = e; i < le; i++)
                han |= (unsigned char)t[i] >= 0x80;
            end = han ? e : le;
        }
        return add_item(w, p, end, IT_REMOVE, 0, 0, 0.95) ? SIZE_MAX : end;
    }
    return add_item(w, p, e, block ? IT_BLOCK : IT_INLINE, 0, 0, 0.99) ? SIZE_MAX : e;
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */

/* Space of any kind that a line may hold and still be empty. */
static size_t blank_at(const char *t, size_t len, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c == ' ' || c == '\t')
        return 1;
    uint32_t cp;
    size_t n = gt_utf8_next(t, len, i, &cp);
    return (cp == 0x3000 || cp == 0xA0) ? n : 0;
}

static int has_content(const char *t, size_t len, size_t a, size_t b)
{
    for (size_t i = a; i < b;) {
        size_t n = blank_at(t, len, i);
        if (!n)
            return 1;
        i += n;
    }
    return 0;
}

static int contains(const char *t, size_t a, size_t b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = a; i + n <= b; i++)
        if (memcmp(t + i, needle, n) == 0)
            return 1;
    return 0;
}

/* A line of JavaScript or CSS left over from a page: ASCII only (Chinese
 * text never is), ending like code, and naming something only code names. */
static int code_line(const char *t, size_t a, size_t b)
{
    while (a < b && (t[a] == ' ' || t[a] == '\t'))
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
        b--;
    if (b - a < 2)
        return 0;
    for (size_t i = a; i < b; i++)
        if ((unsigned char)t[i] >= 0x80)
            return 0;
    char last = t[b - 1];
    if (last != ';' && last != '{' && last != '}' && last != ')')
        return 0;
    static const char *const markers[] = {
        "function", "var ", "document.", "window.", "_hmt", "getElementBy", "addEventListener",
        "});", "})(", "=>", "px;", "color:", "font-size:", "margin:", "padding:", "display:",
        "text-align:", "background:", "jQuery", "$(",
    };
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (contains(t, a, b, markers[i]))
            return 1;
    return 0;
}

/* Appends cp in NFC: a reference may name a character that NFC replaces
 * (&#x2329; is U+3008, &#xF900; is U+8C48), and the text stays NFC. */
static int append_nfc(gt_buf *b, uint32_t cp)
{
    char enc[4];
    size_t n = gt_utf8_encode(cp, enc);
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (cp < 0x80 || (p->decomp_seqindex == UINT16_MAX && !p->comp_exclusion))
        return gt_buf_append(b, enc, n);
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)enc, (utf8proc_ssize_t)n, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int rc = r == UTF8PROC_ERROR_NOMEM ? -1
             : r > 0                   ? gt_buf_append(b, nfc, (size_t)r)
                                       : gt_buf_append(b, enc, n);
    free(nfc);
    return rc;
}

/* Writes the items of line [ls, le).  A line left with nothing but space
 * is emptied (its newline stays: an empty line may be a paragraph break,
 * which the layout pass needs to see); otherwise each run of adjacent items
 * becomes one edit. */
static int emit_line(html_work *w, gt_writer *wr, size_t ls, size_t le, gt_pass_out *out)
{
    const char *t = w->text;
    size_t len = w->len;
    if (w->nitems == 0 && code_line(t, ls, le) &&
        add_item(w, ls, le, IT_REMOVE, 0, 0, 0.8) != 0)
        return -1;
    html_item *it = w->items;
    size_t n = w->nitems;
    if (n == 0)
        return 0;
    /* Is there text on the line besides the items?  And, for each item,
     * after it? */
    int content = 0;
    for (size_t i = n; i-- > 0;) {
        size_t gap_end = i + 1 < n ? it[i + 1].a : le;
        content |= has_content(t, len, it[i].b, gap_end);
        it[i].after = (uint8_t)content;
        content |= it[i].kind == IT_ENTITY && it[i].cp && !it[i].space;
    }
    content |= has_content(t, len, ls, it[0].a);
    if (!content) {
        double conf = 1.0;
        for (size_t i = 0; i < n; i++)
            if (it[i].conf < conf)
                conf = it[i].conf;
        if (gt_writer_replace(wr, ls, le, "", 0, GOVTEXT_EDIT_HTML, conf) != 0)
            return -1;
        out->counts[GOVTEXT_COUNT_HTML] += n;
        return 0;
    }
    gt_buf rep;
    gt_buf_init(&rep);
    int since_break = 0, rc = 0;
    size_t prev = ls;
    for (size_t i = 0; i < n && rc == 0;) {
        /* A run of adjacent items. */
        size_t j = i;
        double conf = 1.0;
        rep.len = 0;
        for (; j < n && (j == i || it[j].a == it[j - 1].b); j++) {
            since_break |= has_content(t, len, j == i ? prev : it[j - 1].b, it[j].a);
            if (it[j].conf < conf)
                conf = it[j].conf;
            if (it[j].kind == IT_ENTITY) {
                if (it[j].cp) {
                    rc |= append_nfc(&rep, it[j].cp);
                    since_break |= !it[j].space;
                }
            } else if (it[j].kind == IT_BLOCK && since_break && it[j].after) {
                /* Block markup between two pieces of text: a paragraph
                 * break. */
                rc |= gt_buf_putc(&rep, '\n');
                since_break = 0;
            }
        }
        if (rc == 0)
            rc = gt_writer_replace(wr, it[i].a, it[j - 1].b, rep.data ? rep.data : "", rep.len,
                                   GOVTEXT_EDIT_HTML, conf);
        out->counts[GOVTEXT_COUNT_HTML] += j - i;
        prev = it[j - 1].b;
        i = j;
    }
    gt_buf_release(&rep);
    return rc;
}

int gt_repair_html(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    (void)ctx;
    gt_writer wr;
    gt_writer_init(&wr, text, out);
    html_work w;
    memset(&w, 0, sizeof w);
    w.text = text;
    w.len = len;
    w.script_end = (finder){"</script", 8, 0, 0, 0};
    w.style_end = (finder){"</style", 7, 0, 0, 0};
    w.comment_end = (finder){"-->", 3, 0, 0, 0};

    int rc = 0;
    size_t ls = 0;
    while (ls < len && rc == 0) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        w.nitems = 0;
        size_t p = ls;
        while (p < le) {
            /* The next '&' or '<' of the line. */
            size_t q = p;
            while (q < le && text[q] != '&' && text[q] != '<')
                q++;
            if (q >= le)
                break;
            size_t end = 0;
            if (text[q] == '&') {
                uint32_t cp;
                end = parse_reference(text, len, q, &cp);
                /* &amp;nbsp; : escaped twice by the page's generator.  The
                 * inner reference is parsed as if the ';' were its '&'. */
                if (end && cp == '&' && end - q == 5) {
                    uint32_t cp2;
                    size_t end2 = parse_reference(text, len, end - 1, &cp2);
                    if (end2 && text[end2 - 1] == ';') {
                        end = end2;
                        cp = cp2;
                    }
                }
                if (end) {
                    uint8_t space;
                    uint32_t c = settle(cp, &space);
                    if (add_item(&w, q, end, IT_ENTITY, c, space, 1.0) != 0)
                        rc = -1;
                }
            } else {
                end = parse_markup(&w, q);
                if (end == SIZE_MAX)
                    rc = -1;
            }
            if (rc != 0)
                break;
            p = end ? end : q + 1;
            if (p > le) {
                /* An element or comment over several lines: the line is
                 * the one it ends on. */
                const char *nl2 = memchr(text + p, '\n', len - p);
                le = nl2 ? (size_t)(nl2 - text) : len;
            }
        }
        if (rc == 0)
            rc = emit_line(&w, &wr, ls, le, out);
        ls = le + 1;
    }
    if (rc == 0)
        rc = gt_writer_finish(&wr, len);
    free(w.items);
    return rc;
}
