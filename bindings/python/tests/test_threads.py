"""Threads: the C calls run without the GIL; a Doc per thread runs in parallel,
a shared Doc is serialised, a fed Collection is read by concurrent repairs."""

import threading

import govtext
from govtext import Encoding

N_THREADS = 8


def run_threads(target, n=N_THREADS):
    errors = []

    def wrap(i):
        try:
            target(i)
        except BaseException as e:  # report any failure from any thread
            errors.append((i, e))

    ts = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors


def test_doc_per_thread(gbk_path, utf8_twin, data_dir):
    raw = gbk_path.read_bytes()
    big5 = (data_dir / "gwr-2018-excerpt-hant.big5.txt").read_bytes()
    hant = (data_dir / "gwr-2018-excerpt-hant.utf8.txt").read_text(encoding="utf-8")

    def work(i):
        src, want, enc = (raw, utf8_twin, Encoding.GB18030) if i % 2 == 0 else \
            (big5, hant, Encoding.BIG5)
        with govtext.Doc() as doc:
            for _ in range(40):
                doc.load_bytes(src)
                assert doc.encoding is enc
                assert doc.text == want
                assert doc.map_to_source(0, 1)[0] == 0
                doc.repair(skip={"script"})
                list(doc.edits())
                assert govtext.detect_encoding(src[:200])[0] is enc

    run_threads(work)


def test_shared_collection_read_by_concurrent_repairs(gbk_path, data_dir):
    seed = (data_dir / "seed-excerpt.txt").read_bytes()
    with govtext.Collection() as coll:
        for _ in range(3):
            with govtext.Doc.from_file(gbk_path) as d:
                coll.add(d)

        def work(i):
            for _ in range(30):
                with govtext.Doc.from_bytes(seed) as doc:
                    doc.repair(coll)
                    assert doc.text

        def feeder(i):
            for _ in range(30):
                with govtext.Doc.from_bytes(seed) as doc:
                    coll.add(doc)  # waits for the repairs reading the collection

        run_threads(lambda i: (feeder if i == 0 else work)(i), n=5)
        assert len(coll) == 3 + 30


def test_shared_doc_is_serialised(utf8_twin):
    doc = govtext.Doc.from_text(utf8_twin)
    texts = ["第%d号文件\n" % i for i in range(N_THREADS)]

    def work(i):
        for _ in range(200):
            doc.load_text(texts[i])
            t = doc.text  # may be another thread's text, but always a whole one
            assert t in texts
            try:
                list(doc.edits())
            except RuntimeError:  # another thread reloaded the doc between two edits
                pass

    run_threads(work)
    doc.close()


def test_close_while_other_threads_use_the_doc(utf8_twin):
    for _ in range(20):
        doc = govtext.Doc.from_text(utf8_twin)
        started = threading.Event()
        outcome = []

        def user():
            started.set()
            try:
                while True:
                    doc.load_text(utf8_twin)
                    assert doc.text == utf8_twin
            except ValueError as e:  # "operation on a closed govtext.Doc"
                outcome.append(str(e))

        t = threading.Thread(target=user)
        t.start()
        started.wait()
        doc.close()
        t.join()
        assert outcome and "closed" in outcome[0]


def test_shared_lexicon_one_segmenter_per_thread(utf8_twin, data_dir):
    structure = (data_dir / "gov-structure-excerpt.txt").read_text(encoding="utf-8")
    texts = [utf8_twin, structure]
    with govtext.Lexicon.default() as lex:
        # one thread's results are the reference
        with govtext.Segmenter(lex) as seg:
            want = [(seg.cut(t), seg.cut(t, mode="index"), seg.sentences(t).texts(),
                     seg.paragraphs(t).texts()) for t in texts]

        def work(i):
            with govtext.Segmenter(lex) as seg:
                seg.add_word("政府工作报告%d" % i)  # its own user words do not leak out
                for k in range(20):
                    t = texts[(i + k) % 2]
                    got = (seg.cut(t), seg.cut(t, mode="index"), seg.sentences(t).texts(),
                           seg.paragraphs(t).texts())
                    assert got == want[(i + k) % 2]

        run_threads(work)


def test_segmenters_made_concurrently_from_one_lexicon():
    with govtext.Lexicon.default() as lex:
        def work(i):
            for _ in range(20):
                with govtext.Segmenter(lex) as seg:
                    assert seg.cut("政府工作报告") == ["政府工作报告"]

        run_threads(work)
        assert lex.frozen


def test_shared_segmenter_is_serialised(utf8_twin):
    with govtext.Segmenter() as seg:
        want = seg.cut(utf8_twin)

        def work(i):
            for _ in range(30):
                assert seg.cut(utf8_twin) == want

        run_threads(work)


def test_shared_index_searched_by_threads(tmp_path, data_dir):
    # One Index, searched by every thread at once (each search with its own C
    # result set); every thread's results are the single-threaded ones.
    path = str(tmp_path / "t.gtx")
    with govtext.IndexWriter() as w:
        for f in sorted(data_dir.glob("*.txt")):
            with govtext.Doc.from_file(f) as doc:
                doc.repair()
                w.add(f.name, doc, year=2000 + len(f.name) % 5)
        w.save(path)
    queries = ["政府工作报告", "word:发展 OR 改革", "经济 -改革", "year:2001..2003 政府", "的"]
    with govtext.Index(path) as idx:
        want = [([(h.id, h.score, h.snippet) for h in idx.search(q, limit="all", snippets=True)],
                 idx.term_stats(q).by_year()) for q in queries]

        def work(i):
            for k in range(60):
                j = (i + k) % len(queries)
                r = idx.search(queries[j], limit="all", snippets=True)
                assert [(h.id, h.score, h.snippet) for h in r] == want[j][0]
                assert idx.term_stats(queries[j]).by_year() == want[j][1]
                assert idx.doc_text(k % len(idx))

        run_threads(work)


def test_index_closed_while_threads_search(tmp_path):
    path = str(tmp_path / "c.gtx")
    with govtext.IndexWriter(no_words=True) as w:
        w.add("a", "治理体系" * 100)
        w.save(path)
    for _ in range(10):
        idx = govtext.Index(path)
        started = threading.Barrier(5)
        outcomes = []

        def user(i):
            started.wait()
            try:
                while True:
                    assert idx.search("治理").total == 1
            except ValueError as e:  # "operation on a closed govtext.Index"
                outcomes.append(str(e))

        ts = [threading.Thread(target=user, args=(i,)) for i in range(4)]
        for t in ts:
            t.start()
        started.wait()
        idx.close()
        for t in ts:
            t.join()
        assert len(outcomes) == 4 and all("closed" in o for o in outcomes)
