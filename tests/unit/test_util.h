/* Helpers shared by the Check suites. */
#ifndef GOVTEXT_TEST_UTIL_H
#define GOVTEXT_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"

/* Reads tests/data/NAME whole (NUL-terminated; *len excludes the NUL);
 * fails the test if it cannot.  Free with free(). */
char *slurp(const char *name, size_t *len);

/* The rest needs the library (unit/test_repair.c). */

/* Edit i of doc; fails the test if there is none. */
govtext_edit get_edit(const govtext_doc *doc, size_t i);

/* Loads bytes (load options lo, may be NULL) and repairs them with every
 * pass skipped but the GOVTEXT_REPAIR_* bits in keep; fails the test on any
 * error.  Free with govtext_doc_free(). */
govtext_doc *repair_only(const void *bytes, size_t len, const govtext_load_options *lo,
                         uint32_t keep);

/* The same with the encoding forced (detection is then not under test). */
govtext_doc *repair_only_as(const void *bytes, size_t len, govtext_encoding enc, uint32_t keep);

#endif
