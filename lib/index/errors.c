/* Messages of the index's handles. */
#include <stdarg.h>
#include <stdio.h>

#include "index/index.h"

govtext_status gt_idx_fail(char *buf, govtext_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, GT_IDX_ERRMSG_MAX, fmt, ap);
    va_end(ap);
    return status;
}
