/* govtext_lexicon: the public face of the layer stack (lexicon.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "segment/char_class.h"
#include "segment/lexicon.h"
#include "segment/word_graph.h"

#define MAX_TEXT_BYTES ((size_t)1 << 30) /* a text lexicon larger than this is refused */

govtext_status gt_lex_fail(govtext_lexicon *lex, govtext_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lex->errmsg, sizeof lex->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static govtext_status lex_ok(govtext_lexicon *lex)
{
    lex->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

govtext_lexicon *govtext_lexicon_new(void)
{
    govtext_lexicon *lex = calloc(1, sizeof *lex);
    if (!lex)
        return NULL;
    atomic_init(&lex->refs, 1);
    atomic_init(&lex->state, GT_LEX_OPEN);
    return lex;
}

void gt_layer_release(gt_layer *L)
{
    gt_trie_release_charmap(&L->trie);
    free(L->tag_map);
    free(L->costs);
    for (int i = 0; i < 4; i++)
        free(L->heap[i]);
    if (L->map)
        munmap(L->map, L->map_len);
    memset(L, 0, sizeof *L);
}

static void lex_destroy(govtext_lexicon *lex)
{
    for (size_t i = 0; i < lex->n_layers; i++)
        gt_layer_release(&lex->layers[i]);
    free(lex->layers);
    free(lex->tag_names);
    free(lex->han);
    free(lex);
}

/* Segmenters hold references too (segmenter.c). */
void gt_lex_retain(govtext_lexicon *lex);
void gt_lex_release(govtext_lexicon *lex);

void gt_lex_retain(govtext_lexicon *lex)
{
    atomic_fetch_add_explicit(&lex->refs, 1, memory_order_relaxed);
}

void gt_lex_release(govtext_lexicon *lex)
{
    if (lex && atomic_fetch_sub_explicit(&lex->refs, 1, memory_order_acq_rel) == 1)
        lex_destroy(lex);
}

void govtext_lexicon_free(govtext_lexicon *lex)
{
    gt_lex_release(lex);
}

const char *govtext_lexicon_errmsg(const govtext_lexicon *lex)
{
    return lex ? lex->errmsg : "no lexicon (NULL handle)";
}

uint16_t gt_lex_tag_find(const govtext_lexicon *lex, const char *name)
{
    for (uint32_t i = 0; i < lex->n_tag_names; i++)
        if (strcmp(lex->tag_names[i], name) == 0)
            return (uint16_t)(i + 1);
    return 0;
}

uint16_t gt_lex_tag_id(govtext_lexicon *lex, const char *name)
{
    if (!name[0])
        return 0;
    uint16_t id = gt_lex_tag_find(lex, name);
    if (id)
        return id;
    if (lex->n_tag_names >= 0xFFFE ||
        gt_grow_array((void **)&lex->tag_names, &lex->cap_tag_names, lex->n_tag_names + 1,
                      sizeof *lex->tag_names) != 0)
        return 0;
    gt_tag_copy(lex->tag_names[lex->n_tag_names], name);
    return (uint16_t)++lex->n_tag_names;
}

const char *govtext_lexicon_tag_name(const govtext_lexicon *lex, uint32_t tag)
{
    if (!lex || tag == 0 || tag > lex->n_tag_names)
        return "";
    return lex->tag_names[tag - 1];
}

size_t govtext_lexicon_size(const govtext_lexicon *lex)
{
    size_t n = 0;
    if (lex)
        for (size_t i = 0; i < lex->n_layers; i++)
            n += lex->layers[i].trie.n_words;
    return n;
}

size_t govtext_lexicon_skipped_lines(const govtext_lexicon *lex)
{
    return lex ? lex->skipped : 0;
}

govtext_status gt_lex_add_layer(govtext_lexicon *lex, gt_layer *L)
{
    if (lex->n_layers >= GT_LEX_MAX_LAYERS) {
        gt_layer_release(L);
        return gt_lex_fail(lex, GOVTEXT_ERR_LIMIT, "a lexicon holds at most %d files or texts",
                           GT_LEX_MAX_LAYERS);
    }
    L->tag_map = calloc(L->n_tags + 1, sizeof *L->tag_map);
    if (!L->tag_map ||
        gt_grow_array((void **)&lex->layers, &lex->cap_layers, lex->n_layers + 1,
                      sizeof *lex->layers) != 0) {
        gt_layer_release(L);
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < L->n_tags; i++) {
        char name[GT_TAG_MAX];
        memcpy(name, L->tags[i], GT_TAG_MAX);
        name[GT_TAG_MAX - 1] = '\0';
        L->tag_map[i + 1] = gt_lex_tag_id(lex, name);
    }
    L->tags_as_is = 1;
    for (uint32_t t = 0; t <= L->n_tags; t++)
        L->tags_as_is &= L->tag_map[t] == t;
    lex->layers[lex->n_layers++] = *L;
    memset(L, 0, sizeof *L);
    return lex_ok(lex);
}

static govtext_status check_open(govtext_lexicon *lex)
{
    if (atomic_load(&lex->state) != GT_LEX_OPEN)
        return gt_lex_fail(lex, GOVTEXT_ERR_INVALID_ARG,
                           "the lexicon is in use by a segmenter and can no longer change "
                           "(load every lexicon before creating segmenters)");
    return GOVTEXT_OK;
}

govtext_status govtext_lexicon_load_default(govtext_lexicon *lex)
{
    if (!lex)
        return GOVTEXT_ERR_INVALID_ARG;
    govtext_status st = check_open(lex);
    if (st != GOVTEXT_OK)
        return st;
    size_t len;
    const unsigned char *bytes = gt_default_lexicon_bytes(&len);
    if (len == 0)
        return gt_lex_fail(lex, GOVTEXT_ERR_NOT_FOUND,
                           "this libgovtext was built without a default lexicon");
    gt_layer L;
    char msg[200];
    /* Compiled into the library: the checksum was checked when it was
     * built, and skipping it here keeps the pages untouched until used. */
    st = gt_layer_from_bytes(&L, bytes, len, 0, msg, sizeof msg);
    if (st != GOVTEXT_OK) {
        gt_layer_release(&L);
        return gt_lex_fail(lex, st == GOVTEXT_ERR_CORRUPT ? GOVTEXT_ERR_INTERNAL : st,
                           "default lexicon: %s", msg);
    }
    return gt_lex_add_layer(lex, &L);
}

/* Text lines (or, in memory, a compiled lexicon) into a new layer. */
static govtext_status load_text_layer(govtext_lexicon *lex, const char *text, size_t len,
                                      const char *what)
{
    if (len > MAX_TEXT_BYTES)
        return gt_lex_fail(lex, GOVTEXT_ERR_LIMIT, "%s: %zu bytes is more than the limit of %zu",
                           what, len, MAX_TEXT_BYTES);
    gt_wordset ws;
    gt_wordset_init(&ws);
    size_t skipped = 0;
    if (gt_lex_parse_text(&ws, text, len, &skipped) != 0) {
        gt_wordset_release(&ws);
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "%s: out of memory", what);
    }
    if (ws.n >= (size_t)INT32_MAX / 2) {
        gt_wordset_release(&ws);
        return gt_lex_fail(lex, GOVTEXT_ERR_LIMIT, "%s: too many words", what);
    }
    gt_layer L;
    int rc = gt_wordset_to_layer(&ws, &L);
    gt_wordset_release(&ws);
    if (rc != 0)
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "%s: out of memory", what);
    lex->skipped += skipped;
    return gt_lex_add_layer(lex, &L);
}

static int is_compiled(const void *p, size_t len)
{
    return len >= GT_LEX_MAGIC_LEN && memcmp(p, GT_LEX_MAGIC, GT_LEX_MAGIC_LEN) == 0;
}

govtext_status govtext_lexicon_load_text(govtext_lexicon *lex, const char *text, size_t len)
{
    if (!lex)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!text && len > 0)
        return gt_lex_fail(lex, GOVTEXT_ERR_INVALID_ARG, "text is NULL");
    govtext_status st = check_open(lex);
    if (st != GOVTEXT_OK)
        return st;
    if (!is_compiled(text, len))
        return load_text_layer(lex, text ? text : "", len, "lexicon text");
    /* A compiled lexicon in memory: copied, so that it is aligned and the
     * caller's buffer may go away. */
    void *copy = malloc(len);
    if (!copy)
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "out of memory");
    memcpy(copy, text, len);
    gt_layer L;
    char msg[200];
    st = gt_layer_from_bytes(&L, copy, len, 1, msg, sizeof msg);
    if (st != GOVTEXT_OK) {
        gt_layer_release(&L);
        free(copy);
        return gt_lex_fail(lex, st, "%s", msg);
    }
    L.heap[0] = copy;
    return gt_lex_add_layer(lex, &L);
}

govtext_status govtext_lexicon_load_file(govtext_lexicon *lex, const char *path)
{
    if (!lex)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!path)
        return gt_lex_fail(lex, GOVTEXT_ERR_INVALID_ARG, "path is NULL");
    govtext_status st = check_open(lex);
    if (st != GOVTEXT_OK)
        return st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gt_lex_fail(lex, GOVTEXT_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return gt_lex_fail(lex, GOVTEXT_ERR_IO, "'%s' is not a regular file", path);
    }
    if ((uint64_t)sb.st_size > MAX_TEXT_BYTES * 4) {
        close(fd);
        return gt_lex_fail(lex, GOVTEXT_ERR_LIMIT, "'%s' is too large", path);
    }
    size_t len = (size_t)sb.st_size;
    void *map = NULL;
    if (len > 0) {
        map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return gt_lex_fail(lex, GOVTEXT_ERR_IO, "cannot map '%s': %s", path, strerror(e));
        }
    }
    close(fd);
    if (map && is_compiled(map, len)) {
        gt_layer L;
        char msg[200];
        st = gt_layer_from_bytes(&L, map, len, 1, msg, sizeof msg);
        if (st != GOVTEXT_OK) {
            gt_layer_release(&L);
            munmap(map, len);
            return gt_lex_fail(lex, st, "'%s': %s", path, msg);
        }
        L.map = map;
        L.map_len = len;
        return gt_lex_add_layer(lex, &L);
    }
    char what[160];
    snprintf(what, sizeof what, "'%s'", path);
    st = load_text_layer(lex, map ? map : "", len, what);
    if (map)
        munmap(map, len);
    return st;
}

govtext_status govtext_lexicon_save(govtext_lexicon *lex, const char *path)
{
    if (!lex)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!path)
        return gt_lex_fail(lex, GOVTEXT_ERR_INVALID_ARG, "path is NULL");
    gt_wordset ws;
    gt_wordset_init(&ws);
    gt_layer L;
    memset(&L, 0, sizeof L);
    unsigned char *bytes = NULL;
    size_t len = 0;
    for (size_t i = 0; i < lex->n_layers; i++)
        if (gt_wordset_add_layer(&ws, &lex->layers[i]) != 0)
            goto nomem;
    if (gt_wordset_to_layer(&ws, &L) != 0)
        goto nomem;
    gt_wordset_release(&ws);
    int rc = gt_layer_serialize(&L, &bytes, &len);
    gt_layer_release(&L);
    if (rc != 0)
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "out of memory");

    /* Write a temporary file beside the target and rename it into place,
     * so that a reader never sees half a lexicon. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        free(bytes);
        return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "out of memory");
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    govtext_status st = GOVTEXT_OK;
    if (fd < 0) {
        st = gt_lex_fail(lex, GOVTEXT_ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
    } else {
        size_t done = 0;
        while (done < len) {
            ssize_t w = write(fd, bytes + done, len - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            done += (size_t)w;
        }
        /* mkstemp makes the file 0600; a lexicon is data for everyone. */
        int bad = done != len || fchmod(fd, 0644) != 0 || fsync(fd) != 0;
        int e = errno;
        if (close(fd) != 0)
            bad = 1;
        if (bad || rename(tmp, path) != 0) {
            st = gt_lex_fail(lex, GOVTEXT_ERR_IO, "cannot write '%s': %s", path,
                             strerror(bad ? e : errno));
            unlink(tmp);
        }
    }
    free(tmp);
    free(bytes);
    return st == GOVTEXT_OK ? lex_ok(lex) : st;
nomem:
    gt_wordset_release(&ws);
    return gt_lex_fail(lex, GOVTEXT_ERR_NOMEM, "out of memory");
}

/* ---- freezing ----------------------------------------------------------- */

int32_t gt_list_cost(uint32_t nchars)
{
    (void)nchars;
    return 10 * GT_COST_SCALE;
}

static int lex_compute_costs(govtext_lexicon *lex)
{
    uint64_t total = 0;
    uint32_t max_chars = 1;
    for (size_t i = 0; i < lex->n_layers; i++) {
        total += lex->layers[i].total;
        if (lex->layers[i].max_chars > max_chars)
            max_chars = lex->layers[i].max_chars;
    }
    lex->total = total;
    lex->max_chars = max_chars > GT_LEX_MAX_CHARS ? GT_LEX_MAX_CHARS : max_chars;
    lex->list_mode = total == 0;
    lex->max_cost = total ? (int32_t)(log((double)total) * GT_COST_SCALE) : gt_list_cost(1);
    if (lex->list_mode)
        return 0;
    for (size_t i = 0; i < lex->n_layers; i++) {
        gt_layer *L = &lex->layers[i];
        L->cost_offset =
            L->total ? (int32_t)lround(log((double)total / (double)L->total) * GT_COST_SCALE) : 0;
        if (!L->freqless)
            continue;
        L->costs = malloc((L->trie.n_words + 1) * sizeof *L->costs);
        if (!L->costs)
            return -1;
        for (uint32_t w = 0; w < L->trie.n_words; w++)
            L->costs[w] = L->words[w].freq ? (int32_t)L->words[w].cost + L->cost_offset
                                           : lex->max_cost + GT_COST_SCALE;
    }
    /* Words without a frequency get just enough to beat their parts, as
     * jieba's suggest_freq does. */
    for (size_t i = 0; i < lex->n_layers; i++)
        if (lex->layers[i].costs && gt_graph_suggest_layer_costs(lex, &lex->layers[i]) != 0)
            return -1;
    return 0;
}

/* lex->han (lexicon.h), with the classes the segmenters' class tables
 * give. */
static int lex_build_han(govtext_lexicon *lex)
{
    if (lex->n_layers == 0)
        return 0;
    uint64_t *han = malloc(GT_HAN_SPAN * sizeof *han);
    gt_class_table *cc = malloc(sizeof *cc);
    if (!han || !cc) {
        free(han);
        free(cc);
        return -1;
    }
    gt_class_table_init(cc);
    const gt_trie *t0 = &lex->layers[0].trie;
    for (uint32_t d = 0; d < GT_HAN_SPAN; d++) {
        uint32_t cp = GT_HAN_FIRST + d, id = gt_trie_char_id(t0, cp);
        han[d] = (uint64_t)(uint32_t)gt_trie_first_base(t0, id) << 32 |
                 (uint32_t)gt_class_of(cc, cp) << 24 | id;
    }
    free(cc);
    lex->han = han;
    return 0;
}

int gt_lex_freeze(govtext_lexicon *lex)
{
    int expected = GT_LEX_OPEN;
    if (atomic_compare_exchange_strong(&lex->state, &expected, GT_LEX_FREEZING)) {
        if (lex_compute_costs(lex) != 0 || lex_build_han(lex) != 0) {
            for (size_t i = 0; i < lex->n_layers; i++) {
                free(lex->layers[i].costs);
                lex->layers[i].costs = NULL;
            }
            atomic_store(&lex->state, GT_LEX_OPEN);
            return -1;
        }
        atomic_store(&lex->state, GT_LEX_FROZEN);
        return 0;
    }
    /* Another thread is freezing it: wait for the result. */
    while ((expected = atomic_load(&lex->state)) == GT_LEX_FREEZING)
        sched_yield();
    return expected == GT_LEX_FROZEN ? 0 : -1;
}
