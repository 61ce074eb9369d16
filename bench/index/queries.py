#!/usr/bin/env python3
"""Builds the query set of the index benchmark from the PKU gold file
(sighan/gold/pku_test_gold.utf8), with a fixed seed.  Kinds:
  word2/word3/word4  a gold word of 2, 3 or 4 Han characters
  phrase             2-3 consecutive gold words of one line, written together
  and                two words of one line (or of two lines), space-separated
  acrosspunct        the end of a word and the start of the next one across a
                     punctuation token (tests n-gram indexes that drop it)
  absent             2-4 characters of gold words recombined into a string that
                     occurs nowhere in the base collection (every corpus is made
                     of its documents, so nowhere in any corpus)
  queries.py DATA_DIR OUT.tsv [--seed N] [--per-kind N]
writes KIND<TAB>QUERY lines.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

SEED = 5


def is_han(s):
    return bool(s) and all(0x4E00 <= ord(c) <= 0x9FFF or 0x3400 <= ord(c) <= 0x4DBF or
                           0x20000 <= ord(c) <= 0x3FFFF or 0xF900 <= ord(c) <= 0xFAFF for c in s)


def gold_lines(data):
    with open(os.path.join(data, corpus.PD_GOLD), encoding="utf-8") as f:
        return [l.split() for l in corpus._clean(f.read()).split("\n") if l.strip()]


def build(data, seed=SEED, per_kind=50):
    rng = random.Random(seed)
    lines = gold_lines(data)
    base = "\x00".join(d["text"] for d in corpus.base_documents(data))
    out = []

    def pick(kind, candidates, n):
        cands = sorted(set(candidates))
        for q in rng.sample(cands, min(n, len(cands))):
            out.append((kind, q))

    words = [w for l in lines for w in l if is_han(w)]
    for n in (2, 3, 4):
        pick("word%d" % n, [w for w in words if len(w) == n], per_kind)
    phrases = []
    for l in lines:
        for i in range(len(l)):
            for k in (2, 3):
                ws = l[i:i + k]
                if len(ws) == k and all(is_han(w) for w in ws) and 4 <= len("".join(ws)) <= 8:
                    phrases.append("".join(ws))
    pick("phrase", phrases, per_kind)
    ands = []
    for l in lines:
        hw = [w for w in l if is_han(w) and len(w) >= 2]
        if len(hw) >= 3:
            a, b = rng.sample(hw, 2)
            if a != b and a not in b and b not in a:
                ands.append(a + " " + b)
    pick("and", ands, per_kind * 7 // 10)
    long_words = sorted(set(w for w in words if len(w) >= 2))
    pick("and", [" ".join(rng.sample(long_words, 2)) for _ in range(200)], per_kind * 3 // 10)
    across = []
    for l in lines:
        for i in range(1, len(l) - 1):
            a, p, b = l[i - 1], l[i], l[i + 1]
            if is_han(a) and is_han(b) and not is_han(p) and not p.isalnum():
                across.append(a[-rng.randint(1, min(2, len(a))):] + b[:rng.randint(1, min(2, len(b)))])
    pick("acrosspunct", [q for q in across if len(q) >= 2], per_kind)
    chars = [c for w in words for c in w]
    absent = set()
    while len(absent) < per_kind:
        q = "".join(rng.choice(chars) for _ in range(rng.randint(2, 4)))
        if q not in base:
            absent.add(q)
    pick("absent", absent, per_kind)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-kind", type=int, default=50)
    a = ap.parse_args()
    qs = build(a.data, a.seed, a.per_kind)
    with open(a.out, "w", encoding="utf-8") as f:
        for kind, q in qs:
            f.write("%s\t%s\n" % (kind, q))
    print("%s: %d queries" % (a.out, len(qs)))


if __name__ == "__main__":
    sys.exit(main())
