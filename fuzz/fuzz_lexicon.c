/* Fuzz target: lexicon files, compiled or text.  The first two bytes
 * (little-endian) say how many of the following bytes are the lexicon; the
 * rest is a text to segment with it.  A damaged compiled lexicon must be
 * refused (GOVTEXT_ERR_CORRUPT / UNSUPPORTED) or, if it passes the checks,
 * segment without reading outside itself; the result must be a valid
 * tokenization of the text either way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t lex_len = (size_t)data[0] | ((size_t)data[1] << 8);
    if (lex_len > size - 2)
        lex_len = size - 2;
    const uint8_t *lex_bytes = data + 2;
    const char *text = (const char *)(data + 2 + lex_len);
    size_t len = size - 2 - lex_len;
    /* An aligned copy: compiled lexicons are used in place once copied. */
    govtext_lexicon *lex = govtext_lexicon_new();
    if (!lex)
        return 0;
    govtext_status st = govtext_lexicon_load_text(lex, (const char *)lex_bytes, lex_len);
    if (st != GOVTEXT_OK && st != GOVTEXT_ERR_CORRUPT && st != GOVTEXT_ERR_UNSUPPORTED &&
        st != GOVTEXT_ERR_NOMEM && st != GOVTEXT_ERR_LIMIT)
        abort();
    if (st != GOVTEXT_OK && govtext_lexicon_errmsg(lex)[0] == '\0')
        abort();
    for (uint32_t tag = 0; tag < 8; tag++)
        (void)strlen(govtext_lexicon_tag_name(lex, tag));
    govtext_segmenter *seg = govtext_segmenter_new(lex);
    if (seg) {
        govtext_token t[256];
        size_t n = 0;
        for (uint32_t mode = 0; mode <= 1; mode++) {
            govtext_segment_options o;
            govtext_segment_options_init(&o, sizeof o);
            o.mode = mode;
            st = govtext_segmenter_words(seg, text, len, &o, t, 256, &n);
            if (st == GOVTEXT_OK || st == GOVTEXT_ERR_BUFFER_TOO_SMALL) {
                size_t k = n < 256 ? n : 256, last = 0;
                for (size_t i = 0; i < k; i++) {
                    if (t[i].start >= t[i].end || t[i].end > len)
                        abort();
                    if (mode == 0 && t[i].start < last)
                        abort();
                    last = t[i].end;
                    (void)strlen(govtext_segmenter_tag_name(seg, t[i].tag));
                }
            } else if (st != GOVTEXT_ERR_INVALID_UTF8) {
                abort();
            }
        }
        govtext_segmenter_free(seg);
    }
    govtext_lexicon_free(lex);
    return 0;
}
