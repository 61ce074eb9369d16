/*
 * The public header compiled as a C99 consumer would compile it:
 * -std=c99 -Wall -Wextra -pedantic -Werror (plus a few more warnings that
 * a header can trigger).  Building this file is most of the test; running it
 * checks that the library it links to matches the header it was built with.
 */
#include <govtext.h>
#include <govtext.h> /* the include guard works */

#include <stdio.h>
#include <string.h>

/* The function types, taken by address: each name is declared, with the
 * signature the header promises. */
static uint32_t (*const p_version)(void) = govtext_version;
static const char *(*const p_version_string)(void) = govtext_version_string;
static const char *(*const p_status_string)(govtext_status) = govtext_status_string;
static govtext_status (*const p_load_file)(govtext_doc *, const char *,
                                           const govtext_load_options *) = govtext_doc_load_file;
static govtext_status (*const p_load_reader)(govtext_doc *, govtext_read_fn, void *,
                                             const govtext_load_options *) =
    govtext_doc_load_reader;

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "header_c99: FAIL: %s\n", what);
        failures++;
    }
}

int main(void)
{
    govtext_load_options opts;
    govtext_doc *doc;
    const char *text;
    size_t len = 1;

    expect(p_version() == GOVTEXT_VERSION_NUMBER, "govtext_version() == GOVTEXT_VERSION_NUMBER");
    expect(strcmp(p_version_string(), GOVTEXT_VERSION_STRING) == 0,
           "govtext_version_string() == GOVTEXT_VERSION_STRING");
    expect(p_status_string(GOVTEXT_ERR_NOMEM) != NULL, "govtext_status_string is never NULL");
    expect(strcmp(govtext_status_name(GOVTEXT_ERR_INVALID_ARG), "GOVTEXT_ERR_INVALID_ARG") == 0,
           "govtext_status_name");
    expect(strcmp(govtext_encoding_name(GOVTEXT_ENC_GB18030), "GB18030") == 0,
           "govtext_encoding_name");

    expect(govtext_load_options_init(&opts, sizeof opts) == GOVTEXT_OK, "load_options_init");
    expect(opts.struct_size == sizeof opts, "load_options_init sets struct_size");
    expect(govtext_load_options_init(NULL, sizeof opts) == GOVTEXT_ERR_INVALID_ARG,
           "load_options_init(NULL)");

    doc = govtext_doc_new();
    expect(doc != NULL, "govtext_doc_new");
    text = govtext_doc_text(doc, &len);
    expect(text != NULL && text[0] == '\0' && len == 0, "a new document is empty");
    expect(p_load_file(NULL, "x", &opts) == GOVTEXT_ERR_INVALID_ARG, "load_file(NULL doc)");
    expect(p_load_reader != NULL, "govtext_doc_load_reader");
    govtext_doc_free(doc);
    govtext_doc_free(NULL);
    govtext_free(NULL);

    if (failures == 0)
        printf("header_c99: ok (libgovtext %s)\n", govtext_version_string());
    return failures == 0 ? 0 : 1;
}
