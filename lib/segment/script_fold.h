/* Text in the other script.
 *
 * A lexicon is simplified or traditional, and text comes in either: the
 * same document is scraped as it was written and as a converter turned
 * it.  A layer reads the characters of the other script as the ones of
 * its own that the script tables (repair/script_tables.h, OpenCC's
 * character tables) give as their usual counterpart: for a simplified
 * layer, 體 has the id of 体, so 治理體系 is found as 治理体系.  Only the
 * character map changes (trie.h): the trie, the words and the text's
 * offsets are as they were, so tokens still cover the text's own bytes.
 *
 * Which script a layer is in is decided by its alphabet: the script more
 * of its characters belong to alone (flags GT_SCRIPT_F_SONLY and _TONLY).
 * A character of the other script that the layer also holds (jieba's word
 * list has some traditional words) is read as its counterpart all the
 * same; one whose counterpart the layer lacks keeps its own id. */
#ifndef GT_SEG_SCRIPT_FOLD_H
#define GT_SEG_SCRIPT_FOLD_H

#include "segment/trie.h"

/* Extends t's character map (built by gt_trie_init_charmap) as above.
 * Returns 0, or -1 when memory ran out (the map is then as it was). */
int gt_trie_fold_script(gt_trie *t);

#endif
