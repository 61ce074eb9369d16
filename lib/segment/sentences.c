/* Sentences: ended by Chinese (and ASCII) end punctuation with the closing
 * quotes and brackets after it, by line ends, and before a numbered marker
 * that follows a colon or white space (an enumeration run into one line:
 * "原则：（一）……"); a marker inside running text (根据第一条规定) is not a
 * break.  An ASCII full stop ends a sentence only before white space or the
 * end, and not after a digit (3.5, the "3." of a heading) or a known
 * abbreviation (Mr. U.S. e.g.).  Sentences exclude surrounding white
 * space. */
#include <string.h>

#include "common/utf8.h"
#include "segment/char_class.h"
#include "segment/segmenter.h"
#include "segment/structure.h"
#include "segment/word_graph.h"

govtext_status gt_seg_check_args(govtext_segmenter *s, const char *text, size_t len,
                                 const govtext_token *out, size_t cap, const size_t *count);
govtext_status gt_seg_finish(govtext_segmenter *s, size_t needed, size_t cap, size_t *count);

/* A full stop after one of these words is part of an abbreviation. */
static int abbreviation_before(const char *t, size_t dot)
{
    static const char *const abbr[] = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Vol",
                                       "vs", "etc", "e.g", "i.e", "U.S", "U.K", "Inc", "Ltd",
                                       "Co", "Jr", "Sr", "Fig", "pp", "approx", "Jan", "Feb",
                                       "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                                       "Nov", "Dec", "a.m", "p.m", "Ph.D", "No"};
    size_t b = dot;
    while (b > 0) {
        unsigned char c = (unsigned char)t[b - 1];
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '.')
            break;
        b--;
    }
    size_t n = dot - b;
    if (n == 1 && t[b] >= 'A' && t[b] <= 'Z')
        return 1; /* an initial: J. Smith */
    for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++)
        if (strlen(abbr[i]) == n && memcmp(abbr[i], t + b, n) == 0)
            return 1;
    return 0;
}

static int is_space_cp(uint32_t cp)
{
    return (gt_char_class(cp) & GT_CC_SPACE) != 0;
}

govtext_status govtext_segmenter_sentences(govtext_segmenter *s, const char *text, size_t len,
                                           govtext_token *spans, size_t cap, size_t *count)
{
    if (!s)
        return GOVTEXT_ERR_INVALID_ARG;
    if (count)
        *count = 0;
    govtext_status st = gt_seg_check_args(s, text, len, spans, cap, count);
    if (st != GOVTEXT_OK)
        return st;
    gt_token_sink sink = {spans, cap, 0};
    int open = 0;
    size_t start = 0, last_end = 0; /* last_end: after the last non-space character */
    int space_since = 0;            /* white space since last_end */
    uint32_t last_cp = 0;           /* the last non-space character */
    size_t pos = 0;
#define CLOSE()                                                                  \
    do {                                                                         \
        if (open)                                                                \
            gt_sink_put(&sink, start, last_end, GOVTEXT_TOKEN_SENTENCE, 0);       \
        open = 0;                                                                \
    } while (0)
    while (pos < len) {
        uint32_t cp;
        size_t w = gt_utf8_next(text, len, pos, &cp);
        if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
            CLOSE();
            pos += w;
            continue;
        }
        if (is_space_cp(cp)) {
            space_since = 1;
            pos += w;
            continue;
        }
        size_t marker = gt_numbered_marker(text, len, pos);
        if (open && marker && (space_since || last_cp == 0xFF1A || last_cp == ':'))
            CLOSE();
        if (!open) {
            open = 1;
            start = pos;
        }
        if (marker) {
            /* Its full stop ("3.") or closing bracket is no sentence end. */
            pos += marker;
            last_end = pos;
            space_since = 0;
            last_cp = 0;
            continue;
        }
        uint32_t before = last_cp;
        pos += w;
        last_end = pos;
        space_since = 0;
        last_cp = cp;
        int ends = gt_is_sentence_end(cp);
        if (cp == '.' || cp == 0xFF0E) {
            uint32_t next = 0;
            if (pos < len)
                gt_utf8_next(text, len, pos, &next);
            ends = (pos >= len || is_space_cp(next) || gt_is_closer(next)) &&
                   !(gt_char_class(before) & GT_CC_DIGIT) && !abbreviation_before(text, pos - w);
        }
        if (!ends)
            continue;
        /* More end marks and the closers that follow belong to it. */
        while (pos < len) {
            uint32_t next;
            size_t w2 = gt_utf8_next(text, len, pos, &next);
            if (!gt_is_sentence_end(next) && !gt_is_closer(next))
                break;
            pos += w2;
        }
        last_end = pos;
        CLOSE();
    }
    CLOSE();
#undef CLOSE
    return gt_seg_finish(s, sink.count, cap, count);
}
