/* The bytes of the default lexicon (built by gt_mklex into the build
 * tree), included with the assembler's .incbin; see default_lexicon.c.
 * Compiled into the library only. */
#if !defined(GT_DEFAULT_LEXICON_PATH)
#error "GT_DEFAULT_LEXICON_PATH must name the compiled default lexicon"
#endif

__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl gt_default_lex_begin\n"
        ".hidden gt_default_lex_begin\n"
        "gt_default_lex_begin:\n"
        ".incbin \"" GT_DEFAULT_LEXICON_PATH "\"\n"
        ".globl gt_default_lex_end\n"
        ".hidden gt_default_lex_end\n"
        "gt_default_lex_end:\n"
        ".previous\n");
