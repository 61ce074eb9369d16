/* A growable byte buffer.  Growth is geometric and overflow-checked; every
 * function that can allocate returns 0 on success and -1 when memory (or
 * size_t) runs out, leaving the buffer as it was. */
#ifndef GT_BUF_H
#define GT_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct gt_buf {
    char *data;
    size_t len;
    size_t cap;
} gt_buf;

void gt_buf_init(gt_buf *b);
void gt_buf_release(gt_buf *b);
int gt_buf_reserve(gt_buf *b, size_t extra);
int gt_buf_append_slow(gt_buf *b, const void *p, size_t n);
/* Inline when it fits: callers append a character at a time. */
static inline int gt_buf_append(gt_buf *b, const void *p, size_t n)
{
    if (n != 0 && n < b->cap - b->len) { /* leaves room for the NUL */
        memcpy(b->data + b->len, p, n);
        b->len += n;
        return 0;
    }
    return gt_buf_append_slow(b, p, n);
}
int gt_buf_putc(gt_buf *b, char c);
/* Appends a terminating NUL that is not counted in len. */
int gt_buf_terminate(gt_buf *b);
/* Hands the storage to the caller (NUL-terminated, never NULL on success)
 * and resets the buffer.  Returns NULL if the terminator could not be
 * allocated. */
char *gt_buf_detach(gt_buf *b, size_t *len);

/* Overflow-checked helpers for array growth. */
int gt_grow_array(void **arr, size_t *cap, size_t need, size_t elem);

#endif
