#include "common/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void gt_buf_init(gt_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void gt_buf_release(gt_buf *b)
{
    free(b->data);
    gt_buf_init(b);
}

int gt_grow_array(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (elem != 0 && ncap > SIZE_MAX / elem)
        return -1;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

int gt_buf_reserve(gt_buf *b, size_t extra)
{
    /* +1 keeps room for the terminator so that detach never fails after a
     * successful reserve. */
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    void *p = b->data;
    if (gt_grow_array(&p, &b->cap, b->len + extra + 1, 1) != 0)
        return -1;
    b->data = p;
    return 0;
}

int gt_buf_append_slow(gt_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return 0;
    if (gt_buf_reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int gt_buf_putc(gt_buf *b, char c)
{
    if (b->len + 1 >= b->cap && gt_buf_reserve(b, 1) != 0)
        return -1;
    b->data[b->len++] = c;
    return 0;
}

int gt_buf_terminate(gt_buf *b)
{
    if (gt_buf_reserve(b, 0) != 0)
        return -1;
    b->data[b->len] = '\0';
    return 0;
}

char *gt_buf_detach(gt_buf *b, size_t *len)
{
    if (gt_buf_terminate(b) != 0)
        return NULL;
    char *p = b->data;
    if (len)
        *len = b->len;
    gt_buf_init(b);
    return p;
}
