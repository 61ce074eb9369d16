/* Encoding detection.
 *
 * ICU's detector needs hundreds of bytes and never names a Chinese
 * encoding below about 20; real fragments are short and cut inside
 * characters.  So each candidate encoding decodes the bytes with its ICU
 * converter and is charged the cost of what it produced under a unigram
 * model of Chinese text (char_model.h), plus a fixed cost per undecodable
 * sequence.  Every candidate explains the same bytes, so the costs are
 * comparable log-likelihoods, and the cheapest decoding wins.  A sequence
 * cut by the excerpt's first or last bytes costs nothing: that is how
 * fragments look.  Candidates far behind the best are dropped after each
 * chunk, so a long document costs one or two chunks of work. */
#include <string.h>
#include <unicode/ucnv.h>

#include "load/char_model.h"
#include "load/encodings.h"

#define CHUNK 4096u
#define SAMPLE_MAX (256u * 1024u)
#define PRUNE_MARGIN 400 /* quarter bits: 100 bits behind the best */
#define EDGE 3           /* bytes at either end where a cut is expected */
#define CUT_FLOOR 8      /* quarter bits per cut byte, at least */

typedef struct cand {
    govtext_encoding enc;
    size_t offset;      /* bytes skipped at the start (odd UTF-16) */
    uint64_t bias;      /* prior cost of a rarer encoding */
    UConverter *cnv;
    uint64_t cost;
    uint64_t char_cost, chars; /* what the decoded characters cost */
    uint64_t cut_bytes;        /* bytes of characters cut at the ends */
    int alive;
    UChar pending_high; /* a high surrogate split across chunks */
    const UChar *out_start; /* the output buffer of the current call */
    /* error callback context */
    const char *chunk_start;
    size_t chunk_base, total;
} cand;

gt_bom gt_detect_bom(const unsigned char *p, size_t len)
{
    gt_bom b = {GOVTEXT_ENC_AUTO, 0};
    if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
        b = (gt_bom){GOVTEXT_ENC_UTF32LE, 4};
    else if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
        b = (gt_bom){GOVTEXT_ENC_UTF32BE, 4};
    else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        b = (gt_bom){GOVTEXT_ENC_UTF8, 3};
    else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        b = (gt_bom){GOVTEXT_ENC_UTF16LE, 2};
    else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        b = (gt_bom){GOVTEXT_ENC_UTF16BE, 2};
    else if (len >= 4 && p[0] == 0x84 && p[1] == 0x31 && p[2] == 0x95 && p[3] == 0x33)
        b = (gt_bom){GOVTEXT_ENC_GB18030, 4};
    return b;
}

/* Charges undecodable sequences, except where the excerpt's edges cut a
 * character. */
static void on_error(const void *context, UConverterToUnicodeArgs *args, const char *units,
                     int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
    (void)units;
    if (reason > UCNV_IRREGULAR)
        return; /* reset, close, clone */
    cand *c = (cand *)context;
    long long rel = (long long)(args->source - c->chunk_start) - length;
    long long pos = (long long)c->chunk_base + rel;
    if (pos < 0)
        pos = 0;
    size_t end = (size_t)pos + (size_t)length;
    /* A cut character is a short sequence at either end; a whole invalid
     * unit (UTF-32) is an error wherever it stands. */
    /* Cut: a short sequence that nothing was decoded before, or one that
     * runs to the very last byte. */
    int nothing_before = c->chars == 0 && args->target == c->out_start;
    int cut = length < 4 && (((size_t)pos < EDGE && nothing_before) || end == c->total);
    if (cut)
        c->cut_bytes += (uint64_t)length; /* charged at the end, see finish() */
    else
        c->cost += GT_ERROR_COST * (uint64_t)length;
    *err = U_ZERO_ERROR; /* skip the bytes; the score is all we need */
}

static void charge(cand *c, const UChar *u, size_t n)
{
    uint64_t cost = 0;
    for (size_t i = 0; i < n; i++) {
        UChar x = u[i];
        if (c->pending_high) {
            UChar hi = c->pending_high;
            c->pending_high = 0;
            if (x >= 0xDC00 && x <= 0xDFFF) {
                uint32_t cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + (x - 0xDC00);
                cost += gt_char_cost(cp);
                continue;
            }
            cost += GT_ERROR_COST;
        }
        if (x >= 0xD800 && x <= 0xDBFF)
            c->pending_high = x;
        else
            cost += gt_char_cost(x);
    }
    c->cost += cost;
    c->char_cost += cost;
    c->chars += n;
}

/* A cut character is expected at either end, but it must not be cheaper
 * than text: each cut byte costs what an average byte of this candidate's
 * decoded text costs, and all of them cost as errors when nothing decoded
 * (a lone '(' is not half a UTF-16 unit, "(a)" not a cut UTF-32 one). */
static void finish(cand *c, size_t sample)
{
    if (c->cut_bytes == 0)
        return;
    if (c->chars == 0) {
        c->cost += GT_ERROR_COST * c->cut_bytes;
        return;
    }
    uint64_t fed = sample > c->offset ? sample - c->offset : 1;
    uint64_t text_bytes = fed > c->cut_bytes ? fed - c->cut_bytes : 1;
    uint64_t per_byte = c->char_cost / text_bytes;
    if (per_byte < CUT_FLOOR)
        per_byte = CUT_FLOOR;
    c->cost += per_byte * c->cut_bytes;
}

/* A candidate that starts one byte in (an excerpt cut inside a two-byte
 * unit) pays for the byte it drops, about what an ASCII character costs, so
 * that it wins only when the alignment really is off.  BOM-less UTF-16 and
 * UTF-32 are rarer than the byte encodings: a short ASCII string such as
 * "ab" is text, not the ideograph U+6162. */
#define SKIP_COST 64
#define WIDE_COST 48

static const struct {
    govtext_encoding enc;
    size_t offset;
    uint64_t bias;
} candidate_list[] = {
    /* Order breaks ties: identical decodings (pure ASCII) name UTF-8. */
    {GOVTEXT_ENC_UTF8, 0, 0},
    {GOVTEXT_ENC_GB18030, 0, 0},
    {GOVTEXT_ENC_BIG5, 0, 0},
    {GOVTEXT_ENC_BIG5_HKSCS, 0, 4},
    {GOVTEXT_ENC_UTF16LE, 0, WIDE_COST},
    {GOVTEXT_ENC_UTF16BE, 0, WIDE_COST},
    {GOVTEXT_ENC_GB18030, 1, SKIP_COST},
    {GOVTEXT_ENC_BIG5, 1, SKIP_COST},
    {GOVTEXT_ENC_BIG5_HKSCS, 1, SKIP_COST + 4},
    {GOVTEXT_ENC_UTF16LE, 1, WIDE_COST + SKIP_COST},
    {GOVTEXT_ENC_UTF16BE, 1, WIDE_COST + SKIP_COST},
    {GOVTEXT_ENC_UTF32LE, 0, 2 * WIDE_COST},
    {GOVTEXT_ENC_UTF32BE, 0, 2 * WIDE_COST},
};
#define NCAND (sizeof candidate_list / sizeof candidate_list[0])

int gt_detect(const unsigned char *p, size_t len, gt_detection *out)
{
    out->enc = GOVTEXT_ENC_UTF8;
    out->confidence = 0.0;
    out->skip = 0;
    if (len == 0)
        return 0;
    gt_bom bom = gt_detect_bom(p, len);
    if (bom.len) {
        out->enc = bom.enc;
        out->confidence = 1.0;
        return 0;
    }

    cand cands[NCAND];
    memset(cands, 0, sizeof cands);
    size_t sample = len < SAMPLE_MAX ? len : SAMPLE_MAX;
    int rc = 0;
    for (size_t i = 0; i < NCAND; i++) {
        cand *c = &cands[i];
        c->enc = candidate_list[i].enc;
        c->offset = candidate_list[i].offset;
        c->cost = c->bias = candidate_list[i].bias;
        if (c->offset >= sample)
            continue;
        UErrorCode e = U_ZERO_ERROR;
        c->cnv = ucnv_open(gt_encoding_icu_name(c->enc), &e);
        if (U_FAILURE(e)) {
            rc = -1;
            goto done;
        }
        ucnv_setToUCallBack(c->cnv, on_error, c, NULL, NULL, &e);
        c->total = len;
        c->alive = 1;
    }

    UChar ubuf[2 * CHUNK + 8];
    for (size_t pos = 0; pos < sample; pos += CHUNK) {
        size_t n = sample - pos < CHUNK ? sample - pos : CHUNK;
        int flush = pos + n >= sample;
        uint64_t best = UINT64_MAX;
        int alive = 0;
        for (size_t i = 0; i < NCAND; i++) {
            cand *c = &cands[i];
            if (!c->alive)
                continue;
            size_t from = pos < c->offset ? c->offset : pos;
            const char *src = (const char *)p + from;
            const char *lim = (const char *)p + pos + n;
            c->chunk_start = src;
            c->chunk_base = from;
            /* Text cut off by the sample limit is not a cut character. */
            c->total = flush && sample < len ? sample + 2 * EDGE : len;
            while (src < lim || flush) {
                UChar *t = ubuf;
                c->out_start = ubuf;
                UErrorCode e = U_ZERO_ERROR;
                ucnv_toUnicode(c->cnv, &t, ubuf + sizeof ubuf / sizeof ubuf[0], &src, lim, NULL,
                               (UBool)flush, &e);
                charge(c, ubuf, (size_t)(t - ubuf));
                if (e == U_BUFFER_OVERFLOW_ERROR)
                    continue;
                break;
            }
            if (flush && c->pending_high) {
                c->pending_high = 0; /* a pair cut at the end */
                c->cut_bytes += 2;
            }
            if (flush)
                finish(c, sample);
            if (c->cost < best)
                best = c->cost;
            alive++;
        }
        if (alive <= 1)
            break;
        for (size_t i = 0; i < NCAND; i++)
            if (cands[i].alive && cands[i].cost > best + PRUNE_MARGIN)
                cands[i].alive = 0;
    }

    /* The winner, and the closest rival still in the race whose decoding
     * differs.  Dropped candidates stopped accumulating cost when they fell
     * PRUNE_MARGIN behind, so they are compared by being dropped. */
    size_t win = NCAND;
    for (size_t i = 0; i < NCAND; i++)
        if (cands[i].alive && (win == NCAND || cands[i].cost < cands[win].cost))
            win = i;
    uint64_t second = UINT64_MAX;
    for (size_t i = 0; i < NCAND; i++)
        if (i != win && cands[i].alive &&
            cands[i].cost - cands[i].bias != cands[win].cost - cands[win].bias &&
            cands[i].cost < second)
            second = cands[i].cost;
    out->enc = cands[win].enc;
    out->skip = cands[win].offset;
    if (second == UINT64_MAX)
        out->confidence = 1.0;
    else {
        double bits = (double)(second - cands[win].cost) / 4.0;
        out->confidence = bits > 60 ? 1.0 : 1.0 - 0.5 / (double)(1ull << (int)bits);
    }
done:
    for (size_t i = 0; i < NCAND; i++)
        if (cands[i].cnv)
            ucnv_close(cands[i].cnv);
    return rc;
}

govtext_status govtext_detect_encoding(const void *bytes, size_t len, govtext_encoding *out,
                                       double *confidence)
{
    if (!out || (!bytes && len))
        return GOVTEXT_ERR_INVALID_ARG;
    gt_detection d;
    if (gt_detect(bytes, len, &d) != 0)
        return GOVTEXT_ERR_NOMEM;
    *out = d.enc;
    if (confidence)
        *confidence = d.confidence;
    return GOVTEXT_OK;
}
