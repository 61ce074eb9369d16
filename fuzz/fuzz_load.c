/* Fuzz target: the loader, over every encoding path and detection.
 * The first byte picks the forced encoding (or auto) and the flags; the rest
 * is the document.  Checks what must hold for any input: the text is valid
 * UTF-8, every edit and every character maps inside the source. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (c >= 0x80 && (c < 0xC2 || c > 0xF4))
            return 0;
        if (i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = data[0] % 10; /* 9: an invalid value, must be refused */
    o.flags = (data[0] >> 4) & 0x3F;
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        return 0;
    govtext_status st = govtext_doc_load_bytes(doc, data + 1, size - 1, &o);
    if (st == GOVTEXT_OK) {
        size_t len, slen;
        const char *t = govtext_doc_text(doc, &len);
        govtext_doc_source(doc, &slen);
        if (t[len] != '\0' || slen != size - 1 || !valid_utf8((const unsigned char *)t, len))
            abort();
        for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
            govtext_edit ed;
            memset(&ed, 0, sizeof ed);
            ed.struct_size = sizeof ed;
            if (govtext_doc_edit_get(doc, i, &ed) != GOVTEXT_OK || ed.src_end > slen ||
                ed.src_start > ed.src_end || ed.text_end > len || ed.text_start > ed.text_end)
                abort();
        }
        for (size_t i = 0; i <= len; i += 1 + len / 64) {
            size_t a, b;
            govtext_status ms = govtext_doc_map_to_source(doc, i, len, &a, &b);
            int inside = i < len && ((unsigned char)t[i] & 0xC0) == 0x80;
            if (inside ? ms != GOVTEXT_ERR_INVALID_ARG : (ms != GOVTEXT_OK || a > b || b > slen))
                abort();
        }
    } else if (govtext_doc_errmsg(doc)[0] == '\0') {
        abort(); /* a failure always says why */
    }
    govtext_encoding e;
    double c;
    if (govtext_detect_encoding(data, size, &e, &c) != GOVTEXT_OK || c < 0 || c > 1)
        abort();
    govtext_doc_free(doc);
    return 0;
}
