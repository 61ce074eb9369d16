/* Fuzz target: the CLI's JSON Lines reader (tools/jsonl.c, compiled in).
 * The input is split into lines as `govtext index build` splits a corpus;
 * each line is parsed into one reused jdoc, as the CLI does, and again into
 * a fresh one: both must agree.  A line that parses has a non-empty id and
 * a text, NUL-terminated, no longer than the line; one that does not gets a
 * message naming a byte inside the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const jstr *a, const jstr *b)
{
    if (a->n != b->n)
        return 0;
    return a->n == 0 || memcmp(a->s, b->s, a->n) == 0;
}

static void check_str(const jstr *s, size_t line_len)
{
    if (s->n > line_len || (s->n && (!s->s || s->s[s->n] != '\0')))
        abort();
}

/* Where the message says it went wrong: "... at byte N". */
static void check_err(const char *err, size_t len)
{
    const char *at = strstr(err, " at byte ");
    if (!at)
        abort();
    char *end;
    unsigned long long b = strtoull(at + 9, &end, 10);
    if (end == at + 9 || b > len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jdoc reused;
    memset(&reused, 0, sizeof reused);
    const char *p = (const char *)data, *end = p + size;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        jdoc fresh;
        memset(&fresh, 0, sizeof fresh);
        char e1[200] = "", e2[200] = "";
        int r1 = jsonl_parse(p, n, &reused, e1, sizeof e1);
        int r2 = jsonl_parse(p, n, &fresh, e2, sizeof e2);
        if (r1 != r2 || (r1 != 0 && r1 != -1))
            abort();
        if (r1 == 0) {
            if (reused.id.n == 0 || !reused.has_text)
                abort();
            const jstr *a[] = {&reused.id, &reused.text, &reused.title, &reused.date,
                               &reused.source};
            const jstr *b[] = {&fresh.id, &fresh.text, &fresh.title, &fresh.date, &fresh.source};
            for (int i = 0; i < 5; i++) {
                check_str(a[i], n);
                if (!same(a[i], b[i]))
                    abort();
            }
            if (reused.year != fresh.year || reused.year < -100000 || reused.year > 100000)
                abort();
        } else {
            if (strcmp(e1, e2) != 0)
                abort();
            check_err(e1, n);
        }
        jdoc_release(&fresh);
        if (!nl)
            break;
        p = nl + 1;
    }
    jdoc_release(&reused);
    return 0;
}
