/* The collection: evidence gathered over many documents. */
#ifndef GT_COLLECTION_H
#define GT_COLLECTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/doc.h"
#include "govtext.h"

struct govtext_collection {
    size_t docs;
    char errmsg[GT_ERRMSG_MAX];
};

#endif
