/* Named HTML character references (html_entities.c). */
#ifndef GT_HTML_ENTITIES_H
#define GT_HTML_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

/* Looks up the entity name[0, len) (case-sensitive, without '&' and ';').
 * Returns 1 and sets *cp if it is known, else 0. */
int gt_html_entity_lookup(const char *name, size_t len, uint32_t *cp);

/* Longest name in the table. */
#define GT_HTML_ENTITY_MAX 8

#endif
