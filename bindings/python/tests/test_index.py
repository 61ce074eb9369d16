"""Index and search: IndexWriter (add with metadata, add_index, delete,
save), Index (documents, metadata, find), search (limit, count, snippets and
their offsets), term statistics, errors with the library's message, and the
handles' lifecycle.  Search results are checked against a brute-force scan
of the documents' texts (the index promises substring-exact matching)."""

import os
import random

import pytest

import govtext
from govtext import Index, IndexWriter

DOCS = [
    ("a", "国家治理体系和治理能力现代化。\n坚持依法治国。", dict(title="决定", year=2019,
                                                          source="人民日报")),
    ("b", "推进国家治理体系建设，完善政治理论。", dict(date="2020-05-01", source="新华社")),
    ("c", "政府工作报告：GDP增长6.9%，依法 治国。", dict(title="报告", date="2018年3月5日")),
    ("d", "反腐败斗争取得压倒性胜利。治理能力显著提升。", dict(year=2020)),
    ("e", "Digital Government 数字政府建设", {}),
]


def build(path, docs=DOCS, **opts):
    with IndexWriter(**opts) as w:
        for id, text, meta in docs:
            w.add(id, text, **meta)
        w.save(path)
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    p = build(str(tmp_path_factory.mktemp("idx") / "small.gtx"))
    with Index(p) as idx:
        yield idx


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, data_dir):
    """tests/data, each file loaded and repaired: {id: text} and its index."""
    texts = {}
    path = str(tmp_path_factory.mktemp("idx") / "corpus.gtx")
    with IndexWriter() as w:
        for f in sorted(data_dir.glob("*.txt")):
            with govtext.Doc.from_file(f) as doc:
                doc.repair()
                w.add(f.name, doc, title=f.stem, date="2018-03-05")
                texts[f.name] = doc.text
        w.save(path)
    with Index(path) as idx:
        yield texts, idx


# --- writer and documents --------------------------------------------------------


def test_documents_round_trip(small):
    assert len(small) == len(DOCS) == small.doc_count
    for n, (id, text, meta) in enumerate(DOCS):
        assert small.doc_id(n) == id
        assert small.doc_text(n) == text
        assert small.doc_bytes(n) == text.encode("utf-8")
        assert small.find(id) == n
        assert id in small
        d = small[n]
        assert (d.doc, d.id, d.text) == (n, id, text)
    assert [d.id for d in small] == [d[0] for d in DOCS]
    assert small.get("nope") is None and "nope" not in small
    assert small.get("c").text == DOCS[2][1]


def test_metadata_and_year_from_date(small):
    assert small.doc_meta(0) == govtext.DocMeta("决定", "", "人民日报", 2019)
    assert small.doc_meta(1) == govtext.DocMeta("", "2020-05-01", "新华社", 2020)
    assert small.doc_meta(2).year == 2018          # a date starting with four digits
    assert small.doc_meta(2).date == "2018年3月5日"
    assert small.doc_meta(4) == govtext.DocMeta()  # none
    assert small[0].meta.title == "决定"


def test_out_of_range_and_missing(small):
    for bad in (len(small), 10**9, -1):
        with pytest.raises(IndexError):
            small.doc_id(bad)
        with pytest.raises(IndexError):
            small.doc_text(bad)
        with pytest.raises(IndexError):
            small.doc_meta(bad)
    with pytest.raises(govtext.NotFoundError) as e:
        small.find("zzz")
    assert isinstance(e.value, LookupError) and e.value.status == govtext.Status.ERR_NOT_FOUND
    assert small[-1].id == "e"


def test_writer_replace_delete_count(tmp_path):
    with IndexWriter(no_words=True) as w:
        assert len(w) == 0
        w.add("x", "第一版")
        w.add("y", b"\xe7\xac\xac\xe4\xba\x8c")  # UTF-8 bytes
        w.add("x", "第三版")                      # replaces x
        assert len(w) == w.count == 2
        w.delete("y")
        assert len(w) == 1
        with pytest.raises(govtext.NotFoundError) as e:
            w.delete("y")
        assert e.value.message  # the library's message
        w.save(str(tmp_path / "r.gtx"))
        w.add("z", "还能用")                      # the writer stays usable
        w.save(str(tmp_path / "r2.gtx"))
    with Index(str(tmp_path / "r.gtx")) as idx:
        assert [(d.id, d.text) for d in idx] == [("x", "第三版")]
    with Index(str(tmp_path / "r2.gtx")) as idx:
        assert [d.id for d in idx] == ["x", "z"]


def test_writer_errors_carry_the_library_message(tmp_path):
    with IndexWriter(no_words=True) as w:
        with pytest.raises(govtext.InvalidArgumentError) as e:
            w.add("", "text")
        assert e.value.message and isinstance(e.value, ValueError)
        with pytest.raises(govtext.InvalidUTF8Error) as e:
            w.add("bad", b"ok\xff\xfe")
        assert "2" in e.value.message  # the offset
        assert len(w) == 0             # failed adds leave the writer as it was
        with pytest.raises(TypeError):
            w.add("x", 12)
        with pytest.raises(ValueError):
            w.add("x", "t", year=2**40)
        with pytest.raises(govtext.GovtextIOError) as e:
            w.save(str(tmp_path / "no" / "such" / "dir" / "i.gtx"))
        assert isinstance(e.value, OSError) and "no" in e.value.message
    with pytest.raises(ValueError, match="closed"):
        w.add("x", "t")
    w.close()  # idempotent


def test_add_a_doc_uses_its_current_text(tmp_path, gbk_path, utf8_twin):
    with govtext.Doc.from_file(gbk_path) as doc, IndexWriter(no_words=True) as w:
        w.add("gbk", doc)
        w.save(str(tmp_path / "d.gtx"))
    with Index(str(tmp_path / "d.gtx")) as idx:
        assert idx.doc_text(0) == utf8_twin


# --- opening -------------------------------------------------------------------------


def test_open_errors(tmp_path, small):
    with pytest.raises(govtext.GovtextIOError) as e:
        Index(str(tmp_path / "missing.gtx"))
    assert "missing.gtx" in e.value.message
    data = open(small.path, "rb").read()
    trunc = tmp_path / "trunc.gtx"
    trunc.write_bytes(data[:len(data) // 2])
    with pytest.raises(govtext.CorruptError) as e:
        Index(str(trunc))
    assert e.value.message
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    bad = tmp_path / "flipped.gtx"
    bad.write_bytes(bytes(flipped))
    with pytest.raises(govtext.CorruptError):
        Index(str(bad))
    with pytest.raises(ValueError):
        Index("a\0b")


def test_flags(tmp_path, small):
    assert small.flags == 0 and not small.no_words
    with Index(build(str(tmp_path / "n.gtx"), no_words=True)) as idx:
        assert idx.flags == govtext.IndexFlags.NO_WORDS and idx.no_words
        with pytest.raises(govtext.UnsupportedError) as e:
            idx.search("word:治理")
        assert "word" in e.value.message


# --- search ----------------------------------------------------------------------------


def ids(results):
    return sorted(results.ids)


def test_query_language(small):
    assert ids(small.search("治理体系")) == ["a", "b"]
    assert ids(small.search("治理 能力")) == ["a", "d"]
    assert ids(small.search("政府 OR 腐败")) == ["c", "d", "e"]
    assert ids(small.search("治理 -腐败")) == ["a", "b"]
    assert ids(small.search('"依法 治国"')) == ["c"]
    assert ids(small.search("word:治理")) == ["a", "b", "d"]  # not 政治理论's 治理
    assert ids(small.search("治理")) == ["a", "b", "d"]
    assert ids(small.search("政治理论")) == ["b"]
    assert ids(small.search("year:2020")) == ["b", "d"]
    assert ids(small.search("治理 year:..2019")) == ["a"]
    assert ids(small.search("source:新华社")) == ["b"]
    assert ids(small.search("id:c")) == ["c"]
    assert ids(small.search("digital government")) == ["e"]  # ASCII case folded
    assert ids(small.search("没有的词")) == []


def test_search_errors_carry_the_library_message(small):
    with pytest.raises(govtext.InvalidArgumentError) as e:
        small.search("治理 OR")
    assert "byte" in e.value.message
    with pytest.raises(govtext.InvalidArgumentError, match="year"):
        small.count("year:abc")
    with pytest.raises(govtext.LimitError):
        small.search("治" * 1100)
    with pytest.raises(ValueError):
        small.search("治理", limit=0)
    with pytest.raises(ValueError):
        small.search("治理", limit="some")
    with pytest.raises(TypeError):
        small.search(5)


def test_limit_total_count_and_order(corpus):
    texts, idx = corpus
    r = idx.search("政府", limit=2)
    assert len(r) == 2 and r.total > 2
    every = idx.search("政府", limit="all")
    assert len(every) == every.total == r.total == idx.count("政府")
    assert idx.search("政府", limit=None).total == every.total
    scores = [h.score for h in every]
    assert scores == sorted(scores, reverse=True)
    assert [h.id for h in every[:2]] == [h.id for h in r]
    assert len(idx.search("政府")) == min(10, every.total)


def test_hits_match_a_brute_force_scan(corpus):
    texts, idx = corpus
    rng = random.Random(7)
    names = sorted(texts)
    checked = 0
    for _ in range(150):
        t = texts[rng.choice(names)]
        if len(t) < 10:
            continue
        n = rng.randint(1, 6)
        i = rng.randrange(len(t) - n)
        q = t[i:i + n]
        if any(c.isspace() or c in '"()-:' for c in q) or q.upper() == "OR":
            continue
        r = idx.search(q, limit="all")
        assert ids(r) == sorted(k for k, v in texts.items() if _contains(v, q)), q
        checked += 1
        for h in r:
            assert h.occurrences >= 1
            assert h.id == idx.doc_id(h.doc)
    assert checked > 50


def _contains(text, q):
    # ASCII letters match without regard to case; nothing else is folded.
    fold = lambda s: "".join(c.lower() if c.isascii() else c for c in s)  # noqa: E731
    return fold(q) in fold(text)


def test_snippets_and_offsets(corpus):
    texts, idx = corpus
    r = idx.search("政府工作报告", limit="all", snippets=True, snippet_chars=8)
    assert len(r) == r.total > 0
    for h in r:
        text = texts[h.id]
        data = text.encode("utf-8")
        assert h.match == "政府工作报告"
        assert h.snippet[h.snippet_match_start:h.snippet_match_end] == h.match
        assert data[h.byte_start:h.byte_end].decode() == h.match
        assert data[h.snippet_byte_start:h.snippet_byte_end].decode() == h.snippet
        assert text[h.start:h.end] == h.match                    # str indices
        assert text[h.snippet_start:h.snippet_end] == h.snippet
        assert h.snippet_start <= h.start and h.end <= h.snippet_end
        assert h.start - h.snippet_start <= 8 and h.snippet_end - h.end <= 8
        assert h.text == text
    wide = idx.search("政府工作报告", snippets=True)  # 30 characters by default
    assert max(len(h.snippet) for h in wide) > max(len(h.snippet) for h in r)


def test_no_snippets_without_asking(small):
    for h in small.search("治理"):
        assert h.snippet is None and h.match is None
        assert h.byte_start == h.byte_end == 0


def test_term_stats_per_year(small, tmp_path):
    s = small.term_stats("治理")
    # substrings: a 2, b 2 (治理体系, 政治理论), d 1
    assert (s.docs, s.occurrences) == (3, 5)
    assert s.by_year() == {2019: (1, 2), 2020: (2, 3)}
    assert [y.year for y in s.years] == [2019, 2020]
    w = small.term_stats("word:治理")  # 政治理论 holds no word 治理
    assert (w.docs, w.occurrences) == (3, 4)
    assert small.term_stats("没有").years == []
    with pytest.raises(govtext.InvalidArgumentError):
        small.term_stats("(")
    # many years: the buffer grows
    docs = [("d%d" % y, "治理", dict(year=y)) for y in range(1900, 2100)]
    with Index(build(str(tmp_path / "years.gtx"), docs, no_words=True)) as idx:
        s = idx.term_stats("治理")
        assert [y.year for y in s.years] == list(range(1900, 2100))
        assert s.docs == 200 and all(y.occurrences == 1 for y in s.years)


# --- shards and merging ------------------------------------------------------------------


def test_merge_shards(tmp_path, small):
    shards = []
    for k in range(2):
        shards.append(build(str(tmp_path / ("s%d.gtx" % k)), DOCS[k::2]))
    merged = str(tmp_path / "merged.gtx")
    with IndexWriter() as w:
        for s in shards:
            idx = Index(s)
            w.add_index(idx)
            idx.close()  # deferred: the writer reads it until it is closed
            assert idx.closed
        assert len(w) == len(DOCS)
        w.delete("e")
        w.add("a", "替换后的文本：治理")  # replaces the merged a
        w.save(merged)
    with Index(merged) as m:
        assert sorted(d.id for d in m) == ["a", "b", "c", "d"]
        assert m.get("a").text == "替换后的文本：治理"
        assert m.get("b").meta == small.get("b").meta
        assert ids(m.search("依法", limit="all")) == ["c"]   # a's old text is gone
        assert ids(m.search("word:治理", limit="all")) == ["a", "b", "d"]
        assert ids(m.search("year:2020", limit="all")) == ["b", "d"]


def test_merge_refuses_other_flags(tmp_path, small):
    with IndexWriter(no_words=True) as w:
        with pytest.raises(govtext.InvalidArgumentError) as e:
            w.add_index(small)
        assert "words" in e.value.message
        with pytest.raises(TypeError):
            w.add_index(small.path)


def test_writer_with_its_own_lexicon(tmp_path):
    lex = govtext.Lexicon.from_text("依法治国 100 n\n")
    w = IndexWriter(lex)
    assert lex.frozen
    lex.close()  # deferred: the writer segments with it
    w.add("x", "全面依法治国")
    p = str(tmp_path / "l.gtx")
    w.save(p)
    w.close()
    with Index(p) as idx:
        assert idx.count("word:依法治国") == 1
        assert idx.count("word:治国") == 0   # only the one word in this lexicon
    with pytest.raises(TypeError):
        IndexWriter(lexicon="default")


# --- lifecycle ------------------------------------------------------------------------------


def test_closed_index(small):
    idx = Index(small.path)
    r = idx.search("治理", snippets=True)
    with idx:
        pass
    assert idx.closed
    for call in (lambda: idx.search("治理"), lambda: len(idx), lambda: idx.doc_text(0),
                 lambda: idx.term_stats("治理"), lambda: idx.find("a")):
        with pytest.raises(ValueError, match="closed"):
            call()
    assert r[0].snippet  # copied out: results outlive the index
    idx.close()
    assert "closed" in repr(idx)


def test_not_copyable(small):
    import copy
    import pickle
    with pytest.raises(TypeError):
        copy.copy(small)
    with pytest.raises(TypeError):
        pickle.dumps(small)


def test_index_file_replaced_while_open(tmp_path):
    p = build(str(tmp_path / "swap.gtx"), DOCS[:2])
    with Index(p) as old:
        build(p, DOCS[2:])  # atomic: the open one keeps its mapping
        assert [d.id for d in old] == ["a", "b"]
        with Index(p) as new:
            assert [d.id for d in new] == ["c", "d", "e"]


def test_repr(small):
    assert "5 documents" in repr(small)
    assert "of 3" in repr(small.search("治理"))
    assert os.path.basename(small.path) in repr(small)
