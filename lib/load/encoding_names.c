#include <string.h>

#include "govtext.h"
#include "load/encodings.h"

/* Canonical names, and the ICU converter each encoding is decoded with. */
static const struct {
    const char *name;
    const char *icu;
} enc_table[] = {
    [GOVTEXT_ENC_AUTO] = {"auto", NULL},
    [GOVTEXT_ENC_UTF8] = {"UTF-8", "UTF-8"},
    [GOVTEXT_ENC_GB18030] = {"GB18030", "GB18030"},
    [GOVTEXT_ENC_BIG5] = {"Big5", "windows-950-2000"},
    [GOVTEXT_ENC_BIG5_HKSCS] = {"Big5-HKSCS", "ibm-1375_P100-2008"},
    [GOVTEXT_ENC_UTF16LE] = {"UTF-16LE", "UTF-16LE"},
    [GOVTEXT_ENC_UTF16BE] = {"UTF-16BE", "UTF-16BE"},
    [GOVTEXT_ENC_UTF32LE] = {"UTF-32LE", "UTF-32LE"},
    [GOVTEXT_ENC_UTF32BE] = {"UTF-32BE", "UTF-32BE"},
};

#define ENC_COUNT (sizeof enc_table / sizeof enc_table[0])

const char *govtext_encoding_name(govtext_encoding e)
{
    unsigned i = (unsigned)e;
    return i < ENC_COUNT ? enc_table[i].name : "unknown";
}

const char *gt_encoding_icu_name(govtext_encoding e)
{
    unsigned i = (unsigned)e;
    return i < ENC_COUNT ? enc_table[i].icu : NULL;
}

/* Lower-cases ASCII and drops '-', '_' and spaces, without the C locale. */
static size_t squash(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; *in; in++) {
        char c = *in;
        if (c == '-' || c == '_' || c == ' ')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (n + 1 >= cap)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

govtext_status govtext_encoding_from_name(const char *label, govtext_encoding *out)
{
    static const struct {
        const char *label;
        govtext_encoding enc;
    } aliases[] = {
        {"auto", GOVTEXT_ENC_AUTO},       {"utf8", GOVTEXT_ENC_UTF8},
        {"ascii", GOVTEXT_ENC_UTF8},      {"usascii", GOVTEXT_ENC_UTF8},
        {"gb18030", GOVTEXT_ENC_GB18030}, {"gbk", GOVTEXT_ENC_GB18030},
        {"gb2312", GOVTEXT_ENC_GB18030},  {"cp936", GOVTEXT_ENC_GB18030},
        {"ms936", GOVTEXT_ENC_GB18030},   {"windows936", GOVTEXT_ENC_GB18030},
        {"euccn", GOVTEXT_ENC_GB18030},   {"xgbk", GOVTEXT_ENC_GB18030},
        {"big5", GOVTEXT_ENC_BIG5},       {"cp950", GOVTEXT_ENC_BIG5},
        {"ms950", GOVTEXT_ENC_BIG5},      {"windows950", GOVTEXT_ENC_BIG5},
        {"big5hkscs", GOVTEXT_ENC_BIG5_HKSCS}, {"hkscs", GOVTEXT_ENC_BIG5_HKSCS},
        {"big5hk", GOVTEXT_ENC_BIG5_HKSCS},    {"utf16le", GOVTEXT_ENC_UTF16LE},
        {"utf16be", GOVTEXT_ENC_UTF16BE}, {"utf32le", GOVTEXT_ENC_UTF32LE},
        {"utf32be", GOVTEXT_ENC_UTF32BE},
    };
    if (!label || !out)
        return GOVTEXT_ERR_INVALID_ARG;
    char key[32];
    if (squash(label, key, sizeof key) == 0)
        return GOVTEXT_ERR_NOT_FOUND;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(key, aliases[i].label) == 0) {
            *out = aliases[i].enc;
            return GOVTEXT_OK;
        }
    }
    return GOVTEXT_ERR_NOT_FOUND;
}
