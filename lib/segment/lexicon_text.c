/* Text lexicons: one `word [freq] [tag]` per line, fields separated by
 * spaces or tabs, as jieba's dictionaries and user dictionaries are
 * (jieba also allows `word tag`).  Blank lines and lines starting with '#'
 * are ignored; a line that is not of that shape is skipped and counted,
 * so that one bad line does not cost a user the whole file. */
#include <string.h>

#include "common/utf8.h"
#include "segment/char_class.h"
#include "segment/lexicon.h"

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* A tag: 1..15 bytes of ASCII letters, digits, '_' or '-'. */
static int valid_tag(const char *s, size_t n)
{
    if (n == 0 || n >= GT_TAG_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static int parse_freq(const char *s, size_t n, uint32_t *out)
{
    if (n == 0 || n > 10)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX)
        return 0;
    *out = (uint32_t)v;
    return 1;
}

/* A word: valid UTF-8, 1..GT_LEX_MAX_CHARS characters, no control or
 * space characters. */
static int valid_word(const char *s, size_t n)
{
    if (n == 0 || gt_utf8_validate(s, n) != n)
        return 0;
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gt_utf8_next(s, n, i, &cp);
        if (cp < 0x20 || cp == 0x7F || (gt_char_class(cp) & GT_CC_SPACE))
            return 0;
        if (++chars > GT_LEX_MAX_CHARS)
            return 0;
    }
    return 1;
}

int gt_lex_parse_text(gt_wordset *ws, const char *text, size_t len, size_t *skipped)
{
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;

        const char *f[4];
        size_t fl[4];
        size_t nf = 0, i = 0;
        while (i < n) {
            while (i < n && is_blank(line[i]))
                i++;
            if (i >= n)
                break;
            size_t s = i;
            while (i < n && !is_blank(line[i]))
                i++;
            if (nf < 4) {
                f[nf] = line + s;
                fl[nf] = i - s;
            }
            nf++;
        }
        if (nf == 0 || f[0][0] == '#')
            continue;
        uint32_t freq = 0;
        char tag[GT_TAG_MAX] = "";
        int ok = nf <= 3 && valid_word(f[0], fl[0]);
        if (ok && nf >= 2) {
            if (parse_freq(f[1], fl[1], &freq)) {
                if (nf == 3) {
                    ok = valid_tag(f[2], fl[2]);
                    if (ok)
                        memcpy(tag, f[2], fl[2]), tag[fl[2]] = '\0';
                }
            } else if (nf == 2 && valid_tag(f[1], fl[1])) {
                memcpy(tag, f[1], fl[1]);
                tag[fl[1]] = '\0';
            } else {
                ok = 0;
            }
        }
        if (!ok) {
            (*skipped)++;
            continue;
        }
        if (gt_wordset_put(ws, f[0], fl[0], freq, tag[0] ? tag : NULL) != 0)
            return -1;
    }
    return 0;
}
