/* Shared by sentences.c and paragraphs.c: numbered headings and end
 * punctuation of Chinese governance text. */
#ifndef GT_SEG_STRUCTURE_H
#define GT_SEG_STRUCTURE_H

#include <stddef.h>
#include <stdint.h>

/* The length in bytes of a numbered marker at text[pos] (一、 十二、
 * （二） (3) 3. 3、 1．第四条 第一章 ① ...), or 0.  A marker needs
 * something after it: "3." at the end of the text is not one, nor is the
 * "3." of "3.5". */
size_t gt_numbered_marker(const char *text, size_t len, size_t pos);

/* Sentence-final punctuation: 。！？!?；…‥｡ */
int gt_is_sentence_end(uint32_t cp);
/* Closing quotes and brackets that stay with the sentence they close. */
int gt_is_closer(uint32_t cp);

#endif
