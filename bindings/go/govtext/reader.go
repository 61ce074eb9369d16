package govtext

/*
#include <stddef.h>
*/
import "C"

import (
	"io"
	"runtime/cgo"
	"unsafe"
)

// readState is what a govtext_read_fn call reaches through its cgo.Handle.
type readState struct {
	r          io.Reader
	buf        []byte
	eof        bool
	err        error       // the reader's error, reported after the C call
	panicked   bool        // the reader panicked; re-raised after the C call
	panicValue interface{} //
}

// maxReadChunk bounds the Go buffer used per callback.
const maxReadChunk = 1 << 20

// govtextGoRead is the govtext_read_fn behind Doc.LoadReader. It runs on the
// goroutine that called govtext_doc_load_reader. It copies into the C buffer
// (no Go pointer reaches C) and never lets a panic unwind through C frames.
//
//export govtextGoRead
func govtextGoRead(buf unsafe.Pointer, capacity C.size_t, got *C.size_t, user unsafe.Pointer) (rc C.int) {
	st := cgo.Handle(uintptr(user)).Value().(*readState)
	*got = 0
	defer func() {
		if p := recover(); p != nil {
			st.panicked, st.panicValue = true, p
			rc = 1
		}
	}()
	if st.eof || capacity == 0 {
		return 0
	}
	n := maxReadChunk
	if uint64(capacity) < uint64(n) {
		n = int(capacity)
	}
	if len(st.buf) < n {
		st.buf = make([]byte, n)
	}
	// io.Reader may return (0, nil); give up after many such calls, as
	// bufio does.
	for tries := 0; tries < 100; tries++ {
		k, err := st.r.Read(st.buf[:n])
		if k < 0 || k > n {
			st.err = io.ErrShortBuffer
			return 1
		}
		if k > 0 {
			copy(unsafe.Slice((*byte)(buf), k), st.buf[:k])
			*got = C.size_t(k)
		}
		if err == io.EOF {
			st.eof = true
			return 0
		}
		if err != nil {
			st.err = err
			return 1
		}
		if k > 0 {
			return 0
		}
	}
	st.err = io.ErrNoProgress
	return 1
}
