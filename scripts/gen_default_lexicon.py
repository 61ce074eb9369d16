#!/usr/bin/env python3
"""Generate lib/segment/data/governance.txt, the governance-domain layer of the
default lexicon.

The default lexicon that ships inside libgovtext is two layers, compiled at
build time by gt_mklex (lib/CMakeLists.txt):

  1. jieba's dict.txt from Debian's python3-jieba package (MIT licence,
     349,046 words with frequencies and part-of-speech tags): the general
     vocabulary.  It is read from the installed package at build time, not
     copied into this repository.
  2. this script's output: terms of Chinese governance texts that generic
     dictionaries split (治理体系, 十九届四中全会, 供给侧结构性改革, ...), in
     jieba's format `word freq tag`, with frequencies on jieba's scale.

The governance layer comes from two sources:
  - TERMS below: hand-listed terms of the domain (facts about the
    vocabulary, written for this project);
  - terms found in the governance corpus (../shared/data/gov: 98 documents,
    government work reports, plenum communiqués and decisions, regulations,
    speeches; see its MANIFEST.tsv): Han n-grams of 3 to 8 characters that
    occur at least MIN_COUNT times in at least MIN_DOCS documents, that the
    jieba vocabulary splits, whose left and right neighbours vary (branching
    entropy, so that they are units and not fragments), whose parts hold
    together (every split point's mutual information is high), that neither
    start nor end with a function character, that jieba splits into words
    of two or more characters (a one-character part is a piece of a
    neighbouring word: 年增长, 型企业), that hold no numeral, and that are
    not just the inside of a longer candidate.
Each term's frequency is its count in the corpus scaled to jieba's total
(corpus words x scale = jieba's 60 million), and at least enough for the
term to beat its best split into jieba words (as jieba's suggest_freq), so
that the term is one token wherever it occurs.

No SIGHAN bakeoff data is read.  The output is deterministic for the same
inputs.

usage: gen_default_lexicon.py [--jieba DICT] [--corpus DIR] [--out FILE] [-v]
"""

import argparse
import collections
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MIN_COUNT = 15
MIN_DOCS = 6
MIN_ENTROPY = 1.8   # bits, on each side
MIN_PMI = 3.0       # nats, at every split point
MAX_AUTO = 800      # with --auto
NUMERALS = set("零〇○一二三四五六七八九十百千万亿两第")

# Characters that a term neither starts nor ends with: particles,
# prepositions, conjunctions, pronouns, auxiliaries and measure words.
EDGE_STOP = set("的了和与及或是在对把被将也都就而并等向从以为于其之这那此该各每个些又再还"
                "很更最不没无要会能可已所着过中上下里内外后前时来去到给让使由着得地")

# Hand-listed governance terms: policy slogans, institutions, meetings and
# concepts that recur in Party and government documents.
TERMS = """
治理体系 治理能力 治理能力现代化 国家治理体系 国家治理能力
社会治理 基层治理 社会治理体系 治理效能 依法治国 全面依法治国 依法执政 依法行政 依规治党
十八大 十九大 二十大 十八届三中全会 十八届四中全会 十八届五中全会 十八届六中全会
十九届二中全会 十九届三中全会 十九届四中全会 十九届五中全会 十九届六中全会
二十届二中全会 二十届三中全会 二十届四中全会 三中全会 四中全会 五中全会 六中全会
群众路线 全面从严治党 从严治党 管党治党 党的建设 党的领导
供给侧结构性改革 供给侧 结构性改革 一带一路 新发展理念 新发展格局 高质量发展 现代化经济体系
四个全面 五位一体 四个意识 四个自信 两个维护 两个确立 两个一百年 两个大局 三严三实 两学一做
中国特色社会主义 中国特色社会主义思想 习近平新时代中国特色社会主义思想 新时代中国特色社会主义
人类命运共同体 以人民为中心 全过程人民民主 共同富裕 中国式现代化 社会主义现代化国家
乡村振兴 乡村振兴战略 脱贫攻坚 精准扶贫 精准脱贫 全面建成小康社会 小康社会 全面小康
八项规定 中央八项规定 四风 不忘初心 牢记使命 初心使命 主题教育 党史学习教育
民主集中制 人民代表大会制度 政治协商制度 民族区域自治制度 基层群众自治制度
党中央 中共中央 国务院 全国人大 全国政协 中央军委 中央纪委 国家监委 中央委员会 中央政治局
中央全会 全体会议 政府工作报告 五年规划 十四五 十五五 十三五 十二五
国有企业 民营企业 营商环境 放管服 放管服改革 简政放权 放管结合
科教兴国 人才强国 创新驱动发展 创新驱动发展战略 区域协调发展 绿色发展
生态文明 生态文明建设 美丽中国 碳达峰 碳中和 双碳 污染防治攻坚战 蓝天保卫战 绿水青山 金山银山
粤港澳大湾区 京津冀协同发展 长江经济带 长三角一体化 黄河流域生态保护和高质量发展 雄安新区
一国两制 港人治港 澳人治澳 祖国统一 两岸关系 和平统一
全面深化改革 改革开放 对外开放 高水平对外开放 自由贸易试验区 自贸试验区 自由贸易港
总体国家安全观 意识形态 意识形态工作 宣传思想工作 社会主义核心价值观
社会主要矛盾 伟大工程 伟大事业 中华民族伟大复兴 中国梦
党内政治生活 巡视巡察 政治巡视 纪检监察 监察体制改革 国家监察体制改革
党支部 党员干部 干部队伍 党员队伍 党性教育 理想信念
稳中求进 稳中求进工作总基调 六稳 六保 三去一降一补 去产能 去库存 去杠杆
宏观调控 积极的财政政策 稳健的货币政策 实体经济 数字经济 新质生产力 新型工业化 新型城镇化
科技自立自强 关键核心技术 制造强国 质量强国 网络强国 数字中国 交通强国 农业强国 教育强国
健康中国 平安中国 法治中国 文化强国 体育强国 海洋强国 航天强国
人民军队 强军目标 军民融合 国防和军队现代化
"""

WORD_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def load_jieba(path):
    freq, tags = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                freq[p[0]] = int(p[1])
                if len(p) >= 3:
                    tags[p[0]] = p[2]
    return freq, tags


class Segmenter:
    """jieba-style unigram best path over a dictionary (no HMM)."""

    def __init__(self, freq):
        self.freq = freq
        self.total = sum(freq.values())
        self.logt = math.log(self.total)
        self.maxlen = max(len(w) for w in freq)

    def cost(self, w):
        f = self.freq.get(w)
        return self.logt - math.log(f) if f else None

    def best(self, s, exclude_whole=False):
        n = len(s)
        best = [0.0] + [float("inf")] * n
        back = [0] * (n + 1)
        unk = self.logt + 0.7
        for i in range(n):
            bi = best[i]
            single = False
            for j in range(i + 1, min(n, i + self.maxlen) + 1):
                if exclude_whole and i == 0 and j == n:
                    continue
                c = self.cost(s[i:j])
                if c is None:
                    continue
                single |= j == i + 1
                if bi + c < best[j]:
                    best[j], back[j] = bi + c, i
            if not single and bi + unk < best[i + 1]:
                best[i + 1], back[i + 1] = bi + unk, i
        words, j = [], n
        while j > 0:
            words.append(s[back[j]:j])
            j = back[j]
        return best[n], words[::-1]


def entropy(counter):
    n = sum(counter.values())
    return -sum(c / n * math.log2(c / n) for c in counter.values()) if n else 0.0


def read_corpus(root):
    docs = []
    for name in sorted(os.listdir(root)):
        if name.endswith(".txt"):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                docs.append((name, f.read()))
    return docs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jieba", default="/usr/lib/python3/dist-packages/jieba/dict.txt")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "gov"))
    ap.add_argument("--out", default=os.path.join(ROOT, "lib", "segment", "data", "governance.txt"))
    ap.add_argument("--auto", action="store_true",
                    help="also ship the terms found in the corpus (off: measured on the SIGHAN "
                         "PKU standard, they cost 1.7 points of F1, being mostly compositional "
                         "phrases such as 经济增长 that segmentation standards split)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list the terms found in the corpus with their counts and splits")
    args = ap.parse_args(argv)

    freq, tags = load_jieba(args.jieba)
    seg = Segmenter(freq)
    docs = read_corpus(args.corpus)
    runs = [(name, r) for name, text in docs for r in WORD_RE.findall(text)]
    n_chars = sum(len(r) for _, r in runs)

    # Corpus words (jieba's vocabulary) give the scale between counts here
    # and jieba's frequencies.
    n_words = sum(len(seg.best(r)[1]) for _, r in runs)
    scale = seg.total / n_words

    # n-gram counts, documents, neighbours, and character counts for PMI.
    chars = collections.Counter()
    grams = collections.Counter()
    gdocs = collections.defaultdict(set)
    for name, r in runs:
        chars.update(r)
        for n in range(2, 10):
            for i in range(len(r) - n + 1):
                g = r[i:i + n]
                grams[g] += 1
                if n >= 3:
                    gdocs[g].add(name)
    left = collections.defaultdict(collections.Counter)
    right = collections.defaultdict(collections.Counter)
    cand = {g for g, c in grams.items() if 3 <= len(g) <= 8 and c >= MIN_COUNT
            and len(gdocs[g]) >= MIN_DOCS}
    for _, r in runs:
        for n in range(3, 9):
            for i in range(len(r) - n + 1):
                g = r[i:i + n]
                if g in cand:
                    left[g][r[i - 1] if i > 0 else "^"] += 1
                    right[g][r[i + n] if i + n < len(r) else "$"] += 1

    def pmi_ok(g):
        # Every split point must hold: P(g) >> P(a) P(b), over n-gram counts.
        total = n_chars
        for k in range(1, len(g)):
            a, b = g[:k], g[k:]
            ca = grams.get(a, chars.get(a, 0)) if len(a) > 1 else chars.get(a, 0)
            cb = grams.get(b, chars.get(b, 0)) if len(b) > 1 else chars.get(b, 0)
            if not ca or not cb:
                return False
            if math.log(grams[g] * total / (ca * cb)) < MIN_PMI:
                return False
        return True

    auto = []
    for g in sorted(cand):
        if g in freq or g[0] in EDGE_STOP or g[-1] in EDGE_STOP:
            continue
        # Branching: an unknown neighbour at the run edge counts as varied.
        # "^"/"$" (a run edge: punctuation, a digit) count as varied.
        if entropy(left[g]) < MIN_ENTROPY or entropy(right[g]) < MIN_ENTROPY:
            continue
        if any(c in NUMERALS for c in g):
            continue  # numbers are the segmenter's business, not the lexicon's
        parts = seg.best(g)[1]
        # A part of one character is a fragment of a neighbouring word
        # (年增长 = 年 + 增长, 型企业 = 型 + 企业): not a unit.
        if len(parts) < 2 or any(len(p) == 1 for p in parts):
            continue
        if not pmi_ok(g):
            continue
        auto.append(g)
    # Drop a candidate that is nearly always inside a longer one.
    auto_set = set(auto)
    keep = []
    for g in auto:
        inside = max((grams[h] for h in auto_set if len(h) > len(g) and g in h), default=0)
        if inside >= 0.8 * grams[g]:
            continue
        keep.append(g)
    keep.sort(key=lambda g: (-grams[g] * len(g), g))
    keep = keep[:MAX_AUTO]

    # A term jieba already has keeps jieba's frequency: the layer adds what
    # the general vocabulary lacks and does not reweigh it.
    terms = sorted(set(TERMS.split()) - set(freq))
    out = {}
    shipped = set(terms) | (set(keep) if args.auto else set())
    for g in sorted(shipped):
        count = grams.get(g, 0)
        if len(g) > 9:  # longer than the n-grams counted
            text_count = sum(r.count(g) for _, r in runs)
            count = max(count, text_count)
        f = max(1, round(count * scale))
        # Enough to beat the best split (jieba's suggest_freq).
        parts_cost, _ = seg.best(g, exclude_whole=True)
        need = seg.total * math.exp(-parts_cost) if parts_cost < float("inf") else 1
        f = max(f, int(need) + 1, 3)
        tag = tags.get(g, "l" if g in terms else "nz")
        out[g] = (f, tag)

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Governance-domain layer of libgovtext's default lexicon: word freq tag\n")
        f.write("# (jieba's scale).  Generated by scripts/gen_default_lexicon.py from its\n")
        f.write("# hand-listed terms and from n-gram statistics of the governance corpus\n")
        f.write("# (../shared/data/gov, %d documents, %d Han characters).  Do not edit.\n"
                % (len(docs), n_chars))
        for g in sorted(out):
            fr, tag = out[g]
            f.write("%s %d %s\n" % (g, fr, tag))
    print("gen_default_lexicon: %d terms (%d listed and not in jieba; %d found in the corpus, "
          "%s) -> %s" % (len(out), len(terms), len(keep),
                         "shipped" if args.auto else "not shipped without --auto", args.out))
    if args.verbose:
        for g in keep:
            print(g, grams[g], len(gdocs[g]), " ".join(seg.best(g)[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
