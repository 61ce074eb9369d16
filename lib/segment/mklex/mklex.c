/* gt_mklex OUT IN...: compiles lexicon files (text or compiled) into one
 * compiled lexicon.  Used by the build to make the default lexicon that
 * goes into the library, before the library exists; `govtext lexicon
 * build` does the same for users. */
#include <stdio.h>

#include "govtext.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gt_mklex OUT IN...\n");
        return 2;
    }
    govtext_lexicon *lex = govtext_lexicon_new();
    if (!lex) {
        fprintf(stderr, "gt_mklex: out of memory\n");
        return 1;
    }
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++)
        if (govtext_lexicon_load_file(lex, argv[i]) != GOVTEXT_OK) {
            fprintf(stderr, "gt_mklex: %s\n", govtext_lexicon_errmsg(lex));
            rc = 1;
        }
    if (rc == 0 && govtext_lexicon_save(lex, argv[1]) != GOVTEXT_OK) {
        fprintf(stderr, "gt_mklex: %s\n", govtext_lexicon_errmsg(lex));
        rc = 1;
    }
    if (rc == 0)
        printf("gt_mklex: %s: %zu entries (%zu lines skipped)\n", argv[1],
               govtext_lexicon_size(lex), govtext_lexicon_skipped_lines(lex));
    govtext_lexicon_free(lex);
    return rc;
}
