package govtext_test

import (
	"errors"
	"fmt"

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
