#include "index/chars.h"

#include "common/utf8.h"

static int match_at(const char *s, size_t len, size_t i, const uint32_t *pat, size_t npat,
                    size_t *end)
{
    for (size_t k = 0; k < npat; k++) {
        if (i >= len)
            return 0;
        uint32_t c;
        i += gt_utf8_next(s, len, i, &c);
        c = gt_idx_fold(c);
        if (pat[k] == GT_IDX_GAP ? !gt_idx_is_space(c) : pat[k] != c)
            return 0;
    }
    *end = i;
    return 1;
}

uint64_t gt_idx_text_matches(const char *text, size_t len, const uint32_t *pat, size_t npat,
                             uint64_t limit, size_t *first_start, size_t *first_end)
{
    uint64_t n = 0;
    if (npat == 0)
        return 0;
    for (size_t i = 0; i < len && n < limit;) {
        uint32_t c;
        size_t next = i + gt_utf8_next(text, len, i, &c);
        c = gt_idx_fold(c);
        size_t end;
        if ((pat[0] == GT_IDX_GAP ? gt_idx_is_space(c) : pat[0] == c) &&
            match_at(text, len, i, pat, npat, &end)) {
            if (n == 0) {
                if (first_start)
                    *first_start = i;
                if (first_end)
                    *first_end = end;
            }
            n++;
        }
        i = next;
    }
    return n;
}
