/* One line of a JSON Lines corpus: an object with "id" (string or number),
 * "text" (string) and optional "title", "date", "source" (strings) and
 * "year" (number or digit string).  Other members are skipped, whatever
 * their value. */
#ifndef GOVTEXT_TOOLS_JSONL_H
#define GOVTEXT_TOOLS_JSONL_H

#include <stddef.h>

typedef struct jstr {
    char *s; /* NUL-terminated, may contain NUL bytes (\u0000) */
    size_t n;
} jstr;

typedef struct jdoc {
    jstr id, text, title, date, source;
    long year; /* 0 = not given */
    int has_text;
} jdoc;

/* Parses line[0..len).  Returns 0, or -1 with a message in err (errlen
 * bytes) naming the byte where it went wrong.  out must be zeroed the
 * first time; it is reused (its buffers grow) from line to line. */
int jsonl_parse(const char *line, size_t len, jdoc *out, char *err, size_t errlen);
void jdoc_release(jdoc *d);

#endif
