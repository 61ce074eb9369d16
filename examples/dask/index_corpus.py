#!/usr/bin/env python3
"""index_corpus: repairs, segments and indexes a corpus on a Dask cluster,
one index shard per partition, then merges the shards into one index (and
shows a query fanned out to the shards).

    index_corpus.py [--workers N | --scheduler ADDRESS] [--partitions P] [--pattern GLOB]
                    [--no-words] [--shards-dir DIR] [--ship-shards]
                    [--query Q ...] [--snippets] (--jsonl FILE | DIR) OUT.gtx

Input: a folder (its regular files matching --pattern, in any encoding
libgovtext detects; the id is the file name) or a JSON Lines file (one object a line: "id",
"text", and optional "title", "date", "source", "year").  The input is cut
into P partitions (files; or line-aligned byte ranges of the JSON Lines
file, which each worker reads itself).  Each worker task loads and repairs
its partition's documents, counts their sentences, indexes them (the index
writer segments each text into words for word: queries) and saves a shard.
The client then merges the shards with IndexWriter.add_index into OUT.gtx,
and runs the queries twice: on the merged index, and fanned out to the
shards (a task per shard, the hits merged by score).

    # a local cluster: 3 worker processes on this machine
    index_corpus.py --workers 3 --partitions 6 corpus/ corpus.gtx
    # a real cluster (dask-scheduler, and dask-worker on each machine, with
    # libgovtext.so.1 and the govtext package installed on every worker)
    index_corpus.py --scheduler tcp://10.0.0.1:8786 --shards-dir /shared/shards \\
        --jsonl /shared/corpus.jsonl corpus.gtx

On a real cluster the workers need to read the input and (unless
--ship-shards) write the shards where the client reads them: a shared
filesystem.  --ship-shards sends each shard's bytes back to the client
instead (fine for shards of some hundreds of MB).

Needs Debian's python3-dask and python3-distributed, and the govtext
package (bindings/python) and libgovtext.so.1 on the client and on every
worker.  Exit status: 0 on success, 1 on a failure, 2 on bad usage.
"""

import argparse
import fnmatch
import heapq
import json
import os
import sys
import tempfile
import time


# --- partitions ----------------------------------------------------------------------


def folder_partitions(folder, n, pattern="*"):
    """The regular files of folder whose names match pattern, dealt into at
    most n lists of about equal total size."""
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                   if fnmatch.fnmatch(f, pattern) and os.path.isfile(os.path.join(folder, f)))
    parts = [[] for _ in range(max(1, min(n, len(files))))]
    sizes = [0] * len(parts)
    for f in sorted(files, key=os.path.getsize, reverse=True):  # largest first
        i = sizes.index(min(sizes))
        parts[i].append(f)
        sizes[i] += os.path.getsize(f)
    return [("files", sorted(p)) for p in parts if p]


def jsonl_partitions(path, n):
    """n byte ranges of a JSON Lines file; a range owns the lines that start
    inside it (the worker reads them)."""
    size = os.path.getsize(path)
    n = max(1, min(n, size or 1))
    cuts = [size * i // n for i in range(n + 1)]
    return [("jsonl", (path, cuts[i], cuts[i + 1])) for i in range(n) if cuts[i] < cuts[i + 1]]


def read_jsonl_range(path, start, end):
    """Yields the objects of the lines that start in [start, end)."""
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            f.readline()  # the line running into the range belongs to the previous one
        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            if line.strip():
                yield json.loads(line)


# --- the worker's task -----------------------------------------------------------------


def build_shard(part, shard_path, no_words=False, ship=False):
    """Loads, repairs, segments and indexes one partition into a shard file.
    Returns a summary (and the shard's bytes with ship=True).  A document
    that fails is reported, not fatal."""
    import govtext  # on the worker

    t0 = time.time()
    kind, what = part
    docs = sentences = edits = 0
    errors = []
    with govtext.Lexicon.default() as lex, \
            govtext.Segmenter(lex) as seg, \
            govtext.IndexWriter(None if no_words else lex, no_words=no_words) as w:

        def add(doc_id, doc, meta):
            nonlocal docs, sentences, edits
            doc.repair()
            edits += doc.edit_count
            sentences += len(seg.sentences(doc))
            w.add(doc_id, doc, **meta)
            docs += 1

        if kind == "files":
            for path in what:
                try:
                    with govtext.Doc.from_file(path) as doc:
                        add(os.path.basename(path), doc, {})
                except (govtext.GovtextError, OSError) as e:
                    errors.append("%s: %s" % (path, e))
        else:
            for obj in read_jsonl_range(*what):
                try:
                    meta = {k: obj[k] for k in ("title", "date", "source", "year") if obj.get(k)}
                    with govtext.Doc.from_text(obj["text"]) as doc:
                        add(str(obj["id"]), doc, meta)
                except (govtext.GovtextError, KeyError, TypeError, ValueError) as e:
                    errors.append("%s: %s" % (obj.get("id", "?") if isinstance(obj, dict)
                                              else "?", e))
        w.save(shard_path)
    out = {"shard": shard_path, "docs": docs, "sentences": sentences, "edits": edits,
           "errors": errors, "seconds": time.time() - t0, "pid": os.getpid(),
           "bytes": os.path.getsize(shard_path)}
    if ship:
        with open(shard_path, "rb") as f:
            out["data"] = f.read()
        os.remove(shard_path)
    return out


def search_shard(shard_path, query, limit, snippets):
    """A query on one shard: (total, [(score, id, snippet)])."""
    import govtext

    with govtext.Index(shard_path) as idx:
        r = idx.search(query, limit=limit, snippets=snippets)
        return r.total, [(h.score, h.id, h.snippet) for h in r]


# --- the client ------------------------------------------------------------------------


def merge_shards(shard_paths, out_path, no_words=False):
    """Merges the shards into one index at out_path; returns its document
    count.  (A document id in two shards: the later shard's copy wins.)"""
    import govtext

    indexes = [govtext.Index(p) for p in shard_paths]
    try:
        with govtext.IndexWriter(no_words=no_words) as w:
            for idx in indexes:
                w.add_index(idx)
            w.save(out_path)
            return len(w)
    finally:
        for idx in indexes:
            idx.close()


def fan_out(client, shard_paths, query, limit=10, snippets=False):
    """A query run on every shard by the workers; the hits merged by score.
    The total is exact (matching is exact, and a document is in one shard);
    BM25 scores use each shard's own statistics, so the order can differ a
    little from the merged index's."""
    futures = [client.submit(search_shard, p, query, limit, snippets, pure=False)
               for p in shard_paths]
    total = 0
    hits = []
    for t, h in client.gather(futures):
        total += t
        hits.extend(h)
    return total, heapq.nlargest(limit, hits, key=lambda h: h[0])


def run(client, args, err=None):
    err = err or sys.stderr
    if args.jsonl:
        parts = jsonl_partitions(args.jsonl, args.partitions)
    else:
        parts = folder_partitions(args.input, args.partitions, args.pattern)
    if not parts:
        print("index_corpus: nothing to index", file=err)
        return 1
    shards_dir = args.shards_dir or tempfile.mkdtemp(prefix="govtext-shards-")
    os.makedirs(shards_dir, exist_ok=True)
    # Makes this module importable on the workers (when it is imported, not
    # run as a script: then its functions travel by value).
    if __name__ != "__main__":
        client.upload_file(os.path.abspath(__file__))

    t0 = time.time()
    if args.ship_shards:  # a scratch file on the worker's machine, sent back
        tag = "%d-%d" % (os.getpid(), int(t0 * 1000))
        worker_paths = [os.path.join(tempfile.gettempdir(), "govtext-shard-%s-%03d.gtx" % (tag, i))
                        for i in range(len(parts))]
    else:
        worker_paths = [os.path.join(shards_dir, "shard-%03d.gtx" % i) for i in range(len(parts))]
    futures = [client.submit(build_shard, part, path, args.no_words, args.ship_shards, pure=False)
               for part, path in zip(parts, worker_paths)]
    results = client.gather(futures)
    shard_paths = []
    for i, r in enumerate(results):
        path = os.path.join(shards_dir, "shard-%03d.gtx" % i)
        if args.ship_shards:
            with open(path, "wb") as f:
                f.write(r.pop("data"))
        shard_paths.append(path)
        print("shard %d: %d documents, %d sentences, %d edits, %d bytes, %.2f s on worker pid %d"
              % (i, r["docs"], r["sentences"], r["edits"], r["bytes"], r["seconds"], r["pid"]),
              file=err)
        for e in r["errors"]:
            print("  skipped %s" % e, file=err)
    built = time.time() - t0
    n = merge_shards(shard_paths, args.out, args.no_words)
    print("shards: %d built in %.2f s by %d worker processes; merged into %s: %d documents"
          % (len(shard_paths), built, len({r["pid"] for r in results}), args.out, n), file=err)

    import govtext
    ok = True
    with govtext.Index(args.out) as idx:
        for q in args.query:
            r = idx.search(q, limit=args.limit, snippets=args.snippets)
            total, fanned = fan_out(client, shard_paths, q, args.limit, args.snippets)
            print("query %r: merged %d, fan-out %d" % (q, r.total, total))
            for h in r:
                print("  %.4f %s %s" % (h.score, h.id,
                                        (h.snippet or "").replace("\n", " ")))
            print("  fan-out: %s" % " ".join("%s:%.4f" % (i, s) for s, i, _ in fanned))
            ok = ok and r.total == total
    if not ok:
        print("index_corpus: fan-out totals differ from the merged index's", file=err)
    if not args.shards_dir:
        for p in shard_paths:
            os.remove(p)
        os.rmdir(shards_dir)
    return 0 if ok else 1


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", help="a folder of documents")
    ap.add_argument("out", help="the merged index file")
    ap.add_argument("--jsonl", help="a JSON Lines corpus instead of a folder")
    ap.add_argument("--pattern", default="*", help="the folder's files to index (default *)")
    ap.add_argument("--workers", type=int, default=3,
                    help="worker processes of a local cluster (default 3)")
    ap.add_argument("--scheduler", help="a running cluster's scheduler address")
    ap.add_argument("--partitions", type=int, default=0,
                    help="partitions (default: 2 per worker)")
    ap.add_argument("--no-words", action="store_true", help="index character pairs only")
    ap.add_argument("--shards-dir", help="where the shards go (kept); default a temporary dir")
    ap.add_argument("--ship-shards", action="store_true",
                    help="workers send the shards' bytes back (no shared filesystem)")
    ap.add_argument("--query", action="append", default=[], help="a query to run (repeatable)")
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--snippets", action="store_true")
    args = ap.parse_args(argv)
    if bool(args.jsonl) == bool(args.input):
        ap.error("give a folder or --jsonl FILE")
    if args.partitions <= 0:
        args.partitions = 2 * max(1, args.workers)
    return args


def main(argv=None, client=None):
    args = parse_args(argv)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        print("index_corpus: needs dask.distributed (Debian: python3-dask python3-distributed): %s"
              % e, file=sys.stderr)
        return 1
    import govtext
    try:
        if client is not None:
            return run(client, args)
        if args.scheduler:
            with Client(args.scheduler) as c:
                return run(c, args)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as c:
            return run(c, args)
    except (govtext.GovtextError, OSError) as e:
        print("index_corpus: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
