#!/usr/bin/env python3
"""Regenerates the mojibake twins of gwr-2018-excerpt.utf8.txt (Python 3 standard library).

Each line's UTF-8 bytes are read in another encoding and the result is saved as UTF-8, as broken
scrapers do:
  .moji-gbk.txt     every line read as GBK; a byte that does not start a GBK pair with the next
                    one becomes U+FFFD (Python's gbk decoder, errors='replace')
  .moji-cp1252.txt  every line read as windows-1252, the five undefined bytes (81 8D 8F 90 9D)
                    passed through as C1 controls, as browsers do (the loader then removes them)
  .moji-mixed.txt   odd lines (1st, 3rd, ...) read as GBK, the others left clean
"""
import codecs
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))
codecs.register_error("c1pass", lambda e: ("".join(chr(b) for b in e.object[e.start:e.end]), e.end))
lines = open("gwr-2018-excerpt.utf8.txt", encoding="utf-8").read().split("\n")


def gbk(line):
    return line.encode("utf-8").decode("gbk", errors="replace")


def cp1252(line):
    return line.encode("utf-8").decode("cp1252", errors="c1pass")


def save(name, out):
    with open(name, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


save("gwr-2018-excerpt.moji-gbk.txt", [gbk(l) for l in lines])
save("gwr-2018-excerpt.moji-cp1252.txt", [cp1252(l) for l in lines])
save("gwr-2018-excerpt.moji-mixed.txt", [gbk(l) if i % 2 == 0 else l for i, l in enumerate(lines)])
