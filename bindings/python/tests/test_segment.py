"""Segmentation: lexicons, segmenters, words (precise, index, keep_space),
sentences, paragraphs, tokens' offsets (str indices, UTF-8 bytes, source
bytes of a Doc), errors and handle lifecycles."""

import pytest

import govtext
from govtext import Lexicon, SegmentMode, Segmenter, TokenKind

REPORT = ("中华人民共和国国务院总理李克强2018年3月5日在第十三届全国人民代表大会上作政府工作报告。"
          "我们要推进国家治理体系和治理能力现代化！\n一、过去五年工作回顾\n")


@pytest.fixture(scope="module")
def lexicon():
    with Lexicon.default() as lex:
        yield lex


@pytest.fixture
def seg(lexicon):
    with Segmenter(lexicon) as s:
        yield s


def check_offsets(text, tokens):
    """Every token's str indices and UTF-8 byte offsets locate its text."""
    data = text.encode("utf-8")
    for t in tokens:
        assert text[t.start:t.end] == t.text
        assert data[t.byte_start:t.byte_end].decode("utf-8") == t.text
        assert len(text[:t.start].encode("utf-8")) == t.byte_start


# --- words ----------------------------------------------------------------------------


def test_words_precise(seg):
    words = seg.words(REPORT)
    texts = [t.text for t in words]
    assert texts[:12] == ["中华人民共和国国务院", "总理", "李克强", "2018年", "3月", "5日", "在",
                          "第十三届", "全国人民代表大会", "上", "作", "政府工作报告"]
    assert "国家治理体系" in texts and "治理能力现代化" in texts
    # precise mode covers the text without overlaps; only white space is left out
    assert "".join(texts) == REPORT.replace("\n", "")
    check_offsets(REPORT, words)
    by_text = {t.text: t for t in words}
    assert by_text["李克强"].kind is TokenKind.WORD and by_text["李克强"].tag == "nr"
    assert by_text["2018年"].kind is TokenKind.DATE and by_text["2018年"].tag == ""
    assert by_text["。"].kind is TokenKind.PUNCT
    assert by_text["李克强"].tag_id > 0 and seg.tag_name(by_text["李克强"].tag_id) == "nr"
    assert seg.cut(REPORT) == texts


def test_words_kinds_and_non_bmp_offsets(seg):
    text = "GDP增长6.9%，😀𠮷野家开业 WTO"  # 4-byte UTF-8 characters shift bytes vs. indices
    words = seg.words(text)
    check_offsets(text, words)
    kinds = {t.text: t.kind for t in words}
    assert kinds["GDP"] is TokenKind.LATIN and kinds["WTO"] is TokenKind.LATIN
    assert kinds["6.9%"] is TokenKind.NUMBER
    assert kinds["，"] is TokenKind.PUNCT
    wto = words[-1]
    assert wto.text == "WTO" and wto.end == len(text) and wto.byte_end == len(text.encode())
    # 7 characters of 3 bytes (增长，野家开业) and 2 of 4 (😀𠮷) before it
    assert wto.byte_start - wto.start == 7 * 2 + 2 * 3


def test_index_mode_nests_inner_words(seg):
    words = seg.words(REPORT, mode="index")
    assert words[0].text == "中华人民共和国国务院"
    inner = []
    for t in list(words)[1:]:
        if t.start >= words[0].end:
            break
        inner.append(t)
    assert {"中华", "人民", "共和国", "国务院"} <= {t.text for t in inner}
    assert all(words[0].start <= t.start and t.end <= words[0].end for t in inner)
    check_offsets(REPORT, words)
    assert seg.cut(REPORT, mode=SegmentMode.INDEX) == [t.text for t in words]
    # the precise words are a subsequence of the index words
    precise = iter(seg.cut(REPORT))
    want = next(precise)
    for t in words:
        if t.text == want:
            want = next(precise, None)
    assert want is None
    with pytest.raises(ValueError, match="unknown segmentation mode"):
        seg.words(REPORT, mode="fast")
    with pytest.raises(govtext.InvalidArgumentError):
        seg.words(REPORT, mode=7)  # the library's check


def test_keep_space(seg):
    text = "数字 政府\t建设\n"
    assert seg.cut(text) == ["数字", "政府", "建设"]
    words = seg.words(text, keep_space=True)
    assert [t.text for t in words] == ["数字", " ", "政府", "\t", "建设", "\n"]
    assert [t.kind for t in words if t.text.isspace()] == [TokenKind.SPACE] * 3
    check_offsets(text, words)


def test_tokens_sequence_random_access_equals_iteration(seg, data_dir):
    text = (data_dir / "gov-structure-excerpt.txt").read_text(encoding="utf-8")
    for mode in ("precise", "index"):
        words = seg.words(text, mode=mode)
        listed = list(words)
        assert len(listed) == len(words) > 500
        for i in (0, 1, len(words) // 2, len(words) - 1, -1):
            assert words[i] == listed[i]
        assert words[10:13] == listed[10:13]
        assert words.texts() == [t.text for t in listed]
        check_offsets(text, listed)
    with pytest.raises(IndexError):
        words[len(words)]
    assert len(seg.words("")) == 0 and list(seg.words("")) == []


def test_buffer_grows_and_is_reused(seg):
    # ~1 token per byte: far more than the first guess of the array's size
    text = "a " * 60000
    words = seg.words(text, keep_space=True)
    assert len(words) == 120000
    assert words[-1].kind is TokenKind.SPACE and words[-2].text == "a"
    assert words[-2].kind is TokenKind.LATIN and words[-2].start == len(text) - 2
    # a small call after the large one
    assert seg.cut("政府工作报告") == ["政府工作报告"]
    assert len(seg.words(text, keep_space=True)) == 120000


def test_words_take_str_only(seg):
    with pytest.raises(TypeError):
        seg.words(REPORT.encode("utf-8"))
    with pytest.raises(UnicodeEncodeError):
        seg.words("\ud800")  # a lone surrogate has no UTF-8


# --- sentences and paragraphs ---------------------------------------------------------


def test_sentences(seg):
    sents = seg.sentences(REPORT)
    assert [s.text for s in sents] == [
        "中华人民共和国国务院总理李克强2018年3月5日在第十三届全国人民代表大会上作政府工作报告。",
        "我们要推进国家治理体系和治理能力现代化！",
        "一、过去五年工作回顾"]
    assert all(s.kind is TokenKind.SENTENCE for s in sents)
    check_offsets(REPORT, sents)


def test_sentences_and_paragraphs_of_a_structured_text(seg, data_dir):
    text = (data_dir / "gov-structure-excerpt.txt").read_text(encoding="utf-8")
    sents = list(seg.sentences(text))
    paras = list(seg.paragraphs(text))
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(paras) >= len(lines) - 2 and len(sents) > len(paras)
    for spans, kind in ((sents, TokenKind.SENTENCE), (paras, TokenKind.PARAGRAPH)):
        check_offsets(text, spans)
        assert all(t.kind is kind for t in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
        # the spans cover every character but white space
        covered = "".join(text[a.end:b.start] for a, b in zip(spans, spans[1:]))
        assert covered.strip() == ""
    assert any(s.text.startswith("第一条") for s in sents)
    assert any(p.text.startswith("（一）") for p in paras)
    # a sentence lies in one paragraph
    for s in sents:
        assert any(p.start <= s.start and s.end <= p.end for p in paras), s


# --- documents: source offsets --------------------------------------------------------


def test_segment_a_doc_maps_tokens_to_source_bytes(seg, gbk_path, utf8_twin):
    with govtext.Doc.from_file(gbk_path) as doc:
        words = seg.words(doc)
        assert words.text == doc.text == utf8_twin
        checked = 0
        for t in words:
            assert doc.text[t.start:t.end] == t.text
            assert (t.src_start, t.src_end) == doc.map_to_source(t.start, t.end)
            if all("\u4e00" <= c <= "\u9fff" for c in t.text):
                assert doc.source[t.src_start:t.src_end].decode("gb18030") == t.text
                checked += 1
        assert checked > 300
        sents = seg.sentences(doc)
        first = sents[0]
        assert doc.source[first.src_start:first.src_end].decode("gb18030") == first.text
        # after a change the source offsets are gone, the tokens' text is not
        doc.repair()
        with pytest.raises(RuntimeError, match="changed or closed"):
            words[0]
        assert words.texts()[0] == first.text[:len(words.texts()[0])]
    with pytest.raises(RuntimeError):
        list(sents)


def test_segment_a_repaired_doc(seg, data_dir):
    with govtext.Doc.from_file(data_dir / "seed-excerpt.txt") as doc:
        doc.repair()
        for s in seg.sentences(doc):
            a, b = doc.map_to_source(s.start, s.end)
            assert (s.src_start, s.src_end) == (a, b)
            assert 0 <= a <= b <= len(doc.source)
    with pytest.raises(ValueError, match="closed"):
        seg.words(doc)


# --- user words ------------------------------------------------------------------------


def test_add_word_is_per_segmenter(lexicon):
    text = "推进数字政府建设"
    with Segmenter(lexicon) as a, Segmenter(lexicon) as b:
        before = a.cut(text)
        assert "数字政府建设" not in before
        a.add_word("数字政府建设", tag="gov")
        words = a.words(text)
        assert [t.text for t in words][-1] == "数字政府建设"
        assert words[-1].tag == "gov" and words[-1].kind is TokenKind.WORD
        assert a.tag_name(words[-1].tag_id) == "gov" and "gov" in a.tags
        assert b.cut(text) == before  # the other segmenter does not see it
        assert "gov" not in b.tags and lexicon.tag_name(words[-1].tag_id) == ""
        a.add_word("数字政府", 5, "n")  # a lexicon tag keeps its id
        assert a.tags.count("n") == 1


@pytest.mark.parametrize("word,tag,exc,msg", [
    ("", None, govtext.InvalidArgumentError, "empty"),
    ("数字 政府", None, govtext.InvalidArgumentError, "white space"),
    ("数字。", None, govtext.InvalidArgumentError, "punctuation"),
    ("治" * 65, None, govtext.LimitError, ""),
    ("数字政府", "t" * 16, govtext.InvalidArgumentError, "tag"),
])
def test_add_word_errors(seg, word, tag, exc, msg):
    with pytest.raises(exc, match=msg) as ei:
        seg.add_word(word, tag=tag)
    assert ei.value.message  # the library's message
    assert seg.cut("数字政府") == seg.cut("数字政府")  # still usable


def test_add_word_argument_checks(seg):
    with pytest.raises(TypeError):
        seg.add_word(b"bytes")
    with pytest.raises(ValueError):
        seg.add_word("数字", freq=-1)
    with pytest.raises(ValueError):
        seg.add_word("数字", tag="n\0")


# --- lexicons --------------------------------------------------------------------------

WORDS = "治理体系 3000 n\n治理能力 2000 n\n现代化 5000 vn\n推进 8000 v\n"


def test_lexicon_from_text(tmp_path):
    with Lexicon() as lex:
        assert len(lex) == 0 and lex.size == 0 and lex.tags == ()
        lex.load_text(WORDS + "一 二 三 四\n坏频率 x1 n\n")  # two malformed lines
        assert lex.size == 4 and lex.skipped_lines == 2
        assert set(lex.tags) == {"n", "vn", "v"}
        assert lex.tag_name(0) == "" and lex.tag_name(999) == ""
        assert lex.tag_name(lex.tags.index("vn") + 1) == "vn"
        with Segmenter(lex) as seg:
            words = seg.words("推进治理体系和治理能力现代化")
            assert [t.text for t in words] == ["推进", "治理体系", "和", "治理能力", "现代化"]
            assert words[2].kind is TokenKind.UNKNOWN
            assert [t.tag for t in words] == ["v", "n", "", "n", "vn"]
            assert lex.frozen
            with pytest.raises(govtext.InvalidArgumentError) as ei:
                lex.load_text("新词 1\n")
            assert ei.value.message


def test_lexicon_save_and_load_file(tmp_path, lexicon):
    path = tmp_path / "words.lex"
    with Lexicon.from_text(WORDS) as lex:
        lex.save(path)
        with Lexicon.from_file(path) as again, Segmenter(lex) as a, Segmenter(again) as b:
            assert again.size == lex.size and again.tags == lex.tags
            assert list(a.words(REPORT)) == list(b.words(REPORT))
    (tmp_path / "words.txt").write_text(WORDS, encoding="utf-8")
    with Lexicon.from_file(str(tmp_path / "words.txt")) as lex:
        assert lex.size == 4
    # a compiled lexicon given as bytes is recognised
    with Lexicon() as lex:
        lex.load_text(path.read_bytes())
        assert lex.size == 4


def test_lexicon_errors(tmp_path):
    missing = tmp_path / "missing.lex"
    with pytest.raises(govtext.GovtextIOError) as ei:
        Lexicon.from_file(missing)
    assert str(missing) in ei.value.message and isinstance(ei.value, OSError)
    path = tmp_path / "words.lex"
    with Lexicon.from_text(WORDS) as lex:
        lex.save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(govtext.CorruptError) as ei:
        Lexicon.from_file(path)
    assert ei.value.message
    with Lexicon() as lex:
        with pytest.raises(govtext.GovtextIOError):
            lex.save(tmp_path / "no-dir" / "x.lex")
        with pytest.raises(ValueError):
            lex.load_file("a\0b")


def test_default_lexicon_is_large(lexicon):
    assert lexicon.size > 300000
    assert {"n", "v", "nr", "ns"} <= set(lexicon.tags)
    with Lexicon() as lex:
        lex.load_default()
        lex.load_text("数字政府建设 100 gov\n")  # a layer over the default one
        assert lex.size == lexicon.size + 1
        with Segmenter(lex) as seg:
            assert seg.cut("推进数字政府建设")[-1] == "数字政府建设"


# --- lifecycles --------------------------------------------------------------------------


def test_segmenter_outlives_its_lexicon():
    lex = Lexicon.from_text(WORDS)
    seg = Segmenter(lex)
    lex.close()
    lex.close()  # idempotent
    assert lex.closed and "closed" in repr(lex)
    with pytest.raises(ValueError, match="closed"):
        lex.size
    assert seg.cut("推进治理体系") == ["推进", "治理体系"]
    assert seg.lexicon is lex
    seg.close()


def test_closed_segmenter(lexicon):
    seg = Segmenter(lexicon)
    words = seg.words(REPORT)
    with seg:
        pass
    seg.close()
    assert seg.closed
    for call in (lambda: seg.words("文本"), lambda: seg.sentences("文本"),
                 lambda: seg.paragraphs("文本"), lambda: seg.add_word("文本"),
                 lambda: seg.tag_name(1)):
        with pytest.raises(ValueError, match="closed govtext.Segmenter"):
            call()
    # tokens made before close keep their texts and tag names
    assert words[2].text == "李克强" and words[2].tag == "nr"
    with pytest.raises(ValueError):
        with seg:
            pass


def test_default_segmenter_and_reprs():
    with Segmenter() as seg:
        assert seg.lexicon is None and seg.cut("政府工作报告") == ["政府工作报告"]
        assert "Segmenter" in repr(seg)
        w = seg.words("政府")
        assert "Tokens" in repr(w) and "政府" in repr(w[0]) and str(w[0]) == "政府"
    with pytest.raises(TypeError):
        Segmenter("not a lexicon")
    import copy
    with Lexicon() as lex:
        with pytest.raises(TypeError):
            copy.copy(lex)
