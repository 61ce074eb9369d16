#!/bin/sh
# Regenerates the OpenCC twins of gwr-2018-excerpt.utf8.txt that the script
# pass's tests convert back (Debian: opencc, libopencc-data).  The ICU twin
# (gwr-2018-excerpt-hant.utf8.txt) comes from make_encoded.sh.
set -eu
cd "$(dirname "$0")"
src=gwr-2018-excerpt.utf8.txt
opencc -c s2t.json -i "$src" -o gwr-2018-excerpt-s2t.txt
opencc -c s2tw.json -i "$src" -o gwr-2018-excerpt-s2tw.txt
