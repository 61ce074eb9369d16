#!/usr/bin/env python3
"""The index benchmark: builds the corpora and the query set, the brute-force
reference, then for each engine builds an index of each corpus, runs the
query set twice in one process and reports, from the same run:
  build MB/s    text bytes (10^6) / wall time of the build process
  size/text     bytes allocated on disk by the index / text bytes
  peak RSS      of the build process (and of the search process)
  p50, p99      per-query time of the second (warm) pass, measured inside
                the searching process, all hits collected (--limit 0)
  exact         queries whose hit set differs from brute-force substring search
Engines: ours (`govtext index build`, `govtext search --batch --limit 0`),
and the peers of bench/index/ (Groonga, SQLite FTS5 trigram, SQLite FTS5
unicode61 over text segmented by `govtext segment --format sighan` and,
unless --no-jieba, by jieba (python3-jieba, precise mode), Xapian
with CJK n-grams); a missing one is shown as not available.

  bench_index.py --govtext PATH [--peers DIR] [--data DIR] [--work DIR]
                 [--sizes 5,50] [--jobs N] [--exact-only] [--keep]
                 [--no-jieba] [--runs N]
--exact-only: only our engine, only the exactness check (exit 1 on any
difference; exit 0, with a message, when the data or `govtext index` is
missing).  --runs N: build every index N times and keep the fastest (the
machine is shared; the exactness and size are those of the last build)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = "/usr/bin/time"
sys.path.insert(0, HERE)
import brute_force  # noqa: E402
import compare  # noqa: E402
import corpus  # noqa: E402
import queries  # noqa: E402


def run(cmd, stdin=None, stdout=None, stderr=None):
    """Runs cmd; returns (exit code, wall seconds, peak RSS in MB).

    The peak RSS comes from /usr/bin/time when it is there: Linux carries a
    process's peak RSS across exec, so the rusage of a child spawned by this
    (much larger) Python process would report Python's peak, not the
    program's; time(1) forks the program from a small process."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
    ferr = open(stderr, "wb") if stderr else subprocess.DEVNULL
    rss_file = None
    if os.access(TIME, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="rss-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", rss_file] + list(cmd)
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
        _, status, usage = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for f in (fin, fout, ferr):
            if f is not subprocess.DEVNULL:
                f.close()
    rss = usage.ru_maxrss
    if rss_file:
        with open(rss_file) as f:
            lines = f.read().split()
        os.remove(rss_file)
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else float("nan")
    return p.returncode, secs, rss / 1024.0


def disk_bytes(path, exclude_prefix=None):
    """Bytes allocated on disk under path (a file or a directory), leaving
    out files whose path starts with exclude_prefix."""
    paths = [path]
    if os.path.isdir(path):
        paths = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]
    return sum(os.stat(p).st_blocks * 512 for p in paths
               if not (exclude_prefix and p.startswith(exclude_prefix)))


def tail(path, n=5):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return " | ".join(f.read().strip().splitlines()[-n:])
    except OSError:
        return ""


def percentile(xs, p):
    """Nearest-rank percentile."""
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = max(0, min(len(xs) - 1, int(-(-p * len(xs) // 100)) - 1))
    return xs[k]


def pkg_version(name):
    try:
        return subprocess.run(["pkg-config", "--modversion", name], capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


class Ctx:
    """What every engine run needs: the work folder, the query files."""

    def __init__(self, args, work, qkinds, qtexts):
        self.args, self.work = args, work
        self.kinds, self.queries = qkinds, qtexts
        self.q_plain = os.path.join(work, "queries.txt")     # as typed, one per line
        self.q_twice = os.path.join(work, "queries-twice.txt")
        self.q_parts = os.path.join(work, "queries-parts.txt")  # parts separated by TABs
        with open(self.q_plain, "w", encoding="utf-8") as f:
            f.writelines(q + "\n" for q in qtexts)
        with open(self.q_twice, "w", encoding="utf-8") as f:
            f.writelines(q + "\n" for q in qtexts + qtexts)
        with open(self.q_parts, "w", encoding="utf-8") as f:
            f.writelines("\t".join(q.split()) + "\n" for q in qtexts)


def probe_ours(govtext, work):
    """None when `govtext index` works on a two-document corpus, else why not
    ("absent: ..." when the command does not exist)."""
    d = os.path.join(work, "probe")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "probe.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": "治理体系和治理能力现代化"}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "b", "text": "全面深化改革，发展。"}, ensure_ascii=False) + "\n")
    idx, err = os.path.join(d, "probe.idx"), os.path.join(d, "err.txt")
    rc, _, _ = run([govtext, "index", "build", "--out", idx, src], stderr=err)
    if rc != 0:
        msg = tail(err, 1000)
        if "unknown command" in msg or not os.path.exists(govtext):
            return "absent: " + (tail(err, 1000).split(" | ")[0] or "no govtext at " + govtext)
        return "index build failed on a two-document corpus: " + tail(err)
    return None


def result_row(name, ctx, reference, answers_path, build, search, size, note="", warm_half=False):
    """A table row from the runs and the answers file."""
    row = {"name": name, "note": note}
    try:
        answers = compare.read_answers(answers_path)
    except (OSError, ValueError) as e:
        row["error"] = "unreadable answers: %s" % e
        return row
    if warm_half:
        n = len(reference)
        if len(answers) == 2 * n:
            cold, answers = answers[:n], answers[n:]
            if any(compare.hit_ids(a) != compare.hit_ids(b) for a, b in zip(cold, answers)):
                row["note"] += " (cold and warm passes differ)"
    s = compare.compare(ctx.kinds, reference, answers)
    row.update(build=build, search=search, size=size, cmp=s)
    if "error" not in s:
        micros = [a.get("micros", float("nan")) for a in answers]
        row["p50"], row["p99"] = percentile(micros, 50) / 1000, percentile(micros, 99) / 1000
    return row


def build_best(ctx, cmd, idx, **files):
    """Runs the build --runs times (removing idx before each); returns the
    fastest run's (exit code, seconds, peak RSS), or the first failure."""
    best = None
    for _ in range(max(1, ctx.args.runs)):
        shutil.rmtree(idx, ignore_errors=True)
        if os.path.isfile(idx):
            os.remove(idx)
        r = run(cmd, **files)
        if r[0] != 0:
            return r
        best = r if best is None or r[1] < best[1] else best
    return best


def engine_ours(ctx, corp, nbytes, reference, why_not):
    name = "govtext index"
    if why_not:
        return {"name": name, "na": "not available (%s)" % why_not}
    d = os.path.join(ctx.work, "ours")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    idx = os.path.join(d, "index")
    cmd = [ctx.args.govtext, "index", "build", "--out", idx]
    if ctx.args.jobs:
        cmd += ["--jobs", str(ctx.args.jobs)]
    rc, secs, rss = build_best(ctx, cmd + [corp], idx, stderr=os.path.join(d, "build.err"))
    if rc != 0:
        return {"name": name, "error": "index build exit %d: %s" % (rc, tail(os.path.join(d, "build.err")))}
    size = disk_bytes(idx)
    ans = os.path.join(d, "answers.jsonl")
    rc2, ssecs, srss = run([ctx.args.govtext, "search", idx, "--batch", "--limit", "0"], stdin=ctx.q_twice,
                           stdout=ans, stderr=os.path.join(d, "search.err"))
    if rc2 != 0:
        return {"name": name, "error": "search exit %d: %s" % (rc2, tail(os.path.join(d, "search.err")))}
    row = result_row(name, ctx, reference, ans, (nbytes / 1e6 / secs, rss), srss, size / nbytes,
                     warm_half=True)
    if not ctx.args.keep:
        shutil.rmtree(idx, ignore_errors=True)
    return row


def engine_peer(ctx, name, cmd, corp, nbytes, reference, queries_file, extra_secs=0.0, note=""):
    """A bench/index peer: cmd + [build|search, DIR, FILE]."""
    if not os.access(cmd[0], os.X_OK):
        return {"name": name, "na": "not available (%s not built)" % os.path.basename(cmd[0])}
    d = os.path.join(ctx.work, "-".join([os.path.basename(cmd[0])] + cmd[1:]))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    idx = os.path.join(d, "index")
    out = os.path.join(d, "build.out")
    rc, secs, rss = build_best(ctx, cmd + ["build", idx, corp], idx, stdout=out,
                               stderr=os.path.join(d, "build.err"))
    if rc != 0:
        return {"name": name, "error": "build exit %d: %s" % (rc, tail(os.path.join(d, "build.err")))}
    stored = None  # Groonga keeps the text in its database: counted apart
    with open(out, encoding="utf-8") as f:
        for line in f:
            if line.startswith("text column: "):
                stored = line[len("text column: "):].strip()
    size = disk_bytes(idx, stored)
    if stored:
        note += "%s+%.2fx stored text" % ("; " if note else "", (disk_bytes(idx) - size) / nbytes)
    ans = os.path.join(d, "answers.jsonl")
    rc2, _, srss = run(cmd + ["search", idx, queries_file], stdout=ans, stderr=os.path.join(d, "search.err"))
    if rc2 != 0:
        return {"name": name, "error": "search exit %d: %s" % (rc2, tail(os.path.join(d, "search.err")))}
    row = result_row(name, ctx, reference, ans, (nbytes / 1e6 / (secs + extra_secs), rss), srss,
                     size / nbytes, note)
    if not ctx.args.keep:
        shutil.rmtree(idx, ignore_errors=True)
    return row


# jieba (Debian's python3-jieba, which the system python has) in its
# default precise mode with HMM, one output line per input line.
JIEBA = """import sys, jieba
jieba.setLogLevel(60)
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        sys.stdout.write(" ".join(w for w in jieba.lcut(line.rstrip("\\n")) if w.strip()) + "\\n")
"""


def segmenter_cmd(which, govtext):
    if which == "jieba":
        return ["/usr/bin/python3", "-c", JIEBA]
    return [govtext, "segment", "--format", "sighan"]


def segment_lines(cmd, lines, path_in, path_out):
    """Segments lines with cmd + [path_in] (words separated by spaces, one
    output line per input line); returns (lines, seconds) or (None, why)."""
    with open(path_in, "w", encoding="utf-8") as f:
        f.writelines(l + "\n" for l in lines)
    rc, secs, _ = run(cmd + [path_in], stdout=path_out, stderr=path_out + ".err")
    if rc != 0:
        return None, "segmenter exit %d: %s" % (rc, tail(path_out + ".err"))
    with open(path_out, encoding="utf-8") as f:
        out = f.read().split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != len(lines):
        return None, "the segmenter gave %d lines for %d" % (len(out), len(lines))
    return out, secs


def regroup(flat, counts):
    """flat cut into consecutive lists of counts[0], counts[1], ... items."""
    i = 0
    for n in counts:
        yield flat[i:i + n]
        i += n


def engine_fts5_segmented(ctx, corp, nbytes, reference, which):
    """FTS5 unicode61 over text and queries segmented by which (govtext or
    jieba): a query part becomes the phrase of its words."""
    name = "SQLite FTS5 unicode61, %s words" % which
    exe = os.path.join(ctx.args.peers, "peer_fts5")
    cmd = segmenter_cmd(which, ctx.args.govtext)
    if not os.access(exe, os.X_OK) or not os.access(cmd[0], os.X_OK):
        return {"name": name, "na": "not available (%s or %s missing)" % (exe, cmd[0])}
    if which == "jieba" and subprocess.run(cmd[:1] + ["-c", "import jieba"], capture_output=True).returncode:
        return {"name": name, "na": "not available (no python3-jieba)"}
    d = os.path.join(ctx.work, "segmented-" + which)
    os.makedirs(d, exist_ok=True)
    ids, texts = corpus.read_corpus(corp)
    counts, lines = [], []
    for t in texts:
        ls = corpus._clean(t).split("\n")
        counts.append(len(ls))
        lines.extend(ls)
    seg, secs = segment_lines(cmd, lines, os.path.join(d, "text.txt"), os.path.join(d, "text.seg"))
    if seg is None:
        return {"name": name, "error": secs}
    seg_corp = os.path.join(d, "corpus.jsonl")
    with open(seg_corp, "w", encoding="utf-8") as f:
        for doc_id, doc_lines in zip(ids, regroup(seg, counts)):
            f.write(json.dumps({"id": doc_id, "text": "\n".join(doc_lines)}, ensure_ascii=False) + "\n")
    parts = [p for q in ctx.queries for p in q.split()]
    qseg, why = segment_lines(cmd, parts, os.path.join(d, "q.txt"), os.path.join(d, "q.seg"))
    if qseg is None:
        return {"name": name, "error": why}
    qfile = os.path.join(d, "queries-parts.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.writelines("\t".join(q_parts) + "\n" for q_parts in regroup(qseg, [len(q.split()) for q in ctx.queries]))
    row = engine_peer(ctx, name, [exe, "unicode61"], seg_corp, nbytes, reference, qfile, extra_secs=secs,
                      note="MB/s includes segmenting (%.1f s)" % secs)
    if not ctx.args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return row


def print_table(rows, title):
    print(title)
    print("%-38s %8s %9s %9s %9s %9s %9s  %s" % ("engine", "MB/s", "size/text", "RSS build", "RSS srch",
                                                "p50 ms", "p99 ms", "exact (queries differing)"))
    print("-" * 130)
    for r in rows:
        if "na" in r or "error" in r:
            print("%-38s %s" % (r["name"], r.get("na") or "FAILED: " + r["error"]))
            continue
        s = r["cmp"]
        exact = s["error"] if "error" in s else ("yes (0)" if s["differ"] == 0 else "no (%d)" % s["differ"])
        print("%-38s %8.2f %8.2fx %7.0fMB %7.0fMB %9.3f %9.3f  %s%s" % (
            r["name"], r["build"][0], r["size"], r["build"][1], r["search"], r.get("p50", float("nan")),
            r.get("p99", float("nan")), exact, "  " + r["note"] if r["note"] else ""))
    for r in rows:
        if "cmp" in r and "error" not in r["cmp"] and r["cmp"]["differ"]:
            print("  %s: %s" % (r["name"], compare.describe(r["cmp"])))
    ours = next((r for r in rows if r["name"] == "govtext index" and "cmp" in r), None)
    grn = next((r for r in rows if r["name"].startswith("Groonga") and "cmp" in r), None)
    if ours and grn:
        print("ours vs Groonga: build %.2fx its speed (goal >= 2x), index %.2fx the text (goal <= 2x), "
              "p50 %.2fx its p50 (goal <= 0.2x)" % (ours["build"][0] / grn["build"][0], ours["size"],
                                                      ours["p50"] / grn["p50"]))
    print()


def main():
    root = os.path.dirname(os.path.dirname(HERE))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--govtext", required=True)
    ap.add_argument("--peers", default="")
    ap.add_argument("--data", default=os.environ.get("GOVTEXT_DATA", os.path.join(root, "..", "shared", "data")))
    ap.add_argument("--work", default="")
    ap.add_argument("--sizes", default="5,50")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--exact-only", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-jieba", action="store_true")
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    a.govtext = os.path.abspath(a.govtext)
    a.peers = os.path.abspath(a.peers) if a.peers else ""
    need = [os.path.join(a.data, corpus.PD_GOLD), os.path.join(a.data, "gov")]
    missing = [p for p in need if not os.path.exists(p)]
    if missing:
        print("index benchmark: %s not found, skipped" % missing[0])
        return 0
    work = a.work or tempfile.mkdtemp(prefix="govtext-index-")
    os.makedirs(work, exist_ok=True)
    try:
        return bench(a, work)
    finally:
        if not a.work and not a.keep:
            shutil.rmtree(work, ignore_errors=True)


def bench(a, work):
    why_not = probe_ours(a.govtext, work)
    if a.exact_only and why_not and why_not.startswith("absent"):
        print("index exactness: `govtext index` is not available yet (%s), skipped" % why_not)
        return 0
    base = corpus.base_documents(a.data)
    qs = queries.build(a.data)
    with open(os.path.join(work, "queries.tsv"), "w", encoding="utf-8") as f:
        f.writelines("%s\t%s\n" % kq for kq in qs)
    kinds = [k for k, _ in qs]
    counts = {}
    for k in kinds:
        counts[k] = counts.get(k, 0) + 1
    ctx = Ctx(a, work, kinds, [q for _, q in qs])
    status = 0
    for size in a.sizes.split(","):
        corp = os.path.join(work, "corpus-%smb.jsonl" % size)
        n, nbytes, rounds = corpus.write_corpus(base, corp, float(size))
        bf = brute_force.BruteForce(corp)
        t0 = time.perf_counter()
        reference = []
        for q in ctx.queries:
            hits = bf.search(q)
            reference.append({"query": q, "total": len(hits), "hits": [{"id": bf.ids[d]} for d in hits]})
        bf_secs = time.perf_counter() - t0
        del bf
        title = ("corpus %s MB: %d documents, %.1f MB of text (People's Daily + gov/, %s); %d queries (%s); "
                 "brute force %.1f s" % (size, n, nbytes / 1e6, "base repeated %d rounds" % rounds
                                         if rounds > 1 else "not repeated", len(qs),
                                         ", ".join("%s %d" % kv for kv in counts.items()), bf_secs))
        rows = [engine_ours(ctx, corp, nbytes, reference, why_not)]
        if a.exact_only:
            r = rows[0]
            if "cmp" in r:
                print("index exactness (%s): %s" % (title, compare.describe(r["cmp"])))
                ok = "error" not in r["cmp"] and r["cmp"]["differ"] == 0 and not r["cmp"]["total_mismatch"]
            else:
                print("index exactness: %s" % (r.get("na") or "FAILED: " + r["error"]))
                ok = False
            status |= 0 if ok else 1
            continue
        p = lambda exe: os.path.join(a.peers, exe)  # noqa: E731
        rows.append(engine_peer(ctx, "Groonga %s TokenBigram" % pkg_version("groonga"), [p("peer_groonga")],
                                corp, nbytes, reference, ctx.q_parts))
        rows.append(engine_peer(ctx, "SQLite %s FTS5 trigram" % pkg_version("sqlite3"),
                                [p("peer_fts5"), "trigram"], corp, nbytes, reference, ctx.q_parts))
        rows.append(engine_fts5_segmented(ctx, corp, nbytes, reference, "govtext"))
        if not a.no_jieba:
            rows.append(engine_fts5_segmented(ctx, corp, nbytes, reference, "jieba"))
        rows.append(engine_peer(ctx, "Xapian %s CJK n-grams" % pkg_version("xapian-core"), [p("peer_xapian")],
                                corp, nbytes, reference, ctx.q_parts))
        print_table(rows, title)
        sys.stdout.flush()
        if not a.keep:
            os.remove(corp)
    return status


if __name__ == "__main__":
    sys.exit(main())
