/* Repair pass: layout.
 *
 * Writes the canonical layout: one paragraph per line, no empty lines, no
 * indents or trailing blanks, LF line ends and a final newline; full-width
 * ASCII letters and digits as ASCII; blanks between two Han characters
 * removed; and the lines of a hard-wrapped document joined back into their
 * paragraphs.
 *
 * Hard wraps.  A program that wraps text cuts every paragraph after the same
 * number of characters W, so all the lines it cut have length W (a little
 * more where it would not cut an inline annotation or a blank was inserted
 * later) and only the last line of each paragraph is shorter.  Clean
 * governance text has one paragraph per line, and its lines have all sorts
 * of lengths -- except headings, tables of contents and
 * headline lists, which are short, parallel and often equally long.  So the
 * document is judged as a whole: it counts as wrapped only if its most common
 * line length W (among lines followed by a non-empty line) is common enough,
 * if those lines mostly do not end like a paragraph, and if some of the
 * breaks fall where no paragraph can end or begin (after "，", before "。",
 * inside a number).  Then each line of about length W is joined to the next,
 * unless the next line is indented the way the document marks paragraphs or
 * opens a numbered heading after a finished sentence.  An empty line always
 * ends a paragraph.
 *
 * A paragraph whose length is an exact multiple of W cannot be told from a
 * wrapped one by its lengths alone; such a line is joined (which is the
 * likelier reading when the document has no separators).
 */
#include <string.h>

#include "common/utf8.h"
#include "repair/layout_chars.h"
#include "repair/repair.h"

/* Wrap widths outside [LAY_MIN_WIDTH, LAY_MAX_WIDTH] are not considered:
 * narrower "wraps" are indistinguishable from lists of short headlines, and
 * wider lines are ordinary paragraphs. */
#define LAY_MIN_WIDTH 16
#define LAY_MAX_WIDTH 200
/* A cut line is at most this many characters shorter than W (none: a
 * paragraph's last line is as likely to be W - 1 long as W, and only the
 * latter cannot be helped) ... */
#define LAY_BELOW 0
/* ... or longer (the wrapper finishes an inline annotation such as
 * "(zhuàng)"; a stray blank was inserted later). */
#define LAY_ABOVE 10
/* Indent strings remembered when looking for the document's usual one. */
#define LAY_INDENTS 8
#define LAY_INDENT_MAX_BYTES 32
/* Confidence of a join: the lengths make it likely, not certain. */
#define LAY_JOIN_CONFIDENCE 0.9

typedef struct lay_line {
    size_t start;  /* first byte of the line */
    size_t next;   /* first byte of the next line (after the terminator) */
    size_t cs, ce; /* the content, without leading and trailing blanks;
                      cs == ce for an empty or all-blank line */
    size_t chars;  /* characters before the terminator, blanks included:
                      what a wrapping program counts */
    uint32_t first, last; /* first and last content characters */
    unsigned char ellipsis; /* contains "…": a table-of-contents line */
} lay_line;

typedef struct lay_model {
    int wrapped;
    size_t width;
    size_t indent_off, indent_len; /* the document's usual indent, if any */
    int indent_marks;              /* that indent starts paragraphs */
} lay_model;

static int is_line_end(uint32_t c)
{
    return c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Reads the line that starts at pos (pos < len) into *l.  Any of LF, CR LF,
 * CR, NEL, U+2028 and U+2029 ends a line (loading normally leaves only LF,
 * but it can be told not to).  The passes below walk the text line by line
 * with a window of two lines, so memory does not grow with the text. */
static void scan_line(const char *text, size_t len, size_t pos, lay_line *l)
{
    memset(l, 0, sizeof *l);
    l->start = pos;
    l->next = len;
    size_t cs = SIZE_MAX, ce = pos, i = pos;
    size_t last_at = SIZE_MAX; /* the last content character, if not decoded yet */
    while (i < len) {
        unsigned char b = (unsigned char)text[i];
        if (b >= 0xE4 && b <= 0xEF && len - i >= 3) {
            /* U+4000-U+FFFF, most Chinese text: never a blank, a line end
             * or "…", so only counted (and decoded if it is the first). */
            if (cs == SIZE_MAX) {
                cs = i;
                gt_utf8_next(text, len, i, &l->first);
            }
            l->chars++;
            last_at = i;
            i += 3;
            ce = i;
            continue;
        }
        if (b == '\n') {
            l->next = i + 1;
            break;
        }
        if (b == '\r') {
            l->next = i + 1 < len && text[i + 1] == '\n' ? i + 2 : i + 1;
            break;
        }
        uint32_t c;
        size_t k = gt_utf8_next(text, len, i, &c);
        if (is_line_end(c)) {
            l->next = i + k;
            break;
        }
        l->chars++;
        if (!gt_lay_is_blank(c)) {
            if (cs == SIZE_MAX) {
                cs = i;
                l->first = c;
            }
            ce = i + k;
            l->last = c;
            last_at = SIZE_MAX;
        }
        if (c == 0x2026)
            l->ellipsis = 1;
        i += k;
    }
    if (last_at != SIZE_MAX)
        gt_utf8_next(text, len, last_at, &l->last);
    if (cs == SIZE_MAX)
        cs = ce = pos;
    l->cs = cs;
    l->ce = ce;
}

/* A window of two consecutive lines: a, and b after it (b.start == len when
 * a is the last line, then b is an empty line). */
typedef struct lay_pair {
    lay_line a, b;
    int has_a;
} lay_pair;

static void pair_start(lay_pair *w)
{
    memset(w, 0, sizeof *w);
}

/* Advances the window one line; returns 0 at the end of the text. */
static int pair_next(lay_pair *w, const char *text, size_t len)
{
    size_t pos;
    if (!w->has_a) {
        if (len == 0)
            return 0;
        scan_line(text, len, 0, &w->a);
        w->has_a = 1;
    } else {
        if (w->a.next >= len)
            return 0;
        w->a = w->b;
    }
    pos = w->a.next;
    if (pos < len) {
        scan_line(text, len, pos, &w->b);
    } else {
        memset(&w->b, 0, sizeof w->b);
        w->b.start = w->b.next = w->b.cs = w->b.ce = len;
    }
    return 1;
}

static int is_blank_line(const lay_line *l)
{
    return l->cs == l->ce;
}

/* Where a paragraph can end: sentence-final and closing marks. */
static int ends_paragraph(uint32_t c)
{
    switch (c) {
    case 0x3002: /* 。 */ case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */ case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */ case 0x201D: /* ” */ case 0x2019: /* ’ */ case 0x300D: /* 」 */
    case 0x300F: /* 』 */ case 0x2026: /* … */ case '!': case '?': case 0x300B: /* 》 */
    case 0x3011: /* 】 */ case 0xFF09: /* ） */
    case '.': case ';': case ':': /* the punctuation pass runs later */
        return 1;
    default:
        return 0;
    }
}

/* Marks that never end a paragraph: a line ending in one was cut. */
static int never_ends(uint32_t c)
{
    switch (c) {
    case 0xFF0C: /* ， */ case 0x3001: /* 、 */ case 0x201C: /* “ */ case 0x2018: /* ‘ */
    case 0xFF08: /* （ */ case 0x300A: /* 《 */ case '(':
        return 1;
    default:
        return 0;
    }
}

/* Marks that never begin a paragraph: a line beginning with one continues
 * the one before. */
static int never_begins(uint32_t c)
{
    switch (c) {
    case 0xFF0C: /* ， */ case 0x3002: /* 。 */ case 0x3001: /* 、 */ case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */ case 0xFF1F: /* ？ */ case 0xFF01: /* ！ */ case 0xFF09: /* ） */
    case 0x300B: /* 》 */ case 0x201D: /* ” */ case 0x2019: /* ’ */ case ',': case '.':
    case ';': case ':': case '?': case '!': case ')':
        return 1;
    default:
        return 0;
    }
}

/* The content begins with a list label made of ASCII letters or digits
 * ("1." "2、" "a)"): a line break before it may be a real one. */
static int starts_ascii_label(const char *text, const lay_line *l)
{
    size_t i = l->cs, n = 0;
    while (i < l->ce && n < 8) {
        uint32_t c;
        size_t k = gt_utf8_next(text, l->ce, i, &c);
        if (gt_lay_is_ascii_alnum(c)) {
            i += k;
            n++;
            continue;
        }
        return n > 0 && (c == '.' || c == 0x3001 || c == 0xFF0E || c == ')' || c == 0xFF09);
    }
    return 0;
}

/* The suffix of a chapter or article label (第一章, 第十二条, 第二部分),
 * simplified or traditional. */
static int is_label_suffix(uint32_t c, int with_part)
{
    return c == 0x7AE0 /* 章 */ || c == 0x6761 /* 条 */ || c == 0x689D /* 條 */ ||
           c == 0x8282 /* 节 */ || c == 0x7BC0 /* 節 */ || c == 0x7F16 /* 编 */ ||
           c == 0x7DE8 /* 編 */ || c == 0x6B3E /* 款 */ || c == 0x7BC7 /* 篇 */ ||
           (with_part && c == 0x90E8 /* 部 */);
}

/* Skips an inline pinyin gloss at p -- "(tiáo)", "（tiao2）" -- which the
 * pinyin pass removes only after this one; returns p if there is none.
 * At most 12 characters are looked at. */
static size_t skip_gloss(const char *text, size_t end, size_t p)
{
    uint32_t c;
    if (p >= end)
        return p;
    size_t q = p + gt_utf8_next(text, end, p, &c);
    if (c != '(' && c != 0xFF08)
        return p;
    for (size_t n = 0; q < end && n <= 12; n++) {
        q += gt_utf8_next(text, end, q, &c);
        if (c == ')' || c == 0xFF09)
            return n > 0 ? q : p;
        /* letters with or without tone marks, tone digits, full-width
         * letters */
        if (!gt_lay_is_ascii_alnum(c) && !(c >= 0xC0 && c <= 0x24F) && !gt_lay_is_fw_alnum(c))
            return p;
    }
    return p;
}

/* The content begins with a numbered heading: 一、 （二） (3) 第四条 第五章 5、 */
static int starts_heading(const char *text, const lay_line *l)
{
    size_t i = l->cs, end = l->ce;
    uint32_t c;
    if (i >= end)
        return 0;
    i += gt_utf8_next(text, end, i, &c);
    int open = c == 0xFF08 || c == '(';
    int di = c == 0x7B2C; /* 第 */
    size_t n = 0;
    if (!open && !di) {
        if (!gt_lay_is_cjk_numeral(c) && !gt_lay_is_digit(c))
            return 0;
        n = 1;
    }
    /* the number: at most 8 characters, so this stays bounded */
    while (i < end && n < 9) {
        i += gt_utf8_next(text, end, i, &c);
        if (gt_lay_is_cjk_numeral(c) || gt_lay_is_digit(c)) {
            n++;
            continue;
        }
        if (n == 0)
            return 0;
        if (open)
            return c == 0xFF09 || c == ')';
        if (di)
            return is_label_suffix(c, 1);
        return c == 0x3001 || c == 0xFF0E || c == '.';
    }
    return 0;
}

/* The break between line a and the non-empty line b falls inside a sentence
 * or a word. */
static int is_seam(const char *text, const lay_line *a, const lay_line *b)
{
    if (never_ends(a->last) || never_begins(b->first))
        return 1;
    return gt_lay_is_ascii_alnum(a->last) && gt_lay_is_ascii_alnum(b->first) &&
           !starts_ascii_label(text, b);
}

/* The document's usual indent: the most frequent leading-blank string of
 * its non-empty lines, if it occurs twice.  It marks paragraph starts unless
 * nearly every line has it (then the whole text was indented). */
typedef struct lay_indents {
    size_t off[LAY_INDENTS], len[LAY_INDENTS], count[LAY_INDENTS];
    size_t kinds;
} lay_indents;

static void count_indent(lay_indents *t, const char *text, const lay_line *l)
{
    size_t len = l->cs - l->start;
    if (is_blank_line(l) || len == 0 || len > LAY_INDENT_MAX_BYTES)
        return;
    size_t k = 0;
    while (k < t->kinds &&
           !(t->len[k] == len && memcmp(text + t->off[k], text + l->start, len) == 0))
        k++;
    if (k < t->kinds) {
        t->count[k]++;
    } else if (t->kinds < LAY_INDENTS) {
        t->off[t->kinds] = l->start;
        t->len[t->kinds] = len;
        t->count[t->kinds++] = 1;
    }
}

static void choose_indent(const lay_indents *t, size_t nonblank, lay_model *m)
{
    size_t best = 0;
    for (size_t k = 1; k < t->kinds; k++)
        if (t->count[k] > t->count[best])
            best = k;
    if (t->kinds == 0 || t->count[best] < 2)
        return;
    m->indent_off = t->off[best];
    m->indent_len = t->len[best];
    m->indent_marks = t->count[best] * 10 < nonblank * 9;
}

/* Line b (not empty) begins a paragraph by its indent. */
static int indent_marks_paragraph(const char *text, const lay_line *b, const lay_model *m)
{
    size_t len = b->cs - b->start;
    if (len == 0)
        return 0;
    if (m->indent_len == len && memcmp(text + m->indent_off, text + b->start, len) == 0)
        return m->indent_marks;
    /* An indent other than the usual one: one or two blanks are a stray
     * space that landed at the start of a cut line; more is an indent. */
    size_t chars = 0;
    for (size_t i = b->start; i < b->cs; chars++) {
        uint32_t c;
        i += gt_utf8_next(text, b->cs, i, &c);
    }
    return chars > 2;
}

static int in_band(size_t chars, size_t width)
{
    return chars + LAY_BELOW >= width && chars <= width + LAY_ABOVE;
}

/* A line that can tell whether the document is wrapped: followed by a
 * non-empty line, of a plausible width, not a table-of-contents entry. */
static int is_candidate(const lay_line *a, const lay_line *b)
{
    return !is_blank_line(a) && !is_blank_line(b) && a->chars >= LAY_MIN_WIDTH &&
           a->chars <= LAY_MAX_WIDTH && !a->ellipsis;
}

static void find_wrap(const char *text, size_t len, lay_model *m)
{
    size_t hist[LAY_MAX_WIDTH + 1];
    memset(hist, 0, sizeof hist);
    lay_indents ind;
    memset(&ind, 0, sizeof ind);
    size_t nonblank = 0;
    lay_pair p;
    pair_start(&p);
    while (pair_next(&p, text, len)) {
        if (!is_blank_line(&p.a))
            nonblank++;
        count_indent(&ind, text, &p.a);
        if (is_candidate(&p.a, &p.b))
            hist[p.a.chars]++;
    }
    choose_indent(&ind, nonblank, m);
    size_t w = 0;
    for (size_t k = LAY_MIN_WIDTH; k <= LAY_MAX_WIDTH; k++)
        if (hist[k] > hist[w])
            w = k;
    size_t spike = hist[w];
    if (spike < 3)
        return;
    size_t band = 0, open_end = 0, seams = 0;
    size_t starts = 0, starts_indented = 0;
    pair_start(&p);
    while (pair_next(&p, text, len)) {
        /* Lines that surely begin a paragraph (after an empty or a short
         * line): if most of them carry the usual indent, it is the
         * document's paragraph mark; if not, it is a stray blank that a
         * few cut lines happen to begin with. */
        if (!is_blank_line(&p.b) && (is_blank_line(&p.a) || !in_band(p.a.chars, w))) {
            starts++;
            starts_indented += m->indent_len == p.b.cs - p.b.start &&
                               memcmp(text + m->indent_off, text + p.b.start, m->indent_len) == 0;
        }
        if (!is_candidate(&p.a, &p.b) || !in_band(p.a.chars, w))
            continue;
        band++;
        if (!ends_paragraph(p.a.last))
            open_end++;
        if (is_seam(text, &p.a, &p.b))
            seams++;
    }
    /* Most lines of length ~W must end mid-sentence (clean paragraphs end
     * with 。), and then either some breaks fall inside a sentence or the
     * lengths are so exactly equal, and so many, that nothing else explains
     * them.  Parallel headings fail the first or the second test. */
    if (open_end * 10 < band * 6)
        return;
    int by_seams = seams >= 1 && (spike * 100 >= nonblank * 15 || seams >= 3);
    int by_spike = spike >= 8 && spike * 10 >= band * 9 && spike * 4 >= nonblank;
    if (!by_seams && !by_spike)
        return;
    if (m->indent_len && starts_indented * 2 < starts)
        m->indent_marks = 0;
    m->wrapped = 1;
    m->width = w;
}

/* The next character of [*i, end) to compare a copy with: blanks,
 * quotation marks (a copy may have lost them) and inline glosses are
 * skipped, full-width letters and digits folded; 0 at the end. */
static uint32_t next_compared(const char *text, size_t end, size_t *i)
{
    while (*i < end) {
        size_t g = skip_gloss(text, end, *i);
        if (g != *i) {
            *i = g;
            continue;
        }
        uint32_t c;
        *i += gt_utf8_next(text, end, *i, &c);
        if (gt_lay_is_blank(c) || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
            c == '"')
            continue;
        return gt_lay_is_fw_alnum(c) ? c - 0xFEE0 : c;
    }
    return 0;
}

/* The copy line p shows that the paragraph beginning with line a goes on
 * with line b: p holds the whole of a and then b's first characters (up to
 * 4 are compared).  A scraped page repeats a paragraph's opening as a line
 * of its own before the paragraph; wherever the wrapper cut the paragraph's
 * first line, the copy shows that it goes on. */
static int copy_continues(const char *text, const lay_line *p, const lay_line *a,
                          const lay_line *b)
{
    size_t i = p->cs, j = a->cs, n = 0;
    for (uint32_t y; (y = next_compared(text, a->ce, &j)) != 0; n++)
        if (next_compared(text, p->ce, &i) != y)
            return 0;
    if (n < 2)
        return 0;
    j = b->cs;
    for (size_t k = 0; k < 4; k++) {
        uint32_t y = next_compared(text, b->ce, &j);
        if (y == 0)
            return k > 0;
        if (next_compared(text, p->ce, &i) != y)
            return 0;
    }
    return 1;
}

/* b begins with the same 6 characters as a: b is the paragraph that a is
 * a copy of, not its continuation. */
static int repeats_start(const char *text, const lay_line *a, const lay_line *b)
{
    size_t i = a->cs, j = b->cs;
    for (size_t k = 0; k < 6; k++) {
        uint32_t x = next_compared(text, a->ce, &i);
        if (x == 0 || x != next_compared(text, b->ce, &j))
            return 0;
    }
    return 1;
}

/* Line a was cut by the wrapper and b continues it.  p is the last
 * non-empty line before a, or NULL. */
static int joins(const char *text, const lay_line *p, const lay_line *a, const lay_line *b,
                 const lay_model *m)
{
    if (!m->wrapped || is_blank_line(a) || is_blank_line(b))
        return 0;
    if (b->chars > m->width + LAY_ABOVE)
        return 0;
    /* A line shorter than W ends its paragraph -- unless the copy of the
     * paragraph just before it shows otherwise (the wrapper's count may
     * have run on from the copy). */
    if (!in_band(a->chars, m->width) &&
        !(a->chars < m->width && p && copy_continues(text, p, a, b)))
        return 0;
    if (indent_marks_paragraph(text, b, m) || repeats_start(text, a, b))
        return 0;
    return !(ends_paragraph(a->last) && starts_heading(text, b));
}

/* The content [cs, i) is a chapter or article label (第一章 第十二条), after
 * which regulations put an ideographic space that belongs to the text. */
static int is_article_label(const char *text, size_t cs, size_t i)
{
    uint32_t c;
    /* the longest label with glosses, 第(dì)二(èr)十(shí)三(sān)條(tiáo),
     * is some 60 bytes: this stays bounded */
    if (cs >= i || i - cs > 96)
        return 0;
    size_t p = cs + gt_utf8_next(text, i, cs, &c);
    if (c != 0x7B2C) /* 第 */
        return 0;
    p = skip_gloss(text, i, p);
    size_t n = 0;
    while (p < i) {
        p += gt_utf8_next(text, i, p, &c);
        if (gt_lay_is_cjk_numeral(c) || gt_lay_is_digit(c)) {
            n++;
            p = skip_gloss(text, i, p);
            continue;
        }
        return n > 0 && is_label_suffix(c, 0) && skip_gloss(text, i, p) == i;
    }
    return 0;
}

static int layout_edit(gt_writer *w, size_t a, size_t b, const char *rep, size_t rep_len,
                       double confidence)
{
    if (gt_writer_replace(w, a, b, rep, rep_len, GOVTEXT_EDIT_LAYOUT, confidence) != 0)
        return -1;
    w->out->counts[GOVTEXT_COUNT_LAYOUT]++;
    return 0;
}

/* The content of one line: blanks between Han removed (but the space after
 * an article label kept), tabs and no-break spaces made spaces, full-width
 * letters and digits folded. */
static int clean_content(gt_writer *w, const char *text, const lay_line *l)
{
    uint32_t prev = 0;
    size_t i = l->cs;
    while (i < l->ce) {
        uint32_t c;
        size_t k = gt_utf8_next(text, l->ce, i, &c);
        if (gt_lay_is_blank(c)) {
            /* The run of blanks [i, r); content never ends in a blank. */
            size_t r = i + k;
            int ideographic = c == 0x3000;
            uint32_t next;
            for (;;) {
                size_t kn = gt_utf8_next(text, l->ce, r, &next);
                if (!gt_lay_is_blank(next))
                    break;
                ideographic |= next == 0x3000;
                r += kn;
            }
            if (gt_lay_is_han(prev) && gt_lay_is_han(next) &&
                !(ideographic && is_article_label(text, l->cs, i))) {
                if (layout_edit(w, i, r, "", 0, 1.0) != 0)
                    return -1;
            } else {
                for (size_t j = i; j < r;) {
                    uint32_t b;
                    size_t kb = gt_utf8_next(text, r, j, &b);
                    if ((b == '\t' || b == 0xA0) && layout_edit(w, j, j + kb, " ", 1, 1.0) != 0)
                        return -1;
                    j += kb;
                }
            }
            /* prev stays the character before the run; next is read
             * again as an ordinary character. */
            i = r;
            continue;
        }
        if (gt_lay_is_fw_alnum(c)) {
            char a = (char)(c - 0xFEE0);
            if (gt_writer_replace(w, i, i + k, &a, 1, GOVTEXT_EDIT_WIDTH, 1.0) != 0)
                return -1;
            w->out->counts[GOVTEXT_COUNT_WIDTH]++;
        }
        prev = c;
        i += k;
    }
    return 0;
}

int gt_repair_layout(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    (void)ctx;
    lay_model m;
    memset(&m, 0, sizeof m);
    find_wrap(text, len, &m);

    gt_writer w;
    gt_writer_init(&w, text, out);
    size_t pe = 0;   /* end of the last content written */
    int any = 0;     /* some content was written */
    lay_line prev;   /* the line before p.a */
    memset(&prev, 0, sizeof prev);
    /* the last non-empty line before prev, and the last one so far */
    lay_line before, last;
    memset(&before, 0, sizeof before);
    memset(&last, 0, sizeof last);
    int has_before = 0, has_last = 0;
    lay_pair p;
    pair_start(&p);
    while (pair_next(&p, text, len)) {
        const lay_line *l = &p.a;
        if (!is_blank_line(l)) {
            /* What stands between the previous content and this: nothing
             * at the start and inside a wrapped paragraph, else one LF. */
            int join = any && l->start > 0 &&
                       joins(text, has_before ? &before : NULL, &prev, l, &m);
            size_t sep_len = any && !join ? 1 : 0;
            size_t gap = l->cs - pe;
            if (gap != sep_len || (sep_len == 1 && text[pe] != '\n')) {
                if (layout_edit(&w, pe, l->cs, "\n", sep_len,
                                join ? LAY_JOIN_CONFIDENCE : 1.0) != 0)
                    return -1;
            }
            if (clean_content(&w, text, l) != 0)
                return -1;
            pe = l->ce;
            any = 1;
            before = last;
            has_before = has_last;
            last = *l;
            has_last = 1;
        }
        prev = *l;
    }
    /* The end: one final LF after the last paragraph, nothing for a text
     * without any. */
    size_t tail = any ? 1 : 0;
    if (len - pe != tail || (tail == 1 && text[pe] != '\n')) {
        if (layout_edit(&w, pe, len, "\n", tail, 1.0) != 0)
            return -1;
    }
    return gt_writer_finish(&w, len);
}
