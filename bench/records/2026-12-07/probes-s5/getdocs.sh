#!/bin/sh
# getdocs.sh ID : download every PDF linked from out/ID.txt into docs/ID-*.pdf and pdftotext them
id=$1
grep -o 'http://127.0.0.1:5900/webhooks/widget/documents/[^ "]*' out/$id.txt | sort -u | while read u; do
  case "$u" in
    *.pdf*) pdfs="$u";;
    *.docx*) continue;;
    *) base=$(echo "$u" | sed 's#\(documents/\)\([0-9a-f]*\)?.*#\1#'); pdfs=$(curl -s "$u" | grep -o 'href="[^"]*\.pdf[^"]*"' | sed 's/href="//;s/"$//;s/&amp;/\&/g' | sed "s#^#$base#");;
  esac
  for p in $pdfs; do
    name=$(echo "$p" | sed 's#.*/documents/\([0-9a-f]\{6\}\)[0-9a-f]*/\([^?]*\).*#\1-\2#')
    curl -s -o docs/$id-$name "$p" -w "%{http_code} $id-$name\n"
    pdftotext -layout docs/$id-$name docs/$id-$name.txt 2>/dev/null
  done
done
