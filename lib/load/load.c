/* Loading: bytes -> detected encoding -> UTF-8 (decode.c) -> normalised
 * text (normalize.c), with one offset map and one edit list. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/versioned.h"
#include "core/doc.h"
#include "load/decode.h"
#include "load/encodings.h"
#include "load/normalize.h"

#define DEFAULT_MAX_BYTES (UINT64_C(1) << 30)
#define KNOWN_FLAGS 0x003Fu
#define LOAD_OPTS_V1_SIZE (offsetof(govtext_load_options, max_bytes) + sizeof(uint64_t))

govtext_status govtext_load_options_init(govtext_load_options *o, size_t size)
{
    if (!o || size < LOAD_OPTS_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(o, 0, size);
    o->struct_size = size;
    return GOVTEXT_OK;
}

/* Reads the prefix of the caller's options that this library knows. */
static govtext_status read_options(govtext_doc *doc, const govtext_load_options *in,
                                   govtext_load_options *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    if (in) {
        govtext_status st =
            gt_read_versioned(doc->errmsg, sizeof doc->errmsg, "load options",
                              "govtext_load_options_init", o, sizeof *o, in, LOAD_OPTS_V1_SIZE);
        if (st != GOVTEXT_OK)
            return st;
    }
    if (o->encoding > GOVTEXT_ENC_UTF32BE)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "load options: unknown encoding %u",
                           (unsigned)o->encoding);
    if (o->flags & ~KNOWN_FLAGS)
        return gt_doc_fail(doc, GOVTEXT_ERR_UNSUPPORTED, "load options: unknown flags 0x%x",
                           (unsigned)(o->flags & ~KNOWN_FLAGS));
    if (o->max_bytes == 0)
        o->max_bytes = DEFAULT_MAX_BYTES;
    return GOVTEXT_OK;
}

/* The pipeline proper.  Takes ownership of *src (its bytes become the
 * document's source) whatever happens. */
static govtext_status load_buffer(govtext_doc *doc, gt_buf *src, const govtext_load_options *o)
{
    gt_doc_state st;
    gt_doc_state_init(&st);
    st.src = *src;
    gt_buf_init(src);
    const unsigned char *p = (const unsigned char *)st.src.data;
    size_t len = st.src.len;
    if (!p)
        p = (const unsigned char *)"";

    gt_decoded dec;
    gt_decoded_init(&dec);
    gt_pass_out norm;
    gt_pass_out_init(&norm);
    govtext_status status = GOVTEXT_ERR_NOMEM;

    /* 1. Which encoding, and where the text starts. */
    size_t start = 0;
    gt_bom bom = gt_detect_bom(p, len);
    govtext_encoding enc = (govtext_encoding)o->encoding;
    if (enc == GOVTEXT_ENC_AUTO) {
        if (bom.len) {
            enc = bom.enc;
            st.confidence = 1.0;
        } else {
            gt_detection det;
            if (gt_detect(p, len, &det) != 0)
                goto done;
            enc = det.enc;
            st.confidence = det.confidence;
            start = det.skip;
        }
    } else {
        st.confidence = 1.0;
    }
    if (bom.len && bom.enc == enc)
        start = bom.len;
    st.encoding = enc;

    /* 2. Decode. */
    status = gt_decode(p, len, start, enc, (o->flags & GOVTEXT_LOAD_STRICT) != 0, &dec);
    if (status == GOVTEXT_ERR_ENCODING) {
        gt_doc_fail(doc, status, "invalid %s byte sequence at byte %zu",
                    govtext_encoding_name(enc), dec.err_pos);
        goto done;
    }
    if (status != GOVTEXT_OK)
        goto done;
    status = GOVTEXT_ERR_NOMEM;
    if (bom.len && start == bom.len) {
        if (gt_edits_add(&dec.edits, GOVTEXT_EDIT_BOM, 0, bom.len, 0, 0, "\xEF\xBB\xBF", 3, "", 0,
                         1.0) != 0)
            goto done;
        st.counts[GOVTEXT_COUNT_BOM] = 1;
    } else if (start > 0) {
        if (gt_edits_add(&dec.edits, GOVTEXT_EDIT_PARTIAL, 0, start, 0, 0, "", 0, "", 0, 1.0) != 0)
            goto done;
        st.counts[GOVTEXT_COUNT_PARTIAL]++;
    }
    st.counts[GOVTEXT_COUNT_INVALID_BYTES] = dec.invalid;
    st.counts[GOVTEXT_COUNT_PARTIAL] += dec.partial;
    st.text = dec.text;
    gt_buf_init(&dec.text);
    st.map = dec.map;
    gt_map_init(&dec.map);
    st.map.src_len = len;
    if (gt_edits_take(&st.edits, &dec.edits) != 0)
        goto done;
    gt_edits_sort(&st.edits);

    /* 3. Normalise. */
    unsigned what = 0;
    if (!(o->flags & GOVTEXT_LOAD_NO_NFC))
        what |= GT_NORM_NFC;
    if (!(o->flags & GOVTEXT_LOAD_KEEP_NEWLINES))
        what |= GT_NORM_NEWLINES;
    if (!(o->flags & GOVTEXT_LOAD_KEEP_ZERO_WIDTH))
        what |= GT_NORM_ZERO_WIDTH;
    if (!(o->flags & GOVTEXT_LOAD_KEEP_CONTROLS))
        what |= GT_NORM_CONTROLS;
    if (o->flags & GOVTEXT_LOAD_FOLD_WIDTH)
        what |= GT_NORM_WIDTH;
    if (gt_normalize(st.text.data ? st.text.data : "", st.text.len, what, &norm) != 0 ||
        gt_doc_state_apply(&st, &norm) != 0 || gt_buf_terminate(&st.text) != 0)
        goto done;

    gt_doc_adopt(doc, &st);
    status = gt_doc_ok(doc);
done:
    if (status == GOVTEXT_ERR_NOMEM)
        gt_doc_fail(doc, status, "out of memory while loading %zu bytes", len);
    gt_decoded_release(&dec);
    gt_pass_out_release(&norm);
    gt_doc_state_release(&st);
    return status;
}

govtext_status govtext_doc_load_bytes(govtext_doc *doc, const void *bytes, size_t len,
                                      const govtext_load_options *opts)
{
    if (!doc)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!bytes && len)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "NULL bytes with length %zu", len);
    govtext_load_options o;
    govtext_status st = read_options(doc, opts, &o);
    if (st != GOVTEXT_OK)
        return st;
    if ((uint64_t)len > o.max_bytes)
        return gt_doc_fail(doc, GOVTEXT_ERR_LIMIT,
                           "input of %zu bytes exceeds the limit of %llu bytes (max_bytes)", len,
                           (unsigned long long)o.max_bytes);
    gt_buf b;
    gt_buf_init(&b);
    if (gt_buf_append(&b, bytes, len) != 0)
        return gt_doc_fail(doc, GOVTEXT_ERR_NOMEM, "out of memory copying %zu bytes", len);
    return load_buffer(doc, &b, &o);
}

/* Reads from a callback into b, refusing more than max bytes. */
static govtext_status read_all(govtext_doc *doc, govtext_read_fn read, void *ud, uint64_t max,
                               const char *what, gt_buf *b)
{
    for (;;) {
        if (gt_buf_reserve(b, 1 << 16) != 0)
            return gt_doc_fail(doc, GOVTEXT_ERR_NOMEM, "out of memory reading %s", what);
        size_t got = 0;
        size_t cap = b->cap - b->len - 1;
        if (read(b->data + b->len, cap, &got, ud) != 0)
            return gt_doc_fail(doc, GOVTEXT_ERR_IO, "read error on %s after %zu bytes", what,
                               b->len);
        if (got == 0)
            return GOVTEXT_OK;
        if (got > cap)
            return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG,
                               "read callback claimed %zu bytes for a %zu-byte buffer", got, cap);
        b->len += got;
        if ((uint64_t)b->len > max)
            return gt_doc_fail(doc, GOVTEXT_ERR_LIMIT,
                               "%s exceeds the limit of %llu bytes (max_bytes)", what,
                               (unsigned long long)max);
    }
}

typedef struct fd_reader {
    int fd;
    int err;
} fd_reader;

static int read_fd(void *buf, size_t cap, size_t *got, void *ud)
{
    fd_reader *r = ud;
    for (;;) {
        ssize_t n = read(r->fd, buf, cap);
        if (n >= 0) {
            *got = (size_t)n;
            return 0;
        }
        if (errno != EINTR) {
            r->err = errno;
            return 1;
        }
    }
}

static govtext_status load_from_fd(govtext_doc *doc, int fd, const govtext_load_options *o,
                                   const char *what)
{
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > o->max_bytes)
        return gt_doc_fail(doc, GOVTEXT_ERR_LIMIT,
                           "%s has %lld bytes, over the limit of %llu bytes (max_bytes)", what,
                           (long long)sb.st_size, (unsigned long long)o->max_bytes);
    gt_buf b;
    gt_buf_init(&b);
    fd_reader r = {fd, 0};
    govtext_status st = read_all(doc, read_fd, &r, o->max_bytes, what, &b);
    if (st == GOVTEXT_ERR_IO && r.err) {
        char reason[128] = "unknown error";
        (void)strerror_r(r.err, reason, sizeof reason);
        st = gt_doc_fail(doc, GOVTEXT_ERR_IO, "cannot read %s: %s", what, reason);
    }
    if (st != GOVTEXT_OK) {
        gt_buf_release(&b);
        return st;
    }
    return load_buffer(doc, &b, o);
}

govtext_status govtext_doc_load_fd(govtext_doc *doc, int fd, const govtext_load_options *opts)
{
    if (!doc)
        return GOVTEXT_ERR_INVALID_ARG;
    if (fd < 0)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "invalid file descriptor %d", fd);
    govtext_load_options o;
    govtext_status st = read_options(doc, opts, &o);
    if (st != GOVTEXT_OK)
        return st;
    return load_from_fd(doc, fd, &o, "the file descriptor");
}

govtext_status govtext_doc_load_file(govtext_doc *doc, const char *path,
                                     const govtext_load_options *opts)
{
    if (!doc)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!path)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "NULL path");
    govtext_load_options o;
    govtext_status st = read_options(doc, opts, &o);
    if (st != GOVTEXT_OK)
        return st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        char reason[128] = "unknown error";
        (void)strerror_r(errno, reason, sizeof reason);
        return gt_doc_fail(doc, GOVTEXT_ERR_IO, "cannot open '%s': %s", path, reason);
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        return gt_doc_fail(doc, GOVTEXT_ERR_IO, "cannot read '%s': it is a directory", path);
    }
    char what[300];
    snprintf(what, sizeof what, "'%s'", path);
    st = load_from_fd(doc, fd, &o, what);
    close(fd);
    return st;
}

govtext_status govtext_doc_load_reader(govtext_doc *doc, govtext_read_fn read, void *user_data,
                                       const govtext_load_options *opts)
{
    if (!doc)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!read)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "NULL read callback");
    govtext_load_options o;
    govtext_status st = read_options(doc, opts, &o);
    if (st != GOVTEXT_OK)
        return st;
    gt_buf b;
    gt_buf_init(&b);
    st = read_all(doc, read, user_data, o.max_bytes, "the reader", &b);
    if (st != GOVTEXT_OK) {
        gt_buf_release(&b);
        return st;
    }
    return load_buffer(doc, &b, &o);
}
