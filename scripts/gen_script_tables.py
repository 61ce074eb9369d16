#!/usr/bin/env python3
"""Generate lib/repair/script_tables.c: the tables of the script pass
(traditional <-> simplified).

Why it is built this way
------------------------
Text reaches us converted from simplified to traditional by one of several
converters (OpenCC s2t, OpenCC s2tw with Taiwan forms, ICU's
Simplified-Traditional transliterator, plain character tables), and each
backward converter is good only on its own family.  So instead of copying one
converter's reverse tables, this script *simulates* every forward converter
on a large simplified vocabulary and keeps what undoes all of them:

  1. The vocabulary: the words of jieba's dictionary (with their corpus
     frequencies) and the simplified phrases of OpenCC, plus every simplified
     character.
  2. Each word is converted forward by every converter: OpenCC's own program
     (s2t, s2tw, s2hk), ICU's uconv (Simplified-Traditional), and three
     character tables made here (OpenCC STCharacters' first candidate, the
     same with Taiwan variants, Unihan's first kTraditionalVariant).
  3. The default simplified form of each traditional character is the one the
     frequency-weighted vocabulary produced it from most often (e.g. 乾 -> 干,
     覆 -> 覆, 於 -> 于); characters the vocabulary never shows fall back on
     OpenCC TSCharacters, then Unihan kSimplifiedVariant.
  4. A phrase (traditional key -> simplified value) is added where the
     tables read a vocabulary word wrong and a unigram language model over
     jieba's attested words prefers the word to the current reading (乾坤,
     答覆 -> 答复, 甚麼 -> 什么), shortest keys first and in rounds until
     nothing changes.  Then every vocabulary word that holds an ambiguous
     character becomes a key too, read as it is, so that in running text
     overlapping keys compete as a segmenter's words would (顛覆 against
     覆性 in 顛覆性): the longest wins, then the more frequent word.
  5. "Switch" characters: where converters disagree about a character that
     is valid in both scripts -- 着 -> 著 (s2tw, ICU, Taiwan tables) but 着
     kept (s2t), 沉 -> 沈 (ICU only) -- the default depends on the document
     (the pass decides from evidence: a document converted by such a
     converter contains no 着 at all).  Phrases learnt from one side of a
     switch carry a mode mask so that they apply only on that side.

The simplified -> traditional direction (GOVTEXT_SCRIPT_HANT) uses OpenCC's
STCharacters first candidates and the STPhrases entries that character
conversion gets wrong.

Sources and licences (all redistributable):
  * OpenCC dictionaries, Debian package libopencc-data (Apache-2.0),
    /usr/share/opencc/*.ocd2, read through `opencc_dict`; OpenCC's `opencc`
    program (package opencc) converts the vocabulary.
  * Unicode Han Database, Debian package unicode-data (Unicode licence),
    /usr/share/unicode/Unihan_Variants.txt.bz2.
  * ICU's Simplified-Traditional transliterator (Unicode licence), through
    `uconv` (package icu-devtools).
  * jieba's dictionary, Debian package python3-jieba (Expat/MIT),
    /usr/lib/python3/dist-packages/jieba/dict.txt: words and frequencies.

Run (Debian 12, after `apt-get install libopencc-data opencc icu-devtools
unicode-data python3-jieba`):
    scripts/gen_script_tables.py > lib/repair/script_tables.c
The output is deterministic for the same package versions.
"""
import argparse
import bz2
import collections
import math
import os
import shutil
import subprocess
import sys
import tempfile

OPENCC_DIR = "/usr/share/opencc"
UNIHAN = "/usr/share/unicode/Unihan_Variants.txt.bz2"
JIEBA = "/usr/lib/python3/dist-packages/jieba/dict.txt"

# Entry flags (must match script_tables.h).
F_TONLY = 1 << 21    # a traditional form that is never a simplified one
F_AMBIG = 1 << 22    # the default may be wrong: look for a phrase
F_SWITCH = 1 << 23   # a switch character; switch index in bits 24-26
SWITCH_SHIFT = 24
F_STDFORM = 1 << 27  # OpenCC's standard form that Taiwan and Hong Kong never use (爲 衆)
F_TWFORM = 1 << 28   # a Taiwan form (為 眾 裡 啟 偽)
F_ICUSIG = 1 << 29   # a form only ICU's transliterator produces
F_SONLY = 1 << 30    # a simplified form that is never a traditional one
F_SWSRC = 1 << 31    # the source of a switch (着 of 着 -> 著); index as for F_SWITCH
CP_MASK = (1 << 21) - 1

MODE_OFF = 1
MODE_ON = 2
MODE_ANY = 3

MAX_PHRASE = 12      # characters; longer keys are not needed in practice


def is_han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x323AF)


def read_ocd2(name, tmp):
    src = os.path.join(OPENCC_DIR, name + ".ocd2")
    dst = os.path.join(tmp, name + ".txt")
    subprocess.run(["opencc_dict", "-i", src, "-o", dst, "-f", "ocd2", "-t", "text"],
                   check=True, stdout=subprocess.DEVNULL)
    d = {}
    with open(dst, encoding="utf-8") as f:
        for line in f:
            k, v = line.rstrip("\n").split("\t")
            d[k] = v.split(" ")
    return d


def read_unihan():
    simp, trad = {}, {}
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, field, val = line.rstrip("\n").split("\t")
            src = chr(int(cp[2:], 16))
            tg = [chr(int(v[2:].split("<")[0], 16)) for v in val.split()]
            if field == "kSimplifiedVariant":
                simp[src] = tg
            elif field == "kTraditionalVariant":
                trad[src] = tg
    return simp, trad


def read_jieba():
    freq = {}
    with open(JIEBA, encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) >= 2:
                freq[parts[0]] = freq.get(parts[0], 0) + int(parts[1])
    return freq


def run_filter(cmd, words):
    """Runs a converter program over words, one per line."""
    inp = ("\n".join(words) + "\n").encode("utf-8")
    out = subprocess.run(cmd, input=inp, check=True, capture_output=True).stdout.decode("utf-8")
    lines = out.split("\n")
    if len(lines) < len(words):
        sys.exit("%s returned %d lines for %d" % (cmd[0], len(lines), len(words)))
    return lines[:len(words)]


class Tables:
    pass


def build(a):
    tmp = tempfile.mkdtemp(prefix="gt-script-")
    TS = read_ocd2("TSCharacters", tmp)
    ST = read_ocd2("STCharacters", tmp)
    STP = read_ocd2("STPhrases", tmp)
    TSP = read_ocd2("TSPhrases", tmp)
    tsp_values = {v[0] for v in TSP.values()}
    TWV = read_ocd2("TWVariants", tmp)
    HKV = read_ocd2("HKVariants", tmp)
    uni_simp, uni_trad = read_unihan()
    freq = read_jieba()

    # Characters valid in simplified text: OpenCC's simplified keys and
    # targets; everything else TSCharacters knows is traditional-only.
    simp_valid = set(ST)
    for v in TS.values():
        simp_valid.update(v)
    tonly = {c for c in TS if c not in simp_valid and c not in TS[c]}
    # Unihan adds traditional forms OpenCC lacks: a character with a
    # simplified variant other than itself that is nobody's simplified form.
    uni_targets = set()
    for v in uni_simp.values():
        uni_targets.update(v)
    for c, ss in uni_simp.items():
        if is_han(c) and c not in ss and c not in uni_targets and c not in simp_valid:
            tonly.add(c)
    # Simplified-only: characters STCharacters converts, that never stand for
    # themselves in traditional text.
    # (群 峰 床 are such in OpenCC's standard, but Taiwan and Hong Kong write
    # them, so they are not.)
    local = {v[0] for v in TWV.values()} | {x for v in HKV.values() for x in v}
    sonly = {c for c, v in ST.items() if c not in v and c not in TS and c not in local}

    # -- vocabulary ------------------------------------------------------
    # Jieba lists some 200,000 entries at or below its most common frequency
    # (3): unattested fillers, among them traditional-contaminated ones
    # (适用於, 标志著, 成效卓着).  Only attested words (and single characters)
    # are vocabulary.
    floor_freq = collections.Counter(freq.values()).most_common(1)[0][0]
    weight = {}
    for w, f in freq.items():
        if 1 <= len(w) <= MAX_PHRASE and all(is_han(c) for c in w) \
                and not any(c in tonly for c in w) and (f > floor_freq or len(w) == 1):
            weight[w] = f
    for w in list(STP) + [v[0] for v in TSP.values()]:
        if 1 <= len(w) <= MAX_PHRASE and all(is_han(c) for c in w) \
                and not any(c in tonly for c in w) and w not in weight:
            weight[w] = 1
    for o in range(0x3400, 0xA000):
        c = chr(o)
        if is_han(c) and c not in tonly and c not in weight:
            weight[c] = 1
    vocab = sorted(weight)

    # -- forward converters ---------------------------------------------
    def tab(w):
        return "".join(ST[c][0] if c in ST else c for c in w)

    def twtab(w):
        return "".join(TWV[c][0] if c in TWV else c for c in tab(w))

    def unitab(w):
        return "".join(uni_trad[c][0] if c in uni_trad else c for c in w)

    fwd = collections.OrderedDict()
    fwd["s2t"] = run_filter(["opencc", "-c", "s2t.json"], vocab)
    fwd["s2tw"] = run_filter(["opencc", "-c", "s2tw.json"], vocab)
    fwd["s2hk"] = run_filter(["opencc", "-c", "s2hk.json"], vocab)
    fwd["icu"] = run_filter(["uconv", "-f", "utf-8", "-t", "utf-8", "-x",
                             "Simplified-Traditional"], vocab)
    fwd["tab"] = [tab(w) for w in vocab]
    fwd["twtab"] = [twtab(w) for w in vocab]
    fwd["unihan"] = [unitab(w) for w in vocab]

    # -- character defaults ------------------------------------------------
    # W[t][s]: weight of simplified s behind traditional t, per converter.
    W = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for name, out in fwd.items():
        for w, t in zip(vocab, out):
            if len(t) != len(w):
                continue
            f = weight[w]
            for sc, tc in zip(w, t):
                if is_han(tc):
                    W[tc][name][sc] += f

    def argmax(counter):
        return max(sorted(counter), key=lambda k: counter[k])

    default = {}
    for tc in W:
        tot = collections.Counter()
        for c in W[tc].values():
            tot.update(c)
        default[tc] = argmax(tot)
    for tc, v in TS.items():
        if len(tc) == 1 and tc not in default:
            default[tc] = v[0]
    for tc, v in uni_simp.items():
        if tc in tonly and tc not in default:
            default[tc] = v[0]

    # Switch characters: a character tc valid in both scripts that some
    # converters make out of every occurrence of a frequent simplified
    # character sc (着 -> 著 with Taiwan forms, 沉 -> 沈 in ICU), while tc is
    # itself common in simplified text (显著, 沈阳).  Only then does the
    # document tell which side it is on: a document that went through such a
    # converter has no sc left.
    char_freq = collections.Counter()
    for w, f in weight.items():
        for c in w:
            char_freq[c] += f
    singles = [c for c in vocab if len(c) == 1]
    single_out = {}
    for name, out in fwd.items():
        single_out[name] = {w: t for w, t in zip(vocab, out) if len(w) == 1}
    switches = []
    default_off = {}
    for sc in singles:
        if char_freq[sc] < a.switch_min_freq:
            continue
        if a.verbose:
            for name in fwd:
                tc = single_out[name].get(sc, sc)
                if tc != sc and len(tc) == 1 and tc not in tonly:
                    print("switch candidate %s -> %s by %s (%d, %d)" % (
                        sc, tc, name, char_freq[sc], char_freq[tc]), file=sys.stderr)
        by_target = collections.defaultdict(list)
        for name in fwd:
            by_target[single_out[name].get(sc, sc)].append(name)
        for tc, on in sorted(by_target.items()):
            if tc == sc or len(tc) != 1 or tc in tonly or char_freq[tc] < a.switch_min_freq:
                continue
            off = [n for n in fwd if n not in on]
            if not off:
                continue
            offw = collections.Counter()
            for n in off:
                offw.update(W[tc].get(n, {}))
            if (argmax(offw) if offw else tc) == sc:
                continue  # both sides read tc as sc: an ordinary default
            need = 0
            if set(on) <= {"icu"}:
                need |= 2  # ICU's family: needs ICU evidence
            else:
                need |= 1  # Taiwan forms: needs Taiwan-form evidence
            switches.append((sc, tc, sorted(on), need))
            default_off[tc] = argmax(offw) if offw else tc
    if len(switches) > 7:
        sys.exit("too many switch characters: %r" % switches)
    switch_of = {tc: i for i, (sc, tc, on, need) in enumerate(switches)}
    for tc, s in default_off.items():
        default[tc] = s

    def conv_mode(name, t):
        """The mode a converter's output is in for the first switch char of t."""
        for c in t:
            if c in switch_of:
                sc, tc, on, need = switches[switch_of[c]]
                return (MODE_ON if name in on else MODE_OFF), switch_of[c]
        return MODE_ANY, -1

    def char_default(c, mode):
        if c in switch_of and mode == MODE_ON:
            return switches[switch_of[c]][0]
        return default.get(c, c)

    def back_chars(t, mode):
        return "".join(char_default(c, mode) for c in t)

    # -- phrases -------------------------------------------------------------
    # Each key's candidates are the words some converter of that mode turns
    # into it, plus what the current tables read; the one a unigram language
    # model over the vocabulary (jieba's way of scoring a segmentation) likes
    # best wins.  A word counts once however many converters produce the key,
    # so that a rare variant every converter maps alike (甚么) does not beat a
    # common word that only ICU maps there (什么).
    # The model knows jieba's attested words and OpenCC's curated
    # traditional->simplified exceptions (毕昇), but neither jieba's floor
    # entries nor the keys of OpenCC's simplified->traditional phrases: those
    # include old or variant spellings (了望塔, 颠复性, 复盖) that a whole-word
    # entry would let beat the words of the current reading (瞭望 + 塔).
    lm_freq = {}
    for w, f in freq.items():
        if f > floor_freq and all(is_han(c) for c in w):
            lm_freq[w] = f
    for w in tsp_values:
        if all(is_han(c) for c in w):
            lm_freq.setdefault(w, 1)
    for o in range(0x3400, 0xA000):
        lm_freq.setdefault(chr(o), 1)
    total = float(sum(lm_freq.values()))
    logp = {w: math.log(f / total) for w, f in lm_freq.items()}
    floor = math.log(0.5 / total)
    lm_cache = {}

    def lm(s):
        if s in lm_cache:
            return lm_cache[s]
        best = [0.0] + [-1e300] * len(s)
        for i in range(1, len(s) + 1):
            for j in range(max(0, i - MAX_PHRASE), i):
                lp = logp.get(s[j:i])
                if lp is None:
                    if i - j != 1:
                        continue
                    lp = floor
                if best[j] + lp > best[i]:
                    best[i] = best[j] + lp
        lm_cache[s] = best[len(s)]
        return best[len(s)]

    dubious = {c for c, s in default.items() if s != c} | set(switch_of)

    def trusted(w):
        """A rarely attested word that holds a character whose default is
        another one (乾旱地区) is likelier a contaminated entry than a word."""
        if not any(c in dubious for c in w):
            return True
        return freq.get(w, 0) > 2 * floor_freq or w in STP or w in tsp_values

    by_char = collections.defaultdict(list)  # char -> [(key, mode, value, offset, prio)]
    kept = {}                                # (key, mode mask) -> value
    prio = {}                                # (key, mode mask) -> priority

    def back_with(t, mode):
        """The pass's algorithm: at each character the longest phrase that
        covers it decides (on a tie the more frequent word, then the earlier
        start), else the character's default."""
        out = []
        for i, c in enumerate(t):
            best = None
            for key, m, val, off, pr in by_char.get(c, ()):
                if not (m & mode):
                    continue
                s = i - off
                if s < 0 or s + len(key) > len(t) or t[s:s + len(key)] != key:
                    continue
                rank = (len(key), pr, -s)
                if best is None or rank > best[0]:
                    best = (rank, s, val)
            out.append(best[2][i - best[1]] if best else char_default(c, mode))
        return "".join(out)

    def add_phrase(t, m, w):
        kept[(t, m)] = w
        pr = min(weight.get(w, 1), 0xFFFFFFFF)
        prio[(t, m)] = pr
        for i, c in enumerate(t):
            by_char[c].append((t, m, w, i, pr))

    def ambiguous():
        amb = set()
        for (t, m), w in kept.items():
            for i, c in enumerate(t):
                for mode in (MODE_OFF, MODE_ON):
                    if m & mode and char_default(c, mode) != w[i]:
                        amb.add(c)
        return amb

    pairs = []  # (t, mode, w) for every multi-character key
    for name, out in fwd.items():
        for w, t in zip(vocab, out):
            if len(t) == len(w) and len(t) >= 2:
                pairs.append((t, conv_mode(name, t)[0], w))
    pairs = sorted(set(pairs))
    # Rounds: find the words the current tables get wrong, add the phrase the
    # language model prefers for each such key (shortest keys first, so a
    # longer key is added only if shorter phrases do not already fix it), and
    # repeat, since a new short phrase can spoil a longer word that then
    # needs its own key.  Once that settles, every vocabulary word that holds
    # an ambiguous character becomes a key too, read as it is: in running
    # text it competes with the phrases that overlap it (顛覆 against 覆性 in
    # 顛覆性, 隨著 against 著名 in 隨著名), as a segmenter's words would.
    protected = False
    for rnd in range(8):
        wrong = {}
        for t, m, w in pairs:
            if (t, m) in wrong:
                continue
            if t == w and not any(c in by_char or c in dubious for c in t):
                continue  # kept as it is, and nothing here can change it
            if back_with(t, m) != w:
                wrong[(t, m)] = True
        cand = collections.defaultdict(set)
        for t, m, w in pairs:
            if (t, m) in wrong and trusted(w):
                cand[(t, m)].add(w)
        added = 0
        for (t, m) in sorted(wrong, key=lambda k: (len(k[0]), k[0], k[1])):
            cur = back_with(t, m)
            # Only a word the model knows can displace the current reading:
            # two unknown strings would be compared by their characters'
            # frequencies alone (复舟 over 覆舟).
            known = {w for w in cand.get((t, m), ()) if w in lm_freq}
            best = max(sorted(known | {cur}), key=lm)
            if best == cur or (t, m) in kept:
                continue
            add_phrase(t, m, best)
            added += 1
        print("phrases: round %d, %d keys wrong, %d phrases added" % (rnd, len(wrong), added),
              file=sys.stderr)
        if added:
            continue
        if protected:
            break
        protected = True
        amb = ambiguous()
        n = 0
        for t, m, w in pairs:
            if (t, m) not in kept and any(c in amb for c in t) and trusted(w) \
                    and back_with(t, m) == w:
                add_phrase(t, m, w)
                n += 1
        print("phrases: %d protective keys" % n, file=sys.stderr)

    ambig = ambiguous()

    # Evidence flags, from what the converters produce on the vocabulary:
    # OpenCC's standard forms that neither its Taiwan nor its Hong Kong
    # conversion writes (爲 衆: no writer there types them), Taiwan forms
    # that standard OpenCC never writes (為 眾 啟), and forms only ICU writes.
    made = collections.defaultdict(collections.Counter)
    for name, out in fwd.items():
        for w, t in zip(vocab, out):
            for c in t:
                if c in tonly:
                    made[name][c] += weight[w]

    def only(name, against):
        return {c for c, n in made[name].items() if n >= a.sig_min_freq
                and all(made[o][c] == 0 for o in against)}

    std_forms = only("s2t", ["s2tw", "s2hk"])
    tw_forms = only("s2tw", ["s2t"])
    icu_sig = only("icu", ["s2t", "s2tw", "tab", "twtab"])

    T = Tables()
    T.default, T.tonly, T.sonly = default, tonly, sonly
    T.switches, T.switch_of = switches, switch_of
    T.phrases, T.ambig, T.prio = kept, ambig, prio
    T.std_forms, T.tw_forms, T.icu_sig = std_forms, tw_forms, icu_sig
    T.char_default = char_default
    T.back_with = back_with

    # -- simplified -> traditional -------------------------------------------
    s2t_default = {c: v[0] for c, v in ST.items() if len(c) == 1 and v[0] != c}
    s2t_ph = {}
    by_char_s = collections.defaultdict(list)

    def fwd_with(s):
        out = []
        for i, c in enumerate(s):
            best = None
            for key, val, off in by_char_s.get(c, ()):
                st = i - off
                if st < 0 or st + len(key) > len(s) or s[st:st + len(key)] != key:
                    continue
                if best is None or len(key) > len(best[0]) or \
                        (len(key) == len(best[0]) and st < best[1]):
                    best = (key, st, val)
            out.append(best[2][i - best[1]] if best else s2t_default.get(c, c))
        return "".join(out)

    for k in sorted(STP, key=lambda k: (len(k), k)):
        v = STP[k][0]
        if len(k) != len(v) or len(k) > MAX_PHRASE or not all(is_han(c) for c in k):
            continue
        if fwd_with(k) == v:
            continue
        s2t_ph[k] = v
        for i, c in enumerate(k):
            by_char_s[c].append((k, v, i))
    s2t_ambig = set()
    for k, v in s2t_ph.items():
        for c, x in zip(k, v):
            if s2t_default.get(c, c) != x:
                s2t_ambig.add(c)
    T.s2t_default, T.s2t_phrases, T.s2t_ambig = s2t_default, s2t_ph, s2t_ambig
    T.versions = package_versions()
    shutil.rmtree(tmp, ignore_errors=True)
    return T


def package_versions():
    out = []
    for p in ("libopencc-data", "opencc", "unicode-data", "icu-devtools", "python3-jieba"):
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", p], capture_output=True,
                               text=True).stdout.strip()
        except OSError:
            v = ""
        out.append("%s %s" % (p, v or "?"))
    return ", ".join(out)


# -- C output ---------------------------------------------------------------

def fnv1a(b):
    """FNV-1a, 32 bits: the hash script_convert.c computes over a key's UTF-8."""
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return h


def c_text(pieces, width=26):
    """A C string literal of Han text (UTF-8, no escapes needed) in lines of
    about width characters."""
    parts = []
    line = ""
    for k in pieces:
        line += k
        if len(line) >= width:
            parts.append('"%s"' % line)
            line = ""
    if line or not parts:
        parts.append('"%s"' % line)
    return "\n    ".join(parts)


def emit_char_table(w, name, entries):
    """A two-level table for the BMP (page 0 is all zero, so a lookup needs
    no branch) and a sorted array beyond it."""
    bmp = {cp: e for cp, e in entries.items() if cp < 0x10000}
    sup = sorted((cp, e) for cp, e in entries.items() if cp >= 0x10000)
    pages = sorted({cp >> 8 for cp in bmp})
    index = [0] * 256
    for i, p in enumerate(pages):
        index[p] = i + 1
    w("static const uint16_t %s_index[256] = {\n" % name)
    for r in range(0, 256, 16):
        w("    " + ", ".join("%d" % x for x in index[r:r + 16]) + ",\n")
    w("};\n\n")
    w("static const uint32_t %s_pages[%d][256] = {\n" % (name, len(pages) + 1))
    w("    {0},\n")
    for p in pages:
        items = ["[0x%02x] = 0x%x" % (i, bmp[(p << 8) | i]) for i in range(256)
                 if bmp.get((p << 8) | i, 0)]
        w("    { /* U+%02X00 */\n" % p)
        for r in range(0, len(items), 5):
            w("        " + ", ".join(items[r:r + 5]) + ",\n")
        w("    },\n")
    w("};\n\n")
    w("static const gt_script_sup %s_sup[%d] = {\n" % (name, max(1, len(sup))))
    for cp, e in sup:
        w("    {0x%05x, 0x%08x},\n" % (cp, e))
    if not sup:
        w("    {0, 0},\n")
    w("};\n\n")
    return len(sup)


def emit_phrases(w, name, records, ambig):
    """records: [(key, mode, value, prio, switch)].  Emits the keys and
    values as text, one struct per record (records of one key adjacent),
    an open-addressing hash of the keys and, per ambiguous character, how
    far a key that holds it reaches."""
    records = sorted(r for r in records if any(c in ambig for c in r[0]))
    keys = []
    key_off = {}
    koff = 0
    vals = []
    voff = 0
    rows = []
    first_of = {}
    for key, mode, val, pr, sw in records:
        if key not in key_off:
            key_off[key] = koff
            keys.append(key)
            koff += len(key.encode("utf-8"))
            first_of[key] = len(rows)
        rows.append((key_off[key], len(key.encode("utf-8")), len(key), mode, sw, voff,
                     len(val.encode("utf-8")), pr))
        vals.append(val)
        voff += len(val.encode("utf-8"))
    size = 1
    while size < 2 * max(1, len(keys)):
        size *= 2
    slots = [0] * size
    for key in keys:
        h = fnv1a(key.encode("utf-8")) & (size - 1)
        while slots[h]:
            h = (h + 1) & (size - 1)
        slots[h] = first_of[key] + 1
    reach = {}
    for key in keys:
        for i, c in enumerate(key):
            if c in ambig:
                b, n = reach.get(c, (0, 0))
                reach[c] = (max(b, i), max(n, len(key)))
    w("static const char %s_keys[%d] =\n    %s;\n\n" % (name, koff + 1, c_text(keys)))
    w("static const char %s_vals[%d] =\n    %s;\n\n" % (name, voff + 1, c_text(vals)))
    w("/* key offset, key bytes, key characters, modes, switch, value offset,\n")
    w(" * value bytes, priority (the frequency of the word) */\n")
    w("static const gt_script_phrase %s_rec[%d] = {\n" % (name, max(1, len(rows))))
    for r in rows:
        w("    {%d, %d, %d, %d, %d, %d, %d, %d},\n" % r)
    if not rows:
        w("    {0, 0, 0, 0, -1, 0, 0, 0},\n")
    w("};\n\n")
    w("static const uint32_t %s_hash[%d] = {\n" % (name, size))
    for r in range(0, size, 12):
        w("    " + ", ".join("%d" % x for x in slots[r:r + 12]) + ",\n")
    w("};\n\n")
    w("static const gt_script_reach %s_reach[%d] = {\n" % (name, max(1, len(reach))))
    for c in sorted(reach):
        w("    {0x%05x, %d, %d}, /* %s */\n" % (ord(c), reach[c][0], reach[c][1], c))
    if not reach:
        w("    {0, 0, 0},\n")
    w("};\n\n")
    return len(rows), size, len(reach)


def emit(T, out):
    w = out.write
    ent = {}

    def put(c, val, flags):
        cp = ord(c)
        e = ent.get(cp, 0)
        if val is not None:
            e = (e & ~CP_MASK) | ord(val)
        ent[cp] = e | flags

    for c, s in T.default.items():
        if len(c) == 1 and len(s) == 1 and s != c:
            put(c, s, 0)
    for c in T.tonly:
        if len(c) == 1:
            put(c, None, F_TONLY)
    for c in T.ambig:
        put(c, None, F_AMBIG)
    for i, (sc, tc, on, need) in enumerate(T.switches):
        put(tc, None, F_SWITCH | (i << SWITCH_SHIFT))
        put(sc, None, F_SWSRC | (i << SWITCH_SHIFT))
    for c in T.std_forms:
        put(c, None, F_STDFORM)
    for c in T.tw_forms:
        put(c, None, F_TWFORM)
    for c in T.icu_sig:
        put(c, None, F_ICUSIG)
    for c in T.sonly:
        if len(c) == 1:
            put(c, None, F_SONLY)
    sent = {}
    for c, t in T.s2t_default.items():
        sent[ord(c)] = ord(t)
    for c in T.s2t_ambig:
        sent[ord(c)] = sent.get(ord(c), 0) | F_AMBIG

    def key_switch(t):
        for c in t:
            if c in T.switch_of:
                return T.switch_of[c]
        return -1

    t2s_rec = [(t, m, v, T.prio[(t, m)], key_switch(t)) for (t, m), v in T.phrases.items()]
    s2t_rec = [(k, MODE_ANY, v, 1, -1) for k, v in T.s2t_phrases.items()]

    w("/* Generated by scripts/gen_script_tables.py; do not edit.\n")
    w(" *\n")
    w(" * Tables of the script pass (traditional <-> simplified): each character's\n")
    w(" * default and evidence flags, the switch characters, and the phrases the\n")
    w(" * defaults get wrong (with the words that compete with them).\n")
    w(" *\n")
    w(" * Sources and licences:\n")
    w(" *  - OpenCC dictionaries (Debian libopencc-data, Apache-2.0): TSCharacters,\n")
    w(" *    STCharacters, STPhrases, TSPhrases, TWVariants, HKVariants; OpenCC's\n")
    w(" *    s2t/s2tw/s2hk conversions of the vocabulary.\n")
    w(" *  - Unicode Han Database (Debian unicode-data, Unicode licence):\n")
    w(" *    Unihan_Variants kSimplifiedVariant / kTraditionalVariant.\n")
    w(" *  - ICU's Simplified-Traditional transliterator (ICU, Unicode licence),\n")
    w(" *    applied to the vocabulary with uconv.\n")
    w(" *  - jieba's dictionary (Debian python3-jieba, Expat): vocabulary and word\n")
    w(" *    frequencies.\n")
    w(" * Package versions: %s.\n" % T.versions)
    w(" *\n")
    w(" * Traditional -> simplified: %d characters with a default, %d switch\n" %
      (sum(1 for c, s in T.default.items() if s != c), len(T.switches)))
    w(" * characters, %d phrases over %d ambiguous characters.  Simplified ->\n" %
      (len(T.phrases), len(T.ambig)))
    w(" * traditional: %d characters, %d phrases over %d ambiguous characters. */\n" %
      (len(T.s2t_default), len(T.s2t_phrases), len(T.s2t_ambig)))
    w('#include "repair/script_tables.h"\n\n')
    w("/* clang-format off */\n\n")
    for prefix, entries, recs, amb in (("t2s", ent, t2s_rec, T.ambig),
                                       ("s2t", sent, s2t_rec, T.s2t_ambig)):
        nsup = emit_char_table(w, prefix, entries)
        nrec, nhash, nreach = emit_phrases(w, prefix + "_ph", recs, amb)
        w("const gt_script_dir gt_script_%s = {\n" % prefix)
        w("    %s_index, %s_pages, %s_sup, %d,\n" % (prefix, prefix, prefix, nsup))
        w("    %s_ph_keys, %s_ph_vals, %s_ph_rec, %d,\n" % (prefix, prefix, prefix, nrec))
        w("    %s_ph_hash, %d, %s_ph_reach, %d,\n" % (prefix, nhash, prefix, nreach))
        w("};\n\n")
    w("const gt_script_switch gt_script_switches[%d] = {\n" % max(1, len(T.switches)))
    for sc, tc, on, need in T.switches:
        w("    {0x%05x, 0x%05x, %d}, /* %s -> %s by %s */\n" % (ord(sc), ord(tc), need, sc, tc,
                                                            " ".join(on)))
    if not T.switches:
        w("    {0, 0, 0},\n")
    w("};\n")
    w("const size_t gt_script_switch_n = %d;\n" % len(T.switches))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--switch-min-freq", type=int, default=5000,
                    help="jieba frequency a simplified character needs to be a switch")
    ap.add_argument("--sig-min-freq", type=int, default=1000,
                    help="weight an ICU-only form needs to count as ICU evidence")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dump", help="also write the tables as JSON (for inspection)")
    a = ap.parse_args()
    T = build(a)
    if a.dump:
        import json
        with open(a.dump, "w", encoding="utf-8") as f:
            json.dump({
                "default": T.default, "tonly": sorted(T.tonly), "switches": T.switches,
                "phrases": [[t, m, w, T.prio[(t, m)]] for (t, m), w in sorted(T.phrases.items())],
                "ambig": sorted(T.ambig), "std_forms": sorted(T.std_forms),
                "tw_forms": sorted(T.tw_forms), "icu_sig": sorted(T.icu_sig),
                "s2t_default": T.s2t_default, "s2t_phrases": T.s2t_phrases,
            }, f, ensure_ascii=False, indent=0)
    emit(T, sys.stdout)


if __name__ == "__main__":
    main()
