#!/usr/bin/env python3
"""load_and_repair: loads a scraped file with libgovtext, repairs it, reports
on stderr what was detected, the counters and the first edits, segments the
repaired text (its first sentences, and the first words with their tags and
source bytes), and writes the repaired UTF-8 text to stdout.  Given a
folder, it then indexes every file in it (loaded and repaired) into a
temporary index file and searches it (QUERY, default 政府工作报告), printing
the hits with snippets on stderr.

    load_and_repair.py [--script auto|keep|hans|hant] [--skip PASS,...] [--edits N]
                       [--sentences N] [--words N] [--mode precise|index]
                       FILE [DIR [QUERY]]

Needs the govtext package (pip install bindings/python, see
bindings/README.md) and libgovtext.so.1 (or GOVTEXT_LIBRARY=/path/to/it).
Exit status: 0 on success, 1 on a library or output error, 2 on bad usage.
"""

import argparse
import os
import sys
import tempfile

import govtext


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("dir", nargs="?", help="a folder to index and search")
    ap.add_argument("query", nargs="?", default="政府工作报告", help="what to search for")
    ap.add_argument("--script", default="auto", choices=["auto", "keep", "hans", "hant"])
    ap.add_argument("--skip", default="", help="passes not to run, e.g. html,spam")
    ap.add_argument("--edits", type=int, default=10, help="how many edits to show")
    ap.add_argument("--sentences", type=int, default=3, help="how many sentences to show")
    ap.add_argument("--words", type=int, default=20, help="how many words to show")
    ap.add_argument("--mode", default="precise", choices=["precise", "index"],
                    help="word segmentation mode")
    args = ap.parse_args(argv)

    try:
        with govtext.Doc.from_file(args.file) as doc:
            doc.repair(skip=args.skip or None, script=args.script)
            err = sys.stderr
            print("encoding: %s" % doc.encoding, file=err)
            print("confidence: %.3f" % doc.confidence, file=err)
            for counter, value in doc.counters().items():
                if value:
                    print("%s: %d" % (counter.name.lower(), value), file=err)
            print("edits: %d" % doc.edit_count, file=err)
            for i, e in enumerate(doc.edits()):
                if i == args.edits:
                    break
                print("  %-10s text[%d:%d] source[%d:%d] %r -> %r"
                      % (e.kind_name, e.start, e.end, e.src_start, e.src_end, e.old_text,
                         e.new_text), file=err)
            segment(doc, args, err)
            sys.stdout.write(doc.text)
            sys.stdout.flush()
        if args.dir:
            return index_and_search(args.dir, args.query, sys.stderr)
    except govtext.GovtextError as e:
        print("load_and_repair: %s" % e, file=sys.stderr)
        return 1
    except ValueError as e:  # a bad --skip name
        print("load_and_repair: %s" % e, file=sys.stderr)
        return 2
    except OSError as e:
        print("load_and_repair: writing stdout: %s" % e, file=sys.stderr)
        return 1
    return 0


def segment(doc, args, err):
    """Prints the first sentences and words of the repaired text.  A real
    program loads the lexicon once and shares it; each thread makes its own
    Segmenter from it."""
    with govtext.Lexicon.default() as lex, govtext.Segmenter(lex) as seg:
        sentences = seg.sentences(doc)
        print("sentences: %d" % len(sentences), file=err)
        for s in sentences[:args.sentences]:
            print("  [%d:%d] %s" % (s.start, s.end, s.text), file=err)
        words = seg.words(doc, mode=args.mode)
        print("words: %d" % len(words), file=err)
        for i, w in enumerate(words):  # Tokens are made as they are read
            if i == args.words:
                break
            # str indices into doc.text; src_start/src_end index doc.source
            print("  %-12s %-8s %-4s text[%d:%d] source[%d:%d]"
                  % (w.text, w.kind.name.lower(), w.tag, w.start, w.end, w.src_start,
                     w.src_end), file=err)


def index_and_search(folder, query, err):
    """Indexes the files of folder (loaded and repaired; a file that fails is
    skipped with a message) into a temporary index file, and prints the
    best hits of query with their snippets.  Returns the exit status."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as e:
        print("load_and_repair: %s" % e, file=err)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "index.gtx")
        with govtext.IndexWriter() as w:  # words from the default lexicon
            for name in names:
                f = os.path.join(folder, name)
                if not os.path.isfile(f):
                    continue
                try:
                    with govtext.Doc.from_file(f) as doc:
                        doc.repair()
                        w.add(name, doc)
                except govtext.GovtextError as e:
                    print("load_and_repair: skipping %s: %s" % (f, e), file=err)
            w.save(path)
            print("indexed: %d documents from %s" % (len(w), folder), file=err)
        with govtext.Index(path) as idx:  # share it between threads
            r = idx.search(query, limit=5, snippets=True, snippet_chars=12)
            print("search %s: %d documents" % (query, r.total), file=err)
            for h in r:  # h.start/h.end: str indices into the document's text
                print("  %s %.3f %d [%d:%d] %s" % (h.id, h.score, h.occurrences, h.start, h.end,
                                                   h.snippet.replace("\n", " ")), file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
