#include "govtext.h"

#include <stdlib.h>

/* Indexed by status value; a missing entry falls back to "unknown". */
static const struct {
    const char *name;
    const char *text;
} status_table[] = {
    {"GOVTEXT_OK", "success"},
    {"GOVTEXT_ERR_NOMEM", "out of memory"},
    {"GOVTEXT_ERR_INVALID_ARG", "invalid argument"},
    {"GOVTEXT_ERR_INVALID_UTF8", "invalid UTF-8"},
    {"GOVTEXT_ERR_ENCODING", "undecodable bytes in the input encoding"},
    {"GOVTEXT_ERR_IO", "input/output error"},
    {"GOVTEXT_ERR_BUFFER_TOO_SMALL", "buffer too small"},
    {"GOVTEXT_ERR_UNSUPPORTED", "unsupported"},
    {"GOVTEXT_ERR_CORRUPT", "corrupt data"},
    {"GOVTEXT_ERR_LIMIT", "limit exceeded"},
    {"GOVTEXT_ERR_NOT_FOUND", "not found"},
    {"GOVTEXT_ERR_INTERNAL", "internal error"},
};

#define STATUS_COUNT (sizeof status_table / sizeof status_table[0])

const char *govtext_status_string(govtext_status s)
{
    unsigned i = (unsigned)s;
    return i < STATUS_COUNT ? status_table[i].text : "unknown error";
}

const char *govtext_status_name(govtext_status s)
{
    unsigned i = (unsigned)s;
    return i < STATUS_COUNT ? status_table[i].name : "GOVTEXT_ERR_UNKNOWN";
}

void govtext_free(void *p)
{
    free(p);
}
