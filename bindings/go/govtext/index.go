package govtext

/*
// (#cgo pkg-config is in govtext.go: it applies to the whole package.)
#include <stdlib.h>
#include <string.h>
#include <govtext.h>
*/
import "C"

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ---------------------------------------------------------------------------
// Index and search
//
// An IndexWriter collects documents (Add) and whole indexes (AddIndex:
// shards, or the previous version of an index) and saves them as one index
// file (Save, atomically). OpenIndex maps an index file read-only; an open
// Index never changes, so any number of goroutines may search it at once
// (each search uses its own C result set, taken from a small pool).
//
// Queries: 治理体系 (the string, anywhere), "A B" (both), A OR B, "依法 治国"
// in double quotes (a phrase), -腐败 (NOT), ( ), word:治理 (the segmenter's
// word), year:2019, year:2015..2020, source:人民日报, id:gwr-2019. See
// include/govtext.h.

// IndexFlags are the flags an index is built with.
type IndexFlags uint32

// IndexNoWords indexes character pairs only: no word: queries and no word
// statistics, but a faster build.
const IndexNoWords IndexFlags = C.GOVTEXT_INDEX_NO_WORDS

// IndexOptions are the options of NewIndexWriter; nil means words from the
// default lexicon.
type IndexOptions struct {
	Flags   IndexFlags
	Lexicon *Lexicon // words come from it (nil: the default lexicon); it becomes frozen
}

// DocMeta is a document's metadata. Year 0 is unknown (then taken from a
// Date that starts with four digits).
type DocMeta struct {
	Title  string
	Date   string
	Source string
	Year   int32
}

// pinnable is a handle another handle borrows (an Index merged by a writer,
// a Lexicon a writer segments with): Close frees it only once it is unpinned.
type pinnable interface{ unpin() }

// borrowed is the state of a pinnable handle, guarded by its owner's mutex:
// how many writers borrow it, and its C handle if Close came while they did
// (the last unpin frees it then).
type borrowed struct {
	pins     int
	deferred unsafe.Pointer
}

// release frees p now, or keeps it for the last unpin; it reports whether
// p was freed (then the owner's finalizer can go).
func (b *borrowed) release(p unsafe.Pointer, free func(unsafe.Pointer)) bool {
	if b.pins > 0 {
		b.deferred = p
		return false
	}
	free(p)
	return true
}

// unpin drops one pin and reports whether that freed the deferred handle.
func (b *borrowed) unpin(free func(unsafe.Pointer)) bool {
	b.pins--
	if b.pins > 0 || b.deferred == nil {
		return false
	}
	free(b.deferred)
	b.deferred = nil
	return true
}

// finalize frees both the open and the deferred handle (in a finalizer:
// no writer borrows the handle any more).
func (b *borrowed) finalize(p unsafe.Pointer, free func(unsafe.Pointer)) {
	for _, h := range []unsafe.Pointer{p, b.deferred} {
		if h != nil {
			free(h)
			atomic.AddInt64(&finalized, 1)
		}
	}
	b.deferred = nil
}

func freeIndex(p unsafe.Pointer)   { C.govtext_index_free((*C.govtext_index)(p)) }
func freeLexicon(p unsafe.Pointer) { C.govtext_lexicon_free((*C.govtext_lexicon)(p)) }

// IndexWriter builds an index file. Its methods are serialised by a mutex
// (use one per goroutine for parallel builds, e.g. one per shard).
type IndexWriter struct {
	mu     sync.Mutex
	p      *C.govtext_index_writer
	pinned []pinnable
}

// NewIndexWriter returns a writer. ErrNotFound: no default lexicon in this
// library; ErrUnsupported: flags this library does not know.
func NewIndexWriter(opts *IndexOptions) (*IndexWriter, error) {
	var co C.govtext_index_options
	if st := C.govtext_index_options_init(&co, C.sizeof_govtext_index_options); st != C.GOVTEXT_OK {
		return nil, statusErr("govtext_index_options_init", st, "")
	}
	var lex *Lexicon
	if opts != nil {
		co.flags = C.uint32_t(opts.Flags)
		if opts.Flags&IndexNoWords == 0 {
			lex = opts.Lexicon
		}
	}
	w := &IndexWriter{}
	var st C.govtext_status
	if lex != nil {
		lex.mu.Lock() // the pin count is written under the write lock
		if lex.p == nil {
			lex.mu.Unlock()
			return nil, ErrClosed
		}
		// co is Go memory holding a C pointer only: it may be passed.
		co.lexicon = lex.p
		st = C.govtext_index_writer_new(&co, &w.p)
		if st == C.GOVTEXT_OK {
			atomic.StoreInt32(&lex.frozen, 1)
			lex.borrowed.pins++
			w.pinned = append(w.pinned, lex)
		}
		lex.mu.Unlock()
	} else {
		st = C.govtext_index_writer_new(&co, &w.p)
	}
	if st != C.GOVTEXT_OK {
		return nil, statusErr("govtext_index_writer_new", st, Status(st).Error())
	}
	runtime.SetFinalizer(w, (*IndexWriter).finalize)
	return w, nil
}

func (w *IndexWriter) finalize() {
	if w.p != nil {
		C.govtext_index_writer_free(w.p)
		w.p = nil
		atomic.AddInt64(&finalized, 1)
	}
	// The pinned handles are unreachable too: their finalizers free them.
}

// Close frees the writer and releases the indexes and lexicon it borrowed.
// It is idempotent and always returns nil.
func (w *IndexWriter) Close() error {
	w.mu.Lock()
	if w.p != nil {
		C.govtext_index_writer_free(w.p)
		w.p = nil
		runtime.SetFinalizer(w, nil)
	}
	pinned := w.pinned
	w.pinned = nil
	w.mu.Unlock()
	for _, h := range pinned {
		h.unpin()
	}
	return nil
}

func (w *IndexWriter) fail(op string, st C.govtext_status) error {
	return statusErr(op, st, C.GoString(C.govtext_index_writer_errmsg(w.p)))
}

// cMeta is a govtext_doc_meta whose strings are in C memory (a C struct
// handed to C may not point into Go memory); free releases them.
type cMeta struct {
	m   C.govtext_doc_meta
	buf unsafe.Pointer
}

func newCMeta(meta *DocMeta) (*cMeta, error) {
	cm := (*cMeta)(C.calloc(1, C.size_t(unsafe.Sizeof(cMeta{}))))
	if cm == nil {
		return nil, &Error{Op: "govtext_index_writer_add", Status: ErrNoMem, Msg: "out of memory"}
	}
	if st := C.govtext_doc_meta_init(&cm.m, C.sizeof_govtext_doc_meta); st != C.GOVTEXT_OK {
		C.free(unsafe.Pointer(cm))
		return nil, statusErr("govtext_doc_meta_init", st, "")
	}
	if meta == nil {
		return cm, nil
	}
	n := len(meta.Title) + len(meta.Date) + len(meta.Source)
	if n > 0 {
		cm.buf = C.malloc(C.size_t(n))
		if cm.buf == nil {
			C.free(unsafe.Pointer(cm))
			return nil, &Error{Op: "govtext_index_writer_add", Status: ErrNoMem, Msg: "out of memory"}
		}
	}
	off := 0
	put := func(s string, p **C.char, l *C.size_t) {
		if s == "" {
			return
		}
		dst := unsafe.Add(cm.buf, off)
		C.memcpy(dst, stringPtr(s), C.size_t(len(s)))
		*p = (*C.char)(dst)
		*l = C.size_t(len(s))
		off += len(s)
	}
	put(meta.Title, &cm.m.title, &cm.m.title_len)
	put(meta.Date, &cm.m.date, &cm.m.date_len)
	put(meta.Source, &cm.m.source, &cm.m.source_len)
	cm.m.year = C.int32_t(meta.Year)
	return cm, nil
}

func (cm *cMeta) free() {
	C.free(cm.buf)
	C.free(unsafe.Pointer(cm))
}

// Add adds a document: id (non-empty UTF-8, unique: a document with the
// same id added or merged earlier is replaced), its UTF-8 text, and its
// metadata (may be nil). On failure the writer is as it was; ErrInvalidUTF8
// gives the offset in the message.
func (w *IndexWriter) Add(id, text string, meta *DocMeta) error {
	cm, err := newCMeta(meta)
	if err != nil {
		return err
	}
	defer cm.free()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.p == nil {
		return ErrClosed
	}
	st := C.govtext_index_writer_add(w.p, (*C.char)(stringPtr(id)), C.size_t(len(id)),
		(*C.char)(stringPtr(text)), C.size_t(len(text)), &cm.m)
	runtime.KeepAlive(id)
	runtime.KeepAlive(text)
	if st != C.GOVTEXT_OK {
		return w.fail("govtext_index_writer_add", st)
	}
	return nil
}

// AddIndex adds every document of an open index (a shard, or the index
// being updated); they come before the documents added later, and a
// document with an id seen earlier replaces the earlier one. The writer
// reads idx until the writer is closed: idx.Close before then is deferred.
// ErrInvalidArg for an index built with other flags.
func (w *IndexWriter) AddIndex(idx *Index) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.p == nil {
		return ErrClosed
	}
	idx.mu.Lock() // the pin count is written under the write lock
	defer idx.mu.Unlock()
	if idx.p == nil {
		return ErrClosed
	}
	st := C.govtext_index_writer_add_index(w.p, idx.p)
	if st != C.GOVTEXT_OK {
		return w.fail("govtext_index_writer_add_index", st)
	}
	idx.borrowed.pins++
	w.pinned = append(w.pinned, idx)
	return nil
}

// Delete deletes the document with this id (ErrNotFound when there is none).
func (w *IndexWriter) Delete(id string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.p == nil {
		return ErrClosed
	}
	st := C.govtext_index_writer_delete(w.p, (*C.char)(stringPtr(id)), C.size_t(len(id)))
	runtime.KeepAlive(id)
	if st != C.GOVTEXT_OK {
		return w.fail("govtext_index_writer_delete", st)
	}
	return nil
}

// Len returns the number of documents the writer holds (added and merged,
// not deleted); 0 after Close.
func (w *IndexWriter) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.p == nil {
		return 0
	}
	return int(C.govtext_index_writer_count(w.p))
}

// Save writes everything as one index file at path, atomically (a file
// already there, even an open one, stays intact until the new one is
// complete). The writer stays usable. ErrIO names the path.
func (w *IndexWriter) Save(path string) error {
	cp, err := cPath("govtext_index_writer_save", path)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cp))
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.p == nil {
		return ErrClosed
	}
	if st := C.govtext_index_writer_save(w.p, cp); st != C.GOVTEXT_OK {
		return w.fail("govtext_index_writer_save", st)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Index

// Index is an open index file (memory-mapped, read-only, checksums checked
// on open). It is safe for concurrent use by any number of goroutines;
// Close waits for the calls running on it.
type Index struct {
	mu       sync.RWMutex // calls read; Close, and pinning by a writer, write
	p        *C.govtext_index
	borrowed // by the writers that merged it
	pool     chan *C.govtext_results
}

// result sets an Index keeps for reuse.
const resultsPool = 64

// OpenIndex opens an index file. ErrIO (names the path), ErrCorrupt
// (truncated or damaged: the message says where), ErrUnsupported (a newer
// format).
func OpenIndex(path string) (*Index, error) {
	cp, err := cPath("govtext_index_open", path)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cp))
	p := C.govtext_index_new()
	if p == nil {
		return nil, &Error{Op: "govtext_index_new", Status: ErrNoMem, Msg: "out of memory"}
	}
	if st := C.govtext_index_open(p, cp); st != C.GOVTEXT_OK {
		err := statusErr("govtext_index_open", st, C.GoString(C.govtext_index_errmsg(p)))
		C.govtext_index_free(p)
		return nil, err
	}
	idx := &Index{p: p, pool: make(chan *C.govtext_results, resultsPool)}
	runtime.SetFinalizer(idx, (*Index).finalize)
	return idx, nil
}

func (idx *Index) drainPool() {
	for {
		select {
		case r := <-idx.pool:
			C.govtext_results_free(r)
		default:
			return
		}
	}
}

func (idx *Index) finalize() {
	idx.drainPool()
	idx.borrowed.finalize(unsafe.Pointer(idx.p), freeIndex)
	idx.p = nil
}

// Close closes the index, waiting for the calls running on it; a writer
// that merged it keeps it mapped until the writer is closed. It is
// idempotent and always returns nil.
func (idx *Index) Close() error {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if idx.p == nil {
		return nil
	}
	if idx.release(unsafe.Pointer(idx.p), freeIndex) {
		runtime.SetFinalizer(idx, nil)
	}
	idx.p = nil
	idx.drainPool()
	return nil
}

func (idx *Index) unpin() {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if idx.borrowed.unpin(freeIndex) {
		runtime.SetFinalizer(idx, nil)
	}
}

// read runs fn under the read lock with the open handle.
func (idx *Index) read(fn func(p *C.govtext_index) error) error {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	if idx.p == nil {
		return ErrClosed
	}
	err := fn(idx.p)
	runtime.KeepAlive(idx)
	return err
}

func (idx *Index) fail(op string, st C.govtext_status, p *C.govtext_index) error {
	return statusErr(op, st, C.GoString(C.govtext_index_errmsg(p)))
}

// Flags returns the flags the index was built with (0 after Close).
func (idx *Index) Flags() IndexFlags {
	var f IndexFlags
	idx.read(func(p *C.govtext_index) error {
		f = IndexFlags(C.govtext_index_flags(p))
		return nil
	})
	return f
}

// Len returns the number of documents (numbered 0 .. Len-1); 0 after Close.
func (idx *Index) Len() int {
	var n int
	idx.read(func(p *C.govtext_index) error {
		n = int(C.govtext_index_doc_count(p))
		return nil
	})
	return n
}

func notFound(op string) error {
	return &Error{Op: op, Status: ErrNotFound, Msg: "document number out of range"}
}

// docID is DocID with the read lock held.
func docID(p *C.govtext_index, doc int) (string, bool) {
	if doc < 0 {
		return "", false
	}
	var n C.size_t
	s := C.govtext_index_doc_id(p, C.size_t(doc), &n)
	if s == nil {
		return "", false
	}
	return goStringN(s, n), true
}

// DocID returns document doc's id (ErrNotFound out of range).
func (idx *Index) DocID(doc int) (string, error) {
	var id string
	err := idx.read(func(p *C.govtext_index) error {
		var ok bool
		if id, ok = docID(p, doc); !ok {
			return notFound("govtext_index_doc_id")
		}
		return nil
	})
	return id, err
}

// DocText returns document doc's text, decompressed (ErrNotFound out of
// range, ErrCorrupt if the stored text is damaged). Hit offsets are byte
// offsets into it.
func (idx *Index) DocText(doc int) (string, error) {
	var out string
	err := idx.read(func(p *C.govtext_index) error {
		if doc < 0 {
			return notFound("govtext_index_doc_text")
		}
		var buf []byte
		var n C.size_t
		for {
			// Go memory without Go pointers, passed for the call only.
			st := C.govtext_index_doc_text(p, C.size_t(doc), (*C.char)(bytesPtr(buf)),
				C.size_t(len(buf)), &n)
			if st == C.GOVTEXT_ERR_BUFFER_TOO_SMALL && int(n) > len(buf) {
				buf = make([]byte, int(n))
				continue
			}
			if st != C.GOVTEXT_OK {
				return idx.fail("govtext_index_doc_text", st, p)
			}
			break
		}
		out = string(buf[:int(n)])
		return nil
	})
	return out, err
}

// DocMeta returns document doc's metadata (ErrNotFound out of range).
func (idx *Index) DocMeta(doc int) (DocMeta, error) {
	var out DocMeta
	err := idx.read(func(p *C.govtext_index) error {
		if doc < 0 {
			return notFound("govtext_index_doc_meta")
		}
		var m C.govtext_doc_meta
		if st := C.govtext_doc_meta_init(&m, C.sizeof_govtext_doc_meta); st != C.GOVTEXT_OK {
			return statusErr("govtext_doc_meta_init", st, "")
		}
		if st := C.govtext_index_doc_meta(p, C.size_t(doc), &m); st != C.GOVTEXT_OK {
			return idx.fail("govtext_index_doc_meta", st, p)
		}
		out = DocMeta{Title: goStringN(m.title, m.title_len), Date: goStringN(m.date, m.date_len),
			Source: goStringN(m.source, m.source_len), Year: int32(m.year)}
		return nil
	})
	return out, err
}

// Find returns the number of the document with this id (ErrNotFound if none).
func (idx *Index) Find(id string) (int, error) {
	var doc C.size_t
	err := idx.read(func(p *C.govtext_index) error {
		st := C.govtext_index_find(p, (*C.char)(stringPtr(id)), C.size_t(len(id)), &doc)
		runtime.KeepAlive(id)
		if st != C.GOVTEXT_OK {
			return idx.fail("govtext_index_find", st, p)
		}
		return nil
	})
	return int(doc), err
}

// ---------------------------------------------------------------------------
// Search

// SearchAll as SearchOptions.Limit returns every hit.
const SearchAll = -1

// SearchOptions are the options of Index.Search; nil means the 10 best hits
// without snippets.
type SearchOptions struct {
	Limit        int  // hits to return, best first; 0 = 10; SearchAll = every hit
	Snippets     bool // a keyword-in-context window per hit
	SnippetChars int  // characters on each side of the match; 0 = 30
}

// Hit is one search hit. Offsets are byte offsets into the document's text
// (Index.DocText), as in Go strings: the window [SnippetStart, SnippetEnd)
// and the first match in it [MatchStart, MatchEnd) (0 without snippets).
type Hit struct {
	Doc          int
	ID           string
	Score        float64 // BM25
	Occurrences  uint64  // of the query's positive terms in the document
	Snippet      string  // the window's text ("" without snippets)
	SnippetStart int
	SnippetEnd   int
	MatchStart   int
	MatchEnd     int
}

// Match returns the matched text inside the snippet ("" without snippets).
func (h *Hit) Match() string {
	a, b := h.MatchStart-h.SnippetStart, h.MatchEnd-h.SnippetStart
	if a < 0 || b < a || b > len(h.Snippet) {
		return ""
	}
	return h.Snippet[a:b]
}

// Results is the outcome of a search: Total matching documents, and the
// hits held (at most the limit), best first.
type Results struct {
	Total int
	Hits  []Hit
}

// withResults runs fn with a C result set from the pool (or a new one).
func (idx *Index) withResults(fn func(p *C.govtext_index, r *C.govtext_results) error) error {
	var r *C.govtext_results
	select {
	case r = <-idx.pool:
	default:
		if r = C.govtext_results_new(); r == nil {
			return &Error{Op: "govtext_results_new", Status: ErrNoMem, Msg: "out of memory"}
		}
	}
	err := idx.read(func(p *C.govtext_index) error {
		err := fn(p, r)
		// Back into the pool under the read lock: Close (the write lock)
		// drains the pool, so nothing is put there after it.
		select {
		case idx.pool <- r:
			r = nil
		default:
		}
		return err
	})
	if r != nil {
		C.govtext_results_free(r)
	}
	return err
}

func resultsErr(op string, st C.govtext_status, r *C.govtext_results) error {
	return statusErr(op, st, C.GoString(C.govtext_results_errmsg(r)))
}

func (idx *Index) search(query string, limit int, flags C.uint32_t, snippetChars int) (*Results, error) {
	var co C.govtext_search_options
	if st := C.govtext_search_options_init(&co, C.sizeof_govtext_search_options); st != C.GOVTEXT_OK {
		return nil, statusErr("govtext_search_options_init", st, "")
	}
	switch {
	case limit == SearchAll:
		co.limit = ^C.size_t(0)
	case limit < 0:
		return nil, &Error{Op: "govtext_index_search", Status: ErrInvalidArg,
			Msg: "a negative limit (SearchAll is every hit)"}
	default:
		co.limit = C.size_t(limit)
	}
	if snippetChars < 0 || int64(snippetChars) > 0xFFFFFFFF {
		return nil, &Error{Op: "govtext_index_search", Status: ErrInvalidArg,
			Msg: "snippet characters out of range"}
	}
	co.flags = flags
	co.snippet_chars = C.uint32_t(snippetChars)
	res := &Results{}
	err := idx.withResults(func(p *C.govtext_index, r *C.govtext_results) error {
		st := C.govtext_index_search(p, (*C.char)(stringPtr(query)), C.size_t(len(query)), &co, r)
		runtime.KeepAlive(query)
		if st != C.GOVTEXT_OK {
			return resultsErr("govtext_index_search", st, r)
		}
		res.Total = int(C.govtext_results_total(r))
		if flags&C.GOVTEXT_SEARCH_COUNT_ONLY != 0 {
			return nil
		}
		n := int(C.govtext_results_count(r))
		res.Hits = make([]Hit, n)
		var h C.govtext_hit
		h.struct_size = C.sizeof_govtext_hit
		for i := 0; i < n; i++ {
			if st := C.govtext_results_get(r, C.size_t(i), &h); st != C.GOVTEXT_OK {
				return resultsErr("govtext_results_get", st, r)
			}
			hit := Hit{Doc: int(h.doc), Score: float64(h.score), Occurrences: uint64(h.occurrences),
				SnippetStart: int(h.snippet_start), SnippetEnd: int(h.snippet_end),
				MatchStart: int(h.match_start), MatchEnd: int(h.match_end)}
			hit.ID, _ = docID(p, hit.Doc)
			if flags&C.GOVTEXT_SEARCH_SNIPPETS != 0 {
				var ln C.size_t
				hit.Snippet = goStringN(C.govtext_results_snippet(r, C.size_t(i), &ln), ln)
			}
			res.Hits[i] = hit
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Search runs a query (nil opts: the 10 best hits, no snippets).
// ErrInvalidArg for bad syntax (the message says where), ErrLimit for more
// than 1,024 terms, ErrUnsupported for word: on an index without words.
func (idx *Index) Search(query string, opts *SearchOptions) (*Results, error) {
	var o SearchOptions
	if opts != nil {
		o = *opts
	}
	var flags C.uint32_t
	if o.Snippets {
		flags |= C.GOVTEXT_SEARCH_SNIPPETS
	}
	return idx.search(query, o.Limit, flags, o.SnippetChars)
}

// Count returns the number of documents matching query (no hits are made).
func (idx *Index) Count(query string) (int, error) {
	r, err := idx.search(query, 0, C.GOVTEXT_SEARCH_COUNT_ONLY, 0)
	if err != nil {
		return 0, err
	}
	return r.Total, nil
}

// YearCount is one year's documents and occurrences (Year 0 = unknown).
type YearCount struct {
	Year        int32
	Docs        uint64
	Occurrences uint64
}

// TermStats is how often a query's matches occur: in all, and per year
// (ascending).
type TermStats struct {
	Docs        uint64
	Occurrences uint64
	Years       []YearCount
}

// TermStats returns the documents and occurrences of query's matches in all
// and per year (usually for one string or one word: query).
func (idx *Index) TermStats(query string) (*TermStats, error) {
	out := &TermStats{}
	err := idx.withResults(func(p *C.govtext_index, r *C.govtext_results) error {
		buf := make([]C.govtext_year_count, 64)
		var docs, occ C.uint64_t
		var n C.size_t
		for {
			// Go memory without Go pointers, passed for the call only.
			st := C.govtext_index_term_stats(p, (*C.char)(stringPtr(query)), C.size_t(len(query)), r,
				&docs, &occ, &buf[0], C.size_t(len(buf)), &n)
			runtime.KeepAlive(query)
			if st == C.GOVTEXT_ERR_BUFFER_TOO_SMALL && int(n) > len(buf) {
				buf = make([]C.govtext_year_count, int(n))
				continue
			}
			if st != C.GOVTEXT_OK {
				return resultsErr("govtext_index_term_stats", st, r)
			}
			break
		}
		out.Docs, out.Occurrences = uint64(docs), uint64(occ)
		out.Years = make([]YearCount, int(n))
		for i := range out.Years {
			y := &buf[i]
			out.Years[i] = YearCount{Year: int32(y.year), Docs: uint64(y.docs), Occurrences: uint64(y.occurrences)}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
