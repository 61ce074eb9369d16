package govtext

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
)

const report = "中华人民共和国国务院总理李克强2018年3月5日在第十三届全国人民代表大会上作政府工作报告。" +
	"我们要推进国家治理体系和治理能力现代化！\n一、过去五年工作回顾\n"

const smallLexicon = "治理体系 3000 n\n治理能力 2000 n\n现代化 5000 vn\n推进 8000 v\n"

var (
	defaultLexOnce sync.Once
	defaultLex     *Lexicon
)

// sharedLexicon is one default lexicon for the tests (as a program would share it).
func sharedLexicon(t testing.TB) *Lexicon {
	defaultLexOnce.Do(func() {
		var err error
		if defaultLex, err = DefaultLexicon(); err != nil {
			t.Fatal(err)
		}
	})
	return defaultLex
}

func mustSegmenter(t testing.TB, lex *Lexicon) *Segmenter {
	t.Helper()
	s, err := NewSegmenter(lex)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustWords(t testing.TB, s *Segmenter, text string, opts *SegmentOptions) []Token {
	t.Helper()
	toks, err := s.Words(text, opts)
	if err != nil {
		t.Fatal(err)
	}
	return toks
}

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// checkSpans: every token's offsets locate its text, in order when ordered.
func checkSpans(t *testing.T, text string, toks []Token, ordered bool) {
	t.Helper()
	prev := 0
	for _, k := range toks {
		if k.Start < 0 || k.End > len(text) || k.Start > k.End || text[k.Start:k.End] != k.Text {
			t.Fatalf("bad token %+v", k)
		}
		if ordered && k.Start < prev {
			t.Fatalf("token %+v before the previous end %d", k, prev)
		}
		prev = k.End
	}
}

func TestWordsPrecise(t *testing.T) {
	s := mustSegmenter(t, sharedLexicon(t))
	toks := mustWords(t, s, report, nil)
	got := texts(toks)
	want := []string{"中华人民共和国国务院", "总理", "李克强", "2018年", "3月", "5日", "在",
		"第十三届", "全国人民代表大会", "上", "作", "政府工作报告"}
	if !reflect.DeepEqual(got[:len(want)], want) {
		t.Errorf("words %q", got)
	}
	if strings.Join(got, "") != strings.ReplaceAll(report, "\n", "") {
		t.Error("precise words do not cover the text")
	}
	checkSpans(t, report, toks, true)
	byText := map[string]Token{}
	for _, k := range toks {
		byText[k.Text] = k
	}
	if k := byText["李克强"]; k.Kind != TokenWord || k.Tag != "nr" || s.TagName(k.TagID) != "nr" {
		t.Errorf("李克强: %+v", k)
	}
	if k := byText["2018年"]; k.Kind != TokenDate || k.Tag != "" || k.Kind.String() != "date" {
		t.Errorf("2018年: %+v", k)
	}
	if byText["。"].Kind != TokenPunct {
		t.Error(byText["。"])
	}
	cut, err := s.Cut(report)
	if err != nil || !reflect.DeepEqual(cut, got) {
		t.Error(cut, err)
	}
}

func TestWordsIndexModeAndKeepSpace(t *testing.T) {
	s := mustSegmenter(t, sharedLexicon(t))
	toks := mustWords(t, s, report, &SegmentOptions{Mode: ModeIndex})
	checkSpans(t, report, toks, false)
	outer := toks[0]
	inner := map[string]bool{}
	for _, k := range toks[1:] {
		if k.Start >= outer.End {
			break
		}
		if k.Start < outer.Start || k.End > outer.End {
			t.Errorf("%+v not inside %+v", k, outer)
		}
		inner[k.Text] = true
	}
	for _, w := range []string{"中华", "人民", "共和国", "国务院"} {
		if !inner[w] {
			t.Errorf("index mode: %s not inside %s (%v)", w, outer.Text, inner)
		}
	}
	text := "数字 政府\t建设\n"
	toks = mustWords(t, s, text, &SegmentOptions{Flags: SegKeepSpace})
	if got := texts(toks); !reflect.DeepEqual(got, []string{"数字", " ", "政府", "\t", "建设", "\n"}) {
		t.Errorf("keep space: %q", got)
	}
	if toks[1].Kind != TokenSpace {
		t.Error(toks[1])
	}
	if got := texts(mustWords(t, s, text, nil)); len(got) != 3 {
		t.Errorf("no space tokens: %q", got)
	}
	if _, err := s.Words(text, &SegmentOptions{Mode: 7}); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("mode 7: %v", err)
	}
}

func TestWordsInvalidUTF8AndEmpty(t *testing.T) {
	s := mustSegmenter(t, sharedLexicon(t))
	_, err := s.Words("政府\xff工作", nil)
	var ge *Error
	if !errors.As(err, &ge) || ge.Status != ErrInvalidUTF8 || !strings.Contains(ge.Msg, "6") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if toks := mustWords(t, s, "", nil); len(toks) != 0 {
		t.Error(toks)
	}
	if toks, err := s.Sentences(""); err != nil || len(toks) != 0 {
		t.Error(toks, err)
	}
}

func TestBufferGrows(t *testing.T) {
	s := mustSegmenter(t, sharedLexicon(t))
	text := strings.Repeat("a ", 60000) // ~1 token per byte
	for i := 0; i < 2; i++ {
		toks := mustWords(t, s, text, &SegmentOptions{Flags: SegKeepSpace})
		if len(toks) != 120000 || toks[len(toks)-2].Kind != TokenLatin ||
			toks[len(toks)-2].Start != len(text)-2 {
			t.Fatalf("%d tokens", len(toks))
		}
		if got := texts(mustWords(t, s, "政府工作报告", nil)); len(got) != 1 {
			t.Error(got)
		}
	}
}

func TestSentencesAndParagraphs(t *testing.T) {
	s := mustSegmenter(t, sharedLexicon(t))
	sents, err := s.Sentences(report)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(sents); len(got) != 3 || got[1] != "我们要推进国家治理体系和治理能力现代化！" ||
		got[2] != "一、过去五年工作回顾" || sents[0].Kind != TokenSentence {
		t.Errorf("sentences %q", got)
	}
	text := string(readData(t, "gov-structure-excerpt.txt"))
	sents, err = s.Sentences(text)
	if err != nil {
		t.Fatal(err)
	}
	paras, err := s.Paragraphs(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(paras) < 10 || len(sents) <= len(paras) {
		t.Errorf("%d sentences, %d paragraphs", len(sents), len(paras))
	}
	for _, spans := range [][]Token{sents, paras} {
		checkSpans(t, text, spans, true)
		for i := 1; i < len(spans); i++ {
			if strings.TrimSpace(text[spans[i-1].End:spans[i].Start]) != "" {
				t.Errorf("text between spans %d and %d", i-1, i)
			}
		}
	}
	if paras[0].Kind != TokenParagraph {
		t.Error(paras[0])
	}
}

func TestSegmentADocMapsToSource(t *testing.T) {
	d := mustDoc(t)(FromFile(filepath.Join(dataDir(t), "gwr-2018-excerpt.gbk.txt"), nil))
	s := mustSegmenter(t, sharedLexicon(t))
	text := d.Text()
	toks := mustWords(t, s, text, nil)
	src := d.Source()
	checked := 0
	for _, k := range toks {
		a, b, err := d.MapToSource(k.Start, k.End)
		if err != nil {
			t.Fatal(err)
		}
		han := true
		for _, r := range k.Text {
			han = han && unicode.Is(unicode.Han, r)
		}
		if han && b-a != len(k.Text)/3*2 { // a GBK Han character is 2 bytes
			t.Errorf("%q maps to source[%d:%d]", k.Text, a, b)
		}
		if han {
			checked++
		}
	}
	if checked < 300 || len(src) == 0 {
		t.Errorf("only %d Han words checked", checked)
	}
}

func TestAddWordIsPerSegmenter(t *testing.T) {
	lex := sharedLexicon(t)
	a, b := mustSegmenter(t, lex), mustSegmenter(t, lex)
	text := "推进数字政府建设"
	before, _ := a.Cut(text)
	if err := a.AddWord("数字政府建设", 0, "gov"); err != nil {
		t.Fatal(err)
	}
	toks := mustWords(t, a, text, nil)
	last := toks[len(toks)-1]
	if last.Text != "数字政府建设" || last.Tag != "gov" || a.TagName(last.TagID) != "gov" {
		t.Errorf("user word: %+v", last)
	}
	if tags := a.Tags(); tags[len(tags)-1] != "gov" || len(b.Tags()) != len(tags)-1 {
		t.Errorf("tags: %q", tags[len(tags)-3:])
	}
	if got, _ := b.Cut(text); !reflect.DeepEqual(got, before) {
		t.Errorf("the other segmenter sees the user word: %q", got)
	}
	if lex.TagName(last.TagID) != "" || b.TagName(last.TagID) != "" {
		t.Error("the user tag leaked")
	}
	for _, c := range []struct {
		word, tag string
		st        Status
	}{
		{"", "", ErrInvalidArg}, {"数字 政府", "", ErrInvalidArg}, {"数字。", "", ErrInvalidArg},
		{strings.Repeat("治", 65), "", ErrLimit}, {"数字", strings.Repeat("t", 16), ErrInvalidArg},
		{"数字\xff", "", ErrInvalidUTF8}, {"数字", "n\x00", ErrInvalidArg},
	} {
		err := a.AddWord(c.word, 0, c.tag)
		var ge *Error
		if !errors.As(err, &ge) || ge.Status != c.st || ge.Msg == "" {
			t.Errorf("AddWord(%q, %q): %v", c.word, c.tag, err)
		}
	}
}

func TestLexiconLoadSaveAndErrors(t *testing.T) {
	dir := t.TempDir()
	lex, err := NewLexicon()
	if err != nil {
		t.Fatal(err)
	}
	defer lex.Close()
	if lex.Len() != 0 || len(lex.Tags()) != 0 {
		t.Error("not empty")
	}
	if err := lex.LoadString(smallLexicon + "一 二 三 四\n坏频率 x1 n\n"); err != nil {
		t.Fatal(err)
	}
	if lex.Len() != 4 || lex.SkippedLines() != 2 || len(lex.Tags()) != 3 || lex.TagName(0) != "" {
		t.Errorf("len %d, skipped %d, tags %q", lex.Len(), lex.SkippedLines(), lex.Tags())
	}
	path := filepath.Join(dir, "words.lex")
	if err := lex.Save(path); err != nil {
		t.Fatal(err)
	}
	s := mustSegmenter(t, lex)
	if !lex.Frozen() {
		t.Error("not frozen")
	}
	toks := mustWords(t, s, "推进治理体系和治理能力现代化", nil)
	if got := texts(toks); !reflect.DeepEqual(got, []string{"推进", "治理体系", "和", "治理能力", "现代化"}) ||
		toks[2].Kind != TokenUnknown || toks[4].Tag != "vn" {
		t.Errorf("%q %+v", got, toks)
	}
	if err := lex.LoadString("新词 1\n"); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("load into a frozen lexicon: %v", err)
	}
	again, err := LexiconFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	s2 := mustSegmenter(t, again)
	if again.Len() != 4 || !reflect.DeepEqual(mustWords(t, s2, report, nil), mustWords(t, s, report, nil)) {
		t.Error("the saved lexicon segments differently")
	}
	raw, _ := os.ReadFile(path)
	fromBytes, err := NewLexicon()
	if err != nil {
		t.Fatal(err)
	}
	defer fromBytes.Close()
	if err := fromBytes.LoadBytes(raw); err != nil || fromBytes.Len() != 4 {
		t.Error(err, fromBytes.Len())
	}
	// errors
	_, err = LexiconFromFile(filepath.Join(dir, "missing.lex"))
	var ge *Error
	if !errors.As(err, &ge) || ge.Status != ErrIO || !strings.Contains(ge.Msg, "missing.lex") {
		t.Errorf("missing file: %v", err)
	}
	raw[len(raw)/2] ^= 0xff
	bad := filepath.Join(dir, "bad.lex")
	os.WriteFile(bad, raw, 0o644)
	if _, err := LexiconFromFile(bad); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged file: %v", err)
	}
	if err := fromBytes.Save(filepath.Join(dir, "no-dir", "x.lex")); !errors.Is(err, ErrIO) {
		t.Errorf("save into a missing directory: %v", err)
	}
	if err := fromBytes.LoadFile("a\x00b"); !errors.Is(err, ErrInvalidArg) {
		t.Error(err)
	}
}

func TestDefaultLexiconAndLayers(t *testing.T) {
	lex := sharedLexicon(t)
	if lex.Len() < 300000 {
		t.Error(lex.Len())
	}
	l2, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if err := l2.LoadString("数字政府建设 100 gov\n"); err != nil || l2.Len() != lex.Len()+1 {
		t.Error(err, l2.Len())
	}
	s := mustSegmenter(t, l2)
	if got, _ := s.Cut("推进数字政府建设"); got[len(got)-1] != "数字政府建设" {
		t.Error(got)
	}
	d := mustSegmenter(t, nil) // a default lexicon of its own
	if d.Lexicon() != nil {
		t.Error("Lexicon() of a default segmenter")
	}
	if got, _ := d.Cut("政府工作报告"); len(got) != 1 {
		t.Error(got)
	}
}

func TestSegmenterOutlivesLexiconAndClose(t *testing.T) {
	lex, err := LexiconFromString(smallLexicon)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSegmenter(lex)
	if err != nil {
		t.Fatal(err)
	}
	lex.Close()
	lex.Close()
	if lex.Len() != 0 || lex.TagName(1) != "" || lex.Tags() != nil {
		t.Error("getters of a closed lexicon")
	}
	if err := lex.LoadDefault(); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if _, err := NewSegmenter(lex); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if got, _ := s.Cut("推进治理体系"); !reflect.DeepEqual(got, []string{"推进", "治理体系"}) {
		t.Error(got)
	}
	toks := mustWords(t, s, "推进治理体系", nil)
	s.Close()
	s.Close()
	if _, err := s.Words("文本", nil); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if _, err := s.Sentences("文本"); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if err := s.AddWord("文本", 0, ""); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if s.TagName(1) != "" || s.Tags() != nil || toks[1].Tag != "n" {
		t.Error("tags after close")
	}
}

func TestSharedLexiconSegmenterPerGoroutine(t *testing.T) {
	lex := sharedLexicon(t)
	inputs := []string{string(readData(t, "gwr-2018-excerpt.utf8.txt")),
		string(readData(t, "gov-structure-excerpt.txt"))}
	ref := mustSegmenter(t, lex)
	type result struct{ words, index, sents []Token }
	want := make([]result, len(inputs))
	for i, in := range inputs {
		w, _ := ref.Words(in, nil)
		x, _ := ref.Words(in, &SegmentOptions{Mode: ModeIndex})
		s, _ := ref.Sentences(in)
		want[i] = result{w, x, s}
	}
	var wg sync.WaitGroup
	var failures int32
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			s, err := NewSegmenter(lex)
			if err != nil {
				atomic.AddInt32(&failures, 1)
				return
			}
			defer s.Close()
			for k := 0; k < 20; k++ {
				i := (g + k) % len(inputs)
				w, _ := s.Words(inputs[i], nil)
				x, _ := s.Words(inputs[i], &SegmentOptions{Mode: ModeIndex})
				se, _ := s.Sentences(inputs[i])
				if !reflect.DeepEqual(result{w, x, se}, want[i]) {
					atomic.AddInt32(&failures, 1)
				}
			}
		}(g)
	}
	// one segmenter shared by goroutines: serialised, same results
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 10; k++ {
				if w, _ := ref.Words(inputs[0], nil); !reflect.DeepEqual(w, want[0].words) {
					atomic.AddInt32(&failures, 1)
				}
			}
		}()
	}
	wg.Wait()
	if failures != 0 {
		t.Errorf("%d goroutine results differ", failures)
	}
}

func TestSegmentFinalizerBackstop(t *testing.T) {
	before := atomic.LoadInt64(&finalized)
	func() {
		for i := 0; i < 50; i++ {
			lex, err := LexiconFromString(smallLexicon) // never closed
			if err != nil {
				t.Fatal(err)
			}
			if _, err := NewSegmenter(lex); err != nil { // never closed
				t.Fatal(err)
			}
		}
	}()
	for i := 0; i < 50 && atomic.LoadInt64(&finalized)-before < 100; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := atomic.LoadInt64(&finalized) - before; n < 75 {
		t.Errorf("only %d of 100 forgotten handles finalized", n)
	}
}

func TestMemoryFlatSegmentation(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	lex := sharedLexicon(t)
	s := mustSegmenter(t, lex)
	big := strings.Repeat(report, 300) // grows the token array past what it keeps
	missing := filepath.Join(t.TempDir(), "missing.lex")
	grew := measure(t, 5000, memCalls, func(i int) {
		switch i % 8 {
		case 0:
			s.Words(report, nil)
		case 1:
			s.Words(report, &SegmentOptions{Mode: ModeIndex, Flags: SegKeepSpace})
		case 2:
			s.Sentences(report)
		case 3:
			s.Paragraphs(report)
		case 4:
			s.AddWord("数字政府"+string(rune('a'+i%26)), 0, "gov") // 26 words, replaced
		case 5:
			s.AddWord("数字 政府", 0, "") // the error path
		case 6:
			if i%64 == 6 {
				l, _ := LexiconFromString(smallLexicon)
				l.LoadFile(missing) // the error path
				x, _ := NewSegmenter(l)
				x.Words(report, nil)
				x.Close()
				l.Close()
			} else {
				lex.TagName(uint32(i % 60))
				s.TagName(uint32(i % 60))
			}
		case 7:
			if i%1000 == 7 {
				s.Words(big, nil)
			} else {
				s.Words("", nil)
			}
		}
	})
	if grew > memSlack {
		t.Errorf("RSS grew by %d bytes over %d calls", grew, memCalls)
	}
}
