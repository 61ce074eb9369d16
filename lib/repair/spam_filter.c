/* Repair pass: spam.
 *
 * Three kinds of junk, each removed with an edit of kind GOVTEXT_EDIT_SPAM:
 *  1. SEO phrases spliced into paragraphs: a place name, a web-service term
 *     and optionally a news-column word ("石家庄网站建设消息"), also in
 *     traditional characters; data/spam/ lists them, spam_match.c finds
 *     them.  Only the phrase goes (and 【】 around it); the paragraph stays.
 *  2. Whole spam lines: a short line (AD_LINE_MAX) with an SEO phrase that
 *     also carries an advertising or contact marker (一站式服务, 咨询热线,
 *     转载请注明出处, 上一篇 ...), a line that is nothing but SEO phrases,
 *     and short lines that start with a share bar or page chrome (分享到：,
 *     【字体：, 当前位置：, 责任编辑：).  A source line on its own
 *     ("（来源：新华社）") is not spam: official documents end with one.
 *  3. Boilerplate: with a collection, a short line that many of its documents
 *     hold (navigation, footers) -- but only if it also looks like page
 *     chrome (a chrome word, a separator run, a URL or phone number) and does
 *     not end like a sentence, so that "各位代表！" or a repeated title,
 *     which also recur across a collection of reports, stay.
 */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/collection.h"
#include "repair/repair.h"
#include "repair/spam_data.h"
#include "repair/spam_match.h"

#define SHARE_LINE_MAX 60   /* code points: a share bar is short */
#define AD_LINE_MAX 80      /* code points: an advertising line is short */
#define BOILER_MIN_DOCS 3   /* a boilerplate line is in at least this many documents */
#define BOILER_MIN_SHARE 50 /* ... and in at least 1 / this of them */

static int is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

/* Characters navigation bars and footers separate their items with. */
static int is_separator(uint32_t cp)
{
    return cp == '|' || cp == 0xFF5C || cp == '>' || cp == 0xFF1E || cp == 0xBB || cp == 0x203A ||
           cp == 0xB7 || cp == '/' || cp == 0xFF0F || cp == 0x2022;
}

/* A sentence end: a line ending so is content, never chrome. */
static int is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?' ||
           cp == 0x201D || cp == 0x2026;
}

typedef struct {
    size_t a, b; /* byte range */
} span;

typedef struct {
    int has_ad, has_chrome, share_at_start;
    size_t seps, digit_run, chars;
    uint32_t last_cp;
} line_info;

/* Markers, separators and digit runs of the line [ls, le). */
static void scan_line(const char *t, size_t ls, size_t le, const gt_spam_starts *markers,
                      line_info *li)
{
    memset(li, 0, sizeof *li);
    size_t first = ls, after_bracket = (size_t)-1, run = 0;
    int at_start = 1;
    for (size_t i = ls; i < le;) {
        uint32_t cp;
        size_t n = gt_utf8_next(t, le, i, &cp);
        if (at_start && is_blank(cp)) {
            i += n;
            first = i;
            continue;
        }
        unsigned cls = 0;
        size_t e = i;
        if (gt_spam_may_start(markers, cp))
            e = gt_spam_longest(markers, GT_SPAM_MARKER, t, le, i, &cls);
        if (e > i) {
            if (cls == GT_SPAM_MARK_AD)
                li->has_ad = 1;
            else if (cls == GT_SPAM_MARK_CHROME)
                li->has_chrome = 1;
            else if (cls == GT_SPAM_MARK_SHARE) {
                if (i == first || i == after_bracket)
                    li->share_at_start = 1;
                li->has_chrome = 1;
            }
        }
        /* "（责任编辑：…）": a share marker may follow an opening bracket */
        if (i == first && (cp == 0xFF08 || cp == '(' || cp == 0x3010 || cp == '['))
            after_bracket = i + n;
        at_start = 0;
        if (is_separator(cp))
            li->seps++;
        /* a phone number has a long run of digits; a date ("2026-02-09")
         * does not */
        if (cp >= '0' && cp <= '9') {
            if (++run > li->digit_run)
                li->digit_run = run;
        } else {
            run = 0;
        }
        if (!is_blank(cp)) {
            li->chars++;
            li->last_cp = cp;
        }
        i += n;
    }
}

/* Non-blank code points inside [a, b). */
static size_t chars_in(const char *t, size_t a, size_t b)
{
    size_t k = 0;
    for (size_t i = a; i < b;) {
        uint32_t cp;
        i += gt_utf8_next(t, b, i, &cp);
        k += !is_blank(cp);
    }
    return k;
}

static int prev_cp_is(const char *t, size_t ls, size_t i, uint32_t want, size_t *start)
{
    /* the code point ending at i, if it is want: 【 and 】 are 3 bytes */
    if (i >= ls + 3) {
        uint32_t cp;
        gt_utf8_next(t, i, i - 3, &cp);
        if (cp == want) {
            *start = i - 3;
            return 1;
        }
    }
    return 0;
}

static int remove_range(gt_writer *w, size_t a, size_t b, double conf)
{
    if (gt_writer_replace(w, a, b, "", 0, GOVTEXT_EDIT_SPAM, conf) != 0)
        return -1;
    w->out->counts[GOVTEXT_COUNT_SPAM]++;
    return 0;
}

static int boilerplate(const gt_repair_ctx *ctx, const char *t, size_t ls, size_t le,
                       const line_info *li)
{
    const govtext_collection *c = ctx->coll;
    if (!c || c->docs < BOILER_MIN_DOCS || le - ls > GT_COLL_LINE_MAX || li->chars == 0)
        return 0;
    if (is_sentence_end(li->last_cp))
        return 0;
    int chrome = li->has_chrome || li->has_ad || li->seps >= 2 || li->digit_run >= 7;
    if (!chrome)
        return 0;
    size_t df = gt_collection_line_docs(c, t + ls, le - ls);
    return df >= BOILER_MIN_DOCS && df * BOILER_MIN_SHARE >= c->docs;
}

int gt_repair_spam(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    gt_writer w;
    gt_writer_init(&w, text, out);
    gt_spam_starts starts, markers;
    gt_spam_starts_init(&starts, GT_SPAM_CITY);
    gt_spam_starts_init(&markers, GT_SPAM_MARKER);
    span *sp = NULL;
    size_t nsp = 0, capsp = 0;
    int rc = -1;
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        size_t next = nl ? le + 1 : len;

        /* spliced SEO phrases of the line */
        nsp = 0;
        size_t in_chars = 0;
        int marker_may_start = 0;
        for (size_t i = ls; i < le;) {
            uint32_t first;
            size_t fn = gt_utf8_next(text, le, i, &first);
            marker_may_start |= gt_spam_may_start(&markers, first);
            if (!gt_spam_may_start(&starts, first)) {
                i += fn;
                continue;
            }
            size_t e = gt_spam_phrase(&starts, text, le, i);
            if (e > i) {
                size_t a = i, b = e, s;
                /* 【保定APP开发】: the brackets belong to the phrase */
                if (prev_cp_is(text, ls, i, 0x3010, &s) && e + 3 <= le &&
                    memcmp(text + e, "\xE3\x80\x91", 3) == 0) {
                    a = s;
                    b = e + 3;
                }
                void *p = sp;
                if (gt_grow_array(&p, &capsp, nsp + 1, sizeof *sp) != 0)
                    goto done;
                sp = p;
                sp[nsp++] = (span){a, b};
                in_chars += chars_in(text, a, b);
                i = b;
                continue;
            }
            i += fn;
        }
        /* Without a phrase or a collection, only a share marker at the start
         * can condemn the line; where no marker can start, nothing can. */
        if (nsp == 0 && !ctx->coll && !marker_may_start) {
            ls = next;
            continue;
        }

        line_info li;
        scan_line(text, ls, le, &markers, &li);
        int whole = 0;
        double conf = 0.9;
        if (nsp > 0 && ((li.has_ad && li.chars <= AD_LINE_MAX) || li.chars == in_chars)) {
            whole = 1; /* an advertising line, or a line that is only the phrase */
            conf = 0.95;
        } else if (li.share_at_start && li.chars <= SHARE_LINE_MAX &&
                   !is_sentence_end(li.last_cp)) {
            whole = 1;
        } else if (boilerplate(ctx, text, ls, le, &li)) {
            whole = 1;
            conf = 0.8;
        }
        if (whole) {
            if (remove_range(&w, ls, next, conf) != 0)
                goto done;
        } else {
            for (size_t k = 0; k < nsp; k++)
                if (remove_range(&w, sp[k].a, sp[k].b, 0.9) != 0)
                    goto done;
        }
        ls = next;
    }
    rc = gt_writer_finish(&w, len);
done:
    free(sp);
    return rc;
}
