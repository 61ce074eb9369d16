/* Matching the spam vocabulary (spam_data.c) in text: the spliced SEO phrase
 * city + term [+ suffix] and the line markers.  Shared by the spam pass and
 * the duplicate pass (which must not let a spliced phrase hide a copy). */
#ifndef GT_SPAM_MATCH_H
#define GT_SPAM_MATCH_H

#include <stddef.h>
#include <stdint.h>

/* The code point as the tries store it: full-width ASCII made ASCII, Latin
 * letters lower case, traditional forms of the list characters simplified. */
uint32_t gt_spam_fold(uint32_t cp);

/* The BMP code points that can start a key of a trie (after folding): a
 * pass fills it once and skips the trie walk wherever no key can start,
 * which is almost everywhere.  It also holds a filter of the code points
 * the fold table changes (bit cp & 0xFFF), so that matching folds most Han
 * characters without searching that table. */
typedef struct gt_spam_starts {
    uint8_t bits[0x10000 / 8];
    uint8_t folds[0x1000 / 8];
    /* The root's edges (sorted by code point) of BMP code points with high
     * byte b are [first + root_at[b], first + root_at[b + 1]): the first
     * step of a walk searches a few edges instead of all of them. */
    int trie;
    uint16_t root_at[257];
    /* A filter of the keys' first two characters (bit hash & 0xFFF), used
     * when no key is a single character (pairs_ok). */
    int pairs_ok;
    uint8_t pairs[0x1000 / 8];
} gt_spam_starts;

void gt_spam_starts_init(gt_spam_starts *st, int trie);

/* Whether a key may start at code point cp. */
static inline int gt_spam_may_start(const gt_spam_starts *st, uint32_t cp)
{
    return cp >= 0x10000 || (st->bits[cp >> 3] >> (cp & 7) & 1);
}

/* The longest key of trie (GT_SPAM_*) that starts at byte i of s[0, len):
 * returns its end offset and its class in *value, or i (and 0) if none.
 * st is any initialised gt_spam_starts (its fold filter is used). */
size_t gt_spam_longest(const gt_spam_starts *st, int trie, const char *s, size_t len, size_t i,
                       unsigned *value);

/* If an SEO phrase (a place name, a web-service term, optionally a suffix)
 * starts at byte i, returns its end offset; else returns i.  A phrase never
 * crosses a line end.  st as for gt_spam_longest. */
size_t gt_spam_phrase(const gt_spam_starts *st, const char *s, size_t len, size_t i);

#endif
