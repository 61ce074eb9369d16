/* Messages and versioned structs, shared by the index's handles. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "index/index.h"

govtext_status gt_idx_fail(char *buf, govtext_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, GT_IDX_ERRMSG_MAX, fmt, ap);
    va_end(ap);
    return status;
}

govtext_status gt_idx_read_struct(char *err, const char *what, void *dst, size_t dst_size,
                                  const void *in, size_t v1_size)
{
    memset(dst, 0, dst_size);
    size_t given;
    memcpy(&given, in, sizeof given); /* struct_size is every struct's first member */
    if (given < v1_size)
        return gt_idx_fail(err, GOVTEXT_ERR_INVALID_ARG,
                           "%s: struct_size %zu is too small (call its _init function)", what,
                           given);
    const unsigned char *raw = in;
    for (size_t k = dst_size; k < given; k++)
        if (raw[k] != 0)
            return gt_idx_fail(err, GOVTEXT_ERR_UNSUPPORTED,
                               "%s: unknown non-zero member at offset %zu (from a newer "
                               "libgovtext)",
                               what, k);
    memcpy(dst, in, given < dst_size ? given : dst_size);
    return GOVTEXT_OK;
}
