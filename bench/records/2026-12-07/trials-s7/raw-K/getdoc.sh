#!/bin/bash
# getdoc.sh NAME URL  -> downloads landing page then pdf
name=$1; url=$2
base=${url%%\?*}; q=${url#*\?}
curl -s -o $name.html "$url"
pdf=$(python3 -c "import re,sys;s=open('$name.html').read();print([h for h in re.findall(r'href=\"([^\"]+)\"',s) if '.pdf' in h][0].replace('&amp;','&'))")
curl -s -o $name.pdf "$base/${pdf#*/}"
file $name.pdf; pdftotext -layout $name.pdf $name.txt; cat $name.txt
