"""Documents: loading, text and source, counters, edits, offsets, lifecycle."""

import copy
import gc
import io
import os
import pickle
import weakref

import pytest

import govtext
from govtext import Counter, EditKind, Encoding, Status


# --- loading -----------------------------------------------------------------


def test_load_gbk_file_equals_utf8_twin(gbk_path, utf8_twin):
    with govtext.Doc.from_file(gbk_path) as doc:
        assert doc.encoding is Encoding.GB18030
        assert 0.9 <= doc.confidence <= 1.0
        assert doc.text == utf8_twin
        assert doc.text == gbk_path.read_bytes().decode("gb18030")  # an independent decoder
        assert doc.text_bytes == utf8_twin.encode("utf-8")
        assert doc.source == gbk_path.read_bytes()
        assert doc.count(Counter.INVALID_BYTES) == 0


def test_load_gbk_bytes_and_forced_encoding(gbk_path, utf8_twin):
    raw = gbk_path.read_bytes()
    for kwargs in ({}, {"encoding": "gbk"}, {"encoding": Encoding.GB18030}, {"encoding": 2}):
        with govtext.Doc.from_bytes(raw, **kwargs) as doc:
            assert doc.text == utf8_twin
            assert doc.encoding is Encoding.GB18030
            if kwargs:
                assert doc.confidence == 1.0  # forced
    with govtext.Doc.from_bytes(bytearray(raw)) as doc:
        assert doc.text == utf8_twin
    with govtext.Doc.from_bytes(memoryview(raw)) as doc:
        assert doc.text == utf8_twin


def test_load_file_accepts_str_bytes_and_pathlike(gbk_path, utf8_twin):
    for p in (gbk_path, str(gbk_path), os.fsencode(gbk_path)):
        with govtext.Doc.from_file(p) as doc:
            assert doc.text == utf8_twin


def test_load_other_twins(data_dir, utf8_twin):
    for name in ("gwr-2018-excerpt.utf16le.txt", "gwr-2018-excerpt.utf16be.txt",
                 "gwr-2018-excerpt.utf8.txt"):
        with govtext.Doc.from_file(data_dir / name) as doc:
            assert doc.text == utf8_twin, name
    hant = (data_dir / "gwr-2018-excerpt-hant.utf8.txt").read_text(encoding="utf-8")
    with govtext.Doc.from_file(data_dir / "gwr-2018-excerpt-hant.big5.txt") as doc:
        assert doc.encoding is Encoding.BIG5
        assert doc.text == hant


def test_load_text_roundtrip():
    s = "第十三届全国人民代表大会第一次会议\n"
    with govtext.Doc.from_text(s) as doc:
        assert doc.text == s
        assert doc.encoding is Encoding.UTF8
        assert doc.source == s.encode("utf-8")
        assert doc.edit_count == 0
    with pytest.raises(TypeError):
        govtext.Doc.from_text(b"bytes")
    with pytest.raises(TypeError):
        govtext.Doc.from_text("x", encoding="gbk")
    with pytest.raises(TypeError):
        govtext.Doc.from_bytes("a str")
    with pytest.raises(UnicodeEncodeError):
        govtext.Doc.from_text("lone \udc80 surrogate")


def test_empty_doc():
    with govtext.Doc() as doc:
        assert doc.text == ""
        assert doc.source == b""
        assert doc.edit_count == 0
        assert list(doc.edits()) == []
        assert doc.map_to_source(0, 0) == (0, 0)
    with govtext.Doc.from_bytes(b"") as doc:
        assert doc.text == "" and doc.encoding is Encoding.UTF8


def test_load_options():
    raw = "ＡＢＣ１２３\r\n政府\u200b工作\r\n".encode("utf-8")
    with govtext.Doc.from_bytes(raw) as doc:
        assert doc.text == "ＡＢＣ１２３\n政府工作\n"
        assert doc.count("newlines") == 2 and doc.count(Counter.ZERO_WIDTH) == 1
    with govtext.Doc.from_bytes(raw, fold_width=True, keep_newlines=True,
                                keep_zero_width=True) as doc:
        assert doc.text == "ABC123\r\n政府\u200b工作\r\n"
        assert doc.count(Counter.WIDTH) == 6
    with govtext.Doc.from_bytes(raw, flags=govtext.LoadFlags.FOLD_WIDTH) as doc:
        assert doc.text.startswith("ABC123\n")
    with govtext.Doc.from_bytes("e\u0301".encode(), encoding="utf-8", nfc=False) as doc:
        assert doc.text == "e\u0301"
    with govtext.Doc.from_bytes("e\u0301".encode(), encoding="utf-8") as doc:
        assert doc.text == "\u00e9" and doc.count(Counter.NFC) == 1
    with govtext.Doc.from_bytes(b"a\x00b", encoding="utf-8", keep_controls=True) as doc:
        assert doc.text == "a\x00b"


# --- errors ----------------------------------------------------------------------


def test_missing_file_raises_io_error_with_path(tmp_path):
    missing = tmp_path / "no-such-report.gbk.txt"
    with pytest.raises(govtext.GovtextError) as ei:
        govtext.Doc.from_file(missing)
    e = ei.value
    assert e.status == Status.ERR_IO and e.status is Status.ERR_IO
    assert str(missing) in e.message and str(missing) in str(e)
    assert isinstance(e, govtext.GovtextIOError) and isinstance(e, OSError)
    with pytest.raises(OSError):
        govtext.Doc().load_file(missing)


def test_failed_load_leaves_doc_unchanged(tmp_path):
    with govtext.Doc.from_text("原来的文本") as doc:
        with pytest.raises(govtext.GovtextIOError):
            doc.load_file(tmp_path / "missing")
        assert doc.text == "原来的文本"
        with pytest.raises(govtext.DecodeError) as ei:
            doc.load_bytes(b"ok \xff\xfe", encoding="utf-8", strict=True)
        assert ei.value.status == Status.ERR_ENCODING
        assert "byte 3" in ei.value.message
        assert doc.text == "原来的文本"
        with pytest.raises(govtext.LimitError) as ei:
            doc.load_bytes(b"0123456789", max_bytes=4)
        assert ei.value.status == Status.ERR_LIMIT and ei.value.message
        assert doc.text == "原来的文本"


def test_invalid_arguments_rejected_in_python(tmp_path):
    with govtext.Doc() as doc:
        with pytest.raises(ValueError):
            doc.load_file(str(tmp_path) + "/a\0b")
        with pytest.raises(ValueError):
            doc.load_bytes(b"x", max_bytes=0)
        with pytest.raises(govtext.NotFoundError):
            doc.load_bytes(b"x", encoding="no-such-encoding")
        with pytest.raises(TypeError):
            doc.load_bytes(b"x", encoding=1.5)


def test_unknown_encoding_value_is_library_error():
    with govtext.Doc() as doc:
        with pytest.raises(govtext.InvalidArgumentError) as ei:
            doc.load_bytes(b"x", encoding=99)
        assert ei.value.status == Status.ERR_INVALID_ARG
        assert ei.value.message  # the library says what was wrong


def test_undecodable_bytes_become_replacement_edits():
    with govtext.Doc.from_bytes(b"ab\xffcd", encoding="utf-8") as doc:
        assert doc.text == "ab\ufffdcd"
        assert doc.count(Counter.INVALID_BYTES) == 1
        (e,) = list(doc.edits())
        assert e.kind is EditKind.DECODE and e.kind_name == EditKind.DECODE.label
        assert e.old_text == "" and e.new_text == "\ufffd"
        assert doc.source[e.src_start:e.src_end] == b"\xff"
        assert (e.start, e.end) == (2, 3)
        assert (e.byte_start, e.byte_end) == (2, 5)


# --- streams and descriptors ---------------------------------------------------


def test_load_stream_and_fd(gbk_path, utf8_twin):
    raw = gbk_path.read_bytes()
    with govtext.Doc.from_stream(io.BytesIO(raw)) as doc:
        assert doc.text == utf8_twin and doc.encoding is Encoding.GB18030

    class ReadOnly:  # read() only, short reads
        def __init__(self, b):
            self.b = b

        def read(self, n):
            n = min(n, 7)
            out, self.b = self.b[:n], self.b[n:]
            return out

    with govtext.Doc.from_stream(ReadOnly(raw)) as doc:
        assert doc.text == utf8_twin
    with open(gbk_path, "rb") as f, govtext.Doc() as doc:
        doc.load_stream(f)
        assert doc.text == utf8_twin
    with open(gbk_path, "rb") as f, govtext.Doc() as doc:
        doc.load_fd(f)
        assert doc.text == utf8_twin
        f.seek(0)
        doc.load_fd(f.fileno())
        assert doc.text == utf8_twin
        assert not f.closed


def test_stream_exception_propagates():
    class Boom(Exception):
        pass

    class Bad:
        def __init__(self):
            self.calls = 0

        def read(self, n):
            self.calls += 1
            if self.calls > 1:
                raise Boom("disk on fire")
            return "中文".encode("gb18030")

    with govtext.Doc.from_text("kept") as doc:
        with pytest.raises(Boom, match="disk on fire") as ei:
            doc.load_stream(Bad())
        assert isinstance(ei.value.__cause__, govtext.GovtextError)
        assert doc.text == "kept"
        with pytest.raises(TypeError):
            doc.load_stream(io.StringIO("text stream"))
        assert doc.text == "kept"


def test_stream_cannot_reenter_doc():
    doc = govtext.Doc()

    class Sneaky:
        def read(self, n):
            doc.text  # the doc is busy loading
            return b""

    with pytest.raises(RuntimeError):
        doc.load_stream(Sneaky())
    assert doc.text == ""
    doc.close()


# --- edits and offsets --------------------------------------------------------------

CRLF_SAMPLE = "\ufeff政府工作报告\r\n国务院总理\u200b李克强\r\nＧＤＰ增长６．９％\r\n"


def test_edits_iteration_with_str_indices():
    raw = CRLF_SAMPLE.encode("gb18030")
    with govtext.Doc.from_bytes(raw, encoding="gb18030", fold_width=True) as doc:
        text = doc.text
        # letters and digits folded, Chinese punctuation kept full-width
        assert text == "政府工作报告\n国务院总理李克强\nGDP增长6．9％\n"
        edits = list(doc.edits())
        assert len(edits) == doc.edit_count > 0
        kinds = {e.kind for e in edits}
        assert {EditKind.BOM, EditKind.NEWLINE, EditKind.ZERO_WIDTH, EditKind.WIDTH} <= kinds
        tb = doc.text_bytes
        for e in edits:
            # str indices and byte offsets name the same place
            assert text[e.start:e.end] == e.new_text
            assert tb[e.byte_start:e.byte_end] == e.new_text.encode("utf-8")
            assert govtext.byte_to_index(text, e.byte_start) == e.start
            assert doc.to_byte(e.end) == e.byte_end
            # the source range holds what was there
            assert raw[e.src_start:e.src_end].decode("gb18030") == e.old_text
            assert 0 < e.confidence <= 1
            assert isinstance(e.kind_name, str) and e.kind_name
        nl = [e for e in edits if e.kind is EditKind.NEWLINE]
        assert [e.old_text for e in nl] == ["\r\n"] * 3
        assert text[nl[0].start] == "\n" and nl[0].start == 6  # after six CJK characters
        assert nl[0].byte_start == 18
        assert doc.edit(0) == edits[0] and doc.edit(-1) == edits[-1]
        assert hash(doc.edit(0)) == hash(edits[0])
        with pytest.raises(IndexError):
            doc.edit(len(edits))
        assert "newline" in repr(nl[0])


def test_edit_iterator_is_lazy_and_detects_changes():
    with govtext.Doc.from_text("一\r\n二\r\n三\r\n") as doc:
        it = doc.edits()
        first = next(it)
        assert first.kind is EditKind.NEWLINE
        doc.load_text("四\r\n")
        with pytest.raises(RuntimeError):
            next(it)
        assert [e.old_text for e in doc.edits()] == ["\r\n"]


def test_map_to_source_gbk(gbk_path):
    raw = gbk_path.read_bytes()
    with govtext.Doc.from_file(gbk_path) as doc:
        text = doc.text
        line = text.index("\n")
        for i in range(line):
            s0, s1 = doc.map_to_source(i, i + 1)
            assert raw[s0:s1].decode("gb18030") == text[i]
        # first line in one go, and the same via byte offsets
        s0, s1 = doc.map_to_source(0, line)
        assert raw[s0:s1].decode("gb18030") == text[:line]
        b = doc.to_byte(line)
        assert doc.map_bytes_to_source(0, b) == (s0, s1)
        # a point maps to a point
        p0, p1 = doc.map_to_source(5, 5)
        assert p0 == p1
        # the whole text maps to the whole source
        assert doc.map_to_source(0, len(text)) == (0, len(raw))
        with pytest.raises(IndexError):
            doc.map_to_source(0, len(text) + 1)
        with pytest.raises(IndexError):
            doc.map_to_source(-1, 2)
        with pytest.raises(govtext.InvalidArgumentError) as ei:
            doc.map_bytes_to_source(0, len(doc.text_bytes) + 1)
        assert ei.value.status == Status.ERR_INVALID_ARG
        with pytest.raises(govtext.InvalidArgumentError):
            doc.map_bytes_to_source(4, 2)


def test_map_to_source_after_edits():
    raw = "党中央\r\n国务院\r\n".encode("gb18030")
    with govtext.Doc.from_bytes(raw) as doc:
        i = doc.text.index("国")
        s0, s1 = doc.map_to_source(i, i + 3)
        assert raw[s0:s1].decode("gb18030") == "国务院"
        s0, s1 = doc.map_to_source(3, 4)  # the "\n" that was "\r\n"
        assert raw[s0:s1] == b"\r\n"


def test_offset_helper_cjk():
    s = "政府工作报告 GDP 增长6.9%，𠀀𠀁 é\n" * 500  # 3- and 4-byte characters, > 4 KiB
    u = govtext.Utf8Offsets(s)
    b = s.encode("utf-8")
    pos = 0
    for i, ch in enumerate(s):
        assert u.to_byte(i) == pos
        assert u.to_index(pos) == i
        pos += len(ch.encode("utf-8"))
    assert u.to_byte(len(s)) == len(b) and u.to_index(len(b)) == len(s)
    assert govtext.byte_to_index("政府", 3) == 1
    assert govtext.index_to_byte("政府", 1) == 3
    assert govtext.byte_to_index("ascii", 5) == 5
    with pytest.raises(ValueError):
        u.to_index(1)  # inside 政
    with pytest.raises(IndexError):
        u.to_index(len(b) + 1)
    with pytest.raises(IndexError):
        u.to_byte(-1)


def test_counters_dict():
    with govtext.Doc.from_text("a\r\nb\u200bc\r\n") as doc:
        c = doc.counters()
        assert set(c) == set(Counter)
        assert c[Counter.NEWLINES] == 2 and c[Counter.ZERO_WIDTH] == 1
        assert c[Counter.PINYIN] == 0
        assert doc.count(99) == 0  # unknown counter: 0, as in C


# --- lifecycle ----------------------------------------------------------------------


def test_context_manager_and_close():
    doc = govtext.Doc.from_text("文本")
    with doc as d:
        assert d is doc and not doc.closed
    assert doc.closed
    doc.close()  # idempotent
    for op in (lambda: doc.text, lambda: doc.source, lambda: doc.encoding,
               lambda: doc.load_text("x"), lambda: list(doc.edits()), lambda: doc.repair(),
               lambda: doc.map_to_source(0, 0), lambda: doc.counters()):
        with pytest.raises(ValueError, match="closed"):
            op()
    with pytest.raises(ValueError):
        with doc:
            pass
    assert "closed" in repr(doc)


def test_close_on_exception_in_with():
    with pytest.raises(KeyError):
        with govtext.Doc() as doc:
            raise KeyError("x")
    assert doc.closed


def test_from_constructors_close_on_failure(tmp_path):
    with pytest.raises(govtext.GovtextIOError):
        govtext.Doc.from_file(tmp_path / "missing")


def test_garbage_collection_frees():
    doc = govtext.Doc.from_text("x")
    r = weakref.ref(doc)
    del doc
    gc.collect()
    assert r() is None


def test_docs_cannot_be_copied_or_pickled():
    with govtext.Doc.from_text("x") as doc:
        for f in (copy.copy, copy.deepcopy, pickle.dumps):
            with pytest.raises(TypeError):
                f(doc)
        assert doc.text == "x"
    with govtext.Collection() as c:
        with pytest.raises(TypeError):
            copy.copy(c)


def test_text_cache_follows_changes():
    with govtext.Doc.from_text("一") as doc:
        assert doc.text == "一"
        doc.load_text("二")
        assert doc.text == "二" and doc.to_byte(1) == 3
        doc.load_bytes(b"abc", encoding="utf-8")
        assert doc.text == "abc" and doc.to_byte(1) == 1
