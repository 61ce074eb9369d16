"""Loads libgovtext.so.1 with ctypes and declares every function of govtext.h.

Only the public header's API is used.  The C structs below mirror the
header's; the library accepts them by their struct_size, so a newer library
keeps working with them (members are only ever appended).

The library is looked up, in order:
  1. the path in the environment variable GOVTEXT_LIBRARY (in-tree tests);
  2. the SONAME, through the dynamic loader (LD_LIBRARY_PATH, ld.so.cache,
     the default directories);
  3. the usual install directories (/usr/local/lib[/<multiarch>],
     /usr/lib[/<multiarch>], sys.prefix/lib).
The SONAME (libgovtext.so.1) is loaded, never the unversioned libgovtext.so
link, which only the -dev package ships.
"""

import ctypes
import os
import sys
import sysconfig
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int, c_int32,
                    c_size_t, c_uint32, c_uint64, c_void_p)

# The API version this binding was written against (GOVTEXT_VERSION_NUMBER of
# the header it binds).  The loaded library must have the same major version
# and be at least this version: within an ABI, functions are only added.
BINDING_VERSION = 200  # 0.2.0: the index
BINDING_VERSION_STRING = "0.2.0"

ENV_VAR = "GOVTEXT_LIBRARY"

if sys.platform == "darwin":
    SONAME = "libgovtext.1.dylib"
elif sys.platform == "win32":
    SONAME = "govtext.dll"
else:
    SONAME = "libgovtext.so.1"


def _candidate_dirs():
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    dirs = []
    for prefix in ("/usr/local", "/usr", sys.prefix):
        if multiarch:
            dirs.append(os.path.join(prefix, "lib", multiarch))
        dirs.append(os.path.join(prefix, "lib64"))
        dirs.append(os.path.join(prefix, "lib"))
    seen = set()
    return [d for d in dirs if not (d in seen or seen.add(d))]


def _load():
    path = os.environ.get(ENV_VAR)
    if path:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            raise ImportError("govtext: cannot load %s=%r: %s" % (ENV_VAR, path, e)) from e
    errors = []
    try:
        return ctypes.CDLL(SONAME)
    except OSError as e:
        errors.append(str(e))
    for d in _candidate_dirs():
        p = os.path.join(d, SONAME)
        if os.path.exists(p):
            try:
                return ctypes.CDLL(p)
            except OSError as e:
                errors.append(str(e))
    raise ImportError(
        "govtext: cannot find the C library %s (install libgovtext, add its directory to "
        "LD_LIBRARY_PATH, or set %s to its path): %s" % (SONAME, ENV_VAR, "; ".join(errors)))


lib = _load()

# --- C structs (mirroring include/govtext.h) ----------------------------------


class LoadOptionsC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("encoding", c_uint32),
        ("flags", c_uint32),
        ("max_bytes", c_uint64),
    ]


class RepairOptionsC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("skip", c_uint32),
        ("script", c_uint32),
        ("mask_threshold", c_double),
    ]


class EditC(Structure):
    # old_text/new_text are pointer + length (not necessarily NUL-terminated
    # at the length), so they are c_void_p read with string_at(p, len).
    _fields_ = [
        ("struct_size", c_size_t),
        ("kind", c_uint32),
        ("reserved", c_uint32),
        ("src_start", c_size_t),
        ("src_end", c_size_t),
        ("text_start", c_size_t),
        ("text_end", c_size_t),
        ("old_text", c_void_p),
        ("old_len", c_size_t),
        ("new_text", c_void_p),
        ("new_len", c_size_t),
        ("confidence", c_double),
    ]


class TokenC(Structure):
    # govtext_token: a frozen layout.
    _fields_ = [
        ("start", c_size_t),
        ("end", c_size_t),
        ("kind", c_uint32),
        ("tag", c_uint32),
    ]


class SegmentOptionsC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("mode", c_uint32),
        ("flags", c_uint32),
    ]


class IndexOptionsC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("flags", c_uint32),
        ("lexicon", c_void_p),
    ]


class DocMetaC(Structure):
    # Strings are pointer + length (not NUL-terminated): c_void_p.
    _fields_ = [
        ("struct_size", c_size_t),
        ("title", c_void_p),
        ("title_len", c_size_t),
        ("date", c_void_p),
        ("date_len", c_size_t),
        ("source", c_void_p),
        ("source_len", c_size_t),
        ("year", c_int32),
    ]


class SearchOptionsC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("limit", c_size_t),
        ("flags", c_uint32),
        ("snippet_chars", c_uint32),
    ]


class HitC(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("doc", c_size_t),
        ("score", c_double),
        ("occurrences", c_uint64),
        ("snippet_start", c_size_t),
        ("snippet_end", c_size_t),
        ("match_start", c_size_t),
        ("match_end", c_size_t),
    ]


class YearCountC(Structure):
    # govtext_year_count: a fixed layout (no struct_size).
    _fields_ = [
        ("year", c_int32),
        ("reserved", c_uint32),
        ("docs", c_uint64),
        ("occurrences", c_uint64),
    ]


# int (*govtext_read_fn)(void *buf, size_t cap, size_t *got, void *user_data)
READ_FN = CFUNCTYPE(c_int, c_void_p, c_size_t, POINTER(c_size_t), c_void_p)

c_size_t_p = POINTER(c_size_t)
c_uint32_p = POINTER(c_uint32)
c_double_p = POINTER(c_double)
# Handles are opaque: c_void_p everywhere.
doc_p = c_void_p
coll_p = c_void_p
lex_p = c_void_p
seg_p = c_void_p
idx_p = c_void_p
iw_p = c_void_p
res_p = c_void_p
c_uint64_p = POINTER(c_uint64)
status_t = c_int  # govtext_status (an enum: int-sized)
enum_t = c_int    # govtext_encoding, govtext_counter, govtext_script

# name: (restype, [argtypes]).  Every function of the header is here; the
# tests compare this table with include/govtext.h.
PROTOTYPES = {
    "govtext_version": (c_uint32, []),
    "govtext_version_string": (c_char_p, []),  # static storage: c_char_p is fine
    "govtext_status_string": (c_char_p, [status_t]),
    "govtext_status_name": (c_char_p, [status_t]),
    "govtext_free": (None, [c_void_p]),
    "govtext_encoding_name": (c_char_p, [enum_t]),
    "govtext_encoding_from_name": (status_t, [c_char_p, POINTER(enum_t)]),
    "govtext_detect_encoding": (status_t, [c_void_p, c_size_t, POINTER(enum_t), c_double_p]),
    "govtext_load_options_init": (status_t, [POINTER(LoadOptionsC), c_size_t]),
    "govtext_doc_new": (doc_p, []),
    "govtext_doc_free": (None, [doc_p]),
    "govtext_doc_errmsg": (c_char_p, [doc_p]),
    "govtext_doc_load_bytes": (status_t, [doc_p, c_void_p, c_size_t, POINTER(LoadOptionsC)]),
    "govtext_doc_load_file": (status_t, [doc_p, c_char_p, POINTER(LoadOptionsC)]),
    "govtext_doc_load_fd": (status_t, [doc_p, c_int, POINTER(LoadOptionsC)]),
    "govtext_doc_load_reader": (status_t, [doc_p, READ_FN, c_void_p, POINTER(LoadOptionsC)]),
    # Owned by the doc, not NUL-safe for our purposes: c_void_p + string_at(p, len).
    "govtext_doc_text": (c_void_p, [doc_p, c_size_t_p]),
    "govtext_doc_source": (c_void_p, [doc_p, c_size_t_p]),
    "govtext_doc_encoding": (enum_t, [doc_p]),
    "govtext_doc_confidence": (c_double, [doc_p]),
    "govtext_doc_count": (c_uint64, [doc_p, enum_t]),
    "govtext_doc_map_to_source": (status_t, [doc_p, c_size_t, c_size_t, c_size_t_p, c_size_t_p]),
    "govtext_doc_edit_count": (c_size_t, [doc_p]),
    "govtext_doc_edit_get": (status_t, [doc_p, c_size_t, POINTER(EditC)]),
    "govtext_edit_kind_name": (c_char_p, [c_uint32]),
    "govtext_collection_new": (coll_p, []),
    "govtext_collection_free": (None, [coll_p]),
    "govtext_collection_errmsg": (c_char_p, [coll_p]),
    "govtext_collection_add": (status_t, [coll_p, doc_p]),
    "govtext_collection_size": (c_size_t, [coll_p]),
    "govtext_repair_options_init": (status_t, [POINTER(RepairOptionsC), c_size_t]),
    "govtext_doc_repair": (status_t, [doc_p, coll_p, POINTER(RepairOptionsC)]),
    # segmentation
    "govtext_lexicon_new": (lex_p, []),
    "govtext_lexicon_free": (None, [lex_p]),
    "govtext_lexicon_errmsg": (c_char_p, [lex_p]),
    "govtext_lexicon_load_default": (status_t, [lex_p]),
    "govtext_lexicon_load_file": (status_t, [lex_p, c_char_p]),
    "govtext_lexicon_load_text": (status_t, [lex_p, c_void_p, c_size_t]),
    "govtext_lexicon_save": (status_t, [lex_p, c_char_p]),
    "govtext_lexicon_size": (c_size_t, [lex_p]),
    "govtext_lexicon_skipped_lines": (c_size_t, [lex_p]),
    "govtext_lexicon_tag_name": (c_char_p, [lex_p, c_uint32]),
    "govtext_segment_options_init": (status_t, [POINTER(SegmentOptionsC), c_size_t]),
    "govtext_segmenter_new": (seg_p, [lex_p]),
    "govtext_segmenter_free": (None, [seg_p]),
    "govtext_segmenter_errmsg": (c_char_p, [seg_p]),
    "govtext_segmenter_add_word": (status_t, [seg_p, c_void_p, c_size_t, c_uint32, c_char_p]),
    "govtext_segmenter_tag_name": (c_char_p, [seg_p, c_uint32]),
    # The buffer protocol (GOVTEXT_ERR_BUFFER_TOO_SMALL) is handled by the
    # caller: no errcheck on these three.
    "govtext_segmenter_words": (status_t, [seg_p, c_void_p, c_size_t, POINTER(SegmentOptionsC),
                                           POINTER(TokenC), c_size_t, c_size_t_p]),
    "govtext_segmenter_sentences": (status_t, [seg_p, c_void_p, c_size_t, POINTER(TokenC),
                                               c_size_t, c_size_t_p]),
    "govtext_segmenter_paragraphs": (status_t, [seg_p, c_void_p, c_size_t, POINTER(TokenC),
                                                c_size_t, c_size_t_p]),
    # index and search
    "govtext_index_options_init": (status_t, [POINTER(IndexOptionsC), c_size_t]),
    "govtext_doc_meta_init": (status_t, [POINTER(DocMetaC), c_size_t]),
    "govtext_index_writer_new": (status_t, [POINTER(IndexOptionsC), POINTER(iw_p)]),
    "govtext_index_writer_free": (None, [iw_p]),
    "govtext_index_writer_errmsg": (c_char_p, [iw_p]),
    "govtext_index_writer_add": (status_t, [iw_p, c_void_p, c_size_t, c_void_p, c_size_t,
                                            POINTER(DocMetaC)]),
    "govtext_index_writer_add_index": (status_t, [iw_p, idx_p]),
    "govtext_index_writer_delete": (status_t, [iw_p, c_void_p, c_size_t]),
    "govtext_index_writer_count": (c_size_t, [iw_p]),
    "govtext_index_writer_save": (status_t, [iw_p, c_char_p]),
    "govtext_index_new": (idx_p, []),
    "govtext_index_free": (None, [idx_p]),
    "govtext_index_errmsg": (c_char_p, [idx_p]),
    "govtext_index_open": (status_t, [idx_p, c_char_p]),
    "govtext_index_flags": (c_uint32, [idx_p]),
    "govtext_index_doc_count": (c_size_t, [idx_p]),
    "govtext_index_doc_id": (c_void_p, [idx_p, c_size_t, c_size_t_p]),
    # The buffer protocol is handled by the caller: no errcheck.
    "govtext_index_doc_text": (status_t, [idx_p, c_size_t, c_void_p, c_size_t, c_size_t_p]),
    "govtext_index_doc_meta": (status_t, [idx_p, c_size_t, POINTER(DocMetaC)]),
    "govtext_index_find": (status_t, [idx_p, c_void_p, c_size_t, c_size_t_p]),
    "govtext_search_options_init": (status_t, [POINTER(SearchOptionsC), c_size_t]),
    "govtext_results_new": (res_p, []),
    "govtext_results_free": (None, [res_p]),
    "govtext_results_errmsg": (c_char_p, [res_p]),
    # The status comes with the results' message (the last argument): the
    # caller checks it.
    "govtext_index_search": (status_t, [idx_p, c_void_p, c_size_t, POINTER(SearchOptionsC),
                                        res_p]),
    "govtext_results_total": (c_size_t, [res_p]),
    "govtext_results_count": (c_size_t, [res_p]),
    "govtext_results_get": (status_t, [res_p, c_size_t, POINTER(HitC)]),
    "govtext_results_snippet": (c_void_p, [res_p, c_size_t, c_size_t_p]),
    "govtext_index_term_stats": (status_t, [idx_p, c_void_p, c_size_t, res_p, c_uint64_p,
                                            c_uint64_p, POINTER(YearCountC), c_size_t,
                                            c_size_t_p]),
}

for _name, (_res, _args) in PROTOTYPES.items():
    try:
        _f = getattr(lib, _name)
    except AttributeError as e:
        raise ImportError("govtext: the loaded %s has no %s (too old?)" % (lib._name, _name)) from e
    _f.restype = _res
    _f.argtypes = _args

# --- the version check -----------------------------------------------------------
LIBRARY_VERSION = lib.govtext_version()
if LIBRARY_VERSION // 10000 != BINDING_VERSION // 10000 or LIBRARY_VERSION < BINDING_VERSION:
    raise ImportError(
        "govtext: the loaded library %s is version %s; this binding needs %s.x, at least %s"
        % (lib._name, lib.govtext_version_string().decode(), BINDING_VERSION // 10000,
           BINDING_VERSION_STRING))


def take_buffer(p, n):
    """Copies n bytes at p, a buffer the library allocated for the caller, and
    releases it with govtext_free.  (No function of the current API returns
    such a buffer; this is the one place that would handle them.)"""
    if not p:
        return b""
    try:
        return ctypes.string_at(p, n)
    finally:
        lib.govtext_free(p)
