"""govtext: Python bindings of libgovtext (load, repair and segment Chinese governance texts).

A ctypes binding over the installed shared library, libgovtext.so.1; nothing
is compiled.  Set GOVTEXT_LIBRARY to the library's path to use one that is not
on the loader's path.

    import govtext

    with govtext.Doc.from_file("report.gbk.txt") as doc:
        print(doc.encoding, doc.confidence)      # Encoding.GB18030 1.0
        doc.repair(skip={"spam"}, script="keep")
        for e in doc.edits():                     # every change, in text order
            print(e.kind_name, repr(e.old_text), repr(e.new_text), doc.text[e.start:e.end])
        with govtext.Segmenter() as seg:          # see govtext.segment
            for w in seg.words(doc):              # .text .start .end .kind .tag .src_start ...
                print(w.text, w.tag, doc.source[w.src_start:w.src_end])

Conventions:
  - Text is str in and out.  Offsets into the text come both as str indices
    (``start``/``end``) and as UTF-8 byte offsets (``byte_start``/``byte_end``,
    as the C library gives them); offsets into the source are byte offsets into
    ``doc.source`` (bytes).  ``Utf8Offsets`` converts between the two.
  - A failing call raises a ``GovtextError`` subclass carrying ``.status`` (a
    ``Status``) and ``.message`` (the library's message, e.g. "cannot open
    'x': No such file or directory").  The subclasses are also the matching
    built-in exceptions: ``InvalidArgumentError`` is a ``ValueError``,
    ``GovtextIOError`` an ``OSError``, ``NotFoundError`` a ``LookupError``.
  - ``Doc``, ``Collection``, ``Lexicon``, ``Segmenter``, ``IndexWriter`` and
    ``Index`` hold C handles: use them as context managers or call
    ``close()``; garbage collection frees them as a backstop only.
  - Threads: the C calls run without the GIL.  A ``Doc`` is locked for the
    duration of each call, so sharing one between threads is safe but
    serialised; use a ``Doc`` per thread for parallel work.  A ``Collection``
    can be read by any number of concurrent repairs once it has been fed.  A
    ``Lexicon`` is shared by any number of threads; make a ``Segmenter`` per
    thread from it (a shared one is serialised like a ``Doc``).  An ``Index``
    is searched by any number of threads at once (see govtext.index).
"""

import bisect
import ctypes
import enum
import os
import threading
from ctypes import byref, c_double, c_int, c_size_t

from . import _lib
from ._lib import lib

__all__ = [
    "Status", "Encoding", "Counter", "EditKind", "LoadFlags", "RepairPass", "Script",
    "GovtextError", "OutOfMemoryError", "InvalidArgumentError", "InvalidUTF8Error",
    "DecodeError", "GovtextIOError", "BufferTooSmallError", "UnsupportedError",
    "CorruptError", "LimitError", "NotFoundError", "InternalError",
    "Doc", "Edit", "Collection", "Utf8Offsets",
    "Lexicon", "Segmenter", "Token", "Tokens", "TokenKind", "SegmentMode",
    "IndexWriter", "Index", "IndexDocument", "IndexFlags", "DocMeta", "Hit", "Results",
    "TermStats", "YearCount", "SEARCH_ALL",
    "detect_encoding", "encoding_from_name", "status_string", "status_name",
    "library_version", "library_version_number", "byte_to_index", "index_to_byte",
]

__version__ = _lib.BINDING_VERSION_STRING


def library_version():
    """The loaded C library's version, "MAJOR.MINOR.PATCH"."""
    return lib.govtext_version_string().decode("ascii")


def library_version_number():
    """The loaded C library's version as MAJOR*10000 + MINOR*100 + PATCH."""
    return int(lib.govtext_version())


def _enum_or_int(cls, v):
    """cls(v), or the plain int for a value this binding does not know (the
    library may be newer than the binding)."""
    try:
        return cls(v)
    except ValueError:
        return int(v)


# --- enumerations (values from include/govtext.h) --------------------------------


class Status(enum.IntEnum):
    OK = 0
    ERR_NOMEM = 1
    ERR_INVALID_ARG = 2
    ERR_INVALID_UTF8 = 3
    ERR_ENCODING = 4
    ERR_IO = 5
    ERR_BUFFER_TOO_SMALL = 6
    ERR_UNSUPPORTED = 7
    ERR_CORRUPT = 8
    ERR_LIMIT = 9
    ERR_NOT_FOUND = 10
    ERR_INTERNAL = 11

    @property
    def description(self):
        return status_string(self)


class Encoding(enum.IntEnum):
    AUTO = 0
    UTF8 = 1
    GB18030 = 2
    BIG5 = 3
    BIG5_HKSCS = 4
    UTF16LE = 5
    UTF16BE = 6
    UTF32LE = 7
    UTF32BE = 8

    @property
    def label(self):
        """The library's canonical name: "UTF-8", "GB18030", "Big5", ..."""
        return lib.govtext_encoding_name(self).decode("ascii")

    @property
    def codec(self):
        """The name of the matching Python codec (None for AUTO)."""
        return _CODECS.get(self)

    @classmethod
    def from_name(cls, label):
        return encoding_from_name(label)

    def __str__(self):
        return self.label

    def __format__(self, spec):
        return format(self.label, spec)


_CODECS = {
    Encoding.UTF8: "utf-8", Encoding.GB18030: "gb18030", Encoding.BIG5: "big5",
    Encoding.BIG5_HKSCS: "big5hkscs", Encoding.UTF16LE: "utf-16-le",
    Encoding.UTF16BE: "utf-16-be", Encoding.UTF32LE: "utf-32-le", Encoding.UTF32BE: "utf-32-be",
}


class Counter(enum.IntEnum):
    INVALID_BYTES = 0
    BOM = 1
    NEWLINES = 2
    ZERO_WIDTH = 3
    CONTROLS = 4
    NFC = 5
    WIDTH = 6
    PARTIAL = 7
    MOJIBAKE = 8
    HTML = 9
    LAYOUT = 10
    PINYIN = 11
    SCRIPT = 12
    DUPLICATE = 13
    SPAM = 14
    MASK = 15
    MASK_UNRESOLVED = 16
    PUNCT = 17
    QUOTE = 18


class EditKind(enum.IntEnum):
    DECODE = 1
    BOM = 2
    PARTIAL = 3
    NEWLINE = 4
    ZERO_WIDTH = 5
    CONTROL = 6
    NFC = 7
    WIDTH = 8
    MOJIBAKE = 9
    HTML = 10
    LAYOUT = 11
    PINYIN = 12
    SCRIPT = 13
    DUPLICATE = 14
    SPAM = 15
    MASK = 16
    MASK_UNRESOLVED = 17
    PUNCT = 18
    QUOTE = 19

    @property
    def label(self):
        """The library's readable name ("newline")."""
        return _edit_kind_name(self)


def _edit_kind_name(kind):
    return lib.govtext_edit_kind_name(int(kind)).decode("utf-8")


class LoadFlags(enum.IntFlag):
    STRICT = 0x0001
    NO_NFC = 0x0002
    KEEP_NEWLINES = 0x0004
    KEEP_ZERO_WIDTH = 0x0008
    KEEP_CONTROLS = 0x0010
    FOLD_WIDTH = 0x0020


class RepairPass(enum.IntFlag):
    """Repair passes, for Doc.repair(skip=...)."""
    MOJIBAKE = 0x0001
    HTML = 0x0002
    LAYOUT = 0x0004
    PINYIN = 0x0008
    SCRIPT = 0x0010
    DUPLICATE = 0x0020
    SPAM = 0x0040
    MASK = 0x0080
    PUNCT = 0x0100


class Script(enum.IntEnum):
    AUTO = 0
    KEEP = 1
    HANS = 2
    HANT = 3


# --- errors --------------------------------------------------------------------


class GovtextError(Exception):
    """A libgovtext call failed.  .status is the Status (an int if this binding
    does not know the value), .message the library's message."""

    def __init__(self, status, message=""):
        self.status = _enum_or_int(Status, status)
        self.message = message or status_string(status)
        # One argument only: OSError would read (status, message) as
        # (errno, strerror), and the status is not an errno.
        super().__init__(self.message)

    def __str__(self):
        return "%s [%s]" % (self.message, status_name(self.status))

    def __reduce__(self):
        return (_make_error, (int(self.status), self.message))


class OutOfMemoryError(GovtextError, MemoryError):
    pass


class InvalidArgumentError(GovtextError, ValueError):
    pass


class InvalidUTF8Error(GovtextError, ValueError):
    pass


class DecodeError(GovtextError, ValueError):
    """Bytes not decodable in the encoding (strict loading)."""


class GovtextIOError(GovtextError, OSError):
    """Opening or reading failed; the message names the path and the reason.
    (The C API gives no errno, so .errno is None.)"""


class BufferTooSmallError(GovtextError):
    pass


class UnsupportedError(GovtextError):
    pass


class CorruptError(GovtextError):
    pass


class LimitError(GovtextError):
    pass


class NotFoundError(GovtextError, LookupError):
    pass


class InternalError(GovtextError):
    pass


_ERRORS = {
    Status.ERR_NOMEM: OutOfMemoryError,
    Status.ERR_INVALID_ARG: InvalidArgumentError,
    Status.ERR_INVALID_UTF8: InvalidUTF8Error,
    Status.ERR_ENCODING: DecodeError,
    Status.ERR_IO: GovtextIOError,
    Status.ERR_BUFFER_TOO_SMALL: BufferTooSmallError,
    Status.ERR_UNSUPPORTED: UnsupportedError,
    Status.ERR_CORRUPT: CorruptError,
    Status.ERR_LIMIT: LimitError,
    Status.ERR_NOT_FOUND: NotFoundError,
    Status.ERR_INTERNAL: InternalError,
}


def _make_error(status, message=""):
    return _ERRORS.get(status, GovtextError)(status, message)


def status_string(status):
    """A short English description of a status ("invalid argument")."""
    return lib.govtext_status_string(int(status)).decode("utf-8")


def status_name(status):
    """The C constant's name ("GOVTEXT_ERR_INVALID_ARG")."""
    return lib.govtext_status_name(int(status)).decode("utf-8")


# errcheck functions: turn a non-zero status into an exception carrying the
# message of the handle the call was made on.  They run right after the call,
# inside the caller's lock, before anything else can touch the handle.
def _check_plain(status, func, args):
    if status != 0:
        raise _make_error(status)
    return status


def _check_with(errmsg):
    """An errcheck that takes the message from the handle (the call's first
    argument) through errmsg, the handle type's govtext_*_errmsg."""
    def check(status, func, args):
        if status != 0:
            raise _make_error(status, errmsg(args[0]).decode("utf-8", "replace"))
        return status
    return check


_check_doc = _check_with(lib.govtext_doc_errmsg)
_check_coll = _check_with(lib.govtext_collection_errmsg)


for _f in ("govtext_encoding_from_name", "govtext_detect_encoding",
           "govtext_load_options_init", "govtext_repair_options_init"):
    getattr(lib, _f).errcheck = _check_plain
for _f in ("govtext_doc_load_bytes", "govtext_doc_load_file", "govtext_doc_load_fd",
           "govtext_doc_load_reader", "govtext_doc_map_to_source", "govtext_doc_edit_get",
           "govtext_doc_repair"):
    getattr(lib, _f).errcheck = _check_doc
lib.govtext_collection_add.errcheck = _check_coll
del _f


# --- stateless functions ------------------------------------------------------------


def _as_bytes(data, what="data"):
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        raise TypeError("%s must be bytes-like, not str (encode it, or use load_text)" % what)
    return bytes(memoryview(data))


def encoding_from_name(label):
    """Parses an encoding label ("gbk", "UTF_8", "big5-hkscs") into an Encoding.
    Every GB label gives GB18030.  Raises NotFoundError (a LookupError) for an
    unknown label."""
    if isinstance(label, Encoding):
        return label
    b = os.fsencode(label) if isinstance(label, str) else bytes(label)
    if b"\0" in b:
        raise InvalidArgumentError(Status.ERR_INVALID_ARG, "encoding label contains NUL")
    out = c_int()
    try:
        lib.govtext_encoding_from_name(b, byref(out))
    except NotFoundError:
        raise NotFoundError(Status.ERR_NOT_FOUND, "unknown encoding label %r" % (label,)) from None
    return _enum_or_int(Encoding, out.value)


def detect_encoding(data):
    """Guesses the encoding of bytes: returns (Encoding, confidence in [0, 1])."""
    b = _as_bytes(data)
    out = c_int()
    conf = c_double()
    lib.govtext_detect_encoding(b, len(b), byref(out), byref(conf))
    return _enum_or_int(Encoding, out.value), conf.value


def _encoding_value(encoding):
    if encoding is None:
        return 0
    if isinstance(encoding, str):
        return int(encoding_from_name(encoding))
    if isinstance(encoding, int):
        return int(encoding)
    raise TypeError("encoding must be an Encoding, a label or None, not %s"
                    % type(encoding).__name__)


# --- offsets ----------------------------------------------------------------------------

_CONTINUATION = bytes(range(0x80, 0xC0))
_BLOCK = 4096


class Utf8Offsets:
    """Converts between UTF-8 byte offsets and str indices of one text.

    Built once per text in O(n) at C speed (a checkpoint every 4 KiB); each
    conversion then costs at most one 4 KiB scan.  A byte offset must lie on a
    character boundary (ValueError otherwise) and within [0, len] (IndexError).
    """

    __slots__ = ("data", "text", "_ascii", "_bytes", "_chars")

    def __init__(self, text, data=None):
        if data is None:
            data = text.encode("utf-8")
        self.text = text
        self.data = data
        self._ascii = len(data) == len(text)
        self._bytes = [0]   # checkpoint byte offsets, each on a character boundary
        self._chars = [0]   # the number of characters before each checkpoint
        if not self._ascii:
            n = len(data)
            b = 0
            c = 0
            while True:
                nb = b + _BLOCK
                if nb >= n:
                    break
                while nb < n and 0x80 <= data[nb] < 0xC0:
                    nb += 1
                if nb >= n:
                    break
                chunk = data[b:nb]
                c += len(chunk.translate(None, _CONTINUATION))  # lead bytes = characters
                b = nb
                self._bytes.append(b)
                self._chars.append(c)

    def to_index(self, byte_offset):
        """The str index of a UTF-8 byte offset."""
        off = int(byte_offset)
        n = len(self.data)
        if off < 0 or off > n:
            raise IndexError("byte offset %d outside the text (0..%d)" % (off, n))
        if self._ascii:
            return off
        if off < n and 0x80 <= self.data[off] < 0xC0:
            raise ValueError("byte offset %d is inside a character" % off)
        k = bisect.bisect_right(self._bytes, off) - 1
        chunk = self.data[self._bytes[k]:off]
        return self._chars[k] + len(chunk.translate(None, _CONTINUATION))

    def to_byte(self, index):
        """The UTF-8 byte offset of a str index."""
        i = int(index)
        n = len(self.text)
        if i < 0 or i > n:
            raise IndexError("index %d outside the text (0..%d)" % (i, n))
        if self._ascii:
            return i
        k = bisect.bisect_right(self._chars, i) - 1
        c0 = self._chars[k]
        return self._bytes[k] + len(self.text[c0:i].encode("utf-8"))


def byte_to_index(text, byte_offset):
    """The str index in text (a str) of a UTF-8 byte offset into it."""
    return Utf8Offsets(text).to_index(byte_offset)


def index_to_byte(text, index):
    """The UTF-8 byte offset of the str index into text."""
    return Utf8Offsets(text).to_byte(index)


# --- edits --------------------------------------------------------------------


class Edit:
    """One change between the source and the current text.

    kind        EditKind (an int if this binding does not know the kind)
    kind_name   the library's name of the kind ("newline")
    start, end  where the replacement stands in doc.text, as str indices
    byte_start, byte_end  the same, as UTF-8 byte offsets (as in C)
    src_start, src_end    the source bytes involved (indices into doc.source)
    old_text    what was there ("" for undecodable bytes: see the source range)
    new_text    the replacement ("" for a removal)
    confidence  1.0 for a deterministic normalisation
    """

    __slots__ = ("kind", "start", "end", "byte_start", "byte_end", "src_start", "src_end",
                 "old_text", "new_text", "confidence")

    def __init__(self, kind, start, end, byte_start, byte_end, src_start, src_end, old_text,
                 new_text, confidence):
        self.kind = kind
        self.start = start
        self.end = end
        self.byte_start = byte_start
        self.byte_end = byte_end
        self.src_start = src_start
        self.src_end = src_end
        self.old_text = old_text
        self.new_text = new_text
        self.confidence = confidence

    @property
    def kind_name(self):
        return _edit_kind_name(self.kind)

    def _tuple(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other):
        return isinstance(other, Edit) and self._tuple() == other._tuple()

    def __hash__(self):
        return hash(self._tuple())

    def __repr__(self):
        return ("Edit(%s, text[%d:%d], src[%d:%d], %r -> %r, confidence=%g)"
                % (self.kind_name, self.start, self.end, self.src_start, self.src_end,
                   self.old_text, self.new_text, self.confidence))


# --- handles ------------------------------------------------------------------


# Guards the pin counts of all handles (taken briefly, never while calling C).
_PIN_LOCK = threading.Lock()


def _uncopyable(self, *args):
    raise TypeError("%s objects own a C handle and cannot be copied or pickled"
                    % type(self).__name__)


class _Side:
    """One side of an _RWLock as a context manager."""

    __slots__ = ("_acquire", "_release")

    def __init__(self, acquire, release):
        self._acquire = acquire
        self._release = release

    def __enter__(self):
        self._acquire()

    def __exit__(self, *exc):
        self._release()


class _RWLock:
    """Many readers or one writer (a collection: fed by one, read by many; a
    lexicon: loaded, then read by many segmenters).  ``with rw.reading:`` and
    ``with rw.writing:`` hold one side."""

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self.reading = _Side(self.acquire_read, self.release_read)
        self.writing = _Side(self.acquire_write, self.release_write)

    def acquire_read(self):
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1

    def release_read(self):
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    def acquire_write(self):
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True

    def release_write(self):
        with self._cond:
            self._writer = False
            self._cond.notify_all()


def _load_options(encoding=None, strict=False, nfc=True, keep_newlines=False,
                  keep_zero_width=False, keep_controls=False, fold_width=False,
                  max_bytes=None, flags=0):
    o = _lib.LoadOptionsC()
    lib.govtext_load_options_init(byref(o), ctypes.sizeof(o))
    o.encoding = _encoding_value(encoding)
    f = int(flags)
    if strict:
        f |= LoadFlags.STRICT
    if not nfc:
        f |= LoadFlags.NO_NFC
    if keep_newlines:
        f |= LoadFlags.KEEP_NEWLINES
    if keep_zero_width:
        f |= LoadFlags.KEEP_ZERO_WIDTH
    if keep_controls:
        f |= LoadFlags.KEEP_CONTROLS
    if fold_width:
        f |= LoadFlags.FOLD_WIDTH
    if f < 0 or f > 0xFFFFFFFF:
        raise ValueError("flags out of range: %r" % (flags,))
    o.flags = f
    if max_bytes is not None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive (None means the library default)")
        o.max_bytes = max_bytes
    return o


_PASS_NAMES = {p.name.lower(): p for p in RepairPass}
_SCRIPT_NAMES = {s.name.lower(): s for s in Script}


def _repair_options(skip=None, script=None, mask_threshold=None):
    o = _lib.RepairOptionsC()
    lib.govtext_repair_options_init(byref(o), ctypes.sizeof(o))
    bits = 0
    if skip is None:
        pass
    elif isinstance(skip, int):
        bits = int(skip)
    else:
        if isinstance(skip, str):
            skip = [s for s in skip.split(",") if s]
        for s in skip:
            if isinstance(s, str):
                try:
                    s = _PASS_NAMES[s.strip().lower()]
                except KeyError:
                    raise ValueError("unknown repair pass %r (known: %s)"
                                     % (s, ", ".join(_PASS_NAMES))) from None
            bits |= int(s)
    if bits < 0 or bits > 0xFFFFFFFF:
        raise ValueError("skip out of range: %r" % (skip,))
    o.skip = bits
    if script is not None:
        if isinstance(script, str):
            try:
                script = _SCRIPT_NAMES[script.lower()]
            except KeyError:
                raise ValueError("unknown script mode %r (known: %s)"
                                 % (script, ", ".join(_SCRIPT_NAMES))) from None
        script = int(script)
        if script < 0 or script > 0xFFFFFFFF:
            raise ValueError("script out of range: %r" % (script,))
        o.script = script
    if mask_threshold is not None:
        o.mask_threshold = float(mask_threshold)
    return o


class _Reader:
    """A govtext_read_fn over a Python binary stream.  An exception raised by
    the stream is kept and re-raised once the C call has returned (it cannot
    cross the C frames)."""

    def __init__(self, stream):
        self.stream = stream
        self.exc = None
        self.scratch = bytearray()
        self.readinto = getattr(stream, "readinto", None)
        self.cfunc = _lib.READ_FN(self._read)

    def _read(self, buf, cap, got, _user_data):
        try:
            if self.readinto is not None:
                if len(self.scratch) != cap:
                    self.scratch = bytearray(cap)
                n = self.readinto(self.scratch)
                if n is None:
                    raise BlockingIOError("the stream returned no data (non-blocking?)")
                data = self.scratch
            else:
                data = self.stream.read(cap)
                if isinstance(data, str):
                    raise TypeError("the stream must be binary (it returned str)")
                n = len(data)
            if n < 0 or n > cap:
                raise ValueError("the stream returned %d bytes for a %d-byte read" % (n, cap))
            if n:
                if data is self.scratch:
                    data = (ctypes.c_char * n).from_buffer(data)
                ctypes.memmove(buf, data, n)
            got[0] = n
            return 0
        except BaseException as e:  # noqa: B902 - must not unwind through C
            self.exc = e
            return 1


class _Handle:
    """What the classes that own one C handle (in ``_p``) share: the closed
    check, the context manager, the garbage-collection backstop, and no
    copying.  A subclass names its C free function in ``_FREE``; close()
    takes the write side of the object's ``_rw`` (an _RWLock), or else its
    ``_lock``, and calls ``_closing`` (what else goes with the handle) and
    ``_release`` under it."""

    __slots__ = ()
    _FREE = ""

    def close(self):
        """Frees the C handle, waiting for the calls using it.  Idempotent."""
        rw = getattr(self, "_rw", None)
        lock = rw.writing if rw is not None else getattr(self, "_lock", None)
        if lock is None:  # __init__ failed before making it
            return
        with lock:
            self._closing()
            self._release()

    def _closing(self):
        """Drops what goes with the handle, before it is freed; the caller
        holds the object's lock."""

    def _handle(self):
        p = self._p
        if p is None:
            raise ValueError("operation on a closed govtext.%s" % type(self).__name__)
        return p

    def _release(self):
        """Frees the handle; the caller holds the object's lock.  A handle
        that another handle borrows (pinned: an Index merged by an
        IndexWriter, a Lexicon an IndexWriter segments with) is freed by the
        last _unpin instead."""
        p, self._p = self._p, None
        if p:
            with _PIN_LOCK:
                if getattr(self, "_pins", 0):
                    self._deferred = p
                    return
            getattr(lib, self._FREE)(p)

    def _pin(self):
        """Keeps the C handle alive past close() until _unpin; the caller
        holds the object's lock (the handle is open)."""
        with _PIN_LOCK:
            self._pins += 1

    def _unpin(self):
        with _PIN_LOCK:
            self._pins -= 1
            p = None
            if self._pins == 0:
                p, self._deferred = self._deferred, None
        if p:
            getattr(lib, self._FREE)(p)

    @property
    def closed(self):
        return self._p is None

    def __enter__(self):
        self._handle()
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # A backstop: nothing else can reach the object any more, so no lock
        # (and no borrower: a borrower holds a reference to it).
        for attr in ("_p", "_deferred"):
            p = getattr(self, attr, None)
            if p:
                setattr(self, attr, None)
                try:
                    getattr(lib, self._FREE)(p)
                except Exception:  # interpreter shutdown
                    pass

    __copy__ = __deepcopy__ = __reduce__ = __reduce_ex__ = _uncopyable


class Doc(_Handle):
    """A document: the source bytes, the current UTF-8 text, the offset map from
    text to source, what was detected, and the edits made.  ``Doc()`` is empty;
    ``Doc.from_file``/``from_bytes``/``from_text``/``from_stream`` load one."""

    __slots__ = ("_p", "_lock", "_gen", "_cache", "_in_reader", "__weakref__")
    _FREE = "govtext_doc_free"

    def __init__(self):
        self._p = None
        p = lib.govtext_doc_new()
        if not p:
            raise OutOfMemoryError(Status.ERR_NOMEM, "govtext_doc_new: out of memory")
        self._p = p
        self._lock = threading.RLock()
        self._gen = 0          # bumped by every call that changes the document
        self._cache = None     # (gen, bytes, str, Utf8Offsets or None)
        self._in_reader = False

    # -- lifecycle ----------------------------------------------------------

    def _closing(self):
        if self._in_reader:
            raise RuntimeError("Doc.close() called from the stream it is loading")
        self._cache = None

    def __repr__(self):
        if self._p is None:
            return "<govtext.Doc closed>"
        return "<govtext.Doc %s, %d bytes of text>" % (self.encoding,
                                                       len(self._text_state()[1]))

    def _handle(self):
        """The C handle; the caller holds self._lock."""
        if self._in_reader:
            raise RuntimeError("the Doc is in use: it is loading from a stream")
        return _Handle._handle(self)

    # -- loading ------------------------------------------------------------

    @classmethod
    def from_bytes(cls, data, **options):
        doc = cls()
        try:
            doc.load_bytes(data, **options)
        except BaseException:
            doc.close()
            raise
        return doc

    @classmethod
    def from_text(cls, text, **options):
        doc = cls()
        try:
            doc.load_text(text, **options)
        except BaseException:
            doc.close()
            raise
        return doc

    @classmethod
    def from_file(cls, path, **options):
        doc = cls()
        try:
            doc.load_file(path, **options)
        except BaseException:
            doc.close()
            raise
        return doc

    @classmethod
    def from_stream(cls, stream, **options):
        doc = cls()
        try:
            doc.load_stream(stream, **options)
        except BaseException:
            doc.close()
            raise
        return doc

    def load_bytes(self, data, **options):
        """Loads bytes in any supported encoding, replacing what the document held.

        Options: encoding (Encoding, label or None to detect), strict (fail on
        undecodable bytes), nfc (False keeps the decoded form), keep_newlines,
        keep_zero_width, keep_controls, fold_width, max_bytes, flags (LoadFlags).
        On failure the document is left as it was."""
        b = _as_bytes(data)
        o = _load_options(**options)
        with self._lock:
            p = self._handle()
            self._gen += 1
            lib.govtext_doc_load_bytes(p, b, len(b), byref(o))

    def load_text(self, text, **options):
        """Loads a str (as UTF-8; the encoding option is not taken)."""
        if not isinstance(text, str):
            raise TypeError("text must be str, not %s" % type(text).__name__)
        if "encoding" in options:
            raise TypeError("load_text() takes no encoding: a str is loaded as UTF-8")
        self.load_bytes(text.encode("utf-8"), encoding=Encoding.UTF8, **options)

    def load_file(self, path, **options):
        """Loads the file at path (str, bytes or os.PathLike).  Raises
        GovtextIOError (an OSError) naming the path if it cannot be read."""
        b = os.fsencode(path)
        if b"\0" in b:
            raise ValueError("embedded NUL in path")
        o = _load_options(**options)
        with self._lock:
            p = self._handle()
            self._gen += 1
            lib.govtext_doc_load_file(p, b, byref(o))

    def load_fd(self, fd, **options):
        """Loads from an open file descriptor (an int or an object with fileno()),
        from its current offset to its end; the descriptor is not closed.  (A
        buffered Python file may have read ahead of its descriptor's offset:
        use load_stream for those.)"""
        if not isinstance(fd, int):
            fd = fd.fileno()
        o = _load_options(**options)
        with self._lock:
            p = self._handle()
            self._gen += 1
            lib.govtext_doc_load_fd(p, fd, byref(o))

    def load_stream(self, stream, **options):
        """Loads from a binary file-like object (readinto() or read()), read to
        its end on this thread.  An exception from the stream propagates."""
        o = _load_options(**options)
        reader = _Reader(stream)
        with self._lock:
            p = self._handle()
            self._gen += 1
            self._in_reader = True
            try:
                lib.govtext_doc_load_reader(p, reader.cfunc, None, byref(o))
            except GovtextError as e:
                if reader.exc is not None:
                    raise reader.exc from e
                raise
            finally:
                self._in_reader = False
            if reader.exc is not None:  # (the library reports a failed read; in case not)
                raise reader.exc

    # -- contents -----------------------------------------------------------------

    def _text_state(self):
        """(bytes, str) of the current text; the caller holds self._lock."""
        c = self._cache
        if c is not None and c[0] == self._gen:
            return c[1], c[2]
        p = self._handle()
        n = c_size_t()
        ptr = lib.govtext_doc_text(p, byref(n))
        data = ctypes.string_at(ptr, n.value) if n.value else b""
        text = data.decode("utf-8")
        self._cache = (self._gen, data, text, None)
        return data, text

    def _offsets(self):
        """The Utf8Offsets of the current text; the caller holds self._lock."""
        data, text = self._text_state()
        c = self._cache
        if c[3] is None:
            c = self._cache = (c[0], data, text, Utf8Offsets(text, data))
        return c[3]

    @property
    def text(self):
        """The current text (str)."""
        with self._lock:
            return self._text_state()[1]

    @property
    def text_bytes(self):
        """The current text, UTF-8 encoded (the offsets of the C API index it)."""
        with self._lock:
            return self._text_state()[0]

    @property
    def source(self):
        """The source bytes exactly as given."""
        with self._lock:
            p = self._handle()
            n = c_size_t()
            ptr = lib.govtext_doc_source(p, byref(n))
            return ctypes.string_at(ptr, n.value) if n.value else b""

    @property
    def encoding(self):
        """The encoding the source was decoded from (detected or forced)."""
        with self._lock:
            return _enum_or_int(Encoding, lib.govtext_doc_encoding(self._handle()))

    @property
    def confidence(self):
        """The detector's confidence in [0, 1] (1 for a BOM or a forced encoding)."""
        with self._lock:
            return lib.govtext_doc_confidence(self._handle())

    def count(self, counter):
        """The value of one counter (a Counter or its name, e.g. "newlines")."""
        if isinstance(counter, str):
            counter = Counter[counter.upper()]
        with self._lock:
            return int(lib.govtext_doc_count(self._handle(), int(counter)))

    def counters(self):
        """Every counter this binding knows: {Counter: value}."""
        with self._lock:
            p = self._handle()
            return {c: int(lib.govtext_doc_count(p, c)) for c in Counter}

    # -- offsets --------------------------------------------------------------------

    def to_index(self, byte_offset):
        """The str index in self.text of a UTF-8 byte offset."""
        with self._lock:
            return self._offsets().to_index(byte_offset)

    def to_byte(self, index):
        """The UTF-8 byte offset of a str index into self.text."""
        with self._lock:
            return self._offsets().to_byte(index)

    def map_to_source(self, start, end):
        """The smallest range of source bytes that produced text[start:end]
        (str indices): (src_start, src_end), indices into self.source."""
        with self._lock:
            offs = self._offsets()
            return self._map(offs.to_byte(start), offs.to_byte(end))

    def map_bytes_to_source(self, byte_start, byte_end):
        """As map_to_source, for UTF-8 byte offsets into the text."""
        if byte_start < 0 or byte_end < 0:
            raise IndexError("negative byte offset")
        with self._lock:
            return self._map(byte_start, byte_end)

    def _map(self, a, b):
        p = self._handle()
        s0 = c_size_t()
        s1 = c_size_t()
        lib.govtext_doc_map_to_source(p, a, b, byref(s0), byref(s1))
        return s0.value, s1.value

    # -- edits --------------------------------------------------------------------

    @property
    def edit_count(self):
        with self._lock:
            return int(lib.govtext_doc_edit_count(self._handle()))

    def edit(self, i):
        """Edit i (0 <= i < edit_count; negative counts from the end)."""
        with self._lock:
            n = lib.govtext_doc_edit_count(self._handle())
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError("edit index out of range")
            return self._edit(i, self._offsets())

    def _edit(self, i, offs):
        e = _lib.EditC()
        e.struct_size = ctypes.sizeof(e)
        lib.govtext_doc_edit_get(self._p, i, byref(e))
        # The strings are owned by the document: copy them now.
        old = ctypes.string_at(e.old_text, e.old_len).decode("utf-8") if e.old_len else ""
        new = ctypes.string_at(e.new_text, e.new_len).decode("utf-8") if e.new_len else ""
        return Edit(_enum_or_int(EditKind, e.kind), offs.to_index(e.text_start),
                    offs.to_index(e.text_end), e.text_start, e.text_end, e.src_start,
                    e.src_end, old, new, e.confidence)

    def edits(self):
        """An iterator over the edits, in text order.  Raises RuntimeError if
        the document is changed (loaded or repaired) during the iteration."""
        with self._lock:
            self._handle()
            gen = self._gen
        i = 0
        while True:
            with self._lock:
                p = self._handle()
                if self._gen != gen:
                    raise RuntimeError("govtext.Doc changed during edit iteration")
                if i >= lib.govtext_doc_edit_count(p):
                    return
                e = self._edit(i, self._offsets())
            yield e
            i += 1

    # -- repair -------------------------------------------------------------------------

    def repair(self, collection=None, *, skip=None, script=None, mask_threshold=None):
        """Repairs the text in place, recording every change as an edit.

        collection      a Collection of cross-document evidence, or None
        skip            passes not to run: RepairPass flags, or names
                        ({"html", "spam"} or "html,spam")
        script          Script, or "auto" (default), "keep", "hans", "hant"
        mask_threshold  restore a masked word only at this confidence or above,
                        in (0, 1]; None for the library default (0.5)
        On failure the document is unchanged."""
        o = _repair_options(skip, script, mask_threshold)
        if collection is not None and not isinstance(collection, Collection):
            raise TypeError("collection must be a govtext.Collection or None")
        if collection is not None:
            collection._rw.acquire_read()
        try:
            cp = collection._handle() if collection is not None else None
            with self._lock:
                p = self._handle()
                self._gen += 1
                lib.govtext_doc_repair(p, cp, byref(o))
        finally:
            if collection is not None:
                collection._rw.release_read()


class Collection(_Handle):
    """Cross-document evidence (boilerplate lines, near-duplicates, contexts of
    masked words), fed documents with add() and then passed to Doc.repair().
    Adding waits for running repairs that read the collection, and they wait
    for it; concurrent repairs share it.  close() frees it, waiting for the
    repairs reading it."""

    __slots__ = ("_p", "_rw", "__weakref__")
    _FREE = "govtext_collection_free"

    def __init__(self, docs=()):
        self._p = None
        p = lib.govtext_collection_new()
        if not p:
            raise OutOfMemoryError(Status.ERR_NOMEM, "govtext_collection_new: out of memory")
        self._p = p
        self._rw = _RWLock()
        try:
            for d in docs:
                self.add(d)
        except BaseException:
            self.close()
            raise

    def add(self, doc):
        """Feeds a loaded document's text (analysed, not kept: the document
        may be closed afterwards)."""
        if not isinstance(doc, Doc):
            raise TypeError("add() takes a govtext.Doc")
        self._rw.acquire_write()
        try:
            p = self._handle()
            with doc._lock:
                lib.govtext_collection_add(p, doc._handle())
        finally:
            self._rw.release_write()

    def __len__(self):
        self._rw.acquire_read()
        try:
            return int(lib.govtext_collection_size(self._handle()))
        finally:
            self._rw.release_read()

    size = property(__len__)

    def __repr__(self):
        if self._p is None:
            return "<govtext.Collection closed>"
        return "<govtext.Collection of %d documents>" % len(self)


# Segmentation lives in its own module (as later stages' APIs will); it uses
# the errors and helpers above, so it is imported last.
from .segment import Lexicon, SegmentMode, Segmenter, Token, Tokens, TokenKind  # noqa: E402
from .index import (SEARCH_ALL, DocMeta, Hit, Index, IndexDocument, IndexFlags,  # noqa: E402
                    IndexWriter, Results, TermStats, YearCount)
