/* Minimal JSON output for the CLI's reports. */
#ifndef GOVTEXT_TOOLS_JSON_H
#define GOVTEXT_TOOLS_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) as a JSON string (with quotes); invalid UTF-8 bytes are
 * written as \u00XX of the byte so that the output stays valid JSON. */
void json_string(FILE *f, const char *s, size_t len);

#endif
