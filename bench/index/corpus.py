#!/usr/bin/env python3
"""Builds the JSON Lines corpora of the index benchmark from ../shared/data.

Base collection (read at run time, never copied into the repository):
  - People's Daily: sighan/gold/pku_test_gold.utf8 de-segmented (spaces
    removed), cut into article-sized documents of consecutive lines
    (1,500-4,000 bytes, drawn with a fixed seed); ids pd/0001, ...
  - governance: every gov/*.txt as one document, id gov/<file>, with title,
    year and source from gov/MANIFEST.tsv.
The base is about 5.8 MB.  A corpus of S MB takes base documents in a fixed
shuffled order until the text reaches S * 10^6 bytes, going round again as
often as needed with distinct ids (gov/x.txt#2, #3, ...): the 50 MB corpus
is the base about nine times over, and says so.

  corpus.py DATA_DIR OUT_DIR [--sizes 5,50] [--seed N]
writes OUT_DIR/corpus-<S>mb.jsonl and prints one line of figures per file.
"""
import argparse
import json
import os
import random
import sys

SEED = 20261127
PD_GOLD = "sighan/gold/pku_test_gold.utf8"


def _clean(text):
    """Line ends as the library's loader would make them (so that line
    counts survive segmentation), no BOM."""
    text = text.lstrip("\ufeff")
    for a in ("\r\n", "\r", "\x85", "\u2028", "\u2029"):
        text = text.replace(a, "\n")
    return text


def people_daily_lines(data):
    """The de-segmented People's Daily lines (empty lines dropped)."""
    with open(os.path.join(data, PD_GOLD), encoding="utf-8") as f:
        return [l for l in ("".join(line.split()) for line in _clean(f.read()).split("\n")) if l]


def base_documents(data, seed=SEED):
    """The base collection: a list of dicts (id, text, optional fields)."""
    docs = []
    rng = random.Random(seed)
    lines = people_daily_lines(data)
    i = 0
    while i < len(lines):
        target, size, start = rng.randint(1500, 4000), 0, i
        while i < len(lines) and size < target:
            size += len(lines[i].encode("utf-8")) + 1
            i += 1
        docs.append({"id": "pd/%04d" % (len(docs) + 1), "text": "\n".join(lines[start:i]),
                     "source": "People's Daily (SIGHAN 2005 PKU test)"})
    manifest = {}
    gov = os.path.join(data, "gov")
    try:
        with open(os.path.join(gov, "MANIFEST.tsv"), encoding="utf-8") as f:
            head = f.readline().rstrip("\n").split("\t")
            for line in f:
                row = dict(zip(head, line.rstrip("\n").split("\t")))
                manifest[row.get("filename")] = row
    except OSError:
        pass
    for name in sorted(os.listdir(gov)):
        path = os.path.join(gov, name)
        if not name.endswith(".txt") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            doc = {"id": "gov/" + name, "text": _clean(f.read())}
        row = manifest.get(name, {})
        if row.get("title"):
            doc["title"] = row["title"]
        if row.get("year", "").isdigit():
            doc["year"] = int(row["year"])
        if row.get("source_repo"):
            doc["source"] = row["source_repo"]
        docs.append(doc)
    rng.shuffle(docs)
    return docs


def text_bytes(doc):
    return len(doc["text"].encode("utf-8"))


def write_corpus(base, path, megabytes):
    """Writes base documents (repeated with distinct ids when needed) until
    the text reaches megabytes * 10^6 bytes; returns (docs, bytes, rounds)."""
    goal = int(megabytes * 1e6)
    total = n = 0
    rounds = 1
    with open(path, "w", encoding="utf-8") as out:
        while total < goal:
            for doc in base:
                if total >= goal:
                    break
                d = dict(doc)
                if rounds > 1:
                    d["id"] = "%s#%d" % (doc["id"], rounds)
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
                total += text_bytes(doc)
                n += 1
            else:
                rounds += 1
                continue
            break
    return n, total, rounds


def read_corpus(path):
    """(ids, texts) of a JSON Lines corpus."""
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                ids.append(d["id"])
                texts.append(d["text"])
    return ids, texts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--sizes", default="5,50")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    base = base_documents(a.data, a.seed)
    base_bytes = sum(map(text_bytes, base))
    os.makedirs(a.out, exist_ok=True)
    for s in a.sizes.split(","):
        path = os.path.join(a.out, "corpus-%smb.jsonl" % s)
        n, total, rounds = write_corpus(base, path, float(s))
        print("%s: %d documents, %.1f MB of text (base %.1f MB in %d documents, %s)"
              % (path, n, total / 1e6, base_bytes / 1e6, len(base),
                 "repeated: %d rounds with distinct ids" % rounds if rounds > 1 else "not repeated"))


if __name__ == "__main__":
    sys.exit(main())
