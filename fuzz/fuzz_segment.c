/* Fuzz target: word, sentence and paragraph segmentation of any bytes with
 * the default lexicon.  The first byte picks the mode, white-space tokens
 * and whether the first word of the text becomes a user word; the rest is
 * the text.  Checks what must hold for any input: invalid UTF-8 is refused
 * with a message; otherwise the buffer protocol counts right and every span
 * lies inside the text, in order, on character boundaries, and precise
 * tokens never overlap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int boundary(const uint8_t *t, size_t len, size_t i)
{
    return i == 0 || i == len || (t[i] & 0xC0) != 0x80;
}

/* nested: index mode, where inner words follow their long word and
 * overlap it; only their bounds are checked. */
static void check_spans(const uint8_t *t, size_t len, const govtext_token *s, size_t n,
                        int nested)
{
    size_t last_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].start >= s[i].end || s[i].end > len || !boundary(t, len, s[i].start) ||
            !boundary(t, len, s[i].end))
            abort();
        if (!nested && s[i].start < last_end)
            abort(); /* overlap */
        last_end = s[i].end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    govtext_lexicon *lex = govtext_lexicon_new();
    if (!lex || govtext_lexicon_load_default(lex) != GOVTEXT_OK) {
        govtext_lexicon_free(lex);
        return 0;
    }
    govtext_segmenter *seg = govtext_segmenter_new(lex);
    govtext_lexicon_free(lex);
    if (!seg)
        return 0;
    const uint8_t *text = data + 1;
    size_t len = size - 1;
    if (data[0] & 4) {
        size_t wl = 0;
        while (wl < len && wl < 12 && text[wl] != ' ')
            wl++;
        govtext_status st = govtext_segmenter_add_word(seg, (const char *)text, wl,
                                                       data[0] >> 4, (data[0] & 8) ? "x" : NULL);
        if (st != GOVTEXT_OK && govtext_segmenter_errmsg(seg)[0] == '\0')
            abort();
    }
    govtext_segment_options o;
    govtext_segment_options_init(&o, sizeof o);
    o.mode = data[0] & 1;
    o.flags = (data[0] & 2) ? GOVTEXT_SEG_KEEP_SPACE : 0;
    size_t n = 0;
    govtext_status st = govtext_segmenter_words(seg, (const char *)text, len, &o, NULL, 0, &n);
    if (st == GOVTEXT_ERR_INVALID_UTF8) {
        if (govtext_segmenter_errmsg(seg)[0] == '\0')
            abort();
    } else if (st == GOVTEXT_OK || st == GOVTEXT_ERR_BUFFER_TOO_SMALL) {
        if ((st == GOVTEXT_OK) != (n == 0))
            abort();
        govtext_token *t = malloc((n + 1) * sizeof *t);
        size_t m = 0;
        if (t && govtext_segmenter_words(seg, (const char *)text, len, &o, t, n, &m) == GOVTEXT_OK) {
            if (m != n)
                abort();
            check_spans(text, len, t, n, o.mode == GOVTEXT_SEG_INDEX);
        }
        free(t);
        govtext_token s[64];
        if (govtext_segmenter_sentences(seg, (const char *)text, len, s, 64, &m) == GOVTEXT_OK)
            check_spans(text, len, s, m, 0);
        if (govtext_segmenter_paragraphs(seg, (const char *)text, len, s, 64, &m) == GOVTEXT_OK)
            check_spans(text, len, s, m, 0);
    } else {
        abort();
    }
    govtext_segmenter_free(seg);
    return 0;
}
