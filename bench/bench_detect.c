/* bench_detect: how often each detector names an encoding that decodes a
 * short excerpt of governance text correctly.
 *
 * Excerpts are made the way real fragments look: a random stretch of a
 * corpus text is encoded (no BOM) and L bytes are cut from it at a random
 * byte offset, so characters are usually split at both ends.  The true
 * text is the characters whose bytes lie wholly inside the excerpt.  An
 * answer is right when decoding the excerpt (skipping 0..3 leading bytes)
 * with the encoding it names, invalid bytes as U+FFFD, contains the true
 * text.  No answer, or a name ICU cannot decode with, is wrong.
 *
 * Big5 excerpts come from the same simplified text turned traditional with
 * ICU's Simplified-Traditional transliterator; a chunk that still has a
 * character CP950 cannot encode is dropped and another one drawn.
 *
 * usage: bench_detect [-n N] [-s SEED] [-a] [-v] [DATA_DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#ifdef GT_BENCH_HAVE_UCHARDET
#include <uchardet.h>
#endif
#ifdef GT_BENCH_HAVE_ENCA
#include <enca.h>
#endif

#include "bench_common.h"
#include "govtext.h"

#ifndef GT_BENCH_DEFAULT_DATA
#define GT_BENCH_DEFAULT_DATA "../shared/data/gov"
#endif

static const size_t lengths[] = {20, 50, 200, 1000};
#define NLEN (sizeof lengths / sizeof lengths[0])

/* Source encodings: column label and the ICU converter that encodes. */
static const struct {
    const char *label;
    const char *icu;
} encodings[] = {
    {"UTF-8", "UTF-8"},
    {"GB18030", "GB18030"},
    {"Big5", "windows-950-2000"},
    {"UTF-16LE", "UTF-16LE"},
    {"UTF-16BE", "UTF-16BE"},
};
#define NENC (sizeof encodings / sizeof encodings[0])
#define ENC_BIG5 2

enum { DET_OURS, DET_ICU, DET_UCHARDET, DET_ENCA, NDET };
static const char *const det_names[NDET] = {"ours", "ICU", "uchardet", "enca"};
static const int det_available[NDET] = {
    1,
    1,
#ifdef GT_BENCH_HAVE_UCHARDET
    1,
#else
    0,
#endif
#ifdef GT_BENCH_HAVE_ENCA
    1,
#else
    0,
#endif
};

/* ------------------------------------------------------------------------
 * Corpus as UTF-16
 * ---------------------------------------------------------------------- */
typedef struct utext {
    UChar *u;
    int32_t len;
} utext;

static void die(const char *what, UErrorCode e)
{
    fprintf(stderr, "bench_detect: %s: %s\n", what, u_errorName(e));
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "bench_detect: out of memory\n");
        exit(2);
    }
    return p;
}

/* ------------------------------------------------------------------------
 * Decoding with a named encoding
 * ---------------------------------------------------------------------- */

/* Converters opened so far, by ICU name (a handful). */
static struct {
    char name[64];
    UConverter *cnv; /* NULL: ICU does not know the name */
} cnv_cache[64];
static size_t cnv_cached;

static UConverter *decoder(const char *icu_name)
{
    for (size_t i = 0; i < cnv_cached; i++)
        if (strcmp(cnv_cache[i].name, icu_name) == 0)
            return cnv_cache[i].cnv;
    UErrorCode e = U_ZERO_ERROR;
    UConverter *c = ucnv_open(icu_name, &e);
    if (U_FAILURE(e))
        c = NULL;
    if (cnv_cached < sizeof cnv_cache / sizeof cnv_cache[0] && strlen(icu_name) < 64) {
        strcpy(cnv_cache[cnv_cached].name, icu_name);
        cnv_cache[cnv_cached++].cnv = c;
    }
    return c;
}

/* Lower-cases ASCII and drops '-', '_', '.', ':' and spaces. */
static void squash(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; *in && n + 1 < cap; in++) {
        char c = *in;
        if (c == '-' || c == '_' || c == ' ' || c == '.' || c == ':')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[n++] = c;
    }
    out[n] = '\0';
}

/* The ICU converters an encoding label decodes with (at most 2, tried in
 * turn); 0 if none.  Every GB label decodes as GB18030, every Big5 label as
 * CP950 or, failing that, Big5-HKSCS; ASCII as UTF-8; an unmarked UTF-16 or
 * UTF-32 as big-endian (what ICU and iconv do without a BOM).  Any other
 * label is given to ICU as it is. */
static size_t resolve(const char *label, const char *out[2])
{
    static const struct {
        const char *key;
        const char *icu;
    } table[] = {
        {"utf8", "UTF-8"},         {"ascii", "UTF-8"},        {"usascii", "UTF-8"},
        {"ansix341968", "UTF-8"},  {"iso646us", "UTF-8"},     {"gb18030", "GB18030"},
        {"gbk", "GB18030"},        {"gb2312", "GB18030"},     {"cp936", "GB18030"},
        {"ms936", "GB18030"},      {"windows936", "GB18030"}, {"euccn", "GB18030"},
        {"xgbk", "GB18030"},       {"xeuccn", "GB18030"},     {"csgb2312", "GB18030"},
        {"utf16le", "UTF-16LE"},   {"ucs2le", "UTF-16LE"},    {"utf16be", "UTF-16BE"},
        {"ucs2be", "UTF-16BE"},    {"utf16", "UTF-16BE"},     {"ucs2", "UTF-16BE"},
        {"utf32le", "UTF-32LE"},   {"ucs4le", "UTF-32LE"},    {"utf32be", "UTF-32BE"},
        {"ucs4be", "UTF-32BE"},    {"utf32", "UTF-32BE"},     {"ucs4", "UTF-32BE"},
    };
    static const char *const big5_keys[] = {"big5",  "big5hkscs", "cp950", "ms950",
                                            "windows950", "big5hk", "hkscs", "xbig5",
                                            "csbig5"};
    if (!label || !*label)
        return 0;
    char key[64];
    squash(label, key, sizeof key);
    for (size_t i = 0; i < sizeof big5_keys / sizeof big5_keys[0]; i++)
        if (strcmp(key, big5_keys[i]) == 0) {
            out[0] = "windows-950-2000";
            out[1] = "ibm-1375_P100-2008";
            return 2;
        }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(key, table[i].key) == 0) {
            out[0] = table[i].icu;
            return 1;
        }
    out[0] = label;
    return 1;
}

static UChar *dec_buf;
static size_t dec_cap;

/* 1 if decoding bytes (less 0..3 leading bytes) with label contains truth. */
static int decodes_right(const char *label, const unsigned char *bytes, size_t len,
                         const UChar *truth, int32_t truth_len)
{
    const char *names[2];
    size_t n = resolve(label, names);
    if (dec_cap < 2 * len + 16) {
        free(dec_buf);
        dec_cap = 2 * len + 16;
        dec_buf = xmalloc(dec_cap * sizeof *dec_buf);
    }
    for (size_t k = 0; k < n; k++) {
        UConverter *c = decoder(names[k]);
        if (!c)
            continue;
        for (size_t skip = 0; skip < 4 && skip < len; skip++) {
            UErrorCode e = U_ZERO_ERROR;
            int32_t got = ucnv_toUChars(c, dec_buf, (int32_t)dec_cap,
                                        (const char *)bytes + skip, (int32_t)(len - skip), &e);
            if (U_FAILURE(e))
                continue;
            if (u_strFindFirst(dec_buf, got, truth, truth_len) != NULL)
                return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Excerpts
 * ---------------------------------------------------------------------- */
typedef struct excerpt {
    unsigned char *bytes;
    size_t len;
    UChar *truth;
    int32_t truth_len;
} excerpt;

typedef struct maker {
    const utext *texts;
    size_t ntexts;
    bench_rng rng;
    int aligned; /* -a: cut at character boundaries */
    UConverter *enc[NENC];
    UTransliterator *s2t;
    size_t dropped[NENC]; /* chunks a converter could not encode */
    /* scratch */
    UChar *chunk;
    size_t chunk_cap;
    char *out;
    int32_t *offs;
    size_t out_cap;
} maker;

static void grow_scratch(maker *m, size_t chars)
{
    if (m->chunk_cap < 2 * chars + 16) {
        free(m->chunk);
        m->chunk_cap = 2 * chars + 16;
        m->chunk = xmalloc(m->chunk_cap * sizeof *m->chunk);
    }
    if (m->out_cap < 4 * m->chunk_cap) {
        free(m->out);
        free(m->offs);
        m->out_cap = 4 * m->chunk_cap;
        m->out = xmalloc(m->out_cap);
        m->offs = xmalloc(m->out_cap * sizeof *m->offs);
    }
}

/* Draws one excerpt of L bytes (aligned: at most L) in encoding ei.
 * Returns 0, or -1 if no usable chunk was found in many tries. */
static int make_excerpt(maker *m, size_t ei, size_t L, excerpt *x)
{
    for (int attempt = 0; attempt < 10000; attempt++) {
        const utext *t = &m->texts[bench_rng_below(&m->rng, m->ntexts)];
        size_t want = 2 * L; /* characters: always more than L bytes */
        size_t start = 0, end = (size_t)t->len;
        if ((size_t)t->len > want) {
            start = bench_rng_below(&m->rng, (size_t)t->len - want + 1);
            end = start + want;
        }
        if (start > 0 && U16_IS_TRAIL(t->u[start]))
            start++;
        if (end < (size_t)t->len && U16_IS_TRAIL(t->u[end]))
            end--;
        if (end <= start)
            continue;
        size_t n = end - start;
        grow_scratch(m, n);
        memcpy(m->chunk, t->u + start, n * sizeof(UChar));
        int32_t ulen = (int32_t)n;
        UErrorCode e = U_ZERO_ERROR;
        if (ei == ENC_BIG5) {
            int32_t limit = ulen;
            utrans_transUChars(m->s2t, m->chunk, &ulen, (int32_t)m->chunk_cap, 0, &limit, &e);
            if (U_FAILURE(e)) {
                m->dropped[ei]++;
                continue;
            }
        }
        /* Encode, recording for each output byte its source index. */
        UConverter *c = m->enc[ei];
        ucnv_resetFromUnicode(c);
        char *dst = m->out;
        const UChar *src = m->chunk;
        int32_t *offs = m->offs;
        ucnv_fromUnicode(c, &dst, m->out + m->out_cap, &src, m->chunk + ulen, offs, 1, &e);
        if (U_FAILURE(e)) {
            m->dropped[ei]++;
            continue;
        }
        size_t elen = (size_t)(dst - m->out);
        if (elen < L)
            continue; /* a short file */
        size_t off = bench_rng_below(&m->rng, elen - L + 1), len = L;
        /* Characters wholly inside [off, off + len): runs of bytes with the
         * same source index.  Aligned (-a): the excerpt starts at the
         * first whole character and ends after the last one. */
        int32_t t0 = -1, t1 = -1;
        size_t first = 0, last = 0;
        for (size_t k = 0; k < elen;) {
            size_t r = k;
            while (r < elen && offs[r] == offs[k])
                r++;
            if (k >= off && r <= off + L) {
                if (t0 < 0) {
                    t0 = offs[k];
                    first = k;
                }
                t1 = r < elen ? offs[r] : ulen;
                last = r;
            }
            if (k >= off + L)
                break;
            k = r;
        }
        if (m->aligned && t0 >= 0) {
            off = first;
            len = last - first;
        }
        /* A surrogate pair split by the cut is not a whole character. */
        if (t0 >= 0 && U16_IS_TRAIL(m->chunk[t0]))
            t0++;
        if (t0 >= 0 && t1 > t0 && U16_IS_LEAD(m->chunk[t1 - 1]))
            t1--;
        if (t0 < 0 || t1 <= t0)
            continue; /* no whole character: cannot be scored */
        x->bytes = xmalloc(len);
        memcpy(x->bytes, m->out + off, len);
        x->len = len;
        x->truth_len = t1 - t0;
        x->truth = xmalloc((size_t)x->truth_len * sizeof(UChar));
        memcpy(x->truth, m->chunk + t0, (size_t)x->truth_len * sizeof(UChar));
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------------------
 * Detectors
 * ---------------------------------------------------------------------- */
typedef struct detectors {
    UCharsetDetector *icu;
#ifdef GT_BENCH_HAVE_UCHARDET
    uchardet_t uchardet;
#endif
#ifdef GT_BENCH_HAVE_ENCA
    EncaAnalyser enca;
#endif
} detectors;

/* The label detector d gives bytes; "" for no answer.  buf holds labels
 * that need building, or with no answer the reason if there is one. */
static const char *run_detector(detectors *D, int d, const unsigned char *bytes, size_t len,
                                char *buf, size_t cap)
{
    buf[0] = '\0';
    switch (d) {
    case DET_OURS: {
        govtext_encoding enc;
        if (govtext_detect_encoding(bytes, len, &enc, NULL) != GOVTEXT_OK)
            return "";
        return govtext_encoding_name(enc);
    }
    case DET_ICU: {
        UErrorCode e = U_ZERO_ERROR;
        ucsdet_setText(D->icu, (const char *)bytes, (int32_t)len, &e);
        const UCharsetMatch *m = ucsdet_detect(D->icu, &e);
        if (U_FAILURE(e) || !m)
            return "";
        const char *name = ucsdet_getName(m, &e);
        return U_SUCCESS(e) && name ? name : "";
    }
#ifdef GT_BENCH_HAVE_UCHARDET
    case DET_UCHARDET: {
        uchardet_reset(D->uchardet);
        if (uchardet_handle_data(D->uchardet, (const char *)bytes, len) != 0)
            return "";
        uchardet_data_end(D->uchardet);
        const char *name = uchardet_get_charset(D->uchardet);
        snprintf(buf, cap, "%s", name ? name : "");
        return buf;
    }
#endif
#ifdef GT_BENCH_HAVE_ENCA
    case DET_ENCA: {
        EncaEncoding r = enca_analyse_const(D->enca, bytes, len);
        if (!enca_charset_is_known(r.charset)) {
            /* No answer; buf says why (for -v). */
            snprintf(buf, cap, "%s", enca_strerror(D->enca, enca_errno(D->enca)));
            return "";
        }
        const char *name = enca_charset_name(r.charset, ENCA_NAME_STYLE_ICONV);
        if (!name)
            name = enca_charset_name(r.charset, ENCA_NAME_STYLE_ENCA);
        if (!name)
            return "";
        /* enca reports byte order as a surface, not in the name. */
        if (enca_charset_is_16bit(r.charset) || enca_charset_is_32bit(r.charset)) {
            int swapped = (r.surface & (ENCA_SURFACE_PERM_21 | ENCA_SURFACE_PERM_4321)) != 0;
            int wide = enca_charset_is_32bit(r.charset) != 0;
            snprintf(buf, cap, "%s%s", wide ? "UTF-32" : "UTF-16", swapped ? "LE" : "BE");
            return buf;
        }
        return name;
    }
#endif
    default:
        (void)bytes;
        (void)len;
        (void)cap;
        return "";
    }
}

/* ------------------------------------------------------------------------
 * Answer tallies (for -v)
 * ---------------------------------------------------------------------- */
#define MAX_ANSWERS 12
typedef struct tally {
    char name[MAX_ANSWERS][32];
    unsigned count[MAX_ANSWERS], right[MAX_ANSWERS];
    unsigned other, other_right;
} tally;

static void tally_add(tally *t, const char *name, const char *why, int right)
{
    char none[32];
    snprintf(none, sizeof none, "(none%s%s)", *why ? ": " : "", why);
    const char *shown = *name ? name : none;
    for (int i = 0; i < MAX_ANSWERS; i++) {
        if (t->count[i] == 0) {
            snprintf(t->name[i], sizeof t->name[i], "%s", shown);
        } else if (strcmp(t->name[i], shown) != 0) {
            continue;
        }
        t->count[i]++;
        t->right[i] += (unsigned)right;
        return;
    }
    t->other++;
    t->other_right += (unsigned)right;
}

static void tally_print(const tally *t)
{
    for (int i = 0; i < MAX_ANSWERS && t->count[i]; i++)
        printf(" %s=%u(%u ok)", t->name[i], t->count[i], t->right[i]);
    if (t->other)
        printf(" other=%u(%u ok)", t->other, t->other_right);
}

/* 1 if two labels decode with the same converter. */
static int same_family(const char *a, const char *b)
{
    const char *na[2], *nb[2];
    return resolve(a, na) && resolve(b, nb) && strcmp(na[0], nb[0]) == 0;
}

/* Prints an excerpt that our detector gave another family than its source. */
static void show_miss(const excerpt *x, const char *source, const char *label, int right)
{
    static unsigned shown;
    if (++shown > 40)
        return;
    char truth[4096];
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8(truth, (int32_t)sizeof truth, NULL, x->truth, x->truth_len, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
        snprintf(truth, sizeof truth, "(too long)");
    fprintf(stderr, "ours: %s excerpt of %zu bytes named %s (%s):", source, x->len, label,
            right ? "decodes right" : "wrong");
    for (size_t i = 0; i < x->len && i < 64; i++)
        fprintf(stderr, " %02x", x->bytes[i]);
    fprintf(stderr, "%s\n  true text: %s\n", x->len > 64 ? " ..." : "", truth);
}

/* ------------------------------------------------------------------------ */
static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_detect [-n N] [-s SEED] [-a] [-v] [DATA_DIR]\n"
            "  -n  excerpts per length and encoding (default 300)\n"
            "  -s  PRNG seed (default 0x6f7674657874)\n"
            "  -a  cut excerpts at character boundaries instead of at random bytes\n"
            "  -v  list every detector's answers per cell\n"
            "  DATA_DIR holds UTF-8 texts (*.txt, *.utf8) or a gov/ folder of them\n"
            "  (default %s)\n",
            GT_BENCH_DEFAULT_DATA);
}

int main(int argc, char **argv)
{
    long nper = 300;
    unsigned long long seed = 0x6f7674657874ull; /* "govtext" */
    int verbose = 0, aligned = 0;
    int opt;
    while ((opt = getopt(argc, argv, "n:s:avh")) != -1) {
        switch (opt) {
        case 'a':
            aligned = 1;
            break;
        case 'n':
            nper = strtol(optarg, NULL, 10);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 0);
            break;
        case 'v':
            verbose = 1;
            break;
        default:
            usage(opt == 'h' ? stdout : stderr);
            return opt == 'h' ? 0 : 2;
        }
    }
    if (nper <= 0 || argc - optind > 1) {
        usage(stderr);
        return 2;
    }
    const char *arg = optind < argc ? argv[optind] : GT_BENCH_DEFAULT_DATA;
    char *dir = bench_data_dir(arg);
    if (!dir) {
        printf("bench_detect: data not found at %s, skipped\n", arg);
        return 0;
    }
    bench_corpus corpus;
    if (bench_corpus_load(dir, &corpus) != 0)
        return 2;
    if (corpus.n == 0) {
        printf("bench_detect: no UTF-8 *.txt or *.utf8 files in %s, skipped\n", dir);
        free(dir);
        return 0;
    }

    /* Corpus to UTF-16 once. */
    utext *texts = xmalloc(corpus.n * sizeof *texts);
    for (size_t i = 0; i < corpus.n; i++) {
        UErrorCode e = U_ZERO_ERROR;
        int32_t need = 0;
        u_strFromUTF8(NULL, 0, &need, corpus.files[i].bytes, (int32_t)corpus.files[i].len, &e);
        e = U_ZERO_ERROR;
        texts[i].u = xmalloc(((size_t)need + 1) * sizeof(UChar));
        u_strFromUTF8(texts[i].u, need + 1, &texts[i].len, corpus.files[i].bytes,
                      (int32_t)corpus.files[i].len, &e);
        if (U_FAILURE(e))
            die("u_strFromUTF8", e);
    }

    maker m;
    memset(&m, 0, sizeof m);
    m.texts = texts;
    m.ntexts = corpus.n;
    m.rng.s = seed ? seed : 1;
    m.aligned = aligned;
    for (size_t i = 0; i < NENC; i++) {
        UErrorCode e = U_ZERO_ERROR;
        m.enc[i] = ucnv_open(encodings[i].icu, &e);
        if (U_FAILURE(e))
            die(encodings[i].icu, e);
        ucnv_setFromUCallBack(m.enc[i], UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
        if (U_FAILURE(e))
            die("ucnv_setFromUCallBack", e);
    }
    {
        UChar id[32];
        u_uastrcpy(id, "Simplified-Traditional");
        UErrorCode e = U_ZERO_ERROR;
        m.s2t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e))
            die("utrans_openU(Simplified-Traditional)", e);
    }

    detectors D;
    memset(&D, 0, sizeof D);
    {
        UErrorCode e = U_ZERO_ERROR;
        D.icu = ucsdet_open(&e);
        if (U_FAILURE(e))
            die("ucsdet_open", e);
    }
#ifdef GT_BENCH_HAVE_UCHARDET
    D.uchardet = uchardet_new();
#endif
#ifdef GT_BENCH_HAVE_ENCA
    /* The settings mpv and libass use for subtitles; enca's defaults
     * refuse to answer on most short inputs. */
    D.enca = enca_analyser_alloc("zh");
    if (!D.enca) {
        fprintf(stderr, "bench_detect: enca has no language \"zh\"\n");
        return 2;
    }
    enca_set_threshold(D.enca, 1.38);
    enca_set_multibyte(D.enca, 1);
    enca_set_ambiguity(D.enca, 1);
    enca_set_garbage_test(D.enca, 1);
    enca_set_filtering(D.enca, 0);
#endif

    static unsigned right[NLEN][NENC][NDET];
    static unsigned made[NLEN][NENC];
    static tally tallies[NLEN][NENC][NDET];
    double det_time[NDET] = {0};
    unsigned long det_calls = 0;
    double t_start = bench_now();

    for (size_t li = 0; li < NLEN; li++) {
        for (size_t ei = 0; ei < NENC; ei++) {
            for (long k = 0; k < nper; k++) {
                excerpt x;
                if (make_excerpt(&m, ei, lengths[li], &x) != 0) {
                    fprintf(stderr, "bench_detect: no usable %s chunk for %zu bytes\n",
                            encodings[ei].label, lengths[li]);
                    break;
                }
                made[li][ei]++;
                det_calls++;
                for (int d = 0; d < NDET; d++) {
                    if (!det_available[d])
                        continue;
                    char buf[64];
                    double t0 = bench_now();
                    const char *label = run_detector(&D, d, x.bytes, x.len, buf, sizeof buf);
                    det_time[d] += bench_now() - t0;
                    int ok = decodes_right(label, x.bytes, x.len, x.truth, x.truth_len);
                    right[li][ei][d] += (unsigned)ok;
                    if (verbose) {
                        tally_add(&tallies[li][ei][d], label, *label ? "" : buf, ok);
                        if (d == DET_OURS && !same_family(label, encodings[ei].label))
                            show_miss(&x, encodings[ei].label, label, ok);
                    }
                }
                free(x.bytes);
                free(x.truth);
            }
        }
    }
    double elapsed = bench_now() - t_start;

    printf("Short-text encoding detection, %zu UTF-8 texts from %s (%.1f MB)", corpus.n, dir,
           (double)corpus.bytes / 1e6);
    if (corpus.skipped)
        printf(", %zu non-UTF-8 files skipped", corpus.skipped);
    printf("\n%ld excerpts per cell, seed 0x%llx, %s (no BOM).\n", nper, seed,
           aligned ? "cut at character boundaries (-a)" : "cut at a random byte offset");
    printf("Right = decoding with the named encoding yields the excerpt's whole characters.\n");
    printf("Cell: %% right for ours / ICU / uchardet / enca%s\n\n",
           det_available[DET_UCHARDET] && det_available[DET_ENCA] ? "" : " (n/a: not built)");

    printf("%6s", "bytes");
    for (size_t ei = 0; ei < NENC; ei++)
        printf(" | %-23s", encodings[ei].label);
    printf("\n------");
    for (size_t ei = 0; ei < NENC; ei++)
        printf("-+-%.23s", "-----------------------");
    printf("\n");
    for (size_t li = 0; li < NLEN; li++) {
        printf("%6zu", lengths[li]);
        for (size_t ei = 0; ei < NENC; ei++) {
            printf(" | ");
            for (int d = 0; d < NDET; d++) {
                if (d)
                    printf("/");
                if (!det_available[d] || made[li][ei] == 0)
                    printf("%5s", "n/a");
                else
                    printf("%5.1f", 100.0 * right[li][ei][d] / made[li][ei]);
            }
        }
        printf("\n");
    }
    printf("\n");
    for (size_t li = 0; li < NLEN; li++) {
        unsigned tot = 0, ok[NDET] = {0};
        double worst = 101;
        size_t worst_e = 0;
        for (size_t ei = 0; ei < NENC; ei++) {
            tot += made[li][ei];
            for (int d = 0; d < NDET; d++)
                ok[d] += right[li][ei][d];
            double p = made[li][ei] ? 100.0 * right[li][ei][DET_OURS] / made[li][ei] : 0;
            if (p < worst) {
                worst = p;
                worst_e = ei;
            }
        }
        printf("%4zu bytes: ours %5.1f%% of %u excerpts (lowest %s %.1f%%)", lengths[li],
               tot ? 100.0 * ok[DET_OURS] / tot : 0.0, tot, encodings[worst_e].label, worst);
        for (int d = 1; d < NDET; d++)
            if (det_available[d])
                printf("; %s %.1f%%", det_names[d], tot ? 100.0 * ok[d] / tot : 0.0);
        printf("\n");
    }
    printf("\nBig5 chunks dropped (a character CP950 cannot encode after "
           "Simplified-Traditional): %zu\n",
           m.dropped[ENC_BIG5]);
    printf("Detection time per excerpt (mean over all lengths):");
    for (int d = 0; d < NDET; d++)
        if (det_available[d])
            printf(" %s %.1f us", det_names[d], det_calls ? 1e6 * det_time[d] / det_calls : 0.0);
    printf("\nTotal run time %.1f s\n", elapsed);

    if (verbose) {
        printf("\nAnswers per cell (name=count(right)):\n");
        for (size_t li = 0; li < NLEN; li++)
            for (size_t ei = 0; ei < NENC; ei++)
                for (int d = 0; d < NDET; d++) {
                    if (!det_available[d])
                        continue;
                    printf("%4zu %-8s %-8s", lengths[li], encodings[ei].label, det_names[d]);
                    tally_print(&tallies[li][ei][d]);
                    printf("\n");
                }
    }

    ucsdet_close(D.icu);
#ifdef GT_BENCH_HAVE_UCHARDET
    uchardet_delete(D.uchardet);
#endif
#ifdef GT_BENCH_HAVE_ENCA
    enca_analyser_free(D.enca);
#endif
    utrans_close(m.s2t);
    for (size_t i = 0; i < NENC; i++)
        ucnv_close(m.enc[i]);
    for (size_t i = 0; i < cnv_cached; i++)
        if (cnv_cache[i].cnv)
            ucnv_close(cnv_cache[i].cnv);
    free(m.chunk);
    free(m.out);
    free(m.offs);
    free(dec_buf);
    for (size_t i = 0; i < corpus.n; i++)
        free(texts[i].u);
    free(texts);
    bench_corpus_free(&corpus);
    free(dir);
    return 0;
}
