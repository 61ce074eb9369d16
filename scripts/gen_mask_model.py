#!/usr/bin/env python3
"""Generate lib/repair/mask_model.c: the language model the mask pass scores candidates with.

    scripts/gen_mask_model.py [--corpus DIR] [--out lib/repair/mask_model.c]

Input: the clean governance corpus, every DIR/*.txt (default ../shared/data/gov, 98 official
documents, 1.7M characters; official documents of state organs are not subject to copyright,
Art. 5 Copyright Law of the PRC -- see that folder's MANIFEST.tsv).  The text is put in the form
the mask pass sees (full-width ASCII letters and digits folded, lines trimmed, blank lines gone).

What the model holds:
  1. Candidate words: character n-grams of 2..6 Han characters that occur at least MIN_COUNT
     times and look like words: varied left and right neighbours (branching entropy of at
     least H_MIN nats on each side, every line or punctuation boundary counted as a distinct
     neighbour) and cohesive (the weakest split has point-wise mutual information of at least
     PMI_MIN).  These are the words a mask can stand for.
  2. For each candidate w: its count, and counts of its contexts in the corpus -- the character
     just before it (l1), the two before it (l2), the one after (r1) and the two after (r2);
     a line start or end is the character '\\n'.  Context pairs seen fewer than PRUNE times are
     dropped (they are most of the table and add little), counts are quantised to
     6 bits (exact below 32, then steps of 30%).  The numbers of distinct contexts of each kind
     (before pruning) are kept for Witten-Bell smoothing.
  3. Character counts (unigram) for the back-off distribution.

Layout (see mask_model.h): context characters are indices into a sorted code-point table
(0 = a character outside it); words are indices into a table sorted by the 64-bit FNV-1a hash
of their UTF-8 bytes, so the pass finds a word by hash.  l1/r1 entries are sorted by
(character, word) so that the pass can list the words seen beside a character; l2/r2 entries are
grouped per word and sorted by (near, far) character.

The output is deterministic: re-running on the same corpus gives the same file.
"""
import argparse
import collections
import glob
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MIN_COUNT = 30   # candidate words: at least this many occurrences
MAX_LEN = 6      # and at most this many characters
H_MIN = 1.0      # branching entropy on each side, nats
PMI_MIN = 0.5    # cohesion of the weakest split, nats
PRUNE = 2        # context pairs seen fewer times are dropped
CHAR_BITS = 13   # context character index bits
WORD_BITS = 13   # word index bits
Q_BITS = 6       # quantised count bits

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def canon_line(line):
    out = []
    for c in line:
        o = ord(c)
        if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
            c = chr(o - 0xFEE0)
        out.append(c)
    return "".join(out).strip(" \t\u3000\u00a0")


def load_corpus(directory):
    docs = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = [canon_line(l) for l in f.read().split("\n")]
        docs[os.path.basename(path)] = [l for l in lines if l]
    return docs


def extract_words(docs):
    """Candidate words by frequency, branching entropy and cohesion."""
    cnt = collections.Counter()
    runs = []
    for lines in docs.values():
        for line in lines:
            for m in HAN_RE.finditer(line):
                runs.append(m.group(0))
    total = 0
    for r in runs:
        n = len(r)
        total += n
        for i in range(n):
            for k in range(1, MAX_LEN + 1):
                if i + k > n:
                    break
                cnt[r[i:i + k]] += 1
    left = collections.defaultdict(collections.Counter)
    right = collections.defaultdict(collections.Counter)
    boundary = 0
    for r in runs:
        n = len(r)
        for i in range(n):
            for k in range(2, MAX_LEN + 1):
                if i + k > n:
                    break
                s = r[i:i + k]
                if cnt[s] < MIN_COUNT:
                    continue
                # Every run boundary is a distinct neighbour: a word that often stands
                # next to punctuation is free on that side.
                if i > 0:
                    left[s][r[i - 1]] += 1
                else:
                    boundary += 1
                    left[s][boundary] += 1
                if i + k < n:
                    right[s][r[i + k]] += 1
                else:
                    boundary += 1
                    right[s][boundary] += 1

    def entropy(c):
        t = sum(c.values())
        return -sum(v / t * math.log(v / t) for v in c.values())

    words = {}
    for s, c in cnt.items():
        if len(s) < 2 or c < MIN_COUNT:
            continue
        if entropy(left[s]) < H_MIN or entropy(right[s]) < H_MIN:
            continue
        pmi = min(math.log(c * total / (cnt[s[:k]] * cnt[s[k:]])) for k in range(1, len(s)))
        if pmi < PMI_MIN:
            continue
        words[s] = c
    return words


def count_contexts(lines, words):
    """Context counts of the candidate words in lines (framed by '\\n')."""
    c = collections.Counter()
    for line in lines:
        t = "\n" + line + "\n"
        n = len(t)
        for i in range(1, n - 1):
            for k in range(2, MAX_LEN + 1):
                if i + k > n - 1:
                    break
                w = t[i:i + k]
                if w not in words:
                    continue
                j = i + k
                c[("w", w)] += 1
                c[("l1", t[i - 1], w)] += 1
                if i >= 2:
                    c[("l2", t[i - 2:i], w)] += 1
                c[("r1", w, t[j])] += 1
                if j + 1 < n:
                    c[("r2", w, t[j:j + 2])] += 1
    return c


def fnv1a64(b):
    h = 0xcbf29ce484222325
    for x in b:
        h ^= x
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


QMAX = (1 << Q_BITS) - 1


def quantise(v):
    if v < 32:
        return v
    q = 32 + int(round(math.log(v / 32.0) / math.log(1.3)))
    return min(q, QMAX)


def qvalue(q):
    return q if q < 32 else int(round(32 * 1.3 ** (q - 32)))


def build(docs):
    words = extract_words(docs)
    counts = collections.Counter()
    for lines in docs.values():
        counts.update(count_contexts(lines, words))
    chars = collections.Counter()
    for lines in docs.values():
        for line in lines:
            chars.update(line)
            chars["\n"] += 1
    return words, counts, chars


def write_model(out, docs, words, counts, chars):
    # words sorted by hash: the index is the word id
    wl = sorted(words, key=lambda w: fnv1a64(w.encode("utf-8")))
    if len(wl) >= (1 << WORD_BITS):
        sys.exit("gen_mask_model: %d words do not fit %d bits" % (len(wl), WORD_BITS))
    wid = {w: i for i, w in enumerate(wl)}
    hashes = [fnv1a64(w.encode("utf-8")) for w in wl]
    if len(set(hashes)) != len(hashes):
        sys.exit("gen_mask_model: word hash collision")

    types = {w: [0, 0, 0, 0] for w in wl}
    kinds = {"l1": 0, "l2": 1, "r1": 2, "r2": 3}
    ctx_chars = set()
    for key, v in counts.items():
        if key[0] == "w" or v <= 0:
            continue
        w = key[2] if key[0] in ("l1", "l2") else key[1]
        types[w][kinds[key[0]]] += 1
        if v >= PRUNE:
            ctx_chars.update(key[1] if key[0] in ("l1", "l2") else key[2])
    cl = sorted(ctx_chars, key=ord)
    if len(cl) + 1 >= (1 << CHAR_BITS):
        sys.exit("gen_mask_model: %d context characters do not fit %d bits" % (len(cl), CHAR_BITS))
    cid = {c: i + 1 for i, c in enumerate(cl)}

    l1, r1 = [], []
    l2 = collections.defaultdict(list)
    r2 = collections.defaultdict(list)
    for key, v in counts.items():
        if key[0] == "w" or v < PRUNE:
            continue
        q = quantise(v)
        if key[0] == "l1":
            l1.append((((cid[key[1]] << WORD_BITS) | wid[key[2]]) << Q_BITS) | q)
        elif key[0] == "r1":
            r1.append((((cid[key[2]] << WORD_BITS) | wid[key[1]]) << Q_BITS) | q)
        elif key[0] == "l2":
            near, far = key[1][1], key[1][0]
            l2[wid[key[2]]].append((((cid[near] << CHAR_BITS) | cid[far]) << Q_BITS) | q)
        else:
            near, far = key[2][0], key[2][1]
            r2[wid[key[1]]].append((((cid[near] << CHAR_BITS) | cid[far]) << Q_BITS) | q)
    l1.sort()
    r1.sort()

    def flat(per_word):
        offs, vals = [0], []
        for i in range(len(wl)):
            vals.extend(sorted(per_word.get(i, [])))
            offs.append(len(vals))
        return offs, vals

    l2_off, l2_v = flat(l2)
    r2_off, r2_v = flat(r2)
    char_total = sum(chars.values())

    def arr(f, ctype, name, values, per_line=10, fmt="%d"):
        f.write("const %s %s[%d] = {\n" % (ctype, name, len(values)))
        for i in range(0, len(values), per_line):
            f.write("    " + ",".join(fmt % v for v in values[i:i + per_line]) + ",\n")
        f.write("};\n")

    def cstr(s):
        # UTF-8 as is; only the characters C treats specially are escaped.
        return "".join("\\" + c if c in '"\\?' else c for c in s)

    word_text = "".join(wl).encode("utf-8")
    word_off = [0]
    for w in wl:
        word_off.append(word_off[-1] + len(w.encode("utf-8")))

    nchars = sum(len(l) for ls in docs.values() for l in ls)
    with open(out, "w", encoding="utf-8") as f:
        f.write("/* GENERATED by scripts/gen_mask_model.py -- do not edit.\n"
                " *\n"
                " * The mask pass's language model, computed from the clean governance corpus\n"
                " * (%d documents, %d characters; ../shared/data/gov, see its MANIFEST.tsv).\n"
                " * %d candidate words (2-%d characters, seen >= %d times, branching entropy >= %.1f,\n"
                " * cohesion >= %.1f); context pairs seen >= %d times: %d l1, %d r1, %d l2, %d r2;\n"
                " * %d context characters.  Layout: see mask_model.h and the generator.\n"
                " */\n" % (len(docs), nchars, len(wl), MAX_LEN, MIN_COUNT, H_MIN, PMI_MIN, PRUNE,
                           len(l1), len(r1), len(l2_v), len(r2_v), len(cl)))
        f.write('#include "repair/mask_model.h"\n\n')
        f.write("#if GT_MASK_CHAR_BITS != %d || GT_MASK_WORD_BITS != %d || GT_MASK_Q_BITS != %d\n"
                "#error \"mask_model.h does not match the generated model\"\n#endif\n\n"
                % (CHAR_BITS, WORD_BITS, Q_BITS))
        f.write("const uint32_t gt_mask_nchars = %d;\n" % len(cl))
        f.write("const uint32_t gt_mask_nwords = %d;\n" % len(wl))
        f.write("const uint64_t gt_mask_char_total = %d;\n" % char_total)
        f.write("const uint32_t gt_mask_n_l1 = %d;\n" % len(l1))
        f.write("const uint32_t gt_mask_n_r1 = %d;\n\n" % len(r1))
        f.write("/* Context characters, sorted; index = position + 1. */\n")
        arr(f, "uint32_t", "gt_mask_chars", [ord(c) for c in cl], 10, "0x%x")
        f.write("/* Corpus count of each context character. */\n")
        arr(f, "uint32_t", "gt_mask_char_count", [chars[c] for c in cl])
        f.write("/* Quantised count -> count. */\n")
        arr(f, "uint32_t", "gt_mask_qcount", [qvalue(q) for q in range(QMAX + 1)], 8)
        f.write("/* Words, sorted by FNV-1a 64 of their UTF-8; the index is the word id. */\n")
        arr(f, "uint64_t", "gt_mask_word_hash", hashes, 4, "0x%016xull")
        arr(f, "uint32_t", "gt_mask_word_off", word_off, 12)
        f.write("const char gt_mask_word_text[%d] =\n" % (len(word_text) + 1))
        for i in range(0, len(wl), 16):
            f.write('    "%s"\n' % cstr("".join(wl[i:i + 16])))
        f.write("    ;\n")
        arr(f, "uint32_t", "gt_mask_word_count", [words[w] for w in wl], 12)
        f.write("/* Distinct l1, l2, r1, r2 contexts of each word (before pruning). */\n")
        f.write("const uint16_t gt_mask_word_types[%d][4] = {\n" % len(wl))
        for i in range(0, len(wl), 6):
            f.write("    " + "".join("{%d,%d,%d,%d}," % tuple(min(x, 65535) for x in types[w])
                                     for w in wl[i:i + 6]) + "\n")
        f.write("};\n")
        f.write("/* (char << WORD_BITS | word) << Q_BITS | q, sorted. */\n")
        arr(f, "uint32_t", "gt_mask_l1", l1, 8)
        arr(f, "uint32_t", "gt_mask_r1", r1, 8)
        f.write("/* Per word [off[w], off[w+1]): (near << CHAR_BITS | far) << Q_BITS | q, sorted. */\n")
        arr(f, "uint32_t", "gt_mask_l2_off", l2_off, 10)
        arr(f, "uint32_t", "gt_mask_l2", l2_v, 8)
        arr(f, "uint32_t", "gt_mask_r2_off", r2_off, 10)
        arr(f, "uint32_t", "gt_mask_r2", r2_v, 8)
    return len(wl), len(l1) + len(r1) + len(l2_v) + len(r2_v)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "gov"))
    ap.add_argument("--out", default=os.path.join(ROOT, "lib", "repair", "mask_model.c"))
    args = ap.parse_args()
    docs = load_corpus(args.corpus)
    if not docs:
        sys.exit("gen_mask_model: no *.txt in %s" % args.corpus)
    words, counts, chars = build(docs)
    nw, ne = write_model(args.out, docs, words, counts, chars)
    print("gen_mask_model: %d documents, %d words, %d context entries, %d bytes -> %s"
          % (len(docs), nw, ne, os.path.getsize(args.out), os.path.relpath(args.out, ROOT)))


if __name__ == "__main__":
    main()
