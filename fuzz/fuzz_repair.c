/* Fuzz target: the repair engine.  The first byte picks the passes to skip
 * and the script mode; the rest is a document (loaded as UTF-8 with
 * replacement, so every byte string reaches the passes).  Checks what must
 * hold after any repair: valid UTF-8, every edit inside the source and the
 * text, every character boundary mappable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 16))
        return 0;
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    /* Bits 0-3: skip one of the early passes; bits 4-5: script mode. */
    static const uint32_t skips[] = {0,
                                     GOVTEXT_REPAIR_MOJIBAKE,
                                     GOVTEXT_REPAIR_LAYOUT,
                                     GOVTEXT_REPAIR_SCRIPT,
                                     GOVTEXT_REPAIR_DUPLICATE,
                                     GOVTEXT_REPAIR_MASK,
                                     GOVTEXT_REPAIR_PINYIN | GOVTEXT_REPAIR_SPAM,
                                     GOVTEXT_REPAIR_HTML | GOVTEXT_REPAIR_PUNCT};
    ro.skip = skips[data[0] & 7];
    ro.script = (data[0] >> 4) & 3;
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return 0;
    if (govtext_doc_load_bytes(doc, data + 1, size - 1, &lo) == GOVTEXT_OK &&
        govtext_doc_repair(doc, NULL, &ro) == GOVTEXT_OK) {
        size_t len, slen;
        const char *t = govtext_doc_text(doc, &len);
        govtext_doc_source(doc, &slen);
        if (t[len] != '\0')
            abort();
        for (size_t i = 0; i < len;) {
            unsigned char c = (unsigned char)t[i];
            size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if ((c >= 0x80 && c < 0xC2) || c > 0xF4 || i + k > len)
                abort();
            for (size_t j = 1; j < k; j++)
                if (((unsigned char)t[i + j] & 0xC0) != 0x80)
                    abort();
            size_t a, b;
            if (govtext_doc_map_to_source(doc, i, i + k, &a, &b) != GOVTEXT_OK || a > b ||
                b > slen)
                abort();
            i += k;
        }
        for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
            govtext_edit ed;
            memset(&ed, 0, sizeof ed);
            ed.struct_size = sizeof ed;
            if (govtext_doc_edit_get(doc, i, &ed) != GOVTEXT_OK || ed.src_end > slen ||
                ed.src_start > ed.src_end || ed.text_end > len || ed.text_start > ed.text_end)
                abort();
        }
    }
    govtext_doc_free(doc);
    return 0;
}
