/* The mojibake pass's shared internals (see mojibake.c for how the pass
 * works).  The pass is split by what each part does:
 *
 *   mojibake.c          the driver: lines, the two hypotheses, the passes
 *                       over the text, writing the repairs;
 *   mojibake_reverse.c  reading damaged characters back into the bytes they
 *                       came from (GBK, windows-1252), the Big5 bitmap;
 *   mojibake_decode.c   decoding those bytes as UTF-8 into units, and the
 *                       quick check whether a stretch can hold a run;
 *   mojibake_holes.c    lossy-hole recovery: the candidates for characters
 *                       that lost bytes;
 *   mojibake_guess.c    choosing among them by context (the document's own
 *                       character pairs, pinyin glosses);
 *   mojibake_runs.c     detection and scoring: blocks, their gains and the
 *                       choice of runs. */
#ifndef GT_MOJIBAKE_H
#define GT_MOJIBAKE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "load/char_model.h"
#include "repair/gbk_table.h"

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

/* Markers of the bigram counts (mojibake_guess.c). */
#define UNIGRAM 0xFFFFFFFEu /* second key of a character's own count */
#define LINE_START 0xFFFFFFF0u /* neighbours at the ends of a line */
#define LINE_END 0xFFFFFFF1u

enum { HYP_GBK, HYP_CP1252 };
enum { B_KNOWN, B_HOLE, B_QMARK }; /* QMARK: '?', a hole only in a continuation slot */
enum { U_ASCII, U_CHAR, U_FFFD, U_ERROR };

typedef struct mb_cache {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n; /* cap is a power of two; at most half full */
    unsigned shift;  /* 64 - log2(cap) */
} mb_cache;

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
/* Small shared helpers                                                */

static inline int ascii_letter(uint32_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* 2^(-q/4) for q >= 0 quarter bits, without libm. */
static inline double pow2_quarter_neg(int64_t q)
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
static inline int64_t quarter_cost(double p)
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

static inline int bad_pair(unsigned x, unsigned y)
{
    return (gt_gbk_bad[x - 0x80][y >> 3] >> (y & 7)) & 1;
}

/* GB 2312's Han characters are GBK's pairs B0-F7 x A1-FE. */
static inline int gb2312_han(uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    unsigned v = gt_gbk_rev[cp];
    return (v >> 8) >= 0xB0 && (v >> 8) <= 0xF7 && (v & 0xFF) >= 0xA1 && (v & 0xFF) <= 0xFE;
}

static inline int is_cont(unsigned b)
{
    return b >= 0x80 && b <= 0xBF;
}

/* Continuation bytes a UTF-8 lead byte needs; 0 if b cannot lead. */
static inline unsigned lead_need(unsigned b)
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
static inline int64_t utf8_value(unsigned lead, const uint8_t *cont, unsigned need)
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

/* What the model charges for the damaged characters [c0, c1). */
static inline int64_t chars_cost(const mb_work *w, uint32_t c0, uint32_t c1)
{
    int64_t orig = 0;
    for (uint32_t c = c0; c < c1; c++)
        orig += w->chars[c].cost;
    return orig;
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

/* ------------------------------------------------------------------ */
/* Across the files                                                    */

/* mojibake_reverse.c */
/* Finds the next stretch of the line (w->chars[0, n)) from *i on: the
 * characters, not all ASCII, that hypothesis h's decoder can have produced,
 * [*s, *i) after the call, encoded into w->bytes (*nb bytes; room for two
 * per character).  *special tells whether a windows-1252 character outside
 * Latin-1 was met, *lost whether a U+FFFD or '?' was.  Returns 0 when the
 * line has no more. */
int gt_mb_next_stretch(mb_work *w, int h, size_t *i, size_t n, size_t *s, size_t *nb,
                       int *special, int *lost);
/* The bytes windows-1252 leaves undefined. */
extern const uint8_t gt_mb_cp1252_lost[5];
int gt_mb_big5_build(uint8_t **bits);

/* mojibake_decode.c */
int gt_mb_decode_units(mb_work *w, int h, size_t nb, int special);
int gt_mb_may_hold_run(mb_work *w, int h, size_t nb, int special);
unsigned gt_mb_decoded_cost(uint32_t cp, int letter_ctx);

/* mojibake_holes.c */
/* The candidates for the character at byte p of the stretch whose lead
 * needs `need` continuation bytes of which `got` follow, `vis` of them
 * visible holes (see mojibake_decode.c); *unknown is set when they are too
 * many to enumerate.  Returns 0, or -1 when memory ran out. */
int gt_mb_hole_candidates(mb_work *w, int h, int special, size_t p, unsigned need, unsigned got,
                          unsigned vis, int y_after, int letter_ctx, cand_result *r,
                          int *unknown);

/* mojibake_guess.c */
uint32_t gt_mb_cache_get(const mb_cache *c, uint32_t a, uint32_t b);
int gt_mb_cache_add(mb_cache *c, uint32_t a, uint32_t b);
uint32_t gt_mb_resolve(const mb_work *w, size_t u, double *risk);

/* mojibake_runs.c */
int gt_mb_line_hypothesis(mb_work *w, int h, size_t n);

#endif
