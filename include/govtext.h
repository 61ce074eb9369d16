/*
 * libgovtext - load, repair, segment and index Chinese governance texts.
 *
 * This header is the whole public API and the single source of the version
 * numbers (CMake reads them from here).  It includes only <stddef.h> and
 * <stdint.h>, exposes no type of ICU, utf8proc or stdio, and is usable from
 * C99, C++, ctypes and cgo: no variadic functions, no bit-fields, no unions,
 * no function-like macros as API.
 *
 * Conventions (see README.md, "Using the library"):
 *  - Every fallible function returns a govtext_status.  The readable message
 *    of the last failure is kept on the handle (govtext_doc_errmsg); it is
 *    never thread-local, never global and never printed by the library.
 *  - Text is UTF-8 in and out.  Every offset is a byte offset, half-open
 *    [start, end), of type size_t.
 *  - Handles are opaque.  Every *_new has a *_free that accepts NULL.
 *  - Buffers the library allocates for the caller are released with
 *    govtext_free(), never with the caller's free().
 *  - Options structs start with struct_size; initialise them with their
 *    *_init function.  Zero in any member means "library default", and a NULL
 *    options pointer means "all defaults".  Members are only ever appended.
 *
 * Threads: there is no global mutable state and no global init.  A working
 * handle (govtext_doc) is used by one thread at a time; different handles may
 * be used concurrently from different threads.  Stateless functions
 * (govtext_detect_encoding, govtext_status_string, ...) are thread-safe.
 */
#ifndef GOVTEXT_H
#define GOVTEXT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Export and deprecation macros
 * ------------------------------------------------------------------------- */
#if defined(GOVTEXT_STATIC_DEFINE)
#  define GOVTEXT_API
#elif defined(_WIN32)
#  if defined(GOVTEXT_BUILDING)
#    define GOVTEXT_API __declspec(dllexport)
#  else
#    define GOVTEXT_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define GOVTEXT_API __attribute__((visibility("default")))
#else
#  define GOVTEXT_API
#endif

#if defined(GOVTEXT_DISABLE_DEPRECATION_WARNINGS)
#  define GOVTEXT_DEPRECATED(msg)
#elif defined(__cplusplus) && __cplusplus >= 201402L
#  define GOVTEXT_DEPRECATED(msg) [[deprecated(msg)]]
#elif defined(__GNUC__) || defined(__clang__)
#  define GOVTEXT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#  define GOVTEXT_DEPRECATED(msg)
#endif

/* ---------------------------------------------------------------------------
 * Version.  The API version (semver) is separate from the ABI version (the
 * SONAME, libgovtext.so.1).
 * ------------------------------------------------------------------------- */
#define GOVTEXT_VERSION_MAJOR 0
#define GOVTEXT_VERSION_MINOR 2
#define GOVTEXT_VERSION_PATCH 3
#define GOVTEXT_VERSION_NUMBER \
    (GOVTEXT_VERSION_MAJOR * 10000 + GOVTEXT_VERSION_MINOR * 100 + GOVTEXT_VERSION_PATCH)
#define GOVTEXT_VERSION_STRING "0.2.3"

/* The version of the loaded library, as GOVTEXT_VERSION_NUMBER computes it.
 * Bindings compare it with the header they were written against. */
GOVTEXT_API uint32_t govtext_version(void);
/* The version of the loaded library as "MAJOR.MINOR.PATCH"; static storage. */
GOVTEXT_API const char *govtext_version_string(void);

/* ---------------------------------------------------------------------------
 * Status codes.  Values are explicit and never renumbered; callers treat an
 * unknown value as a generic error.
 * ------------------------------------------------------------------------- */
typedef enum govtext_status {
    GOVTEXT_OK = 0,
    GOVTEXT_ERR_NOMEM = 1,            /* an allocation failed */
    GOVTEXT_ERR_INVALID_ARG = 2,      /* NULL handle, bad option value, ... */
    GOVTEXT_ERR_INVALID_UTF8 = 3,     /* a text argument is not valid UTF-8 */
    GOVTEXT_ERR_ENCODING = 4,         /* bytes not decodable in the encoding */
    GOVTEXT_ERR_IO = 5,               /* open/read/write failed */
    GOVTEXT_ERR_BUFFER_TOO_SMALL = 6, /* caller's buffer too small; size given */
    GOVTEXT_ERR_UNSUPPORTED = 7,      /* feature or struct version not known */
    GOVTEXT_ERR_CORRUPT = 8,          /* a data or index file is damaged */
    GOVTEXT_ERR_LIMIT = 9,            /* input exceeds a configured limit */
    GOVTEXT_ERR_NOT_FOUND = 10,       /* a named item does not exist */
    GOVTEXT_ERR_INTERNAL = 11         /* a library bug; please report it */
} govtext_status;

/* A short English description of a status ("invalid argument"); static
 * storage, never NULL, also for unknown values. */
GOVTEXT_API const char *govtext_status_string(govtext_status s);
/* The constant's name ("GOVTEXT_ERR_INVALID_ARG"); static, never NULL. */
GOVTEXT_API const char *govtext_status_name(govtext_status s);

/* Releases a buffer that the library allocated for the caller.  NULL is a
 * no-op. */
GOVTEXT_API void govtext_free(void *p);

/* ---------------------------------------------------------------------------
 * Encodings
 * ------------------------------------------------------------------------- */
typedef enum govtext_encoding {
    GOVTEXT_ENC_AUTO = 0,       /* detect (only meaningful as an option) */
    GOVTEXT_ENC_UTF8 = 1,
    GOVTEXT_ENC_GB18030 = 2,    /* also GBK, GB2312, CP936, EUC-CN */
    GOVTEXT_ENC_BIG5 = 3,       /* CP950 */
    GOVTEXT_ENC_BIG5_HKSCS = 4,
    GOVTEXT_ENC_UTF16LE = 5,
    GOVTEXT_ENC_UTF16BE = 6,
    GOVTEXT_ENC_UTF32LE = 7,
    GOVTEXT_ENC_UTF32BE = 8
} govtext_encoding;

/* The canonical name ("UTF-8", "GB18030", "Big5", "Big5-HKSCS", "UTF-16LE",
 * "UTF-16BE", "UTF-32LE", "UTF-32BE", "auto"); static, never NULL
 * ("unknown" for an unknown value). */
GOVTEXT_API const char *govtext_encoding_name(govtext_encoding e);

/* Parses an encoding label, case-insensitively, ignoring '-' and '_'.
 * Every GB label (GB2312, GBK, CP936, EUC-CN, GB18030) gives
 * GOVTEXT_ENC_GB18030, because a strict GB2312 decoder fails on most real
 * files.  Returns GOVTEXT_ERR_INVALID_ARG for NULL arguments and
 * GOVTEXT_ERR_NOT_FOUND for a label it does not know. */
GOVTEXT_API govtext_status govtext_encoding_from_name(const char *label, govtext_encoding *out);

/* Guesses the encoding of a byte string: a BOM if there is one, else a
 * likelihood score of each candidate decoding under a character model of
 * Chinese text, which works on excerpts as short as 20 bytes that start and
 * end inside a character.  confidence (may be NULL) is in [0, 1].
 * Empty input gives UTF-8 with confidence 0.  Thread-safe; no handle.
 * Returns GOVTEXT_ERR_INVALID_ARG if out is NULL or bytes is NULL with a
 * non-zero len, GOVTEXT_ERR_NOMEM if scratch memory could not be had. */
GOVTEXT_API govtext_status govtext_detect_encoding(const void *bytes, size_t len,
                                                   govtext_encoding *out, double *confidence);

/* ---------------------------------------------------------------------------
 * Documents
 *
 * A govtext_doc owns the source bytes as given, the current UTF-8 text, an
 * offset map from text byte offsets to source byte offsets, what was
 * detected, and the list of edits that turned the source into the text.
 * ------------------------------------------------------------------------- */
typedef struct govtext_doc govtext_doc;

/* Load flags (govtext_load_options.flags).  Zero gives the defaults: detect,
 * replace undecodable bytes with U+FFFD, NFC, LF line ends, zero-width
 * characters and stray controls removed, full-width ASCII kept. */
#define GOVTEXT_LOAD_STRICT          0x0001u /* fail on undecodable bytes */
#define GOVTEXT_LOAD_NO_NFC          0x0002u /* keep the decoded form */
#define GOVTEXT_LOAD_KEEP_NEWLINES   0x0004u /* keep CR, CRLF, U+2028, ... */
#define GOVTEXT_LOAD_KEEP_ZERO_WIDTH 0x0008u /* keep ZWSP, ZWJ, inner BOM ... */
#define GOVTEXT_LOAD_KEEP_CONTROLS   0x0010u /* keep NUL and other C0/C1 */
#define GOVTEXT_LOAD_FOLD_WIDTH      0x0020u /* ＡＢＣ１２３ -> ABC123 */

typedef struct govtext_load_options {
    size_t struct_size;  /* set by govtext_load_options_init; always first */
    uint32_t encoding;   /* a govtext_encoding; 0 = GOVTEXT_ENC_AUTO */
    uint32_t flags;      /* GOVTEXT_LOAD_* bits */
    uint64_t max_bytes;  /* refuse larger input (GOVTEXT_ERR_LIMIT);
                            0 = 1 GiB */
    /* new members are only ever appended here */
} govtext_load_options;

/* Sets every member to its default and struct_size to size.  size must be
 * at least the size of the first release of the struct and is normally
 * sizeof(govtext_load_options).  Returns GOVTEXT_ERR_INVALID_ARG for NULL or
 * a too-small size.  A struct larger than the library knows is accepted by
 * the load functions only if its unknown tail is all zero
 * (else GOVTEXT_ERR_UNSUPPORTED). */
GOVTEXT_API govtext_status govtext_load_options_init(govtext_load_options *o, size_t size);

/* Creates an empty document (text "", no source).  Returns NULL only if
 * memory ran out. */
GOVTEXT_API govtext_doc *govtext_doc_new(void);
/* Frees the document and everything it owns.  NULL is a no-op. */
GOVTEXT_API void govtext_doc_free(govtext_doc *doc);

/* The message of the last failed call on doc: what went wrong and where
 * ("invalid GB18030 byte sequence at byte 10234").  "" after a successful
 * call.  Never NULL (for a NULL doc: a static message).  Valid until the
 * next call on doc. */
GOVTEXT_API const char *govtext_doc_errmsg(const govtext_doc *doc);

/* Loads a document from bytes in any supported encoding, replacing whatever
 * doc held.  The bytes are copied.  On failure doc is left as it was before
 * the call, and the message says why.
 * Returns GOVTEXT_ERR_INVALID_ARG (NULL doc, NULL bytes with len > 0, bad
 *         option), GOVTEXT_ERR_UNSUPPORTED (options struct from a newer
 *         library with non-zero unknown members), GOVTEXT_ERR_LIMIT (len >
 *         max_bytes), GOVTEXT_ERR_ENCODING (with GOVTEXT_LOAD_STRICT: the
 *         first undecodable byte; the message gives its offset),
 *         GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_doc_load_bytes(govtext_doc *doc, const void *bytes, size_t len,
                                                  const govtext_load_options *opts);

/* As govtext_doc_load_bytes, reading the whole file at path.
 * Also returns GOVTEXT_ERR_IO (the message names the path and the reason).
 * The file size is checked against max_bytes before anything is read. */
GOVTEXT_API govtext_status govtext_doc_load_file(govtext_doc *doc, const char *path,
                                                 const govtext_load_options *opts);

/* As govtext_doc_load_bytes, reading an open file descriptor to its end
 * (a pipe or socket works too).  The descriptor is not closed. */
GOVTEXT_API govtext_status govtext_doc_load_fd(govtext_doc *doc, int fd,
                                               const govtext_load_options *opts);

/* A read callback: fill buf with up to cap bytes, store the count in *got
 * (0 = end of input) and return 0; return non-zero to report a read error.
 * For a C FILE*: `*got = fread(buf, 1, cap, fp); return ferror(fp);`. */
typedef int (*govtext_read_fn)(void *buf, size_t cap, size_t *got, void *user_data);

/* As govtext_doc_load_bytes, pulling the bytes from a callback; this is how
 * a FILE*, a decompressor or a host language stream is loaded.  The
 * callback runs on the calling thread, inside this call. */
GOVTEXT_API govtext_status govtext_doc_load_reader(govtext_doc *doc, govtext_read_fn read,
                                                   void *user_data,
                                                   const govtext_load_options *opts);

/* The current UTF-8 text, NUL-terminated; *len (may be NULL) gets its
 * length in bytes.  Owned by doc; valid until the next call that changes
 * doc.  Never NULL ("" for a NULL or empty doc). */
GOVTEXT_API const char *govtext_doc_text(const govtext_doc *doc, size_t *len);

/* The source bytes exactly as given.  Owned by doc, as govtext_doc_text.
 * Never NULL. */
GOVTEXT_API const void *govtext_doc_source(const govtext_doc *doc, size_t *len);

/* The encoding the source was decoded from (detected or forced) and the
 * detector's confidence in [0, 1] (1 for a BOM or a forced encoding). */
GOVTEXT_API govtext_encoding govtext_doc_encoding(const govtext_doc *doc);
GOVTEXT_API double govtext_doc_confidence(const govtext_doc *doc);

/* Counters of what loading (and later stages) did to the text. */
typedef enum govtext_counter {
    GOVTEXT_COUNT_INVALID_BYTES = 0,  /* source bytes replaced by U+FFFD */
    GOVTEXT_COUNT_BOM = 1,            /* leading byte-order marks removed */
    GOVTEXT_COUNT_NEWLINES = 2,       /* CR, CRLF, NEL, U+2028/9 made LF */
    GOVTEXT_COUNT_ZERO_WIDTH = 3,     /* zero-width characters removed */
    GOVTEXT_COUNT_CONTROLS = 4,       /* NUL and other controls removed */
    GOVTEXT_COUNT_NFC = 5,            /* character runs changed by NFC */
    GOVTEXT_COUNT_WIDTH = 6,          /* full-width letters/digits folded */
    GOVTEXT_COUNT_PARTIAL = 7,        /* partial characters cut at the ends */
    GOVTEXT_COUNT_MOJIBAKE = 8,       /* mis-decoded runs repaired */
    GOVTEXT_COUNT_HTML = 9,           /* entities and tags handled */
    GOVTEXT_COUNT_LAYOUT = 10,        /* layout edits */
    GOVTEXT_COUNT_PINYIN = 11,        /* pinyin glosses removed */
    GOVTEXT_COUNT_SCRIPT = 12,        /* characters converted */
    GOVTEXT_COUNT_DUPLICATE = 13,     /* duplicates removed */
    GOVTEXT_COUNT_SPAM = 14,          /* spam phrases and lines removed */
    GOVTEXT_COUNT_MASK = 15,          /* masks restored */
    GOVTEXT_COUNT_MASK_UNRESOLVED = 16, /* masks left */
    GOVTEXT_COUNT_PUNCT = 17,         /* punctuation made full-width */
    GOVTEXT_COUNT_QUOTE = 18          /* quotation marks restored */
} govtext_counter;

/* The value of a counter; 0 for an unknown counter or a NULL doc. */
GOVTEXT_API uint64_t govtext_doc_count(const govtext_doc *doc, govtext_counter which);
/* A counter's name ("invalid_bytes", "newlines", ...), static; NULL for a
 * value past the last counter, so callers can list them all:
 * for (i = 0; govtext_counter_name(i); i++) ... */
GOVTEXT_API const char *govtext_counter_name(uint32_t which);

/* Maps the text byte range [start, end) to the smallest range of source
 * bytes that produced it.  An empty range maps to a point.
 * Returns GOVTEXT_ERR_INVALID_ARG for a NULL argument, a range outside the
 * text (start > end or end > text length) or an offset inside a character. */
GOVTEXT_API govtext_status govtext_doc_map_to_source(const govtext_doc *doc, size_t start,
                                                     size_t end, size_t *src_start,
                                                     size_t *src_end);

/* ---------------------------------------------------------------------------
 * Edits: every change between the source and the current text.
 * ------------------------------------------------------------------------- */
typedef enum govtext_edit_kind {
    GOVTEXT_EDIT_DECODE = 1,      /* undecodable bytes replaced by U+FFFD */
    GOVTEXT_EDIT_BOM = 2,         /* byte-order mark removed */
    GOVTEXT_EDIT_PARTIAL = 3,     /* a character cut at the start/end dropped */
    GOVTEXT_EDIT_NEWLINE = 4,     /* line end made LF */
    GOVTEXT_EDIT_ZERO_WIDTH = 5,  /* zero-width character removed */
    GOVTEXT_EDIT_CONTROL = 6,     /* control character removed */
    GOVTEXT_EDIT_NFC = 7,         /* canonical composition */
    GOVTEXT_EDIT_WIDTH = 8,       /* full-width letter or digit folded */
    GOVTEXT_EDIT_MOJIBAKE = 9,    /* mis-decoded text decoded again */
    GOVTEXT_EDIT_HTML = 10,       /* entity decoded, tag or script removed */
    GOVTEXT_EDIT_LAYOUT = 11,     /* wrap joined, indent/blank/space removed */
    GOVTEXT_EDIT_PINYIN = 12,     /* inline pinyin gloss removed */
    GOVTEXT_EDIT_SCRIPT = 13,     /* traditional <-> simplified */
    GOVTEXT_EDIT_DUPLICATE = 14,  /* duplicate paragraph or document removed */
    GOVTEXT_EDIT_SPAM = 15,       /* SEO phrase, advert or boilerplate removed */
    GOVTEXT_EDIT_MASK = 16,       /* masked word restored */
    GOVTEXT_EDIT_MASK_UNRESOLVED = 17, /* mask left as it was (old = new = the mask);
                                          confidence = that of the best guess */
    GOVTEXT_EDIT_PUNCT = 18,      /* half-width punctuation made full-width */
    GOVTEXT_EDIT_QUOTE = 19       /* quotation mark restored */
} govtext_edit_kind;

/* One edit.  Set struct_size to sizeof(govtext_edit) before calling
 * govtext_doc_edit_get; the library fills only the members that fit, so a
 * caller built against an older, shorter struct keeps working. */
typedef struct govtext_edit {
    size_t struct_size;
    uint32_t kind;            /* a govtext_edit_kind */
    uint32_t reserved;        /* 0 */
    size_t src_start;         /* the source bytes involved */
    size_t src_end;
    size_t text_start;        /* where the replacement stands in the text */
    size_t text_end;          /* (text_start == text_end for a removal) */
    const char *old_text;     /* what was there, UTF-8 (decoded), or "" for */
    size_t old_len;           /*   undecodable bytes (see src_start/src_end) */
    const char *new_text;     /* the replacement, UTF-8; "" for a removal */
    size_t new_len;
    double confidence;        /* 1 for a deterministic normalisation */
} govtext_edit;

/* The number of edits recorded, in text order. */
GOVTEXT_API size_t govtext_doc_edit_count(const govtext_doc *doc);

/* Copies edit i into *out (the strings stay owned by doc, valid until the
 * next call that changes doc).  Returns GOVTEXT_ERR_INVALID_ARG for a NULL
 * argument, i out of range, or out->struct_size smaller than the first
 * release of the struct. */
GOVTEXT_API govtext_status govtext_doc_edit_get(const govtext_doc *doc, size_t i,
                                                govtext_edit *out);

/* A readable name of an edit kind ("newline"); static, never NULL. */
GOVTEXT_API const char *govtext_edit_kind_name(uint32_t kind);


/* ---------------------------------------------------------------------------
 * Repair: undo what scraping did to a document, every edit recorded.
 * ------------------------------------------------------------------------- */

/* Cross-document evidence: boilerplate lines, near-duplicate documents and
 * the contexts of masked words.  Fed documents first, then passed to
 * govtext_doc_repair.  Not shareable while being fed; read-only (and so
 * shareable between threads) once feeding is done. */
typedef struct govtext_collection govtext_collection;

/* Returns NULL only if memory ran out. */
GOVTEXT_API govtext_collection *govtext_collection_new(void);
/* NULL is a no-op. */
GOVTEXT_API void govtext_collection_free(govtext_collection *c);
/* The message of the last failed call on c; never NULL. */
GOVTEXT_API const char *govtext_collection_errmsg(const govtext_collection *c);
/* Feeds a loaded document's text to the collection (the text is analysed,
 * not kept).  Returns GOVTEXT_ERR_INVALID_ARG or GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_collection_add(govtext_collection *c, const govtext_doc *doc);
/* The number of documents fed. */
GOVTEXT_API size_t govtext_collection_size(const govtext_collection *c);
/* The near-duplicate group of document i (numbered in the order fed): the
 * number of the group's first document; a document without near-duplicates
 * is its own group.  Groups come from MinHash signatures over character
 * shingles.  Returns GOVTEXT_ERR_INVALID_ARG for a NULL argument or i out of
 * range. */
GOVTEXT_API govtext_status govtext_collection_group(const govtext_collection *c, size_t i,
                                                   size_t *group);
/* The estimated resemblance (Jaccard similarity of the character-shingle
 * sets) of documents i and j, in [0, 1].  Returns GOVTEXT_ERR_INVALID_ARG for
 * a NULL argument or an index out of range. */
GOVTEXT_API govtext_status govtext_collection_resemblance(const govtext_collection *c, size_t i,
                                                        size_t j, double *out);

/* Repair passes (govtext_repair_options.skip: passes NOT to run). */
#define GOVTEXT_REPAIR_MOJIBAKE  0x0001u
#define GOVTEXT_REPAIR_HTML      0x0002u
#define GOVTEXT_REPAIR_LAYOUT    0x0004u
#define GOVTEXT_REPAIR_PINYIN    0x0008u
#define GOVTEXT_REPAIR_SCRIPT    0x0010u
#define GOVTEXT_REPAIR_DUPLICATE 0x0020u
#define GOVTEXT_REPAIR_SPAM      0x0040u
#define GOVTEXT_REPAIR_MASK      0x0080u
#define GOVTEXT_REPAIR_PUNCT     0x0100u

/* Script handling (govtext_repair_options.script). */
typedef enum govtext_script {
    GOVTEXT_SCRIPT_AUTO = 0, /* to simplified only on evidence of machine
                                conversion from simplified */
    GOVTEXT_SCRIPT_KEEP = 1,
    GOVTEXT_SCRIPT_HANS = 2, /* always to simplified */
    GOVTEXT_SCRIPT_HANT = 3  /* always to traditional */
} govtext_script;

typedef struct govtext_repair_options {
    size_t struct_size;     /* set by govtext_repair_options_init; first */
    uint32_t skip;          /* GOVTEXT_REPAIR_* bits of passes not to run */
    uint32_t script;        /* a govtext_script; 0 = auto */
    double mask_threshold;  /* restore a mask only at this confidence or
                               above, in (0, 1]; 0 = 0.5 */
    /* new members are only ever appended here */
} govtext_repair_options;

/* As govtext_load_options_init, for repair options. */
GOVTEXT_API govtext_status govtext_repair_options_init(govtext_repair_options *o, size_t size);

/* Repairs doc's text in place: mojibake, HTML leftovers, layout (hard
 * wraps, indents, blank lines, spaces between Han characters), inline
 * pinyin, script, duplicate paragraphs, spam, masks and punctuation, in that
 * order.  Each change is appended to the document's edits and folded into
 * its offset map, so every byte of the result still maps to source bytes.
 * coll (may be NULL) adds cross-document evidence.  The output is the
 * canonical form: UTF-8, NFC, LF, one paragraph per line, no blank lines, no
 * indents, a final newline.  On failure doc is unchanged.
 * Returns GOVTEXT_ERR_INVALID_ARG (NULL doc, bad option),
 * GOVTEXT_ERR_UNSUPPORTED (options from a newer library), GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_doc_repair(govtext_doc *doc, const govtext_collection *coll,
                                              const govtext_repair_options *opts);

/* ---------------------------------------------------------------------------
 * Segmentation: paragraphs, sentences and words.
 *
 * A govtext_lexicon is loaded once and is immutable from the moment a
 * segmenter uses it: any number of segmenters, in any threads, share it.
 * A govtext_segmenter is one thread's working state (and its own small
 * overlay of user words); make one per thread.  Each holds a reference to
 * its lexicon, so the two may be freed in any order.
 * ------------------------------------------------------------------------- */
typedef struct govtext_lexicon govtext_lexicon;
typedef struct govtext_segmenter govtext_segmenter;

/* A span of text: [start, end) in bytes, a kind and a tag.  Its layout is
 * frozen; more information comes through new accessors. */
typedef struct govtext_token {
    size_t start;
    size_t end;
    uint32_t kind; /* a govtext_token_kind */
    uint32_t tag;  /* part-of-speech tag id (govtext_lexicon_tag_name), 0 = none */
} govtext_token;

typedef enum govtext_token_kind {
    GOVTEXT_TOKEN_WORD = 1,      /* a lexicon word */
    GOVTEXT_TOKEN_UNKNOWN = 2,   /* Han characters not in the lexicon (names, new terms) */
    GOVTEXT_TOKEN_NUMBER = 3,    /* digits, Chinese numerals, decimals, percentages */
    GOVTEXT_TOKEN_DATE = 4,      /* 2019年, 3月, 5日, 二〇二〇年: a number with its
                                    年/月/日/号/时/分/秒, one token per unit */
    GOVTEXT_TOKEN_LATIN = 5,     /* Latin letters and digits: WTO, 5G, GDP */
    GOVTEXT_TOKEN_PUNCT = 6,
    GOVTEXT_TOKEN_SPACE = 7,     /* white space (only with GOVTEXT_SEG_KEEP_SPACE) */
    GOVTEXT_TOKEN_OTHER = 8,
    GOVTEXT_TOKEN_SENTENCE = 16, /* from govtext_segmenter_sentences */
    GOVTEXT_TOKEN_PARAGRAPH = 17 /* from govtext_segmenter_paragraphs */
} govtext_token_kind;

/* Lexicons.  Each loaded lexicon (file, text, the default) is a layer.  A
 * layer reads text in the other script as well as its own: the characters
 * of the other script are looked up as their usual counterparts (OpenCC's
 * character tables), so the simplified default lexicon segments
 * traditional-character text (治理體系 as 治理体系) and a traditional word
 * list reads simplified text.  A layer's script is the one more of its
 * characters belong to alone; tokens always cover the text's own bytes. */

/* Creates an empty lexicon; NULL only if memory ran out. */
GOVTEXT_API govtext_lexicon *govtext_lexicon_new(void);
/* Drops the caller's reference; the lexicon lives on while a segmenter
 * uses it.  NULL is a no-op. */
GOVTEXT_API void govtext_lexicon_free(govtext_lexicon *lex);
/* The message of the last failed call on lex; never NULL. */
GOVTEXT_API const char *govtext_lexicon_errmsg(const govtext_lexicon *lex);

/* Adds the default lexicon compiled into the library: jieba's dictionary
 * (349,046 words with frequencies and tags) plus a governance layer (terms
 * such as 治理体系, 十九届四中全会, 供给侧结构性改革).  It is mapped read-only
 * data of the library: loading costs well under a millisecond and no
 * memory until used.  Returns GOVTEXT_ERR_NOT_FOUND in a library built
 * without it, GOVTEXT_ERR_INVALID_ARG if lex is frozen. */
GOVTEXT_API govtext_status govtext_lexicon_load_default(govtext_lexicon *lex);
/* Adds a lexicon file: either a compiled lexicon (govtext_lexicon_save,
 * memory-mapped) or plain UTF-8 text, one `word [freq] [tag]` per line (the
 * jieba format).  Malformed lines are skipped and counted
 * (govtext_lexicon_skipped_lines).  Returns GOVTEXT_ERR_IO,
 * GOVTEXT_ERR_CORRUPT (a damaged compiled file), GOVTEXT_ERR_LIMIT,
 * GOVTEXT_ERR_INVALID_ARG (the lexicon is already in use: frozen),
 * GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_lexicon_load_file(govtext_lexicon *lex, const char *path);
/* As load_file, for bytes in memory: text lines, or a compiled lexicon
 * (recognised by its header; copied). */
GOVTEXT_API govtext_status govtext_lexicon_load_text(govtext_lexicon *lex, const char *text,
                                                     size_t len);
/* Writes the lexicon in the compiled form to path (atomically: a temporary
 * file renamed into place), every loaded layer merged into one (a later
 * layer's entry for a word wins).  May be called on a frozen lexicon, but
 * not concurrently with another call on lex.  Returns GOVTEXT_ERR_IO,
 * GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_lexicon_save(govtext_lexicon *lex, const char *path);
/* Entries (summed over the loaded files and texts), and malformed lines
 * skipped while loading text.  A line is malformed when it has more than
 * three fields, a word that is not valid UTF-8 or longer than 64
 * characters, a frequency that is not a 32-bit number, or a tag that is
 * not 1-15 ASCII letters, digits, '_' or '-'.  A frequency of 0 means "not
 * given".  Later lines for the same word replace earlier ones. */
GOVTEXT_API size_t govtext_lexicon_size(const govtext_lexicon *lex);
GOVTEXT_API size_t govtext_lexicon_skipped_lines(const govtext_lexicon *lex);
/* The name of tag id (e.g. "n", "v"); "" for 0 or an unknown id; owned by
 * lex. */
GOVTEXT_API const char *govtext_lexicon_tag_name(const govtext_lexicon *lex, uint32_t tag);

/* Segmentation modes and flags (govtext_segment_options). */
#define GOVTEXT_SEG_PRECISE 0u     /* one best segmentation */
#define GOVTEXT_SEG_INDEX 1u       /* also the lexicon words inside long words */
#define GOVTEXT_SEG_KEEP_SPACE 0x0001u /* emit white space as tokens */

typedef struct govtext_segment_options {
    size_t struct_size;  /* set by govtext_segment_options_init; first */
    uint32_t mode;       /* GOVTEXT_SEG_PRECISE or GOVTEXT_SEG_INDEX */
    uint32_t flags;      /* GOVTEXT_SEG_* flags */
    /* new members are only ever appended here */
} govtext_segment_options;

GOVTEXT_API govtext_status govtext_segment_options_init(govtext_segment_options *o, size_t size);

/* Creates a segmenter over lex (which becomes frozen); NULL if memory ran
 * out or lex is NULL. */
GOVTEXT_API govtext_segmenter *govtext_segmenter_new(govtext_lexicon *lex);
GOVTEXT_API void govtext_segmenter_free(govtext_segmenter *s);
GOVTEXT_API const char *govtext_segmenter_errmsg(const govtext_segmenter *s);
/* Adds a user word to this segmenter's overlay (freq 0 = a default that
 * makes the word win over its parts; tag may be NULL).  Other segmenters of
 * the same lexicon do not see it.  Returns GOVTEXT_ERR_INVALID_ARG (empty,
 * white space or word-ending punctuation inside, bad tag),
 * GOVTEXT_ERR_INVALID_UTF8, GOVTEXT_ERR_LIMIT (over 64 characters),
 * GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_segmenter_add_word(govtext_segmenter *s, const char *word,
                                                      size_t len, uint32_t freq,
                                                      const char *tag);

/* The name of a token's tag: the lexicon's (govtext_lexicon_tag_name), or
 * of a tag that only this segmenter's user words use; "" for 0 or an
 * unknown id.  Owned by s. */
GOVTEXT_API const char *govtext_segmenter_tag_name(const govtext_segmenter *s, uint32_t tag);

/* Splits UTF-8 text into words, in order, into the caller's array.  With
 * GOVTEXT_SEG_INDEX, a long word's inner lexicon words follow it (their
 * spans nest inside it).  *count gets the number of tokens; when it exceeds
 * cap the call returns GOVTEXT_ERR_BUFFER_TOO_SMALL (tokens may be NULL
 * with cap 0 to ask for the size; the first cap tokens are filled either
 * way).  On any other error *count is 0 and the array's contents are
 * undefined (the text is checked as it is segmented, so the tokens before
 * an invalid byte may be there).  No allocation per token.  Offsets are into text; for a document's
 * text, govtext_doc_map_to_source maps them to the source bytes.  White
 * space is not a token unless GOVTEXT_SEG_KEEP_SPACE.  A run of more than
 * 4,096 characters without space or punctuation is cut there.
 * Returns GOVTEXT_ERR_INVALID_UTF8 (with the offset in the message),
 * GOVTEXT_ERR_INVALID_ARG, GOVTEXT_ERR_UNSUPPORTED, GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_segmenter_words(govtext_segmenter *s, const char *text,
                                                   size_t len,
                                                   const govtext_segment_options *opts,
                                                   govtext_token *tokens, size_t cap,
                                                   size_t *count);
/* Sentences (kind GOVTEXT_TOKEN_SENTENCE): Chinese end punctuation with its
 * closing quotes and brackets, numbered headings (一、 （二） 3. 第四条),
 * line ends; decimals and abbreviations are not split.  Same buffer
 * protocol. */
GOVTEXT_API govtext_status govtext_segmenter_sentences(govtext_segmenter *s, const char *text,
                                                       size_t len, govtext_token *spans,
                                                       size_t cap, size_t *count);
/* Paragraphs (kind GOVTEXT_TOKEN_PARAGRAPH) from line structure and
 * indentation.  Same buffer protocol. */
GOVTEXT_API govtext_status govtext_segmenter_paragraphs(govtext_segmenter *s, const char *text,
                                                        size_t len, govtext_token *spans,
                                                        size_t cap, size_t *count);

/* ---------------------------------------------------------------------------
 * Index and search.
 *
 * A govtext_index_writer collects documents (and whole indexes: shards, or
 * the previous version of an index) and saves them as one index file, always
 * atomically: a temporary file beside the target, synced, renamed over it.
 * A govtext_index is an index file opened read-only and memory-mapped;
 * every section is checksummed and checked on open.  An open index never
 * changes, so any number of threads may search it at once, each with its
 * own govtext_results.
 *
 * What is indexed: every pair of adjacent characters (not across white
 * space), with its positions, so that a query for any string finds exactly
 * the documents that contain it (substring semantics, no false negatives,
 * no false hits); and, unless GOVTEXT_INDEX_NO_WORDS, the segmenter's words
 * in index mode, for `word:` queries and word statistics.  ASCII letters are
 * matched without regard to case; nothing else is folded.  Documents are
 * stored whole, compressed with zstd (snippets, govtext_index_doc_text).
 *
 * Query language (UTF-8):
 *   治理体系            the string, contiguous, wherever it occurs
 *   治理 体系           both (terms separated by white space are ANDed)
 *   治理 OR 管理        either; OR binds tighter than the implicit AND
 *   "依法 治国"         a phrase; white space in it matches one white-space
 *                       character of the text
 *   -腐败               documents without it (NOT)
 *   ( ... )             grouping
 *   word:治理           the segmenter's word 治理 (not inside 治理体系's
 *                       neighbours such as 政治理论)
 *   year:2019  year:2015..2020  year:..2000  source:人民日报  id:gwr-2019
 *                       filters on the documents' metadata
 * Ranking is BM25 (k1 1.2, b 0.75) over occurrences of each term, with
 * document length in characters.
 * ------------------------------------------------------------------------- */
typedef struct govtext_index govtext_index;
typedef struct govtext_index_writer govtext_index_writer;
typedef struct govtext_results govtext_results;

#define GOVTEXT_INDEX_NO_WORDS 0x0001u /* index character pairs only */

typedef struct govtext_index_options {
    size_t struct_size;        /* set by govtext_index_options_init; first */
    uint32_t flags;            /* GOVTEXT_INDEX_* */
    govtext_lexicon *lexicon;  /* words come from this lexicon (borrowed: it
                                  must outlive the writer); NULL = the
                                  default lexicon */
    /* new members are only ever appended here */
} govtext_index_options;

GOVTEXT_API govtext_status govtext_index_options_init(govtext_index_options *o, size_t size);

/* A document's metadata.  Strings are UTF-8 of the given lengths (NULL/0 =
 * none); year 0 = unknown (then taken from a date that starts with four
 * digits). */
typedef struct govtext_doc_meta {
    size_t struct_size;  /* set by govtext_doc_meta_init; first */
    const char *title;
    size_t title_len;
    const char *date;
    size_t date_len;
    const char *source;
    size_t source_len;
    int32_t year;
    /* new members are only ever appended here */
} govtext_doc_meta;

GOVTEXT_API govtext_status govtext_doc_meta_init(govtext_doc_meta *m, size_t size);

/* Creates a writer.  *out is NULL on failure.  Returns
 * GOVTEXT_ERR_INVALID_ARG, GOVTEXT_ERR_UNSUPPORTED (options from a newer
 * library), GOVTEXT_ERR_NOT_FOUND (no default lexicon in this build),
 * GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_index_writer_new(const govtext_index_options *opts,
                                                    govtext_index_writer **out);
GOVTEXT_API void govtext_index_writer_free(govtext_index_writer *w);
GOVTEXT_API const char *govtext_index_writer_errmsg(const govtext_index_writer *w);

/* Adds a document: id (non-empty UTF-8, unique: a document with the same id
 * added or merged earlier is replaced) and its UTF-8 text (at most 4 GiB
 * minus one byte).  meta may be NULL.  On failure the writer is as it was.
 * Returns GOVTEXT_ERR_INVALID_ARG, GOVTEXT_ERR_INVALID_UTF8 (offset in the
 * message), GOVTEXT_ERR_LIMIT, GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_index_writer_add(govtext_index_writer *w, const char *id,
                                                    size_t id_len, const char *text,
                                                    size_t len, const govtext_doc_meta *meta);
/* Adds every document of an open index (a shard, or the index being
 * updated); its documents come before the ones added later, and a document
 * with an id seen earlier replaces the earlier one.  idx is borrowed: keep
 * it open until the writer is freed.  Returns GOVTEXT_ERR_INVALID_ARG (not
 * open, or built with other flags), GOVTEXT_ERR_LIMIT, GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_index_writer_add_index(govtext_index_writer *w,
                                                          const govtext_index *idx);
/* Deletes the document with this id from what the writer holds.  Returns
 * GOVTEXT_ERR_NOT_FOUND when there is none. */
GOVTEXT_API govtext_status govtext_index_writer_delete(govtext_index_writer *w, const char *id,
                                                       size_t id_len);
/* Documents the writer holds (added and merged, not deleted). */
GOVTEXT_API size_t govtext_index_writer_count(const govtext_index_writer *w);
/* Writes everything as one index file at path, atomically (a file already
 * there, even one that is open, stays intact until the new one is
 * complete).  The writer stays usable.  Returns GOVTEXT_ERR_IO,
 * GOVTEXT_ERR_LIMIT, GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_index_writer_save(govtext_index_writer *w, const char *path);

/* An index handle, empty until opened; NULL only if memory ran out. */
GOVTEXT_API govtext_index *govtext_index_new(void);
GOVTEXT_API void govtext_index_free(govtext_index *idx);
GOVTEXT_API const char *govtext_index_errmsg(const govtext_index *idx);
/* Opens (memory-maps) an index file and checks its header, checksums and
 * structure.  Returns GOVTEXT_ERR_IO, GOVTEXT_ERR_CORRUPT (truncated or
 * damaged; the message says where), GOVTEXT_ERR_UNSUPPORTED (a newer
 * format), GOVTEXT_ERR_INVALID_ARG (already open). */
GOVTEXT_API govtext_status govtext_index_open(govtext_index *idx, const char *path);

/* The GOVTEXT_INDEX_* flags the index was built with (0 if not open).  A
 * writer merges only indexes built with its own flags. */
GOVTEXT_API uint32_t govtext_index_flags(const govtext_index *idx);
/* Documents in the index; they are numbered 0 .. count-1. */
GOVTEXT_API size_t govtext_index_doc_count(const govtext_index *idx);
/* A document's id (owned by idx, valid while it is open; not
 * NUL-terminated); NULL for a number out of range. */
GOVTEXT_API const char *govtext_index_doc_id(const govtext_index *idx, size_t doc, size_t *len);
/* Copies a document's text (stored compressed) into buf; the buffer
 * protocol of govtext_segmenter_words (*len gets the size; buf may be NULL
 * with cap 0 to ask).  Returns GOVTEXT_ERR_NOT_FOUND for a number out of
 * range, GOVTEXT_ERR_CORRUPT, GOVTEXT_ERR_BUFFER_TOO_SMALL. */
GOVTEXT_API govtext_status govtext_index_doc_text(const govtext_index *idx, size_t doc,
                                                  char *buf, size_t cap, size_t *len);
/* Fills meta (initialised by govtext_doc_meta_init) with pointers into
 * idx.  Returns GOVTEXT_ERR_NOT_FOUND for a number out of range. */
GOVTEXT_API govtext_status govtext_index_doc_meta(const govtext_index *idx, size_t doc,
                                                  govtext_doc_meta *meta);
/* The number of the document with this id; GOVTEXT_ERR_NOT_FOUND if none. */
GOVTEXT_API govtext_status govtext_index_find(const govtext_index *idx, const char *id,
                                              size_t id_len, size_t *doc);

#define GOVTEXT_SEARCH_COUNT_ONLY 0x0001u /* total only, no hits */
#define GOVTEXT_SEARCH_SNIPPETS 0x0002u   /* a keyword-in-context window per hit */

typedef struct govtext_search_options {
    size_t struct_size;     /* set by govtext_search_options_init; first */
    size_t limit;           /* hits to return, best first; 0 = 10 */
    uint32_t flags;         /* GOVTEXT_SEARCH_* */
    uint32_t snippet_chars; /* characters on each side of the match; 0 = 30 */
    /* new members are only ever appended here */
} govtext_search_options;
/* limit = GOVTEXT_SEARCH_ALL returns every hit. */
#define GOVTEXT_SEARCH_ALL ((size_t)-1)

GOVTEXT_API govtext_status govtext_search_options_init(govtext_search_options *o, size_t size);

/* One hit.  Snippet offsets are byte offsets into the document's text
 * (govtext_index_doc_text): the window [snippet_start, snippet_end) and
 * the first match inside it [match_start, match_end) (both 0 without
 * GOVTEXT_SEARCH_SNIPPETS or when the query has no positive term). */
typedef struct govtext_hit {
    size_t struct_size; /* set by the caller to sizeof(govtext_hit) */
    size_t doc;
    double score;
    uint64_t occurrences; /* of the query's positive terms in the document */
    size_t snippet_start;
    size_t snippet_end;
    size_t match_start;
    size_t match_end;
    /* new members are only ever appended here */
} govtext_hit;

/* A result set: one per thread; reused by each search. */
GOVTEXT_API govtext_results *govtext_results_new(void);
GOVTEXT_API void govtext_results_free(govtext_results *r);
GOVTEXT_API const char *govtext_results_errmsg(const govtext_results *r);
/* Runs a query (see the language above).  idx is only read: any number of
 * threads may search one index, each with its own results.  Returns
 * GOVTEXT_ERR_INVALID_ARG (syntax: the message says where),
 * GOVTEXT_ERR_INVALID_UTF8, GOVTEXT_ERR_LIMIT (more than 1,024 terms or a
 * term of more than 1,024 characters), GOVTEXT_ERR_CORRUPT, GOVTEXT_ERR_NOMEM. */
GOVTEXT_API govtext_status govtext_index_search(const govtext_index *idx, const char *query,
                                                size_t len, const govtext_search_options *opts,
                                                govtext_results *r);
/* Matching documents in all, and hits held (at most the limit). */
GOVTEXT_API size_t govtext_results_total(const govtext_results *r);
GOVTEXT_API size_t govtext_results_count(const govtext_results *r);
/* Copies hit i (best first) into *hit (hit->struct_size set by the
 * caller).  Returns GOVTEXT_ERR_NOT_FOUND when i >= count. */
GOVTEXT_API govtext_status govtext_results_get(const govtext_results *r, size_t i,
                                               govtext_hit *hit);

/* Hit i's snippet: the text of [snippet_start, snippet_end) of its
 * document, owned by r and valid until its next search; NULL (and *len 0)
 * without GOVTEXT_SEARCH_SNIPPETS or for i >= count.  Offsets into it are
 * the hit's offsets minus snippet_start. */
GOVTEXT_API const char *govtext_results_snippet(const govtext_results *r, size_t i, size_t *len);

/* How often a query's matches occur per year (the term statistics
 * researchers track): documents and occurrences per year, ascending (year 0
 * = unknown).  The query is any query of the language above (usually one
 * string or one word:).  Totals go to *docs and *occurrences.  The buffer
 * protocol is govtext_segmenter_words'. */
typedef struct govtext_year_count {
    int32_t year;
    uint32_t reserved;
    uint64_t docs;
    uint64_t occurrences;
} govtext_year_count;

GOVTEXT_API govtext_status govtext_index_term_stats(const govtext_index *idx, const char *query,
                                                    size_t len, govtext_results *r,
                                                    uint64_t *docs, uint64_t *occurrences,
                                                    govtext_year_count *years, size_t cap,
                                                    size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* GOVTEXT_H */
