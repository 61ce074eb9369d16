"""Module-level API: version, statuses, errors, encodings, detection."""

import pickle

import pytest

import govtext
from govtext import Encoding, Status


def test_version_matches_binding():
    assert govtext.library_version() == "0.2.0" or govtext.library_version_number() >= 200
    n = govtext.library_version_number()
    major, minor, patch = (int(x) for x in govtext.library_version().split("."))
    assert n == major * 10000 + minor * 100 + patch
    assert n // 10000 == 0 and n >= 200


def test_library_loaded_from_env_or_soname():
    from govtext import _lib
    assert _lib.SONAME == "libgovtext.so.1"
    assert _lib.lib._name.endswith("libgovtext.so.1")


def test_status_strings():
    assert govtext.status_name(Status.ERR_INVALID_ARG) == "GOVTEXT_ERR_INVALID_ARG"
    assert govtext.status_string(Status.ERR_INVALID_ARG) == "invalid argument"
    assert Status.ERR_IO.description
    # Unknown values still give a string (never NULL in C).
    assert isinstance(govtext.status_name(999), str)
    assert isinstance(govtext.status_string(999), str)


@pytest.mark.parametrize("status,cls,builtin", [
    (Status.ERR_NOMEM, govtext.OutOfMemoryError, MemoryError),
    (Status.ERR_INVALID_ARG, govtext.InvalidArgumentError, ValueError),
    (Status.ERR_INVALID_UTF8, govtext.InvalidUTF8Error, ValueError),
    (Status.ERR_ENCODING, govtext.DecodeError, ValueError),
    (Status.ERR_IO, govtext.GovtextIOError, OSError),
    (Status.ERR_BUFFER_TOO_SMALL, govtext.BufferTooSmallError, Exception),
    (Status.ERR_UNSUPPORTED, govtext.UnsupportedError, Exception),
    (Status.ERR_CORRUPT, govtext.CorruptError, Exception),
    (Status.ERR_LIMIT, govtext.LimitError, Exception),
    (Status.ERR_NOT_FOUND, govtext.NotFoundError, LookupError),
    (Status.ERR_INTERNAL, govtext.InternalError, Exception),
])
def test_error_classes(status, cls, builtin):
    e = govtext._make_error(int(status), "what and where")
    assert type(e) is cls
    assert isinstance(e, govtext.GovtextError) and isinstance(e, builtin)
    assert e.status == status and e.status is status
    assert e.message == "what and where"
    assert str(e) == "what and where [%s]" % govtext.status_name(status)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is cls and e2.status == status and e2.message == e.message


def test_unknown_status_is_generic_error():
    e = govtext._make_error(4242, "")
    assert type(e) is govtext.GovtextError
    assert e.status == 4242 and e.message  # falls back to the status string


def test_io_error_is_oserror_without_errno():
    e = govtext._make_error(int(Status.ERR_IO), "cannot open 'x': No such file or directory")
    assert e.errno is None
    assert e.args == ("cannot open 'x': No such file or directory",)


def test_encoding_labels():
    assert Encoding.UTF8.label == "UTF-8"
    assert Encoding.GB18030.label == "GB18030"
    assert Encoding.BIG5.label == "Big5"
    assert Encoding.BIG5_HKSCS.label == "Big5-HKSCS"
    assert Encoding.AUTO.label == "auto"
    assert str(Encoding.UTF16LE) == "UTF-16LE"
    assert "%s|%s" % (Encoding.UTF32BE, Encoding.GB18030) == "UTF-32BE|GB18030"
    assert "{:>8}".format(Encoding.BIG5) == "    Big5"
    for e in Encoding:
        if e is not Encoding.AUTO:
            "中文".encode(e.codec)  # a real Python codec


@pytest.mark.parametrize("label,enc", [
    ("utf-8", Encoding.UTF8), ("UTF8", Encoding.UTF8), ("gbk", Encoding.GB18030),
    ("GB2312", Encoding.GB18030), ("cp936", Encoding.GB18030), ("EUC-CN", Encoding.GB18030),
    ("gb18030", Encoding.GB18030), ("big5", Encoding.BIG5), ("Big5_HKSCS", Encoding.BIG5_HKSCS),
    ("utf-16le", Encoding.UTF16LE), ("UTF_32_BE", Encoding.UTF32BE), (b"gbk", Encoding.GB18030),
])
def test_encoding_from_name(label, enc):
    assert govtext.encoding_from_name(label) is enc
    assert Encoding.from_name(label) is enc


def test_encoding_from_name_unknown():
    with pytest.raises(govtext.NotFoundError) as ei:
        govtext.encoding_from_name("klingon-8")
    assert ei.value.status == Status.ERR_NOT_FOUND
    assert "klingon-8" in ei.value.message
    with pytest.raises(LookupError):  # like codecs.lookup
        govtext.encoding_from_name("ebcdic")
    with pytest.raises(ValueError):
        govtext.encoding_from_name("utf\0-8")


def test_detect_encoding_files(data_dir):
    cases = {
        "gwr-2018-excerpt.gbk.txt": Encoding.GB18030,
        "gwr-2018-excerpt.utf8.txt": Encoding.UTF8,
        "gwr-2018-excerpt.utf16le.txt": Encoding.UTF16LE,
        "gwr-2018-excerpt.utf16be.txt": Encoding.UTF16BE,
        "gwr-2018-excerpt-hant.big5.txt": Encoding.BIG5,
    }
    for name, want in cases.items():
        enc, conf = govtext.detect_encoding((data_dir / name).read_bytes())
        assert enc is want, name
        assert 0.5 < conf <= 1.0, name


def test_detect_encoding_short_and_buffers():
    hans = "国务院关于加强地方政府性债务管理的意见"
    hant = "國務院關於加強地方政府性債務管理的意見"
    for text, codec, want in ((hans, "gb18030", Encoding.GB18030), (hans, "utf-8", Encoding.UTF8),
                              (hant, "big5", Encoding.BIG5)):
        b = text.encode(codec)
        assert govtext.detect_encoding(b)[0] is want
        assert govtext.detect_encoding(bytearray(b))[0] is want
        assert govtext.detect_encoding(memoryview(b))[0] is want
    assert govtext.detect_encoding(b"") == (Encoding.UTF8, 0.0)
    with pytest.raises(TypeError):
        govtext.detect_encoding("a str is not bytes")


@pytest.mark.parametrize("ascii_bytes", [b"abc", b"Hello, world!\n",
                                         b"<html><body>x</body></html>", b"GDP growth 6.9%"])
def test_ascii_detects_as_utf8(ascii_bytes):
    # (libgovtext 384645b: before it, short ASCII came out as UTF-16/32.)
    assert govtext.detect_encoding(ascii_bytes)[0] is Encoding.UTF8
    with govtext.Doc.from_bytes(ascii_bytes) as doc:
        assert doc.text == ascii_bytes.decode("ascii")


def test_installed_package_is_tested():
    # test_bindings.sh sets GOVTEXT_TEST_INSTALLED=1 for the pip-installed run.
    import os
    if os.environ.get("GOVTEXT_TEST_INSTALLED") == "1":
        assert "site-packages" in govtext.__file__, govtext.__file__
    else:
        assert govtext.__file__.replace("\\", "/").endswith("bindings/python/govtext/__init__.py") \
            or "site-packages" in govtext.__file__
