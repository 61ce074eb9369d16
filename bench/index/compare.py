#!/usr/bin/env python3
"""Compares an engine's answers with the brute-force reference, query by
query (the i-th answer line belongs to the i-th query): a query differs
when its set of hit ids is not the reference's.
  compare.py QUERIES.tsv REFERENCE.jsonl ANSWERS.jsonl [--warm]
--warm: ANSWERS holds the query set twice (cold, then warm); the warm half
is compared (and the cold half must give the same hits).
Exits 1 when any query differs."""
import json
import sys


def read_answers(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def hit_ids(row):
    return {h["id"] for h in row.get("hits", [])}


def compare(kinds, reference, answers):
    """Summary of answers against reference: differing queries, documents
    missed and hits that are false, per kind, and a few examples."""
    if len(answers) != len(reference):
        return {"error": "%d answers for %d queries" % (len(answers), len(reference))}
    s = {"queries": len(reference), "differ": 0, "missed": 0, "false": 0, "ref_hits": 0,
         "by_kind": {}, "examples": [], "total_mismatch": 0}
    for kind, ref, ans in zip(kinds, reference, answers):
        want, got = hit_ids(ref), hit_ids(ans)
        s["ref_hits"] += len(want)
        if ans.get("total") != len(ans.get("hits", [])):
            s["total_mismatch"] += 1
        if want == got:
            continue
        missed, false = want - got, got - want
        s["differ"] += 1
        s["missed"] += len(missed)
        s["false"] += len(false)
        s["by_kind"][kind] = s["by_kind"].get(kind, 0) + 1
        if len(s["examples"]) < 4:
            s["examples"].append("%s '%s': %d expected, %d returned, %d missed, %d false%s"
                                 % (kind, ref["query"], len(want), len(got), len(missed), len(false),
                                    " (e.g. %s)" % sorted(false)[0] if false else ""))
    return s


def describe(s):
    """One paragraph for a summary."""
    if "error" in s:
        return s["error"]
    if s["differ"] == 0:
        text = "exact on all %d queries" % s["queries"]
    else:
        text = ("%d of %d queries differ (%s); %d of %d expected hits missed (%.1f%%), %d false hits"
                % (s["differ"], s["queries"], ", ".join("%s %d" % kv for kv in sorted(s["by_kind"].items())),
                   s["missed"], s["ref_hits"], 100.0 * s["missed"] / max(1, s["ref_hits"]), s["false"]))
        text += "".join("\n    " + e for e in s["examples"])
    if s["total_mismatch"]:
        text += "\n    'total' differs from the number of hits listed in %d answers" % s["total_mismatch"]
    return text


def main():
    args = [a for a in sys.argv[1:] if a != "--warm"]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(args[0], encoding="utf-8") as f:
        kinds = [l.split("\t", 1)[0] for l in f if l.strip()]
    reference, answers = read_answers(args[1]), read_answers(args[2])
    if "--warm" in sys.argv:
        n = len(reference)
        if len(answers) == 2 * n and any(hit_ids(a) != hit_ids(b) for a, b in zip(answers[:n], answers[n:])):
            print("the cold and warm passes gave different hits")
            return 1
        answers = answers[n:]
    s = compare(kinds, reference, answers)
    print(describe(s))
    return 0 if s.get("differ") == 0 and not s.get("total_mismatch") else 1


if __name__ == "__main__":
    sys.exit(main())
