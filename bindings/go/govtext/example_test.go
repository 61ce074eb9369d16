package govtext_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"libgovtext.org/govtext"
)

func Example() {
	// A GBK page with a byte-order mark, CRLF line ends and a zero-width space.
	gbk := []byte("\x84\x31\x95\x33\xd5\xfe\xb8\xae\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6\r\n" +
		"\xb9\xfa\xce\xf1\xd4\xba\x81\x36\xa4\x37\r\n")
	doc, err := govtext.FromBytes(gbk, &govtext.LoadOptions{Encoding: govtext.EncodingGB18030})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer doc.Close()
	if err := doc.Repair(nil, &govtext.RepairOptions{Script: govtext.ScriptKeep}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %q\n", doc.Encoding(), doc.Text())
	edits, _ := doc.Edits()
	for _, e := range edits[:2] {
		fmt.Printf("%s %q -> %q at text[%d:%d], source[%d:%d]\n",
			e.Kind, e.Old, e.New, e.TextStart, e.TextEnd, e.SrcStart, e.SrcEnd)
	}
	// Output:
	// GB18030 "政府工作报告\n国务院\n"
	// bom "\ufeff" -> "" at text[0:0], source[0:4]
	// newline "\r\n" -> "\n" at text[18:19], source[16:18]
}

func ExampleError() {
	_, err := govtext.FromFile("/nonexistent/report.txt", nil)
	var ge *govtext.Error
	if errors.As(err, &ge) {
		fmt.Println(errors.Is(err, govtext.ErrIO), ge.Status.Name())
		fmt.Println(ge.Msg)
	}
	// Output:
	// true GOVTEXT_ERR_IO
	// cannot open '/nonexistent/report.txt': No such file or directory
}

func ExampleDetectEncoding() {
	big5 := []byte("\xb0\xea\xb0\xc8\xb0\x7c\xc3\xf6\xa9\xf3\xa5\x5b\xb1\x6a\xa6\x61\xa4\xe8\xac\x46\xa9\xb2")
	enc, conf, _ := govtext.DetectEncoding(big5)
	fmt.Println(enc, conf > 0.5)
	// Output: Big5 true
}

func ExampleSegmenter() {
	// One lexicon, shared; one segmenter per goroutine.
	lex, err := govtext.DefaultLexicon()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lex.Close()
	seg, err := govtext.NewSegmenter(lex)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer seg.Close()

	text := "李克强在十三届全国人大一次会议上作政府工作报告。GDP增长6.9%！"
	sentences, _ := seg.Sentences(text)
	for _, s := range sentences {
		fmt.Printf("[%d:%d] %s\n", s.Start, s.End, s.Text)
	}
	words, err := seg.Words(text, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range words[:4] {
		fmt.Printf("%s/%s %s\n", w.Text, w.Tag, w.Kind)
	}
	// Output:
	// [0:72] 李克强在十三届全国人大一次会议上作政府工作报告。
	// [72:88] GDP增长6.9%！
	// 李克强/nr word
	// 在/p word
	// 十三届/m word
	// 全国人大/nt word
}

func ExampleSegmenter_doc() {
	// A document's words, mapped back to the bytes of its GBK source.
	gbk := []byte("\xd5\xfe\xb8\xae\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6\r\n")
	doc, err := govtext.FromBytes(gbk, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer doc.Close()
	seg, err := govtext.NewSegmenter(nil) // a default lexicon of its own
	if err != nil {
		fmt.Println(err)
		return
	}
	defer seg.Close()
	words, _ := seg.Words(doc.Text(), &govtext.SegmentOptions{Mode: govtext.ModeIndex})
	for _, w := range words {
		a, b, _ := doc.MapToSource(w.Start, w.End)
		fmt.Printf("%s text[%d:%d] source[%d:%d]\n", w.Text, w.Start, w.End, a, b)
	}
	// Output:
	// 政府工作报告 text[0:18] source[0:12]
	// 政府 text[0:6] source[0:4]
	// 工作 text[6:12] source[4:8]
	// 报告 text[12:18] source[8:12]
}

func ExampleIndex() {
	dir, _ := os.MkdirTemp("", "govtext-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "reports.gtx")

	w, err := govtext.NewIndexWriter(nil) // words from the default lexicon
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Add("gwr-2019", "推进国家治理体系和治理能力现代化。", &govtext.DocMeta{Year: 2019})
	w.Add("gwr-2020", "完善国家治理体系，提升治理效能。", &govtext.DocMeta{Date: "2020-05-22"})
	if err := w.Save(path); err != nil { // atomically
		fmt.Println(err)
		return
	}
	w.Close()

	idx, err := govtext.OpenIndex(path) // share it between goroutines
	if err != nil {
		fmt.Println(err)
		return
	}
	defer idx.Close()
	r, _ := idx.Search("治理体系 year:2020", &govtext.SearchOptions{Snippets: true, SnippetChars: 2})
	for _, h := range r.Hits {
		fmt.Printf("%s %q %q [%d:%d]\n", h.ID, h.Snippet, h.Match(), h.MatchStart, h.MatchEnd)
	}
	s, _ := idx.TermStats("治理")
	fmt.Println(s.Docs, s.Occurrences, s.Years)
	// Output:
	// gwr-2020 "国家治理体系，提" "治理体系" [12:24]
	// 2 4 [{2019 1 2} {2020 1 2}]
}
