"""Segmentation: lexicons, segmenters and their tokens (words, sentences,
paragraphs).

    import govtext

    with govtext.Segmenter() as seg:                 # over the default lexicon
        for s in seg.sentences(text):                 # Token: .text, .start, .end, ...
            print(s.text)
        print(seg.cut(text))                          # ["政府", "工作", "报告", ...]
        for w in seg.words(text, mode="index"):
            print(w.text, w.kind.name, w.tag, w.start, w.byte_start)

A ``Lexicon`` is loaded once and shared: any number of segmenters, in any
threads, may use it (it is frozen by the first segmenter made from it, and
cannot be loaded into after that).  A ``Segmenter`` is one thread's working
state and its own user words: make one per thread.  (Sharing one is safe, as
its calls are serialised by a lock, but they do not run in parallel.)

This module is imported by the package (``govtext.Lexicon`` etc.); it uses
the package's errors and helpers, which are defined before it is imported.
"""

import collections.abc
import ctypes
import enum
import os
import struct
import threading
from ctypes import byref, c_size_t

from . import _lib
from . import (Doc, OutOfMemoryError, Status, Utf8Offsets, _check_plain,
               _check_with, _Handle, _make_error, _RWLock)
from ._lib import lib

__all__ = ["TokenKind", "SegmentMode", "Lexicon", "Segmenter", "Token", "Tokens"]


class TokenKind(enum.IntEnum):
    WORD = 1        # a lexicon word (or a user word)
    UNKNOWN = 2     # Han characters not in the lexicon
    NUMBER = 3      # digits, Chinese numerals, decimals, percentages
    DATE = 4        # 2019年, 3月, 5日, 二〇二〇年
    LATIN = 5       # WTO, 5G, GDP
    PUNCT = 6
    SPACE = 7       # white space (only with keep_space=True)
    OTHER = 8
    SENTENCE = 16   # from Segmenter.sentences
    PARAGRAPH = 17  # from Segmenter.paragraphs


class SegmentMode(enum.IntEnum):
    PRECISE = 0  # one best segmentation
    INDEX = 1    # also the lexicon words inside long words (nested spans)


SEG_KEEP_SPACE = 0x0001  # GOVTEXT_SEG_KEEP_SPACE


_check_lex = _check_with(lib.govtext_lexicon_errmsg)
_check_seg = _check_with(lib.govtext_segmenter_errmsg)
for _f in ("govtext_lexicon_load_default", "govtext_lexicon_load_file",
           "govtext_lexicon_load_text", "govtext_lexicon_save"):
    getattr(lib, _f).errcheck = _check_lex
lib.govtext_segmenter_add_word.errcheck = _check_seg
lib.govtext_segment_options_init.errcheck = _check_plain
del _f


def _path_bytes(path):
    b = os.fsencode(path)
    if b"\0" in b:
        raise ValueError("embedded NUL in path")
    return b


# --- lexicons ---------------------------------------------------------------------


class Lexicon(_Handle):
    """A stack of word lists: the default lexicon compiled into the library
    (jieba's dictionary plus governance terms), files (jieba-format text
    ``word [freq] [tag]`` lines, or a compiled lexicon written by save()), and
    text.  ``Lexicon()`` is empty; ``Lexicon.default()``, ``from_file`` and
    ``from_text`` load one.  Loading is refused (InvalidArgumentError) once a
    Segmenter uses the lexicon.

    A Lexicon may be shared by segmenters in any number of threads.  close()
    drops this object's reference: segmenters made from it keep working."""

    __slots__ = ("_p", "_rw", "_frozen", "_pins", "_deferred", "__weakref__")
    _FREE = "govtext_lexicon_free"

    def __init__(self):
        self._p = None
        self._pins = 0          # IndexWriters borrowing it (close() is deferred)
        self._deferred = None
        p = lib.govtext_lexicon_new()
        if not p:
            raise OutOfMemoryError(Status.ERR_NOMEM, "govtext_lexicon_new: out of memory")
        self._p = p
        self._rw = _RWLock()  # loads and save write; segmenters and getters read
        self._frozen = False

    @classmethod
    def _made(cls, load):
        lex = cls()
        try:
            load(lex)
        except BaseException:
            lex.close()
            raise
        return lex

    @classmethod
    def default(cls):
        """A new lexicon holding the default lexicon (maps the library's
        read-only data: well under a millisecond)."""
        return cls._made(lambda lex: lex.load_default())

    @classmethod
    def from_file(cls, path):
        return cls._made(lambda lex: lex.load_file(path))

    @classmethod
    def from_text(cls, text):
        return cls._made(lambda lex: lex.load_text(text))

    def _write(self, fn, *args):
        with self._rw.writing:
            return fn(self._handle(), *args)

    def _read(self, fn, *args):
        with self._rw.reading:
            return fn(self._handle(), *args)

    def load_default(self):
        """Adds the default lexicon.  NotFoundError in a library built without it."""
        self._write(lib.govtext_lexicon_load_default)

    def load_file(self, path):
        """Adds a lexicon file (text lines or compiled; str, bytes or
        os.PathLike).  Malformed text lines are skipped and counted
        (skipped_lines).  GovtextIOError (an OSError) if it cannot be read,
        CorruptError for a damaged compiled file."""
        self._write(lib.govtext_lexicon_load_file, _path_bytes(path))

    def load_text(self, text):
        """Adds words from a str of ``word [freq] [tag]`` lines, or from bytes
        (the same lines in UTF-8, or a compiled lexicon)."""
        if isinstance(text, str):
            b = text.encode("utf-8")
        else:
            b = bytes(memoryview(text))
        self._write(lib.govtext_lexicon_load_text, b, len(b))

    def save(self, path):
        """Writes every layer, merged, as one compiled lexicon file (atomically)."""
        self._write(lib.govtext_lexicon_save, _path_bytes(path))

    @property
    def size(self):
        """Entries, summed over what was loaded."""
        return int(self._read(lib.govtext_lexicon_size))

    def __len__(self):
        return self.size

    @property
    def skipped_lines(self):
        """Malformed text lines skipped while loading."""
        return int(self._read(lib.govtext_lexicon_skipped_lines))

    @property
    def frozen(self):
        """True once a Segmenter uses the lexicon (no more loading)."""
        return self._frozen

    def tag_name(self, tag):
        """The name of a tag id ("n", "v", ...); "" for 0 or an unknown id."""
        tag = int(tag)
        if not 0 <= tag <= 0xFFFFFFFF:
            return ""
        return self._read(lib.govtext_lexicon_tag_name, tag).decode("utf-8")

    @property
    def tags(self):
        """Every tag name; tag id i is tags[i - 1]."""
        return self._read(lambda p: _tag_table(lib.govtext_lexicon_tag_name, p, ()))

    def __repr__(self):
        if self._p is None:
            return "<govtext.Lexicon closed>"
        return "<govtext.Lexicon of %d entries%s>" % (self.size,
                                                      ", frozen" if self._frozen else "")


def _tag_table(name_fn, handle, known):
    """The tuple of tag names (id i at i - 1), extending known: ids are dense,
    the lexicon's first, then a segmenter's own."""
    names = list(known)
    while True:
        name = name_fn(handle, len(names) + 1)
        if not name:
            return tuple(names)
        names.append(name.decode("utf-8"))


# --- tokens -------------------------------------------------------------------------


class Token:
    """A span of the segmented text.

    text                  the span (str)
    start, end            str indices into the text segmented
    byte_start, byte_end  the same as UTF-8 byte offsets (as in C)
    kind                  TokenKind (an int if this binding does not know it)
    tag                   the part-of-speech tag ("n", "v", "nr"; "" for none)
    tag_id                its numeric id
    src_start, src_end    for a Doc's text: the source bytes that produced the
                          span (indices into doc.source); None otherwise
    """

    __slots__ = ("text", "start", "end", "byte_start", "byte_end", "kind", "tag", "tag_id",
                 "src_start", "src_end")

    def __init__(self, text, start, end, byte_start, byte_end, kind, tag="", tag_id=0,
                 src_start=None, src_end=None):
        self.text = text
        self.start = start
        self.end = end
        self.byte_start = byte_start
        self.byte_end = byte_end
        self.kind = kind
        self.tag = tag
        self.tag_id = tag_id
        self.src_start = src_start
        self.src_end = src_end

    def __str__(self):
        return self.text

    def _tuple(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other):
        return isinstance(other, Token) and self._tuple() == other._tuple()

    def __hash__(self):
        return hash(self._tuple())

    def __repr__(self):
        kind = self.kind.name if isinstance(self.kind, TokenKind) else self.kind
        tag = "/" + self.tag if self.tag else ""
        src = "" if self.src_start is None else ", src[%d:%d]" % (self.src_start, self.src_end)
        return "Token(%r%s, %s, [%d:%d]%s)" % (self.text, tag, kind, self.start, self.end, src)


_KINDS = {k.value: k for k in TokenKind}
# govtext_token as the struct module reads it: native size_t, size_t,
# uint32_t, uint32_t with native alignment (the C layout, which is frozen).
_TOKEN = struct.Struct("@NNII")
if _TOKEN.size != ctypes.sizeof(_lib.TokenC):
    raise ImportError("govtext: govtext_token is %d bytes, struct reads %d"
                      % (ctypes.sizeof(_lib.TokenC), _TOKEN.size))


class Tokens(collections.abc.Sequence):
    """The result of one segmentation: a sequence of Token, built as they are
    read (iterating does not make them all at once).  len(), indexing,
    slicing and iteration; texts() gives the strings alone."""

    __slots__ = ("_raw", "_n", "text", "_data", "_tags", "_doc", "_gen", "_offs")

    def __init__(self, raw, text, data, tags, doc=None, gen=None):
        self._raw = raw         # the govtext_token array, as bytes
        self._n = len(raw) // _TOKEN.size
        self.text = text        # the text segmented (str)
        self._data = data       # ... as UTF-8
        self._tags = tags
        self._doc = doc
        self._gen = gen
        self._offs = None       # Utf8Offsets, for random access

    def __len__(self):
        return self._n

    def _make(self, word, start, b0, b1, kind, tag_id):
        tags = self._tags
        tag = tags[tag_id - 1] if 0 < tag_id <= len(tags) else ""
        src_start = src_end = None
        if self._doc is not None:
            src_start, src_end = self._map(b0, b1)
        return Token(word, start, start + len(word), b0, b1, _KINDS.get(kind, kind), tag,
                     tag_id, src_start, src_end)

    def _map(self, a, b):
        doc = self._doc
        with doc._lock:
            if doc._p is None or doc._gen != self._gen:
                raise RuntimeError("the govtext.Doc was changed or closed after it was "
                                   "segmented: its source offsets are gone")
            return doc._map(a, b)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        i = int(i)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("token index out of range")
        if self._offs is None:
            self._offs = Utf8Offsets(self.text, self._data)
        b0, b1, kind, tag = _TOKEN.unpack_from(self._raw, i * _TOKEN.size)
        return self._make(self._data[b0:b1].decode("utf-8"), self._offs.to_index(b0), b0, b1,
                          kind, tag)

    def __iter__(self):
        # Byte offsets become str indices with a cursor that only moves forward:
        # tokens come in text order, and an index-mode word's inner words start
        # inside it, after its start (where the cursor stays).
        data = self._data
        cb = ci = 0
        for b0, b1, kind, tag in _TOKEN.iter_unpack(self._raw):
            if b0 != cb:
                if b0 < cb:  # not in order (never from the library): start over
                    cb = ci = 0
                ci += len(data[cb:b0].decode("utf-8"))
                cb = b0
            yield self._make(data[b0:b1].decode("utf-8"), ci, b0, b1, kind, tag)

    def texts(self):
        """The tokens' texts, as a list of str."""
        data = self._data
        return [data[b0:b1].decode("utf-8") for b0, b1, _, _ in _TOKEN.iter_unpack(self._raw)]

    def __repr__(self):
        return "<govtext.Tokens: %d tokens>" % self._n


# --- segmenters -----------------------------------------------------------------------

_MODES = {m.name.lower(): m for m in SegmentMode}


def _mode_value(mode):
    if isinstance(mode, str):
        try:
            return int(_MODES[mode.lower()])
        except KeyError:
            raise ValueError("unknown segmentation mode %r (precise, index)" % (mode,)) from None
    return int(mode)


class Segmenter(_Handle):
    """Splits text into words, sentences and paragraphs, over a Lexicon
    (None: a new default lexicon).  Holds its own user words (add_word)."""

    __slots__ = ("_p", "_lock", "lexicon", "_tags", "_tags_dirty", "_buf", "_cap",
                 "__weakref__")
    _FREE = "govtext_segmenter_free"

    # Tokens kept between calls; a larger scratch array is dropped after use.
    _KEEP_CAP = 1 << 16

    def __init__(self, lexicon=None):
        self._p = None
        self._lock = threading.Lock()
        self._buf = None
        self._cap = 0
        self._tags_dirty = False
        own = lexicon is None
        if own:
            lexicon = Lexicon.default()
        elif not isinstance(lexicon, Lexicon):
            raise TypeError("lexicon must be a govtext.Lexicon or None")
        try:
            with lexicon._rw.reading:
                p = lib.govtext_segmenter_new(lexicon._handle())
                if not p:
                    raise OutOfMemoryError(Status.ERR_NOMEM,
                                           "govtext_segmenter_new: out of memory")
                lexicon._frozen = True
            self._p = p
            self._tags = _tag_table(lib.govtext_segmenter_tag_name, p, ())
        finally:
            if own:
                lexicon.close()  # the segmenter holds its own reference
        self.lexicon = None if own else lexicon

    def add_word(self, word, freq=0, tag=None):
        """Adds a user word to this segmenter (no other sees it).  freq 0 makes
        the word win over its parts; tag is a name ("n", "gov") or None.
        InvalidArgumentError for an empty word, white space or word-ending
        punctuation inside, or a bad tag; LimitError over 64 characters."""
        if not isinstance(word, str):
            raise TypeError("word must be str, not %s" % type(word).__name__)
        b = word.encode("utf-8")
        freq = int(freq)
        if not 0 <= freq <= 0xFFFFFFFF:
            raise ValueError("freq must be in [0, 2**32)")
        t = None
        if tag is not None:
            t = tag.encode("utf-8")
            if b"\0" in t:
                raise ValueError("embedded NUL in tag")
        with self._lock:
            p = self._handle()
            lib.govtext_segmenter_add_word(p, b, len(b), freq, t)
            if t:
                # A new tag gets its id when the library next builds the user
                # words (in the next words() call).
                self._tags_dirty = True

    def _tag_table(self):
        """The tag names, refreshed if user words may have added some; the
        caller holds self._lock."""
        if self._tags_dirty:
            self._tags = _tag_table(lib.govtext_segmenter_tag_name, self._handle(), self._tags)
        return self._tags

    def tag_name(self, tag):
        """The name of a tag id (the lexicon's or this segmenter's own)."""
        tag = int(tag)
        with self._lock:
            self._handle()
            tags = self._tag_table()
            return tags[tag - 1] if 0 < tag <= len(tags) else ""

    @property
    def tags(self):
        """Every tag name this segmenter knows (a user word's own tag from its
        first use on); tag id i is tags[i - 1]."""
        with self._lock:
            self._handle()
            return self._tag_table()

    def _run(self, fn, data, opts, guess):
        """Calls fn with this segmenter's token array, growing it on
        GOVTEXT_ERR_BUFFER_TOO_SMALL; returns a copy of the tokens, as bytes.
        The caller holds self._lock."""
        p = self._handle()
        count = c_size_t()
        cap = max(self._cap, guess)
        while True:
            if cap > self._cap:
                self._buf = (_lib.TokenC * cap)()
                self._cap = cap
            args = (p, data, len(data)) + ((byref(opts),) if opts is not None else ()) + \
                (self._buf, self._cap, byref(count))
            st = fn(*args)
            if st == Status.ERR_BUFFER_TOO_SMALL and count.value > self._cap:
                cap = count.value + count.value // 8
                continue
            if st != 0:
                raise _make_error(st, lib.govtext_segmenter_errmsg(p).decode("utf-8", "replace"))
            break
        raw = ctypes.string_at(self._buf, count.value * _TOKEN.size) if count.value else b""
        if self._cap > self._KEEP_CAP:
            self._buf, self._cap = None, 0
        return raw

    def _segment(self, what, fn, text, opts, guess_div):
        doc = gen = None
        if isinstance(text, Doc):
            doc = text
            with doc._lock:
                data, s = doc._text_state()
                gen = doc._gen
        elif isinstance(text, str):
            s = text
            data = text.encode("utf-8")
        else:
            raise TypeError("%s() takes a str or a govtext.Doc, not %s"
                            % (what, type(text).__name__))
        with self._lock:
            raw = self._run(fn, data, opts, len(data) // guess_div + 16)
            tags = self._tag_table()
            if fn is lib.govtext_segmenter_words:
                self._tags_dirty = False
        return Tokens(raw, s, data, tags, doc, gen)

    def words(self, text, mode=SegmentMode.PRECISE, keep_space=False):
        """Splits text (a str, or a Doc: its current text, with source
        offsets) into words: a Tokens sequence, in text order.

        mode        "precise" (SegmentMode.PRECISE): one best segmentation;
                    "index": each long word is followed by the lexicon words
                    inside it (spans nested in its span)
        keep_space  white space as SPACE tokens (else it is no token)"""
        o = _lib.SegmentOptionsC()
        lib.govtext_segment_options_init(byref(o), ctypes.sizeof(o))
        o.mode = _mode_value(mode)
        o.flags = SEG_KEEP_SPACE if keep_space else 0
        return self._segment("words", lib.govtext_segmenter_words, text, o, 4)

    def cut(self, text, mode=SegmentMode.PRECISE, keep_space=False):
        """The words of text as a list of str."""
        return self.words(text, mode, keep_space).texts()

    def sentences(self, text):
        """The sentences of text (str or Doc): Tokens of kind SENTENCE, ended
        by end punctuation with its closing quotes, numbered headings, line
        ends."""
        return self._segment("sentences", lib.govtext_segmenter_sentences, text, None, 40)

    def paragraphs(self, text):
        """The paragraphs of text (str or Doc): Tokens of kind PARAGRAPH, from
        line structure and indentation."""
        return self._segment("paragraphs", lib.govtext_segmenter_paragraphs, text, None, 200)

    # -- lifecycle ---------------------------------------------------------------

    def _closing(self):
        # close() frees the segmenter; its lexicon lives on while others use it.
        self._buf, self._cap = None, 0

    def __repr__(self):
        return "<govtext.Segmenter%s>" % (" closed" if self._p is None else "")
