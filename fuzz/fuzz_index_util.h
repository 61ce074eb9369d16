/* What the index fuzz targets share: a document's text through the
 * buffer protocol, in a buffer reused from call to call (one thread). */
#ifndef GOVTEXT_FUZZ_INDEX_UTIL_H
#define GOVTEXT_FUZZ_INDEX_UTIL_H

#include <stdlib.h>

#include "govtext.h"

/* Document d's text; NULL (length 0) when the library refuses it as damaged. */
static inline const char *fuzz_doc_text(const govtext_index *idx, size_t d, size_t *len)
{
    static char *buf;
    static size_t cap;
    size_t n = 0;
    *len = 0;
    govtext_status st = govtext_index_doc_text(idx, d, buf, cap, &n);
    if (st == GOVTEXT_ERR_BUFFER_TOO_SMALL) {
        char *b = realloc(buf, n);
        if (!b)
            abort();
        buf = b;
        cap = n;
        st = govtext_index_doc_text(idx, d, buf, cap, &n);
    }
    if (st != GOVTEXT_OK)
        return NULL;
    *len = n;
    return buf ? buf : "";
}

#endif
