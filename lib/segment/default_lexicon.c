/* The default lexicon, compiled into the library.  The build compiles
 * Debian's jieba dictionary and the governance layer (data/governance.txt)
 * into one lexicon file with gt_mklex (lib/CMakeLists.txt), and
 * embed/default_lexicon_data.c includes its bytes with the assembler's
 * .incbin.  So the library needs no data file at run time and stays
 * relocatable; the bytes are read-only data of the shared object, mapped
 * from the file, shared by every process and resident only where used. */
#include "segment/lexicon.h"

#if defined(GT_HAVE_DEFAULT_LEXICON)
extern const unsigned char gt_default_lex_begin[] __attribute__((visibility("hidden")));
extern const unsigned char gt_default_lex_end[] __attribute__((visibility("hidden")));

const unsigned char *gt_default_lexicon_bytes(size_t *len)
{
    *len = (size_t)(gt_default_lex_end - gt_default_lex_begin);
    return gt_default_lex_begin;
}
#else
/* Built without it (-DGOVTEXT_DEFAULT_LEXICON=OFF, and gt_mklex itself). */
const unsigned char *gt_default_lexicon_bytes(size_t *len)
{
    *len = 0;
    return NULL;
}
#endif
