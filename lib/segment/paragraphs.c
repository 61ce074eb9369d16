/* Paragraphs from line structure and indentation.
 *
 * A new paragraph starts at a line that follows a blank line or starts with
 * a numbered marker (一、 （二） 第四条 ...).  In a document that marks
 * paragraphs by indenting their first line (at least 30% of its lines are
 * indented), an indented line starts one and any other continues one.
 * Otherwise a line continues the previous one only if the previous one
 * looks hard-wrapped: about as wide as the most common
 * line width of the document (when a third of the lines share one width),
 * and not ended by end punctuation or a colon.  So text with one paragraph
 * per line (the repaired form) gives one paragraph per line, and wrapped,
 * indented text (old reports, e-mails) is put back together.  A paragraph
 * spans from its first to its last non-space character. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "segment/char_class.h"
#include "segment/segmenter.h"
#include "segment/structure.h"
#include "segment/word_graph.h"

govtext_status gt_seg_check_args(govtext_segmenter *s, const char *text, size_t len,
                                 const govtext_token *out, size_t cap, const size_t *count);
govtext_status gt_seg_finish(govtext_segmenter *s, size_t needed, size_t cap, size_t *count);

typedef struct line_info {
    size_t start, end; /* content, without indentation and trailing space */
    uint32_t indent;   /* columns of leading white space */
    uint32_t width;    /* columns of content (East Asian wide = 2) */
    uint32_t last;     /* last content character */
    int marker;        /* starts with a numbered marker */
} line_info;

static uint32_t columns(uint32_t cp)
{
    return cp >= 0x1100 ? 2 : 1;
}

/* Reads the next line at *pos; returns 0 at the end of the text. */
static int next_line(const char *t, size_t len, size_t *pos, line_info *li)
{
    if (*pos >= len)
        return 0;
    size_t p = *pos;
    const char *nl = memchr(t + p, '\n', len - p);
    size_t e = nl ? (size_t)(nl - t) : len;
    *pos = nl ? e + 1 : len;
    memset(li, 0, sizeof *li);
    while (p < e) {
        uint32_t cp;
        size_t w = gt_utf8_next(t, len, p, &cp);
        if (!(gt_char_class(cp) & GT_CC_SPACE))
            break;
        li->indent += cp == '\t' ? 4 : columns(cp);
        p += w;
    }
    li->start = li->end = p;
    while (p < e) {
        uint32_t cp;
        size_t w = gt_utf8_next(t, len, p, &cp);
        p += w;
        li->width += columns(cp);
        if (!(gt_char_class(cp) & GT_CC_SPACE)) {
            li->end = p;
            li->last = cp;
        }
    }
    if (li->end > li->start)
        li->marker = gt_numbered_marker(t, len, li->start) != 0;
    return 1;
}

govtext_status govtext_segmenter_paragraphs(govtext_segmenter *s, const char *text, size_t len,
                                            govtext_token *spans, size_t cap, size_t *count)
{
    if (!s)
        return GOVTEXT_ERR_INVALID_ARG;
    if (count)
        *count = 0;
    govtext_status st = gt_seg_check_args(s, text, len, spans, cap, count);
    if (st != GOVTEXT_OK)
        return st;

    /* First pass: how the document marks paragraphs. */
    size_t pos = 0, n_lines = 0, n_indented = 0;
    uint32_t hist[128];
    memset(hist, 0, sizeof hist);
    line_info li;
    while (next_line(text, len, &pos, &li)) {
        if (li.end == li.start)
            continue;
        n_lines++;
        if (li.indent >= 2)
            n_indented++;
        if (li.width >= 20 && li.width < 128)
            hist[li.width]++;
    }
    int indent_mode = n_indented >= 2 && n_indented * 10 >= n_lines * 3;
    uint32_t wrap = 0, best = 0;
    for (uint32_t w = 20; w < 128; w++) {
        /* A wrapped line may be a column short (a wide character that did
         * not fit), so count each width with its neighbour. */
        uint32_t c = hist[w] + hist[w - 1];
        if (c > best) {
            best = c;
            wrap = w;
        }
    }
    if (best * 3 < n_lines || n_lines < 3)
        wrap = 0;

    /* Second pass: the paragraphs. */
    gt_token_sink sink = {spans, cap, 0};
    int open = 0, prev_wrapped = 0;
    size_t p_start = 0, p_end = 0;
    pos = 0;
    while (next_line(text, len, &pos, &li)) {
        if (li.end == li.start) { /* blank */
            if (open)
                gt_sink_put(&sink, p_start, p_end, GOVTEXT_TOKEN_PARAGRAPH, 0);
            open = 0;
            continue;
        }
        int starts = !open || li.marker || (indent_mode ? li.indent >= 2 : !prev_wrapped);
        if (starts) {
            if (open)
                gt_sink_put(&sink, p_start, p_end, GOVTEXT_TOKEN_PARAGRAPH, 0);
            open = 1;
            p_start = li.start;
        }
        p_end = li.end;
        int ended = gt_is_sentence_end(li.last) || gt_is_closer(li.last) || li.last == 0xFF1A ||
                    li.last == ':';
        prev_wrapped = wrap && li.indent + li.width + 2 >= wrap && !ended;
    }
    if (open)
        gt_sink_put(&sink, p_start, p_end, GOVTEXT_TOKEN_PARAGRAPH, 0);
    return gt_seg_finish(s, sink.count, cap, count);
}
