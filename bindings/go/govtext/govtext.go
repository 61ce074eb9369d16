package govtext

/*
#cgo pkg-config: libgovtext
#include <stdint.h>
#include <stdlib.h>
#include <govtext.h>

// Defined in reader.go (//export).
extern int govtextGoRead(void *buf, size_t cap, size_t *got, void *user_data);

// The cgo.Handle travels as an integer and becomes user_data here, so no Go
// pointer is ever passed to (or kept by) C.
static govtext_status gt_load_reader(govtext_doc *doc, uintptr_t handle,
                                     const govtext_load_options *o)
{
    return govtext_doc_load_reader(doc, govtextGoRead, (void *)handle, o);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/cgo"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// BindingVersion is the API version this package was written against, as
// GOVTEXT_VERSION_NUMBER computes it (MAJOR*10000 + MINOR*100 + PATCH).
const BindingVersion = 200

func init() {
	// The library must have the same major version, be at least the version
	// of the header this package was compiled with, and at least the
	// version the package was written against.
	lib := uint32(C.govtext_version())
	header := uint32(C.GOVTEXT_VERSION_NUMBER)
	if lib/10000 != BindingVersion/10000 || lib < BindingVersion || lib < header {
		panic(fmt.Sprintf("govtext: the loaded libgovtext is %s (%d); this package needs "+
			"major version %d, at least %d and at least the compiled-in header's %d",
			C.GoString(C.govtext_version_string()), lib, BindingVersion/10000, BindingVersion,
			header))
	}
}

// Version returns the loaded library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.govtext_version_string()) }

// VersionNumber returns the loaded library's version as MAJOR*10000 + MINOR*100 + PATCH.
func VersionNumber() uint32 { return uint32(C.govtext_version()) }

// ---------------------------------------------------------------------------
// Status and errors

// Status is a libgovtext status code. The values are the C API's and are never
// renumbered. Status implements error (like syscall.Errno), so
// errors.Is(err, govtext.ErrIO) tests the status of an *Error.
type Status int

const (
	OK                Status = C.GOVTEXT_OK
	ErrNoMem          Status = C.GOVTEXT_ERR_NOMEM
	ErrInvalidArg     Status = C.GOVTEXT_ERR_INVALID_ARG
	ErrInvalidUTF8    Status = C.GOVTEXT_ERR_INVALID_UTF8
	ErrEncoding       Status = C.GOVTEXT_ERR_ENCODING
	ErrIO             Status = C.GOVTEXT_ERR_IO
	ErrBufferTooSmall Status = C.GOVTEXT_ERR_BUFFER_TOO_SMALL
	ErrUnsupported    Status = C.GOVTEXT_ERR_UNSUPPORTED
	ErrCorrupt        Status = C.GOVTEXT_ERR_CORRUPT
	ErrLimit          Status = C.GOVTEXT_ERR_LIMIT
	ErrNotFound       Status = C.GOVTEXT_ERR_NOT_FOUND
	ErrInternal       Status = C.GOVTEXT_ERR_INTERNAL
)

// Error returns the library's short description ("invalid argument").
func (s Status) Error() string {
	return C.GoString(C.govtext_status_string(C.govtext_status(s)))
}

// Name returns the C constant's name ("GOVTEXT_ERR_INVALID_ARG").
func (s Status) Name() string {
	return C.GoString(C.govtext_status_name(C.govtext_status(s)))
}

// Error is a failed libgovtext call.
type Error struct {
	Op     string // the C function that failed, e.g. "govtext_doc_load_file"
	Status Status // the status it returned
	Msg    string // the library's message: what went wrong and where
	Err    error  // the underlying Go error (a failing io.Reader), or nil
}

func (e *Error) Error() string {
	msg := e.Msg
	if msg == "" {
		msg = e.Status.Error()
	}
	if e.Err != nil && !strings.Contains(msg, e.Err.Error()) {
		msg += ": " + e.Err.Error()
	}
	return "govtext: " + msg + " [" + e.Status.Name() + "]"
}

// Is reports whether target is e's Status, so that
// errors.Is(err, govtext.ErrIO) works.
func (e *Error) Is(target error) bool {
	s, ok := target.(Status)
	return ok && s == e.Status
}

// Unwrap returns the underlying Go error, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrClosed is returned by the methods of a Doc or Collection after Close.
var ErrClosed = errors.New("govtext: use of a closed handle")

func statusErr(op string, st C.govtext_status, msg string) error {
	if st == C.GOVTEXT_OK {
		return nil
	}
	return &Error{Op: op, Status: Status(st), Msg: msg}
}

// goStringN copies n bytes of C memory into a string; n may exceed C.int.
func goStringN(p *C.char, n C.size_t) string {
	if n == 0 || p == nil {
		return ""
	}
	if n <= math.MaxInt32 {
		return C.GoStringN(p, C.int(n))
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n)))
}

// goBytes is goStringN for a []byte.
func goBytes(p unsafe.Pointer, n C.size_t) []byte {
	if n == 0 || p == nil {
		return []byte{}
	}
	if n <= math.MaxInt32 {
		return C.GoBytes(p, C.int(n))
	}
	return append([]byte(nil), unsafe.Slice((*byte)(p), int(n))...)
}

// takeBuffer copies a buffer the library allocated for the caller and
// releases it with govtext_free. No function of the current API returns such
// a buffer; this is where one would be handled.
func takeBuffer(p unsafe.Pointer, n C.size_t) []byte {
	defer C.govtext_free(p)
	return goBytes(p, n)
}

// bytesPtr returns a pointer to b's data for a call that only reads it
// (nil for an empty slice). Go memory without Go pointers may be passed to C
// for the duration of a call.
func bytesPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// stringPtr is bytesPtr for a string, without copying it.
func stringPtr(s string) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(*(**byte)(unsafe.Pointer(&s)))
}

// ---------------------------------------------------------------------------
// Encodings

// Encoding is a text encoding the library detects and decodes.
type Encoding int

const (
	EncodingAuto      Encoding = C.GOVTEXT_ENC_AUTO // detect (only meaningful as an option)
	EncodingUTF8      Encoding = C.GOVTEXT_ENC_UTF8
	EncodingGB18030   Encoding = C.GOVTEXT_ENC_GB18030 // also GBK, GB2312, CP936, EUC-CN
	EncodingBig5      Encoding = C.GOVTEXT_ENC_BIG5
	EncodingBig5HKSCS Encoding = C.GOVTEXT_ENC_BIG5_HKSCS
	EncodingUTF16LE   Encoding = C.GOVTEXT_ENC_UTF16LE
	EncodingUTF16BE   Encoding = C.GOVTEXT_ENC_UTF16BE
	EncodingUTF32LE   Encoding = C.GOVTEXT_ENC_UTF32LE
	EncodingUTF32BE   Encoding = C.GOVTEXT_ENC_UTF32BE
)

// String returns the canonical name: "UTF-8", "GB18030", "Big5", ...
func (e Encoding) String() string {
	return C.GoString(C.govtext_encoding_name(C.govtext_encoding(e)))
}

// ParseEncoding parses an encoding label case-insensitively, ignoring '-' and
// '_'. Every GB label gives EncodingGB18030. An unknown label gives an *Error
// with ErrNotFound.
func ParseEncoding(label string) (Encoding, error) {
	if strings.IndexByte(label, 0) >= 0 {
		return 0, &Error{Op: "govtext_encoding_from_name", Status: ErrInvalidArg,
			Msg: "encoding label contains NUL"}
	}
	cs := C.CString(label)
	defer C.free(unsafe.Pointer(cs))
	var out C.govtext_encoding
	st := C.govtext_encoding_from_name(cs, &out)
	if st != C.GOVTEXT_OK {
		return 0, statusErr("govtext_encoding_from_name", st,
			fmt.Sprintf("unknown encoding label %q", label))
	}
	return Encoding(out), nil
}

// DetectEncoding guesses the encoding of b and returns it with a confidence
// in [0, 1]. Safe for concurrent use.
func DetectEncoding(b []byte) (Encoding, float64, error) {
	var out C.govtext_encoding
	var conf C.double
	st := C.govtext_detect_encoding(bytesPtr(b), C.size_t(len(b)), &out, &conf)
	runtime.KeepAlive(b)
	if st != C.GOVTEXT_OK {
		return 0, 0, statusErr("govtext_detect_encoding", st, "")
	}
	return Encoding(out), float64(conf), nil
}

// ---------------------------------------------------------------------------
// Counters and edit kinds

// Counter names a count of what loading and repair did to a document.
type Counter int

const (
	CountInvalidBytes   Counter = C.GOVTEXT_COUNT_INVALID_BYTES
	CountBOM            Counter = C.GOVTEXT_COUNT_BOM
	CountNewlines       Counter = C.GOVTEXT_COUNT_NEWLINES
	CountZeroWidth      Counter = C.GOVTEXT_COUNT_ZERO_WIDTH
	CountControls       Counter = C.GOVTEXT_COUNT_CONTROLS
	CountNFC            Counter = C.GOVTEXT_COUNT_NFC
	CountWidth          Counter = C.GOVTEXT_COUNT_WIDTH
	CountPartial        Counter = C.GOVTEXT_COUNT_PARTIAL
	CountMojibake       Counter = C.GOVTEXT_COUNT_MOJIBAKE
	CountHTML           Counter = C.GOVTEXT_COUNT_HTML
	CountLayout         Counter = C.GOVTEXT_COUNT_LAYOUT
	CountPinyin         Counter = C.GOVTEXT_COUNT_PINYIN
	CountScript         Counter = C.GOVTEXT_COUNT_SCRIPT
	CountDuplicate      Counter = C.GOVTEXT_COUNT_DUPLICATE
	CountSpam           Counter = C.GOVTEXT_COUNT_SPAM
	CountMask           Counter = C.GOVTEXT_COUNT_MASK
	CountMaskUnresolved Counter = C.GOVTEXT_COUNT_MASK_UNRESOLVED
	CountPunct          Counter = C.GOVTEXT_COUNT_PUNCT
	CountQuote          Counter = C.GOVTEXT_COUNT_QUOTE
)

// The C API has no name function for counters; these are the names the
// `govtext repair` JSON report uses.
var counterNames = [...]string{
	"invalid_bytes", "bom", "newlines", "zero_width", "controls", "nfc", "width", "partial",
	"mojibake", "html", "layout", "pinyin", "script", "duplicate", "spam", "mask",
	"mask_unresolved", "punct", "quote",
}

// Counters lists every counter this package knows, in order.
func Counters() []Counter {
	out := make([]Counter, len(counterNames))
	for i := range out {
		out[i] = Counter(i)
	}
	return out
}

// String returns the counter's name ("newlines").
func (c Counter) String() string {
	if c >= 0 && int(c) < len(counterNames) {
		return counterNames[c]
	}
	return fmt.Sprintf("Counter(%d)", int(c))
}

// EditKind is the kind of an Edit.
type EditKind uint32

const (
	EditDecode         EditKind = C.GOVTEXT_EDIT_DECODE
	EditBOM            EditKind = C.GOVTEXT_EDIT_BOM
	EditPartial        EditKind = C.GOVTEXT_EDIT_PARTIAL
	EditNewline        EditKind = C.GOVTEXT_EDIT_NEWLINE
	EditZeroWidth      EditKind = C.GOVTEXT_EDIT_ZERO_WIDTH
	EditControl        EditKind = C.GOVTEXT_EDIT_CONTROL
	EditNFC            EditKind = C.GOVTEXT_EDIT_NFC
	EditWidth          EditKind = C.GOVTEXT_EDIT_WIDTH
	EditMojibake       EditKind = C.GOVTEXT_EDIT_MOJIBAKE
	EditHTML           EditKind = C.GOVTEXT_EDIT_HTML
	EditLayout         EditKind = C.GOVTEXT_EDIT_LAYOUT
	EditPinyin         EditKind = C.GOVTEXT_EDIT_PINYIN
	EditScript         EditKind = C.GOVTEXT_EDIT_SCRIPT
	EditDuplicate      EditKind = C.GOVTEXT_EDIT_DUPLICATE
	EditSpam           EditKind = C.GOVTEXT_EDIT_SPAM
	EditMask           EditKind = C.GOVTEXT_EDIT_MASK
	EditMaskUnresolved EditKind = C.GOVTEXT_EDIT_MASK_UNRESOLVED
	EditPunct          EditKind = C.GOVTEXT_EDIT_PUNCT
	EditQuote          EditKind = C.GOVTEXT_EDIT_QUOTE
)

// String returns the library's name of the kind ("newline").
func (k EditKind) String() string {
	return C.GoString(C.govtext_edit_kind_name(C.uint32_t(k)))
}

// Edit is one change between the source and the current text.
type Edit struct {
	Kind       EditKind
	SrcStart   int     // the source bytes involved: Source()[SrcStart:SrcEnd]
	SrcEnd     int     //
	TextStart  int     // where the replacement stands: Text()[TextStart:TextEnd]
	TextEnd    int     // (TextStart == TextEnd for a removal)
	Old        string  // what was there ("" for undecodable bytes: see the source range)
	New        string  // the replacement ("" for a removal)
	Confidence float64 // 1 for a deterministic normalisation
}

// ---------------------------------------------------------------------------
// Options

// LoadFlags are the load options' flags; zero gives the defaults.
type LoadFlags uint32

const (
	LoadStrict        LoadFlags = C.GOVTEXT_LOAD_STRICT          // fail on undecodable bytes
	LoadNoNFC         LoadFlags = C.GOVTEXT_LOAD_NO_NFC          // keep the decoded form
	LoadKeepNewlines  LoadFlags = C.GOVTEXT_LOAD_KEEP_NEWLINES   // keep CR, CRLF, U+2028, ...
	LoadKeepZeroWidth LoadFlags = C.GOVTEXT_LOAD_KEEP_ZERO_WIDTH // keep ZWSP, ZWJ, inner BOM ...
	LoadKeepControls  LoadFlags = C.GOVTEXT_LOAD_KEEP_CONTROLS   // keep NUL and other C0/C1
	LoadFoldWidth     LoadFlags = C.GOVTEXT_LOAD_FOLD_WIDTH      // ＡＢＣ１２３ -> ABC123
)

// LoadOptions are the options of the Load methods. A nil *LoadOptions, and
// the zero value of every field, mean the library default.
type LoadOptions struct {
	Encoding Encoding  // EncodingAuto (0) detects
	Flags    LoadFlags // LoadStrict, LoadFoldWidth, ...
	MaxBytes uint64    // refuse larger input (ErrLimit); 0 = 1 GiB
}

func (o *LoadOptions) c() (C.govtext_load_options, error) {
	var co C.govtext_load_options
	if st := C.govtext_load_options_init(&co, C.sizeof_govtext_load_options); st != C.GOVTEXT_OK {
		return co, statusErr("govtext_load_options_init", st, "")
	}
	if o != nil {
		if o.Encoding < 0 || int64(o.Encoding) > math.MaxUint32 {
			return co, &Error{Op: "govtext_load_options", Status: ErrInvalidArg,
				Msg: fmt.Sprintf("encoding %d out of range", int(o.Encoding))}
		}
		co.encoding = C.uint32_t(o.Encoding)
		co.flags = C.uint32_t(o.Flags)
		co.max_bytes = C.uint64_t(o.MaxBytes)
	}
	return co, nil
}

// RepairPass names a repair pass, for RepairOptions.Skip.
type RepairPass uint32

const (
	RepairMojibake  RepairPass = C.GOVTEXT_REPAIR_MOJIBAKE
	RepairHTML      RepairPass = C.GOVTEXT_REPAIR_HTML
	RepairLayout    RepairPass = C.GOVTEXT_REPAIR_LAYOUT
	RepairPinyin    RepairPass = C.GOVTEXT_REPAIR_PINYIN
	RepairScript    RepairPass = C.GOVTEXT_REPAIR_SCRIPT
	RepairDuplicate RepairPass = C.GOVTEXT_REPAIR_DUPLICATE
	RepairSpam      RepairPass = C.GOVTEXT_REPAIR_SPAM
	RepairMask      RepairPass = C.GOVTEXT_REPAIR_MASK
	RepairPunct     RepairPass = C.GOVTEXT_REPAIR_PUNCT

	// AllRepairPasses is every pass this package knows.
	AllRepairPasses = RepairMojibake | RepairHTML | RepairLayout | RepairPinyin | RepairScript |
		RepairDuplicate | RepairSpam | RepairMask | RepairPunct
)

// Script is how repair handles traditional and simplified characters.
type Script uint32

const (
	ScriptAuto Script = C.GOVTEXT_SCRIPT_AUTO // to simplified only on evidence of machine conversion
	ScriptKeep Script = C.GOVTEXT_SCRIPT_KEEP
	ScriptHans Script = C.GOVTEXT_SCRIPT_HANS // always to simplified
	ScriptHant Script = C.GOVTEXT_SCRIPT_HANT // always to traditional
)

var scriptNames = [...]string{"auto", "keep", "hans", "hant"}

func (s Script) String() string {
	if int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return fmt.Sprintf("Script(%d)", uint32(s))
}

// ParseScript parses "auto", "keep", "hans" or "hant" (as the CLI's --script).
func ParseScript(name string) (Script, error) {
	for i, n := range scriptNames {
		if strings.EqualFold(n, name) {
			return Script(i), nil
		}
	}
	return 0, fmt.Errorf("govtext: unknown script mode %q (auto, keep, hans, hant)", name)
}

// RepairOptions are the options of Doc.Repair. A nil *RepairOptions, and the
// zero value of every field, mean the library default.
type RepairOptions struct {
	Skip          RepairPass // passes not to run
	Script        Script     // ScriptAuto (0) by default
	MaskThreshold float64    // restore a mask at this confidence or above, in (0, 1]; 0 = 0.5
}

func (o *RepairOptions) c() (C.govtext_repair_options, error) {
	var co C.govtext_repair_options
	if st := C.govtext_repair_options_init(&co, C.sizeof_govtext_repair_options); st != C.GOVTEXT_OK {
		return co, statusErr("govtext_repair_options_init", st, "")
	}
	if o != nil {
		co.skip = C.uint32_t(o.Skip)
		co.script = C.uint32_t(o.Script)
		co.mask_threshold = C.double(o.MaskThreshold)
	}
	return co, nil
}

// ---------------------------------------------------------------------------
// Documents

// Doc is a document: the source bytes, the current UTF-8 text, the offset map
// from text to source, what was detected, and the edits made. Its methods may
// be called from several goroutines (they are serialised).
type Doc struct {
	mu  sync.Mutex
	p   *C.govtext_doc
	gen uint64 // bumped by every call that changes the document
}

// finalized counts handles freed by a finalizer (tests read it).
var finalized int64

// NewDoc returns an empty document (text "", no source).
func NewDoc() (*Doc, error) {
	p := C.govtext_doc_new()
	if p == nil {
		return nil, &Error{Op: "govtext_doc_new", Status: ErrNoMem, Msg: "out of memory"}
	}
	d := &Doc{p: p}
	runtime.SetFinalizer(d, (*Doc).finalize)
	return d, nil
}

func (d *Doc) finalize() {
	// Unreachable, so no lock: nothing else can be using it.
	if d.p != nil {
		C.govtext_doc_free(d.p)
		d.p = nil
		atomic.AddInt64(&finalized, 1)
	}
}

// Close frees the document. It is idempotent and always returns nil.
func (d *Doc) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p != nil {
		C.govtext_doc_free(d.p)
		d.p = nil
		runtime.SetFinalizer(d, nil)
	}
	return nil
}

func (d *Doc) fail(op string, st C.govtext_status) error {
	return statusErr(op, st, C.GoString(C.govtext_doc_errmsg(d.p)))
}

func newDocWith(load func(*Doc) error) (*Doc, error) {
	d, err := NewDoc()
	if err != nil {
		return nil, err
	}
	if err := load(d); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// FromBytes returns a new document loaded from b (see Doc.LoadBytes).
func FromBytes(b []byte, opts *LoadOptions) (*Doc, error) {
	return newDocWith(func(d *Doc) error { return d.LoadBytes(b, opts) })
}

// FromString returns a new document loaded from s (see Doc.LoadString).
func FromString(s string, opts *LoadOptions) (*Doc, error) {
	return newDocWith(func(d *Doc) error { return d.LoadString(s, opts) })
}

// FromFile returns a new document loaded from the file at path.
func FromFile(path string, opts *LoadOptions) (*Doc, error) {
	return newDocWith(func(d *Doc) error { return d.LoadFile(path, opts) })
}

// FromReader returns a new document loaded from r, read to its end.
func FromReader(r io.Reader, opts *LoadOptions) (*Doc, error) {
	return newDocWith(func(d *Doc) error { return d.LoadReader(r, opts) })
}

func (d *Doc) loadBytes(p unsafe.Pointer, n int, opts *LoadOptions) error {
	co, err := opts.c()
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return ErrClosed
	}
	d.gen++
	st := C.govtext_doc_load_bytes(d.p, p, C.size_t(n), &co)
	runtime.KeepAlive(d)
	return d.fail("govtext_doc_load_bytes", st)
}

// LoadBytes loads a document from bytes in any supported encoding, replacing
// what d held. The bytes are copied. On failure d is left as it was.
func (d *Doc) LoadBytes(b []byte, opts *LoadOptions) error {
	err := d.loadBytes(bytesPtr(b), len(b), opts)
	runtime.KeepAlive(b)
	return err
}

// LoadString loads a document from s. Unless opts names an encoding, s is
// taken as UTF-8 (it is not detected).
func (d *Doc) LoadString(s string, opts *LoadOptions) error {
	o := LoadOptions{Encoding: EncodingUTF8}
	if opts != nil {
		o = *opts
		if o.Encoding == EncodingAuto {
			o.Encoding = EncodingUTF8
		}
	}
	err := d.loadBytes(stringPtr(s), len(s), &o)
	runtime.KeepAlive(s)
	return err
}

// LoadFile loads the file at path. A file that cannot be read gives an *Error
// with ErrIO whose message names the path and the reason.
func (d *Doc) LoadFile(path string, opts *LoadOptions) error {
	if strings.IndexByte(path, 0) >= 0 {
		return &Error{Op: "govtext_doc_load_file", Status: ErrInvalidArg,
			Msg: fmt.Sprintf("path %q contains NUL", path)}
	}
	co, err := opts.c()
	if err != nil {
		return err
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return ErrClosed
	}
	d.gen++
	st := C.govtext_doc_load_file(d.p, cpath, &co)
	runtime.KeepAlive(d)
	return d.fail("govtext_doc_load_file", st)
}

// LoadFD loads from an open file descriptor (a pipe works too), read to its
// end. The descriptor is not closed.
func (d *Doc) LoadFD(fd int, opts *LoadOptions) error {
	co, err := opts.c()
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return ErrClosed
	}
	d.gen++
	st := C.govtext_doc_load_fd(d.p, C.int(fd), &co)
	runtime.KeepAlive(d)
	return d.fail("govtext_doc_load_fd", st)
}

// LoadOSFile loads from f's descriptor, from its current offset to its end.
func (d *Doc) LoadOSFile(f *os.File, opts *LoadOptions) error {
	err := d.LoadFD(int(f.Fd()), opts)
	runtime.KeepAlive(f) // f's finalizer must not close the descriptor during the call
	return err
}

// LoadReader loads from r, read to its end on the calling goroutine. An error
// from r is returned wrapped in an *Error (errors.Is finds it); a panic in r
// is re-raised once the C call has returned. r must not use d.
func (d *Doc) LoadReader(r io.Reader, opts *LoadOptions) error {
	co, err := opts.c()
	if err != nil {
		return err
	}
	state := &readState{r: r}
	h := cgo.NewHandle(state)
	defer h.Delete()
	d.mu.Lock()
	if d.p == nil {
		d.mu.Unlock()
		return ErrClosed
	}
	d.gen++
	st := C.gt_load_reader(d.p, C.uintptr_t(h), &co)
	runtime.KeepAlive(d)
	err = d.fail("govtext_doc_load_reader", st)
	d.mu.Unlock()
	if state.panicked {
		panic(state.panicValue)
	}
	if e, ok := err.(*Error); ok && state.err != nil {
		e.Err = state.err
	}
	return err
}

// Text returns the current text (UTF-8). It is "" for a closed document.
func (d *Doc) Text() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var n C.size_t
	p := C.govtext_doc_text(d.p, &n)
	s := goStringN(p, n)
	runtime.KeepAlive(d)
	return s
}

// Source returns a copy of the source bytes exactly as given.
func (d *Doc) Source() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	var n C.size_t
	p := C.govtext_doc_source(d.p, &n)
	b := goBytes(p, n)
	runtime.KeepAlive(d)
	return b
}

// Encoding returns the encoding the source was decoded from (detected or forced).
func (d *Doc) Encoding() Encoding {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := Encoding(C.govtext_doc_encoding(d.p))
	runtime.KeepAlive(d)
	return e
}

// Confidence returns the detector's confidence in [0, 1] (1 for a BOM or a
// forced encoding).
func (d *Doc) Confidence() float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := float64(C.govtext_doc_confidence(d.p))
	runtime.KeepAlive(d)
	return c
}

// Count returns the value of a counter (0 for an unknown one).
func (d *Doc) Count(c Counter) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	v := uint64(C.govtext_doc_count(d.p, C.govtext_counter(c)))
	runtime.KeepAlive(d)
	return v
}

// Counts returns every counter this package knows.
func (d *Doc) Counts() map[Counter]uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	m := make(map[Counter]uint64, len(counterNames))
	for i := range counterNames {
		m[Counter(i)] = uint64(C.govtext_doc_count(d.p, C.govtext_counter(i)))
	}
	runtime.KeepAlive(d)
	return m
}

// MapToSource maps the text byte range [start, end) to the smallest range of
// source bytes that produced it. An empty range maps to a point.
func (d *Doc) MapToSource(start, end int) (srcStart, srcEnd int, err error) {
	if start < 0 || end < 0 {
		return 0, 0, &Error{Op: "govtext_doc_map_to_source", Status: ErrInvalidArg,
			Msg: fmt.Sprintf("negative offset in [%d, %d)", start, end)}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return 0, 0, ErrClosed
	}
	var s0, s1 C.size_t
	st := C.govtext_doc_map_to_source(d.p, C.size_t(start), C.size_t(end), &s0, &s1)
	runtime.KeepAlive(d)
	if st != C.GOVTEXT_OK {
		return 0, 0, d.fail("govtext_doc_map_to_source", st)
	}
	return int(s0), int(s1), nil
}

// EditCount returns the number of edits recorded.
func (d *Doc) EditCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := int(C.govtext_doc_edit_count(d.p))
	runtime.KeepAlive(d)
	return n
}

// edit reads edit i; d.mu is held and d.p is not nil.
func (d *Doc) edit(i int) (Edit, error) {
	var e C.govtext_edit
	e.struct_size = C.sizeof_govtext_edit
	st := C.govtext_doc_edit_get(d.p, C.size_t(i), &e)
	if st != C.GOVTEXT_OK {
		return Edit{}, d.fail("govtext_doc_edit_get", st)
	}
	// The strings belong to the document: copy them now.
	return Edit{
		Kind:       EditKind(e.kind),
		SrcStart:   int(e.src_start),
		SrcEnd:     int(e.src_end),
		TextStart:  int(e.text_start),
		TextEnd:    int(e.text_end),
		Old:        goStringN(e.old_text, e.old_len),
		New:        goStringN(e.new_text, e.new_len),
		Confidence: float64(e.confidence),
	}, nil
}

// Edit returns edit i, 0 <= i < EditCount().
func (d *Doc) Edit(i int) (Edit, error) {
	if i < 0 {
		return Edit{}, &Error{Op: "govtext_doc_edit_get", Status: ErrInvalidArg,
			Msg: fmt.Sprintf("edit index %d out of range", i)}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return Edit{}, ErrClosed
	}
	e, err := d.edit(i)
	runtime.KeepAlive(d)
	return e, err
}

// Edits returns every edit, in text order (one consistent snapshot).
func (d *Doc) Edits() ([]Edit, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return nil, ErrClosed
	}
	n := int(C.govtext_doc_edit_count(d.p))
	out := make([]Edit, 0, n)
	for i := 0; i < n; i++ {
		e, err := d.edit(i)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	runtime.KeepAlive(d)
	return out, nil
}

// Iter returns an iterator over the edits, in text order, that fetches one
// edit at a time (no slice of them all) and does not hold d between calls:
//
//	it := doc.Iter()
//	for it.Next() {
//		e := it.Edit()
//		...
//	}
//	if err := it.Err(); err != nil { ... }
//
// If d is loaded, repaired or closed during the iteration, Next returns false
// and Err returns ErrModified (or ErrClosed).
func (d *Doc) Iter() *EditIterator {
	d.mu.Lock()
	defer d.mu.Unlock()
	return &EditIterator{d: d, gen: d.gen}
}

// ErrModified is returned by EditIterator.Err when the document changed
// during the iteration.
var ErrModified = errors.New("govtext: document changed during edit iteration")

// EditIterator iterates over the edits of a Doc; see Doc.Iter.
type EditIterator struct {
	d    *Doc
	gen  uint64
	i    int
	cur  Edit
	err  error
	done bool
}

// Next fetches the next edit; it returns false at the end or on an error.
func (it *EditIterator) Next() bool {
	if it.done {
		return false
	}
	d := it.d
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.p == nil:
		it.err = ErrClosed
	case d.gen != it.gen:
		it.err = ErrModified
	case it.i >= int(C.govtext_doc_edit_count(d.p)):
	default:
		it.cur, it.err = d.edit(it.i)
		runtime.KeepAlive(d)
		if it.err == nil {
			it.i++
			return true
		}
	}
	it.done = true
	return false
}

// Edit returns the edit Next fetched.
func (it *EditIterator) Edit() Edit { return it.cur }

// Err returns the error that ended the iteration, or nil at its end.
func (it *EditIterator) Err() error { return it.err }

// Repair repairs the text in place, each change appended to the edits and
// folded into the offset map. coll (may be nil) adds cross-document
// evidence. On failure d is unchanged.
func (d *Doc) Repair(coll *Collection, opts *RepairOptions) error {
	co, err := opts.c()
	if err != nil {
		return err
	}
	var cp *C.govtext_collection
	if coll != nil {
		coll.mu.RLock()
		defer coll.mu.RUnlock()
		if coll.p == nil {
			return ErrClosed
		}
		cp = coll.p
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return ErrClosed
	}
	d.gen++
	st := C.govtext_doc_repair(d.p, cp, &co)
	runtime.KeepAlive(d)
	runtime.KeepAlive(coll)
	return d.fail("govtext_doc_repair", st)
}

// ---------------------------------------------------------------------------
// Collections

// Collection is cross-document evidence (boilerplate lines, near-duplicate
// documents, contexts of masked words): fed documents with Add, then passed
// to Doc.Repair. Add waits for running repairs that read the collection;
// concurrent repairs share it.
type Collection struct {
	mu sync.RWMutex
	p  *C.govtext_collection
}

// NewCollection returns an empty collection.
func NewCollection() (*Collection, error) {
	p := C.govtext_collection_new()
	if p == nil {
		return nil, &Error{Op: "govtext_collection_new", Status: ErrNoMem, Msg: "out of memory"}
	}
	c := &Collection{p: p}
	runtime.SetFinalizer(c, (*Collection).finalize)
	return c, nil
}

func (c *Collection) finalize() {
	if c.p != nil {
		C.govtext_collection_free(c.p)
		c.p = nil
		atomic.AddInt64(&finalized, 1)
	}
}

// Close frees the collection, waiting for repairs that read it. It is
// idempotent and always returns nil.
func (c *Collection) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil {
		C.govtext_collection_free(c.p)
		c.p = nil
		runtime.SetFinalizer(c, nil)
	}
	return nil
}

// Add feeds a loaded document's text to the collection. The text is
// analysed, not kept: d may be closed afterwards.
func (c *Collection) Add(d *Doc) error {
	if d == nil {
		return &Error{Op: "govtext_collection_add", Status: ErrInvalidArg, Msg: "nil document"}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p == nil {
		return ErrClosed
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return ErrClosed
	}
	st := C.govtext_collection_add(c.p, d.p)
	runtime.KeepAlive(c)
	runtime.KeepAlive(d)
	if st != C.GOVTEXT_OK {
		return statusErr("govtext_collection_add", st, C.GoString(C.govtext_collection_errmsg(c.p)))
	}
	return nil
}

// Len returns the number of documents fed (0 after Close).
func (c *Collection) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := int(C.govtext_collection_size(c.p))
	runtime.KeepAlive(c)
	return n
}
