// Package govtext binds libgovtext, the C library that loads and repairs
// Chinese governance texts as they are scraped from the web: legacy
// encodings detected and decoded, text normalised, and (stage by stage)
// mojibake, HTML leftovers, layout, inline pinyin, script conversion,
// duplicates, spam, masked words and punctuation repaired, every change
// recorded as an Edit whose text maps back to the source bytes; and segments
// text into words, sentences and paragraphs over a shared Lexicon.
//
// The package uses cgo with pkg-config:
//
//	PKG_CONFIG_PATH=/prefix/lib/pkgconfig go build
//
// and needs libgovtext.so.1 at run time (ld.so.conf, or LD_LIBRARY_PATH for a
// private prefix).
//
// # Use
//
//	doc, err := govtext.FromFile("report.gbk.txt", nil)
//	if err != nil {
//		return err // *govtext.Error: the library's message, errors.Is(err, govtext.ErrIO)
//	}
//	defer doc.Close()
//	if err := doc.Repair(nil, &govtext.RepairOptions{Script: govtext.ScriptKeep}); err != nil {
//		return err
//	}
//	fmt.Println(doc.Encoding(), doc.Confidence(), doc.Text())
//
//	lex, err := govtext.DefaultLexicon() // load once, share between goroutines
//	...
//	defer lex.Close()
//	seg, err := govtext.NewSegmenter(lex) // one per goroutine
//	...
//	defer seg.Close()
//	words, err := seg.Words(doc.Text(), &govtext.SegmentOptions{Mode: govtext.ModeIndex})
//	for _, w := range words {
//		a, b, _ := doc.MapToSource(w.Start, w.End) // the word's source bytes
//		fmt.Println(w.Text, w.Tag, w.Kind, w.Start, w.End, a, b)
//	}
//
// # Conventions
//
// Text is UTF-8 in and out, and every offset is a byte offset, half-open, as
// in Go strings: Edit.TextStart and Edit.TextEnd index Doc.Text(), SrcStart and
// SrcEnd index Doc.Source(); Token.Start and Token.End index the text
// segmented (Token.Text is that slice of it).
//
// Errors are *Error values holding the Status and the library's message;
// Status implements error, so errors.Is(err, govtext.ErrIO) tests the status.
//
// Doc, Collection, Lexicon and Segmenter hold C memory: call Close
// (idempotent) when done. A finalizer frees a forgotten handle, but only as
// a safety net: the Go garbage collector does not see the C heap and may run
// it late or never.
//
// Each Doc is guarded by a mutex, so a Doc may be shared between goroutines
// (its calls are then serialised); use one Doc per goroutine for parallel
// work. A Collection is fed with Add and may then be read by any number of
// concurrent Repair calls. A Lexicon is loaded first, then shared by any
// number of goroutines; a Segmenter is one goroutine's working state (a
// shared one is serialised by its mutex): make one per goroutine from the
// shared Lexicon. The segmenter's token buffer protocol is hidden: the
// binding grows its array and retries. No Go pointer is kept by C.
package govtext
