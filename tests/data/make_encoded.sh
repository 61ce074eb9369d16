#!/bin/sh
# Regenerates the encoded twins of gwr-2018-excerpt.utf8.txt with ICU's uconv
# (Debian: icu-devtools).  The traditional-script twin is ICU's
# Simplified-Traditional transliteration, encoded as Big5 (CP950).
set -eu
cd "$(dirname "$0")"
src=gwr-2018-excerpt.utf8.txt
uconv -f utf-8 -t gb18030 --callback stop "$src" > gwr-2018-excerpt.gbk.txt
uconv -f utf-8 -t utf-16le --callback stop "$src" > gwr-2018-excerpt.utf16le.txt
uconv -f utf-8 -t utf-16be --callback stop "$src" > gwr-2018-excerpt.utf16be.txt
uconv -f utf-8 -t utf-8 -x Simplified-Traditional "$src" > gwr-2018-excerpt-hant.utf8.txt
uconv -f utf-8 -t windows-950-2000 --callback stop gwr-2018-excerpt-hant.utf8.txt \
    > gwr-2018-excerpt-hant.big5.txt
printf '中华人民共和国国务院政府工作报告\n' | uconv -f utf-8 -t gb18030 > sample-gbk.txt
