"""Repair: options, skip flags, script modes, collections.

The passes are being written (today most copy their input), so these tests
check the API contract, which holds whatever the passes do: options are
validated, a failure leaves the document unchanged, a skipped pass changes
nothing, and every edit stays inside the text and the source."""

import math

import pytest

import govtext
from govtext import Counter, EditKind, RepairPass, Script, Status

ALL_PASSES = RepairPass(0)
for _p in RepairPass:
    ALL_PASSES |= _p


def check_edits_in_range(doc):
    text, src = doc.text, doc.source
    n = 0
    for e in doc.edits():
        assert 0 <= e.start <= e.end <= len(text)
        assert 0 <= e.byte_start <= e.byte_end <= len(doc.text_bytes)
        assert 0 <= e.src_start <= e.src_end <= len(src)
        n += 1
    assert n == doc.edit_count


@pytest.fixture
def scraped(data_dir):
    return (data_dir / "seed-excerpt.txt").read_bytes()


def test_repair_defaults(scraped):
    with govtext.Doc.from_bytes(scraped) as doc:
        before = doc.edit_count
        assert doc.repair() is None
        assert isinstance(doc.text, str) and doc.text
        assert doc.edit_count >= before  # load edits are kept, repair edits appended
        check_edits_in_range(doc)
        assert doc.map_to_source(0, len(doc.text))[1] <= len(scraped)
        doc.repair()  # again: fine


def test_skip_every_pass_changes_nothing(scraped):
    with govtext.Doc.from_bytes(scraped) as doc:
        text, edits = doc.text, list(doc.edits())
        counters = doc.counters()
        doc.repair(skip=ALL_PASSES)
        assert doc.text == text
        assert list(doc.edits()) == edits
        assert doc.counters() == counters
        doc.repair(skip=[p.name.lower() for p in RepairPass])
        doc.repair(skip=",".join(p.name.lower() for p in RepairPass))
        doc.repair(skip=int(ALL_PASSES))
        assert doc.text == text


@pytest.mark.parametrize("skip", [
    RepairPass.PINYIN, {"pinyin"}, ["PINYIN", "html"], "pinyin,spam", 0x0008,
    RepairPass.PINYIN | RepairPass.SCRIPT,
])
def test_skipped_pinyin_pass_removes_no_pinyin(data_dir, skip):
    raw = (data_dir / "gwr-2018-excerpt-hant-pinyin.txt").read_bytes()
    with govtext.Doc.from_bytes(raw) as doc:
        doc.repair(skip=skip)
        assert doc.count(Counter.PINYIN) == 0
        assert not [e for e in doc.edits() if e.kind is EditKind.PINYIN]
        check_edits_in_range(doc)


def test_skip_validation():
    with govtext.Doc.from_text("政府工作报告\n") as doc:
        with pytest.raises(ValueError, match="unknown repair pass"):
            doc.repair(skip={"no-such-pass"})
        # a pass bit the library does not know: the library's own check
        with pytest.raises(govtext.UnsupportedError) as ei:
            doc.repair(skip=0x10000)
        assert ei.value.status == Status.ERR_UNSUPPORTED
        assert "0x10000" in ei.value.message
        with pytest.raises(ValueError):
            doc.repair(skip=-1)
        assert doc.text == "政府工作报告\n"


@pytest.mark.parametrize("script", [None, "auto", "keep", "hans", "hant", "KEEP", Script.HANS,
                                    Script.HANT, 0, 1, 2, 3])
def test_script_modes_accepted(script):
    with govtext.Doc.from_text("國務院關於加強地方政府性債務管理的意見\n") as doc:
        doc.repair(script=script)
        assert doc.text
        check_edits_in_range(doc)


def test_script_keep_keeps_script(data_dir):
    hant = (data_dir / "gwr-2018-excerpt-hant.utf8.txt").read_bytes()
    with govtext.Doc.from_bytes(hant) as doc:
        doc.repair(script="keep", skip={"mask", "duplicate", "spam"})
        assert doc.count(Counter.SCRIPT) == 0
        assert not [e for e in doc.edits() if e.kind is EditKind.SCRIPT]


def test_script_mode_validation():
    with govtext.Doc.from_text("原文\n") as doc:
        edits = doc.edit_count
        with pytest.raises(ValueError, match="unknown script mode"):
            doc.repair(script="klingon")  # rejected by the binding
        with pytest.raises(govtext.InvalidArgumentError) as ei:
            doc.repair(script=7)  # rejected by the library, with its message
        assert ei.value.status == Status.ERR_INVALID_ARG
        assert "script" in ei.value.message and "7" in ei.value.message
        with pytest.raises(ValueError):
            doc.repair(script=-1)
        assert doc.text == "原文\n" and doc.edit_count == edits


@pytest.mark.parametrize("bad", [1.5, -0.1, math.nan, math.inf])
def test_mask_threshold_validation(bad):
    with govtext.Doc.from_text("原文\n") as doc:
        with pytest.raises(govtext.InvalidArgumentError) as ei:
            doc.repair(mask_threshold=bad)
        assert "mask_threshold" in ei.value.message
        assert doc.text == "原文\n"


@pytest.mark.parametrize("ok", [None, 0.5, 0.9, 1.0, 1])
def test_mask_threshold_accepted(ok):
    with govtext.Doc.from_text("原文\n") as doc:
        doc.repair(mask_threshold=ok)


# --- collections --------------------------------------------------------------------


def test_collection_lifecycle(data_dir, scraped):
    coll = govtext.Collection()
    assert len(coll) == 0 and coll.size == 0 and not coll.closed
    docs = [govtext.Doc.from_file(data_dir / n) for n in
            ("gwr-2018-excerpt.gbk.txt", "seed-excerpt.txt", "gwr-2018-excerpt-hant.big5.txt")]
    for i, d in enumerate(docs, 1):
        coll.add(d)
        assert len(coll) == i
    # the collection keeps no reference to the documents' text
    for d in docs:
        d.close()
    with govtext.Doc.from_bytes(scraped) as doc:
        doc.repair(coll)
        doc.repair(collection=coll, skip={"layout"}, script="keep")
        check_edits_in_range(doc)
    assert "3 documents" in repr(coll)
    coll.close()
    coll.close()  # idempotent
    assert coll.closed and "closed" in repr(coll)
    with govtext.Doc.from_bytes(scraped) as doc:
        with pytest.raises(ValueError, match="closed"):
            doc.repair(coll)
    with pytest.raises(ValueError, match="closed"):
        len(coll)
    with pytest.raises(ValueError, match="closed"):
        coll.add(govtext.Doc())


def test_collection_context_manager_and_constructor(gbk_path):
    with govtext.Doc.from_file(gbk_path) as a, govtext.Doc.from_file(gbk_path) as b:
        with govtext.Collection([a, b]) as coll:
            assert len(coll) == 2
            a.repair(coll)
        assert coll.closed
        with pytest.raises(ValueError):
            with coll:
                pass


def test_collection_argument_checks():
    with govtext.Collection() as coll, govtext.Doc() as doc:
        with pytest.raises(TypeError):
            coll.add("not a doc")
        with pytest.raises(TypeError):
            doc.repair("not a collection")
        closed = govtext.Doc()
        closed.close()
        with pytest.raises(ValueError, match="closed"):
            coll.add(closed)
        assert len(coll) == 0
        coll.add(doc)  # an empty document is a document
        assert len(coll) == 1


def test_failed_repair_with_collection_leaves_doc(gbk_path):
    with govtext.Collection() as coll, govtext.Doc.from_file(gbk_path) as doc:
        coll.add(doc)
        text = doc.text
        with pytest.raises(govtext.InvalidArgumentError):
            doc.repair(coll, script=9)
        assert doc.text == text
        assert len(coll) == 1
