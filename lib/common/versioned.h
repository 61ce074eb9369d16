/* Versioned structs (options, metadata): struct_size first, members only
 * ever appended.  One reader for all of them, so that every handle answers
 * an old or a new caller the same way. */
#ifndef GT_COMMON_VERSIONED_H
#define GT_COMMON_VERSIONED_H

#include <stddef.h>

#include "govtext.h"

/* Copies the caller's struct in (its struct_size first) into dst, zeroed to
 * dst_size first.  A struct_size below v1_size is GOVTEXT_ERR_INVALID_ARG;
 * a longer struct whose members past dst_size are not all zero is
 * GOVTEXT_ERR_UNSUPPORTED (a newer caller).  The message goes to err
 * (errlen bytes), naming the struct (what) and its init function. */
govtext_status gt_read_versioned(char *err, size_t errlen, const char *what, const char *init,
                                 void *dst, size_t dst_size, const void *in, size_t v1_size);

#endif
