#!/usr/bin/env python3
"""Regenerates gwr-2018-excerpt-hant-pinyin.txt: the traditional-script
excerpt with inline pinyin spliced in the way web converters do it, for the
pinyin repair pass's tests (tests/unit/check_repair_pinyin.c).

The readings come from ICU's Han-Latin transliterator (uconv, Debian:
icu-devtools): a converter independent of the Unihan tables the library uses,
printing each character's context-free default reading.  A third of the
distinct Han characters (code point % 3 == 0) get a gloss after every
occurrence; the style cycles with the line: tone marks in ASCII parentheses,
tone digits (neutral = 5, ü = v), no tones, tone marks in full-width parentheses.
Characters with code point % 7 == 0 get their gloss twice on tone-mark lines.
Removing every gloss gives back gwr-2018-excerpt-hant.utf8.txt exactly.
Prints the number of glosses to stderr (the test asserts it).
"""
import os
import re
import subprocess
import sys
import unicodedata

TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def digits(r):
    tone = "5"
    out = []
    for ch in unicodedata.normalize("NFD", r):
        if ch in TONES:
            tone = TONES[ch]
        elif ch == "\u0308":  # lü4 is written lv4 in this style
            out[-1] = "v"
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)) + tone


def toneless(r):
    return "".join(ch for ch in unicodedata.normalize("NFD", r) if ch not in TONES)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "gwr-2018-excerpt-hant.utf8.txt"), encoding="utf-8").read()
    han = sorted({c for c in src if "\u4e00" <= c <= "\u9fff"})
    chosen = [c for c in han if ord(c) % 3 == 0]
    out = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8", "-x", "Han-Latin"],
                         input="\n".join(chosen).encode(), stdout=subprocess.PIPE,
                         check=True).stdout.decode().split("\n")
    reading = {}
    for c, r in zip(chosen, out):
        r = unicodedata.normalize("NFC", r.strip())
        if re.fullmatch(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+", r):
            reading[c] = r
    n = 0
    lines = []
    for k, line in enumerate(src.split("\n")):
        style = k % 4
        buf = []
        for c in line:
            buf.append(c)
            r = reading.get(c)
            if not r:
                continue
            if style == 0:
                g = "(%s)" % r
                g = g * 2 if ord(c) % 7 == 0 else g
            elif style == 1:
                g = "(%s)" % digits(r)
            elif style == 2:
                g = "(%s)" % toneless(r)
            else:
                g = "\uff08%s\uff09" % r
            n += g.count(")") + g.count("\uff09")
            buf.append(g)
        lines.append("".join(buf))
    with open(os.path.join(here, "gwr-2018-excerpt-hant-pinyin.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    sys.stderr.write("%d glosses\n" % n)


if __name__ == "__main__":
    main()
