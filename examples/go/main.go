// Command load_and_repair loads a scraped file with libgovtext, repairs it,
// reports on stderr what was detected, the counters and the first edits,
// segments the repaired text (its first sentences, and the first words with
// their tags and source bytes), and writes the repaired UTF-8 text to stdout.
// Given a folder, it then indexes every file in it (loaded and repaired) into
// a temporary index file and searches it (QUERY, default 政府工作报告),
// printing the hits with snippets on stderr.
//
//	load_and_repair [-script auto|keep|hans|hant] [-edits N] [-sentences N]
//	                [-words N] [-mode precise|index] FILE [DIR [QUERY]]
//
// Build it against an installed libgovtext:
//
//	PKG_CONFIG_PATH=/prefix/lib/pkgconfig go build
//
// Exit status: 0 on success, 1 on a library or output error, 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"libgovtext.org/govtext"
)

func main() {
	script := flag.String("script", "auto", "script handling: auto, keep, hans or hant")
	maxEdits := flag.Int("edits", 10, "how many edits to show")
	show := showOptions{}
	flag.IntVar(&show.sentences, "sentences", 3, "how many sentences to show")
	flag.IntVar(&show.words, "words", 20, "how many words to show")
	segMode := flag.String("mode", "precise", "word segmentation mode: precise or index")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-script MODE] [-edits N] [-sentences N] [-words N] "+
			"[-mode precise|index] FILE [DIR [QUERY]]\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 || flag.NArg() > 3 {
		flag.Usage()
		os.Exit(2)
	}
	mode, err := govtext.ParseScript(*script)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		os.Exit(2)
	}
	switch *segMode {
	case "precise":
		show.mode = govtext.ModePrecise
	case "index":
		show.mode = govtext.ModeIndex
	default:
		fmt.Fprintf(os.Stderr, "load_and_repair: unknown segmentation mode %q (precise, index)\n",
			*segMode)
		os.Exit(2)
	}
	rc := run(flag.Arg(0), mode, *maxEdits, show)
	if rc == 0 && flag.NArg() > 1 {
		query := "政府工作报告"
		if flag.NArg() > 2 {
			query = flag.Arg(2)
		}
		if err := indexAndSearch(flag.Arg(1), query); err != nil {
			fmt.Fprintln(os.Stderr, "load_and_repair:", err)
			rc = 1
		}
	}
	os.Exit(rc)
}

// showOptions says how much of the segmentation to print.
type showOptions struct {
	sentences, words int
	mode             govtext.SegmentMode
}

func run(path string, mode govtext.Script, maxEdits int, show showOptions) int {
	doc, err := govtext.FromFile(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		return 1
	}
	defer doc.Close()
	if err := doc.Repair(nil, &govtext.RepairOptions{Script: mode}); err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		return 1
	}

	fmt.Fprintf(os.Stderr, "encoding: %s\n", doc.Encoding())
	fmt.Fprintf(os.Stderr, "confidence: %.3f\n", doc.Confidence())
	counts := doc.Counts()
	for _, c := range govtext.Counters() {
		if counts[c] != 0 {
			fmt.Fprintf(os.Stderr, "%s: %d\n", c, counts[c])
		}
	}
	fmt.Fprintf(os.Stderr, "edits: %d\n", doc.EditCount())
	it := doc.Iter()
	for i := 0; i < maxEdits && it.Next(); i++ {
		e := it.Edit()
		fmt.Fprintf(os.Stderr, "  %-10s text[%d:%d] source[%d:%d] %q -> %q\n",
			e.Kind, e.TextStart, e.TextEnd, e.SrcStart, e.SrcEnd, e.Old, e.New)
	}
	if err := it.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		return 1
	}

	if err := segment(doc, show); err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		return 1
	}

	if _, err := os.Stdout.WriteString(doc.Text()); err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair: writing stdout:", err)
		return 1
	}
	return 0
}

// segment prints the first sentences and words of the repaired text. A real
// program loads the lexicon once and shares it; each goroutine makes its own
// Segmenter from it.
func segment(doc *govtext.Doc, show showOptions) error {
	lex, err := govtext.DefaultLexicon()
	if err != nil {
		return err
	}
	defer lex.Close()
	seg, err := govtext.NewSegmenter(lex)
	if err != nil {
		return err
	}
	defer seg.Close()

	text := doc.Text()
	sentences, err := seg.Sentences(text)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sentences: %d\n", len(sentences))
	for i := 0; i < show.sentences && i < len(sentences); i++ {
		s := sentences[i]
		fmt.Fprintf(os.Stderr, "  [%d:%d] %s\n", s.Start, s.End, s.Text)
	}
	words, err := seg.Words(text, &govtext.SegmentOptions{Mode: show.mode})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "words: %d\n", len(words))
	for i := 0; i < show.words && i < len(words); i++ {
		w := words[i]
		// byte offsets into the text, and the source bytes they came from
		a, b, err := doc.MapToSource(w.Start, w.End)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %-12s %-8s %-4s text[%d:%d] source[%d:%d]\n",
			w.Text, w.Kind, w.Tag, w.Start, w.End, a, b)
	}
	return nil
}

// indexAndSearch indexes the files of dir (loaded and repaired; a file that
// fails is skipped with a message) into a temporary index file, and prints
// the best hits of query with their snippets.
func indexAndSearch(dir, query string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "load_and_repair")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "index.gtx")

	w, err := govtext.NewIndexWriter(nil) // words from the default lexicon
	if err != nil {
		return err
	}
	defer w.Close()
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := addFile(w, dir, e.Name()); err != nil {
			fmt.Fprintf(os.Stderr, "load_and_repair: skipping %s: %v\n", e.Name(), err)
		}
	}
	if err := w.Save(path); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "indexed: %d documents from %s\n", w.Len(), dir)

	idx, err := govtext.OpenIndex(path) // safe for concurrent searches
	if err != nil {
		return err
	}
	defer idx.Close()
	r, err := idx.Search(query, &govtext.SearchOptions{Limit: 5, Snippets: true, SnippetChars: 12})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "search %s: %d documents\n", query, r.Total)
	for _, h := range r.Hits {
		// byte offsets into the document's text (idx.DocText(h.Doc))
		fmt.Fprintf(os.Stderr, "  %s %.3f %d [%d:%d] %s\n", h.ID, h.Score, h.Occurrences,
			h.MatchStart, h.MatchEnd, strings.ReplaceAll(h.Snippet, "\n", " "))
	}
	return nil
}

func addFile(w *govtext.IndexWriter, dir, name string) error {
	doc, err := govtext.FromFile(filepath.Join(dir, name), nil)
	if err != nil {
		return err
	}
	defer doc.Close()
	if err := doc.Repair(nil, nil); err != nil {
		return err
	}
	return w.Add(name, doc.Text(), nil)
}
