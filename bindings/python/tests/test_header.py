"""The binding against include/govtext.h: every declared function has a
prototype here with matching types, the structs' members are the header's
(a prefix of them: the header only appends), and the enum and flag values are
the header's.  Header API the binding does not cover yet is reported as a
warning, not a failure (the header grows stage by stage)."""

import ctypes
import re
import warnings

import pytest

import govtext
from govtext import _lib


def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    return re.sub(r"//[^\n]*", " ", src)


@pytest.fixture(scope="module")
def header(header_path):
    return strip_comments(header_path.read_text(encoding="utf-8"))


def norm(t):
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"\s*\*", " *", t)


HANDLE = {"govtext_%s *" % h for h in ("doc", "collection", "lexicon", "segmenter",
                                                  "index", "index_writer", "results")}
HANDLE |= {"const " + h for h in HANDLE}


def compatible(ctype, c_decl):
    """Whether ctype (from the binding) is right for the C type c_decl."""
    c = norm(c_decl).replace("const ", "")
    simple = {
        "void": None, "int": ctypes.c_int, "uint32_t": ctypes.c_uint32,
        "uint64_t": ctypes.c_uint64, "size_t": ctypes.c_size_t, "double": ctypes.c_double,
        "govtext_status": ctypes.c_int, "govtext_encoding": ctypes.c_int,
        "govtext_counter": ctypes.c_int, "govtext_read_fn": _lib.READ_FN,
        "int32_t": ctypes.c_int32,
        "char *": ctypes.c_char_p, "void *": ctypes.c_void_p,
    }
    if norm(c_decl) in HANDLE:
        return ctype is ctypes.c_void_p
    if c == "char *":  # a string: c_char_p, or c_void_p when read with string_at
        return ctype in (ctypes.c_char_p, ctypes.c_void_p)
    if c in simple:
        return ctype is simple[c]
    pointers = {
        "size_t *": ctypes.c_size_t, "double *": ctypes.c_double,
        "govtext_encoding *": ctypes.c_int, "govtext_load_options *": _lib.LoadOptionsC,
        "govtext_repair_options *": _lib.RepairOptionsC, "govtext_edit *": _lib.EditC,
        "govtext_segment_options *": _lib.SegmentOptionsC, "govtext_token *": _lib.TokenC,
        "uint64_t *": ctypes.c_uint64, "govtext_index_options *": _lib.IndexOptionsC,
        "govtext_doc_meta *": _lib.DocMetaC, "govtext_search_options *": _lib.SearchOptionsC,
        "govtext_hit *": _lib.HitC, "govtext_year_count *": _lib.YearCountC,
    }
    if c == "govtext_index_writer * *":  # the writer's out parameter
        return ctype is ctypes.POINTER(ctypes.c_void_p)
    if c in pointers:
        return ctype is ctypes.POINTER(pointers[c])
    raise AssertionError("test_header.py does not know the C type %r" % c_decl)


def header_functions(header):
    out = {}
    for m in re.finditer(r"GOVTEXT_API\s+([^;(]*?)\b(govtext_\w+)\s*\(([^)]*)\)\s*;", header):
        ret, name, params = m.group(1), m.group(2), m.group(3).strip()
        args = []
        if params != "void":
            for p in params.split(","):
                p = norm(p)
                # drop the parameter name
                mm = re.match(r"^(.*?)(\w+)$", p)
                args.append(mm.group(1).strip())
        out[name] = (ret.strip(), args)
    return out


def test_every_binding_function_is_in_the_header_with_its_types(header):
    funcs = header_functions(header)
    assert len(funcs) > 20
    for name, (res, args) in _lib.PROTOTYPES.items():
        assert name in funcs, "%s is bound but not in govtext.h" % name
        c_ret, c_args = funcs[name]
        assert compatible(res, c_ret), "%s: restype %r for C %r" % (name, res, c_ret)
        assert len(args) == len(c_args), "%s: %d argtypes, C has %d" % (name, len(args),
                                                                         len(c_args))
        for i, (a, ca) in enumerate(zip(args, c_args)):
            assert compatible(a, ca), "%s arg %d: %r for C %r" % (name, i, a, ca)
        f = getattr(_lib.lib, name)
        assert f.restype is res and f.argtypes == args


def test_header_functions_are_bound(header):
    missing = sorted(set(header_functions(header)) - set(_lib.PROTOTYPES))
    if missing:
        warnings.warn("govtext.h functions not bound in Python yet: " + ", ".join(missing))


def struct_members(header, name):
    m = re.search(r"typedef struct %s \{(.*?)\} %s;" % (name, name), header, re.S)
    assert m, name
    return re.findall(r"(\w+)\s*;", m.group(1))


@pytest.mark.parametrize("cname,cls", [
    ("govtext_load_options", _lib.LoadOptionsC),
    ("govtext_repair_options", _lib.RepairOptionsC),
    ("govtext_edit", _lib.EditC),
    ("govtext_segment_options", _lib.SegmentOptionsC),
    ("govtext_token", _lib.TokenC),
    ("govtext_index_options", _lib.IndexOptionsC),
    ("govtext_doc_meta", _lib.DocMetaC),
    ("govtext_search_options", _lib.SearchOptionsC),
    ("govtext_hit", _lib.HitC),
    ("govtext_year_count", _lib.YearCountC),
])
def test_structs_match_header(header, cname, cls):
    members = struct_members(header, cname)
    ours = [f[0] for f in cls._fields_]
    assert members[:len(ours)] == ours, (cname, members, ours)
    if len(members) > len(ours):
        warnings.warn("%s has members the binding does not set: %s"
                      % (cname, members[len(ours):]))


def header_values(header, prefix, define=False):
    if define:
        pat = r"#define GOVTEXT_%s(\w+)\s+(0x[0-9A-Fa-f]+|\d+)u?\b" % prefix
    else:
        pat = r"\bGOVTEXT_%s(\w+)\s*=\s*(0x[0-9A-Fa-f]+|\d+)" % prefix
    return {k: int(v, 0) for k, v in re.findall(pat, header)}


@pytest.mark.parametrize("prefix,cls,define", [
    ("", govtext.Status, False),
    ("ENC_", govtext.Encoding, False),
    ("COUNT_", govtext.Counter, False),
    ("EDIT_", govtext.EditKind, False),
    ("SCRIPT_", govtext.Script, False),
    ("LOAD_", govtext.LoadFlags, True),
    ("REPAIR_", govtext.RepairPass, True),
    ("TOKEN_", govtext.TokenKind, False),
])
def test_enum_values_match_header(header, prefix, cls, define):
    values = header_values(header, prefix, define)
    if prefix == "":
        values = {k: v for k, v in values.items() if k == "OK" or k.startswith("ERR_")}
    assert values
    for member in cls:
        assert member.name in values, "%s.%s not in govtext.h" % (cls.__name__, member.name)
        assert values[member.name] == member.value, (cls.__name__, member.name)
    missing = set(values) - {m.name for m in cls}
    if missing:
        warnings.warn("govtext.h values not in %s: %s" % (cls.__name__, sorted(missing)))


def test_binding_version_not_newer_than_header(header):
    v = {k: int(n) for k, n in re.findall(r"#define GOVTEXT_VERSION_(MAJOR|MINOR|PATCH) (\d+)",
                                         header)}
    number = v["MAJOR"] * 10000 + v["MINOR"] * 100 + v["PATCH"]
    assert _lib.BINDING_VERSION // 10000 == v["MAJOR"]
    assert _lib.BINDING_VERSION <= number


def test_segment_modes_and_flags_match_header(header):
    values = header_values(header, "SEG_", define=True)
    assert {m.name: m.value for m in govtext.SegmentMode} == \
        {k: v for k, v in values.items() if k in ("PRECISE", "INDEX")}
    from govtext import segment
    assert values["KEEP_SPACE"] == segment.SEG_KEEP_SPACE
    assert set(values) == {"PRECISE", "INDEX", "KEEP_SPACE"}, values


def test_token_layout_is_the_frozen_one():
    # govtext_token's layout is frozen: two size_t then two uint32_t
    assert ctypes.sizeof(_lib.TokenC) == 2 * ctypes.sizeof(ctypes.c_size_t) + 8
