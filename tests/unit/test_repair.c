/* The repair helpers of test_util.h: linked into the suites that link the
 * library. */
#include <check.h>
#include <string.h>

#include "test_util.h"

govtext_edit get_edit(const govtext_doc *doc, size_t i)
{
    govtext_edit ed;
    memset(&ed, 0, sizeof ed);
    ed.struct_size = sizeof ed;
    ck_assert_int_eq(govtext_doc_edit_get(doc, i, &ed), GOVTEXT_OK);
    return ed;
}

govtext_doc *repair_only(const void *bytes, size_t len, const govtext_load_options *lo,
                         uint32_t keep)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_status st = govtext_doc_load_bytes(doc, bytes, len, lo);
    ck_assert_msg(st == GOVTEXT_OK, "load: %s", govtext_doc_errmsg(doc));
    govtext_repair_options ro;
    ck_assert_int_eq(govtext_repair_options_init(&ro, sizeof ro), GOVTEXT_OK);
    ro.skip = 0x1FFu & ~keep;
    st = govtext_doc_repair(doc, NULL, &ro);
    ck_assert_msg(st == GOVTEXT_OK, "repair: %s", govtext_doc_errmsg(doc));
    return doc;
}

govtext_doc *repair_only_as(const void *bytes, size_t len, govtext_encoding enc, uint32_t keep)
{
    govtext_load_options lo;
    ck_assert_int_eq(govtext_load_options_init(&lo, sizeof lo), GOVTEXT_OK);
    lo.encoding = enc;
    return repair_only(bytes, len, &lo, keep);
}
