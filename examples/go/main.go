// Command load_and_repair loads a scraped file with libgovtext, repairs it,
// reports on stderr what was detected, the counters and the first edits, and
// writes the repaired UTF-8 text to stdout.
//
//	load_and_repair [-script auto|keep|hans|hant] [-edits N] FILE
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

	"libgovtext.org/govtext"
)

func main() {
	script := flag.String("script", "auto", "script handling: auto, keep, hans or hant")
	maxEdits := flag.Int("edits", 10, "how many edits to show")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-script MODE] [-edits N] FILE\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	mode, err := govtext.ParseScript(*script)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair:", err)
		os.Exit(2)
	}
	os.Exit(run(flag.Arg(0), mode, *maxEdits))
}

func run(path string, mode govtext.Script, maxEdits int) int {
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

	if _, err := os.Stdout.WriteString(doc.Text()); err != nil {
		fmt.Fprintln(os.Stderr, "load_and_repair: writing stdout:", err)
		return 1
	}
	return 0
}
