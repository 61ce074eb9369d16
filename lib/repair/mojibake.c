/* Repair pass: mojibake.
 *
 * Scraped text is often UTF-8 that some program read as GBK (or as
 * windows-1252) and saved again as UTF-8: 发展 (E5 8F 91 E5 B1 95) becomes
 * 鍙戝睍 (the GBK pairs E58F 91E5 B195), or "å\u008f‘å±•" read as
 * windows-1252.  Turning the damaged characters back into the bytes they
 * came from and decoding those as UTF-8 undoes it.
 *
 * The hard part is deciding where that is right.  Each line is tried under
 * each hypothesis (GBK, windows-1252): the characters that the hypothesis'
 * decoder can produce are turned back into bytes, the bytes are decoded as
 * UTF-8, and the result is cut into blocks where a boundary between damaged
 * characters is also a boundary between decoded ones.  A block gains what
 * the unigram model (load/char_model.h) charges for its damaged characters
 * minus what it charges for the decoded ones: mojibake is made of rare
 * characters (涓 鍙 戝 ...) that decode to common ones, while clean Chinese
 * read back as GBK bytes is not UTF-8 at all.  A small dynamic programme
 * then picks the runs of blocks whose gain pays for the prior cost of a run
 * (RUN_COST) and, where a run stops inside text that still decodes cleanly,
 * for that edge (EDGE_COST).  Everything is in quarter bits, like the model,
 * so a run's margin is a log-likelihood ratio and gives the confidence.
 *
 * Lossy mojibake.  A GBK decoder that meets a byte that cannot start a pair
 * with the byte after it emits U+FFFD for that one byte and goes on with the
 * next; windows-1252 decoders emit U+FFFD for the five bytes it leaves
 * undefined (81 8D 8F 90 9D) or, like browsers, pass them through as C1
 * controls, which the loader then removes.  A UTF-8 lead byte is never lost
 * that way (a lead followed by a continuation byte is always a valid GBK
 * pair, and no lead byte is undefined in windows-1252), so every hole is
 * one lost continuation byte: visible where U+FFFD or '?' stands in a
 * continuation slot, invisible where a lead byte has too few continuation
 * bytes.  The characters around a hole decode exactly.  The character with
 * the hole has at most 64 candidates per lost byte, fewer under GBK, where
 * the lost byte is one that could not start a pair with the byte after it.
 * The candidates are ranked by a bigram model of the document itself (pairs
 * of characters that came out certain in a first, dry pass: a long report
 * repeats its phrases, and the same word loses different bytes in different
 * places), backed off to the unigram model, with candidates of the wrong
 * script made unlikely (the dry pass tells simplified from traditional
 * text) and a pinyin gloss after the character, if any, consulted; the best
 * is kept when it holds at least GUESS_MIN of the probability, and U+FFFD is
 * written otherwise.
 *
 * The work is linear: a bounded amount of work per byte of each line, with
 * GBK from constant tables (gbk_table.h, generated from ICU's GBK converter,
 * which accepts exactly the pairs that Python's and glibc's GBK decoders
 * accept). */
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "load/char_model.h"
#include "load/encodings.h"
#include "repair/gbk_table.h"
#include "repair/pinyin_readings.h"
#include "repair/repair.h"

/* Prior cost of declaring a run mojibake: 40 bits.  A two-character word
 * (鍙戝睍 -> 发展) gains about 55 bits; a clean Chinese line read back as
 * GBK bytes loses hundreds. */
#define RUN_COST 160
/* A run that stops inside text that still decodes cleanly pays 12 bits per
 * such edge: real mojibake ends where the damaged bytes end, next to
 * undecodable bytes or the end of the line. */
#define EDGE_COST 48
/* A byte that vanished without a trace (a C1 control the loader removed)
 * costs 4 bits on top of the choice of its value. */
#define HOLE_COST 16
/* A character whose lost bytes are too many to enumerate: about what a
 * typical Han character costs. */
#define UNKNOWN_COST 72
/* Keep the best candidate of a damaged character only when it is more
 * likely right than wrong; otherwise write U+FFFD. */
#define GUESS_MIN 0.5
/* Byte combinations tried for one damaged character; beyond it the
 * character stays unknown.  Two lost bytes of a three-byte character under
 * GBK (4096 combinations) are enumerated once per lead byte and next byte
 * and remembered. */
#define ENUM_CAP 256
/* Candidates kept per damaged character for the ranking by context. */
#define TOPK 16
/* Weight of the unigram model against the document's own bigram counts
 * (pseudo-counts of a Dirichlet prior). */
#define CACHE_PRIOR 16.0
/* The model prices a traditional form like its simplified form.  So in a
 * document written in simplified characters, a candidate Han character
 * outside GB 2312 (mostly traditional forms) costs 8 bits more, and in one
 * written in traditional characters, a candidate outside Big5 (mostly
 * simplified forms) does. */
#define SCRIPT_COST 32
/* A damaged character followed by a pinyin gloss ("(guī)", which web
 * converters splice in after the characters they convert) is, 1024 times
 * over, one that has that reading. */
#define GLOSS_BOOST 1024.0

#define NEG_INF (INT64_MIN / 4)

/* ------------------------------------------------------------------ */
/* Tables                                                              */

/* GBK comes from constant tables (gbk_table.h, generated from ICU's GBK
 * converter). */
static int bad_pair(unsigned x, unsigned y)
{
    return (gt_gbk_bad[x - 0x80][y >> 3] >> (y & 7)) & 1;
}

/* GB 2312's Han characters are GBK's pairs B0-F7 x A1-FE. */
static int gb2312_han(uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    unsigned v = gt_gbk_rev[cp];
    return (v >> 8) >= 0xB0 && (v >> 8) <= 0xF7 && (v & 0xFF) >= 0xA1 && (v & 0xFF) <= 0xFE;
}

/* Sets *bits to a bitmap of the BMP characters that ICU's Big5 converter
 * decodes from some pair (lead 81-FE, trail 40-7E or A1-FE).  Returns 0
 * (leaving *bits NULL if ICU has no Big5), or -1 when memory ran out. */
static int big5_build(uint8_t **bits)
{
    enum { NPAIRS = 126 * 157 };
    *bits = NULL;
    uint8_t *b = calloc(65536 / 8, 1);
    char *src = malloc(NPAIRS * 3);
    UChar *dst = malloc(NPAIRS * 3 * sizeof *dst);
    int32_t *offs = malloc(NPAIRS * 3 * sizeof *offs);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = NULL;
    int rc = -1;
    if (!b || !src || !dst || !offs)
        goto done;
    cnv = ucnv_open(gt_encoding_icu_name(GOVTEXT_ENC_BIG5), &e);
    if (U_FAILURE(e)) {
        rc = e == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
        goto done;
    }
    size_t k = 0;
    for (unsigned lead = 0x81; lead <= 0xFE; lead++)
        for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
            if (trail > 0x7E && trail < 0xA1)
                continue;
            src[k++] = (char)lead;
            src[k++] = (char)trail;
            src[k++] = '\n';
        }
    const char *s = src;
    UChar *d = dst;
    ucnv_toUnicode(cnv, &d, dst + NPAIRS * 3, &s, src + k, offs, 1, &e);
    if (U_FAILURE(e)) {
        rc = e == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
        goto done;
    }
    size_t n = (size_t)(d - dst);
    for (size_t i = 0; i + 1 < n; i++) {
        UChar c = dst[i];
        if (offs[i] >= 0 && offs[i] % 3 == 0 && offs[i + 1] == offs[i] + 2 && c != 0xFFFD &&
            c != 0x1A && !(c >= 0xD800 && c <= 0xDFFF) && !(c >= 0xE000 && c <= 0xF8FF))
            b[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    *bits = b;
    b = NULL;
    rc = 0;
done:
    if (cnv)
        ucnv_close(cnv);
    free(b);
    free(src);
    free(dst);
    free(offs);
    return rc;
}

/* windows-1252 bytes 80-9F; 0 where the byte is undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The bytes windows-1252 leaves undefined: what its decoders turn into
 * U+FFFD or pass through as C1 controls (which the loader removes). */
static const uint8_t cp1252_lost[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

/* ------------------------------------------------------------------ */
/* The document's own bigram counts                                    */

#define UNIGRAM 0xFFFFFFFEu /* second key of a character's own count */
#define LINE_START 0xFFFFFFF0u /* neighbours at the ends of a line */
#define LINE_END 0xFFFFFFF1u
#define EMPTY_KEY UINT64_MAX

typedef struct mb_cache {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n; /* cap is a power of two; at most half full */
    unsigned shift;  /* 64 - log2(cap) */
} mb_cache;

static size_t cache_slot(const mb_cache *c, uint64_t key)
{
    /* Fibonacci hashing: the top bits of the product mix every key bit. */
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> c->shift);
    while (c->keys[i] != key && c->keys[i] != EMPTY_KEY)
        i = (i + 1) & (c->cap - 1);
    return i;
}

static uint32_t cache_get(const mb_cache *c, uint32_t a, uint32_t b)
{
    if (!c->cap)
        return 0;
    size_t i = cache_slot(c, (uint64_t)a << 32 | b);
    return c->keys[i] == EMPTY_KEY ? 0 : c->vals[i];
}

static int cache_add(mb_cache *c, uint32_t a, uint32_t b)
{
    if (2 * (c->n + 1) > c->cap) {
        size_t ncap = c->cap ? 2 * c->cap : 1024;
        unsigned shift = 64;
        for (size_t k = ncap; k > 1; k >>= 1)
            shift--;
        mb_cache g = {malloc(ncap * sizeof *g.keys), malloc(ncap * sizeof *g.vals), ncap, c->n,
                      shift};
        if (!g.keys || !g.vals) {
            free(g.keys);
            free(g.vals);
            return -1;
        }
        memset(g.keys, 0xFF, ncap * sizeof *g.keys);
        for (size_t i = 0; i < c->cap; i++)
            if (c->keys[i] != EMPTY_KEY) {
                size_t j = cache_slot(&g, c->keys[i]);
                g.keys[j] = c->keys[i];
                g.vals[j] = c->vals[i];
            }
        free(c->keys);
        free(c->vals);
        *c = g;
    }
    uint64_t key = (uint64_t)a << 32 | b;
    size_t i = cache_slot(c, key);
    if (c->keys[i] == EMPTY_KEY) {
        c->keys[i] = key;
        c->vals[i] = 0;
        c->n++;
    }
    if (c->vals[i] < UINT32_MAX)
        c->vals[i]++;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Working state                                                       */

enum { HYP_GBK, HYP_CP1252 };
enum { B_KNOWN, B_HOLE, B_QMARK }; /* QMARK: '?', a hole only in a continuation slot */
enum { U_ASCII, U_CHAR, U_FFFD, U_ERROR };

typedef struct mb_char {
    uint32_t cp;
    unsigned cost; /* what the model charges for it as it stands */
    size_t off;    /* its offset in the text */
} mb_char;

typedef struct mb_byte {
    uint8_t val, kind;
    uint32_t ci; /* the damaged character it came from (index in the line) */
} mb_byte;

typedef struct mb_cand {
    uint32_t cp;
    int32_t cost;
} mb_cand;

/* The candidates for one damaged character. */
typedef struct cand_result {
    int found;
    double mass; /* total probability of the candidates */
    unsigned ntop;
    mb_cand top[TOPK]; /* the most likely, best first */
} cand_result;

typedef struct mb_unit {
    uint32_t b0, b1; /* its bytes */
    uint32_t cp;     /* what it decodes to (U+FFFD while a hole is open) */
    int32_t cost;
    uint8_t kind;
    uint8_t holes;   /* lost bytes */
    uint32_t cand_off, cand_n; /* candidates in mb_work.cands */
} mb_unit;

typedef struct mb_block {
    uint32_t c0, c1; /* damaged characters */
    uint32_t u0, u1; /* decoded units */
    int64_t gain;
    uint8_t error, ascii;
} mb_block;

typedef struct mb_dp {
    int64_t in, out;           /* best score with the block inside / outside a run */
    uint8_t in_from, out_from; /* in: 1 = extends a run; out: 1 = a run ended just before */
} mb_dp;

typedef struct mb_run {
    uint32_t c0, c1;
    int64_t gain;
    size_t rep_off, rep_len; /* into mb_work.reps */
    double confidence;
} mb_run;

typedef struct mb_work {
    int dry;            /* a first pass: do not guess or write */
    int count;          /* ... and count the document's character pairs */
    int prefer_gb2312;  /* the document is in simplified characters */
    uint8_t *big5;      /* traditional: bitmap of the BMP characters in Big5 */
    mb_cache cache;
    uint64_t han, han_non_gb;   /* Han characters seen by the dry pass */
    size_t runs_found;

    mb_char *chars; /* the line's characters, and one past the end */
    size_t ccap;
    mb_byte *bytes;
    size_t bcap;
    mb_unit *units;
    size_t nu, ucap;
    int at_start, at_end; /* the stretch starts / ends the line */
    mb_cand *cands;
    size_t ncands, cndcap;
    mb_block *blocks;
    size_t kcap;
    mb_dp *dp;
    size_t dcap;
    mb_run *runs;
    size_t nruns, rcap;
    mb_run *sel;
    size_t scap;
    gt_buf reps;
    /* quarter_cost(pow2_quarter_neg(c)) for every cost c a character can
     * have: the cost of a unit with a single candidate. */
    int32_t one_cost[256];
    cand_result *memo; /* two lost bytes after lead E0-EF: [lead][next byte + 1] */
    uint8_t *memo_done;
} mb_work;

/* Inline test first: the arrays are grown per character and per byte, and
 * almost never need to. */
static inline int grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    return gt_grow_array((void **)arr, cap, need, elem);
}

/* ------------------------------------------------------------------ */
/* Costs                                                               */

/* Vowels (and syllabic consonants) with tone marks that pinyin writes. */
static int pinyin_letter(uint32_t c)
{
    switch (c) {
    case 0x00E0: case 0x00E1: case 0x00E8: case 0x00E9: case 0x00EA: case 0x00EC:
    case 0x00ED: case 0x00F2: case 0x00F3: case 0x00F9: case 0x00FA: case 0x00FC:
    case 0x0101: case 0x0113: case 0x011B: case 0x012B: case 0x0144: case 0x0148:
    case 0x014D: case 0x016B: case 0x01CE: case 0x01D0: case 0x01D2: case 0x01D4:
    case 0x01D6: case 0x01D8: case 0x01DA: case 0x01DC: case 0x01F9:
        return 1;
    default:
        return 0;
    }
}

static int ascii_letter(uint32_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* Latin-1 and Latin Extended letters. */
static int latin_letter(uint32_t c)
{
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xBA;
}

/* The model charges a toned vowel like a rare symbol; next to ASCII
 * letters (a pinyin gloss, "(guó)") it is an ordinary letter. */
static unsigned decoded_cost(uint32_t cp, int letter_ctx)
{
    if (letter_ctx && pinyin_letter(cp))
        return gt_char_cost('a');
    return gt_char_cost(cp);
}

/* 2^(-q/4) for q >= 0 quarter bits, without libm. */
static double pow2_quarter_neg(int64_t q)
{
    static const double frac[4] = {1.0, 0.8408964152537145, 0.7071067811865476,
                                   0.5946035575013605};
    if (q < 0)
        q = 0;
    if (q >= 4 * 62)
        return 0.0;
    return frac[q & 3] / (double)(1ull << (q >> 2));
}

/* -4 log2(p) for 0 < p <= 1, in whole quarter bits, without libm. */
static int64_t quarter_cost(double p)
{
    if (!(p > 0.0))
        return 4 * 62;
    double s = 1.0 / p;
    int64_t q = 0;
    while (s >= 16.0) {
        s /= 16.0;
        q += 16;
    }
    while (s >= 1.189207115002721) {
        s /= 1.189207115002721;
        q++;
    }
    return q;
}

/* ------------------------------------------------------------------ */
/* Reading damaged characters back into bytes                          */

/* Appends the bytes that character cp came from under hypothesis h, or
 * returns 0 if the hypothesis' decoder never produces cp. */
static int encode_char(int h, uint32_t cp, uint32_t ci, mb_byte *out,
                       size_t *n, int *special)
{
    if (cp == 0xFFFD) {
        out[(*n)++] = (mb_byte){0, B_HOLE, ci};
        return 1;
    }
    if (cp < 0x80) {
        out[(*n)++] = (mb_byte){(uint8_t)cp, cp == '?' ? B_QMARK : B_KNOWN, ci};
        return 1;
    }
    if (h == HYP_CP1252) {
        if (cp <= 0xFF) {
            out[(*n)++] = (mb_byte){(uint8_t)cp, B_KNOWN, ci};
            return 1;
        }
        if (cp < 0x0152 || cp > 0x2122)
            return 0;
        for (unsigned b = 0; b < 32; b++)
            if (cp1252_high[b] == cp) {
                out[(*n)++] = (mb_byte){(uint8_t)(0x80 + b), B_KNOWN, ci};
                *special = 1;
                return 1;
            }
        return 0;
    }
    if (cp > 0xFFFF)
        return 0;
    uint16_t v = gt_gbk_rev[cp];
    if (!v)
        return 0;
    if (v < 0x100) {
        out[(*n)++] = (mb_byte){(uint8_t)v, B_KNOWN, ci};
        return 1;
    }
    out[(*n)++] = (mb_byte){(uint8_t)(v >> 8), B_KNOWN, ci};
    out[(*n)++] = (mb_byte){(uint8_t)(v & 0xFF), B_KNOWN, ci};
    return 1;
}

static int is_cont(unsigned b)
{
    return b >= 0x80 && b <= 0xBF;
}

/* Continuation bytes a UTF-8 lead byte needs; 0 if b cannot lead. */
static unsigned lead_need(unsigned b)
{
    if (b >= 0xC2 && b <= 0xDF)
        return 1;
    if (b >= 0xE0 && b <= 0xEF)
        return 2;
    if (b >= 0xF0 && b <= 0xF4)
        return 3;
    return 0;
}

/* The code point of lead + cont[0..need), or -1 if that is not UTF-8
 * (overlong, surrogate, beyond U+10FFFF). */
static int64_t utf8_value(unsigned lead, const uint8_t *cont, unsigned need)
{
    unsigned c1 = cont[0];
    if ((lead == 0xE0 && c1 < 0xA0) || (lead == 0xED && c1 > 0x9F) ||
        (lead == 0xF0 && c1 < 0x90) || (lead == 0xF4 && c1 > 0x8F))
        return -1;
    uint32_t cp = lead & (need == 1 ? 0x1Fu : need == 2 ? 0x0Fu : 0x07u);
    for (unsigned i = 0; i < need; i++) {
        if (!is_cont(cont[i]))
            return -1;
        cp = cp << 6 | (cont[i] & 0x3Fu);
    }
    return cp;
}

/* One continuation slot of a character being decoded: a known byte, or the
 * values a lost byte may have had. */
typedef struct slot {
    uint8_t vals[64];
    unsigned n;
    int gbk_hole; /* lost by a GBK decoder: it did not pair with the next byte */
} slot;

static void slot_known(slot *s, uint8_t v)
{
    s->vals[0] = v;
    s->n = 1;
    s->gbk_hole = 0;
}

static void slot_values(slot *s, unsigned lo, unsigned hi)
{
    s->n = 0;
    for (unsigned x = lo; x <= hi; x++)
        s->vals[s->n++] = (uint8_t)x;
}

/* The values a visible hole (U+FFFD or '?') may have had. */
static void slot_visible(int h, int kind, slot *s)
{
    s->gbk_hole = h == HYP_GBK;
    if (h == HYP_GBK) {
        slot_values(s, 0x80, 0xBF);
    } else if (kind == B_HOLE) {
        s->n = 0;
        for (unsigned i = 0; i < sizeof cp1252_lost; i++)
            s->vals[s->n++] = cp1252_lost[i];
    } else {
        /* '?': a character that a later Latin-1 save could not write. */
        slot_values(s, 0x80, 0x9F);
    }
}

static void top_insert(cand_result *r, uint32_t cp, int32_t cost)
{
    unsigned i;
    if (r->ntop < TOPK) {
        i = r->ntop++;
    } else {
        if (r->top[TOPK - 1].cost <= cost)
            return; /* no better than the worst kept */
        i = TOPK - 1;
    }
    while (i > 0 && r->top[i - 1].cost > cost) {
        r->top[i] = r->top[i - 1];
        i--;
    }
    r->top[i] = (mb_cand){cp, cost};
}

/* Tries every combination of the slots' values (at most cap).  y_after is
 * the byte after the character (-1: unknown); a GBK hole must be a byte
 * that does not pair with the byte after it. */
static void enumerate(unsigned lead, const slot *slots, unsigned need,
                      int y_after, int letter_ctx, size_t cap, cand_result *r)
{
    memset(r, 0, sizeof *r);
    size_t combos = 1;
    for (unsigned i = 0; i < need; i++) {
        combos *= slots[i].n;
        if (combos > cap)
            return;
    }
    for (int constrained = 1; constrained >= 0 && !r->found; constrained--) {
        unsigned idx[3] = {0, 0, 0};
        for (size_t k = 0; k < combos; k++) {
            uint8_t cont[3] = {0, 0, 0};
            for (unsigned i = 0; i < need; i++)
                cont[i] = slots[i].vals[idx[i]];
            for (unsigned i = need; i-- > 0;) {
                if (++idx[i] < slots[i].n)
                    break;
                idx[i] = 0;
            }
            int ok = 1;
            for (unsigned i = 0; constrained && i < need && ok; i++) {
                if (!slots[i].gbk_hole)
                    continue;
                int y = i + 1 < need ? cont[i + 1] : y_after;
                if (y >= 0 && !bad_pair(cont[i], (unsigned)y))
                    ok = 0;
            }
            int64_t cp = ok ? utf8_value(lead, cont, need) : -1;
            if (cp < 0)
                continue;
            int32_t c = (int32_t)decoded_cost((uint32_t)cp, letter_ctx);
            r->found = 1;
            r->mass += pow2_quarter_neg(c);
            top_insert(r, (uint32_t)cp, c);
        }
        /* A decoder we do not know lost the byte: try without the rule. */
        int any_gbk = 0;
        for (unsigned i = 0; i < need; i++)
            any_gbk |= slots[i].gbk_hole;
        if (!any_gbk)
            break;
    }
}

/* Adds r2's candidates (another arrangement of lost bytes) to r. */
static void merge_result(cand_result *r, const cand_result *r2)
{
    if (!r2->found)
        return;
    r->found = 1;
    r->mass += r2->mass;
    for (unsigned i = 0; i < r2->ntop; i++)
        top_insert(r, r2->top[i].cp, r2->top[i].cost);
}

/* Two bytes lost after a lead E0-EF under GBK: the same candidates for
 * every (lead, next byte), so they are enumerated once. */
static int memo_two_holes(mb_work *w, unsigned lead, int y_after, const slot *slots,
                          cand_result *r)
{
    if (!w->memo) {
        w->memo = malloc(16 * 257 * sizeof *w->memo);
        w->memo_done = calloc(16 * 257, 1);
        if (!w->memo || !w->memo_done)
            return -1;
    }
    size_t key = (size_t)(lead - 0xE0) * 257 + (size_t)(y_after + 1);
    if (!w->memo_done[key]) {
        enumerate(lead, slots, 2, y_after, 0, 64 * 64, &w->memo[key]);
        w->memo_done[key] = 1;
    }
    *r = w->memo[key];
    return 0;
}

static inline void set_unit(mb_unit *u, size_t b0, size_t b1, uint8_t kind, uint32_t cp,
                            int32_t cost)
{
    u->b0 = (uint32_t)b0;
    u->b1 = (uint32_t)b1;
    u->cp = cp;
    u->cost = cost;
    u->kind = kind;
    u->holes = 0;
    u->cand_off = u->cand_n = 0;
}

/* Makes u the one undecodable byte at p. */
static inline void undecodable(mb_unit *u, size_t p)
{
    set_unit(u, p, p + 1, U_ERROR, 0, (int32_t)GT_ERROR_COST);
}

/* What decoding the unit at a lead byte found out about its bytes. */
typedef struct unit_bytes {
    unsigned need;  /* continuation bytes the lead needs */
    unsigned got;   /* continuation bytes and visible holes after it */
    unsigned vis;   /* visible holes among them */
    size_t q;       /* the byte after them */
    int y_after;    /* that byte's value, -1 if none or lost */
    int letter_ctx; /* an ASCII letter stands just before or after */
} unit_bytes;

/* Decodes the unit at byte p of the stretch (w->bytes[0, nb)) into *u when
 * no lost byte is involved: an ASCII character, a character whose bytes are
 * all known, or an undecodable byte.  Returns 1 if it did; 0 if the unit
 * needs the candidates of lost bytes (decode_unit), *ub then filled. */
static inline int decode_plain(const mb_work *w, int h, size_t nb, size_t p, mb_unit *u,
                               unit_bytes *ub)
{
    const mb_byte *B = w->bytes;
    const mb_byte *b = &B[p];
    if (b->kind == B_HOLE) {
        /* A lost byte where a character starts: nothing to decode. */
        set_unit(u, p, p + 1, U_FFFD, 0xFFFD, (int32_t)gt_char_cost(0xFFFD));
        return 1;
    }
    if (b->val < 0x80) {
        set_unit(u, p, p + 1, U_ASCII, b->val, (int32_t)gt_char_cost(b->val));
        return 1;
    }
    unsigned need = lead_need(b->val);
    if (!need) {
        /* A byte that cannot start a character: what the general path
         * finds too, without enumerating. */
        undecodable(u, p);
        return 1;
    }
    /* The continuation bytes and visible holes that follow. */
    size_t q = p + 1;
    unsigned got = 0, vis = 0;
    while (got < need && q < nb && (B[q].kind != B_KNOWN || is_cont(B[q].val))) {
        vis += B[q].kind != B_KNOWN;
        got++;
        q++;
    }
    int y_after = q < nb && B[q].kind != B_HOLE ? B[q].val : -1;
    int letter_ctx = (p > 0 && B[p - 1].kind != B_HOLE && ascii_letter(B[p - 1].val)) ||
                     (y_after >= 0 && ascii_letter((unsigned)y_after));
    if (got == need && vis == 0) {
        /* Every byte known (the usual case): one candidate, exactly what
         * enumerate() would find, and the cost it would get. */
        uint8_t cont[3];
        for (unsigned i = 0; i < need; i++)
            cont[i] = B[p + 1 + i].val;
        int64_t cp = utf8_value(b->val, cont, need);
        if (cp < 0)
            undecodable(u, p);
        else
            set_unit(u, p, q, U_CHAR, (uint32_t)cp,
                     w->one_cost[decoded_cost((uint32_t)cp, letter_ctx)]);
        return 1;
    }
    if (need - got && !(h == HYP_CP1252 && vis == 0 && need - got <= 2)) {
        /* Too few bytes, and no decoder that could have lost them
         * silently: one undecodable byte, as the general path finds. */
        undecodable(u, p);
        return 1;
    }
    *ub = (unit_bytes){need, got, vis, q, y_after, letter_ctx};
    return 0;
}

/* Decodes the unit of the stretch's bytes (w->bytes[0, nb)) that starts at
 * byte p into *u (u->b1 is where the next starts).  Returns 0, or -1 when
 * memory ran out. */
static int decode_unit(mb_work *w, int h, size_t nb, int special, size_t p, mb_unit *u)
{
    unit_bytes ub;
    if (decode_plain(w, h, nb, p, u, &ub))
        return 0;
    const mb_byte *B = w->bytes;
    const mb_byte *b = &B[p];
    unsigned need = ub.need, got = ub.got, vis = ub.vis, missing = need - got;
    size_t q = ub.q;
    int y_after = ub.y_after, letter_ctx = ub.letter_ctx;
    memset(u, 0, sizeof *u);
    u->b0 = (uint32_t)p;
    cand_result r;
    memset(&r, 0, sizeof r);
    int unknown = 0;
    if (need && missing == 0) {
        slot slots[3];
        for (unsigned i = 0; i < need; i++) {
            const mb_byte *x = &B[p + 1 + i];
            if (x->kind == B_KNOWN)
                slot_known(&slots[i], x->val);
            else
                slot_visible(h, x->kind, &slots[i]);
        }
        if (h == HYP_GBK && need == 2 && vis == 2) {
            if (memo_two_holes(w, b->val, y_after, slots, &r) != 0)
                return -1;
        } else {
            enumerate(b->val, slots, need, y_after, letter_ctx, ENUM_CAP, &r);
            unknown = !r.found && vis >= 2;
        }
    } else if (need && h == HYP_CP1252 && vis == 0 && missing <= 2) {
        /* Bytes the loader removed as C1 controls: every arrangement of
         * the known bytes and the lost ones. */
        slot lost;
        lost.gbk_hole = 0;
        lost.n = 0;
        if (special)
            for (unsigned i = 0; i < sizeof cp1252_lost; i++)
                lost.vals[lost.n++] = cp1252_lost[i];
        else /* Latin-1: every C1 control was removed */
            slot_values(&lost, 0x80, 0x9F);
        for (unsigned mask = 0; mask < (1u << need); mask++) {
            unsigned bits = 0;
            for (unsigned i = 0; i < need; i++)
                bits += (mask >> i) & 1u;
            if (bits != missing)
                continue;
            slot slots[3];
            for (unsigned i = 0, k = 0; i < need; i++) {
                if (mask & (1u << i))
                    slots[i] = lost;
                else
                    slot_known(&slots[i], B[p + 1 + k++].val);
            }
            cand_result r2;
            enumerate(b->val, slots, need, y_after, letter_ctx, ENUM_CAP, &r2);
            merge_result(&r, &r2);
        }
        unknown = !r.found && missing * lost.n > 16;
    }
    if (!r.found && !unknown) {
        /* Not UTF-8 here: one undecodable byte. */
        undecodable(u, p);
        return 0;
    }
    u->kind = U_CHAR;
    u->b1 = (uint32_t)q;
    u->holes = (uint8_t)(vis + missing);
    if (unknown) {
        /* Too many lost bytes to enumerate: some character. */
        u->cp = 0xFFFD;
        u->cost = UNKNOWN_COST;
    } else {
        u->cost = (int32_t)quarter_cost(r.mass);
        u->cp = u->holes ? 0xFFFD : r.top[0].cp;
        if (u->holes) {
            if (grow(&w->cands, &w->cndcap, w->ncands + r.ntop, sizeof *w->cands) != 0)
                return -1;
            u->cand_off = (uint32_t)w->ncands;
            u->cand_n = r.ntop;
            memcpy(w->cands + w->ncands, r.top, r.ntop * sizeof *r.top);
            w->ncands += r.ntop;
        }
    }
    if (missing)
        u->cost += (int32_t)(HOLE_COST * missing);
    return 0;
}

/* Decodes the bytes of one stretch as UTF-8 into units (w->units, w->nu).
 * Returns 0, or -1 when memory ran out. */
static int decode_units(mb_work *w, int h, size_t nb, int special)
{
    w->nu = 0;
    w->ncands = 0;
    /* A unit takes at least one byte. */
    if (grow(&w->units, &w->ucap, nb, sizeof *w->units) != 0)
        return -1;
    for (size_t p = 0; p < nb; p = w->units[w->nu++].b1)
        if (decode_unit(w, h, nb, special, p, &w->units[w->nu]) != 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Choosing runs                                                       */

/* What the model charges for the damaged characters [c0, c1). */
static int64_t chars_cost(const mb_work *w, uint32_t c0, uint32_t c1)
{
    int64_t orig = 0;
    for (uint32_t c = c0; c < c1; c++)
        orig += w->chars[c].cost;
    return orig;
}

/* Cuts the units into blocks at the boundaries they share with the damaged
 * characters.  Returns the number of blocks, or -1 (memory). */
static long make_blocks(mb_work *w, size_t nb)
{
    const mb_byte *B = w->bytes;
    size_t nk = 0, u0 = 0;
    int64_t dec = 0;
    int err = 0, ascii = 1;
    for (size_t u = 0; u < w->nu; u++) {
        const mb_unit *x = &w->units[u];
        dec += x->cost;
        err |= x->kind == U_ERROR;
        ascii &= x->kind == U_ASCII;
        size_t e = x->b1;
        if (e < nb && B[e].ci == B[e - 1].ci)
            continue; /* inside a damaged character */
        if (grow(&w->blocks, &w->kcap, nk + 1, sizeof *w->blocks) != 0)
            return -1;
        mb_block *k = &w->blocks[nk++];
        k->u0 = (uint32_t)u0;
        k->u1 = (uint32_t)(u + 1);
        k->c0 = B[w->units[u0].b0].ci;
        k->c1 = B[e - 1].ci + 1;
        k->gain = chars_cost(w, k->c0, k->c1) - dec;
        k->error = (uint8_t)err;
        k->ascii = (uint8_t)ascii;
        u0 = u + 1;
        dec = 0;
        err = 0;
        ascii = 1;
    }
    return (long)nk;
}

static int certain(const mb_unit *x)
{
    return x->kind == U_ASCII || (x->kind == U_CHAR && !x->holes);
}

/* The letter a toned pinyin vowel is written on, in Unihan's spelling
 * (u-umlaut 'v'); 0 for anything else. */
static char toneless(uint32_t c)
{
    switch (c) {
    case 0x00E0: case 0x00E1: case 0x0101: case 0x01CE:
        return 'a';
    case 0x00E8: case 0x00E9: case 0x0113: case 0x011B: case 0x00EA:
        return 'e';
    case 0x00EC: case 0x00ED: case 0x012B: case 0x01D0:
        return 'i';
    case 0x00F2: case 0x00F3: case 0x014D: case 0x01D2:
        return 'o';
    case 0x00F9: case 0x00FA: case 0x016B: case 0x01D4:
        return 'u';
    case 0x00FC: case 0x01D6: case 0x01D8: case 0x01DA: case 0x01DC:
        return 'v';
    case 0x0144: case 0x0148: case 0x01F9:
        return 'n';
    default:
        return 0;
    }
}

/* The pinyin gloss right after unit u ("(guī)", "(gui1)", "（guī）") as a
 * toneless syllable, '?' for a letter that is itself damaged.  Returns its
 * length, or 0 if no gloss follows. */
static size_t gloss_after(const mb_work *w, size_t u, char *syl)
{
    size_t k = u + 1;
    if (k >= w->nu || (w->units[k].cp != '(' && w->units[k].cp != 0xFF08))
        return 0;
    size_t n = 0;
    for (k++; k < w->nu && n <= GT_PINYIN_SYL_MAX; k++) {
        const mb_unit *x = &w->units[k];
        uint32_t c = x->cp >= 'A' && x->cp <= 'Z' ? x->cp + 32 : x->cp;
        char base = x->holes ? '?' : (c >= 'a' && c <= 'z') ? (char)c : toneless(c);
        if (!base)
            break;
        syl[n++] = base;
    }
    if (k < w->nu && w->units[k].cp >= '1' && w->units[k].cp <= '5')
        k++; /* a tone digit */
    if (n == 0 || n > GT_PINYIN_SYL_MAX || k >= w->nu ||
        (w->units[k].cp != ')' && w->units[k].cp != 0xFF09))
        return 0;
    syl[n] = '\0';
    return n;
}

/* Whether cp has a reading spelled syl ('?' matches any letter). */
static int has_reading(uint32_t cp, const char *syl, size_t n)
{
    const uint16_t *r;
    size_t nr = gt_pinyin_readings(cp, &r);
    for (size_t i = 0; i < nr; i++) {
        const char *s = gt_pinyin_syllables[GT_PINYIN_SYL(r[i])];
        size_t k = 0;
        while (k < n && s[k] && (syl[k] == '?' || syl[k] == s[k]))
            k++;
        if (k == n && !s[k])
            return 1;
    }
    return 0;
}

/* The most likely candidate of damaged unit u given its certain neighbours:
 * P(c | left) P(right | c) from the document's bigram counts, smoothed
 * with the unigram model, and the reading of a pinyin gloss after it; U+FFFD
 * if none holds GUESS_MIN.  *risk gets the probability that the choice is
 * wrong. */
static uint32_t resolve(const mb_work *w, size_t u, double *risk)
{
    const mb_unit *x = &w->units[u];
    *risk = 0.0;
    if (w->dry || x->cand_n == 0)
        return 0xFFFD;
    const mb_cand *cand = w->cands + x->cand_off;
    int has_l = u > 0 ? certain(&w->units[u - 1]) : w->at_start;
    int has_r = u + 1 < w->nu ? certain(&w->units[u + 1]) : w->at_end;
    uint32_t l = !has_l ? 0 : u > 0 ? w->units[u - 1].cp : LINE_START;
    uint32_t rr = !has_r ? 0 : u + 1 < w->nu ? w->units[u + 1].cp : LINE_END;
    double nl = has_l ? (double)cache_get(&w->cache, l, UNIGRAM) : 0.0;
    double pr_uni = has_r ? pow2_quarter_neg(gt_char_cost(rr == LINE_END ? '\n' : rr)) : 0.0;
    char syl[GT_PINYIN_SYL_MAX + 2];
    size_t sl = gloss_after(w, u, syl);
    double sum = 0.0, best = 0.0;
    uint32_t best_cp = 0xFFFD;
    for (uint32_t i = 0; i < x->cand_n; i++) {
        uint32_t c = cand[i].cp;
        int64_t cost = cand[i].cost;
        if (c >= 0x3400 && c <= 0x9FFF &&
            ((w->prefer_gb2312 && !gb2312_han(c)) ||
             (w->big5 && !((w->big5[c >> 3] >> (c & 7)) & 1))))
            cost += SCRIPT_COST;
        double p = pow2_quarter_neg(cost);
        if (has_l)
            p = ((double)cache_get(&w->cache, l, c) + CACHE_PRIOR * p) / (nl + CACHE_PRIOR);
        if (has_r)
            p *= ((double)cache_get(&w->cache, c, rr) + CACHE_PRIOR * pr_uni) /
                 ((double)cache_get(&w->cache, c, UNIGRAM) + CACHE_PRIOR);
        if (sl && has_reading(c, syl, sl))
            p *= GLOSS_BOOST;
        sum += p;
        if (p > best) {
            best = p;
            best_cp = c;
        }
    }
    if (!(sum > 0.0) || best / sum < GUESS_MIN)
        return 0xFFFD;
    *risk = 1.0 - best / sum;
    return best_cp;
}

/* Appends the decoded text of units [u0, u1) to w->reps, dropping what the
 * loader would have dropped (zero-width characters, controls) and composing
 * to NFC.  *risk gets the expected number of wrong guesses, *nchars the
 * number of characters. */
static int write_decoded(mb_work *w, size_t u0, size_t u1, double *risk, size_t *nchars)
{
    gt_buf tmp;
    gt_buf_init(&tmp);
    *risk = 0.0;
    *nchars = 0;
    for (size_t u = u0; u < u1; u++) {
        const mb_unit *x = &w->units[u];
        uint32_t c = x->cp;
        if (x->holes) {
            double r;
            c = resolve(w, u, &r);
            *risk += r;
        }
        if (c == 0x2028 || c == 0x2029 || c == 0x85)
            c = '\n';
        if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
            c == 0x180E || (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F))
            continue;
        char enc[4];
        size_t n = gt_utf8_encode(c, enc);
        if (gt_buf_append(&tmp, enc, n) != 0) {
            gt_buf_release(&tmp);
            return -1;
        }
        ++*nchars;
    }
    int rc = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = 0;
    if (tmp.len)
        r = utf8proc_map((const utf8proc_uint8_t *)tmp.data, (utf8proc_ssize_t)tmp.len, &nfc,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r == UTF8PROC_ERROR_NOMEM)
        rc = -1;
    else if (r > 0)
        rc = gt_buf_append(&w->reps, nfc, (size_t)r);
    else
        rc = gt_buf_append(&w->reps, tmp.data, tmp.len);
    free(nfc);
    gt_buf_release(&tmp);
    return rc;
}

/* Records the run of blocks [k, e], ASCII blocks at its ends trimmed (they
 * decode to themselves). */
static int emit_run(mb_work *w, size_t nk, size_t k, size_t e)
{
    const mb_block *K = w->blocks;
    size_t a = k, z = e;
    while (a <= z && K[a].ascii)
        a++;
    while (z > a && K[z].ascii)
        z--;
    if (a > z)
        return 0;
    int64_t gain = 0;
    for (size_t i = a; i <= z; i++)
        gain += K[i].gain;
    int64_t margin = gain - RUN_COST;
    if (k > 0 && !K[k - 1].error)
        margin -= EDGE_COST;
    if (e + 1 < nk && !K[e + 1].error)
        margin -= EDGE_COST;
    if (grow(&w->runs, &w->rcap, w->nruns + 1, sizeof *w->runs) != 0)
        return -1;
    mb_run *r = &w->runs[w->nruns];
    r->c0 = K[a].c0;
    r->c1 = K[z].c1;
    r->gain = gain;
    r->rep_off = w->reps.len;
    double risk;
    size_t nchars;
    if (write_decoded(w, K[a].u0, K[z].u1, &risk, &nchars) != 0)
        return -1;
    r->rep_len = w->reps.len - r->rep_off;
    /* The margin is the log-odds in quarter bits; wrong guesses at holes
     * lower the share of the run that is right. */
    r->confidence = margin > 0 ? 1.0 / (1.0 + pow2_quarter_neg(margin)) : 0.5;
    if (nchars)
        r->confidence *= 1.0 - risk / (double)nchars;
    w->nruns++;
    return 0;
}

/* One step of the programme: block k (its gain, whether it has an
 * undecodable byte, whether block k - 1 had one or k is the first) after
 * the best scores in_prev, out_prev of block k - 1. */
static inline void dp_step(mb_dp *d, int64_t in_prev, int64_t out_prev, int prev_error, int error,
                           int64_t gain)
{
    /* Undecodable bytes never belong to a run; next to them a run may
     * start or end for free. */
    int64_t start_edge = prev_error ? 0 : EDGE_COST;
    int64_t end_edge = error ? 0 : EDGE_COST;
    int64_t extend = in_prev, start = out_prev - RUN_COST - start_edge;
    if (error) {
        d->in = NEG_INF;
        d->in_from = 0;
    } else {
        d->in_from = extend >= start;
        d->in = (extend >= start ? extend : start) + gain;
    }
    int64_t close = in_prev - end_edge;
    d->out_from = close > out_prev;
    d->out = close > out_prev ? close : out_prev;
}

/* Picks the runs of one stretch (blocks [0, nk)) that maximise the total
 * gain less RUN_COST per run and EDGE_COST per edge inside clean decoding,
 * and records them in text order. */
static int choose_runs(mb_work *w, size_t nk)
{
    if (nk == 0)
        return 0;
    if (grow(&w->dp, &w->dcap, nk, sizeof *w->dp) != 0)
        return -1;
    const mb_block *K = w->blocks;
    mb_dp *D = w->dp;
    int64_t in_prev = NEG_INF, out_prev = 0;
    for (size_t k = 0; k < nk; k++) {
        dp_step(&D[k], in_prev, out_prev, k == 0 || K[k - 1].error, K[k].error, K[k].gain);
        in_prev = D[k].in;
        out_prev = D[k].out;
    }
    /* Walk back from the better final state (the end of the stretch is a
     * natural edge). */
    size_t first = w->nruns;
    int inside = in_prev > out_prev;
    size_t run_end = nk - 1;
    for (size_t k = nk; k-- > 0;) {
        if (inside) {
            if (!D[k].in_from) {
                if (emit_run(w, nk, k, run_end) != 0)
                    return -1;
                inside = 0;
            }
        } else if (D[k].out_from) {
            inside = 1;
            run_end = k - 1;
        }
    }
    for (size_t i = first, j = w->nruns; i + 1 < j; i++, j--) {
        mb_run t = w->runs[i];
        w->runs[i] = w->runs[j - 1];
        w->runs[j - 1] = t;
    }
    return 0;
}

/* Whether choose_runs() could find a run in the stretch's bytes
 * (w->bytes[0, nb), none of them lost): the forward half of the programme
 * over the blocks that make_blocks() would cut, without storing units,
 * blocks or steps.  Scores never fall below 0 outside a run, and a run is
 * walked back to only from a step whose score rose above the one before,
 * so when neither final score is above 0 there is none.  Clean text ends
 * here, which is most of the work on it. */
static int may_hold_run(mb_work *w, int h, size_t nb, int special)
{
    const mb_byte *B = w->bytes;
    w->ncands = 0;
    int64_t in = NEG_INF, out = 0, dec = 0;
    int err = 0, prev_error = 1;
    size_t b0 = 0;
    mb_unit u;
    for (size_t p = 0; p < nb; p = u.b1) {
        unit_bytes ub;
        if (!decode_plain(w, h, nb, p, &u, &ub) && decode_unit(w, h, nb, special, p, &u) != 0)
            return 1; /* the full path will meet it again and report it */
        dec += u.cost;
        err |= u.kind == U_ERROR;
        size_t e = u.b1;
        if (e < nb && B[e].ci == B[e - 1].ci)
            continue; /* inside a damaged character */
        mb_dp d;
        dp_step(&d, in, out, prev_error, err, chars_cost(w, B[b0].ci, B[e - 1].ci + 1) - dec);
        in = d.in;
        out = d.out;
        prev_error = err;
        b0 = e;
        dec = 0;
        err = 0;
    }
    return out > 0 || in > out;
}

/* Finds the runs of one line (w->chars[0, n)) under hypothesis h. */
static int line_hypothesis(mb_work *w, int h, size_t n)
{
    /* A character reads back as at most two bytes. */
    if (grow(&w->bytes, &w->bcap, 2 * n + 2, sizeof *w->bytes) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        /* A stretch: characters the hypothesis' decoder can produce. */
        size_t nb = 0, s = i;
        int special = 0, nonascii = 0, lost = 0;
        for (; i < n; i++) {
            uint32_t cp = w->chars[i].cp;
            if (!encode_char(h, cp, (uint32_t)i, w->bytes, &nb, &special))
                break;
            nonascii |= cp >= 0x80;
            lost |= cp == 0xFFFD || cp == '?';
        }
        if (i == s) {
            i++; /* a character this hypothesis cannot explain */
            continue;
        }
        if (!nonascii)
            continue;
        /* Most stretches of clean text hold no run; checking first costs
         * little where nothing is lost.  (Where bytes are lost, and so in
         * damaged text, the check would mostly repeat the work.) */
        if (h == HYP_GBK && !lost && !may_hold_run(w, h, nb, special))
            continue;
        w->at_start = s == 0;
        w->at_end = i == n;
        if (decode_units(w, h, nb, special) != 0)
            return -1;
        long nk = make_blocks(w, nb);
        if (nk < 0 || choose_runs(w, (size_t)nk) != 0)
            return -1;
    }
    return 0;
}

/* Dry pass: counts the character pairs of the line as it will read, with
 * every character that is not certain left out. */
static int count_line(mb_work *w, size_t n, size_t kept)
{
    uint32_t prev = LINE_START;
    size_t c = 0;
    for (size_t r = 0; r <= kept; r++) {
        size_t upto = r < kept ? w->sel[r].c0 : n;
        for (int phase = 0; phase < 2; phase++) {
            const char *s = NULL;
            size_t len = 0, i = 0;
            if (phase == 1) {
                if (r == kept)
                    break;
                s = w->reps.data ? w->reps.data + w->sel[r].rep_off : "";
                len = w->sel[r].rep_len;
            }
            for (;;) {
                uint32_t cp;
                if (phase == 0) {
                    if (c >= upto)
                        break;
                    cp = w->chars[c++].cp;
                } else {
                    if (i >= len)
                        break;
                    i += gt_utf8_next(s, len, i, &cp);
                }
                if (cp >= 0x3400 && cp <= 0x9FFF) {
                    w->han++;
                    w->han_non_gb += !gb2312_han(cp);
                }
                if (cp != 0xFFFD && prev != 0xFFFD &&
                    (cache_add(&w->cache, prev, cp) != 0 ||
                     cache_add(&w->cache, prev, UNIGRAM) != 0))
                    return -1;
                prev = cp;
            }
        }
        if (r < kept)
            c = w->sel[r].c1;
    }
    /* How lines end matters: "：" ends them, "，" does not. */
    if (prev != 0xFFFD &&
        (cache_add(&w->cache, prev, LINE_END) != 0 || cache_add(&w->cache, prev, UNIGRAM) != 0))
        return -1;
    return 0;
}

/* Repairs the line text[ls, le). */
static int process_line(mb_work *w, gt_writer *wr, const char *text, size_t ls, size_t le,
                        gt_pass_out *out)
{
    size_t n = 0;
    for (size_t p = ls; p < le; n++) {
        if (grow(&w->chars, &w->ccap, n + 2, sizeof *w->chars) != 0)
            return -1;
        uint32_t c;
        size_t k = gt_utf8_next(text, le, p, &c);
        w->chars[n] = (mb_char){c, gt_char_cost(c), p};
        p += k;
    }
    w->chars[n] = (mb_char){0, 0, le};
    /* A Latin letter inside a word of ASCII letters ("være", "São") is an
     * ordinary letter, however rare the model finds it in Chinese text:
     * otherwise European words would look like damaged Chinese. */
    for (size_t i = 0; i < n; i++)
        if (latin_letter(w->chars[i].cp) &&
            ((i > 0 && ascii_letter(w->chars[i - 1].cp)) ||
             (i + 1 < n && ascii_letter(w->chars[i + 1].cp))))
            w->chars[i].cost = gt_char_cost('a');
    w->nruns = 0;
    w->reps.len = 0;
    if (line_hypothesis(w, HYP_GBK, n) != 0)
        return -1;
    size_t n_gbk = w->nruns;
    if (line_hypothesis(w, HYP_CP1252, n) != 0)
        return -1;

    /* Merge the two sorted lists; where runs overlap the larger gain wins. */
    const mb_run *R = w->runs;
    size_t a = 0, b = n_gbk, kept = 0;
    if (grow(&w->sel, &w->scap, w->nruns + 1, sizeof *w->sel) != 0)
        return -1;
    while (a < n_gbk || b < w->nruns) {
        const mb_run *x = (b >= w->nruns || (a < n_gbk && R[a].c0 <= R[b].c0)) ? &R[a++] : &R[b++];
        if (kept && x->c0 < w->sel[kept - 1].c1) {
            if (x->gain > w->sel[kept - 1].gain)
                w->sel[kept - 1] = *x;
            continue;
        }
        w->sel[kept++] = *x;
    }
    w->runs_found += kept;
    if (w->dry)
        return w->count ? count_line(w, n, kept) : 0;
    for (size_t i = 0; i < kept; i++) {
        const mb_run *r = &w->sel[i];
        size_t a0 = w->chars[r->c0].off, a1 = w->chars[r->c1].off;
        const char *rep = w->reps.data ? w->reps.data + r->rep_off : "";
        if (r->rep_len == a1 - a0 && memcmp(rep, text + a0, r->rep_len) == 0)
            continue;
        if (gt_writer_replace(wr, a0, a1, rep, r->rep_len, GOVTEXT_EDIT_MOJIBAKE,
                              r->confidence) != 0)
            return -1;
        out->counts[GOVTEXT_COUNT_MOJIBAKE]++;
    }
    return 0;
}

/* The end of the piece of line [a, le) to work on at once: all of it, or
 * for a very long line about WINDOW bytes (the working arrays cost some
 * hundred bytes per character; this bounds them).  The cut goes before an
 * ASCII byte if one is near, where every decoding agrees, else before a
 * character that windows-1252 reads from a UTF-8 lead byte (Â-ô), else
 * between any two characters. */
#define WINDOW (1u << 16)
static size_t piece_end(const char *text, size_t a, size_t le)
{
    if (le - a <= WINDOW)
        return le;
    size_t b = a + WINDOW;
    for (size_t c = b; c < le && c < b + 1024; c++)
        if ((unsigned char)text[c] < 0x80)
            return c;
    while ((text[b] & 0xC0) == 0x80)
        b--;
    for (size_t c = b; c > b - 256; c--)
        /* U+00C2-U+00F4 is C3 82 - C3 B4 in UTF-8. */
        if ((unsigned char)text[c] == 0xC3 && c + 1 < le && (unsigned char)text[c + 1] >= 0x82 &&
            (unsigned char)text[c + 1] <= 0xB4)
            return c;
    return b;
}

/* One pass over every line that is not pure ASCII. */
static int run_lines(mb_work *w, gt_writer *wr, const char *text, size_t len, gt_pass_out *out)
{
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        for (size_t a = ls; a < le;) {
            size_t b = piece_end(text, a, le);
            size_t p = a;
            while (p < b && (unsigned char)text[p] < 0x80)
                p++;
            if (p < b && process_line(w, wr, text, a, b, out) != 0)
                return -1;
            a = b;
        }
        ls = le + 1;
    }
    return 0;
}

int gt_repair_mojibake(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    (void)ctx;
    gt_writer wr;
    gt_writer_init(&wr, text, out);

    /* Pure ASCII is nobody's mojibake. */
    size_t first = 0;
    while (first < len && (unsigned char)text[first] < 0x80)
        first++;
    if (first == len)
        return gt_writer_finish(&wr, len);

    mb_work w;
    memset(&w, 0, sizeof w);
    gt_buf_init(&w.reps);
    for (int c = 0; c < 256; c++)
        w.one_cost[c] = (int32_t)quarter_cost(pow2_quarter_neg(c));

    /* A dry pass looks for runs.  Clean text (the usual case) ends here.
     * Otherwise a second dry pass counts the certain character pairs of the
     * text as it will read, and the third repairs, guessing holes with
     * those counts. */
    w.dry = 1;
    int rc = run_lines(&w, NULL, text, len, out);
    if (rc == 0 && w.runs_found) {
        w.count = 1;
        rc = run_lines(&w, NULL, text, len, out);
    }
    if (rc == 0 && w.runs_found) {
        w.dry = 0;
        /* Simplified text has almost no Han character outside GB 2312,
         * traditional text a good part. */
        w.prefer_gb2312 = w.han >= 50 && w.han_non_gb * 50 < w.han;
        if (w.han >= 50 && w.han_non_gb * 5 > w.han && big5_build(&w.big5) < 0)
            rc = -1;
    }
    if (rc == 0 && w.runs_found)
        rc = run_lines(&w, &wr, text, len, out);
    if (rc == 0)
        rc = gt_writer_finish(&wr, len);

    free(w.cache.keys);
    free(w.cache.vals);
    free(w.chars);
    free(w.bytes);
    free(w.units);
    free(w.cands);
    free(w.blocks);
    free(w.dp);
    free(w.runs);
    free(w.sel);
    free(w.memo);
    free(w.memo_done);
    free(w.big5);
    gt_buf_release(&w.reps);
    return rc;
}
