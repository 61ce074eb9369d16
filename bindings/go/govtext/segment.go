package govtext

/*
// (#cgo pkg-config is in govtext.go: it applies to the whole package.)
#include <stdlib.h>
#include <govtext.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ---------------------------------------------------------------------------
// Lexicons

// Lexicon is a stack of word lists: the default lexicon compiled into the
// library (jieba's dictionary plus governance terms), lexicon files (text
// "word [freq] [tag]" lines, or a compiled lexicon written by Save) and text.
//
// A Lexicon is loaded first and then shared: the first Segmenter made from
// it freezes it (loading into it then fails with ErrInvalidArg), and any
// number of segmenters, in any goroutines, may use it. Close drops this
// value's reference to the C lexicon; segmenters made from it keep working.
type Lexicon struct {
	mu       sync.RWMutex // loads and Save write; NewSegmenter and getters read
	p        *C.govtext_lexicon
	frozen   int32 // atomic: set by NewSegmenter
	borrowed       // by index writers segmenting with it (under mu)
}

// NewLexicon returns an empty lexicon.
func NewLexicon() (*Lexicon, error) {
	p := C.govtext_lexicon_new()
	if p == nil {
		return nil, &Error{Op: "govtext_lexicon_new", Status: ErrNoMem, Msg: "out of memory"}
	}
	l := &Lexicon{p: p}
	runtime.SetFinalizer(l, (*Lexicon).finalize)
	return l, nil
}

func newLexiconWith(load func(*Lexicon) error) (*Lexicon, error) {
	l, err := NewLexicon()
	if err != nil {
		return nil, err
	}
	if err := load(l); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// DefaultLexicon returns a new lexicon holding the default lexicon (the
// library's read-only data, mapped: well under a millisecond).
func DefaultLexicon() (*Lexicon, error) {
	return newLexiconWith((*Lexicon).LoadDefault)
}

// LexiconFromFile returns a new lexicon loaded from the file at path.
func LexiconFromFile(path string) (*Lexicon, error) {
	return newLexiconWith(func(l *Lexicon) error { return l.LoadFile(path) })
}

// LexiconFromString returns a new lexicon of the "word [freq] [tag]" lines in text.
func LexiconFromString(text string) (*Lexicon, error) {
	return newLexiconWith(func(l *Lexicon) error { return l.LoadString(text) })
}

func (l *Lexicon) finalize() {
	l.borrowed.finalize(unsafe.Pointer(l.p), freeLexicon)
	l.p = nil
}

// Close drops this value's reference to the C lexicon (segmenters made from
// it keep theirs; an IndexWriter using it keeps it until the writer is
// closed). It is idempotent and always returns nil.
func (l *Lexicon) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.p != nil && l.release(unsafe.Pointer(l.p), freeLexicon) {
		runtime.SetFinalizer(l, nil)
	}
	l.p = nil
	return nil
}

func (l *Lexicon) unpin() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.borrowed.unpin(freeLexicon) {
		runtime.SetFinalizer(l, nil)
	}
}

// load runs one loading call under the write lock and wraps its status.
func (l *Lexicon) load(op string, call func(p *C.govtext_lexicon) C.govtext_status) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.p == nil {
		return ErrClosed
	}
	st := call(l.p)
	runtime.KeepAlive(l)
	if st != C.GOVTEXT_OK {
		return statusErr(op, st, C.GoString(C.govtext_lexicon_errmsg(l.p)))
	}
	return nil
}

// LoadDefault adds the default lexicon (ErrNotFound in a library built
// without it).
func (l *Lexicon) LoadDefault() error {
	return l.load("govtext_lexicon_load_default", func(p *C.govtext_lexicon) C.govtext_status {
		return C.govtext_lexicon_load_default(p)
	})
}

// cPath returns path as a C string (to be freed), refusing an embedded NUL.
func cPath(op, path string) (*C.char, error) {
	if strings.IndexByte(path, 0) >= 0 {
		return nil, &Error{Op: op, Status: ErrInvalidArg, Msg: fmt.Sprintf("path %q contains NUL", path)}
	}
	return C.CString(path), nil
}

// LoadFile adds a lexicon file: text lines (malformed ones are skipped and
// counted, see SkippedLines) or a compiled lexicon. ErrIO names the path;
// ErrCorrupt is a damaged compiled file.
func (l *Lexicon) LoadFile(path string) error {
	cp, err := cPath("govtext_lexicon_load_file", path)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cp))
	return l.load("govtext_lexicon_load_file", func(p *C.govtext_lexicon) C.govtext_status {
		return C.govtext_lexicon_load_file(p, cp)
	})
}

// LoadBytes adds the words of b: "word [freq] [tag]" lines in UTF-8, or a
// compiled lexicon (copied).
func (l *Lexicon) LoadBytes(b []byte) error {
	err := l.load("govtext_lexicon_load_text", func(p *C.govtext_lexicon) C.govtext_status {
		return C.govtext_lexicon_load_text(p, (*C.char)(bytesPtr(b)), C.size_t(len(b)))
	})
	runtime.KeepAlive(b)
	return err
}

// LoadString adds the "word [freq] [tag]" lines of text.
func (l *Lexicon) LoadString(text string) error {
	err := l.load("govtext_lexicon_load_text", func(p *C.govtext_lexicon) C.govtext_status {
		return C.govtext_lexicon_load_text(p, (*C.char)(stringPtr(text)), C.size_t(len(text)))
	})
	runtime.KeepAlive(text)
	return err
}

// Save writes every layer, merged, as one compiled lexicon file (atomically).
func (l *Lexicon) Save(path string) error {
	cp, err := cPath("govtext_lexicon_save", path)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cp))
	return l.load("govtext_lexicon_save", func(p *C.govtext_lexicon) C.govtext_status {
		return C.govtext_lexicon_save(p, cp)
	})
}

// Len returns the number of entries, summed over what was loaded (0 after Close).
func (l *Lexicon) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	n := int(C.govtext_lexicon_size(l.p))
	runtime.KeepAlive(l)
	return n
}

// SkippedLines returns the number of malformed text lines skipped while loading.
func (l *Lexicon) SkippedLines() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	n := int(C.govtext_lexicon_skipped_lines(l.p))
	runtime.KeepAlive(l)
	return n
}

// Frozen reports whether a Segmenter uses the lexicon (no more loading).
func (l *Lexicon) Frozen() bool { return atomic.LoadInt32(&l.frozen) != 0 }

// TagName returns the name of a tag id ("n", "v", ...); "" for 0 or an unknown id.
func (l *Lexicon) TagName(tag uint32) string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	s := C.GoString(C.govtext_lexicon_tag_name(l.p, C.uint32_t(tag)))
	runtime.KeepAlive(l)
	return s
}

// Tags returns every tag name; tag id i is Tags()[i-1].
func (l *Lexicon) Tags() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.p == nil {
		return nil
	}
	t := tagTable(nil, func(id uint32) *C.char { return C.govtext_lexicon_tag_name(l.p, C.uint32_t(id)) })
	runtime.KeepAlive(l)
	return t
}

// tagTable extends known with the names of the following tag ids up to the
// first unknown one: ids are dense, the lexicon's first, then a segmenter's own.
func tagTable(known []string, name func(uint32) *C.char) []string {
	out := append([]string(nil), known...)
	for {
		n := C.GoString(name(uint32(len(out) + 1)))
		if n == "" {
			return out
		}
		out = append(out, n)
	}
}

// ---------------------------------------------------------------------------
// Tokens

// TokenKind is the kind of a Token.
type TokenKind uint32

const (
	TokenWord      TokenKind = C.GOVTEXT_TOKEN_WORD    // a lexicon word (or a user word)
	TokenUnknown   TokenKind = C.GOVTEXT_TOKEN_UNKNOWN // Han characters not in the lexicon
	TokenNumber    TokenKind = C.GOVTEXT_TOKEN_NUMBER  // digits, Chinese numerals, decimals, percentages
	TokenDate      TokenKind = C.GOVTEXT_TOKEN_DATE    // 2019年, 3月, 5日, 二〇二〇年
	TokenLatin     TokenKind = C.GOVTEXT_TOKEN_LATIN   // WTO, 5G, GDP
	TokenPunct     TokenKind = C.GOVTEXT_TOKEN_PUNCT
	TokenSpace     TokenKind = C.GOVTEXT_TOKEN_SPACE // only with SegKeepSpace
	TokenOther     TokenKind = C.GOVTEXT_TOKEN_OTHER
	TokenSentence  TokenKind = C.GOVTEXT_TOKEN_SENTENCE  // from Segmenter.Sentences
	TokenParagraph TokenKind = C.GOVTEXT_TOKEN_PARAGRAPH // from Segmenter.Paragraphs
)

var tokenKindNames = map[TokenKind]string{
	TokenWord: "word", TokenUnknown: "unknown", TokenNumber: "number", TokenDate: "date",
	TokenLatin: "latin", TokenPunct: "punct", TokenSpace: "space", TokenOther: "other",
	TokenSentence: "sentence", TokenParagraph: "paragraph",
}

func (k TokenKind) String() string {
	if n, ok := tokenKindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("TokenKind(%d)", uint32(k))
}

// Token is a span of the segmented text. Start and End are byte offsets into
// it, half-open, as in Go strings; for a Doc's text, Doc.MapToSource(Start,
// End) gives the source bytes.
type Token struct {
	Text  string    // text[Start:End] (shares the text's memory)
	Start int       //
	End   int       //
	Kind  TokenKind //
	Tag   string    // the part-of-speech tag ("n", "v", "nr"; "" for none)
	TagID uint32    // its numeric id (Segmenter.TagName)
}

// ---------------------------------------------------------------------------
// Segmenters

// SegmentMode is how Segmenter.Words splits.
type SegmentMode uint32

const (
	ModePrecise SegmentMode = C.GOVTEXT_SEG_PRECISE // one best segmentation
	ModeIndex   SegmentMode = C.GOVTEXT_SEG_INDEX   // also the lexicon words inside long words
)

// SegmentFlags are the flags of SegmentOptions.
type SegmentFlags uint32

// SegKeepSpace emits white space as TokenSpace tokens.
const SegKeepSpace SegmentFlags = C.GOVTEXT_SEG_KEEP_SPACE

// SegmentOptions are the options of Segmenter.Words. A nil *SegmentOptions,
// and the zero value, mean precise mode without space tokens.
type SegmentOptions struct {
	Mode  SegmentMode
	Flags SegmentFlags
}

func (o *SegmentOptions) c() (C.govtext_segment_options, error) {
	var co C.govtext_segment_options
	if st := C.govtext_segment_options_init(&co, C.sizeof_govtext_segment_options); st != C.GOVTEXT_OK {
		return co, statusErr("govtext_segment_options_init", st, "")
	}
	if o != nil {
		co.mode = C.uint32_t(o.Mode)
		co.flags = C.uint32_t(o.Flags)
	}
	return co, nil
}

// Segmenter splits text into words, sentences and paragraphs over a Lexicon,
// with its own user words (AddWord). It is one goroutine's working state:
// make one per goroutine from a shared Lexicon. (A shared Segmenter is safe,
// its calls are serialised by a mutex, but they do not run in parallel.)
type Segmenter struct {
	mu        sync.Mutex
	p         *C.govtext_segmenter
	lex       *Lexicon
	buf       []C.govtext_token // reused between calls; C never keeps it
	tags      []string          // tag id i is tags[i-1]; replaced, never changed
	tagsDirty bool              // a user word's tag may have been given an id
}

// Tokens kept between calls; a larger array is dropped after use.
const keepTokens = 1 << 16

// NewSegmenter returns a segmenter over lex, which becomes frozen. A nil lex
// means a new default lexicon (DefaultLexicon).
func NewSegmenter(lex *Lexicon) (*Segmenter, error) {
	own := lex == nil
	if own {
		var err error
		if lex, err = DefaultLexicon(); err != nil {
			return nil, err
		}
		defer lex.Close() // the segmenter holds its own reference
	}
	lex.mu.RLock()
	if lex.p == nil {
		lex.mu.RUnlock()
		return nil, ErrClosed
	}
	p := C.govtext_segmenter_new(lex.p)
	if p != nil {
		atomic.StoreInt32(&lex.frozen, 1)
	}
	lex.mu.RUnlock()
	runtime.KeepAlive(lex)
	if p == nil {
		return nil, &Error{Op: "govtext_segmenter_new", Status: ErrNoMem, Msg: "out of memory"}
	}
	s := &Segmenter{p: p}
	if !own {
		s.lex = lex
	}
	s.tags = tagTable(nil, func(id uint32) *C.char { return C.govtext_segmenter_tag_name(p, C.uint32_t(id)) })
	runtime.SetFinalizer(s, (*Segmenter).finalize)
	return s, nil
}

func (s *Segmenter) finalize() {
	if s.p != nil {
		C.govtext_segmenter_free(s.p)
		s.p = nil
		atomic.AddInt64(&finalized, 1)
	}
}

// Close frees the segmenter (its lexicon lives on while others use it). It
// is idempotent and always returns nil.
func (s *Segmenter) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		C.govtext_segmenter_free(s.p)
		s.p = nil
		s.buf = nil
		runtime.SetFinalizer(s, nil)
	}
	return nil
}

// Lexicon returns the lexicon given to NewSegmenter (nil for the default one).
func (s *Segmenter) Lexicon() *Lexicon { return s.lex }

func (s *Segmenter) fail(op string, st C.govtext_status) error {
	return statusErr(op, st, C.GoString(C.govtext_segmenter_errmsg(s.p)))
}

// AddWord adds a user word to this segmenter (no other sees it). freq 0
// makes the word win over its parts; tag may be "". ErrInvalidArg for an
// empty word, white space or word-ending punctuation inside, or a bad tag;
// ErrLimit over 64 characters.
func (s *Segmenter) AddWord(word string, freq uint32, tag string) error {
	if strings.IndexByte(tag, 0) >= 0 {
		return &Error{Op: "govtext_segmenter_add_word", Status: ErrInvalidArg,
			Msg: fmt.Sprintf("tag %q contains NUL", tag)}
	}
	var ctag *C.char
	if tag != "" {
		ctag = C.CString(tag)
		defer C.free(unsafe.Pointer(ctag))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		return ErrClosed
	}
	st := C.govtext_segmenter_add_word(s.p, (*C.char)(stringPtr(word)), C.size_t(len(word)),
		C.uint32_t(freq), ctag)
	runtime.KeepAlive(word)
	runtime.KeepAlive(s)
	if st != C.GOVTEXT_OK {
		return s.fail("govtext_segmenter_add_word", st)
	}
	if tag != "" {
		// A new tag gets its id when the library next builds the user
		// words (in the next Words call).
		s.tagsDirty = true
	}
	return nil
}

// tagTable returns the tag names, refreshed if user words may have added
// some; s.mu is held and s.p is not nil.
func (s *Segmenter) tagTable() []string {
	if s.tagsDirty {
		p := s.p
		s.tags = tagTable(s.tags, func(id uint32) *C.char { return C.govtext_segmenter_tag_name(p, C.uint32_t(id)) })
	}
	return s.tags
}

// TagName returns the name of a tag id (the lexicon's or this segmenter's
// own); "" for 0, an unknown id or a closed segmenter.
func (s *Segmenter) TagName(tag uint32) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		return ""
	}
	t := s.tagTable()
	if tag == 0 || int64(tag) > int64(len(t)) {
		return ""
	}
	return t[tag-1]
}

// Tags returns every tag name the segmenter knows (a user word's own tag from
// its first use on); tag id i is Tags()[i-1]. nil after Close.
func (s *Segmenter) Tags() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		return nil
	}
	return append([]string(nil), s.tagTable()...)
}

// segmentFn is one of the three segmentation calls with the buffer protocol.
type segmentFn func(p *C.govtext_segmenter, text *C.char, n C.size_t, buf *C.govtext_token,
	capacity C.size_t, count *C.size_t) C.govtext_status

// segment runs fn over text, growing the token array on
// GOVTEXT_ERR_BUFFER_TOO_SMALL, and returns the tokens.
func (s *Segmenter) segment(op string, text string, guess int, fn segmentFn) ([]Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		return nil, ErrClosed
	}
	if guess > len(s.buf) {
		s.buf = make([]C.govtext_token, guess)
	}
	var count C.size_t
	for {
		// Go memory without Go pointers, passed for the duration of the call only.
		st := fn(s.p, (*C.char)(stringPtr(text)), C.size_t(len(text)), &s.buf[0],
			C.size_t(len(s.buf)), &count)
		runtime.KeepAlive(text)
		runtime.KeepAlive(s)
		if st == C.GOVTEXT_ERR_BUFFER_TOO_SMALL && int(count) > len(s.buf) {
			s.buf = make([]C.govtext_token, int(count)+int(count)/8)
			continue
		}
		if st != C.GOVTEXT_OK {
			return nil, s.fail(op, st)
		}
		break
	}
	tags := s.tagTable()
	if op == "govtext_segmenter_words" {
		s.tagsDirty = false // the user words (and their tags) were built by this call
	}
	out := make([]Token, int(count))
	for i := range out {
		t := &s.buf[i]
		a, b := int(t.start), int(t.end)
		tok := Token{Text: text[a:b], Start: a, End: b, Kind: TokenKind(t.kind), TagID: uint32(t.tag)}
		if tok.TagID != 0 && int64(tok.TagID) <= int64(len(tags)) {
			tok.Tag = tags[tok.TagID-1]
		}
		out[i] = tok
	}
	if len(s.buf) > keepTokens {
		s.buf = nil
	}
	return out, nil
}

func wordsFn(opts *C.govtext_segment_options) segmentFn {
	return func(p *C.govtext_segmenter, text *C.char, n C.size_t, buf *C.govtext_token,
		capacity C.size_t, count *C.size_t) C.govtext_status {
		return C.govtext_segmenter_words(p, text, n, opts, buf, capacity, count)
	}
}

func sentencesFn(p *C.govtext_segmenter, text *C.char, n C.size_t, buf *C.govtext_token,
	capacity C.size_t, count *C.size_t) C.govtext_status {
	return C.govtext_segmenter_sentences(p, text, n, buf, capacity, count)
}

func paragraphsFn(p *C.govtext_segmenter, text *C.char, n C.size_t, buf *C.govtext_token,
	capacity C.size_t, count *C.size_t) C.govtext_status {
	return C.govtext_segmenter_paragraphs(p, text, n, buf, capacity, count)
}

// Words splits UTF-8 text into words, in order. With ModeIndex each long
// word is followed by the lexicon words inside it (their spans nest in its
// span). White space is no token unless SegKeepSpace. Invalid UTF-8 gives
// ErrInvalidUTF8 with the offset in the message.
func (s *Segmenter) Words(text string, opts *SegmentOptions) ([]Token, error) {
	co, err := opts.c()
	if err != nil {
		return nil, err
	}
	// co is Go memory without Go pointers, passed for the call only.
	return s.segment("govtext_segmenter_words", text, len(text)/4+16, wordsFn(&co))
}

// Cut returns the words of text as strings (precise mode).
func (s *Segmenter) Cut(text string) ([]string, error) {
	toks, err := s.Words(text, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out, nil
}

// Sentences splits text into sentences (TokenSentence): end punctuation with
// its closing quotes and brackets, numbered headings, line ends.
func (s *Segmenter) Sentences(text string) ([]Token, error) {
	return s.segment("govtext_segmenter_sentences", text, len(text)/40+16, sentencesFn)
}

// Paragraphs splits text into paragraphs (TokenParagraph) from line
// structure and indentation.
func (s *Segmenter) Paragraphs(text string) ([]Token, error) {
	return s.segment("govtext_segmenter_paragraphs", text, len(text)/200+16, paragraphsFn)
}
