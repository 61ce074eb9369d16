"""No leaks: 100k calls through the binding, process memory (RSS from
/proc/self/statm) stays flat.  A control loop that leaks 48 bytes a call
shows the measurement would see a leak."""

import ctypes
import gc
import os

import pytest

import govtext

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm"),
                                reason="needs /proc/self/statm")

PAGE = os.sysconf("SC_PAGE_SIZE")
CALLS = 100_000
# Allowed growth after the warm-up: allocator and interpreter noise only.  A
# leak of one small allocation per call (>= 32 bytes with malloc's header)
# would add >= 3 MiB over 100k calls.
SLACK = 1536 * 1024


def rss():
    gc.collect()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def measure(step, calls=CALLS, warmup=5_000):
    for i in range(warmup):
        step(i)
    before = rss()
    for i in range(calls):
        step(i)
    grew = rss() - before
    print("RSS growth over %d steps: %d bytes" % (calls, grew))
    return grew


SAMPLE = "\ufeff政府工作报告\r\n国务院总理\u200b李克强\r\nＧＤＰ增长６．９％\r\n".encode("gb18030")


def test_control_loop_detects_a_leak():
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    grew = measure(lambda i: libc.malloc(48), warmup=0)
    assert grew > SLACK, "the RSS measure cannot see a 48-byte-per-call leak (%d)" % grew


def test_load_text_edits_map_close_flat():
    def step(i):
        with govtext.Doc() as doc:
            doc.load_bytes(SAMPLE, fold_width=True)
            doc.text
            for e in doc.edits():
                pass
            doc.map_to_source(0, 3)

    grew = measure(step, calls=CALLS // 4)  # each step is ~8 calls; still > 100k calls
    assert grew < SLACK, "RSS grew by %d bytes" % grew


def test_calls_on_one_doc_flat():
    doc = govtext.Doc.from_bytes(SAMPLE)

    def step(i):
        k = i % 4
        if k == 0:
            doc.load_bytes(SAMPLE)
        elif k == 1:
            doc.map_to_source(0, 2)
        elif k == 2:
            doc.edit(0)
        else:
            govtext.detect_encoding(SAMPLE)

    grew = measure(step)
    doc.close()
    assert grew < SLACK, "RSS grew by %d bytes" % grew


def test_error_path_flat(tmp_path):
    missing = str(tmp_path / "missing")
    doc = govtext.Doc()

    def step(i):
        try:
            if i % 2:
                doc.load_file(missing)
            else:
                doc.repair(script=9)
        except govtext.GovtextError:
            pass

    grew = measure(step)
    doc.close()
    assert grew < SLACK, "RSS grew by %d bytes" % grew


ALL_PASSES = sum(int(p) for p in govtext.RepairPass)


def test_repair_and_collection_flat():
    # The binding's work (options, locks, status checks) is the same whatever
    # passes run; all of them run every 50th call only, so that the loop
    # measures the binding and does not take as long as the passes do.
    with govtext.Collection() as coll:
        def step(i):
            with govtext.Doc.from_bytes(SAMPLE) as doc:
                if i % 100 == 0:
                    coll.add(doc)
                doc.repair(coll, skip=0 if i % 50 == 0 else ALL_PASSES)

        grew = measure(step, calls=CALLS // 3)  # 3 calls per step
        assert grew < SLACK, "RSS grew by %d bytes" % grew


SEG_TEXT = "中华人民共和国国务院总理李克强在第十三届全国人民代表大会上作政府工作报告。\n一、过去五年工作回顾\n"
WORDS = "治理体系 3000 n\n治理能力 2000 n\n现代化 5000 vn\n"


def test_segmentation_calls_flat():
    lex = govtext.Lexicon.default()
    seg = govtext.Segmenter(lex)
    big = SEG_TEXT * 300  # grows the token array past what it keeps between calls

    def step(i):
        k = i % 8
        if k == 0:
            list(seg.words(SEG_TEXT))
        elif k == 1:
            seg.cut(SEG_TEXT, mode="index", keep_space=True)
        elif k == 2:
            list(seg.sentences(SEG_TEXT))
        elif k == 3:
            seg.paragraphs(SEG_TEXT).texts()
        elif k == 4:
            seg.add_word("数字政府%d" % (i % 64), tag="gov")  # 64 words, replaced in place
        elif k == 5:
            try:
                seg.add_word("数字 政府")  # the error path
            except govtext.InvalidArgumentError:
                pass
        elif k == 6:
            lex.tag_name(i % 60)
            seg.tag_name(i % 60)
        elif i % 1000 == 7:
            seg.words(big)
        else:
            seg.words("")

    grew = measure(step)
    seg.close()
    lex.close()
    assert grew < SLACK, "RSS grew by %d bytes" % grew


def test_lexicon_and_segmenter_lifecycle_flat(tmp_path):
    missing = str(tmp_path / "missing.lex")
    doc = govtext.Doc.from_text(SEG_TEXT)

    def step(i):
        with govtext.Lexicon() as lex:
            lex.load_text(WORDS)
            if i % 2:
                try:
                    lex.load_file(missing)  # the error path
                except govtext.GovtextIOError:
                    pass
            else:
                lex.load_default()
            with govtext.Segmenter(lex) as seg:
                for t in seg.words(doc):  # source offsets through the doc
                    pass

    grew = measure(step, calls=CALLS // 10, warmup=500)  # ~10 calls per step
    doc.close()
    assert grew < SLACK, "RSS grew by %d bytes" % grew


def test_unclosed_docs_freed_by_gc_flat():
    def step(i):
        govtext.Doc.from_bytes(SAMPLE)  # never closed: __del__ is the backstop
        govtext.Collection()
        if i % 10 == 0:
            govtext.Segmenter(govtext.Lexicon.from_text(WORDS))

    grew = measure(step, calls=CALLS // 2)
    assert grew < SLACK, "RSS grew by %d bytes" % grew


INDEX_DOCS = [
    ("a", "国家治理体系和治理能力现代化。\n坚持依法治国。", 2019),
    ("b", "推进国家治理体系建设，完善政治理论。", 2020),
    ("c", "政府工作报告：GDP增长6.9%，依法 治国。" * 20, 2018),
]


def _build_index(path, no_words=False):
    with govtext.IndexWriter(no_words=no_words) as w:
        for id, text, year in INDEX_DOCS:
            w.add(id, text, title="t" + id, year=year)
        w.save(path)
    return path


def test_searches_flat(tmp_path):
    # 100k searches (each its own C result set from the index's pool), with
    # snippets, counts, term statistics, document reads and the error path.
    idx = govtext.Index(_build_index(str(tmp_path / "m.gtx")))
    queries = ["治理", "治理 OR 依法", "word:治理 year:2019..2020", '"依法 治国" -腐败', "没有"]

    def step(i):
        k = i % 10
        if k < 5:
            for h in idx.search(queries[k], snippets=k % 2 == 0, limit="all" if k == 4 else 10):
                h.match
        elif k == 5:
            idx.count(queries[i % 5])
        elif k == 6:
            idx.term_stats(queries[i % 3]).years
        elif k == 7:
            try:
                idx.search("治理 OR")
            except govtext.InvalidArgumentError:
                pass
        elif k == 8:
            idx.doc_text(i % 3)
            idx.doc_meta(i % 3)
        else:
            idx.find("b")
            idx.doc_id(2)

    grew = measure(step)
    idx.close()
    assert grew < SLACK, "RSS grew by %d bytes" % grew


def test_index_and_writer_lifecycle_flat(tmp_path):
    path = _build_index(str(tmp_path / "l.gtx"), no_words=True)

    def step(i):
        with govtext.Index(path) as idx:
            idx.search("治理", snippets=True)
            with govtext.IndexWriter(no_words=True) as w:
                w.add_index(idx)
                w.add("x%d" % (i % 7), "文本%d" % i, source="s", date="2020-01-01")
                w.delete("a")
                try:
                    w.delete("nope")  # the error path
                except govtext.NotFoundError:
                    pass
        if i % 50 == 0:
            try:
                govtext.Index(str(tmp_path / "missing.gtx"))
            except govtext.GovtextIOError:
                pass

    grew = measure(step, calls=CALLS // 10, warmup=500)  # ~10 calls per step
    assert grew < SLACK, "RSS grew by %d bytes" % grew
