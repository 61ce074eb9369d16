#include "common/versioned.h"

#include <stdio.h>
#include <string.h>

govtext_status gt_read_versioned(char *err, size_t errlen, const char *what, const char *init,
                                 void *dst, size_t dst_size, const void *in, size_t v1_size)
{
    memset(dst, 0, dst_size);
    size_t given;
    memcpy(&given, in, sizeof given); /* struct_size is every such struct's first member */
    if (given < v1_size) {
        snprintf(err, errlen, "%s: struct_size %zu is too small (call %s)", what, given, init);
        return GOVTEXT_ERR_INVALID_ARG;
    }
    const unsigned char *raw = in;
    for (size_t k = dst_size; k < given; k++)
        if (raw[k] != 0) {
            snprintf(err, errlen,
                     "%s: unknown non-zero member at offset %zu (options from a newer "
                     "libgovtext)",
                     what, k);
            return GOVTEXT_ERR_UNSUPPORTED;
        }
    memcpy(dst, in, given < dst_size ? given : dst_size);
    return GOVTEXT_OK;
}
