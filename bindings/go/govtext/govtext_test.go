package govtext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// dataDir is tests/data of the checkout, or $GOVTEXT_TEST_DATA.
func dataDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv("GOVTEXT_TEST_DATA")
	if d == "" {
		d = filepath.Join("..", "..", "..", "tests", "data")
	}
	if _, err := os.Stat(filepath.Join(d, "gwr-2018-excerpt.gbk.txt")); err != nil {
		t.Skipf("test data not found in %s (set GOVTEXT_TEST_DATA)", d)
	}
	return d
}

func readData(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mustDoc(t)(FromFile(...)) fails the test on an error and closes the Doc
// at the end of the test.
func mustDoc(t testing.TB) func(*Doc, error) *Doc {
	return func(d *Doc, err error) *Doc {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
}

// --- module-level ---------------------------------------------------------

func TestVersion(t *testing.T) {
	v := Version()
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		t.Fatalf("Version() = %q", v)
	}
	var n [3]uint32
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			t.Fatal(err)
		}
		n[i] = uint32(x)
	}
	if got := VersionNumber(); got != n[0]*10000+n[1]*100+n[2] || got < BindingVersion {
		t.Errorf("VersionNumber() = %d for %q", got, v)
	}
}

func TestStatus(t *testing.T) {
	if ErrInvalidArg.Name() != "GOVTEXT_ERR_INVALID_ARG" {
		t.Errorf("Name = %q", ErrInvalidArg.Name())
	}
	if ErrInvalidArg.Error() != "invalid argument" {
		t.Errorf("Error = %q", ErrInvalidArg.Error())
	}
	if Status(999).Error() == "" || Status(999).Name() == "" {
		t.Error("unknown status has no string")
	}
	var err error = &Error{Op: "govtext_doc_load_file", Status: ErrIO, Msg: "cannot open 'x': gone"}
	if !errors.Is(err, ErrIO) || errors.Is(err, ErrLimit) {
		t.Error("errors.Is does not follow the status")
	}
	if got := err.Error(); got != "govtext: cannot open 'x': gone [GOVTEXT_ERR_IO]" {
		t.Errorf("Error() = %q", got)
	}
	cause := errors.New("disk on fire")
	err = &Error{Status: ErrIO, Err: cause}
	if !errors.Is(err, cause) || !errors.Is(err, ErrIO) {
		t.Error("errors.Is does not reach the cause")
	}
	if !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestEncodingNames(t *testing.T) {
	want := map[Encoding]string{
		EncodingAuto: "auto", EncodingUTF8: "UTF-8", EncodingGB18030: "GB18030",
		EncodingBig5: "Big5", EncodingBig5HKSCS: "Big5-HKSCS", EncodingUTF16LE: "UTF-16LE",
		EncodingUTF16BE: "UTF-16BE", EncodingUTF32LE: "UTF-32LE", EncodingUTF32BE: "UTF-32BE",
	}
	for e, name := range want {
		if e.String() != name {
			t.Errorf("%d.String() = %q, want %q", int(e), e.String(), name)
		}
		if fmt.Sprint(e) != name {
			t.Errorf("fmt.Sprint(%d) = %q", int(e), fmt.Sprint(e))
		}
	}
}

func TestParseEncoding(t *testing.T) {
	cases := map[string]Encoding{
		"utf-8": EncodingUTF8, "UTF8": EncodingUTF8, "gbk": EncodingGB18030,
		"GB2312": EncodingGB18030, "cp936": EncodingGB18030, "EUC-CN": EncodingGB18030,
		"big5": EncodingBig5, "Big5_HKSCS": EncodingBig5HKSCS, "utf-16le": EncodingUTF16LE,
		"UTF_32_BE": EncodingUTF32BE,
	}
	for label, want := range cases {
		got, err := ParseEncoding(label)
		if err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", label, got, err, want)
		}
	}
	_, err := ParseEncoding("klingon-8")
	var ge *Error
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &ge) || !strings.Contains(ge.Msg, "klingon-8") {
		t.Errorf("unknown label: %v", err)
	}
	if _, err := ParseEncoding("utf\x00-8"); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("NUL in label: %v", err)
	}
}

func TestDetectEncoding(t *testing.T) {
	cases := map[string]Encoding{
		"gwr-2018-excerpt.gbk.txt":       EncodingGB18030,
		"gwr-2018-excerpt.utf8.txt":      EncodingUTF8,
		"gwr-2018-excerpt.utf16le.txt":   EncodingUTF16LE,
		"gwr-2018-excerpt.utf16be.txt":   EncodingUTF16BE,
		"gwr-2018-excerpt-hant.big5.txt": EncodingBig5,
	}
	for name, want := range cases {
		enc, conf, err := DetectEncoding(readData(t, name))
		if err != nil || enc != want || conf <= 0.5 || conf > 1 {
			t.Errorf("%s: %v %v %v, want %v", name, enc, conf, err, want)
		}
	}
	enc, conf, err := DetectEncoding(nil)
	if err != nil || enc != EncodingUTF8 || conf != 0 {
		t.Errorf("empty: %v %v %v", enc, conf, err)
	}
}

// --- loading --------------------------------------------------------------------

func TestLoadGBKFileEqualsUTF8Twin(t *testing.T) {
	dir := dataDir(t)
	twin := string(readData(t, "gwr-2018-excerpt.utf8.txt"))
	raw := readData(t, "gwr-2018-excerpt.gbk.txt")
	d := mustDoc(t)(FromFile(filepath.Join(dir, "gwr-2018-excerpt.gbk.txt"), nil))
	if d.Text() != twin {
		t.Error("GBK file does not decode to its UTF-8 twin")
	}
	if d.Encoding() != EncodingGB18030 || d.Confidence() < 0.9 || d.Confidence() > 1 {
		t.Errorf("encoding %v confidence %v", d.Encoding(), d.Confidence())
	}
	if !bytes.Equal(d.Source(), raw) {
		t.Error("Source() is not the file")
	}
	if d.Count(CountInvalidBytes) != 0 {
		t.Error("invalid bytes in a clean file")
	}
	for _, opts := range []*LoadOptions{nil, {}, {Encoding: EncodingGB18030}} {
		d2 := mustDoc(t)(FromBytes(raw, opts))
		if d2.Text() != twin || d2.Encoding() != EncodingGB18030 {
			t.Errorf("FromBytes(%+v): wrong text or encoding %v", opts, d2.Encoding())
		}
		if opts != nil && opts.Encoding != EncodingAuto && d2.Confidence() != 1 {
			t.Errorf("forced encoding: confidence %v", d2.Confidence())
		}
	}
	hant := string(readData(t, "gwr-2018-excerpt-hant.utf8.txt"))
	d3 := mustDoc(t)(FromBytes(readData(t, "gwr-2018-excerpt-hant.big5.txt"), nil))
	if d3.Text() != hant || d3.Encoding() != EncodingBig5 {
		t.Errorf("Big5: encoding %v", d3.Encoding())
	}
}

func TestLoadString(t *testing.T) {
	s := "第十三届全国人民代表大会第一次会议\n"
	d := mustDoc(t)(FromString(s, nil))
	if d.Text() != s || d.Encoding() != EncodingUTF8 || string(d.Source()) != s || d.EditCount() != 0 {
		t.Errorf("FromString: %q %v", d.Text(), d.Encoding())
	}
	// "hello" alone would be detected: LoadString takes UTF-8 unless told.
	if err := d.LoadString("abc", &LoadOptions{Flags: LoadFoldWidth}); err != nil || d.Text() != "abc" {
		t.Errorf("LoadString(abc) = %q, %v", d.Text(), err)
	}
	if err := d.LoadString("", nil); err != nil || d.Text() != "" {
		t.Errorf("empty: %q %v", d.Text(), err)
	}
}

func TestLoadOptions(t *testing.T) {
	raw := "ＡＢＣ１２３\r\n政府\u200b工作\r\n"
	d := mustDoc(t)(FromString(raw, nil))
	if d.Text() != "ＡＢＣ１２３\n政府工作\n" || d.Count(CountNewlines) != 2 || d.Count(CountZeroWidth) != 1 {
		t.Errorf("defaults: %q", d.Text())
	}
	err := d.LoadString(raw, &LoadOptions{Flags: LoadFoldWidth | LoadKeepNewlines | LoadKeepZeroWidth})
	if err != nil || d.Text() != "ABC123\r\n政府\u200b工作\r\n" || d.Count(CountWidth) != 6 {
		t.Errorf("flags: %q %v", d.Text(), err)
	}
	if err := d.LoadString("e\u0301", &LoadOptions{Flags: LoadNoNFC}); err != nil || d.Text() != "e\u0301" {
		t.Errorf("NO_NFC: %q", d.Text())
	}
	if err := d.LoadString("a\x00b", &LoadOptions{Flags: LoadKeepControls}); err != nil || d.Text() != "a\x00b" {
		t.Errorf("KEEP_CONTROLS: %q", d.Text())
	}
}

func TestLoadErrors(t *testing.T) {
	d := mustDoc(t)(FromString("原来的文本", nil))
	missing := filepath.Join(t.TempDir(), "no-such-report.gbk.txt")
	err := d.LoadFile(missing, nil)
	var ge *Error
	if !errors.Is(err, ErrIO) || !errors.As(err, &ge) {
		t.Fatalf("missing file: %v", err)
	}
	if !strings.Contains(ge.Msg, missing) || !strings.Contains(err.Error(), missing) ||
		ge.Op != "govtext_doc_load_file" || ge.Status != ErrIO {
		t.Errorf("missing file: %#v", ge)
	}
	if _, err := FromFile(missing, nil); !errors.Is(err, ErrIO) {
		t.Errorf("FromFile(missing): %v", err)
	}
	err = d.LoadBytes([]byte("ok \xff\xfe"), &LoadOptions{Encoding: EncodingUTF8, Flags: LoadStrict})
	if !errors.Is(err, ErrEncoding) || !errors.As(err, &ge) || !strings.Contains(ge.Msg, "byte 3") {
		t.Errorf("strict: %v", err)
	}
	err = d.LoadBytes([]byte("0123456789"), &LoadOptions{MaxBytes: 4})
	if !errors.Is(err, ErrLimit) {
		t.Errorf("limit: %v", err)
	}
	if err := d.LoadBytes([]byte("x"), &LoadOptions{Encoding: 99}); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("encoding 99: %v", err)
	}
	if err := d.LoadFile("a\x00b", nil); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("NUL in path: %v", err)
	}
	if d.Text() != "原来的文本" {
		t.Errorf("a failed load changed the document: %q", d.Text())
	}
}

func TestUndecodableBytes(t *testing.T) {
	d := mustDoc(t)(FromBytes([]byte("ab\xffcd"), &LoadOptions{Encoding: EncodingUTF8}))
	if d.Text() != "ab\uFFFDcd" || d.Count(CountInvalidBytes) != 1 {
		t.Fatalf("%q", d.Text())
	}
	edits, err := d.Edits()
	if err != nil || len(edits) != 1 {
		t.Fatal(edits, err)
	}
	e := edits[0]
	if e.Kind != EditDecode || e.Old != "" || e.New != "\uFFFD" || e.SrcStart != 2 || e.SrcEnd != 3 ||
		e.TextStart != 2 || e.TextEnd != 5 || e.Kind.String() != "decode" {
		t.Errorf("%+v (%s)", e, e.Kind)
	}
}

func TestLoadReaderAndFD(t *testing.T) {
	dir := dataDir(t)
	raw := readData(t, "gwr-2018-excerpt.gbk.txt")
	twin := string(readData(t, "gwr-2018-excerpt.utf8.txt"))
	readers := map[string]io.Reader{
		"bytes.Reader":     bytes.NewReader(raw),
		"OneByteReader":    iotest.OneByteReader(bytes.NewReader(raw)),
		"DataErrReader":    iotest.DataErrReader(bytes.NewReader(raw)),
		"HalfReader":       iotest.HalfReader(bytes.NewReader(raw)),
		"zero-then-data":   &zeroReader{r: bytes.NewReader(raw)},
		"strings.Reader":   strings.NewReader(string(raw)),
		"io.MultiReader":   io.MultiReader(bytes.NewReader(raw[:100]), bytes.NewReader(raw[100:])),
		"io.LimitReader":   io.LimitReader(bytes.NewReader(raw), int64(len(raw))),
		"bytes.Buffer":     bytes.NewBuffer(append([]byte(nil), raw...)),
		"io.SectionReader": io.NewSectionReader(bytes.NewReader(raw), 0, int64(len(raw))),
	}
	for name, r := range readers {
		d := mustDoc(t)(FromReader(r, nil))
		if d.Text() != twin || d.Encoding() != EncodingGB18030 {
			t.Errorf("%s: wrong text (%d bytes) or encoding %v", name, len(d.Text()), d.Encoding())
		}
	}
	f, err := os.Open(filepath.Join(dir, "gwr-2018-excerpt.gbk.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := mustDoc(t)(NewDoc())
	if err := d.LoadOSFile(f, nil); err != nil || d.Text() != twin {
		t.Errorf("LoadOSFile: %v", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if err := d.LoadFD(int(f.Fd()), nil); err != nil || d.Text() != twin {
		t.Errorf("LoadFD: %v", err)
	}
	if err := d.LoadFD(-1, nil); !errors.Is(err, ErrIO) && !errors.Is(err, ErrInvalidArg) {
		t.Errorf("LoadFD(-1): %v", err)
	}
}

type zeroReader struct {
	r io.Reader
	n int
}

func (z *zeroReader) Read(p []byte) (int, error) {
	z.n++
	if z.n%3 != 0 {
		return 0, nil
	}
	return z.r.Read(p)
}

func TestLoadReaderErrors(t *testing.T) {
	d := mustDoc(t)(FromString("kept", nil))
	boom := errors.New("disk on fire")
	err := d.LoadReader(iotest.TimeoutReader(iotest.OneByteReader(strings.NewReader("中文"))), nil)
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("timeout reader: %v", err)
	}
	err = d.LoadReader(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), nil)
	var ge *Error
	if !errors.Is(err, boom) || !errors.As(err, &ge) || ge.Status == OK {
		t.Errorf("error reader: %v", err)
	}
	if !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("message: %v", err)
	}
	if err := d.LoadReader(stuckReader{}, nil); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("no progress: %v", err)
	}
	func() {
		defer func() {
			if p := recover(); p != "reader panic" {
				t.Errorf("recovered %v", p)
			}
		}()
		d.LoadReader(panicReader{}, nil)
		t.Error("no panic")
	}()
	if d.Text() != "kept" {
		t.Errorf("failed loads changed the document: %q", d.Text())
	}
	// the doc is still usable (the mutex was released)
	if err := d.LoadString("新", nil); err != nil || d.Text() != "新" {
		t.Error(err)
	}
}

type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("reader panic") }

// --- edits and offsets -------------------------------------------------------------

const crlfSample = "\ufeff政府工作报告\r\n国务院总理\u200b李克强\r\nＧＤＰ增长６．９％\r\n"

func TestEdits(t *testing.T) {
	d := mustDoc(t)(FromString(crlfSample, &LoadOptions{Flags: LoadFoldWidth}))
	text, src := d.Text(), string(d.Source())
	if text != "政府工作报告\n国务院总理李克强\nGDP增长6．9％\n" {
		t.Errorf("text %q", text)
	}
	edits, err := d.Edits()
	if err != nil || len(edits) != d.EditCount() || len(edits) == 0 {
		t.Fatal(len(edits), err)
	}
	kinds := map[EditKind]int{}
	for _, e := range edits {
		kinds[e.Kind]++
		if text[e.TextStart:e.TextEnd] != e.New {
			t.Errorf("%+v: text has %q", e, text[e.TextStart:e.TextEnd])
		}
		if src[e.SrcStart:e.SrcEnd] != e.Old {
			t.Errorf("%+v: source has %q", e, src[e.SrcStart:e.SrcEnd])
		}
		if e.Confidence <= 0 || e.Confidence > 1 || e.Kind.String() == "" {
			t.Errorf("%+v", e)
		}
	}
	if kinds[EditBOM] != 1 || kinds[EditNewline] != 3 || kinds[EditZeroWidth] != 1 || kinds[EditWidth] != 5 {
		t.Errorf("kinds %v", kinds)
	}
	if e, err := d.Edit(1); err != nil || e != edits[1] || e.Kind != EditNewline || e.TextStart != 18 {
		t.Errorf("Edit(1) = %+v, %v", e, err)
	}
	if _, err := d.Edit(len(edits)); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("Edit(n): %v", err)
	}
	if _, err := d.Edit(-1); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("Edit(-1): %v", err)
	}
	// the iterator sees the same edits
	var got []Edit
	it := d.Iter()
	for it.Next() {
		got = append(got, it.Edit())
	}
	if it.Err() != nil || len(got) != len(edits) || got[len(got)-1] != edits[len(edits)-1] {
		t.Errorf("iterator: %d edits, %v", len(got), it.Err())
	}
	if it.Next() {
		t.Error("Next after the end")
	}
}

func TestIteratorStopsOnChange(t *testing.T) {
	d := mustDoc(t)(FromString("一\r\n二\r\n三\r\n", nil))
	it := d.Iter()
	if !it.Next() || it.Edit().Kind != EditNewline {
		t.Fatal("first edit")
	}
	d.LoadString("四\r\n", nil)
	if it.Next() || !errors.Is(it.Err(), ErrModified) {
		t.Errorf("after reload: %v", it.Err())
	}
	it = d.Iter()
	d.Close()
	if it.Next() || !errors.Is(it.Err(), ErrClosed) {
		t.Errorf("after close: %v", it.Err())
	}
}

func TestMapToSource(t *testing.T) {
	raw := readData(t, "gwr-2018-excerpt.gbk.txt")
	d := mustDoc(t)(FromBytes(raw, nil))
	u := mustDoc(t)(FromBytes(readData(t, "gwr-2018-excerpt.utf8.txt"), nil))
	text := d.Text()
	line := strings.IndexByte(text, '\n')
	prev := 0
	for i, r := range text[:line] {
		n := utf8.RuneLen(r)
		s0, s1, err := d.MapToSource(i, i+n)
		if err != nil {
			t.Fatal(err)
		}
		want := 2 // a GBK character
		if r < 0x80 {
			want = 1
		}
		if s0 != prev || s1-s0 != want {
			t.Errorf("rune %q at %d maps to [%d, %d)", r, i, s0, s1)
		}
		prev = s1
		// the UTF-8 twin maps each character to itself
		a, b, err := u.MapToSource(i, i+n)
		if err != nil || string(u.Source()[a:b]) != string(r) {
			t.Errorf("UTF-8 twin: %q at %d -> [%d, %d) %v", r, i, a, b, err)
		}
	}
	if s0, s1, err := d.MapToSource(0, len(text)); err != nil || s0 != 0 || s1 != len(raw) {
		t.Errorf("whole text -> [%d, %d) %v", s0, s1, err)
	}
	if s0, s1, err := d.MapToSource(6, 6); err != nil || s0 != s1 {
		t.Errorf("point -> [%d, %d) %v", s0, s1, err)
	}
	var ge *Error
	if _, _, err := d.MapToSource(0, len(text)+1); !errors.Is(err, ErrInvalidArg) || !errors.As(err, &ge) {
		t.Errorf("past the end: %v", err)
	}
	if _, _, err := d.MapToSource(4, 2); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("reversed: %v", err)
	}
	if _, _, err := d.MapToSource(-1, 2); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("negative: %v", err)
	}
	crlf := mustDoc(t)(FromString("党中央\r\n国务院\r\n", nil))
	if s0, s1, _ := crlf.MapToSource(9, 10); string(crlf.Source()[s0:s1]) != "\r\n" {
		t.Errorf("LF that was CRLF -> [%d, %d)", s0, s1)
	}
}

func TestCounts(t *testing.T) {
	d := mustDoc(t)(FromString("a\r\nb\u200bc\r\n", nil))
	c := d.Counts()
	if len(c) != len(Counters()) || c[CountNewlines] != 2 || c[CountZeroWidth] != 1 || c[CountPinyin] != 0 {
		t.Errorf("%v", c)
	}
	if d.Count(Counter(99)) != 0 {
		t.Error("unknown counter is not 0")
	}
	if CountNewlines.String() != "newlines" || CountMaskUnresolved.String() != "mask_unresolved" ||
		Counter(99).String() != "Counter(99)" {
		t.Error("counter names")
	}
}

// --- lifecycle ----------------------------------------------------------------------

func TestCloseIdempotentAndClosedUse(t *testing.T) {
	d, err := FromString("文本", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Close() != nil || d.Close() != nil {
		t.Error("Close returned an error")
	}
	for name, err := range map[string]error{
		"LoadString": d.LoadString("x", nil),
		"LoadBytes":  d.LoadBytes([]byte("x"), nil),
		"LoadFile":   d.LoadFile("x", nil),
		"LoadFD":     d.LoadFD(0, nil),
		"LoadReader": d.LoadReader(strings.NewReader("x"), nil),
		"Repair":     d.Repair(nil, nil),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
	if _, _, err := d.MapToSource(0, 0); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	if _, err := d.Edits(); !errors.Is(err, ErrClosed) {
		t.Error(err)
	}
	// getters give the C API's values for a NULL document
	if d.Text() != "" || len(d.Source()) != 0 || d.EditCount() != 0 || d.Count(CountBOM) != 0 {
		t.Error("getters on a closed Doc")
	}
}

func TestFinalizerBackstop(t *testing.T) {
	before := atomic.LoadInt64(&finalized)
	func() {
		for i := 0; i < 100; i++ {
			if _, err := FromString("忘记关闭", nil); err != nil { // never closed
				t.Fatal(err)
			}
			if _, err := NewCollection(); err != nil {
				t.Fatal(err)
			}
		}
	}()
	for i := 0; i < 50 && atomic.LoadInt64(&finalized)-before < 200; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := atomic.LoadInt64(&finalized) - before; n < 150 {
		t.Errorf("only %d of 200 forgotten handles finalized", n)
	}
	// Close clears the finalizer: a closed Doc is not freed twice.
	d, _ := NewDoc()
	d.Close()
	before = atomic.LoadInt64(&finalized)
	d = nil
	runtime.GC()
	runtime.GC()
	if atomic.LoadInt64(&finalized) != before {
		t.Error("a closed Doc was finalized")
	}
}

// --- repair -------------------------------------------------------------------------

func checkEditsInRange(t *testing.T, d *Doc) {
	t.Helper()
	n, s := len(d.Text()), len(d.Source())
	edits, err := d.Edits()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		if e.TextStart < 0 || e.TextStart > e.TextEnd || e.TextEnd > n ||
			e.SrcStart < 0 || e.SrcStart > e.SrcEnd || e.SrcEnd > s {
			t.Errorf("edit out of range: %+v (text %d, source %d)", e, n, s)
		}
	}
}

func TestRepairContract(t *testing.T) {
	seed := readData(t, "seed-excerpt.txt")
	d := mustDoc(t)(FromBytes(seed, nil))
	before := d.EditCount()
	if err := d.Repair(nil, nil); err != nil {
		t.Fatal(err)
	}
	if d.Text() == "" || d.EditCount() < before {
		t.Errorf("after repair: %d bytes, %d edits (was %d)", len(d.Text()), d.EditCount(), before)
	}
	checkEditsInRange(t, d)
	if err := d.Repair(nil, &RepairOptions{}); err != nil {
		t.Fatal(err)
	}

	// skipping every pass changes nothing
	d2 := mustDoc(t)(FromBytes(seed, nil))
	text, edits, counts := d2.Text(), mustEdits(t, d2), d2.Counts()
	if err := d2.Repair(nil, &RepairOptions{Skip: AllRepairPasses}); err != nil {
		t.Fatal(err)
	}
	if d2.Text() != text || len(mustEdits(t, d2)) != len(edits) || fmt.Sprint(d2.Counts()) != fmt.Sprint(counts) {
		t.Error("repair with every pass skipped changed the document")
	}

	// a skipped pass does nothing
	pin := mustDoc(t)(FromBytes(readData(t, "gwr-2018-excerpt-hant-pinyin.txt"), nil))
	if err := pin.Repair(nil, &RepairOptions{Skip: RepairPinyin | RepairScript}); err != nil {
		t.Fatal(err)
	}
	if pin.Count(CountPinyin) != 0 || pin.Count(CountScript) != 0 {
		t.Error("skipped passes counted work")
	}
	for _, e := range mustEdits(t, pin) {
		if e.Kind == EditPinyin || e.Kind == EditScript {
			t.Errorf("skipped pass made %+v", e)
		}
	}
	checkEditsInRange(t, pin)

	for _, s := range []Script{ScriptAuto, ScriptKeep, ScriptHans, ScriptHant} {
		x := mustDoc(t)(FromString("國務院關於加強地方政府性債務管理的意見\n", nil))
		if err := x.Repair(nil, &RepairOptions{Script: s, MaskThreshold: 0.9}); err != nil {
			t.Errorf("script %v: %v", s, err)
		}
	}
}

func mustEdits(t *testing.T, d *Doc) []Edit {
	t.Helper()
	e, err := d.Edits()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRepairOptionValidation(t *testing.T) {
	d := mustDoc(t)(FromString("原文\n", nil))
	var ge *Error
	err := d.Repair(nil, &RepairOptions{Script: 7})
	if !errors.Is(err, ErrInvalidArg) || !errors.As(err, &ge) || !strings.Contains(ge.Msg, "script") ||
		ge.Op != "govtext_doc_repair" {
		t.Errorf("script 7: %v", err)
	}
	err = d.Repair(nil, &RepairOptions{Skip: 0x10000})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "0x10000") {
		t.Errorf("unknown pass: %v", err)
	}
	for _, bad := range []float64{1.5, -0.1, math.NaN(), math.Inf(1)} {
		err := d.Repair(nil, &RepairOptions{MaskThreshold: bad})
		if !errors.Is(err, ErrInvalidArg) || !strings.Contains(err.Error(), "mask_threshold") {
			t.Errorf("mask_threshold %v: %v", bad, err)
		}
	}
	if d.Text() != "原文\n" || d.EditCount() != 0 {
		t.Error("a failed repair changed the document")
	}
	for name, want := range map[string]Script{"auto": ScriptAuto, "KEEP": ScriptKeep, "hans": ScriptHans, "hant": ScriptHant} {
		if s, err := ParseScript(name); err != nil || s != want || !strings.EqualFold(s.String(), name) {
			t.Errorf("ParseScript(%q) = %v, %v", name, s, err)
		}
	}
	if _, err := ParseScript("klingon"); err == nil {
		t.Error("ParseScript(klingon)")
	}
}

func TestCollectionLifecycle(t *testing.T) {
	c, err := NewCollection()
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 0 {
		t.Error("new collection not empty")
	}
	for i, name := range []string{"gwr-2018-excerpt.gbk.txt", "seed-excerpt.txt", "gwr-2018-excerpt-hant.big5.txt"} {
		d, err := FromBytes(readData(t, name), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Add(d); err != nil {
			t.Fatal(err)
		}
		d.Close() // the collection does not keep the text
		if c.Len() != i+1 {
			t.Errorf("Len = %d", c.Len())
		}
	}
	d := mustDoc(t)(FromBytes(readData(t, "seed-excerpt.txt"), nil))
	if err := d.Repair(c, nil); err != nil {
		t.Fatal(err)
	}
	if err := d.Repair(c, &RepairOptions{Skip: RepairLayout, Script: ScriptKeep}); err != nil {
		t.Fatal(err)
	}
	checkEditsInRange(t, d)
	closed, _ := NewDoc()
	closed.Close()
	if err := c.Add(closed); !errors.Is(err, ErrClosed) {
		t.Errorf("Add(closed doc): %v", err)
	}
	if err := c.Add(nil); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("Add(nil): %v", err)
	}
	if err := d.Repair(c, &RepairOptions{Script: 9}); !errors.Is(err, ErrInvalidArg) {
		t.Errorf("bad options with a collection: %v", err)
	}
	if c.Close() != nil || c.Close() != nil {
		t.Error("Close")
	}
	if c.Len() != 0 {
		t.Error("Len after Close")
	}
	if err := c.Add(d); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v", err)
	}
	if err := d.Repair(c, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Repair with a closed collection: %v", err)
	}
}

// --- goroutines ---------------------------------------------------------------------

func TestDocPerGoroutine(t *testing.T) {
	gbk := readData(t, "gwr-2018-excerpt.gbk.txt")
	big5 := readData(t, "gwr-2018-excerpt-hant.big5.txt")
	twin := string(readData(t, "gwr-2018-excerpt.utf8.txt"))
	hant := string(readData(t, "gwr-2018-excerpt-hant.utf8.txt"))
	seed := readData(t, "seed-excerpt.txt")
	coll, _ := NewCollection()
	defer coll.Close()
	for i := 0; i < 3; i++ {
		d, _ := FromBytes(gbk, nil)
		coll.Add(d)
		d.Close()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			src, want, enc := gbk, twin, EncodingGB18030
			if g%2 == 1 {
				src, want, enc = big5, hant, EncodingBig5
			}
			d, err := NewDoc()
			if err != nil {
				errs <- err
				return
			}
			defer d.Close()
			for i := 0; i < 40; i++ {
				if err := d.LoadBytes(src, nil); err != nil {
					errs <- err
					return
				}
				if d.Text() != want || d.Encoding() != enc {
					errs <- fmt.Errorf("goroutine %d: wrong text", g)
					return
				}
				if e, _, _ := DetectEncoding(src[:200]); e != enc {
					errs <- fmt.Errorf("goroutine %d: detected %v", g, e)
					return
				}
				if err := d.LoadBytes(seed, nil); err != nil {
					errs <- err
					return
				}
				if err := d.Repair(coll, nil); err != nil { // the collection is shared
					errs <- err
					return
				}
				if g == 0 && i%10 == 0 {
					if err := coll.Add(d); err != nil { // waits for the readers
						errs <- err
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if coll.Len() != 3+4 {
		t.Errorf("collection Len = %d", coll.Len())
	}
}

func TestSharedDocAndCloseWhileInUse(t *testing.T) {
	for round := 0; round < 20; round++ {
		d, _ := FromString("初始", nil)
		var wg sync.WaitGroup
		texts := []string{"第一号文件\n", "第二号文件\n", "第三号文件\n", "第四号文件\n"}
		bad := make(chan string, 10)
		for g := range texts {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for {
					if err := d.LoadString(texts[g], nil); err != nil {
						if !errors.Is(err, ErrClosed) {
							bad <- err.Error()
						}
						return
					}
					if s := d.Text(); s != "" && !strings.HasSuffix(s, "号文件\n") {
						bad <- "torn text " + s
						return
					}
					d.Edits()
				}
			}(g)
		}
		runtime.Gosched()
		d.Close()
		wg.Wait()
		close(bad)
		for s := range bad {
			t.Error(s)
		}
	}
}

// --- memory -------------------------------------------------------------------------

func rss(t testing.TB) int64 {
	runtime.GC()
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("needs /proc/self/statm")
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

const (
	memCalls = 100000
	memSlack = 2 << 20 // a leak of one 32-byte allocation per call would be 3.2 MB
)

var leakSink [][]byte

func measure(t *testing.T, warmup, calls int, step func(i int)) int64 {
	if raceEnabled {
		t.Skip("RSS is not measurable under the race detector")
	}
	for i := 0; i < warmup; i++ {
		step(i)
	}
	before := rss(t)
	for i := 0; i < calls; i++ {
		step(i)
	}
	grew := rss(t) - before
	t.Logf("RSS growth over %d steps: %d bytes", calls, grew)
	return grew
}

func TestMemoryControlSeesALeak(t *testing.T) {
	grew := measure(t, 0, memCalls, func(i int) { leakSink = append(leakSink, make([]byte, 48)) })
	leakSink = nil
	if grew <= memSlack {
		t.Errorf("the RSS measure cannot see a 48-byte-per-call leak (%d)", grew)
	}
}

func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	sample := []byte(crlfSample)
	d := mustDoc(t)(NewDoc())
	coll, _ := NewCollection()
	defer coll.Close()
	tmp := filepath.Join(t.TempDir(), "missing")
	grew := measure(t, 5000, memCalls, func(i int) {
		switch i % 8 {
		case 0:
			d.LoadBytes(sample, &LoadOptions{Flags: LoadFoldWidth})
		case 1:
			_ = d.Text()
		case 2:
			d.Edits()
		case 3:
			d.MapToSource(0, 3)
		case 4:
			// all the passes run every 50th time only: the binding's work
			// is the same whatever runs, the passes' time is not
			skip := AllRepairPasses
			if i%400 == 4 {
				skip = 0
			}
			d.Repair(coll, &RepairOptions{Skip: skip})
		case 5:
			d.LoadFile(tmp, nil) // the error path
		case 6:
			x, _ := FromString("短文本", nil)
			x.Close()
		case 7:
			DetectEncoding(sample)
		}
	})
	if grew > memSlack {
		t.Errorf("RSS grew by %d bytes over %d calls", grew, memCalls)
	}
}
