// The public header compiled as a C++ consumer would compile it:
// -std=c++11 (and c++17) -Wall -Wextra -pedantic -Werror.  Building it
// checks extern "C", the macros and the types under C++; running it checks
// that the names link with C linkage.
#include <govtext.h>
#include <govtext.h>  // the include guard works

#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

static_assert(std::is_standard_layout<govtext_load_options>::value,
              "govtext_load_options is a C struct");
static_assert(std::is_standard_layout<govtext_edit>::value, "govtext_edit is a C struct");
static_assert(std::is_trivially_copyable<govtext_edit>::value, "govtext_edit is a C struct");
static_assert(GOVTEXT_VERSION_NUMBER ==
                  GOVTEXT_VERSION_MAJOR * 10000 + GOVTEXT_VERSION_MINOR * 100 +
                      GOVTEXT_VERSION_PATCH,
              "version macros agree");

namespace {

struct DocDeleter {
    void operator()(govtext_doc *d) const noexcept { govtext_doc_free(d); }
};

int failures = 0;

void expect(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "header_cxx: FAIL: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main()
{
    // Function pointer types as the header declares them (C linkage).
    govtext_status (*load_bytes)(govtext_doc *, const void *, size_t,
                                 const govtext_load_options *) = govtext_doc_load_bytes;
    govtext_status (*detect)(const void *, size_t, govtext_encoding *, double *) =
        govtext_detect_encoding;

    expect(govtext_version() == GOVTEXT_VERSION_NUMBER, "govtext_version()");
    expect(std::strcmp(govtext_version_string(), GOVTEXT_VERSION_STRING) == 0,
           "govtext_version_string()");

    govtext_load_options opts;
    expect(govtext_load_options_init(&opts, sizeof opts) == GOVTEXT_OK, "load_options_init");

    std::unique_ptr<govtext_doc, DocDeleter> doc(govtext_doc_new());
    expect(doc != nullptr, "govtext_doc_new");

    const char utf8[] = "\xe4\xb8\xad\xe5\x8d\x8e";  // 中华
    expect(load_bytes(doc.get(), utf8, sizeof utf8 - 1, &opts) == GOVTEXT_OK, "load_bytes");
    size_t len = 0;
    const char *text = govtext_doc_text(doc.get(), &len);
    expect(len == sizeof utf8 - 1 && std::memcmp(text, utf8, len) == 0, "text round-trips");

    govtext_encoding enc = GOVTEXT_ENC_AUTO;
    double confidence = -1;
    expect(detect(utf8, sizeof utf8 - 1, &enc, &confidence) == GOVTEXT_OK, "detect_encoding");
    expect(confidence >= 0 && confidence <= 1, "confidence in [0, 1]");

    govtext_edit edit;
    std::memset(&edit, 0, sizeof edit);
    edit.struct_size = sizeof edit;
    expect(govtext_doc_edit_get(doc.get(), govtext_doc_edit_count(doc.get()), &edit) ==
               GOVTEXT_ERR_INVALID_ARG,
           "edit_get out of range");

    if (failures == 0)
        std::printf("header_cxx (C++ %ld): ok\n", static_cast<long>(__cplusplus));
    return failures == 0 ? 0 : 1;
}
