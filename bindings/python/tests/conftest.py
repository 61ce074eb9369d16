"""Shared fixtures.  Run from the checkout:

    GOVTEXT_LIBRARY=/path/to/libgovtext.so.1 python3 -m pytest bindings/python/tests

GOVTEXT_TEST_DATA (default: tests/data of this checkout) and GOVTEXT_HEADER
(default: include/govtext.h of this checkout) locate the test inputs.  The
package is imported from bindings/python unless it is already importable
(an installed copy is tested as installed)."""

import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent.parent

if os.environ.get("GOVTEXT_TEST_INSTALLED") != "1":
    sys.path.insert(0, str(HERE.parent))


@pytest.fixture(scope="session")
def data_dir():
    d = pathlib.Path(os.environ.get("GOVTEXT_TEST_DATA", CHECKOUT / "tests" / "data"))
    if not (d / "gwr-2018-excerpt.gbk.txt").exists():
        pytest.skip("test data not found in %s (set GOVTEXT_TEST_DATA)" % d)
    return d


@pytest.fixture(scope="session")
def header_path():
    h = pathlib.Path(os.environ.get("GOVTEXT_HEADER", CHECKOUT / "include" / "govtext.h"))
    if not h.exists():
        pytest.skip("govtext.h not found at %s (set GOVTEXT_HEADER)" % h)
    return h


@pytest.fixture(scope="session")
def gbk_path(data_dir):
    return data_dir / "gwr-2018-excerpt.gbk.txt"


@pytest.fixture(scope="session")
def utf8_twin(data_dir):
    return (data_dir / "gwr-2018-excerpt.utf8.txt").read_bytes().decode("utf-8")
