#!/bin/bash
# usage: say.sh K1 "message"
p=$1; shift
n=$(ls /tmp/trials-s7/raw-K/$p.t*.txt 2>/dev/null | wc -l); n=$((n+1))
f=/tmp/trials-s7/raw-K/$p.t$(printf %02d $n).txt
printf '%s\n' "$*" > $f
python3 /work/shared/tools/chat.py --url http://127.0.0.1:5900 --sender k-s7-$p $f | tee -a /tmp/trials-s7/raw-K/$p.log | tail -n +2
