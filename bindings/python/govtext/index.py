"""Index and search: a persistent full-text index of documents, searched
with the library's query language.

    import govtext

    with govtext.IndexWriter() as w:                  # words from the default lexicon
        w.add("gwr-2018", text, title="政府工作报告", year=2018)
        w.save("reports.gtx")                         # atomically
    with govtext.Index("reports.gtx") as idx:         # memory-mapped, read-only
        for hit in idx.search("治理体系 OR 治理能力", limit=5, snippets=True):
            print(hit.id, hit.score, hit.snippet, hit.match)
        print(idx.count("word:治理 year:2015..2020"))
        for y in idx.term_stats("治理体系").years:    # documents and occurrences per year
            print(y.year, y.docs, y.occurrences)

An ``Index`` never changes once open: share one between any number of
threads (each search gets its own C result set; the calls run without the
GIL).  An ``IndexWriter`` is one thread's (a shared one is serialised).

The query language: ``治理体系`` (the string, anywhere), ``A B`` (both),
``A OR B``, ``"依法 治国"`` (a phrase), ``-腐败`` (NOT), ``( )``,
``word:治理`` (the segmenter's word), ``year:2019``, ``year:2015..2020``,
``source:人民日报``, ``id:gwr-2019``.  See include/govtext.h.

This module is imported by the package (``govtext.Index`` etc.).
"""

import collections.abc
import ctypes
import enum
import threading
from ctypes import byref, c_size_t, c_uint64, c_void_p

from . import _lib
from . import (Doc, OutOfMemoryError, Status, Utf8Offsets, _check_plain, _check_with,
               _Handle, _make_error, _RWLock, status_string)
from ._lib import lib
from .segment import Lexicon, _path_bytes

__all__ = ["IndexFlags", "IndexWriter", "Index", "IndexDocument", "DocMeta", "Hit",
           "Results", "TermStats", "YearCount", "SEARCH_ALL"]


class IndexFlags(enum.IntFlag):
    NO_WORDS = 0x0001  # character pairs only: no word: queries, no word statistics


COUNT_ONLY = 0x0001   # GOVTEXT_SEARCH_COUNT_ONLY
SNIPPETS = 0x0002     # GOVTEXT_SEARCH_SNIPPETS
SEARCH_ALL = "all"    # search(limit=SEARCH_ALL): every hit
_C_ALL = ctypes.c_size_t(-1).value  # GOVTEXT_SEARCH_ALL

_check_writer = _check_with(lib.govtext_index_writer_errmsg)
_check_index = _check_with(lib.govtext_index_errmsg)
for _f in ("govtext_index_writer_add", "govtext_index_writer_add_index",
           "govtext_index_writer_delete", "govtext_index_writer_save"):
    getattr(lib, _f).errcheck = _check_writer
for _f in ("govtext_index_open", "govtext_index_doc_meta", "govtext_index_find"):
    getattr(lib, _f).errcheck = _check_index
for _f in ("govtext_index_options_init", "govtext_doc_meta_init",
           "govtext_search_options_init"):
    getattr(lib, _f).errcheck = _check_plain
del _f


def _utf8(s, what):
    if isinstance(s, str):
        return s.encode("utf-8")
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s)
    raise TypeError("%s must be str or bytes, not %s" % (what, type(s).__name__))


def _string(p, n):
    return ctypes.string_at(p, n).decode("utf-8", "replace") if p and n else ""


class DocMeta:
    """A document's metadata: title, date and source (str, "" for none) and
    year (0 = unknown)."""

    __slots__ = ("title", "date", "source", "year")

    def __init__(self, title="", date="", source="", year=0):
        self.title = title
        self.date = date
        self.source = source
        self.year = year

    def _tuple(self):
        return (self.title, self.date, self.source, self.year)

    def __eq__(self, other):
        return isinstance(other, DocMeta) and self._tuple() == other._tuple()

    def __hash__(self):
        return hash(self._tuple())

    def __repr__(self):
        return "DocMeta(title=%r, date=%r, source=%r, year=%d)" % self._tuple()


# --- the writer -------------------------------------------------------------------


class IndexWriter(_Handle):
    """Collects documents (add) and whole indexes (add_index: shards, or the
    previous version of an index) and saves them as one index file (save,
    atomically; the writer stays usable).

    IndexWriter(lexicon=None, no_words=False): words come from lexicon (a
    Lexicon; None = the default lexicon); no_words=True indexes character
    pairs only (no word: queries; much faster to build).  A writer merges
    only indexes built with the same no_words."""

    __slots__ = ("_p", "_lock", "_pinned", "no_words", "__weakref__")
    _FREE = "govtext_index_writer_free"

    def __init__(self, lexicon=None, no_words=False):
        self._p = None
        self._lock = threading.Lock()
        self._pinned = []  # Lexicon and Index objects the C writer borrows
        self.no_words = bool(no_words)
        if lexicon is not None and not isinstance(lexicon, Lexicon):
            raise TypeError("lexicon must be a govtext.Lexicon or None")
        o = _lib.IndexOptionsC()
        lib.govtext_index_options_init(byref(o), ctypes.sizeof(o))
        o.flags = IndexFlags.NO_WORDS if no_words else 0
        out = c_void_p()
        if lexicon is not None and not no_words:
            with lexicon._rw.reading:
                o.lexicon = lexicon._handle()
                st = lib.govtext_index_writer_new(byref(o), byref(out))
                if st == 0:
                    lexicon._frozen = True  # the writer segments with it
                    lexicon._pin()
                    self._pinned.append(lexicon)
        else:
            st = lib.govtext_index_writer_new(byref(o), byref(out))
        if st != 0:
            raise _make_error(st, "govtext_index_writer_new: %s" % status_string(st))
        self._p = out.value

    def add(self, id, text, title=None, date=None, source=None, year=0):
        """Adds a document: id (a non-empty str, unique: a document with the
        same id added or merged earlier is replaced) and its text (a str,
        UTF-8 bytes, or a Doc: its current text), with optional metadata
        (year 0 = unknown: then taken from a date starting with four
        digits).  On failure the writer is as it was."""
        bid = _utf8(id, "id")
        if isinstance(text, Doc):
            with text._lock:
                data = text._text_state()[0]
        else:
            data = _utf8(text, "text")
        m = _lib.DocMetaC()
        lib.govtext_doc_meta_init(byref(m), ctypes.sizeof(m))
        keep = []
        for name, v in (("title", title), ("date", date), ("source", source)):
            if v:
                b = _utf8(v, name)
                keep.append(b)
                setattr(m, name, ctypes.cast(ctypes.c_char_p(b), c_void_p).value)
                setattr(m, name + "_len", len(b))
        year = int(year)
        if not -2**31 <= year < 2**31:
            raise ValueError("year out of range")
        m.year = year
        with self._lock:
            lib.govtext_index_writer_add(self._handle(), bid, len(bid), data, len(data), byref(m))
        del keep

    def add_index(self, index):
        """Adds every document of an open Index (a shard, or the index being
        updated); they come before the documents added later, and a document
        with an id seen earlier replaces the earlier one.  The writer reads
        the index until it is closed: index.close() before then is deferred.
        InvalidArgumentError for an index built with other no_words."""
        if not isinstance(index, Index):
            raise TypeError("add_index() takes a govtext.Index")
        with self._lock:
            p = self._handle()
            with index._rw.reading:
                lib.govtext_index_writer_add_index(p, index._handle())
                index._pin()
            self._pinned.append(index)

    def delete(self, id):
        """Deletes the document with this id; NotFoundError (a LookupError)
        when there is none."""
        bid = _utf8(id, "id")
        with self._lock:
            lib.govtext_index_writer_delete(self._handle(), bid, len(bid))

    def __len__(self):
        """Documents the writer holds (added and merged, not deleted)."""
        with self._lock:
            return int(lib.govtext_index_writer_count(self._handle()))

    count = property(__len__)

    def save(self, path):
        """Writes everything as one index file at path, atomically (a file
        already there, even an open one, stays intact until the new one is
        complete).  GovtextIOError (an OSError) when it cannot be written."""
        b = _path_bytes(path)
        with self._lock:
            lib.govtext_index_writer_save(self._handle(), b)

    def _release(self):
        # close() frees the writer, then releases what it borrowed.
        _Handle._release(self)
        pinned, self._pinned = self._pinned, []
        for h in pinned:
            h._unpin()

    def __del__(self):
        _Handle.__del__(self)
        for h in getattr(self, "_pinned", ()):
            try:
                h._unpin()
            except Exception:  # interpreter shutdown
                pass

    def __repr__(self):
        if self._p is None:
            return "<govtext.IndexWriter closed>"
        return "<govtext.IndexWriter of %d documents%s>" % (len(self),
                                                            ", no words" if self.no_words else "")


# --- the index ----------------------------------------------------------------------


class IndexDocument:
    """One document of an Index: number (doc), id, metadata, and its text
    (read from the index, decompressed, when first asked for)."""

    __slots__ = ("index", "doc", "id", "_meta", "_text")

    def __init__(self, index, doc, id):
        self.index = index
        self.doc = doc
        self.id = id
        self._meta = None
        self._text = None

    @property
    def meta(self):
        if self._meta is None:
            self._meta = self.index.doc_meta(self.doc)
        return self._meta

    @property
    def text(self):
        if self._text is None:
            self._text = self.index.doc_text(self.doc)
        return self._text

    def __repr__(self):
        return "<govtext.IndexDocument %d %r>" % (self.doc, self.id)


class Hit:
    """A search hit (best first).

    doc, id             the document's number and id
    score               BM25
    occurrences         of the query's positive terms in the document
    snippet             the keyword-in-context window (str), None without snippets
    match               the first match in it (str), None without snippets
    snippet_match_start, snippet_match_end
                        the match as str indices into snippet
    byte_start, byte_end
                        the match as UTF-8 byte offsets into the document's
                        text (as in C; 0 without snippets)
    snippet_byte_start, snippet_byte_end
                        the window, likewise
    start, end          the match as str indices into the document's text
                        (computed from the text, read from the index, on
                        first use)
    snippet_start, snippet_end
                        the window, likewise
    """

    __slots__ = ("_results", "doc", "id", "score", "occurrences", "snippet", "match",
                 "snippet_match_start", "snippet_match_end", "byte_start", "byte_end",
                 "snippet_byte_start", "snippet_byte_end")

    def __init__(self, results, h, doc_id, snippet):
        self._results = results
        self.doc = h.doc
        self.id = doc_id
        self.score = h.score
        self.occurrences = h.occurrences
        self.byte_start, self.byte_end = h.match_start, h.match_end
        self.snippet_byte_start, self.snippet_byte_end = h.snippet_start, h.snippet_end
        self.snippet = self.match = self.snippet_match_start = self.snippet_match_end = None
        if snippet is not None:
            self.snippet = snippet.decode("utf-8", "replace")
            a = h.match_start - h.snippet_start
            b = h.match_end - h.snippet_start
            if 0 <= a <= b <= len(snippet):
                self.snippet_match_start = len(snippet[:a].decode("utf-8", "replace"))
                self.match = snippet[a:b].decode("utf-8", "replace")
                self.snippet_match_end = self.snippet_match_start + len(self.match)

    def _doc_index(self, byte_offset):
        return self._results._offsets(self.doc).to_index(byte_offset)

    @property
    def start(self):
        return self._doc_index(self.byte_start)

    @property
    def end(self):
        return self._doc_index(self.byte_end)

    @property
    def snippet_start(self):
        return self._doc_index(self.snippet_byte_start)

    @property
    def snippet_end(self):
        return self._doc_index(self.snippet_byte_end)

    @property
    def text(self):
        """The document's whole text."""
        return self._results._offsets(self.doc).text

    def __repr__(self):
        return "Hit(%d %r, score=%.4f, occurrences=%d%s)" % (
            self.doc, self.id, self.score, self.occurrences,
            "" if self.snippet is None else ", %r" % self.snippet)


class Results(collections.abc.Sequence):
    """The outcome of Index.search: total (matching documents in all) and
    the hits held (at most the limit), best first, as a sequence of Hit."""

    __slots__ = ("index", "query", "total", "_hits", "_texts")

    def __init__(self, index, query, total, hits):
        self.index = index
        self.query = query
        self.total = total
        self._hits = hits
        self._texts = {}

    def _offsets(self, doc):
        o = self._texts.get(doc)
        if o is None:
            o = self._texts[doc] = Utf8Offsets(self.index.doc_text(doc))
        return o

    def __len__(self):
        return len(self._hits)

    def __getitem__(self, i):
        return self._hits[i]

    def __iter__(self):
        return iter(self._hits)

    @property
    def ids(self):
        return [h.id for h in self._hits]

    def __repr__(self):
        return "<govtext.Results %r: %d of %d>" % (self.query, len(self._hits), self.total)


class YearCount:
    __slots__ = ("year", "docs", "occurrences")

    def __init__(self, year, docs, occurrences):
        self.year = year
        self.docs = docs
        self.occurrences = occurrences

    def __eq__(self, other):
        return isinstance(other, YearCount) and \
            (self.year, self.docs, self.occurrences) == (other.year, other.docs, other.occurrences)

    def __hash__(self):
        return hash((self.year, self.docs, self.occurrences))

    def __repr__(self):
        return "YearCount(%d, docs=%d, occurrences=%d)" % (self.year, self.docs, self.occurrences)


class TermStats:
    """How often a query's matches occur: docs and occurrences in all, and
    per year (years: YearCount, ascending; year 0 = unknown)."""

    __slots__ = ("query", "docs", "occurrences", "years")

    def __init__(self, query, docs, occurrences, years):
        self.query = query
        self.docs = docs
        self.occurrences = occurrences
        self.years = years

    def by_year(self):
        """{year: (docs, occurrences)}."""
        return {y.year: (y.docs, y.occurrences) for y in self.years}

    def __repr__(self):
        return "<govtext.TermStats %r: %d docs, %d occurrences, %d years>" % (
            self.query, self.docs, self.occurrences, len(self.years))


def _limit_value(limit):
    if limit is None or limit == SEARCH_ALL:
        return _C_ALL
    if isinstance(limit, str):
        raise ValueError("limit must be a positive int or 'all', not %r" % (limit,))
    n = int(limit)
    if n < 1:
        raise ValueError("limit must be a positive int or 'all', not %d" % n)
    return min(n, _C_ALL)


class _ResultSet:
    """One C result set (govtext_results): a search's working state and
    output.  Index keeps a pool of them, so that concurrent searches each
    have their own and a thread's next search reuses one."""

    __slots__ = ("p",)

    def __init__(self):
        self.p = lib.govtext_results_new()
        if not self.p:
            raise OutOfMemoryError(Status.ERR_NOMEM, "govtext_results_new: out of memory")

    def free(self):
        p, self.p = self.p, None
        if p:
            lib.govtext_results_free(p)

    def __del__(self):
        try:
            self.free()
        except Exception:  # interpreter shutdown
            pass

    def fail(self, st):
        return _make_error(st, lib.govtext_results_errmsg(self.p).decode("utf-8", "replace"))


class Index(_Handle):
    """An index file, opened read-only and memory-mapped (every section is
    checksummed and checked on open).  Index(path) opens it: GovtextIOError,
    CorruptError (the message says where), UnsupportedError (a newer format).

    len(index) documents, numbered 0 .. len-1; index[n] is an IndexDocument;
    iterating gives them all.  search(), count() and term_stats() run
    queries.  Share an Index between threads freely; close() waits for the
    calls running on it."""

    __slots__ = ("_p", "_rw", "_pool", "_pins", "_deferred", "path", "__weakref__")
    _FREE = "govtext_index_free"
    _POOL_MAX = 64  # result sets kept for reuse

    def __init__(self, path):
        self._p = None
        self._pins = 0
        self._deferred = None
        self._pool = []
        self._rw = _RWLock()  # searches read; close writes
        b = _path_bytes(path)
        p = lib.govtext_index_new()
        if not p:
            raise OutOfMemoryError(Status.ERR_NOMEM, "govtext_index_new: out of memory")
        try:
            lib.govtext_index_open(p, b)
        except BaseException:
            lib.govtext_index_free(p)
            raise
        self._p = p
        self.path = path

    open = classmethod(lambda cls, path: cls(path))

    # -- lifecycle -----------------------------------------------------------------

    def _closing(self):
        # close() waits for the calls running on the index; a writer that
        # merged it keeps it mapped until the writer is closed.
        pool, self._pool = self._pool, []
        for r in pool:
            r.free()

    def _results(self):
        try:
            return self._pool.pop()  # list.pop and append are atomic
        except IndexError:
            return _ResultSet()

    def _done(self, r):
        if len(self._pool) < self._POOL_MAX and self._p is not None:
            self._pool.append(r)
        else:
            r.free()

    # -- documents -------------------------------------------------------------------

    @property
    def flags(self):
        """IndexFlags the index was built with."""
        with self._rw.reading:
            return IndexFlags(lib.govtext_index_flags(self._handle()))

    @property
    def no_words(self):
        return bool(self.flags & IndexFlags.NO_WORDS)

    def __len__(self):
        with self._rw.reading:
            return int(lib.govtext_index_doc_count(self._handle()))

    doc_count = property(__len__)

    def _check_doc(self, doc):
        doc = int(doc)
        if doc < 0:
            raise IndexError("document number %d out of range" % doc)
        return doc

    def doc_id(self, doc):
        """Document doc's id; IndexError out of range."""
        doc = self._check_doc(doc)
        n = c_size_t()
        with self._rw.reading:
            p = lib.govtext_index_doc_id(self._handle(), doc, byref(n))
            if not p:
                raise IndexError("document number %d out of range" % doc)
            return ctypes.string_at(p, n.value).decode("utf-8", "replace")

    def doc_text(self, doc):
        """Document doc's text (str), decompressed; IndexError out of range,
        CorruptError if its stored text is damaged."""
        return self.doc_bytes(doc).decode("utf-8", "replace")

    def doc_bytes(self, doc):
        """Document doc's text as UTF-8 bytes (offsets of hits index it)."""
        doc = self._check_doc(doc)
        n = c_size_t()
        with self._rw.reading:
            p = self._handle()
            buf = None
            cap = 0
            while True:
                st = lib.govtext_index_doc_text(p, doc, buf, cap, byref(n))
                if st == Status.ERR_BUFFER_TOO_SMALL and n.value > cap:
                    cap = n.value
                    buf = ctypes.create_string_buffer(cap)
                    continue
                if st == Status.ERR_NOT_FOUND:
                    raise IndexError("document number %d out of range" % doc)
                if st != 0:
                    raise _make_error(st, lib.govtext_index_errmsg(p).decode("utf-8", "replace"))
                return buf.raw[:n.value] if n.value else b""

    def doc_meta(self, doc):
        """Document doc's DocMeta; IndexError out of range."""
        doc = self._check_doc(doc)
        m = _lib.DocMetaC()
        lib.govtext_doc_meta_init(byref(m), ctypes.sizeof(m))
        with self._rw.reading:
            p = self._handle()
            if doc >= lib.govtext_index_doc_count(p):
                raise IndexError("document number %d out of range" % doc)
            lib.govtext_index_doc_meta(p, doc, byref(m))
            return DocMeta(_string(m.title, m.title_len), _string(m.date, m.date_len),
                           _string(m.source, m.source_len), m.year)

    def find(self, id):
        """The number of the document with this id; NotFoundError (a
        LookupError) if none."""
        bid = _utf8(id, "id")
        out = c_size_t()
        with self._rw.reading:
            lib.govtext_index_find(self._handle(), bid, len(bid), byref(out))
        return out.value

    def __contains__(self, id):
        try:
            self.find(id)
        except LookupError:
            return False
        return True

    def get(self, id):
        """The IndexDocument with this id, or None."""
        try:
            n = self.find(id)
        except LookupError:
            return None
        return IndexDocument(self, n, self.doc_id(n) if not isinstance(id, str) else id)

    def __getitem__(self, doc):
        doc = int(doc)
        if doc < 0:
            doc += len(self)
        return IndexDocument(self, doc, self.doc_id(doc))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    # -- search ------------------------------------------------------------------------

    def _run(self, query, limit, flags, snippet_chars):
        q = _utf8(query, "query")
        o = _lib.SearchOptionsC()
        lib.govtext_search_options_init(byref(o), ctypes.sizeof(o))
        o.limit = limit
        o.flags = flags
        sc = int(snippet_chars)
        if not 0 <= sc <= 0xFFFFFFFF:
            raise ValueError("snippet_chars must be in [0, 2**32)")
        o.snippet_chars = sc
        r = self._results()
        try:
            with self._rw.reading:
                p = self._handle()
                st = lib.govtext_index_search(p, q, len(q), byref(o), r.p)
                if st != 0:
                    raise r.fail(st)
                total = int(lib.govtext_results_total(r.p))
                if flags & COUNT_ONLY:
                    return total, []
                n = lib.govtext_results_count(r.p)
                h = _lib.HitC()
                h.struct_size = ctypes.sizeof(h)
                ln = c_size_t()
                raw = []
                for i in range(n):
                    st = lib.govtext_results_get(r.p, i, byref(h))
                    if st != 0:
                        raise r.fail(st)
                    snip = None
                    if flags & SNIPPETS:
                        sp = lib.govtext_results_snippet(r.p, i, byref(ln))
                        if sp:
                            snip = ctypes.string_at(sp, ln.value)
                    idn = c_size_t()
                    ip = lib.govtext_index_doc_id(p, h.doc, byref(idn))
                    doc_id = ctypes.string_at(ip, idn.value).decode("utf-8", "replace") \
                        if ip else ""
                    raw.append((_lib.HitC.from_buffer_copy(h), doc_id, snip))
                return total, raw
        finally:
            self._done(r)

    def search(self, query, limit=10, snippets=False, snippet_chars=0):
        """Runs a query: Results (total, and at most limit hits, best first;
        limit="all" or None for every hit).  snippets=True gives each hit a
        keyword-in-context window of snippet_chars characters (0 = 30) on
        each side of the first match.  InvalidArgumentError for bad syntax
        (the message says where), LimitError for more than 1,024 terms."""
        flags = SNIPPETS if snippets else 0
        total, raw = self._run(query, _limit_value(limit), flags, snippet_chars)
        res = Results(self, query, total, [])
        res._hits = [Hit(res, h, i, s) for h, i, s in raw]
        return res

    def count(self, query):
        """The number of documents matching query (no hits are made)."""
        return self._run(query, 10, COUNT_ONLY, 0)[0]

    def term_stats(self, query):
        """TermStats of query (usually one string or one word:): documents
        and occurrences of its matches in all and per year."""
        q = _utf8(query, "query")
        docs = c_uint64()
        occ = c_uint64()
        count = c_size_t()
        cap = 64
        r = self._results()
        try:
            with self._rw.reading:
                p = self._handle()
                while True:
                    buf = (_lib.YearCountC * cap)()
                    st = lib.govtext_index_term_stats(p, q, len(q), r.p, byref(docs), byref(occ),
                                                      buf, cap, byref(count))
                    if st == Status.ERR_BUFFER_TOO_SMALL and count.value > cap:
                        cap = count.value
                        continue
                    if st != 0:
                        raise r.fail(st)
                    break
        finally:
            self._done(r)
        years = [YearCount(buf[i].year, buf[i].docs, buf[i].occurrences)
                 for i in range(count.value)]
        return TermStats(query, docs.value, occ.value, years)

    def __repr__(self):
        if self._p is None:
            return "<govtext.Index closed>"
        return "<govtext.Index %r: %d documents>" % (self.path, len(self))
