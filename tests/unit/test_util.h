/* Helpers shared by the Check suites. */
#ifndef GOVTEXT_TEST_UTIL_H
#define GOVTEXT_TEST_UTIL_H

#include <stddef.h>

/* Reads tests/data/NAME whole (NUL-terminated; *len excludes the NUL);
 * fails the test if it cannot.  Free with free(). */
char *slurp(const char *name, size_t *len);

#endif
