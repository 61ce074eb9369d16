#include "govtext.h"

uint32_t govtext_version(void)
{
    return GOVTEXT_VERSION_NUMBER;
}

const char *govtext_version_string(void)
{
    return GOVTEXT_VERSION_STRING;
}
