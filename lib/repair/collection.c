#include "repair/collection.h"

#include <stdlib.h>

govtext_collection *govtext_collection_new(void)
{
    return calloc(1, sizeof(govtext_collection));
}

void govtext_collection_free(govtext_collection *c)
{
    free(c);
}

const char *govtext_collection_errmsg(const govtext_collection *c)
{
    return c ? c->errmsg : "NULL collection handle";
}

size_t govtext_collection_size(const govtext_collection *c)
{
    return c ? c->docs : 0;
}

govtext_status govtext_collection_add(govtext_collection *c, const govtext_doc *doc)
{
    if (!c || !doc)
        return GOVTEXT_ERR_INVALID_ARG;
    c->docs++;
    c->errmsg[0] = '\0';
    return GOVTEXT_OK;
}
