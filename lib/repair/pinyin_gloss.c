/* Repair pass: inline pinyin glosses.
 *
 * Sites that show both scripts, or "help" readers, run the text through a
 * pinyin converter and splice each character's reading in after it:
 * 創(chuàng)新互聯(lián)網(wǎng).  The converter prints a context-free default
 * reading (調(diào)整, although 調整 is tiáozhěng), in one of several styles:
 * tone marks, tone digits (chuang4, men5), no tones (nian), ASCII or
 * full-width parentheses, sometimes the gloss doubled (中(zhong)(zhong)).
 *
 * What is removed: a parenthesised gloss of exactly one pinyin syllable that
 * comes right after a Han character and is one of that character's Mandarin
 * readings in Unihan (see pinyin_readings.h; all readings, because the
 * converter's default is often not the reading in context).  Further glosses
 * that follow a removed one and also read that character go too (doubling).
 * After U+FFFD, where mojibake destroyed the character, any syllable goes:
 * nothing legitimate puts pinyin after a replacement character.
 *
 * What is left alone, on purpose:
 *  - anything that is not a single lowercase pinyin syllable: (一), （试行）,
 *    (WTO), (2018), (a) after a character that is not read "a";
 *  - a capitalised romanisation, 李(Li): converters print lowercase, while a
 *    capital marks a person's name written out by a human;
 *  - a gloss that does not follow the character it reads: a dictionary-like
 *    "创新 (chuàngxīn)" or "创新(chuàngxīn)" (a word's reading, several
 *    syllables) and "‘茁’(zhuó)" (a quotation mark in between).  Converters
 *    that splice readings gloss one character at a time; a human who glosses
 *    a word or a quoted character means it, and removing it would lose text.
 *  - a gloss whose tone contradicts every reading of the character: 中(zhòu)
 *    is not what a converter prints for 中.
 *
 * Matching a gloss: letters are folded to lowercase ASCII (full-width ａ-ｚ
 * too, as "full-width letters" damage also hits glosses), tone marks
 * (precomposed or combining) and tone digits 1-5 become a tone, ü may be
 * written ü, v or u: (lv, lü, lu:4) and, as many converters and typists
 * do, plain u after l and n (lu for 律 lǜ); after j, q, x, y it is u anyway.
 * A gloss without a tone, or with the neutral tone 5, matches any tone of the
 * syllable: the neutral tone is a weakening in context that Unihan lists for
 * few characters.
 *
 * Cost: one pass over the bytes, counting Han characters on the way; work
 * beyond that happens only at '(' and '（', is bounded by a constant per
 * parenthesis (a gloss is at most GLOSS_MAX_CHARS characters), so input of a
 * megabyte of '(' or of "(a)" is linear like everything else. */
#include "repair/repair.h"

#include <string.h>

#include "common/utf8.h"
#include "repair/pinyin_readings.h"

/* Code points inside the parentheses of a gloss: the longest syllable is six
 * letters, plus a combining tone mark, a diaeresis and a digit, with room to
 * spare.  Anything longer is not a gloss, and the limit bounds the work. */
#define GLOSS_MAX_CHARS 12

/* Confidence of a removal: a tone that agrees with a reading is strong
 * evidence; a toneless syllable a bit less; a one-letter toneless one (a, e,
 * o, n, m) could also be a list label that happens to follow a character
 * read that way. */
#define CONF_TONE 0.97
#define CONF_TONELESS 0.9
#define CONF_ONE_LETTER 0.7
/* After U+FFFD the character is lost (mojibake that could not be undone), so
 * the reading cannot be checked; only the syllable's shape can.  Such a
 * gloss is still junk, but the evidence is weaker. */
#define CONF_LOST 0.6

typedef struct gloss {
    char key[GT_PINYIN_SYL_MAX + 2]; /* letters; 'v' for ü, 'E' for ê */
    size_t n;
    int tone; /* 0: none written; 1-4; 5: neutral */
    size_t end; /* input offset just after the closing parenthesis */
} gloss;

/* Length of the opening parenthesis at s[i] ('(' or U+FF08), else 0. */
static size_t open_paren(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '(')
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
        (unsigned char)s[i + 2] == 0x88)
        return 3;
    return 0;
}

/* Precomposed letters with a tone mark (and ü, ê) that pinyin uses: the base
 * letter as the key spells it and the tone (0: none). */
static int tone_letter(uint32_t c, char *base, int *tone)
{
    static const struct {
        uint16_t cp;
        char base;
        char tone;
    } t[] = {
        {0x00E0, 'a', 4}, {0x00E1, 'a', 2}, {0x00E8, 'e', 4}, {0x00E9, 'e', 2},
        {0x00EA, 'E', 0}, {0x00EC, 'i', 4}, {0x00ED, 'i', 2}, {0x00F2, 'o', 4},
        {0x00F3, 'o', 2}, {0x00F9, 'u', 4}, {0x00FA, 'u', 2}, {0x00FC, 'v', 0},
        {0x0101, 'a', 1}, {0x0113, 'e', 1}, {0x011B, 'e', 3}, {0x012B, 'i', 1},
        {0x0144, 'n', 2}, {0x0148, 'n', 3}, {0x014D, 'o', 1}, {0x016B, 'u', 1},
        {0x01CE, 'a', 3}, {0x01D0, 'i', 3}, {0x01D2, 'o', 3}, {0x01D4, 'u', 3},
        {0x01D6, 'v', 1}, {0x01D8, 'v', 2}, {0x01DA, 'v', 3}, {0x01DC, 'v', 4},
        {0x01F9, 'n', 4}, {0x1E3F, 'm', 2}, {0x1EBF, 'E', 2}, {0x1EC1, 'E', 4},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        if (t[k].cp == c) {
            *base = t[k].base;
            *tone = t[k].tone;
            return 1;
        }
    return 0;
}

/* The tone a combining mark writes (U+0304 macron, U+0301 acute, U+030C
 * caron, U+0300 grave), else 0. */
static int combining_tone(uint32_t c)
{
    switch (c) {
    case 0x0304: return 1;
    case 0x0301: return 2;
    case 0x030C: return 3;
    case 0x0300: return 4;
    default: return 0;
    }
}

/* Reads the parenthesised text at s[p] as one syllable.  Returns 1 and fills
 * g when it has the shape of a lowercase pinyin syllable, else 0.  Decides
 * nothing about which character it reads. */
static int parse_gloss(const char *s, size_t len, size_t p, gloss *g)
{
    size_t i = p + open_paren(s, len, p);
    memset(g, 0, sizeof *g);
    int digit = 0;
    for (int k = 0; k < GLOSS_MAX_CHARS && i < len; k++) {
        uint32_t c;
        size_t n = gt_utf8_next(s, len, i, &c);
        i += n;
        if (c == ')' || c == 0xFF09) { /* either close: damage mixes them */
            g->end = i;
            return g->n > 0;
        }
        if (digit) /* a tone digit ends the syllable */
            return 0;
        char base = 0;
        int tone = 0;
        if (c >= 'a' && c <= 'z')
            base = (char)c;
        else if (c >= 0xFF41 && c <= 0xFF5A) /* full-width a-z */
            base = (char)('a' + (c - 0xFF41));
        if (base || tone_letter(c, &base, &tone)) { /* a letter */
            if (g->n >= GT_PINYIN_SYL_MAX)
                return 0;
            if (tone) {
                if (g->tone)
                    return 0;
                g->tone = tone;
            }
            g->key[g->n++] = base;
            continue;
        }
        /* Everything else modifies the letters before it. */
        if (g->n == 0)
            return 0;
        if ((c >= '1' && c <= '5') || (c >= 0xFF11 && c <= 0xFF15)) {
            if (g->tone)
                return 0;
            g->tone = (int)(c <= '5' ? c - '0' : c - 0xFF10);
            digit = 1;
        } else if ((tone = combining_tone(c)) != 0) {
            if (g->tone)
                return 0;
            g->tone = tone;
        } else if (c == 0x0308 || c == ':') { /* ü as u + diaeresis, or u: */
            if (g->key[g->n - 1] != 'u')
                return 0;
            g->key[g->n - 1] = 'v';
        } else if (c == 0x0302) { /* ê as e + circumflex */
            if (g->key[g->n - 1] != 'e')
                return 0;
            g->key[g->n - 1] = 'E';
        } else {
            return 0;
        }
    }
    return 0;
}

/* The id of a toneless syllable, or -1.  A binary search over the sorted
 * table (about nine comparisons); it only runs at a parenthesis. */
static int syllable_id(const char *key)
{
    int lo = 0, hi = GT_PINYIN_SYLLABLES - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int d = strcmp(gt_pinyin_syllables[mid], key);
        if (d == 0)
            return mid;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Whether syllable syl with tone is among the readings r[0..nr); r NULL
 * stands for a lost character, which could have had any reading. */
static int reads_as(const uint16_t *r, size_t nr, int syl, int tone)
{
    if (syl < 0)
        return 0;
    if (!r)
        return 1;
    for (size_t k = 0; k < nr; k++)
        if ((int)GT_PINYIN_SYL(r[k]) == syl &&
            (tone == 0 || tone == 5 || (int)GT_PINYIN_TONE(r[k]) == tone))
            return 1;
    return 0;
}

/* Whether gloss g is a reading among r[0..nr) (any syllable if r is NULL). */
static int gloss_matches(gloss *g, const uint16_t *r, size_t nr)
{
    char *k = g->key;
    k[g->n] = '\0';
    /* Pinyin writes jü, qü, xü, yü as ju, qu, xu, yu, and so does Unihan. */
    if (k[0] == 'j' || k[0] == 'q' || k[0] == 'x' || k[0] == 'y')
        for (size_t i = 1; i < g->n; i++)
            if (k[i] == 'v')
                k[i] = 'u';
    if (reads_as(r, nr, syllable_id(k), g->tone))
        return 1;
    /* lü and nü are often typed lu and nu (lu for 律 lǜ). */
    if ((k[0] == 'l' || k[0] == 'n') && g->n > 1 && k[1] == 'u') {
        k[1] = 'v';
        int ok = reads_as(r, nr, syllable_id(k), g->tone);
        k[1] = 'u';
        return ok;
    }
    return 0;
}

/* The code point of the character that ends just before s[p], or 0. */
static uint32_t char_before(const char *s, size_t p)
{
    size_t q = p;
    while (q > 0 && p - q < 4) {
        q--;
        if (((unsigned char)s[q] & 0xC0) != 0x80)
            break;
    }
    if (q == p)
        return 0;
    uint32_t cp;
    if (gt_utf8_next(s, p, q, &cp) != p - q)
        return 0;
    return cp;
}

/* Whether the three-byte sequence led by c0 c1 is a Han ideograph: Ext A
 * U+3400-4DBF (E3 90.. - E4 B6), the URO U+4E00-9FFF (E4 B8.. - E9), the
 * compatibility ideographs U+F900-FAFF (EF A4-AB).  E4 B7 is U+4DC0-4DFF,
 * the Yijing hexagrams. */
static int han3(unsigned char c0, unsigned char c1)
{
    if (c0 >= 0xE5)
        return c0 <= 0xE9 || (c0 == 0xEF && c1 >= 0xA4 && c1 <= 0xAB);
    if (c0 == 0xE4)
        return c1 != 0xB7;
    return c0 == 0xE3 && c1 >= 0x90;
}

int gt_repair_pinyin(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    const unsigned char *s = (const unsigned char *)text;
    gt_writer w;
    gt_writer_init(&w, text, out);
    size_t han = 0, removed = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t open_len = 0;
        if (c < 0x80) {
            if (c != '(') {
                i++;
                continue;
            }
            open_len = 1;
        } else if (c < 0xE0) {
            i += 2;
            continue;
        } else if (c < 0xF0) {
            if (i + 2 >= len)
                break;
            han += (size_t)han3(c, s[i + 1]);
            if (c != 0xEF || s[i + 1] != 0xBC || s[i + 2] != 0x88) {
                i += 3;
                continue;
            }
            open_len = 3;
        } else {
            /* Planes 2 and 3 (F0 A0.. - F0 B2..): Extensions B to H. */
            if (i + 1 < len && c == 0xF0 && s[i + 1] >= 0xA0 && s[i + 1] <= 0xB2)
                han++;
            i += 4;
            continue;
        }

        /* An opening parenthesis at i: a gloss of the character before it? */
        uint32_t before = char_before(text, i);
        const uint16_t *r;
        size_t nr = gt_pinyin_readings(before, &r);
        int lost = before == 0xFFFD;
        if (lost)
            r = NULL;
        size_t p = i;
        gloss g;
        while ((nr > 0 || lost) && open_paren(text, len, p) && parse_gloss(text, len, p, &g) &&
               gloss_matches(&g, r, nr)) {
            double conf = lost                         ? CONF_LOST
                          : g.tone >= 1 && g.tone <= 4 ? CONF_TONE
                          : g.n > 1                    ? CONF_TONELESS
                                                       : CONF_ONE_LETTER;
            if (gt_writer_replace(&w, p, g.end, "", 0, GOVTEXT_EDIT_PINYIN, conf) != 0)
                return -1;
            removed++;
            p = g.end; /* a doubled gloss reads the same character */
        }
        /* After a removal, p is just past it and the next character (maybe a
         * parenthesis that glosses nothing) is scanned normally; it follows a
         * ')' in the input, so it is not taken for a gloss again. */
        i = p > i ? p : i + open_len;
    }
    out->counts[GOVTEXT_COUNT_PINYIN] += removed;
    ctx->pinyin_removed = removed;
    ctx->han_chars = han;
    return gt_writer_finish(&w, len);
}
