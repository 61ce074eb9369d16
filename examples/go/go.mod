module libgovtext.org/examples/loadandrepair

go 1.19

require libgovtext.org/govtext v0.0.0

// The binding from this checkout; no download.
replace libgovtext.org/govtext => ../../bindings/go/govtext
