/* Word graph and best path (word_graph.h). */
#include "segment/word_graph.h"

#include <string.h>

#include "common/utf8.h"
#include "segment/char_class.h"

#define INF (INT32_MAX / 2)
#define NATS(x) ((int32_t)((x) * GT_COST_SCALE))

/* Costs of the tokens the lexicon does not give, in the lexicon's scale.
 * With frequencies, an unknown character costs a little more than a word
 * seen once (as in jieba); numbers and Latin runs are cheap, because they
 * are certain; a Chinese numeral run competes with words made of the same
 * characters (一一, 万一, 统一) and costs about as much as a rare word. */
typedef struct class_costs {
    int32_t unknown; /* a Han character no lexicon word covers */
    int32_t number;  /* digits, Latin runs, and those with their units */
    int32_t cnum;    /* a Chinese numeral run */
    int32_t punct;   /* a punctuation mark or symbol inside a run */
} class_costs;

static void get_costs(const govtext_lexicon *lex, class_costs *c)
{
    if (lex->list_mode) {
        c->unknown = gt_list_cost(1) + NATS(0.5);
        c->number = NATS(5);
        c->cnum = NATS(12);
        c->punct = NATS(8);
    } else {
        c->unknown = lex->max_cost + NATS(0.7);
        c->number = NATS(5);
        c->cnum = NATS(12);
        c->punct = NATS(8);
    }
}

/* Characters that join a number as its unit or order of magnitude. */
static int is_multiplier(uint32_t cp)
{
    return cp == 0x4E07 /* 万 */ || cp == 0x4EBF /* 亿 */ || cp == 0x5343 /* 千 */ ||
           cp == 0x767E /* 百 */;
}

/* 年 月 日 号 时 分 秒: a number with one of these is a date or a time. */
static int is_date_suffix(uint32_t cp)
{
    return cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5 || cp == 0x53F7 || cp == 0x65F6 ||
           cp == 0x5206 || cp == 0x79D2;
}

static int is_percent(uint32_t cp)
{
    return cp == '%' || cp == 0xFF05 || cp == 0x2030;
}

static int is_minus(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D || cp == 0x2212;
}

/* Punctuation that repeats as one mark: —— …… */
static int joins_repeats(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2015 || cp == 0x2026 || cp == 0x2025 || cp == 0x2500;
}

static uint32_t punct_kind(const gt_class_table *t, uint32_t cp)
{
    return gt_class_punct_category(t, cp) ? GOVTEXT_TOKEN_PUNCT : GOVTEXT_TOKEN_OTHER;
}

/* ---- one run --------------------------------------------------------- */

/* What the walk of one layer needs, read out of the layer once per call
 * (run_init) rather than once per position. */
typedef struct walk_layer {
    const gt_da_node *nodes;
    uint64_t n_nodes;
    uint32_t n_words;
    uint32_t max_chars;     /* longest word, never 0 */
    const int32_t *costs;   /* per-word costs, or NULL */
    /* A lexicon layer: costs[w] is the node's cost plus cost_offset for
     * every word with a frequency (lex_compute_costs), so only the words
     * without one need costs, a read elsewhere in memory.  (Not so the
     * overlay, whose costs are against the lexicon's total.) */
    int node_costs;
    int32_t cost_offset;
    /* Every word's cost is its node's (no word without a frequency, not a
     * word list) and its tag is the lexicon's tag as it is (the first
     * layer's): a word edge needs nothing but the node.  The default
     * lexicon's one layer is lean; the segmenter takes 6% fewer
     * instructions without the choices the other layers need. */
    int lean;
    int list_cost;          /* costs by length (gt_node_cost) */
    const uint16_t *tag_map;
    uint32_t n_mapped;      /* tags below this have an entry in tag_map */
    const uint32_t *ids;    /* the run's character ids in this layer */
    const int32_t *bases;   /* and gt_trie_first_base of each */
    int32_t *step[3];       /* each position's first three nodes (first_steps) */
} walk_layer;

typedef struct run {
    govtext_segmenter *s;
    const govtext_lexicon *lex;
    size_t n;
    size_t base; /* byte offset of the run in the text */
    const gt_layer *layers[65];
    size_t n_layers; /* including the overlay, last */
    walk_layer walk[65];
    class_costs cc;
    const uint32_t *alnum_end; /* where each alphanumeric run ends (mark_runs), or zeros */
} run;

#define ROW(r, L) ((r)->s->ids + (L) * (size_t)GT_SEG_ID_ROW)
#define BASE_ROW(r, L) ((r)->s->bases + (L) * (size_t)GT_SEG_ID_ROW)
#define FIRST_STEPS 3 /* lexicon_edges_of takes them one by one */
#define STEP_ROW(s, L, d) ((s)->steps + (FIRST_STEPS * (L) + (d)) * (size_t)(GT_SEG_MAX + 1))

/* The first three steps of the walk from every position of the run (-1:
 * none), in one loop.  The positions do not depend on each other, so the
 * processor overlaps their cache misses -- from the second step on, a
 * walk goes anywhere in the node array and usually misses -- where the
 * walks themselves, each ending in a mispredicted branch, would wait for
 * them one at a time; the second nodes were asked for while the run was
 * decoded (gt_graph_words).  The first step is no read at all: the base
 * of its node came with the character's id (W->bases), which takes a
 * load off the chain each walk waits on (4.5% fewer instructions, too).
 * (GCC turns some of the selects into branches; written with masks so
 * that it cannot, the loop was slower.)  Few walks go further.  ids[n]
 * and ids[n + 1] must be 0. */
static void first_steps(const walk_layer *W, size_t n)
{
    const gt_da_node *nodes = W->nodes;
    const uint64_t n_nodes = W->n_nodes;
    const uint32_t *ids = W->ids;
    const int32_t *bases = W->bases;
    const uint32_t b0 = (uint32_t)nodes[0].base;
    int32_t *step1 = W->step[0], *step2 = W->step[1], *step3 = W->step[2];
    for (size_t k = 0; k < n; k++) {
        uint32_t id1 = ids[k], id2 = ids[k + 1], id3 = ids[k + 2];
        /* Slot 0 is the root, never anyone's child: a step that cannot
         * be taken goes there and fails the check.  An id of 0 (a
         * character no word has, or the end of the run) needs no test of
         * its own: labels start at 1, so slot base + 0 is never a child
         * of that node and its check fails.  Nor does the longest word's
         * length: below it, nodes have no children (base < 0). */
        int32_t b1 = bases[k];
        int ok1 = b1 != GT_TRIE_NO_CHILD;
        uint64_t u1 = (uint64_t)b0 + id1; /* meant only if ok1 */
        uint64_t u2 = (uint64_t)(uint32_t)b1 + id2;
        u2 = (b1 >= 0 && u2 < n_nodes) ? u2 : 0;
        int ok2 = nodes[u2].check == (int32_t)u1 && u2 != 0;
        int32_t b2 = nodes[u2].base;
        uint64_t u3 = (uint64_t)(uint32_t)b2 + id3;
        u3 = (ok2 && b2 >= 0 && u3 < n_nodes) ? u3 : 0;
        int ok3 = nodes[u3].check == (int32_t)u2 && u3 != 0;
        step1[k] = ok1 ? (int32_t)u1 : -1;
        step2[k] = ok2 ? (int32_t)u2 : -1;
        step3[k] = ok3 ? (int32_t)u3 : -1;
    }
}

/* best[j] becomes cell if its cost c is lower (segmenter.h: a select by
 * mask, which GCC keeps; written as ?: it becomes the branch again). */
static inline void improve(uint64_t *best, size_t j, int32_t c, uint64_t cell)
{
    uint64_t old = best[j];
    uint64_t take = -(uint64_t)(c < gt_cell_cost(old));
    best[j] = (cell & take) | (old & ~take);
}

static inline void relax(govtext_segmenter *s, size_t i, size_t j, int32_t cost, uint32_t kind,
                         uint32_t tag)
{
    int32_t c = gt_cell_cost(s->best[i]) + cost;
    improve(s->best, j, c, gt_cell(c, j - i, kind, tag));
}

/* The lexicon tag id of a layer's tag. */
static inline uint32_t layer_tag(const gt_layer *L, uint32_t t)
{
    return (t <= L->n_tags && L->tag_map) ? L->tag_map[t] : 0;
}

/* Relaxes the edge i -> i + len if node u of layer W ends a word there.
 * Returns 1 if it does (whether or not a later layer gave that length).
 * plain: the usual run (best_path): every position may end a token, and
 * the one layer is lean (walk_layer), so that the word's cost and tag are
 * in its node as they are. */
static inline int word_edge(run *r, const walk_layer *W, size_t i, size_t len, int32_t u,
                            int32_t best_i, int multi, int plain, uint64_t *seen)
{
    govtext_segmenter *s = r->s;
    const gt_da_node *nd = &W->nodes[u];
    int32_t w = nd->word;
    if ((uint32_t)w >= W->n_words || (!plain && !s->bok[i + len])) /* w < 0 too */
        return 0;
    if (multi) {
        uint64_t bit = (uint64_t)1 << (len - 1);
        if (*seen & bit)
            return 1;
        *seen |= bit;
    }
    if (plain) {
        uint32_t t = nd->tag;
        int32_t c = best_i + (int32_t)nd->cost + W->cost_offset;
        improve(s->best, i + len, c, gt_cell(c, len, GOVTEXT_TOKEN_WORD, t < W->n_mapped ? t : 0));
        return 1;
    }
    /* gt_node_cost, with the layer's choices made once. */
    int32_t cost;
    if (W->list_cost)
        cost = gt_list_cost((uint32_t)len);
    else if (!W->costs || (W->node_costs && nd->cost != GT_COST_NONE))
        cost = (int32_t)nd->cost + W->cost_offset;
    else
        cost = W->costs[w];
    /* A word list says nothing of how likely a word is; of the
     * one-character words, function words are the likely ones (方面|的
     * rather than 方|面的). */
    if (len == 1 && W->list_cost)
        cost += gt_class_function_word(s->cc, s->cp[i]) ? -NATS(0.6) : NATS(0.6);
    int32_t c = best_i + cost;
    uint32_t t = nd->tag;
    t = t < W->n_mapped ? W->tag_map[t] : 0;
    improve(s->best, i + len, c, gt_cell(c, len, GOVTEXT_TOKEN_WORD, t));
    return 1;
}

/* Relaxes every lexicon word that starts at i.  Returns 1 if one of them
 * is a single character.  The hot loop of segmentation: the first three
 * nodes of each walk are ready (first_steps) and what the rest needs is in
 * r->walk. */
static inline int lexicon_edges_of(run *r, size_t i, size_t n_layers, int plain)
{
    const int32_t best_i = gt_cell_cost(r->s->best[i]);
    const int multi = n_layers > 1;
    int single = 0;
    uint64_t seen = 0; /* lengths already given by a later layer */
    for (size_t li = n_layers; li-- > 0;) {
        const walk_layer *W = &r->walk[li];
        /* A step exists only inside the run (ids[n] is 0) and the
         * layer's longest word (deeper nodes have no children), so the
         * first three need no bound of their own. */
        int32_t u = W->step[0][i];
        if (u < 0)
            continue;
        single |= word_edge(r, W, i, 1, u, best_i, multi, plain, &seen);
        if ((u = W->step[1][i]) < 0)
            continue;
        word_edge(r, W, i, 2, u, best_i, multi, plain, &seen);
        if ((u = W->step[2][i]) < 0)
            continue;
        word_edge(r, W, i, 3, u, best_i, multi, plain, &seen);
        size_t max_len = r->n - i;
        if (max_len > W->max_chars)
            max_len = W->max_chars;
        const gt_da_node *nodes = W->nodes;
        const uint32_t *ids = W->ids;
        for (size_t len = 4; len <= max_len; len++) {
            /* gt_trie_step, by hand: one node read per character. */
            uint32_t id = ids[i + len - 1];
            int32_t b = nodes[u].base;
            if (id == 0 || b < 0)
                break;
            uint64_t v = (uint64_t)(uint32_t)b + id;
            if (v >= W->n_nodes || nodes[v].check != u)
                break;
            u = (int32_t)v;
            word_edge(r, W, i, len, u, best_i, multi, plain, &seen);
        }
    }
    return single;
}

/* The end of the Chinese numeral run at i: numeral characters, and 点 as
 * a decimal point between two of them. */
static size_t cnum_end(const govtext_segmenter *s, size_t i, size_t n)
{
    size_t k = i;
    while (k < n) {
        if (s->cls[k] & GT_CC_CNUM)
            k++;
        else if (s->cp[k] == 0x70B9 /* 点 */ && k > i && k + 1 < n && (s->cls[k + 1] & GT_CC_CNUM))
            k++;
        else
            break;
    }
    return k;
}

static void cnum_edges(run *r, size_t i)
{
    govtext_segmenter *s = r->s;
    size_t n = r->n;
    uint32_t cp = s->cp[i];
    /* Nearly every character is neither a numeral nor 第: one test. */
    if (!(s->cls[i] & GT_CC_CNUM) && cp != 0x7B2C)
        return;
    if ((s->cls[i] & GT_CC_CNUM) && (i == 0 || !(s->cls[i - 1] & GT_CC_CNUM))) {
        size_t e = cnum_end(s, i, n);
        if (e - i >= 2) {
            relax(s, i, e, r->cc.cnum, GOVTEXT_TOKEN_NUMBER, 0);
            if (e < n && is_date_suffix(s->cp[e]))
                relax(s, i, e + 1, r->cc.cnum, GOVTEXT_TOKEN_DATE, 0);
        }
    }
    /* 第 + number: an ordinal (第十七, 第3). */
    if (cp == 0x7B2C && i + 1 < n) {
        if (s->cls[i + 1] & GT_CC_CNUM) {
            size_t e = cnum_end(s, i + 1, n);
            relax(s, i, e, r->cc.cnum, GOVTEXT_TOKEN_NUMBER, 0);
        }
    }
    /* 百分之 + number: a percentage. */
    if (cp == 0x767E && i + 3 < n && s->cp[i + 1] == 0x5206 && s->cp[i + 2] == 0x4E4B &&
        (s->cls[i + 3] & GT_CC_CNUM)) {
        size_t e = cnum_end(s, i + 3, n);
        relax(s, i, e, r->cc.cnum, GOVTEXT_TOKEN_NUMBER, 0);
    }
}

/* Alphanumeric runs: their end is kept in s->path[start] while the run is
 * analysed (path is free until the backtrack), and no token starts or ends
 * inside one (bok 0, set back to 1 when the run is done).  Only runs that
 * have such characters come here: the others read s->zeros for their ends
 * and find bok all 1, so that no store per character prepares them. */
static void mark_runs(govtext_segmenter *s, size_t n)
{
    const uint8_t *cls = s->cls;
    size_t k = 0;
    memset(s->path, 0, n * sizeof *s->path);
    while (k < n) {
        /* Most characters are Han: one test passes them.  (The minus
         * signs are all GT_CC_PUNCT.) */
        if (!(cls[k] & (GT_CC_DIGIT | GT_CC_ALPHA | GT_CC_PUNCT))) {
            k++;
            continue;
        }
        int alnum = (cls[k] & (GT_CC_DIGIT | GT_CC_ALPHA)) != 0;
        int minus = !alnum && is_minus(s->cp[k]) && k + 1 < n && (cls[k + 1] & GT_CC_DIGIT);
        if (!alnum && !minus) {
            k++;
            continue;
        }
        size_t st = k++;
        for (;;) {
            while (k < n && (cls[k] & (GT_CC_DIGIT | GT_CC_ALPHA)))
                k++;
            if (k + 1 < n && gt_char_is_connector(s->cp[k]) &&
                (cls[k + 1] & (GT_CC_DIGIT | GT_CC_ALPHA))) {
                k++;
                continue;
            }
            break;
        }
        s->path[st] = (uint32_t)k;
        for (size_t m = st + 1; m < k; m++)
            s->bok[m] = 0;
    }
}

static void alnum_edges(run *r, size_t i)
{
    govtext_segmenter *s = r->s;
    size_t n = r->n, e = s->path[i];
    int number = 1;
    for (size_t k = i; k < e && number; k++)
        number = (s->cls[k] & GT_CC_DIGIT) || gt_char_is_connector(s->cp[k]) ||
                 (k == i && is_minus(s->cp[k]));
    if (!number) {
        relax(s, i, e, r->cc.number, GOVTEXT_TOKEN_LATIN, 0);
        return;
    }
    relax(s, i, e, r->cc.number, GOVTEXT_TOKEN_NUMBER, 0);
    size_t m = e;
    while (m < n && m < e + 2 && is_multiplier(s->cp[m]))
        m++;
    if (m > e)
        relax(s, i, m, r->cc.number, GOVTEXT_TOKEN_NUMBER, 0);
    if (m < n && m == e && is_date_suffix(s->cp[m]))
        relax(s, i, m + 1, r->cc.number, GOVTEXT_TOKEN_DATE, 0);
    if (m < n && is_percent(s->cp[m]))
        relax(s, i, m + 1, r->cc.number, GOVTEXT_TOKEN_NUMBER, 0);
}

/* Emits the lexicon words strictly inside token [a, b) (index mode):
 * each start in order, shorter words first. */
static void inner_words(run *r, size_t a, size_t b, gt_token_sink *sink)
{
    govtext_segmenter *s = r->s;
    for (size_t i = a; i + 1 < b; i++) {
        uint32_t ends[GT_LEX_MAX_CHARS + 1];
        uint32_t tags[GT_LEX_MAX_CHARS + 1];
        uint64_t seen = 0;
        for (size_t li = r->n_layers; li-- > 0;) {
            const gt_layer *L = r->layers[li];
            const uint32_t *ids = ROW(r, li);
            int32_t node = 0;
            for (size_t k = i; k < b && k - i < GT_LEX_MAX_CHARS; k++) {
                if (ids[k] == 0 || (node = gt_trie_step(&L->trie, node, ids[k])) < 0)
                    break;
                int32_t w = gt_trie_word(&L->trie, node);
                size_t len = k + 1 - i;
                if (w < 0 || len < 2 || (i == a && k + 1 == b) || !s->bok[k + 1])
                    continue;
                uint64_t bit = (uint64_t)1 << (len - 1);
                if (seen & bit)
                    continue;
                seen |= bit;
                ends[len] = (uint32_t)(k + 1);
                tags[len] = layer_tag(L, L->trie.nodes[node].tag);
            }
        }
        for (size_t len = 2; len <= GT_LEX_MAX_CHARS && seen; len++) {
            uint64_t bit = (uint64_t)1 << (len - 1);
            if (seen & bit) {
                seen &= ~bit;
                gt_sink_put(sink, r->base + s->off[i], r->base + s->off[ends[len]],
                            GOVTEXT_TOKEN_WORD, tags[len]);
            }
        }
    }
}

/* A one-character Han token that may be part of a foreign name. */
static int translit_single(const govtext_segmenter *s, size_t i, size_t j)
{
    uint32_t kind = gt_cell_kind(s->best[j]), cp = s->cp[i], d = cp - GT_HAN_FIRST;
    int word = kind == GOVTEXT_TOKEN_WORD || kind == GOVTEXT_TOKEN_UNKNOWN;
    /* Asked of every token: whether it is one character, and whether
     * that character can spell a foreign name, are each a coin toss, but
     * both at once are rare.  So, for a Han token, & rather than &&: one
     * branch, nearly always the same way. */
    if (d < GT_HAN_SPAN)
        return (j == i + 1) & word & ((s->cc->han[d] & GT_HF_TRANSLIT) != 0);
    return j == i + 1 && word && gt_char_is_transliteration(cp);
}

static int han_token(const govtext_segmenter *s, size_t i, size_t j)
{
    uint32_t kind = gt_cell_kind(s->best[j]);
    return (kind == GOVTEXT_TOKEN_WORD || kind == GOVTEXT_TOKEN_UNKNOWN) &&
           (s->cls[i] & GT_CC_HAN);
}

static int is_name_dot(uint32_t cp)
{
    return cp == 0x00B7 || cp == 0x30FB || cp == 0x2022 || cp == 0xFF65 || cp == 0x2027;
}

/* The end of a run of one-character transliteration tokens that starts
 * with the token ending at path[*k] (from start i); consumes them. */
static size_t translit_run(const govtext_segmenter *s, size_t i, size_t *k)
{
    size_t e = i;
    while (*k > 0 && translit_single(s, e, s->path[*k - 1]))
        e = s->path[--*k];
    return e;
}

/* Emits the tokens of the best path (path[m-1] is the first token's end),
 * mending what a unigram path gets wrong with unknown words:
 *  - a foreign name the lexicon lacks falls apart into single characters
 *    of the transliteration set (拉|姆|斯|菲|尔|德): three or more such
 *    single characters in a row are one unknown word;
 *  - the parts of a foreign name joined by a middle dot (菲德尔·卡斯特罗)
 *    are one word.
 * In index mode, a long word's inner lexicon words follow it. */
static void emit_tokens(run *r, size_t m, uint32_t mode, gt_token_sink *sink)
{
    govtext_segmenter *s = r->s;
    size_t k = m, i = 0;
    while (k > 0) {
        size_t j = s->path[--k];
        uint32_t kind = gt_cell_kind(s->best[j]), tag = gt_cell_tag(s->best[j]);
        if (translit_single(s, i, j)) {
            size_t kk = k + 1, e = translit_run(s, i, &kk);
            if (e - i >= 3) {
                j = e;
                k = kk;
                kind = GOVTEXT_TOKEN_UNKNOWN;
                tag = 0;
            }
        }
        /* The middle dot first: it is rarely there, where the other
         * tests go either way; the two dots a run can hold (the others
         * end runs) are punctuation, and its class says so in one test
         * (cls[n] is 0). */
        while ((s->cls[j] & GT_CC_PUNCT) && is_name_dot(s->cp[j]) && j - i >= 2 &&
               han_token(s, i, j) && k >= 2) {
            size_t jd = s->path[k - 1], jn = s->path[k - 2];
            if (jd != j + 1 || !han_token(s, jd, jn))
                break;
            size_t kk = k - 1, e = jn;
            if (jn - jd == 1) {
                e = translit_run(s, jd, &kk);
                if (e - jd < 2)
                    break;
            } else {
                kk = k - 2;
            }
            j = e;
            k = kk;
            kind = GOVTEXT_TOKEN_UNKNOWN;
            tag = 0;
        }
        gt_sink_put(sink, r->base + s->off[i], r->base + s->off[j], kind, tag);
        if (mode == GOVTEXT_SEG_INDEX && j - i >= 3 &&
            (kind == GOVTEXT_TOKEN_WORD || kind == GOVTEXT_TOKEN_UNKNOWN))
            inner_words(r, i, j, sink);
        i = j;
    }
}

/* What a call needs of the lexicon's layers and the overlay, read once. */
static void run_init(run *r, govtext_segmenter *s)
{
    r->s = s;
    r->lex = s->lex;
    r->n_layers = 0;
    for (size_t i = 0; i < s->lex->n_layers && r->n_layers < 64; i++)
        r->layers[r->n_layers++] = &s->lex->layers[i];
    if (s->overlay_built && s->overlay.trie.n_words > 0)
        r->layers[r->n_layers++] = &s->overlay;
    get_costs(s->lex, &r->cc);
    for (size_t li = 0; li < r->n_layers; li++) {
        const gt_layer *L = r->layers[li];
        const gt_trie *t = &L->trie;
        walk_layer *W = &r->walk[li];
        W->nodes = t->nodes;
        W->n_nodes = t->n_nodes;
        W->n_words = t->n_words;
        W->max_chars = L->max_chars ? L->max_chars : GT_LEX_MAX_CHARS;
        W->costs = L->costs;
        W->node_costs = li < s->lex->n_layers;
        W->cost_offset = L->cost_offset;
        W->list_cost = L->costs == NULL && s->lex->list_mode;
        W->tag_map = L->tag_map;
        W->n_mapped = L->tag_map ? L->n_tags + 1 : 0;
        W->lean = W->node_costs && !W->costs && !W->list_cost && L->tags_as_is;
        W->ids = ROW(r, li);
        W->bases = BASE_ROW(r, li);
        for (size_t d = 0; d < FIRST_STEPS; d++)
            W->step[d] = STEP_ROW(s, li, d);
    }
}

/* The best path through the run: the edges from each position in turn.
 * plain: the run has no digit, letter or punctuation (so every character
 * is Han, and every position may start and end a token: mark_runs did
 * not run), and there is one layer, a lean one (walk_layer). */
static inline void best_path(run *r, size_t n, size_t n_layers, int plain)
{
    govtext_segmenter *s = r->s;
    const uint8_t *bok = s->bok, *cls = s->cls;
    const uint32_t *alnum_end = r->alnum_end;
    for (size_t i = 0; i < n; i++) {
        /* (best[i] is below INF wherever bok is 1: some edge reaches
         * every such position.  Were it not, the edges from i would
         * improve nothing, as INF + cost is no less than INF.) */
        if (!plain && !bok[i])
            continue;
        unsigned c = cls[i];
        int single = n_layers ? lexicon_edges_of(r, i, n_layers, plain) : 0;
        if (!plain && alnum_end[i]) {
            alnum_edges(r, i);
            continue;
        }
        if (plain || (c & GT_CC_HAN))
            cnum_edges(r, i);
        if (!single) {
            if (plain || (c & GT_CC_HAN))
                relax(s, i, i + 1, r->cc.unknown, GOVTEXT_TOKEN_UNKNOWN, 0);
            else
                relax(s, i, i + 1, r->cc.punct, punct_kind(s->cc, s->cp[i]), 0);
        }
    }
}

/* Segments the run of n characters in s->cp, cls and off, at byte base of
 * the text; the first layer's character ids are in its row already
 * (gt_graph_words), classes holds the union of the run's classes.  Every
 * loop over a run ends with a mispredicted branch, and runs are short
 * (ten characters in the governance corpus), so the loops are few. */
static void segment_run(run *r, size_t base, size_t n, unsigned classes, uint32_t mode,
                        gt_token_sink *sink)
{
    govtext_segmenter *s = r->s;
    r->n = n;
    r->base = base;
    /* Character ids of each layer, and the first steps of its walks. */
    for (size_t li = 0; li < r->n_layers; li++) {
        walk_layer *W = &r->walk[li];
        const gt_trie *t = &r->layers[li]->trie;
        uint32_t *ids = ROW(r, li);
        int32_t *bases = BASE_ROW(r, li);
        if (li > 0)
            for (size_t k = 0; k < n; k++) {
                ids[k] = gt_trie_char_id(t, s->cp[k]);
                bases[k] = gt_trie_first_base(t, ids[k]);
            }
        ids[n] = ids[n + 1] = 0;
        first_steps(W, n);
    }
    const int alnum = (classes & (GT_CC_DIGIT | GT_CC_ALPHA | GT_CC_PUNCT)) != 0;
    if (alnum)
        mark_runs(s, n);

    r->alnum_end = alnum ? s->path : s->zeros;
    /* The usual run, all Han, searched with one lean layer (the default
     * lexicon, no user words), has a copy of its own. */
    if (!alnum && r->n_layers == 1 && r->walk[0].lean)
        best_path(r, n, 1, 1);
    else
        best_path(r, n, r->n_layers, 0);

    /* Backtrack: token ends from the last to the first. */
    size_t m = 0;
    for (size_t j = n; j > 0; j -= gt_cell_len(s->best[j]))
        s->path[m++] = (uint32_t)j;
    emit_tokens(r, m, mode, sink);
    if (alnum)
        memset(s->bok, 1, n + 1);
}

size_t gt_graph_words(govtext_segmenter *s, const char *text, size_t len, uint32_t mode,
                      uint32_t flags, gt_token_sink *sink)
{
    const unsigned char *u = (const unsigned char *)text;
    const gt_class_table *cct = s->cc;
    uint32_t *cps = s->cp, *off = s->off;
    uint8_t *cls = s->cls;
    run r;
    run_init(&r, s);
    /* The first layer's ids and first bases are taken as the text is
     * decoded (segment_run); with no layer, nobody reads them. */
    uint32_t *ids0 = ROW(&r, 0);
    int32_t *bases0 = BASE_ROW(&r, 0);
    const gt_trie *t0 = r.n_layers ? &r.layers[0]->trie : NULL;
    const uint64_t *han = s->han;
    const gt_da_node *nodes0 = t0 ? t0->nodes : NULL;
    const uint64_t n_nodes0 = t0 ? t0->n_nodes : 0;
    const uint32_t han_span = han ? GT_HAN_SPAN : 0;
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp;
        size_t w = gt_utf8_decode_checked(u + pos, len - pos, &cp);
        if (w == 0)
            return pos;
        unsigned c = gt_class_of(cct, cp);
        if (c & GT_CC_SPACE) {
            size_t st = pos;
            pos += w;
            while (pos < len) {
                w = gt_utf8_decode_checked(u + pos, len - pos, &cp);
                if (w == 0)
                    return pos;
                if (!(gt_class_of(cct, cp) & GT_CC_SPACE))
                    break;
                pos += w;
            }
            if (flags & GOVTEXT_SEG_KEEP_SPACE)
                gt_sink_put(sink, st, pos, GOVTEXT_TOKEN_SPACE, 0);
            continue;
        }
        if (c & GT_CC_HARD) {
            size_t st = pos;
            uint32_t first = cp;
            pos += w;
            while (joins_repeats(first) && pos < len) {
                w = gt_utf8_decode_checked(u + pos, len - pos, &cp);
                if (w == 0)
                    return pos;
                if (cp != first)
                    break;
                pos += w;
            }
            gt_sink_put(sink, st, pos, first < 0x20 ? GOVTEXT_TOKEN_OTHER : punct_kind(cct, first),
                        0);
            continue;
        }
        /* A run: everything up to the next space or hard punctuation,
         * decoded once into the scratch arrays. */
        size_t st = pos, n = 0;
        unsigned classes = 0;
        s->best[0] = gt_cell(0, 0, GOVTEXT_TOKEN_WORD, 0);
        while (pos < len && n < GT_SEG_MAX) {
            uint32_t id, d;
            int32_t b1;
            w = gt_utf8_decode_checked(u + pos, len - pos, &cp);
            if (w == 0)
                return pos;
            /* The usual character, an ideograph of the CJK block: its
             * class, id and first base are one read (s->han). */
            if ((d = cp - GT_HAN_FIRST) < han_span) {
                uint64_t v = han[d];
                c = (uint32_t)v >> 24;
                id = (uint32_t)v & 0xFFFFFFu;
                b1 = (int32_t)(uint32_t)(v >> 32);
            } else {
                c = gt_class_of(cct, cp);
                if (c & (GT_CC_SPACE | GT_CC_HARD))
                    break;
                id = t0 ? gt_trie_char_id(t0, cp) : 0;
                b1 = t0 ? gt_trie_first_base(t0, id) : GT_TRIE_NO_CHILD;
            }
            cps[n] = cp;
            cls[n] = (uint8_t)c;
            off[n] = (uint32_t)(pos - st);
            ids0[n] = id;
            bases0[n] = b1;
            /* The walk from the previous character will read the node of
             * its second step, which is anywhere in the array: it is
             * fetched now, ahead of first_steps. */
            if (n > 0 && bases0[n - 1] >= 0) {
                uint64_t p2 = (uint64_t)(uint32_t)bases0[n - 1] + id;
                if (p2 < n_nodes0)
                    __builtin_prefetch(&nodes0[p2]);
            }
            classes |= c;
            /* The path search's start state for the position after this
             * character (a loop of its own would cost one more
             * mispredicted exit per run): no path yet, and a length of 1
             * so that the backtrack ends whatever happens. */
            s->best[n + 1] = gt_cell(INF, 1, GOVTEXT_TOKEN_WORD, 0);
            n++;
            pos += w;
        }
        off[n] = (uint32_t)(pos - st);
        cps[n] = 0; /* emit_tokens looks at the character after the last token */
        cls[n] = 0;
        segment_run(&r, st, n, classes, mode, sink);
    }
    return len;
}

/* ---- costs of words without frequency -------------------------------- */

int32_t gt_graph_parts_cost(const govtext_lexicon *lex, const gt_layer *overlay,
                            const uint32_t *cps, size_t n)
{
    int32_t best[GT_LEX_MAX_CHARS + 1];
    class_costs cc;
    get_costs(lex, &cc);
    if (n > GT_LEX_MAX_CHARS)
        n = GT_LEX_MAX_CHARS;
    best[0] = 0;
    for (size_t k = 1; k <= n; k++)
        best[k] = INF;
    size_t nl = lex->n_layers + (overlay ? 1 : 0);
    for (size_t i = 0; i < n; i++) {
        int single = 0;
        for (size_t li = 0; li < nl; li++) {
            const gt_layer *L = li < lex->n_layers ? &lex->layers[li] : overlay;
            int32_t node = 0;
            for (size_t k = i; k < n; k++) {
                uint32_t id = gt_trie_char_id(&L->trie, cps[k]);
                if (id == 0 || (node = gt_trie_step(&L->trie, node, id)) < 0)
                    break;
                int32_t w = gt_trie_word(&L->trie, node);
                if (w < 0 || (i == 0 && k + 1 == n))
                    continue;
                size_t len = k + 1 - i;
                single |= len == 1;
                int32_t c = best[i] + gt_node_cost(lex, L, &L->trie.nodes[node], (uint32_t)w,
                                                   (uint32_t)len);
                if (c < best[k + 1])
                    best[k + 1] = c;
            }
        }
        if (!single && n > 1 && best[i] + cc.unknown < best[i + 1])
            best[i + 1] = best[i] + cc.unknown;
    }
    return n > 1 ? best[n] : cc.unknown;
}

typedef struct suggest_ctx {
    const govtext_lexicon *lex;
    gt_layer *L;
} suggest_ctx;

static int suggest_one(uint32_t w, const gt_da_node *node, const uint32_t *cps, size_t n,
                       void *ud)
{
    (void)node;
    suggest_ctx *c = ud;
    if (c->L->words[w].freq != 0)
        return 0;
    int32_t cost = gt_graph_parts_cost(c->lex, NULL, cps, n) - GT_COST_SCALE / 8;
    c->L->costs[w] = cost < 0 ? 0 : cost;
    return 0;
}

int gt_graph_suggest_layer_costs(const govtext_lexicon *lex, gt_layer *L)
{
    suggest_ctx c = {lex, L};
    return gt_trie_each_word(&L->trie, GT_LEX_MAX_CHARS, suggest_one, &c);
}
