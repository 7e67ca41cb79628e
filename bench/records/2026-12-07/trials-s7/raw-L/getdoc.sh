#!/bin/bash
# getdoc.sh name url
name=$1; url=$2
base=${url%%\?*}; q=${url#*\?}
curl -s -o $name.html "$url"
href=$(grep -o 'href="[^"]*\.pdf[^"]*"' $name.html | head -1 | sed 's/href="//;s/"$//;s/&amp;/\&/g')
dir=${base%/*}
curl -s -o $name.pdf "$dir/$href"
pdftotext -layout $name.pdf $name.txt && cat $name.txt
