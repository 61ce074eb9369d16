"""Tests examples/dask/index_corpus.py on a LocalCluster of 3 worker
processes over tests/data: the merged index holds the same documents and
answers queries like an index built in one process, the fan-out totals are
the merged index's, JSON Lines partitions cover every line once.

    GOVTEXT_LIBRARY=build/lib/libgovtext.so.1 PYTHONPATH=bindings/python \\
        python3 -m pytest examples/dask

Skipped (with the reason) without dask.distributed (Debian: python3-dask
python3-distributed).  GOVTEXT_TEST_DATA locates tests/data."""

import json
import os
import pathlib
import re
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import index_corpus  # noqa: E402

import govtext  # noqa: E402

DATA = pathlib.Path(os.environ.get("GOVTEXT_TEST_DATA", HERE.parent.parent / "tests" / "data"))
QUERIES = ["政府工作报告", "word:发展 OR 改革", "经济 -改革", '"国内生产总值"', "year:2018 改革"]


@pytest.fixture(scope="module")
def data_dir():
    if not (DATA / "gwr-2018-excerpt.gbk.txt").exists():
        pytest.skip("test data not found in %s (set GOVTEXT_TEST_DATA)" % DATA)
    return DATA


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed "
        "(Debian: python3-dask python3-distributed)")
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        c.wait_for_workers(3)
        yield c


def sequential_index(path, docs):
    """The reference: the same documents repaired and indexed in one process."""
    with govtext.IndexWriter() as w:
        for doc_id, load, meta in docs:
            with load() as doc:
                doc.repair()
                w.add(doc_id, doc, **meta)
        w.save(path)
    return path


def assert_same_index(merged_path, reference_path):
    with govtext.Index(merged_path) as m, govtext.Index(reference_path) as ref:
        assert len(m) == len(ref) > 0
        assert sorted(d.id for d in m) == sorted(d.id for d in ref)
        for d in ref:
            md = m.get(d.id)
            assert md.text == d.text and md.meta == d.meta, d.id
        for q in QUERIES:
            a = m.search(q, limit="all")
            b = ref.search(q, limit="all")
            assert a.total == b.total and sorted(a.ids) == sorted(b.ids), q
            # the same documents: the same statistics, so the same scores
            assert sorted((h.id, round(h.score, 9)) for h in a) == \
                sorted((h.id, round(h.score, 9)) for h in b), q
            assert m.term_stats(q).by_year() == ref.term_stats(q).by_year(), q


def test_jsonl_ranges_cover_every_line_once(tmp_path):
    lines = [json.dumps({"id": "d%d" % i, "text": "文" * (i % 17)}, ensure_ascii=False)
             for i in range(101)]
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    for n in (1, 2, 3, 7, 50, 1000):
        parts = index_corpus.jsonl_partitions(str(p), n)
        got = [o["id"] for _, r in parts for o in index_corpus.read_jsonl_range(*r)]
        assert got == ["d%d" % i for i in range(101)], n


def test_folder_partitions_deal_every_file_once(data_dir):
    parts = index_corpus.folder_partitions(str(data_dir), 4, "*.txt")
    files = sorted(f for _, p in parts for f in p)
    assert len(parts) == 4
    assert files == sorted(str(f) for f in data_dir.glob("*.txt"))


def test_folder_on_a_local_cluster(client, data_dir, tmp_path, capsys):
    out = str(tmp_path / "merged.gtx")
    shards = tmp_path / "shards"
    argv = ["--partitions", "6", "--pattern", "*.txt", "--shards-dir", str(shards),
            "--snippets"] + sum((["--query", q] for q in QUERIES), []) + [str(data_dir), out]
    assert index_corpus.main(argv, client=client) == 0
    captured = capsys.readouterr()
    assert len(list(shards.glob("shard-*.gtx"))) == 6
    assert len(client.scheduler_info()["workers"]) == 3
    assert re.search(r"shards: 6 built .* by [1-3] worker processes", captured.err)
    for q in QUERIES:  # the fan-out totals are the merged index's
        m = re.search(r"query %s: merged (\d+), fan-out (\d+)" % re.escape(repr(q)), captured.out)
        assert m and m.group(1) == m.group(2), q
    files = sorted(data_dir.glob("*.txt"))
    ref = sequential_index(str(tmp_path / "ref.gtx"),
                           [(f.name, lambda f=f: govtext.Doc.from_file(f), {}) for f in files])
    assert_same_index(out, ref)


def test_jsonl_shipped_shards_and_a_bad_line(client, data_dir, tmp_path, capsys):
    files = sorted(data_dir.glob("gwr-*.txt"))
    corpus = tmp_path / "corpus.jsonl"
    docs = []
    with open(corpus, "w", encoding="utf-8") as f:
        for i, path in enumerate(files):
            with govtext.Doc.from_file(path) as d:
                text = d.text
            meta = {"title": path.stem, "year": 2015 + i % 4, "source": "tests/data"}
            f.write(json.dumps(dict(id=path.name, text=text, **meta), ensure_ascii=False) + "\n")
            docs.append((path.name, lambda t=text: govtext.Doc.from_text(t), meta))
        f.write('{"id": "no-text"}\n')  # reported and skipped, not fatal
    out = str(tmp_path / "merged.gtx")
    argv = ["--jsonl", str(corpus), "--partitions", "4", "--ship-shards", "--query", "改革", out]
    assert index_corpus.main(argv, client=client) == 0
    err = capsys.readouterr().err
    assert "skipped no-text" in err
    ref = sequential_index(str(tmp_path / "ref.gtx"), docs)
    assert_same_index(out, ref)


def test_bad_usage_and_missing_input(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        index_corpus.parse_args([str(tmp_path / "out.gtx")])
    assert e.value.code == 2
    assert "give a folder or --jsonl" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()

    class NoClient:  # never reached: nothing to index
        pass
    assert index_corpus.run(NoClient(), index_corpus.parse_args(
        [str(empty), str(tmp_path / "o.gtx")])) == 1
    assert "nothing to index" in capsys.readouterr().err
