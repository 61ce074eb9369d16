#!/usr/bin/env python3
"""Generate lib/repair/pinyin_readings.c: the Mandarin readings of every Han
character, for the pinyin repair pass (lib/repair/pinyin_gloss.c).

Source: the Unicode Han Database as Debian 12's unicode-data package ships it
(/usr/share/unicode/Unihan_Readings.txt.bz2, Unicode 15.0.0), fields
kMandarin, kHanyuPinyin, kXHC1983, kHanyuPinlu and kTGHZ2013 -- every
Mandarin reading Unihan gives, because pinyin converters print a character's
context-free default reading, which need not be the reading it has in
context (調 is glossed diào in 調整).  Unihan_Variants.txt.bz2
(kSimplifiedVariant, kTraditionalVariant) adds to a character the readings of
its simplified and traditional forms: a converter reads the simplified text
and a character table then turns 着 into 著 or 发 into 髮, keeping 着's zhe
and 发's fā beside a character whose own readings may lack them.

Unihan is (c) Unicode, Inc., distributed under the Unicode License
(https://www.unicode.org/license.txt, "UNICODE LICENSE V3"); the generated
file says so in its header.

Encoding of the output:
  * syllables: every toneless syllable the readings use, sorted, ASCII, with
    u-umlaut written 'v' (lv, nve) and e-circumflex written 'E'; a syllable's
    id is its index;
  * a reading is syllable_id * 8 + tone (1..4, 5 = neutral);
  * a reading set is a run in gt_pinyin_pool: a count, then the readings,
    sorted; identical sets are stored once and set 0 is the empty set;
  * code point -> set: a two-stage table, stage 1 indexed by cp >> 6 giving a
    block of 64 set indices in stage 2 (identical blocks stored once).

Run:  scripts/gen_pinyin_readings.py --unihan /usr/share/unicode \
        > lib/repair/pinyin_readings.c
"""
import argparse
import bz2
import collections
import os
import sys
import unicodedata

FIELDS = ("kMandarin", "kHanyuPinyin", "kXHC1983", "kHanyuPinlu", "kTGHZ2013")
TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
BLOCK_SHIFT = 6


def parse_syllable(s):
    """'lǜ' -> ('lv', 4); 'men' -> ('men', 5); 'ê̄' -> ('E', 1)."""
    tone = 5
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if ch in TONE_OF_MARK:
            tone = TONE_OF_MARK[ch]
        elif ch == "\u0308":
            if not out or out[-1] != "u":
                raise ValueError("diaeresis not on u in %r" % s)
            out[-1] = "v"
        elif ch == "\u0302":
            if not out or out[-1] != "e":
                raise ValueError("circumflex not on e in %r" % s)
            out[-1] = "E"
        elif "a" <= ch <= "z":
            out.append(ch)
        else:
            raise ValueError("unexpected %r in reading %r" % (ch, s))
    if not out:
        raise ValueError("empty reading %r" % s)
    return "".join(out), tone


def field_readings(field, value):
    """The readings one Unihan field value lists."""
    out = []
    for item in value.split():
        if field == "kMandarin":
            out.append(item)
        elif field == "kHanyuPinlu":          # zhōng(4875)
            out.append(item.split("(")[0])
        else:                                 # loc:r1,r2 (kHanyuPinyin), loc:r
            out.extend(item.split(":", 1)[1].split(","))
    return out


def read_unihan(unihan_dir):
    """Returns (cp -> {(syllable, tone)}, cp -> {variant cps}, Unicode version)."""
    readings = collections.defaultdict(set)
    version = "unknown"
    path = os.path.join(unihan_dir, "Unihan_Readings.txt.bz2")
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("# Unicode version:"):
                version = line.split(":", 1)[1].strip()
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field in FIELDS:
                for r in field_readings(field, value):
                    readings[int(cp[2:], 16)].add(parse_syllable(r))
    variants = collections.defaultdict(set)
    path = os.path.join(unihan_dir, "Unihan_Variants.txt.bz2")
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field in ("kSimplifiedVariant", "kTraditionalVariant"):
                src = int(cp[2:], 16)
                for v in value.split():
                    dst = int(v[2:].split("<")[0], 16)
                    if dst != src:
                        variants[src].add(dst)
    return readings, variants, version


def merged_readings(readings, variants):
    """Own readings plus those of the simplified/traditional forms."""
    out = {}
    for cp in set(readings) | set(variants):
        s = set(readings.get(cp, ()))
        for v in variants.get(cp, ()):
            s |= readings.get(v, set())
        if s:
            out[cp] = s
    return out


def c_array(name, ctype, values, per_line=16):
    lines = ["static const %s %s[%d] = {" % (ctype, name, len(values))]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unihan", default="/usr/share/unicode")
    a = ap.parse_args()

    readings, variants, version = read_unihan(a.unihan)
    table = merged_readings(readings, variants)

    syllables = sorted({syl for rs in table.values() for syl, _ in rs})
    syl_id = {s: i for i, s in enumerate(syllables)}
    assert len(syllables) * 8 < 65536
    assert max(len(s) for s in syllables) <= 7

    pool = [0]                  # set 0: the empty set
    set_index = {(): 0}
    cp_set = {}
    for cp in sorted(table):
        key = tuple(sorted(syl_id[s] * 8 + t for s, t in table[cp]))
        if key not in set_index:
            set_index[key] = len(pool)
            pool.append(len(key))
            pool.extend(key)
        cp_set[cp] = set_index[key]
    assert len(pool) < 65536

    limit = max(cp_set) + 1
    nblocks = (limit + (1 << BLOCK_SHIFT) - 1) >> BLOCK_SHIFT
    stage1 = []
    stage2 = []
    block_index = {}
    for b in range(nblocks):
        block = tuple(cp_set.get((b << BLOCK_SHIFT) + k, 0) for k in range(1 << BLOCK_SHIFT))
        if block not in block_index:
            block_index[block] = len(stage2) >> BLOCK_SHIFT
            stage2.extend(block)
        stage1.append(block_index[block])
    assert len(stage2) >> BLOCK_SHIFT < 65536

    out = sys.stdout
    out.write("""/* GENERATED by scripts/gen_pinyin_readings.py -- do not edit.
 *
 * The Mandarin readings of Han characters, from the Unicode Han Database
 * (Unicode %s, Debian 12 unicode-data: Unihan_Readings.txt fields
 * kMandarin, kHanyuPinyin, kXHC1983, kHanyuPinlu, kTGHZ2013; each character
 * also gets the readings of its kSimplifiedVariant/kTraditionalVariant forms
 * from Unihan_Variants.txt).
 * Unihan: Copyright (c) 1991-2022 Unicode, Inc.  Distributed under the
 * Unicode License (UNICODE LICENSE V3), https://www.unicode.org/license.txt.
 *
 * %d characters, %d toneless syllables, %d distinct reading sets,
 * %d stage-2 blocks of %d.  Layout: see pinyin_readings.h and the generator.
 */
#include "repair/pinyin_readings.h"

#if GT_PINYIN_SYLLABLES != %d || GT_PINYIN_SYL_MAX != %d
#error "pinyin_readings.h does not match the generated table; update its constants"
#endif

""" % (version, len(cp_set), len(syllables), len(set_index) - 1, len(stage2) >> BLOCK_SHIFT,
       1 << BLOCK_SHIFT, len(syllables), max(len(x) for x in syllables)))
    out.write("/* Toneless syllables, sorted (strcmp order); u-umlaut is 'v', "
              "e-circumflex 'E'. */\n")
    out.write("const char gt_pinyin_syllables[GT_PINYIN_SYLLABLES][GT_PINYIN_SYL_MAX + 1] = {\n")
    for i in range(0, len(syllables), 8):
        out.write("    " + ", ".join('"%s"' % s for s in syllables[i:i + 8]) + ",\n")
    out.write("};\n\n")
    out.write("/* Reading sets: a count, then that many readings (syllable id * 8 + tone). */\n")
    out.write(c_array("pool", "uint16_t", pool) + "\n\n")
    out.write("/* Code point >> %d -> block of stage 2. */\n" % BLOCK_SHIFT)
    out.write(c_array("stage1", "uint16_t", stage1) + "\n\n")
    out.write("/* Blocks of %d reading-set offsets into pool. */\n" % (1 << BLOCK_SHIFT))
    out.write(c_array("stage2", "uint16_t", stage2) + "\n\n")
    out.write("""size_t gt_pinyin_readings(uint32_t cp, const uint16_t **readings)
{
    size_t set = 0;
    if (cp < 0x%X)
        set = stage2[((size_t)stage1[cp >> %d] << %d) | (cp & %d)];
    *readings = pool + set + 1;
    return pool[set];
}
""" % (nblocks << BLOCK_SHIFT, BLOCK_SHIFT, BLOCK_SHIFT, (1 << BLOCK_SHIFT) - 1))
    sys.stderr.write("%d chars, %d syllables, %d sets, pool %d, stage1 %d, stage2 %d\n" %
                     (len(cp_set), len(syllables), len(set_index) - 1, len(pool), len(stage1),
                      len(stage2)))


if __name__ == "__main__":
    main()
