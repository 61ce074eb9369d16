package govtext

import (
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
)

type testDoc struct {
	id, text string
	meta     *DocMeta
}

var indexDocs = []testDoc{
	{"a", "国家治理体系和治理能力现代化。\n坚持依法治国。", &DocMeta{Title: "决定", Year: 2019, Source: "人民日报"}},
	{"b", "推进国家治理体系建设，完善政治理论。", &DocMeta{Date: "2020-05-01", Source: "新华社"}},
	{"c", "政府工作报告：GDP增长6.9%，依法 治国。", &DocMeta{Title: "报告", Date: "2018年3月5日"}},
	{"d", "反腐败斗争取得压倒性胜利。治理能力显著提升。", &DocMeta{Year: 2020}},
	{"e", "Digital Government 数字政府建设", nil},
}

func buildIndex(t testing.TB, path string, docs []testDoc, opts *IndexOptions) string {
	t.Helper()
	w, err := NewIndexWriter(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, d := range docs {
		if err := w.Add(d.id, d.text, d.meta); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustIndex(t testing.TB, path string) *Index {
	t.Helper()
	idx, err := OpenIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func smallIndex(t testing.TB) *Index {
	return mustIndex(t, buildIndex(t, filepath.Join(t.TempDir(), "small.gtx"), indexDocs, nil))
}

func hitIDs(t testing.TB, idx *Index, query string) []string {
	t.Helper()
	r, err := idx.Search(query, &SearchOptions{Limit: SearchAll})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	ids := []string{}
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	sort.Strings(ids)
	return ids
}

func TestIndexDocumentsRoundTrip(t *testing.T) {
	idx := smallIndex(t)
	if idx.Len() != len(indexDocs) || idx.Flags() != 0 {
		t.Fatalf("Len %d Flags %d", idx.Len(), idx.Flags())
	}
	for n, d := range indexDocs {
		id, err := idx.DocID(n)
		text, err2 := idx.DocText(n)
		found, err3 := idx.Find(d.id)
		if err != nil || err2 != nil || err3 != nil || id != d.id || text != d.text || found != n {
			t.Errorf("doc %d: %q %q %d (%v %v %v)", n, id, text, found, err, err2, err3)
		}
	}
	want := map[int]DocMeta{
		0: {Title: "决定", Source: "人民日报", Year: 2019},
		1: {Date: "2020-05-01", Source: "新华社", Year: 2020}, // the year from the date
		2: {Title: "报告", Date: "2018年3月5日", Year: 2018},
		4: {},
	}
	for n, w := range want {
		if m, err := idx.DocMeta(n); err != nil || m != w {
			t.Errorf("DocMeta(%d) = %+v, %v; want %+v", n, m, err, w)
		}
	}
	for _, bad := range []int{-1, len(indexDocs), 1 << 40} {
		if _, err := idx.DocID(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("DocID(%d): %v", bad, err)
		}
		if _, err := idx.DocText(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("DocText(%d): %v", bad, err)
		}
		if _, err := idx.DocMeta(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("DocMeta(%d): %v", bad, err)
		}
	}
	if _, err := idx.Find("zzz"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find: %v", err)
	}
}

func TestIndexQueryLanguage(t *testing.T) {
	idx := smallIndex(t)
	cases := map[string][]string{
		"治理体系":               {"a", "b"},
		"治理 能力":              {"a", "d"},
		"政府 OR 腐败":           {"c", "d", "e"},
		"治理 -腐败":             {"a", "b"},
		`"依法 治国"`:            {"c"},
		"word:治理":            {"a", "b", "d"}, // not 政治理论's 治理
		"治理":                 {"a", "b", "d"},
		"year:2020":          {"b", "d"},
		"治理 year:..2019":     {"a"},
		"source:新华社":         {"b"},
		"id:c":               {"c"},
		"digital government": {"e"}, // ASCII case folded
		"没有的词":               {},
	}
	for q, want := range cases {
		if got := hitIDs(t, idx, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}

func TestIndexSearchErrors(t *testing.T) {
	idx := smallIndex(t)
	_, err := idx.Search("治理 OR", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != ErrInvalidArg || !strings.Contains(e.Msg, "byte") {
		t.Errorf("syntax: %v", err)
	}
	if _, err := idx.Count(strings.Repeat("治", 1100)); !errors.Is(err, ErrLimit) {
		t.Errorf("long term: %v", err)
	}
	if _, err := idx.Search("治理", &SearchOptions{Limit: -2}); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("negative limit: %v", err)
	}
	nw := mustIndex(t, buildIndex(t, filepath.Join(t.TempDir(), "n.gtx"), indexDocs,
		&IndexOptions{Flags: IndexNoWords}))
	if nw.Flags() != IndexNoWords {
		t.Errorf("flags %d", nw.Flags())
	}
	if _, err := nw.Search("word:治理", nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("word: without words: %v", err)
	}
}

func TestIndexOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenIndex(filepath.Join(dir, "missing.gtx")); !errors.Is(err, ErrIO) ||
		!strings.Contains(err.Error(), "missing.gtx") {
		t.Errorf("missing: %v", err)
	}
	p := buildIndex(t, filepath.Join(dir, "i.gtx"), indexDocs, nil)
	data, _ := os.ReadFile(p)
	os.WriteFile(filepath.Join(dir, "t.gtx"), data[:len(data)/2], 0o644)
	if _, err := OpenIndex(filepath.Join(dir, "t.gtx")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated: %v", err)
	}
	data[len(data)/2] ^= 0x40
	os.WriteFile(filepath.Join(dir, "f.gtx"), data, 0o644)
	if _, err := OpenIndex(filepath.Join(dir, "f.gtx")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("flipped: %v", err)
	}
	if _, err := OpenIndex("a\x00b"); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("NUL: %v", err)
	}
}

func TestIndexWriterErrorsAndReplace(t *testing.T) {
	dir := t.TempDir()
	w, err := NewIndexWriter(&IndexOptions{Flags: IndexNoWords})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add("", "x", nil); !errors.Is(err, ErrInvalidArg) || err.(*Error).Msg == "" {
		t.Errorf("empty id: %v", err)
	}
	if err := w.Add("bad", "ok\xff", nil); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("bad UTF-8: %v", err)
	}
	w.Add("x", "第一版", nil)
	w.Add("y", "第二版", nil)
	w.Add("x", "第三版", nil)
	if w.Len() != 2 {
		t.Errorf("Len %d", w.Len())
	}
	if err := w.Delete("y"); err != nil {
		t.Error(err)
	}
	if err := w.Delete("y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if err := w.Save(filepath.Join(dir, "no", "dir", "i.gtx")); !errors.Is(err, ErrIO) {
		t.Errorf("save: %v", err)
	}
	p := filepath.Join(dir, "r.gtx")
	if err := w.Save(p); err != nil {
		t.Fatal(err)
	}
	idx := mustIndex(t, p)
	if text, _ := idx.DocText(0); idx.Len() != 1 || text != "第三版" {
		t.Errorf("%d %q", idx.Len(), text)
	}
	w.Close()
	if err := w.Add("z", "t", nil); err != ErrClosed {
		t.Errorf("after Close: %v", err)
	}
}

// contains is the index's matching: ASCII letters without regard to case.
func contains(text, q string) bool {
	fold := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r < 128 {
				return unicode.ToLower(r)
			}
			return r
		}, s)
	}
	return strings.Contains(fold(text), fold(q))
}

// corpusIndex indexes tests/data, each file loaded and repaired.
func corpusIndex(t testing.TB) (map[string]string, *Index) {
	dir := dataDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	w, err := NewIndexWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	texts := map[string]string{}
	for _, f := range files {
		d := mustDoc(t)(FromFile(f, nil))
		if err := d.Repair(nil, nil); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		texts[name] = d.Text()
		if err := w.Add(name, d.Text(), &DocMeta{Year: int32(2000 + len(name)%5)}); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "corpus.gtx")
	if err := w.Save(p); err != nil {
		t.Fatal(err)
	}
	return texts, mustIndex(t, p)
}

func TestIndexMatchesABruteForceScan(t *testing.T) {
	texts, idx := corpusIndex(t)
	names := make([]string, 0, len(texts))
	for k := range texts {
		names = append(names, k)
	}
	sort.Strings(names)
	rng := rand.New(rand.NewSource(7))
	checked := 0
	for k := 0; k < 150; k++ {
		r := []rune(texts[names[rng.Intn(len(names))]])
		if len(r) < 10 {
			continue
		}
		n := 1 + rng.Intn(6)
		i := rng.Intn(len(r) - n)
		q := string(r[i : i+n])
		if strings.ContainsAny(q, " \t\r\n\u3000\"()-:") || strings.EqualFold(q, "or") {
			continue
		}
		want := []string{}
		for _, name := range names {
			if contains(texts[name], q) {
				want = append(want, name)
			}
		}
		if got := hitIDs(t, idx, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("only %d queries checked", checked)
	}
}

func TestIndexLimitsCountsAndSnippets(t *testing.T) {
	texts, idx := corpusIndex(t)
	few, err := idx.Search("政府", &SearchOptions{Limit: 2})
	if err != nil || len(few.Hits) != 2 {
		t.Fatal(few, err)
	}
	all, _ := idx.Search("政府", &SearchOptions{Limit: SearchAll})
	count, _ := idx.Count("政府")
	if len(all.Hits) != all.Total || all.Total != few.Total || count != all.Total || all.Total <= 2 {
		t.Errorf("totals %d %d %d %d", len(all.Hits), all.Total, few.Total, count)
	}
	for i := 1; i < len(all.Hits); i++ {
		if all.Hits[i].Score > all.Hits[i-1].Score {
			t.Errorf("not best first at %d", i)
		}
	}
	def, _ := idx.Search("政府", nil)
	if len(def.Hits) != 10 && len(def.Hits) != all.Total {
		t.Errorf("default limit: %d", len(def.Hits))
	}
	r, err := idx.Search("政府工作报告", &SearchOptions{Limit: SearchAll, Snippets: true, SnippetChars: 8})
	if err != nil || len(r.Hits) == 0 {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		text := texts[h.ID]
		if h.Match() != "政府工作报告" || text[h.MatchStart:h.MatchEnd] != h.Match() ||
			text[h.SnippetStart:h.SnippetEnd] != h.Snippet ||
			len([]rune(text[h.SnippetStart:h.MatchStart])) > 8 ||
			len([]rune(text[h.MatchEnd:h.SnippetEnd])) > 8 || h.Occurrences < 1 {
			t.Errorf("hit %+v", h)
		}
		if dt, _ := idx.DocText(h.Doc); dt != text {
			t.Errorf("DocText(%d) is not %s's text", h.Doc, h.ID)
		}
	}
	plain, _ := idx.Search("政府工作报告", nil)
	for _, h := range plain.Hits {
		if h.Snippet != "" || h.MatchEnd != 0 || h.Match() != "" {
			t.Errorf("a snippet without asking: %+v", h)
		}
	}
}

func TestIndexTermStats(t *testing.T) {
	idx := smallIndex(t)
	s, err := idx.TermStats("治理") // a 2, b 2 (治理体系, 政治理论), d 1
	want := &TermStats{Docs: 3, Occurrences: 5, Years: []YearCount{{2019, 1, 2}, {2020, 2, 3}}}
	if err != nil || !reflect.DeepEqual(s, want) {
		t.Errorf("%+v %v", s, err)
	}
	if s, _ := idx.TermStats("word:治理"); s.Docs != 3 || s.Occurrences != 4 {
		t.Errorf("word: %+v", s)
	}
	if _, err := idx.TermStats("("); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("syntax: %v", err)
	}
	var docs []testDoc
	for y := 1900; y < 2100; y++ {
		docs = append(docs, testDoc{id: string(rune(0x4e00 + y)), text: "治理", meta: &DocMeta{Year: int32(y)}})
	}
	many := mustIndex(t, buildIndex(t, filepath.Join(t.TempDir(), "y.gtx"), docs, &IndexOptions{Flags: IndexNoWords}))
	s, err = many.TermStats("治理")
	if err != nil || len(s.Years) != 200 || s.Years[0].Year != 1900 || s.Years[199].Year != 2099 || s.Docs != 200 {
		t.Errorf("200 years: %v %v", err, s)
	}
}

func TestIndexMergeShards(t *testing.T) {
	dir := t.TempDir()
	w, err := NewIndexWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 2; k++ {
		var part []testDoc
		for i := k; i < len(indexDocs); i += 2 {
			part = append(part, indexDocs[i])
		}
		idx, err := OpenIndex(buildIndex(t, filepath.Join(dir, "s"+string(rune('0'+k))+".gtx"), part, nil))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.AddIndex(idx); err != nil {
			t.Fatal(err)
		}
		idx.Close() // deferred: the writer reads it until it is closed
		if idx.Len() != 0 {
			t.Error("a closed index has documents")
		}
	}
	if w.Len() != len(indexDocs) {
		t.Errorf("Len %d", w.Len())
	}
	w.Delete("e")
	w.Add("a", "替换后的文本：治理", nil)
	merged := filepath.Join(dir, "merged.gtx")
	if err := w.Save(merged); err != nil {
		t.Fatal(err)
	}
	w.Close()
	m := mustIndex(t, merged)
	for q, want := range map[string][]string{
		"依法": {"c"}, "word:治理": {"a", "b", "d"}, "year:2020": {"b", "d"}, "id:e": {},
	} {
		if got := hitIDs(t, m, q); !reflect.DeepEqual(got, want) {
			t.Errorf("merged %s: %v, want %v", q, got, want)
		}
	}
	nw, _ := NewIndexWriter(&IndexOptions{Flags: IndexNoWords})
	defer nw.Close()
	if err := nw.AddIndex(m); !errors.Is(err, ErrInvalidArg) || !strings.Contains(err.Error(), "words") {
		t.Errorf("other flags: %v", err)
	}
}

func TestIndexWriterOwnLexicon(t *testing.T) {
	lex, err := LexiconFromString("依法治国 100 n\n")
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewIndexWriter(&IndexOptions{Lexicon: lex})
	if err != nil {
		t.Fatal(err)
	}
	if !lex.Frozen() {
		t.Error("the lexicon is not frozen")
	}
	lex.Close() // deferred: the writer segments with it
	w.Add("x", "全面依法治国", nil)
	p := filepath.Join(t.TempDir(), "l.gtx")
	if err := w.Save(p); err != nil {
		t.Fatal(err)
	}
	w.Close()
	idx := mustIndex(t, p)
	if n, _ := idx.Count("word:依法治国"); n != 1 {
		t.Errorf("word:依法治国 %d", n)
	}
	if n, _ := idx.Count("word:治国"); n != 0 {
		t.Errorf("word:治国 %d (not in this lexicon)", n)
	}
	if _, err := NewIndexWriter(&IndexOptions{Lexicon: lex}); err != ErrClosed {
		t.Errorf("closed lexicon: %v", err)
	}
}

func TestIndexClosed(t *testing.T) {
	idx := smallIndex(t)
	idx.Close()
	idx.Close()
	if _, err := idx.Search("治理", nil); err != ErrClosed {
		t.Errorf("Search: %v", err)
	}
	if _, err := idx.TermStats("治理"); err != ErrClosed {
		t.Errorf("TermStats: %v", err)
	}
	if _, err := idx.DocText(0); err != ErrClosed {
		t.Errorf("DocText: %v", err)
	}
	if idx.Len() != 0 || idx.Flags() != 0 {
		t.Error("a closed index has documents")
	}
}

func TestIndexSharedByGoroutines(t *testing.T) {
	_, idx := corpusIndex(t)
	queries := []string{"政府工作报告", "word:发展 OR 改革", "经济 -改革", "year:2001..2003 政府", "的"}
	type outcome struct {
		r *Results
		s *TermStats
	}
	want := make([]outcome, len(queries))
	for i, q := range queries {
		r, err := idx.Search(q, &SearchOptions{Limit: SearchAll, Snippets: true})
		s, err2 := idx.TermStats(q)
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		want[i] = outcome{r, s}
	}
	var wg sync.WaitGroup
	var bad int32
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 40; k++ {
				j := (g + k) % len(queries)
				r, err := idx.Search(queries[j], &SearchOptions{Limit: SearchAll, Snippets: true})
				s, err2 := idx.TermStats(queries[j])
				if err != nil || err2 != nil || !reflect.DeepEqual(r, want[j].r) || !reflect.DeepEqual(s, want[j].s) {
					atomic.AddInt32(&bad, 1)
				}
			}
		}(g)
	}
	wg.Wait()
	if bad != 0 {
		t.Errorf("%d searches differed from the single-goroutine results", bad)
	}
}

func TestIndexClosedWhileSearching(t *testing.T) {
	p := buildIndex(t, filepath.Join(t.TempDir(), "c.gtx"), indexDocs, &IndexOptions{Flags: IndexNoWords})
	for round := 0; round < 10; round++ {
		idx, err := OpenIndex(p)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var started sync.WaitGroup
		errs := make([]error, 4)
		for g := range errs {
			wg.Add(1)
			started.Add(1)
			go func(g int) {
				defer wg.Done()
				started.Done()
				for {
					r, err := idx.Search("治理", nil)
					if err != nil {
						errs[g] = err
						return
					}
					if r.Total != 3 {
						errs[g] = errors.New("wrong total")
						return
					}
				}
			}(g)
		}
		started.Wait()
		idx.Close()
		wg.Wait()
		for _, err := range errs {
			if err != ErrClosed {
				t.Fatalf("a search ended with %v, not ErrClosed", err)
			}
		}
	}
}

func TestIndexFinalizers(t *testing.T) {
	p := buildIndex(t, filepath.Join(t.TempDir(), "f.gtx"), indexDocs, &IndexOptions{Flags: IndexNoWords})
	before := atomic.LoadInt64(&finalized)
	for i := 0; i < 50; i++ {
		idx, err := OpenIndex(p)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := NewIndexWriter(&IndexOptions{Flags: IndexNoWords})
		w.AddIndex(idx)
		idx.Close() // deferred, then forgotten with its writer
	}
	for i := 0; i < 50 && atomic.LoadInt64(&finalized)-before < 100; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := atomic.LoadInt64(&finalized) - before; n < 75 {
		t.Errorf("only %d of 100 forgotten handles finalized", n)
	}
}

func TestIndexMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	p := buildIndex(t, filepath.Join(dir, "m.gtx"), indexDocs, nil)
	idx := mustIndex(t, p)
	queries := []string{"治理", "治理 OR 依法", "word:治理 year:2019..2020", `"依法 治国" -腐败`, "没有"}
	// 100k searches, with snippets, counts, term statistics, documents and
	// the error path; every 1000th step a writer merges the index.
	grew := measure(t, 5000, memCalls, func(i int) {
		switch k := i % 10; {
		case k < 5:
			idx.Search(queries[k], &SearchOptions{Snippets: k%2 == 0})
		case k == 5:
			idx.Count(queries[i%5])
		case k == 6:
			idx.TermStats(queries[i%3])
		case k == 7:
			idx.Search("治理 OR", nil)
		case k == 8:
			idx.DocText(i % 5)
			idx.DocMeta(i % 5)
		case i%1000 == 9:
			w, _ := NewIndexWriter(nil)
			w.AddIndex(idx)
			w.Add("x", "文本", &DocMeta{Title: "t", Source: "s", Date: "2020"})
			w.Delete("nope")
			w.Close()
		default:
			idx.Find("b")
			idx.DocID(2)
		}
	})
	if grew > memSlack {
		t.Errorf("RSS grew by %d bytes", grew)
	}
}
