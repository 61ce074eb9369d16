#!/usr/bin/env python3
"""The reference answers: plain substring search over the JSON Lines texts.
A query's space-separated parts must each occur in a document's "text", as
a contiguous string; the hits are every such document.
  brute_force.py CORPUS.jsonl QUERIES.tsv > REFERENCE.jsonl
QUERIES.tsv holds KIND<TAB>QUERY lines; the output has one JSON line per
query, as `govtext search --batch --limit 0` writes them (no scores)."""
import bisect
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402


class BruteForce:
    def __init__(self, path):
        self.ids, texts = corpus.read_corpus(path)
        # One string, documents separated by NUL (no query contains it), and
        # each document's start, to map a match to its document.
        self.starts = []
        pos = 0
        for t in texts:
            self.starts.append(pos)
            pos += len(t) + 1
        self.all = "\x00".join(texts)

    def docs_with(self, part):
        """Indexes of the documents that contain part."""
        found, s, find = [], self.all, self.all.find
        i = find(part)
        while i >= 0:
            d = bisect.bisect_right(self.starts, i) - 1
            found.append(d)
            nxt = self.starts[d + 1] if d + 1 < len(self.starts) else len(s)
            i = find(part, nxt)
        return found

    def search(self, query):
        hits = None
        for part in query.split():
            docs = set(self.docs_with(part))
            hits = docs if hits is None else hits & docs
        return sorted(hits or ())


def read_queries(path):
    """[(kind, query)] of a KIND<TAB>QUERY file."""
    with open(path, encoding="utf-8") as f:
        return [tuple(l.rstrip("\n").split("\t", 1)) for l in f if l.strip()]


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    bf = BruteForce(sys.argv[1])
    out = sys.stdout
    for _, q in read_queries(sys.argv[2]):
        t0 = time.perf_counter()
        hits = bf.search(q)
        micros = (time.perf_counter() - t0) * 1e6
        out.write(json.dumps({"query": q, "total": len(hits), "hits": [{"id": bf.ids[d]} for d in hits],
                              "micros": round(micros, 1)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
