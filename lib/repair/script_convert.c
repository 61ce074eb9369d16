/* Repair pass: script.  Undoes a machine conversion from simplified to
 * traditional characters (and, on request, converts either way).
 *
 * Scraped copies of mainland documents are often run through a converter
 * to traditional characters: OpenCC s2t or s2tw (Taiwan forms, 着 -> 著),
 * ICU's Simplified-Traditional (which also makes “” into 「」 and 什么 into
 * 甚麼), or a plain character table.  Each backward converter undoes only its
 * own family, so the tables (script_tables.c, made by
 * scripts/gen_script_tables.py) were learnt by running all of those forward
 * converters over a large simplified vocabulary:
 *  - every traditional character has a default simplified form;
 *  - a character that is valid in both scripts and whose reading depends on
 *    the word (乾: 乾坤 / 干净, 覆: 覆盖 / 答复, 瞭: 瞭望 / 了解) is
 *    "ambiguous": the longest phrase that covers it decides (on a tie the
 *    more frequent word, then the earlier start), else its default;
 *  - a "switch" character is one that some converters make out of every
 *    occurrence of a common simplified character (著 from 着 with Taiwan
 *    forms, 沈 from 沉 in ICU).  A document that went through such a
 *    converter has (almost) none of that character left, so the document
 *    decides: with no 着 in it (and no sign of OpenCC's s2t, which keeps
 *    着), 著 is read as 着 except in the words that keep 著 (显著, 著名).
 *
 * Modes (ctx->script):
 *  KEEP  does nothing.
 *  HANS  converts to simplified.
 *  HANT  converts to traditional (OpenCC's standard forms).
 *  AUTO  converts to simplified only when the text is traditional AND shows
 *        that it was machine-converted from simplified: inline pinyin
 *        glosses (removed by the pinyin pass, or still there), mainland
 *        quotation marks “” with no 「」, OpenCC's standard forms that no
 *        Taiwan or Hong Kong writer types (爲 衆), 于/后 standing where
 *        traditional text writes 於/後, or simplified-only characters mixed
 *        in.  Genuine Taiwan or Hong Kong text shows none of these and is
 *        kept; a clean simplified document has no traditional share to
 *        begin with and is never touched.
 *
 * Quotation marks: when a traditional document is converted to simplified
 * and it uses 「」 as its only quotation marks, they become the mainland
 * “” (and 『』 the ‘’, if it has no ‘’), as ICU's own Traditional-Simplified
 * does: ICU's forward conversion is the usual source of such 「」, and
 * simplified text writes “” (GB/T 15834).  A document that already has “”
 * keeps its corner brackets: they then mean something else.
 *
 * Converted characters close together on a line make one edit (see
 * MERGE_GAP); the map keeps per-character precision (a 3-byte character
 * replaced by a 3-byte character maps byte for byte, so an edit merges with
 * the copied text around it into one map segment). */
#include "repair/repair.h"

#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/script_tables.h"

/* AUTO: the text counts as traditional when at least this share of its Han
 * characters are traditional-only forms.  Machine-converted governance text
 * has about 30% (every 国 这 发 们 ...); clean simplified text has under
 * 0.02% (a quoted name), and mojibake that the mojibake pass left over is
 * kept apart by the next rule. */
#define TRAD_SHARE_MIN 0.10
/* ... and traditional-only forms outnumber simplified-only ones this many
 * times (mojibake and mixed-script garbage have both). */
#define TRAD_OVER_SIMP 4
/* Simplified-only characters mixed into traditional text at this share (a
 * character table that lacked some characters) are evidence of conversion. */
#define MIXED_SHARE_MIN 0.002
/* A few occurrences, not one, make evidence of 于 for 於, 后 for 後, of glosses. */
#define EVIDENCE_MIN 2

/* Confidence of an edit: how sure the character reading is, times how sure
 * the document was converted at all. */
#define CONF_TONLY 0.98  /* a traditional-only form to its default */
#define CONF_PHRASE 0.9  /* read through a phrase */
#define CONF_SWITCH 0.85 /* a switch character read from document evidence */
#define CONF_DUAL 0.8    /* a form valid in both scripts, to its default */
#define CONF_QUOTE 0.9

#define CP_LQUOTE 0x201Cu  /* “ */
#define CP_RQUOTE 0x201Du  /* ” */
#define CP_LSQUOTE 0x2018u /* ‘ */
#define CP_RSQUOTE 0x2019u /* ’ */
#define CP_LCORNER 0x300Cu /* 「 */
#define CP_RCORNER 0x300Du /* 」 */
#define CP_LWCORNER 0x300Eu /* 『 */
#define CP_RWCORNER 0x300Fu /* 』 */

/* Converted characters fewer than this many characters apart on one line
 * share an edit: a converted document then has about one edit per
 * paragraph instead of one per few characters (the map keeps every
 * character's own source bytes either way), while a stray conversion in
 * simplified text stays an edit of its own. */
#define MERGE_GAP 16

/* A switch is on when its converted form outnumbers what is left of the
 * original this many times (none left at all, after OpenCC and ICU).  In
 * text that kept 着, 着 (a particle) is several times as common as 著. */
#define SWITCH_RATIO 2

#define MAX_SWITCH 8
#define MAX_KEY 16 /* characters; the generator keeps keys to 12 */

typedef struct evidence {
    size_t han, tonly, sonly, std, tw, icusig, shenme, gloss;
    size_t q_double, q_single, q_corner, q_wcorner;
    size_t yu_s, yu_t, hou_s, hou_t; /* 于 於 后 後 */
    size_t sw_s[MAX_SWITCH], sw_t[MAX_SWITCH];
} evidence;

typedef struct decision {
    int to_hans;          /* 1: traditional -> simplified; 0: the other way */
    int on[MAX_SWITCH];   /* switch states */
    int quotes, wquotes;  /* map 「」 / 『』 */
    double conf;          /* the document-level factor */
} decision;

/* Decodes the character at str[i] (i < len).  The text is valid UTF-8 (the
 * document's invariant); the length checks only keep a damaged tail from
 * being read past.  Inline: it runs for every character, twice. */
static inline size_t next_cp(const char *str, size_t len, size_t i, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str + i;
    unsigned c = s[0];
    size_t avail = len - i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xE0 && c < 0xF0 && avail >= 3) {
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    return gt_utf8_next(str, len, i, cp);
}

/* Writes cp as UTF-8 at out (room for 4 bytes); inline for the same reason. */
static inline size_t encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp >= 0x800 && cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    return gt_utf8_encode(cp, out);
}

static inline size_t utf8_len_of_lead(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static inline int is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

/* A letter of a pinyin syllable: ASCII, or a vowel with a tone mark. */
static int pinyin_letter(uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '1' && cp <= '5'))
        return 1;
    switch (cp) {
    case 0xE0: case 0xE1: case 0xE8: case 0xE9: case 0xEC: case 0xED: case 0xF2: case 0xF3:
    case 0xF9: case 0xFA: case 0xFC: case 0x101: case 0x113: case 0x11B: case 0x12B:
    case 0x14D: case 0x16B: case 0x1CE: case 0x1D0: case 0x1D2: case 0x1D4: case 0x1D6:
    case 0x1D8: case 0x1DA: case 0x1DC: case 0x144: case 0x148: case 0x1F9:
        return 1;
    default:
        return 0;
    }
}

/* Is there a gloss "(pinyin)" or "（pinyin）" at text[i]? */
static int gloss_at(const char *text, size_t len, size_t i)
{
    uint32_t cp;
    size_t k = i + next_cp(text, len, i, &cp);
    int full = cp == 0xFF08;
    size_t letters = 0;
    while (k < len && letters <= 7) {
        size_t l = next_cp(text, len, k, &cp);
        if ((!full && cp == ')') || (full && cp == 0xFF09))
            return letters >= 1;
        if (!pinyin_letter(cp))
            return 0;
        letters++;
        k += l;
    }
    return 0;
}

static void gather(const char *text, size_t len, evidence *ev)
{
    const gt_script_dir *d = &gt_script_t2s;
    memset(ev, 0, sizeof *ev);
    size_t han = 0, tonly = 0, sonly = 0, std = 0, tw = 0, icusig = 0;
    uint32_t prev = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        unsigned char c0 = (unsigned char)text[i];
        if (c0 < 0x80) {
            if (c0 == '(' && is_han(prev) && gloss_at(text, len, i))
                ev->gloss++;
            prev = c0;
            i++;
            continue;
        }
        size_t l = next_cp(text, len, i, &cp);
        uint32_t e = gt_script_entry(d, cp);
        /* Branch-free: whether a character has flags is as unpredictable as
         * the text. */
        tonly += (e & GT_SCRIPT_F_TONLY) != 0;
        std += (e & GT_SCRIPT_F_STDFORM) != 0;
        tw += (e & GT_SCRIPT_F_TWFORM) != 0;
        icusig += (e & GT_SCRIPT_F_ICUSIG) != 0;
        sonly += (e & GT_SCRIPT_F_SONLY) != 0;
        if (e & (GT_SCRIPT_F_SWITCH | GT_SCRIPT_F_SWSRC)) {
            unsigned k = (e >> GT_SCRIPT_SWITCH_SHIFT) & GT_SCRIPT_SWITCH_MASK;
            if (e & GT_SCRIPT_F_SWITCH)
                ev->sw_t[k]++;
            else
                ev->sw_s[k]++;
        }
        if (is_han(cp)) {
            han++;
            switch (cp) {
            case 0x4E8E: ev->yu_s++; break;  /* 于 */
            case 0x65BC: ev->yu_t++; break;  /* 於 */
            case 0x540E: ev->hou_s++; break; /* 后 */
            case 0x5F8C: ev->hou_t++; break; /* 後 */
            case 0x9EBC:                     /* 麼 after 甚: ICU's 什么 */
                if (prev == 0x751A)
                    ev->shenme++;
                break;
            default: break;
            }
        } else {
            switch (cp) {
            case CP_LQUOTE: case CP_RQUOTE: ev->q_double++; break;
            case CP_LSQUOTE: case CP_RSQUOTE: ev->q_single++; break;
            case CP_LCORNER: case CP_RCORNER: ev->q_corner++; break;
            case CP_LWCORNER: case CP_RWCORNER: ev->q_wcorner++; break;
            case 0xFF08:
                if (is_han(prev) && gloss_at(text, len, i))
                    ev->gloss++;
                break;
            default: break;
            }
        }
        prev = cp;
        i += l;
    }
    ev->han = han;
    ev->tonly = tonly;
    ev->sonly = sonly;
    ev->std = std;
    ev->tw = tw;
    ev->icusig = icusig;
}

/* Decides what to do; returns 0 to leave the text alone. */
static int decide(const evidence *ev, const gt_repair_ctx *ctx, decision *dc)
{
    memset(dc, 0, sizeof *dc);
    int trad = ev->han > 0 && (double)ev->tonly >= TRAD_SHARE_MIN * (double)ev->han &&
               ev->tonly >= TRAD_OVER_SIMP * ev->sonly;
    switch (ctx->script) {
    case GOVTEXT_SCRIPT_KEEP:
        return 0;
    case GOVTEXT_SCRIPT_HANT:
        dc->to_hans = 0;
        dc->conf = 1.0;
        return 1;
    case GOVTEXT_SCRIPT_HANS:
        dc->conf = 1.0;
        break;
    case GOVTEXT_SCRIPT_AUTO:
    default: {
        if (!trad)
            return 0;
        int pinyin = ctx->pinyin_removed > 0 || ev->gloss >= EVIDENCE_MIN;
        int mainland_quotes = ev->q_double > 0 && ev->q_corner == 0;
        int std_forms = ev->std > 0;
        int table_left = (ev->yu_s >= EVIDENCE_MIN && ev->yu_s > ev->yu_t) ||
                         (ev->hou_s >= EVIDENCE_MIN && ev->hou_s > ev->hou_t);
        int mixed = ev->sonly >= EVIDENCE_MIN &&
                    (double)ev->sonly >= MIXED_SHARE_MIN * (double)ev->han;
        if (pinyin)
            dc->conf = 0.95;
        else if (mainland_quotes || std_forms || table_left || mixed)
            dc->conf = 0.9;
        else
            return 0; /* traditional, but nothing says machine-converted */
        break;
    }
    }
    dc->to_hans = 1;
    /* Not OpenCC's standard forms (s2t, which keeps 着) but Taiwan forms or
     * too little text to tell: s2tw, ICU and Taiwan tables all turn 着 into
     * 著.  Switches only ever apply to text that is traditional. */
    int tw = ev->tw >= ev->std;
    /* ICU's own marks: 甚麼 for 什么, forms no OpenCC conversion writes, or
     * OpenCC-standard and Taiwan forms side by side (ICU mixes 啓 and 為). */
    int icu = ev->shenme > 0 || ev->icusig > 0 || (ev->std > 0 && ev->tw > 0);
    for (size_t k = 0; k < gt_script_switch_n && k < MAX_SWITCH; k++) {
        const gt_script_switch *s = &gt_script_switches[k];
        /* The converter made (almost) every sc into tc: sc is gone, or a
         * table that converts characters at random left a few. */
        dc->on[k] = trad && ev->sw_t[k] > SWITCH_RATIO * ev->sw_s[k] && (!(s->need & 1) || tw) &&
                    (!(s->need & 2) || icu);
    }
    dc->quotes = trad && ev->q_double == 0 && ev->q_corner > 0;
    dc->wquotes = dc->quotes && ev->q_single == 0 && ev->q_wcorner > 0;
    return 1;
}

static const gt_script_reach *find_reach(const gt_script_dir *d, uint32_t cp)
{
    size_t lo = 0, hi = d->reach_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->reach[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->reach_n && d->reach[lo].cp == cp ? &d->reach[lo] : NULL;
}

#define FNV_INIT 0x811C9DC5u
static inline uint32_t fnv(uint32_t h, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 0x01000193u;
    return h;
}

/* The reading of the ambiguous character at text[p, p + cl) through the
 * best phrase that covers it: the longest, then the most frequent word, then
 * the earliest start.  Returns 0 if no phrase covers it. */
static uint32_t phrase_reading(const gt_script_dir *d, const decision *dc, const char *text,
                               size_t len, size_t p, size_t cl, uint32_t cp)
{
    const gt_script_reach *r = find_reach(d, cp);
    if (!r)
        return 0;
    /* Keys hold only Han characters, so neither side reaches past one. */
    size_t starts[MAX_KEY], ends[MAX_KEY];
    unsigned nst = 0, nen = 0;
    starts[nst++] = p;
    while (nst <= r->before && nst < MAX_KEY) {
        size_t q = starts[nst - 1];
        if (q == 0)
            break;
        do
            q--;
        while (q > 0 && ((unsigned char)text[q] & 0xC0) == 0x80);
        uint32_t c;
        next_cp(text, len, q, &c);
        if (!is_han(c))
            break;
        starts[nst++] = q;
    }
    ends[nen++] = p + cl;
    while (nen < r->len && nen < MAX_KEY && ends[nen - 1] < len) {
        uint32_t c;
        size_t l = next_cp(text, len, ends[nen - 1], &c);
        if (!is_han(c))
            break;
        ends[nen] = ends[nen - 1] + l;
        nen++;
    }

    const gt_script_phrase *best = NULL;
    unsigned best_n = 0, best_before = 0;
    for (unsigned before = 0; before < nst; before++) {
        size_t s = starts[before];
        uint32_t h = fnv(FNV_INIT, text + s, p + cl - s);
        for (unsigned after = 0; after < nen; after++) {
            unsigned n = before + 1 + after;
            if (n > r->len)
                break;
            if (after > 0)
                h = fnv(h, text + ends[after - 1], ends[after] - ends[after - 1]);
            if (n < 2 || n < best_n)
                continue;
            size_t klen = ends[after] - s;
            size_t mask = d->hash_n - 1;
            for (size_t slot = h & mask; d->hash[slot] != 0; slot = (slot + 1) & mask) {
                const gt_script_phrase *ph = &d->rec[d->hash[slot] - 1];
                if (ph->key_len != klen || memcmp(d->keys + ph->key_off, text + s, klen) != 0)
                    continue;
                /* this key's records: one per mode */
                for (const gt_script_phrase *x = ph;
                     x < d->rec + d->rec_n && x->key_off == ph->key_off; x++) {
                    unsigned mode = x->sw >= 0 && dc->on[(unsigned)x->sw] ? GT_SCRIPT_MODE_ON
                                                                          : GT_SCRIPT_MODE_OFF;
                    if (!(x->modes & mode))
                        continue;
                    if (!best || n > best_n || (n == best_n && x->prio > best->prio) ||
                        (n == best_n && x->prio == best->prio && before > best_before)) {
                        best = x;
                        best_n = n;
                        best_before = before;
                    }
                }
                break;
            }
        }
    }
    if (!best)
        return 0;
    /* the character at the same index of the value */
    const char *v = d->vals + best->val_off;
    size_t k = 0;
    for (unsigned c = 0; c < best_before; c++)
        k += utf8_len_of_lead((unsigned char)v[k]);
    uint32_t out;
    gt_utf8_next(v, best->val_len, k, &out);
    return out;
}

/* The target of the character cp at text[i, i + l), whose table entry e is
 * not 0; 0 keeps it.  *conf gets how sure the reading is. */
static uint32_t convert_han(const gt_script_dir *d, const decision *dc, const char *text,
                            size_t len, size_t i, size_t l, uint32_t cp, uint32_t e, double *conf)
{
    uint32_t tgt = e & GT_SCRIPT_CP_MASK;
    *conf = (e & GT_SCRIPT_F_TONLY) ? CONF_TONLY : CONF_DUAL;
    if (e & GT_SCRIPT_F_AMBIG) {
        uint32_t r = phrase_reading(d, dc, text, len, i, l, cp);
        if (r != 0) {
            *conf = CONF_PHRASE;
            return r == cp ? 0 : r;
        }
    }
    if (dc->to_hans && (e & GT_SCRIPT_F_SWITCH)) {
        unsigned k = (e >> GT_SCRIPT_SWITCH_SHIFT) & GT_SCRIPT_SWITCH_MASK;
        if (dc->on[k]) {
            *conf = CONF_SWITCH;
            return gt_script_switches[k].sc;
        }
    }
    return tgt == cp ? 0 : tgt;
}

/* 「」 -> “”, 『』 -> ‘’ when the decision says so; else 0. */
static uint32_t convert_quote(const decision *dc, uint32_t cp)
{
    switch (cp) {
    case CP_LCORNER: return dc->quotes ? CP_LQUOTE : 0;
    case CP_RCORNER: return dc->quotes ? CP_RQUOTE : 0;
    case CP_LWCORNER: return dc->wquotes ? CP_LSQUOTE : 0;
    case CP_RWCORNER: return dc->wquotes ? CP_RSQUOTE : 0;
    default: return 0;
    }
}

/* The edit being built.  Its new text is written straight into the pass's
 * output (from t on), so the converted text is copied once; the input it
 * replaces is [a, b). */
typedef struct run {
    int open;
    size_t a, b, t;
    size_t gap;     /* characters since b; SIZE_MAX after a line end */
    int same_width; /* every character kept its byte length */
    double conf;
} run;

/* Records the open run as one edit.  Unlike gt_writer_replace, which makes
 * the whole range one map unit, each character keeps its own source bytes,
 * so offsets stay exact inside an edit; when every character kept its
 * width the range maps byte for byte (unit boundaries fall on character
 * boundaries anyway, and such a unit merges with the copies around it). */
static int close_run(gt_writer *w, run *r, double doc_conf)
{
    if (!r->open)
        return 0;
    r->open = 0;
    gt_pass_out *o = w->out;
    const char *nt = o->text.data + r->t;
    size_t nlen = o->text.len - r->t;
    if (gt_edits_add(&o->edits, GOVTEXT_EDIT_SCRIPT, r->a, r->b, r->t, o->text.len, w->in + r->a,
                     r->b - r->a, nt, nlen, r->conf * doc_conf) != 0)
        return -1;
    if (r->same_width)
        return gt_map_add(&o->map, r->a, 1, 1, r->b - r->a);
    size_t i = r->a, j = 0;
    while (i < r->b) {
        size_t ol = utf8_len_of_lead((unsigned char)w->in[i]);
        size_t nl = utf8_len_of_lead((unsigned char)nt[j]);
        int rc = ol == nl ? gt_map_add(&o->map, i, 1, 1, ol) : gt_map_add(&o->map, i, nl, ol, 1);
        if (rc != 0)
            return -1;
        i += ol;
        j += nl;
    }
    return 0;
}

int gt_repair_script(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    gt_writer w;
    gt_writer_init(&w, text, out);
    if (ctx->script == GOVTEXT_SCRIPT_KEEP)
        return gt_writer_finish(&w, len);
    evidence ev;
    decision dc;
    gather(text, len, &ev);
    if (!decide(&ev, ctx, &dc))
        return gt_writer_finish(&w, len);

    /* A target is at most one byte longer than its 3-byte source (a BMP
     * character to one beyond it), so this is room for all the output and
     * the loop below writes without checks. */
    if (len > (SIZE_MAX - 16) / 4 * 3 || gt_buf_reserve(&out->text, len / 3 * 4 + 16) != 0)
        return -1;
    const gt_script_dir *d = dc.to_hans ? &gt_script_t2s : &gt_script_s2t;
    run r;
    memset(&r, 0, sizeof r);
    size_t converted = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c0 = (unsigned char)text[i];
        if (c0 < 0x80) {
            if (c0 == '\n')
                r.gap = SIZE_MAX;
            else if (r.gap != SIZE_MAX)
                r.gap++;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = next_cp(text, len, i, &cp);
        uint32_t e = gt_script_entry(d, cp);
        double conf = CONF_QUOTE;
        uint32_t tgt = e != 0     ? convert_han(d, &dc, text, len, i, l, cp, e, &conf)
                       : dc.quotes ? convert_quote(&dc, cp)
                                   : 0;
        if (tgt == 0) {
            if (r.gap != SIZE_MAX)
                r.gap++;
            i += l;
            continue;
        }
        if (r.open && r.gap < MERGE_GAP) {
            /* close to the open edit on the same line: it takes the gap */
            memcpy(out->text.data + out->text.len, text + r.b, i - r.b);
            out->text.len += i - r.b;
        } else {
            if (close_run(&w, &r, dc.conf) != 0 || gt_writer_copy(&w, i) != 0)
                return -1;
            r.open = 1;
            r.a = i;
            r.t = out->text.len;
            r.same_width = 1;
            r.conf = 1.0;
        }
        size_t n = encode(tgt, out->text.data + out->text.len);
        out->text.len += n;
        r.same_width &= n == l;
        if (conf < r.conf)
            r.conf = conf;
        r.b = i + l;
        w.run = r.b;
        r.gap = 0;
        converted++;
        i += l;
    }
    if (close_run(&w, &r, dc.conf) != 0)
        return -1;
    out->counts[GOVTEXT_COUNT_SCRIPT] += converted;
    if (converted > 0 && dc.to_hans)
        ctx->converted_to_hans = 1;
    return gt_writer_finish(&w, len);
}
