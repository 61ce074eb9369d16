/* How the index sees characters: white space (Unicode White_Space) breaks
 * pairs; ASCII letters are folded to lower case; everything else is taken
 * as it is, so that a search matches what a byte-exact substring search of
 * the same text matches (up to ASCII case). */
#ifndef GT_INDEX_CHARS_H
#define GT_INDEX_CHARS_H

#include <stddef.h>
#include <stdint.h>

static inline int gt_idx_is_space(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline uint32_t gt_idx_fold(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* A query string as the index sees it: folded code points, with each run
 * of white space reduced to one marker (GT_IDX_GAP). */
#define GT_IDX_GAP 0xFFFFFFFFu

/* Counts the matches of pat (npat code points, GT_IDX_GAP = any one white
 * space character) in text, overlapping ones included; *first gets the byte
 * range of the first match (when there is one).  Used to check the rare
 * phrases the pair index cannot decide alone, and for snippets. */
uint64_t gt_idx_text_matches(const char *text, size_t len, const uint32_t *pat, size_t npat,
                             uint64_t limit, size_t *first_start, size_t *first_end);

#endif
